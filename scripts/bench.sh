#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: the benchmark behind `make bench`. One boot of Debian's stock
# 6.12 kernel in qemu (-smp 2) measures /dev/philox against the module's
# own generator in the kernel (philox_bench.ko), /dev/urandom, getrandom()
# and /dev/zero, and profiles reads with perf; the host measures the
# module's generator source against Random123 and NumPy. Prints the
# tables, also written to build/bench.md.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

top=$PHILOX_TOP
out=${PHILOX_BUILD_DIR:-$top/build}
export PHILOX_OUT=$out
mkdir -p "$out/logs"
"$PHILOX_SCRIPTS/checks/deps.sh" linux-perf
"$PHILOX_SCRIPTS/kernels/build-module.sh" 6.12 "$out/bench-module" bench \
	> "$out/logs/bench-build.log"
make -s -C "$top/bench" OUT="$out/bench" >&2

# perf and its libraries in the initramfs, for bench/profile.sh.
vmroot=$out/bench/vm/root
rm -rf "$vmroot"
mkdir -p "$vmroot/usr/bin"
cp "$(command -v perf)" "$vmroot/usr/bin/"
ldd "$(command -v perf)" | awk '$(NF - 1) ~ /^\// { print $(NF - 1) } $1 ~ /^\// { print $1 }' |
	while read -r lib; do
		mkdir -p "$vmroot$(dirname "$lib")"
		cp -L "$lib" "$vmroot$lib"
	done

"$out/bench/native" > "$out/bench/native.txt"
/usr/bin/python3 "$top/bench/numpy_bench.py" >> "$out/bench/native.txt"

: > "$out/bench/vm-checks.txt"
PHILOX_VM_TIMEOUT=1800 PHILOX_MODULES=$out/bench-module \
	PHILOX_RESULTS=$out/bench/vm-checks.txt \
	"$PHILOX_SCRIPTS/vm/vm-stage.sh" bench 6.12 "$out/bench/vm" \
	insmod bench devbench profile.sh disk_bench rmmod_bench rmmod \
	2> "$out/logs/bench-vm.log"

/usr/bin/python3 "$top/bench/bench-report.py" "$out/logs/bench.results.log" \
	"$out/logs/bench.console.log" "$out/bench/native.txt" |
	tee "$out/bench.md"

# philoxcat's disk ratios (bench/disk_bench.sh, issue 21), as the VM
# measured and checked them.
{
	echo
	echo "philoxcat on disks, in the same boot (bench/disk_bench.sh):"
	echo
	sed -n 's/^ *# \(.*MiB in tmpfs.*\|MB\/s: .*\)/    \1/p' \
		"$out/logs/bench.results.log"
	grep ' disk_bench: ' "$out/bench/vm-checks.txt" | sed 's/^/    /' || true
} | tee -a "$out/bench.md"
