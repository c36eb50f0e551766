#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=dash
#
# /init of the userspace suite's VMs on other architectures: the vm stage's
# own scripts/vm-init.sh (in /philox/vm-init.sh), on machines whose only
# port is the console. vm-init.sh writes its KTAP to /dev/ttyS1: here that
# is a file, which reboot (a function, which vm-init.sh calls last)
# prints to the console prefixed "PHILOX-R ", with the kernel log prefixed
# "PHILOX-K ", before the machine powers off. scripts/platform-vm.sh takes
# them apart.

reboot()
{
	dmesg -n 1
	sed 's/^/PHILOX-R /' /ktap.out > /dev/console
	dmesg | sed 's/^/PHILOX-K /' > /dev/console
	sync
	/bin/busybox poweroff -f
}

/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox rm -f /dev/ttyS1
/bin/busybox ln -s /ktap.out /dev/ttyS1
. /philox/vm-init.sh
