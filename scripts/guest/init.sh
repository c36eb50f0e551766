#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of every test VM (scripts/vm/mkinitramfs.sh puts it there). It runs
# the steps of its stage, /philox/steps, one a line, in order: a program
# of /philox/tests, or a check of this file (step_NAME below). Each step
# is one test of one KTAP document, printed with the kernel's
# ktap_helpers.sh, so the plan is the number of steps. A program's own
# KTAP (kselftest harness, shell KTAP, KUnit) is a subtest, indented under
# it; a program that prints only "ok - ..." lines gets a KTAP of them;
# other output is indented under its result. PHILOX-VM-DONE comes last.
#
# The KTAP goes to /philox/port: a serial port of its own (ttyS1), or
# "console" on machines with only one, where every line is prefixed
# "PHILOX-R ", kernel messages are kept off the console meanwhile and the
# kernel log follows at the end, prefixed "PHILOX-K ". The host takes them
# apart (scripts/vm/run-vm.sh, vm-results.py).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp

port=$(cat /philox/port)
if [ "$port" = console ]; then
	dmesg -n 1
	mkfifo /tmp/ktap
	sed 's/^/PHILOX-R /' < /tmp/ktap > /dev/console &
	exec > /tmp/ktap 2>&1
else
	exec > "/dev/$port" 2>&1
fi
# Descriptions go through ktap_helpers' unquoted echo: no * ? [ in them.
# shellcheck source=/dev/null
. /philox/lib/ktap_helpers.sh

# vm_check DESC COMMAND...: one test; the command's output as diagnostics
# before its result when it fails.
vm_check()
{
	desc=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		ktap_test_pass "$desc"
	else
		sed 's/^/# /' /tmp/out
		ktap_test_fail "$desc"
	fi
}

# ktap_indent NAME: a program's output as it comes, indented. A KTAP
# document gets "# Subtest: NAME" after its version line, so that the
# parser finds its end even if the program dies before its plan is done.
# "ok - ..." lines (platform_test's) are kept until the end and become a
# KTAP document of their own.
ktap_indent()
{
	awk -v name="$1" '
		mode == "" && /^ *K?TAP version [0-9]+$/ {
			print "    " $0
			print "    # Subtest: " name
			mode = "ktap"
			next
		}
		mode != "ktap" && /^(not )?ok - / {
			mode = "legacy"
			sub(/ - /, " " ++n " - ")
		}
		mode == "legacy" { kept[++lines] = $0; next }
		{ print "    " $0 }
		END {
			if (mode != "legacy")
				exit
			print "    KTAP version 1"
			print "    # Subtest: " name
			print "    1.." n
			for (i = 1; i <= lines; i++)
				print "    " kept[i]
		}'
}

# subtest NAME COMMAND...: the command as one test, its output indented
# under it (ktap_indent), its result its exit status; a program of
# /philox/tests is one, and so are KUnit and the Generator's self-test.
subtest()
{
	name=$1
	shift
	start=$(date +%s)
	{ "$@" 2>&1; echo $? > /tmp/rc; } | ktap_indent "$name"
	rc=$(cat /tmp/rc)
	ktap_print_msg "$name took $(($(date +%s) - start)) s"
	if [ "$rc" = 0 ]; then
		ktap_test_pass "$name"
	else
		ktap_print_msg "$name exited with $rc"
		ktap_test_fail "$name"
	fi
}

# The checks a stage may declare, one test each.

# The kernel's modules the tests need (scripts/kernels/guest-modules.sh).
kernel_modules()
{
	while read -r m; do
		insmod "/philox/kmod/$m" || return 1
	done < /philox/kmod/order
}
step_kmod()
{
	vm_check "the kernel's modules for the tests load: $(tr '\n' ' ' < /philox/kmod/order)" \
		kernel_modules
}

step_insmod()
{
	vm_check "insmod philox.ko" insmod /philox/philox.ko
}

# make bench: philox_fill() timed in the kernel, for devbench.
step_bench()
{
	vm_check "insmod philox_bench.ko" insmod /philox/philox_bench.ko
}

step_rmmod_bench()
{
	vm_check "rmmod philox_bench" rmmod philox_bench
}

# KUnit's KTAP from the kernel log, without the timestamps.
kunit_ktap()
{
	dmesg -c > /dev/null
	insmod /philox/philox_kunit.ko || return 1
	dmesg | sed 's/^\[[ 0-9.]*\] //'
	rmmod philox_kunit
}
step_kunit()
{
	subtest kunit kunit_ktap
}

# The impl parameter: shows the bulk generator, takes a known name only.
# /philox/impls lists the names of the module's table (bench/native
# impls); the first is the portable one, which every CPU takes.
impl_param()
{
	p=/sys/module/philox/parameters/impl
	[ -n "$(cat $p)" ] || return 1
	taken=0
	while read -r impl; do
		echo "$impl" > $p 2> /dev/null || continue
		[ "$(cat $p)" = "$impl" ] || return 1
		[ "$(head -c 100000 /dev/philox | wc -c)" = 100000 ] || return 1
		taken=$((taken + 1))
	done < /philox/impls
	echo "# $taken of $(wc -l < /philox/impls) implementations taken"
	head -n 1 /philox/impls > $p || return 1
	! echo not-an-impl > $p 2> /dev/null || return 1
	echo auto > $p
}
step_impl()
{
	vm_check "impl parameter shows, takes and refuses implementations" \
		impl_param
}

