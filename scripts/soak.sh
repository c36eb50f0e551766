#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh SECONDS: `make soak DURATION=SECONDS`, outside make check. Boots
# the debug kernel (PHILOX_SOAK_KERNEL=kcsan for the KCSAN kernel) with
# userspace-tests/soak_test for SECONDS: threads and a forked child share
# a file with reads of every size and SEED, RESEED, SET_STATE, ADVANCE and
# JUMP, beside open/close churn; it ends by checking 8 MiB of the stream
# against NumPy's. Prints the result lines and what the soak did; exits
# non-zero on any failure or kernel splat. Logs in build/soak/logs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

duration=${1:-600}
kernel=${PHILOX_SOAK_KERNEL:-debug}
out=${PHILOX_BUILD_DIR:-$top/build}/soak
mkdir -p "$out/logs"

case "$duration" in
'' | *[!0-9]*) die "DURATION must be whole seconds, not '$duration'" ;;
esac
kdir=$("$here/debug-kernel.sh" "$here/$kernel-kernel.config") ||
	die "the $kernel kernel does not build"
"$here/build-module.sh" "$kdir" "$out/module" > "$out/logs/build.log" 2>&1 ||
	die "philox.ko does not build (log: $out/logs/build.log)"
make -C "$top/userspace-tests" OUT="$out/userspace" > "$out/logs/userspace.log" 2>&1 ||
	die "the userspace tests do not build (log: $out/logs/userspace.log)"
rm -rf "$out/tests"
mkdir -p "$out/tests/bin"
cp "$out/userspace/extra/soak_test" "$out/tests/bin/"
ln -s "$out/userspace/data" "$out/tests/data"
"$here/mkinitramfs.sh" "$out/soak.cpio.gz" "$out/module" "$out/tests"

log "soaking for $duration s on the $kernel kernel"
start=$(date +%s)
PHILOX_VM_TIMEOUT=$((duration + 1800)) PHILOX_VM_APPEND="philox_soak=$duration" \
	"$here/run-vm.sh" "soak-$kernel" "$kdir/arch/x86/boot/bzImage" \
	"$out/soak.cpio.gz" "$out/logs" > "$out/results.txt"
cat "$out/results.txt"
echo "# soak on the $kernel kernel, VM $(($(date +%s) - start)) s:"
sed -n 's/^ *soak: /# /p; s/^# \(setup_watchpoints\|data_races\): /# KCSAN \1: /p' \
	"$out/logs/soak-$kernel.results.log"
! grep -q '^not ok' "$out/results.txt"
