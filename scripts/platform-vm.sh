#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# platform-vm.sh ARCH NAME VMLINUZ INITRD LOGDIR: boot Debian's kernel for
# ARCH (amd64, i386, arm64, armhf, s390x) in qemu (TCG) with an initramfs
# of scripts/platform-check.sh, whose /init writes everything to the one
# console (scripts/platform-init.sh, platform-suite-init.sh): result lines
# prefixed "PHILOX-R ", the kernel log "PHILOX-K ". Prints the result
# lines of scripts/vm-results.py; with the tour's output, whether it
# printed NumPy's numbers; with seed_test's, verify-numpy.py's checks.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

arch=$1 name=$2 kernel=$3 initrd=$4 logdir=$5
timeout=${PHILOX_VM_TIMEOUT:-900}
mkdir -p "$logdir"
console=$logdir/$name.console.log
results=$logdir/$name.results.log

# Every machine gets a virtio RNG besides: nothing waits for entropy. x86
# kernels patch their own code across CPUs with int3 (text_poke_bp()),
# which multi-threaded TCG can miss: sid's 7.2 died of an int3 Oops at
# boot in one of three runs. One host thread for both CPUs avoids it.
accel=tcg
case "$arch" in
amd64)	qemu=(qemu-system-x86_64 -M pc -cpu max -device virtio-rng-pci)
	tty=ttyS0 accel=tcg,thread=single ;;
i386)	# -cpu max is an AMD one, of which 6.1 warns that it cannot be SMP.
	qemu=(qemu-system-i386 -M pc -cpu "max,vendor=GenuineIntel"
	      -device virtio-rng-pci)
	tty=ttyS0 accel=tcg,thread=single ;;
arm64)	qemu=(qemu-system-aarch64 -M virt -cpu max -device virtio-rng-pci)
	tty=ttyAMA0 ;;
armhf)	qemu=(qemu-system-arm -M virt -cpu cortex-a15 -device virtio-rng-pci)
	tty=ttyAMA0 ;;
s390x)	qemu=(qemu-system-s390x -M s390-ccw-virtio -device virtio-rng-ccw)
	tty=ttysclp0 ;;
*)	die "unknown architecture $arch" ;;
esac
if [ "$arch" = s390x ]; then
	qemu+=(-chardev "file,id=con,path=$console"
	       -device "sclpconsole,chardev=con")
else
	qemu+=(-serial "file:$console")
fi

log "booting $name"
: > "$console"
timeout --foreground "$timeout" "${qemu[@]}" -smp 2 -m 1G -accel "$accel" \
	-nodefaults -display none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=$tty panic=-1 ${PHILOX_VM_APPEND:-}" \
	< /dev/null >&2 || log "$name: qemu exited with $?"

tr -d '\r' < "$console" | sed -n 's/^PHILOX-R //p' > "$results"

extra=()
verify=$(dirname "$here")/userspace-tests/verify-numpy.py
if [ -f "$verify" ] && grep -q 'numpy-verify: ' "$results"; then
	/usr/bin/python3 "$verify" "$name" "$results" > "$logdir/$name.numpy.ktap"
	extra=("$logdir/$name.numpy.ktap")
fi
/usr/bin/python3 "$here/vm-results.py" "$name" "$console" "$results" \
	"${extra[@]}"

grep -q '^TOUR ' "$results" || exit 0
/usr/bin/python3 - "$name" "$results" <<'PY'
import sys
from numpy.random import Philox, SeedSequence

name, results = sys.argv[1:3]
want = [str(int(v)) for v in Philox(SeedSequence(12345)).random_raw(4)]
got = [l.split()[1] for l in open(results) if l.startswith("TOUR ")]
print("%s - %s: the tour prints NumPy's "
      "Philox(SeedSequence(12345)).random_raw(4)"
      % ("ok" if got == want else "not ok", name))
if got != want:
    print("#   tour: %s\n#   NumPy: %s" % (" ".join(got), " ".join(want)))
PY
