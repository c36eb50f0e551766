#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stage.sh WHAT STAGE ...: the steps of a stage's recipe in
# scripts/check.mk. Result lines go to $PHILOX_OUT/results/STAGE.part
# while the stage runs, and to $PHILOX_OUT/results/STAGE when it is done:
# the stamp that the stages after it wait for.
#
#   begin STAGE                    a fresh results file, the start time
#   check STAGE DESC LOG CMD...    CMD as one check; on with the stage
#   need STAGE DESC LOG CMD...     the same, but the stage stops if it fails
#   run STAGE CMD...               CMD prints its own result lines
#   end STAGE                      the stage's time; its stamp
set -uo pipefail

. "$(dirname "$0")/lib.sh"

what=$1 stage=$2
shift 2
results=$PHILOX_OUT/results
export PHILOX_RESULTS=$results/$stage.part
# The stages' own makes (kbuild, the userspace tests) are not check.mk's.
unset MAKEFLAGS MFLAGS MAKELEVEL

case "$what" in
begin)
	mkdir -p "$results" "$PHILOX_OUT/logs"
	: > "$PHILOX_RESULTS"
	date +%s > "$results/.$stage.start"
	log "stage $stage" ;;
check)
	check "$1" "$PHILOX_OUT/logs/$2" "${@:3}"
	exit 0 ;;
need)
	check "$1" "$PHILOX_OUT/logs/$2" "${@:3}" || {
		fail "$stage: the stages that need it do not run"
		exit 1
	} ;;
run)
	"$@" || {
		rc=$?
		fail "$stage: $1 exited with $rc"
		exit "$rc"
	} ;;
end)
	took=$(($(date +%s) - $(cat "$results/.$stage.start")))
	echo "$stage $took" >> "$PHILOX_OUT/times"
	log "stage $stage took $took s"
	mv "$PHILOX_RESULTS" "$results/$stage" ;;
*)
	die "stage.sh: unknown $what" ;;
esac
