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

. "$(dirname "$0")/lib.sh"

duration=${1:-600}
kernel=${PHILOX_SOAK_KERNEL:-debug}
top=$PHILOX_TOP
out=${PHILOX_BUILD_DIR:-$top/build}/soak
export PHILOX_OUT=$out
mkdir -p "$out/logs"

case "$duration" in
'' | *[!0-9]*) die "DURATION must be whole seconds, not '$duration'" ;;
esac
"$PHILOX_SCRIPTS/kernels/build-module.sh" "$kernel" "$out/module/$kernel" \
	> "$out/logs/build.log" 2>&1 ||
	die "philox.ko does not build (log: $out/logs/build.log)"
make -C "$top/bench" OUT="$out/bench" "$out/bench/native" > "$out/logs/native.log" 2>&1 ||
	die "bench/native does not build (log: $out/logs/native.log)"
make -C "$top/userspace-tests" OUT="$out/userspace" > "$out/logs/userspace.log" 2>&1 ||
	die "the userspace tests do not build (log: $out/logs/userspace.log)"
rm -rf "$out/tests"
mkdir -p "$out/tests/bin"
cp "$out/userspace/bin/soak_test" "$out/tests/bin/"
ln -s "$out/userspace/data" "$out/tests/data"

log "soaking for $duration s on the $kernel kernel"
start=$(date +%s)
steps="insmod soak_test rmmod"
[ "$kernel" != kcsan ] || steps="$steps kcsan"
: > "$out/results.txt"
# shellcheck disable=SC2086
PHILOX_VM_TIMEOUT=$((duration + 1800)) PHILOX_VM_APPEND="philox_soak=$duration" \
	PHILOX_RESULTS=$out/results.txt \
	"$PHILOX_SCRIPTS/vm/vm-stage.sh" "soak-$kernel" "$kernel" "$out/tests" \
	$steps 2> "$out/logs/vm.log"
cat "$out/results.txt"
echo "# soak on the $kernel kernel, VM $(($(date +%s) - start)) s:"
sed -n 's/^ *soak: /# /p; s/^# \(setup_watchpoints\|data_races\): /# KCSAN \1: /p' \
	"$out/logs/soak-$kernel.results.log"
! grep -q '^not ok' "$out/results.txt"
