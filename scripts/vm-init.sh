#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VMs. Kernel messages go to ttyS0; results go to ttyS1
# as one KTAP document, printed with the kernel's ktap_helpers.sh: this
# script's own checks are tests of it, and each test program (kselftest
# harness or shell KTAP) and the KUnit suites are subtests, their output
# indented under them. PHILOX-VM-DONE comes last. The host parses both
# logs (scripts/vm-results.py).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp

exec > /dev/ttyS1 2>&1
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

# subtest NAME COMMAND...: a program's KTAP, indented and named after its
# version line (so that the parser finds its end even if it dies before
# its plan is done), then its result.
subtest()
{
	name=$1
	shift
	{ "$@" 2>&1; echo $? > /tmp/rc; } | awk -v name="$name" '
		{ print "    " $0 }
		!named && /^ *K?TAP version [0-9]+$/ {
			print "    # Subtest: " name
			named = 1
		}'
	rc=$(cat /tmp/rc)
	if [ "$rc" = 0 ]; then
		ktap_test_pass "$name"
	else
		ktap_print_msg "$name exited with $rc"
		ktap_test_fail "$name"
	fi
}

# KUnit's KTAP from the kernel log, without the timestamps.
kunit_ktap()
{
	insmod /philox/philox_kunit.ko || return 1
	dmesg | sed 's/^\[[ 0-9.]*\] //'
}

progs=0
for t in /philox/tests/*; do
	[ -x "$t" ] && progs=$((progs + 1))
done
kunit=0
[ -f /philox/philox_kunit.ko ] && kunit=2
bench=0
[ -f /philox/philox_bench.ko ] && bench=2
kmemleak=0
[ -e /sys/kernel/debug/kmemleak ] && kmemleak=1
# Summaries of the runs that have them: the faults fault_test injected,
# the wait of rng_wait_test, what KCSAN watched.
faults=0
[ -x /philox/tests/fault_test ] && faults=2
rngwait=0
[ -x /philox/tests/rng_wait_test ] && [ "${philox_rng:-}" = not_ready ] &&
	rngwait=1
kcsan=0
[ -e /sys/kernel/debug/kcsan ] && kcsan=1
# The kernel's modules the tests need (scripts/guest-modules.sh), if any.
kmod=0
[ -s /philox/kmod/order ] && kmod=1

ktap_print_header
ktap_print_msg "kernel $(uname -r)"
ktap_set_plan $((1 + kunit + bench + progs + 5 + kmemleak + faults + rngwait +
	kcsan + kmod))
kernel_modules()
{
	while read -r m; do
		insmod "/philox/kmod/$m" || return 1
	done < /philox/kmod/order
}
[ "$kmod" != 0 ] && vm_check "the kernel's modules for the tests load: $(tr '\n' ' ' < /philox/kmod/order)" \
	kernel_modules
vm_check "insmod philox.ko" insmod /philox/philox.ko
# make bench: philox_fill() timed in the kernel, for devbench.
[ "$bench" != 0 ] && vm_check "insmod philox_bench.ko" \
	insmod /philox/philox_bench.ko

if [ "$kunit" != 0 ]; then
	dmesg -c > /dev/null
	subtest kunit kunit_ktap
	vm_check "rmmod philox_kunit" rmmod philox_kunit
fi

for t in /philox/tests/*; do
	[ -x "$t" ] || continue
	subtest "${t##*/}" "$t"
done
[ "$bench" != 0 ] && vm_check "rmmod philox_bench" rmmod philox_bench

# The impl parameter: shows the bulk generator, takes a known name only.
# /philox/impls lists the names, from the module's table; the first is
# the portable one, which every CPU takes.
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
vm_check "impl parameter shows, takes and refuses implementations" \
	impl_param

# Module lifetime: an open file pins the module; load/unload cycles with
# reads between them; open/close churn for kmemleak to look at below.
exec 4< /dev/philox
if rmmod philox 2> /dev/null; then
	ktap_test_fail "rmmod fails while /dev/philox is open"
	insmod /philox/philox.ko
else
	ktap_test_pass "rmmod fails while /dev/philox is open"
fi
exec 4<&-
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
vm_check "20 unload/load cycles with reads between them" \
	lifetime_cycles
churn()
{
	i=0
	while [ $i -lt 300 ]; do
		dd if=/dev/philox of=/dev/null bs=64 count=1 2> /dev/null ||
			return 1
		i=$((i + 1))
	done
}
vm_check "300 opens and closes" churn
vm_check "rmmod philox" rmmod philox

if [ "$kmemleak" = 1 ]; then
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
fi

# fault_test appended "KIND N" to /tmp/philox-faults for each of its runs.
fault_count()
{
	awk -v k="$1" '$1 == k { n += $2 } END { print n + 0 }' \
		/tmp/philox-faults 2> /dev/null || echo 0
}
if [ "$faults" != 0 ]; then
	for kind in failslab fail_usercopy; do
		n=$(fault_count $kind)
		if [ "$n" -gt 0 ]; then
			ktap_test_pass "$kind: $n faults injected, all survived"
		else
			ktap_test_fail "$kind: no fault injected"
		fi
	done
fi
if [ "$rngwait" != 0 ]; then
	if [ -s /tmp/philox-rng-wait ]; then
		ktap_test_pass "open before the RNG was ready: EAGAIN with O_NONBLOCK, a blocking open waited $(cat /tmp/philox-rng-wait) s"
	else
		ktap_test_fail "open before the RNG was ready: rng_wait_test measured no wait"
	fi
fi
if [ "$kcsan" != 0 ]; then
	# setup_watchpoints: the accesses KCSAN watched for a racing one.
	sed 's/^/# /' /sys/kernel/debug/kcsan
	watched=$(sed -n 's/^setup_watchpoints: //p' /sys/kernel/debug/kcsan)
	races=$(sed -n 's/^data_races: //p' /sys/kernel/debug/kcsan)
	if [ "${watched:-0}" -gt 0 ]; then
		ktap_test_pass "KCSAN watched $watched accesses, $races data races"
	else
		ktap_test_fail "KCSAN watched no access"
	fi
fi

ktap_print_totals
echo "PHILOX-VM-DONE"
sync
# The kernels built from source have no ACPI, so no way to power off; qemu
# runs with -no-reboot, where a reboot ends it on every kernel.
reboot -f
