#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh TARGET NAME INITRD LOGDIR: boot TARGET's kernel (scripts/targets)
# in qemu (TCG) with INITRD (scripts/vm/mkinitramfs.sh), let
# scripts/guest/init.sh run the steps, and print the result lines of
# scripts/vm/vm-results.py, which reads the VM's KTAP, with those of the
# host's NumPy checks of what the guest printed
# (userspace-tests/verify-numpy.py). PHILOX_VM_CPU replaces the row's cpu,
# PHILOX_VM_APPEND adds to the kernel command line (its words reach /init
# as environment variables), PHILOX_VM_TIMEOUT is in seconds.
#
# Every row boots the same way: 2 CPUs, 2 GiB, the row's console and, on
# machines with a second serial port, the KTAP there; elsewhere init.sh
# prefixes the KTAP on the console, and the lines are taken apart here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

name=$1 vm=$2 initrd=$3 logdir=$4
target "$name"
timeout=${PHILOX_VM_TIMEOUT:-1200}
mkdir -p "$logdir"
console=$logdir/$vm.console.log
results=$logdir/$vm.results.log
: > "$console"
: > "$results"

read -r _ kernel < <("$PHILOX_SCRIPTS/kernels/kernel.sh" "$name")
[ -f "$kernel" ] || die "$name: no kernel to boot"

cpu=${PHILOX_VM_CPU:-$T_CPU}
qemu=("qemu-system-$T_QEMU" -M "$T_MACHINE" ${cpu:+-cpu "$cpu"}
      -smp "$T_SMP" -m 2G -accel "$T_ACCEL"
      -display none -monitor none -nodefaults -no-reboot)
[ -z "$T_RNG" ] || qemu+=(-device "$T_RNG")
# s390x's console is the SCLP's, which has no -serial.
if [ "$T_CONSOLE" = ttysclp0 ]; then
	qemu+=(-chardev "file,id=con,path=$console" -device sclpconsole,chardev=con)
else
	qemu+=(-serial "file:$console")
fi
[ -z "$T_RESULTS" ] || qemu+=(-serial "file:$results")

log "booting $vm"
timeout --foreground "$timeout" "${qemu[@]}" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=$T_CONSOLE panic=-1 loglevel=7 $T_APPEND ${PHILOX_VM_APPEND:-}" \
	< /dev/null >&2 || log "$vm: qemu exited with $?"

if [ -z "$T_RESULTS" ]; then
	tr -d '\r' < "$console" | sed -n 's/^PHILOX-R //p' > "$results"
fi

# Checks the guest cannot make itself: the streams and numbers it printed,
# which NumPy on the host must reproduce (KTAP too; empty when no program
# that prints them ran).
extra=()
/usr/bin/python3 "$PHILOX_TOP/userspace-tests/verify-numpy.py" "$vm" \
	"$results" > "$logdir/$vm.numpy.ktap"
[ ! -s "$logdir/$vm.numpy.ktap" ] || extra=("$logdir/$vm.numpy.ktap")
/usr/bin/python3 "$here/vm-results.py" "$vm" "$console" "$results" "${extra[@]}"
