# SPDX-License-Identifier: GPL-2.0
#
# philoxcat_ktap.sh: what the philoxcat shell tests share, sourced by
# them (busybox sh in the test VMs; scripts/vm/mkinitramfs.sh puts it in
# /philox/lib beside the kernel's ktap_helpers.sh).
#
# It sources ktap_helpers.sh (KTAP_HELPERS, default
# /philox/lib/ktap_helpers.sh), makes the scratch directory $tmp, removed
# at exit by cleanup() (which a test may redefine), and holds the results
# back until finish, which knows the plan. A check is notes, each saying
# what differed, then done_check DESC.

# shellcheck source=/dev/null
. "${KTAP_HELPERS:-/philox/lib/ktap_helpers.sh}" || exit 1
set -f	# descriptions go through ktap_helpers' unquoted echo
tmp=$(mktemp -d "/tmp/${0##*/}.XXXXXX") || exit 1
cleanup()
{
	rm -rf "$tmp"
}
trap cleanup EXIT
notes=$tmp/notes
: > "$notes"

# The number of checks is known at the end: the results wait in a file,
# and the plan goes before them.
exec 4>&1 > "$tmp/results"
finish()
{
	exec >&4
	ktap_print_header
	ktap_set_plan $((KTAP_TESTNO - 1))
	cat "$tmp/results"
	ktap_finished
}

# note TEXT...: why the current check fails
note()
{
	echo "$*" >> "$notes"
}

# done_check DESC: the check's result, after its notes if any.
done_check()
{
	if [ -s "$notes" ]; then
		sed 's/^/# /' "$notes"
		ktap_test_fail "$1"
	else
		ktap_test_pass "$1"
	fi
	: > "$notes"
}

# run ARGS...: philoxcat ($pc) with stdout in $tmp/out, stderr in
# $tmp/err, and the exit status in $rc; standard input is the caller's.
run()
{
	"$pc" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
}

# show FILE [N]: a file's first N lines (5) as notes
show()
{
	head -n "${2:-5}" "$1" | while IFS= read -r l; do note "  $l"; done
}

# expect_rc N: the exit status of the last run, its stderr if not.
expect_rc()
{
	if [ "$rc" != "$1" ]; then
		note "exit status $rc, want $1"
		[ -s "$tmp/err" ] && { note "stderr:"; show "$tmp/err"; }
	fi
}
