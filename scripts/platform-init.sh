#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of the VMs of scripts/platform-vm.sh. Some machines have a single
# console (ttyAMA0, ttysclp0), so everything goes there: result lines
# prefixed "PHILOX-R ", the kernel log at the end prefixed "PHILOX-K ",
# and kernel messages are kept off the console meanwhile.

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
dmesg -n 1

name=$(cat /philox/name)
out() { sed 's/^/PHILOX-R /'; }
say() { echo "$*" | out; }
vm_check()
{
	desc=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		say "ok - $name: $desc"
	else
		say "not ok - $name: $desc"
		sed 's/^/#   /' /tmp/out | out
	fi
}

say "# kernel $(uname -r) $(uname -m)"
vm_check "insmod philox.ko" insmod /philox/philox.ko
/philox/platform_test "$name" > /tmp/test 2>&1
rc=$?
out < /tmp/test
[ "$rc" = 0 ] || say "not ok - $name: platform_test exited with $rc"
/philox/tour 2>&1 | sed 's/^/TOUR /' | out
# philoxcat's Philox inverse against NumPy's vectors (no device needed).
/philox/inverse_test "$name" > /tmp/test 2>&1
rc=$?
out < /tmp/test
[ "$rc" = 0 ] || say "not ok - $name: inverse_test exited with $rc"
# NumPy's Generator in the kernel: its KUnit vectors replayed at load
# (these kernels have no KUnit), a line a case in the kernel log.
vm_check "insmod philox_gen_selftest.ko" insmod /philox/philox_gen_selftest.ko
dmesg | sed -rn "s/.*philox_gen_selftest: ((not )?ok) - /\1 - $name: /p" | out
gen_all() { dmesg | grep 'philox_gen_selftest: \([0-9]*\) of \1 cases'; }
vm_check "generator: every case of NumPy's vectors" gen_all
vm_check "rmmod philox_gen_selftest" rmmod philox_gen_selftest
# The sample's choices, as samples/philox/replay_random_order.py has NumPy
# print them.
sample_order()
{
	insmod /philox/philox_sample_order.ko &&
	dmesg | sed -n 's/.*philox_sample_order: //p' > /tmp/sample &&
	rmmod philox_sample_order && diff /tmp/sample /philox/sample-order.txt
}
vm_check "samples/philox: the sample's choices are NumPy's" sample_order
one_mib() { [ "$(head -c 1048576 /dev/philox | wc -c)" = 1048576 ]; }
vm_check "a 1 MiB read of fresh entropy" one_mib
vm_check "rmmod philox" rmmod philox
dmesg | sed 's/^/PHILOX-K /'
say "PHILOX-VM-DONE"
sync
poweroff -f
