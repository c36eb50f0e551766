#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# philoxcat_generator_test.sh: philoxcat's NumPy Generator options
# (--random, --integers, --permutation, --shuffle, and --print-seed with
# them) in a test VM (busybox sh), against NumPy's text.
#
# The expected outputs come from NumPy on the host, written by
# gen-philoxcat-generator-expected.py into /philox/data/philoxcat-generator;
# this script computes nothing itself. It prints KTAP with the kernel's
# ktap_helpers.sh, as philoxcat_test.sh does.
#
# PHILOXCAT, PHILOXCAT_GENERATOR_DATA, PHILOXCAT_KTAP and KTAP_HELPERS
# point elsewhere to run it outside the VMs.

pc=${PHILOXCAT:-/bin/philoxcat}
data=${PHILOXCAT_GENERATOR_DATA:-/philox/data/philoxcat-generator}
# shellcheck source=lib/philoxcat_ktap.sh
. "${PHILOXCAT_KTAP:-/philox/lib/philoxcat_ktap.sh}" || exit 1

# expect_same GOT WANT: equal files; else the first differing line.
expect_same()
{
	if ! cmp -s "$1" "$2"; then
		line=$(cmp "$1" "$2" 2>&1 | sed -n 's/.* line \([0-9]*\).*/\1/p')
		note "$(basename "$2") differs at line ${line:-?}:"
		note "  got:  $(sed -n "${line:-1}p" "$1")"
		note "  want: $(sed -n "${line:-1}p" "$2")"
	fi
}

if [ ! -x "$pc" ] || [ ! -f "$data/cases.txt" ]; then
	exec >&4
	ktap_print_header
	ktap_exit_fail_msg "no $pc or no $data/cases.txt"
fi

# Every case of cases.txt: NumPy's exact text, or NumPy's error and exit 2.
while IFS='|' read -r name status opts; do
	if [ -f "$data/$name.in" ]; then
		cp "$data/$name.in" "$tmp/in"
	else
		: > "$tmp/in"
	fi
	# shellcheck disable=SC2086 # the options are words
	run $opts < "$tmp/in"
	expect_rc "$status"
	expect_same "$tmp/out" "$data/$name.out"
	if [ "$status" = 2 ]; then
		want=$(cat "$data/$name.err")
		grep -qF -- "$want" "$tmp/err" ||
			note "stderr lacks '$want': $(head -c 200 "$tmp/err")"
	fi
	short=$(echo "$opts" | sed 's/^--seed [0-9]* //' | cut -c 1-60)
	done_check "$name: $short"
done < "$data/cases.txt"

# --print-seed: the Generator line on stderr, the draws on stdout.
: > "$tmp/in"
while IFS='|' read -r name opts line; do
	# shellcheck disable=SC2086
	run $opts --print-seed < "$tmp/in"
	expect_rc 0
	expect_same "$tmp/out" "$data/print-seed-$name.out"
	printf '%s\n' "$line" > "$tmp/want"
	cmp -s "$tmp/err" "$tmp/want" ||
		note "stderr: $(head -c 300 "$tmp/err"), want: $line"
	done_check "--print-seed with --random: the Generator line ($name)"
done < "$data/print-seed.txt"

# A fresh seed: the words --print-seed names give the same draws again.
run --print-seed --integers 50 --high 1000000 < "$tmp/in"
expect_rc 0
cp "$tmp/out" "$tmp/fresh"
words=$(sed -n 's/.*numpy.array(\[\([0-9, ]*\)\].*/\1/p' "$tmp/err" | tr -d ' ')
run --entropy "$words" --integers 50 --high 1000000 < "$tmp/in"
expect_rc 0
expect_same "$tmp/out" "$tmp/fresh"
done_check "--print-seed of a fresh seed gives its integers back"

# Usage errors: exit 2, nothing on stdout.
for opts in "--random 1 --integers 1 --high 5" "--random 1 --bytes 8" \
	"--random 1 --low 3" "--integers 1" "--integers 1 --high x" \
	"--integers 1 --high 5 --dtype float64" "--random -1" \
	"--permutation 1 --shuffle"; do
	# shellcheck disable=SC2086
	run --seed 1 $opts < "$tmp/in"
	expect_rc 2
	[ -s "$tmp/out" ] && note "stdout not empty: $(head -c 100 "$tmp/out")"
	done_check "usage error, exit 2: $opts"
done

# A closed pipe: success, as with the byte stream.
{ "$pc" --seed 1 --random 1000000 2> "$tmp/err"; echo $? > "$tmp/rc"; } |
	head -n 3 > "$tmp/out"
rc=$(cat "$tmp/rc")
expect_rc 0
[ "$(wc -l < "$tmp/out")" = 3 ] || note "$(wc -l < "$tmp/out") lines, want 3"
done_check "philoxcat --random 1000000 | head -n 3: exit 0"

run --help < "$tmp/in"
grep -q -- '--integers N --low L --high H' "$tmp/out" ||
	note "--help does not list --integers"
done_check "--help lists the Generator options"

finish
