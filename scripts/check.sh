#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [STAGE...]: the test command behind `make check`. Runs the stages
# of scripts/check.mk (all, or those named, with what they need) with
# make -j3 (see check.mk), then prints each stage's time, the failed checks and, last,
# "N passed, N failed, N skipped"; exits non-zero on any failure.
#
# Every check is one line "ok - ..." or "not ok - ..." (with "# SKIP" if
# skipped): the host's checks, and every test case of the VMs' KTAP (KUnit,
# the selftests, the shell tests), which scripts/vm/vm-results.py turns
# into such lines, with a check that the VM's kernel log holds no splat.
# Documentation/testing.rst describes the stages and the targets.
set -uo pipefail

. "$(dirname "$0")/lib.sh"

PHILOX_OUT=${PHILOX_BUILD_DIR:-$PHILOX_TOP/build}
export PHILOX_OUT
mkdir -p "$PHILOX_OUT"
rm -rf "$PHILOX_OUT/results" "$PHILOX_OUT/times" "$PHILOX_OUT/kernels"
mkdir -p "$PHILOX_OUT/results" "$PHILOX_OUT/logs"
: > "$PHILOX_OUT/times"

# A stage is its stamp: check.mk's targets are paths under results/.
start=$(date +%s)
make -j"${PHILOX_JOBS:-3}" -k -O --no-print-directory \
	-f "$PHILOX_SCRIPTS/check.mk" "${@/#/$PHILOX_OUT/results/}" 2>&1
echo "make check: $(($(date +%s) - start)) s in all; the stages:"
sort -k2 -n -r "$PHILOX_OUT/times" | awk '{ printf "  %-24s %5d s\n", $1, $2 }'

# Every stage's lines, those of a stage that stopped (.part) too.
results=$PHILOX_OUT/results.txt
cat "$PHILOX_OUT"/results/* 2> /dev/null | grep -v '^#' > "$results"
passed=$(grep '^ok - ' "$results" | grep -vc '# SKIP')
skipped=$(grep '^ok - ' "$results" | grep -c '# SKIP')
failed=$(grep -c '^not ok - ' "$results")
if [ "$failed" -gt 0 ]; then
	echo "Failed checks:"
	grep '^not ok - ' "$results"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
