#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-source.sh: Debian's linux-source tarball (linux-source-6.12, or
# PHILOX_KSRC_PKG), extracted once into the cache, keyed by the package
# version. Prints the source directory.
#
# The debug, KCSAN and clang kernels build from this one tree, each in its
# own O= directory, which leaves the source untouched. The kernel's own
# test tools are used from it, never copied into this tree:
#
#   tools/testing/selftests/kselftest_harness.h, kselftest.h
#   tools/testing/selftests/kselftest/ktap_helpers.sh
#   tools/testing/kunit/kunit_parser.py, kunit_printer.py
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

srcpkg=${PHILOX_KSRC_PKG:-linux-source-6.12}
version=$(dpkg-query -W -f='${Version}' "$srcpkg") ||
	die "$srcpkg is not installed (scripts/deps.sh installs it)"
dir=$PHILOX_CACHE/kernel-source/$srcpkg-$version

# The first caller unpacks; the others wait on the lock and find it done.
mkdir -p "$(dirname "$dir")"
exec 9> "$dir.lock"
flock 9
if [ ! -f "$dir/.philox-done" ]; then
	tarball=$(ls /usr/src/"$srcpkg".tar.* | head -n 1)
	log "unpacking $tarball"
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xf "$tarball" -C "$dir" --strip-components=1
	touch "$dir/.philox-done"
fi
echo "$dir"
