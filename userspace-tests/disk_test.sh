#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# disk_test.sh: philoxcat's disk options in a test VM (busybox sh):
# --offset and the resume line, --jobs, --direct, --output, and the
# verify report of an image with injected faults, on a plain file and on a
# loop device.
#
# Everything expected comes from NumPy on the host (gen-disk-expected.py,
# into /philox/data/disk): the streams' sha256, the faulty image and the
# exact report of each verify. KTAP through the kernel's ktap_helpers.sh,
# as philoxcat_test.sh. Loop devices are tested where /dev/loop-control
# exists; elsewhere those checks are skipped, saying so.
#
# PHILOXCAT, DISK_DATA, PHILOXCAT_KTAP and KTAP_HELPERS point elsewhere
# to run it outside the VMs.

pc=${PHILOXCAT:-/bin/philoxcat}
data=${DISK_DATA:-/philox/data/disk}
# shellcheck source=lib/philoxcat_ktap.sh
. "${PHILOXCAT_KTAP:-/philox/lib/philoxcat_ktap.sh}" || exit 1
loops=
cleanup()
{
	for l in $loops; do
		losetup -d "$l" 2> /dev/null
	done
	rm -rf "$tmp"
}

# expect_file GOT WANT: equal files, the difference shown if not.
expect_file()
{
	if ! cmp -s "$1" "$2"; then
		note "$(basename "$1") is not $(basename "$2"):"
		diff "$2" "$1" > "$tmp/diff" 2>&1
		show "$tmp/diff" 12
	fi
}

# expect_sha FILE SHAFILE [BYTES]: the sha256 of FILE's first BYTES.
expect_sha()
{
	if [ -n "${3:-}" ]; then
		head -c "$3" "$1" | sha256sum > "$tmp/sum"
	else
		sha256sum < "$1" > "$tmp/sum"
	fi
	if ! cmp -s "$tmp/sum" "$2"; then
		note "sha256 of $(basename "$1") is not NumPy's ($(basename "$2"))"
	fi
}

if [ ! -x "$pc" ] || [ ! -f "$data/vars.sh" ]; then
	exec >&4
	ktap_print_header
	ktap_exit_fail_msg "no $pc or no $data/vars.sh"
fi
if [ ! -c /dev/philox ]; then
	exec >&4
	ktap_print_header
	ktap_exit_fail_msg "/dev/philox is not a character device"
fi
# shellcheck source=/dev/null
. "$data/vars.sh"

# Loop devices: a free one attached to FILE, in $loop; 1 if there is none.
have_loop=0
[ -c /dev/loop-control ] && have_loop=1
attach()
{
	loop=$(losetup -f 2> /dev/null) || return 1
	[ -b "$loop" ] || mknod "$loop" b 7 "${loop#/dev/loop}" 2> /dev/null
	losetup "$loop" "$1" || return 1
	loops="$loops $loop"
}
detach()
{
	losetup -d "$1"
	loops=$(echo "$loops" | sed "s| $1||")
}
skip_loop()
{
	ktap_test_skip "$1 (no /dev/loop-control: this kernel has no loop driver loaded)"
}

# interrupted_run ARGS...: philoxcat ARGS... killed with SIGTERM at a
# random moment; the resume line it printed in $resume. Retries with
# shorter waits if it finished first; 1 if it never was interrupted.
interrupted_run()
{
	wait_ms=$((200 + $(od -An -N2 -tu2 /dev/urandom) % 600))
	tries=0
	while [ $tries -lt 6 ]; do
		"$pc" "$@" > "$tmp/out" 2> "$tmp/err" &
		pid=$!
		usleep $((wait_ms * 1000))
		kill -TERM $pid 2> /dev/null
		wait $pid
		rc=$?
		resume=$(grep -A 1 'to resume:$' "$tmp/err" | tail -n 1)
		# Stopped with nothing left is no interruption: again.
		case $resume in
		*" --bytes 0") resume= ;;
		esac
		if [ -n "$resume" ]; then
			[ "$rc" = 143 ] || note "killed: exit status $rc, want 143"
			echo "# stopped after $wait_ms ms: ${resume#* }" >> "$tmp/log"
			return 0
		fi
		wait_ms=$((wait_ms / 3 + 1))
		tries=$((tries + 1))
	done
	note "never interrupted: it finished before SIGTERM every time"
	return 1
}

# resume_check DESC SHA TARGET BYTES ARGS...: an interrupted write of
# ARGS, resumed by its own line, is NumPy's stream, as an uninterrupted one.
resume_check()
{
	desc=$1 sha=$2 target=$3 nbytes=$4
	shift 4
	: > "$tmp/log"
	if interrupted_run "$@"; then
		# The line names the program as it was started: this one.
		# shellcheck disable=SC2086
		eval "set -- $resume"
		shift
		run "$@"
		expect_rc 0
		expect_sha "$target" "$sha" "$nbytes"
	fi
	cat "$tmp/log"
	done_check "$desc"
}