# Module lifetime: an open file pins the module; load/unload cycles with
# reads between them; open/close churn for kmemleak to look at.
step_pinned()
{
	exec 4< /dev/philox
	if rmmod philox 2> /dev/null; then
		ktap_test_fail "rmmod fails while /dev/philox is open"
		insmod /philox/philox.ko
	else
		ktap_test_pass "rmmod fails while /dev/philox is open"
	fi
	exec 4<&-
}

lifetime_cycles()
{
	i=0
	while [ $i -lt 20 ]; do
		rmmod philox || return 1
		insmod /philox/philox.ko || return 1
		[ "$(head -c 4096 /dev/philox | wc -c)" = 4096 ] || return 1
		i=$((i + 1))
	done
}
step_lifetime()
{
	vm_check "20 unload/load cycles with reads between them" \
		lifetime_cycles
}

churn()
{
	i=0
	while [ $i -lt 300 ]; do
		dd if=/dev/philox of=/dev/null bs=64 count=1 2> /dev/null ||
			return 1
		i=$((i + 1))
	done
}
step_churn()
{
	vm_check "300 opens and closes" churn
}

step_rmmod()
{
	vm_check "rmmod philox" rmmod philox
}

step_kmemleak()
{
	# kmemleak reports only objects older than 5 s, after two scans.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/leaks
	if [ -s /tmp/leaks ]; then
		sed 's/^/# /' /tmp/leaks
		ktap_test_fail "kmemleak finds no leaks"
	else
		ktap_test_pass "kmemleak finds no leaks"
	fi
}

# fault_test appended "KIND N" to /tmp/philox-faults for each of its runs.
faults_injected()
{
	n=$(awk -v k="$1" '$1 == k { n += $2 } END { print n + 0 }' \
		/tmp/philox-faults 2> /dev/null || echo 0)
	if [ "$n" -gt 0 ]; then
		ktap_test_pass "$1: $n faults injected, all survived"
	else
		ktap_test_fail "$1: no fault injected"
	fi
}
step_failslab()
{
	faults_injected failslab
}

step_fail_usercopy()
{
	faults_injected fail_usercopy
}

# rng_wait_test's wait, with philox_rng=not_ready on the command line.
step_rngwait()
{
	if [ "${philox_rng:-}" = not_ready ] && [ -s /tmp/philox-rng-wait ]; then
		ktap_test_pass "open before the RNG was ready: EAGAIN with O_NONBLOCK, a blocking open waited $(cat /tmp/philox-rng-wait) s"
	else
		ktap_test_fail "open before the RNG was ready: rng_wait_test measured no wait"
	fi
}

step_kcsan()
{
	# setup_watchpoints: the accesses KCSAN watched for a racing one.
	sed 's/^/# /' /sys/kernel/debug/kcsan
	watched=$(sed -n 's/^setup_watchpoints: //p' /sys/kernel/debug/kcsan)
	races=$(sed -n 's/^data_races: //p' /sys/kernel/debug/kcsan)
	if [ "${watched:-0}" -gt 0 ]; then
		ktap_test_pass "KCSAN watched $watched accesses, $races data races"
	else
		ktap_test_fail "KCSAN watched no access"
	fi
}

# NumPy's Generator in the kernel: its KUnit vectors replayed at load, for
# kernels without KUnit; a line a case in the kernel log.
generator_cases()
{
	dmesg -c > /dev/null
	insmod /philox/philox_gen_selftest.ko || return 1
	dmesg | sed -rn 's/.*philox_gen_selftest: ((not )?ok) - /\1 - /p'
	dmesg | grep -q 'philox_gen_selftest: \([0-9]*\) of \1 cases' &&
		echo "ok - every case of NumPy's vectors" ||
		echo "not ok - every case of NumPy's vectors"
	rmmod philox_gen_selftest
}
step_gen_selftest()
{
	subtest philox_gen_selftest generator_cases
}

# The sample's choices, as samples/philox/replay_random_order.py has NumPy
# print them.
sample_order()
{
	dmesg -c > /dev/null
	insmod /philox/philox_sample_order.ko &&
	dmesg | sed -n 's/.*philox_sample_order: //p' > /tmp/sample &&
	rmmod philox_sample_order && diff /tmp/sample /philox/sample-order.txt
}
step_sample_order()
{
	vm_check "samples/philox: the sample's choices are NumPy's" sample_order
}

one_mib()
{
	[ "$(head -c 1048576 /dev/philox | wc -c)" = 1048576 ]
}
step_one_mib()
{
	vm_check "a 1 MiB read of fresh entropy" one_mib
}

ktap_print_header
ktap_print_msg "kernel $(uname -r) $(uname -m), pages of $(awk '/^KernelPageSize/ { print $2 " kB"; exit }' /proc/self/smaps)"
ktap_set_plan "$(grep -c . /philox/steps)"
while read -r step; do
	if [ -x "/philox/tests/$step" ]; then
		subtest "$step" "/philox/tests/$step"
	else
		"step_$step"
	fi
done < /philox/steps
ktap_print_totals
echo "PHILOX-VM-DONE"
if [ "$port" = console ]; then
	exec > /dev/console 2>&1
	wait
	dmesg | sed 's/^/PHILOX-K /'
fi
sync
# The kernels built from source have no ACPI, so no way to power off; qemu
# runs with -no-reboot, where a reboot ends it on every kernel.
reboot -f
