#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel.sh TARGET: the kernel of TARGET (scripts/targets), whatever its
# kind: Debian's (debian-kernel.sh), built from source (source-kernel.sh)
# or prepared with clang (clang-kernel.sh, nothing to boot). Prints
# "KDIR VMLINUZ".
#
# Within one run of make check (PHILOX_OUT) the answer is kept in
# PHILOX_OUT/kernels/TARGET: the module is built against, and booted with,
# the same kernel even if Debian's archive moved on meanwhile.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

kept=${PHILOX_OUT:+$PHILOX_OUT/kernels/$1}
if [ -n "$kept" ] && [ -s "$kept" ]; then
	cat "$kept"
	exit 0
fi
target "$1"
case "$T_KERNEL" in
debian)	found=$("$here/debian-kernel.sh" "$1") ;;
source)	kdir=$("$here/source-kernel.sh" "$T_PACKAGE")
	found="$kdir $kdir/arch/x86/boot/bzImage" ;;
clang)	found="$("$here/clang-kernel.sh") -" ;;
*)	die "$1: unknown kernel kind $T_KERNEL" ;;
esac
if [ -n "$kept" ]; then
	mkdir -p "$(dirname "$kept")"
	echo "$found" > "$kept.$$" && mv "$kept.$$" "$kept"
fi
echo "$found"
