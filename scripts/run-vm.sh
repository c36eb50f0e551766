#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh NAME VMLINUZ INITRAMFS LOGDIR: boot the kernel in qemu (TCG,
# -cpu max for RDRAND, or PHILOX_VM_CPU; PHILOX_VM_APPEND added to the
# kernel command line), let scripts/vm-init.sh run the tests, and print the
# result lines of scripts/vm-results.py, which reads the VM's KTAP and that
# of the host's NumPy checks of its fresh streams.
#
# Two CPUs, as two sockets: SeaBIOS's MP table, all that a kernel without
# ACPI reads, lists one CPU per socket.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

name=$1 kernel=$2 initrd=$3 logdir=$4
timeout=${PHILOX_VM_TIMEOUT:-1200}
mkdir -p "$logdir"
console=$logdir/$name.console.log
results=$logdir/$name.results.log
: > "$console"
: > "$results"

log "booting $name"
timeout --foreground "$timeout" qemu-system-x86_64 \
	-M pc -cpu "${PHILOX_VM_CPU:-max}" -smp 2,sockets=2 -m 2G -accel tcg \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 loglevel=7 ${PHILOX_VM_APPEND:-}" \
	-display none -monitor none -no-reboot \
	-serial "file:$console" -serial "file:$results" \
	< /dev/null >&2 || log "$name: qemu exited with $?"

# Checks the guest cannot make itself: streams it logged that NumPy on the
# host must reproduce (KTAP too).
verify=$(dirname "$here")/userspace-tests/verify-numpy.py
extra=()
if [ -f "$verify" ]; then
	/usr/bin/python3 "$verify" "$name" "$results" > "$logdir/$name.numpy.ktap"
	# empty when no program that prints numpy-verify lines ran
	if [ -s "$logdir/$name.numpy.ktap" ]; then
		extra=("$logdir/$name.numpy.ktap")
	fi
fi
/usr/bin/python3 "$here/vm-results.py" "$name" "$console" "$results" "${extra[@]}"
