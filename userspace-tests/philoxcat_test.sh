#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# philoxcat_test.sh: checks of philoxcat(1) in a test VM (busybox sh).
#
# The expected streams come from NumPy on the host, written by
# gen-philoxcat-expected.py into /philox/data/philoxcat; this script never
# computes Philox itself. It prints KTAP with the kernel's ktap_helpers.sh
# (tools/testing/selftests/kselftest/, copied into the VMs at build time):
# one test per check, "#" lines before a failed one saying what differed,
# and the exit status of ktap_finished.
#
# PHILOXCAT (default /bin/philoxcat), PHILOXCAT_DATA (default
# /philox/data/philoxcat), PHILOXCAT_KTAP (default
# /philox/lib/philoxcat_ktap.sh, what the philoxcat tests share) and
# KTAP_HELPERS point elsewhere to run it outside the VMs.

pc=${PHILOXCAT:-/bin/philoxcat}
data=${PHILOXCAT_DATA:-/philox/data/philoxcat}
# shellcheck source=lib/philoxcat_ktap.sh
. "${PHILOXCAT_KTAP:-/philox/lib/philoxcat_ktap.sh}" || exit 1

# expect_same GOT WANT: two files are byte for byte equal.
expect_same()
{
	if ! cmp "$1" "$2" > "$tmp/cmp" 2>&1; then
		note "$(basename "$1") differs from $(basename "$2"):"
		show "$tmp/cmp"
	fi
}

# expect_text FILE TEXT: FILE is the one line TEXT.
expect_text()
{
	printf '%s\n' "$2" > "$tmp/want"
	if ! cmp -s "$1" "$tmp/want"; then
		note "got:  $(head -c 400 "$1")"
		note "want: $2"
	fi
}

# expect_size FILE N
expect_size()
{
	size=$(wc -c < "$1")
	[ "$size" = "$2" ] || note "$(basename "$1"): $size bytes, want $2"
}

if [ ! -x "$pc" ] || [ ! -f "$data/streams.txt" ]; then
	exec >&4
	ktap_print_header
	ktap_exit_fail_msg "no $pc or no $data/streams.txt"
fi
if [ ! -c /dev/philox ]; then
	exec >&4
	ktap_print_header
	ktap_exit_fail_msg "/dev/philox is not a character device"
fi

# Every stream of streams.txt: the first bytes of NAME.bin.
while IFS='|' read -r name desc opts; do
	size=$(wc -c < "$data/$name.bin")
	# shellcheck disable=SC2086 # the options are words
	run $opts --bytes "$size"
	expect_rc 0
	expect_same "$tmp/out" "$data/$name.bin"
	done_check "$desc"
done < "$data/streams.txt"

want=$data/seed-12345.bin

# --bytes with suffixes and buffer-spanning sizes
big=$(cat "$data/seed-12345-big-bytes")
run --seed 12345 --bytes "$big"
expect_rc 0
expect_size "$tmp/out" "$big"
sha256sum < "$tmp/out" > "$tmp/sum"
expect_same "$tmp/sum" "$data/seed-12345.sha256"
done_check "--bytes $big (over three 1 MiB buffers) is NumPy's stream"

for n in 4K 4KiB; do
	run --seed 12345 --bytes $n
	expect_rc 0
	expect_same "$tmp/out" "$want"
	done_check "--bytes $n is 4096 bytes"
done
for n in 1M 1MiB 0x100000; do
	run --seed 12345 --bytes $n
	expect_rc 0
	expect_size "$tmp/out" 1048576
	head -c 4096 "$tmp/out" > "$tmp/head"
	expect_same "$tmp/head" "$want"
	done_check "--bytes $n is 1048576 bytes"
done
# G and T without writing them: the file ends first, and the progress
# line tells the total.
for n in 1G 1GiB 2T 1TiB; do
	case $n in
	1G*) total="1.00 GiB" ;;
	2T) total="2.00 TiB" ;;
	*) total="1.00 TiB" ;;
	esac
	run --seed 12345 --bytes $n --verify "$want" --progress
	expect_rc 1
	expect_text "$tmp/out" "philoxcat: $want: first difference at byte 4096 (end of file)"
	grep -q "of $total" "$tmp/err" ||
		note "no 'of $total' on stderr: $(head -c 200 "$tmp/err")"
	done_check "--bytes $n expects $total, more than the 4096 bytes of a file"
done
run --seed 12345 --bytes 0
expect_rc 0
expect_size "$tmp/out" 0
done_check "--bytes 0 writes nothing"

# --bytes N against head -c N of the endless stream
for n in 1 31 33 1048575 1048577 2500001; do
	run --seed 987654321 --bytes $n
	expect_rc 0
	{ "$pc" --seed 987654321 | head -c $n; } > "$tmp/head" 2> "$tmp/err"
	expect_same "$tmp/out" "$tmp/head"
	expect_size "$tmp/out" $n
	done_check "--bytes $n is head -c $n of the stream"
