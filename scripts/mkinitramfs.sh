#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT MODULE_DIR [TEST_DIR]: a busybox initramfs that runs
# scripts/vm-init.sh with the modules of MODULE_DIR (*.ko), the static test
# programs and data of TEST_DIR (bin/, data/) under /philox, its tools/
# (philoxcat) in /bin and root/ (perf, for make bench) over the root; the
# kernel's ktap_helpers.sh (from scripts/kernel-source.sh) and what the
# shell tests share (userspace-tests/lib/) in /philox/lib;
# PHILOX_GUEST_KMOD, a directory of scripts/guest-modules.sh, in
# /philox/kmod.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=$1 moddir=$2 testdir=${3:-}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

ktools=$("$here/kernel-source.sh")
mkdir -p "$root"/{bin,dev,proc,sys,tmp,philox/tests,philox/data,philox/lib}
cp /bin/busybox "$root/bin/busybox"
cp "$ktools/tools/testing/selftests/kselftest/ktap_helpers.sh" "$root/philox/lib/"
cp "$(dirname "$here")"/userspace-tests/lib/*.sh "$root/philox/lib/"
# The bulk generators' names, from the one table of them (the module's).
sed -n 's/^[[:space:]]*{ "\([a-z0-9]*\)", philox_.*/\1/p' \
	"$(dirname "$here")/module/philox_bulk.c" > "$root/philox/impls"
[ -s "$root/philox/impls" ] || die "no implementation names in module/philox_bulk.c"
cp "$here/vm-init.sh" "$root/init"
chmod 755 "$root/init"
cp "$moddir"/*.ko "$root/philox/"
if [ -n "${PHILOX_GUEST_KMOD:-}" ]; then
	cp -a "$PHILOX_GUEST_KMOD" "$root/philox/kmod"
fi
if [ -n "$testdir" ]; then
	[ -d "$testdir/bin" ] && cp -a "$testdir/bin/." "$root/philox/tests/"
	[ -d "$testdir/data" ] && cp -a "$testdir/data/." "$root/philox/data/"
	[ -d "$testdir/tools" ] && cp -a "$testdir/tools/." "$root/bin/"
	[ -d "$testdir/root" ] && cp -a "$testdir/root/." "$root/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
