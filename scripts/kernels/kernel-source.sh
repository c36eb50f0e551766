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
. "$here/../lib.sh"

srcpkg=${PHILOX_KSRC_PKG:-linux-source-6.12}
version=$(dpkg-query -W -f='${Version}' "$srcpkg") ||
	die "$srcpkg is not installed (scripts/checks/deps.sh installs it)"
dir=$PHILOX_CACHE/kernel-source/$srcpkg-$version

unpack()
{
	local tarball

	tarball=$(ls /usr/src/"$srcpkg".tar.* | head -n 1)
	log "unpacking $tarball"
	tar -xf "$tarball" -C "$1" --strip-components=1
}
cached "$dir" unpack || die "cannot unpack $srcpkg"
echo "$dir"