# 1. --offset and the resume line: an interrupted write resumed.
resume_check "SIGTERM at a random point, resumed from its line: NumPy's stream (file)" \
	"$data/resume.sha256" "$tmp/resume1" "$RESUME_BYTES" \
	--seed "$RESUME_SEED" --bytes "$RESUME_BYTES" --output "$tmp/resume1"
rm -f "$tmp/resume1"
resume_check "the same with --jobs 2: resumed from the first unfinished part" \
	"$data/resume.sha256" "$tmp/resume2" "$RESUME_BYTES" \
	--seed "$RESUME_SEED" --bytes "$RESUME_BYTES" --output "$tmp/resume2" \
	--jobs 2
rm -f "$tmp/resume2"
# Standard output to a file: the line names it with --output.
: > "$tmp/resume3"
"$pc" --seed "$RESUME_SEED" --bytes "$RESUME_BYTES" --offset 0 \
	1<> "$tmp/resume3" 2> "$tmp/err" &
pid=$!
usleep 300000
kill -TERM $pid 2> /dev/null
wait $pid
resume=$(grep -A 1 'to resume:$' "$tmp/err" | tail -n 1)
case $resume in
*" --output $tmp/resume3 --offset "*)
	# shellcheck disable=SC2086
	eval "set -- $resume"
	shift
	run "$@"
	expect_rc 0
	expect_sha "$tmp/resume3" "$data/resume.sha256" "$RESUME_BYTES" ;;
"")	note "finished before SIGTERM, or no resume line: $(cat "$tmp/err")" ;;
*)	note "the line does not name the file: $resume" ;;
esac
rm -f "$tmp/resume3"
done_check "standard output to a file: the resume line writes it with --output"

# 2. --jobs 1, 2, 4: the same bytes, NumPy's.
for j in 1 2 4; do
	run --seed "$JOBS_SEED" --bytes "$JOBS_BYTES" --output "$tmp/jobs$j" \
		--jobs $j
	expect_rc 0
	expect_sha "$tmp/jobs$j" "$data/jobs.sha256"
	[ $j = 1 ] || expect_file "$tmp/jobs$j" "$tmp/jobs1"
	done_check "--jobs $j writes NumPy's stream ($JOBS_BYTES bytes)"
done

# --offset: any byte, the file's and the stream's alike.
run --seed "$JOBS_SEED" --offset 1000003 --bytes 3000001 \
	--output "$tmp/part" --jobs 3
expect_rc 0
[ "$(wc -c < "$tmp/part")" = 4000004 ] || note "size $(wc -c < "$tmp/part")"
cmp "$tmp/part" "$tmp/jobs1" 1000003 1000003 > "$tmp/cmp" 2>&1
case $(cat "$tmp/cmp") in
*"EOF on $tmp/part"*|"") ;;
*) note "$(cat "$tmp/cmp")" ;;
esac
done_check "--offset 1000003 --bytes 3000001: bytes 1000003 to 4000004 of the stream"

{ "$pc" --seed "$JOBS_SEED" --offset 4097 --bytes 100 2> "$tmp/err"
  echo $? > "$tmp/rc"; } | cat > "$tmp/head"
rc=$(cat "$tmp/rc")
expect_rc 0
tail -c +4098 "$tmp/jobs1" | head -c 100 > "$tmp/want"
expect_file "$tmp/head" "$tmp/want"
done_check "--offset to standard output (a pipe): the stream from there"

for j in 1 2 4; do
	run --seed "$JOBS_SEED" --verify "$tmp/jobs1" --jobs $j --report "$tmp/r"
	expect_rc 0
	[ -s "$tmp/r" ] && { note "report:"; show "$tmp/r"; }
	grep -q "^philoxcat: $tmp/jobs1: $JOBS_BYTES bytes match\$" "$tmp/out" ||
		note "stdout: $(cat "$tmp/out")"
	done_check "--verify --jobs $j of an intact file: match, empty report, exit 0"
done
rm -f "$tmp/jobs2" "$tmp/jobs4" "$tmp/part"

