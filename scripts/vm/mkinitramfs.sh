#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT TARGET MODULE_DIR STEPS [TEST_DIR]: the initramfs of a
# test VM of TARGET (scripts/targets): its architecture's static busybox,
# scripts/guest/init.sh as /init running the steps of the file STEPS, the
# modules of MODULE_DIR (*.ko) and the kernel's ktap_helpers.sh (from
# scripts/kernels/kernel-source.sh) with what the shell tests share
# (userspace-tests/lib/) in /philox/lib. From TEST_DIR: bin/ (the static
# programs) in /philox/tests, data/ in /philox/data, tools/ (philoxcat)
# in /bin, root/ over the root. PHILOX_GUEST_KMOD, a directory of
# scripts/kernels/guest-modules.sh, goes to /philox/kmod; PHILOX_IMPLS,
# the names of the bulk generators (bench/native impls), to /philox/impls.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

out=$1 name=$2 moddir=$3 steps=$4 testdir=${5:-}
target "$name"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

ktools=$("$PHILOX_SCRIPTS/kernels/kernel-source.sh")
read -r _ busybox _ < <("$PHILOX_SCRIPTS/kernels/toolchain.sh" "$name")
mkdir -p "$root"/{bin,dev,proc,sys,tmp,philox/tests,philox/data,philox/lib}
cp "$busybox" "$root/bin/busybox"
install -m 755 "$PHILOX_SCRIPTS/guest/init.sh" "$root/init"
cp "$ktools/tools/testing/selftests/kselftest/ktap_helpers.sh" \
	"$PHILOX_TOP"/userspace-tests/lib/*.sh "$root/philox/lib/"
echo "${T_RESULTS:-console}" > "$root/philox/port"
cp "$steps" "$root/philox/steps"
: > "$root/philox/impls"
[ -z "${PHILOX_IMPLS:-}" ] || cp "$PHILOX_IMPLS" "$root/philox/impls"
cp "$moddir"/*.ko "$root/philox/"
[ -z "${PHILOX_GUEST_KMOD:-}" ] || cp -a "$PHILOX_GUEST_KMOD" "$root/philox/kmod"
if [ -n "$testdir" ]; then
	[ -d "$testdir/bin" ] && cp -a "$testdir/bin/." "$root/philox/tests/"
	[ -d "$testdir/data" ] && cp -aL "$testdir/data/." "$root/philox/data/"
	[ -d "$testdir/tools" ] && cp -aL "$testdir/tools/." "$root/bin/"
	[ -d "$testdir/root" ] && cp -a "$testdir/root/." "$root/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
