#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel build directory `make` builds against when KDIR is not given:
# the running kernel's, else the newest Debian headers installed (the
# generic flavour before -rt and -cloud).
running=/lib/modules/$(uname -r)/build
if [ -d "$running" ]; then
	echo "$running"
	exit 0
fi
all=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)
generic=$(echo "$all" | grep -v -e '-rt-amd64$' -e '-cloud-amd64$')
echo "${generic:-$all}" | tail -n 1