# 3. The report of the faulty image, exactly, whatever --jobs.
img=$data/faults.img
verify_cases()
{
	target=$1 where=$2
	for c in $CASES; do
		name=${c%%:*} rest=${c#*:}
		off=${rest%%:*} bytes=${rest#*:}
		for j in 1 2 4; do
			set -- --seed "$FAULT_SEED" --verify "$target" --offset "$off" \
				--jobs $j --report "$tmp/report"
			[ -n "$bytes" ] && set -- "$@" --bytes "$bytes"
			[ "$name" = full ] && set -- "$@" --badblocks "$tmp/bb" \
				--block-size 4096
			rm -f "$tmp/report" "$tmp/bb"
			run "$@"
			expect_rc 1
			expect_file "$tmp/report" "$data/$name.report"
			[ "$name" = full ] && expect_file "$tmp/bb" "$data/full.badblocks"
			grep -q "^philoxcat: $target: [0-9]* bad bytes in $(wc -l < "$data/$name.report") extents\{0,1\}, the first at byte $(head -n 1 "$data/$name.report" | cut -d ' ' -f 1)\$" "$tmp/out" ||
				note "stdout: $(cat "$tmp/out")"
			for cls in zeroed constant misplaced corrupted unreadable; do
				grep -q "^philoxcat:   $cls  *[0-9]* bytes in [0-9]* extent" "$tmp/err" ||
					note "no $cls in the summary"
			done
			done_check "faulty image ($where), $name: the exact report, --jobs $j"
		done
	done
}
verify_cases "$img" file

# No false reports: the same stream, clean.
"$pc" --seed "$FAULT_SEED" --bytes "$IMAGE" > "$tmp/clean" 2> /dev/null
expect_sha "$tmp/clean" "$data/clean.sha256"
run --seed "$FAULT_SEED" --verify "$tmp/clean" --report "$tmp/report" --jobs 2
expect_rc 0
[ -s "$tmp/report" ] && { note "report:"; show "$tmp/report"; }
done_check "the clean image: nothing reported, exit 0"

run --seed "$((FAULT_SEED + 1))" --verify "$tmp/clean" --report "$tmp/report"
expect_rc 1
grep -q "^0 $IMAGE corrupted [0-9]*\$" "$tmp/report" ||
	{ note "report:"; show "$tmp/report"; }
done_check "another seed: one corrupted extent over the whole image"

run --seed "$FAULT_SEED" --verify "$tmp/clean" --bytes 1T --report "$tmp/report" --jobs 2
expect_rc 1
printf '%s\n' "$IMAGE $((1099511627776 - IMAGE)) unreadable" > "$tmp/want"
expect_file "$tmp/report" "$tmp/want"
done_check "--bytes 1T of a $IMAGE-byte file: the rest unreadable, at once"

# Errors
run --seed 1 --output "$tmp/x" --report "$tmp/r" --bytes 10
expect_rc 2
done_check "--report without --verify: usage error, exit 2"
run --seed 1 --output "$tmp/x"
expect_rc 2
grep -q "give --bytes" "$tmp/err" || note "got: $(cat "$tmp/err")"
done_check "--output FILE without --bytes: usage error, exit 2"
run --seed 1 --jobs 0 --bytes 10 --output "$tmp/x"
expect_rc 2
done_check "--jobs 0: usage error, exit 2"
{ "$pc" --seed 1 --jobs 2 --bytes 10 2> "$tmp/err"; echo $? > "$tmp/rc"; } | cat > /dev/null
rc=$(cat "$tmp/rc")
expect_rc 2
grep -q "needs a file or disk" "$tmp/err" || note "got: $(cat "$tmp/err")"
done_check "--jobs 2 into a pipe: usage error, exit 2"
run --seed 1 --direct --offset 100 --bytes 4096 --output "$tmp/x"
expect_rc 2
grep -q -- "--direct" "$tmp/err" || note "got: $(cat "$tmp/err")"
done_check "--direct with an unaligned offset: says why, exit 2"

# 4. Loop devices: --direct, the faulty image, resume.
if [ "$have_loop" = 1 ]; then
	dd if=/dev/zero of="$tmp/loop.img" bs=1048576 count=$((LOOP_BYTES / 1048576)) 2> /dev/null
	if attach "$tmp/loop.img"; then
		for j in 1 2; do
			run --seed "$LOOP_SEED" --output "$loop" --direct --jobs $j
			expect_rc 0
			expect_sha "$loop" "$data/loop.sha256"
			run --seed "$LOOP_SEED" --verify "$loop" --direct --jobs $j \
				--report "$tmp/report"
			expect_rc 0
			[ -s "$tmp/report" ] && { note "report:"; show "$tmp/report"; }
			done_check "--direct --jobs $j on a loop device: its size written, NumPy's, verified"
		done
		run --seed "$LOOP_SEED" --output "$loop" --direct --bytes 1000
		expect_rc 2
		grep -q "multiples of" "$tmp/err" || note "got: $(cat "$tmp/err")"
		done_check "--direct --bytes 1000 on a loop device: says why, exit 2"
		dd if=/dev/zero of="$loop" bs=1048576 2> /dev/null
		resume_check "SIGTERM and resume on a loop device: NumPy's stream" \
			"$data/loop.sha256" "$loop" "$LOOP_BYTES" \
			--seed "$LOOP_SEED" --output "$loop" --jobs 2
		detach "$loop"
	else
		note "losetup failed"
		done_check "a loop device"
	fi
	rm -f "$tmp/loop.img"
	cp "$img" "$tmp/faults.img"
	if attach "$tmp/faults.img"; then
		verify_cases "$loop" "loop device"
		detach "$loop"
	else
		note "losetup failed"
		done_check "a loop device of the faulty image"
	fi
else
	skip_loop "--direct on a loop device"
	skip_loop "SIGTERM and resume on a loop device"
	skip_loop "faulty image on a loop device: the exact reports"
fi

finish
