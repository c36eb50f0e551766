#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# disk_bench.sh: philoxcat's disk options timed in the bench VM (busybox
# sh), as ratios measured in one boot, each a KTAP test against the goal
# of issue 21:
#
#   verify of a file        >= 0.9 of min(reads of that file, device reads),
#                           with --jobs 2 (one part a vCPU)
#   --jobs 2                >= 1.8 x --jobs 1 (a verify, 2 vCPUs)
#
# A part reads the device and then the file, one after the other: with
# --jobs 1 a verify takes the sum of both reads' times, and the parts of
# --jobs N overlap them on N CPUs.
#   --report                <= 1.05 x the time of a plain --verify (which
#                           stops at the first difference), nothing bad
#
# The file is in tmpfs; times come from /proc/uptime (10 ms), over runs of
# a second or more, the best of REPEAT. DISK_BENCH_MB sets the file's size.

pc=${PHILOXCAT:-/bin/philoxcat}
mb=${DISK_BENCH_MB:-256}
repeat=3
# shellcheck source=/dev/null
. "${KTAP_HELPERS:-/philox/lib/ktap_helpers.sh}" || exit 1
set -f
tmp=$(mktemp -d /tmp/disk_bench.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
file=$tmp/file
bytes=$((mb * 1048576))

now_cs()
{
	read -r up _ < /proc/uptime
	echo "${up%.*}${up#*.}"
}

# best_cs COMMAND...: the fewest centiseconds of REPEAT runs.
best_cs()
{
	best=
	i=0
	while [ $i -lt $repeat ]; do
		t0=$(now_cs)
		"$@" > /dev/null 2>&1
		t=$(($(now_cs) - t0))
		[ "$t" -gt 0 ] || t=1
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

# Two device readers at once: what the VM's CPUs give in parallel.
two_readers()
{
	dd if=/dev/philox of=/dev/null bs=1048576 count="$mb" &
	dd if=/dev/philox of=/dev/null bs=1048576 count="$mb"
	wait
}

mbps()
{
	echo $((bytes * 100 / $1 / 1000000))
}

# ratio A B: A / B to two decimals, as "0.95"
ratio()
{
	r=$(($1 * 100 / $2))
	printf '%d.%02d' $((r / 100)) $((r % 100))
}

ktap_print_header
ktap_set_plan 3
"$pc" --seed 1 --bytes "$bytes" --output "$file" || ktap_exit_fail_msg "cannot write $file"

file_cs=$(best_cs dd if="$file" of=/dev/null bs=1048576)
dev_cs=$(best_cs dd if=/dev/philox of=/dev/null bs=1048576 count="$mb")
dev2_cs=$(best_cs two_readers)
v0_cs=$(best_cs "$pc" --seed 1 --verify "$file")
v1_cs=$(best_cs "$pc" --seed 1 --verify "$file" --jobs 1)
v2_cs=$(best_cs "$pc" --seed 1 --verify "$file" --jobs 2)
vr_cs=$(best_cs "$pc" --seed 1 --verify "$file" --jobs 1 --report "$tmp/r")
[ -s "$tmp/r" ] && ktap_print_msg "the report is not empty"

ktap_print_msg "$mb MiB in tmpfs, best of $repeat, centiseconds: file reads $file_cs, device reads $dev_cs, verify --jobs 1 $v1_cs, --jobs 2 $v2_cs, --jobs 1 --report $vr_cs, plain --verify $v0_cs"
ktap_print_msg "MB/s: file reads $(mbps "$file_cs"), device reads $(mbps "$dev_cs") (two readers at once $(($(mbps "$dev2_cs") * 2)) in all), verify --jobs 1 $(mbps "$v1_cs"), --jobs 2 $(mbps "$v2_cs"), with --report $(mbps "$vr_cs"), plain --verify $(mbps "$v0_cs")"

slow=$file_cs
[ "$dev_cs" -gt "$slow" ] && slow=$dev_cs
r=$(ratio "$slow" "$v2_cs")
desc="verify --jobs 2 at $r of min(file reads, device reads), goal 0.9"
if [ $((slow * 100)) -ge $((v2_cs * 90)) ]; then
	ktap_test_pass "$desc"
else
	ktap_test_fail "$desc"
fi
r=$(ratio "$v1_cs" "$v2_cs")
desc="verify --jobs 2 at $r x --jobs 1, goal 1.8"
if [ $((v1_cs * 100)) -ge $((v2_cs * 180)) ]; then
	ktap_test_pass "$desc"
else
	ktap_test_fail "$desc"
fi
r=$(ratio "$vr_cs" "$v0_cs")
desc="verify --report takes $r x the time of a plain verify, goal 1.05"
if [ $((vr_cs * 100)) -le $((v0_cs * 105)) ]; then
	ktap_test_pass "$desc"
else
	ktap_test_fail "$desc"
fi
ktap_finished
