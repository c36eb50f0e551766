#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-tools.sh: the kernel's own test tools, taken from Debian's
# linux-source package (never copied into this tree), for the userspace
# tests and the result parser:
#
#   tools/testing/selftests/kselftest_harness.h, kselftest.h
#   tools/testing/selftests/kselftest/ktap_helpers.sh
#   tools/testing/kunit/kunit_parser.py, kunit_printer.py
#
# Extracts them once into the cache, keyed by the package version, and
# prints the directory that holds tools/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

srcpkg=${PHILOX_KSRC_PKG:-linux-source-6.12}
version=$(dpkg-query -W -f='${Version}' "$srcpkg") ||
	die "$srcpkg is not installed (scripts/deps.sh installs it)"
dir=$PHILOX_CACHE/kernel-tools/$srcpkg-$version

if [ ! -f "$dir/.philox-done" ]; then
	tarball=$(ls /usr/src/"$srcpkg".tar.* | head -n 1)
	tmp=$(mktemp -d "$PHILOX_CACHE/kernel-tools.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	log "extracting the selftest harness and kunit parser from $tarball"
	tar -xf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest/ktap_helpers.sh' \
		'*/tools/testing/kunit/kunit_parser.py' \
		'*/tools/testing/kunit/kunit_printer.py'
	touch "$tmp/.philox-done"
	# Another run may have finished first: keep one of the two.
	[ -f "$dir/.philox-done" ] || rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	mv -T "$tmp" "$dir" 2> /dev/null || rm -rf "$tmp"
	trap - EXIT
fi
echo "$dir"