done

# --print-seed: the exact line, on stdout with --bytes 0
while IFS='|' read -r name opts line; do
	# shellcheck disable=SC2086
	run $opts --print-seed --bytes 0
	expect_rc 0
	expect_text "$tmp/out" "$line"
	[ -s "$tmp/err" ] && { note "stderr:"; show "$tmp/err"; }
	short=$(echo "$opts" | cut -c 1-50)
	[ "$short" = "$opts" ] || short="$short..."
	done_check "--print-seed $short: the exact NumPy line ($name)"
done < "$data/print-seed.txt"

run --seed 12345 --print-seed --bytes 4096
expect_rc 0
expect_same "$tmp/out" "$want"
expect_text "$tmp/err" "$(grep '^seed|' "$data/print-seed.txt" | cut -d '|' -f 3)"
done_check "--print-seed goes to stderr when bytes are written"

# The fresh seed of the device: --print-seed names words that give the
# same stream again through --entropy (checked against NumPy above).
entropy_of()
{
	sed -n 's/.*numpy.array(\[\([0-9, ]*\)\].*/\1/p' "$1" | tr -d ' '
}
run --print-seed --bytes 4096
expect_rc 0
cp "$tmp/out" "$tmp/fresh"
words=$(entropy_of "$tmp/err")
case $words in
*,*,*,*) ;;
*) note "no four entropy words in: $(cat "$tmp/err")" ;;
esac
run --entropy "$words" --bytes 4096
expect_rc 0
expect_same "$tmp/out" "$tmp/fresh"
done_check "--print-seed of a fresh seed gives its stream back"

run --spawn-key 5,6 --pool-size 8 --print-seed --bytes 4096
expect_rc 0
cp "$tmp/out" "$tmp/fresh"
words=$(entropy_of "$tmp/err")
grep -q 'spawn_key=(5, 6), pool_size=8))$' "$tmp/err" ||
	note "no spawn key and pool size in: $(cat "$tmp/err")"
run --entropy "$words" --spawn-key 5,6 --pool-size 8 --bytes 4096
expect_rc 0
expect_same "$tmp/out" "$tmp/fresh"
done_check "--spawn-key and --pool-size alone reseed the fresh entropy"

run --counter 0x10 --print-seed --bytes 4096
expect_rc 0
cp "$tmp/out" "$tmp/fresh"
words=$(entropy_of "$tmp/err")
grep -q ', counter=0x10)$' "$tmp/err" ||
	note "no counter in: $(cat "$tmp/err")"
run --entropy "$words" --counter 16 --bytes 4096
expect_rc 0
expect_same "$tmp/out" "$tmp/fresh"
done_check "--counter alone keeps the fresh seed"

# --verify
"$pc" --seed 4242 --bytes 1048583 > "$tmp/disk" 2> "$tmp/err"
run --seed 4242 --verify "$tmp/disk"
expect_rc 0
expect_text "$tmp/out" "philoxcat: $tmp/disk: 1048583 bytes match"
done_check "--verify of an intact file: N bytes match, exit 0"

run --seed 4242 --verify - < "$tmp/disk"
expect_rc 0
expect_text "$tmp/out" "philoxcat: -: 1048583 bytes match"
done_check "--verify - reads standard input"

run --seed 4243 --verify "$tmp/disk"
expect_rc 1
grep -q "^philoxcat: $tmp/disk: first difference at byte [0-9]*\$" "$tmp/out" ||
	note "got: $(cat "$tmp/out")"
done_check "--verify with another seed differs, exit 1"

printf '\377' | dd of="$tmp/disk" bs=1 seek=1000000 conv=notrunc 2> /dev/null
run --seed 4242 --bytes 1000000 --verify "$tmp/disk"
expect_rc 0
expect_text "$tmp/out" "philoxcat: $tmp/disk: 1000000 bytes match"
done_check "--verify --bytes compares only the first N bytes"

# The byte written may be the one that was there; flip it if so.
run --seed 4242 --verify "$tmp/disk"
if [ "$rc" = 0 ]; then
	printf '\000' | dd of="$tmp/disk" bs=1 seek=1000000 conv=notrunc 2> /dev/null
	run --seed 4242 --verify "$tmp/disk"
fi
expect_rc 1
expect_text "$tmp/out" "philoxcat: $tmp/disk: first difference at byte 1000000"
done_check "--verify finds a corrupted byte: first difference at byte 1000000"

run --seed 4242 --bytes 1M --verify - < "$tmp/disk"
expect_rc 1
expect_text "$tmp/out" "philoxcat: -: first difference at byte 1000000"
done_check "--verify - finds it too"

