#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VMs. Kernel messages go to ttyS0; results go to ttyS1
# as "ok - ..." / "not ok - ..." lines, KUnit's KTAP between KTAP-BEGIN and
# KTAP-END, and PHILOX-VM-DONE last. The host parses both logs.

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp

exec 3>/dev/ttyS1
say() { echo "$*" >&3; }
vm_check()
{
	desc=$1
	shift
	if "$@" > /tmp/out 2>&1; then
		say "ok - $desc"
	else
		say "not ok - $desc"
		sed 's/^/#   /' /tmp/out >&3
	fi
}

kernel=$(uname -r)
say "# kernel $kernel"
vm_check "$kernel: insmod philox.ko" insmod /philox/philox.ko

if [ -f /philox/philox_kunit.ko ]; then
	dmesg -c > /dev/null
	insmod /philox/philox_kunit.ko
	say "KTAP-BEGIN"
	dmesg >&3
	say "KTAP-END"
	vm_check "$kernel: rmmod philox_kunit" rmmod philox_kunit
fi

for t in /philox/tests/*; do
	[ -x "$t" ] || continue
	"$t" >&3 2>&1
	rc=$?
	[ "$rc" = 0 ] || say "not ok - $kernel: ${t##*/} exited with $rc"
done

# The impl parameter: shows the bulk generator, takes a known name only.
impl_param()
{
	p=/sys/module/philox/parameters/impl
	[ -n "$(cat $p)" ] || return 1
	echo scalar > $p && [ "$(cat $p)" = scalar ] || return 1
	[ "$(head -c 100000 /dev/philox | wc -c)" = 100000 ] || return 1
	! echo sse9 > $p 2> /dev/null || return 1
	echo auto > $p
}
vm_check "$kernel: impl parameter shows, takes and refuses implementations" \
	impl_param

# Module lifetime: an open file pins the module; load/unload cycles with
# reads between them; open/close churn for kmemleak to look at below.
exec 4< /dev/philox
if rmmod philox 2> /dev/null; then
	say "not ok - $kernel: rmmod fails while /dev/philox is open"
	insmod /philox/philox.ko
else
	say "ok - $kernel: rmmod fails while /dev/philox is open"
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
vm_check "$kernel: 20 unload/load cycles with reads between them" \
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
vm_check "$kernel: 300 opens and closes" churn
vm_check "$kernel: rmmod philox" rmmod philox

if [ -e /sys/kernel/debug/kmemleak ]; then
	# kmemleak reports only objects older than 5 s, after two scans.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/leaks
	if [ -s /tmp/leaks ]; then
		say "not ok - $kernel: kmemleak reports leaks"
		sed 's/^/#   /' /tmp/leaks >&3
	else
		say "ok - $kernel: kmemleak finds no leaks"
	fi
fi

say "PHILOX-VM-DONE"
sync
poweroff -f