head -c 1000 "$tmp/disk" > "$tmp/short"
run --seed 4242 --bytes 2000 --verify "$tmp/short"
expect_rc 1
expect_text "$tmp/out" "philoxcat: $tmp/short: first difference at byte 1000 (end of file)"
done_check "--verify --bytes: a shorter file differs at its end"

run --seed 4242 --verify "$tmp/short"
expect_rc 0
expect_text "$tmp/out" "philoxcat: $tmp/short: 1000 bytes match"
done_check "--verify without --bytes: a short file matches as far as it goes"

: > "$tmp/empty"
run --seed 4242 --verify "$tmp/empty"
expect_rc 0
expect_text "$tmp/out" "philoxcat: $tmp/empty: 0 bytes match"
done_check "--verify of an empty file"

run --seed 4242 --verify "$tmp/nonexistent"
expect_rc 3
expect_text "$tmp/err" "philoxcat: $tmp/nonexistent: No such file or directory"
done_check "--verify of a missing file: exit 3"

# Errors
run --device "$tmp/nonexistent" --bytes 16
expect_rc 3
expect_text "$tmp/err" "philoxcat: $tmp/nonexistent: No such file or directory (is the module loaded? try: sudo modprobe philox)"
expect_size "$tmp/out" 0
done_check "missing device: says to load the module, exit 3"

run --device /dev/null --seed 1 --bytes 16
expect_rc 3
grep -q '^philoxcat: /dev/null: PHILOX_IOC_SEED: ' "$tmp/err" ||
	note "got: $(cat "$tmp/err")"
done_check "a device that is not /dev/philox: the ioctl named, exit 3"

"$pc" --seed 1 --bytes 16 > /dev/full 2> "$tmp/err"
rc=$?
expect_rc 3
expect_text "$tmp/err" "philoxcat: standard output: No space left on device (after 0 bytes)"
done_check "write error (/dev/full): reported, exit 3"

bad()
{
	opt=$1 value=$2
	shift 2
	run "$@" "$opt" "$value"
	expect_rc 2
	grep -q -- "$opt.*'$value'" "$tmp/err" ||
		note "stderr does not name $opt and '$value': $(head -n 1 "$tmp/err")"
	expect_size "$tmp/out" 0
	short=$(echo "$value" | cut -c 1-24)
	[ "$short" = "$value" ] || short="$short..."
	done_check "bad number: $opt $short: named, exit 2"
}
bad --seed abc
bad --seed -1
bad --seed "0x1$(printf '%0256d' 0)"
bad --entropy 4294967296
bad --entropy 1,,2
bad --spawn-key 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
bad --pool-size 3
bad --pool-size 65
bad --key 0x100000000000000000000000000000000
bad --key 1,2,3
bad --counter "0x1$(printf '%064d' 0)"
bad --advance "0x1$(printf '%064d' 0)"
bad --jump 18446744073709551616
bad --bytes 12X
bad --bytes 1KB
bad --bytes 16777216T
bad --bytes -1

run --bogus
expect_rc 2
done_check "unknown option: exit 2"
run --seed 1 --entropy 2
expect_rc 2
done_check "--seed and --entropy together: exit 2"
run --seed
expect_rc 2
done_check "missing argument: exit 2"

# EPIPE: the reader going away is success.
{ "$pc" --seed 1 2> "$tmp/err"; echo $? > "$tmp/rc"; } | head -c 10 > "$tmp/out"
rc=$(cat "$tmp/rc")
expect_rc 0
expect_size "$tmp/out" 10
[ -s "$tmp/err" ] && { note "stderr:"; show "$tmp/err"; }
done_check "philoxcat | head -c 10: exit 0, quietly"

{ "$pc" --seed 1 --bytes 100M 2> "$tmp/err"; echo $? > "$tmp/rc"; } | head -c 10 > "$tmp/out"
rc=$(cat "$tmp/rc")
expect_rc 0
done_check "philoxcat --bytes 100M | head -c 10: exit 0"

# Progress, forced on (stderr is no terminal here)
run --seed 1 --bytes 3M --progress
expect_rc 0
expect_size "$tmp/out" 3145728
grep -q 'MB/s' "$tmp/err" || note "no MB/s on stderr: $(head -c 200 "$tmp/err")"
done_check "--progress reports MB/s on stderr"

run --seed 1 --bytes 3M
[ -s "$tmp/err" ] && { note "stderr not empty:"; show "$tmp/err"; }
done_check "no progress when stderr is not a terminal"

run --help
expect_rc 0
grep -q 'Exit status' "$tmp/out" || note "--help does not give the exit status"
done_check "--help: exit 0, exit statuses documented"
run --version
expect_rc 0
grep -q '^philoxcat [0-9]' "$tmp/out" || note "got: $(cat "$tmp/out")"
done_check "--version"

finish
