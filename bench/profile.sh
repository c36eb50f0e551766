#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The VM half of the README's breakdown of read costs: perf in the guest
# (software cpu-clock samples; qemu has no PMU) while devbench reads 8
# bytes at a time from /dev/philox and from /dev/zero, then 1 MiB at a
# time from /dev/philox. Prints the top symbols of each as
#	bench profile <source> <bytes per read> <percent> <symbol>
# with "user:" before symbols of the reading program. scripts/bench.sh
# puts perf and its libraries in the initramfs.
set -e

perf=/usr/bin/perf
if [ ! -x $perf ]; then
	echo "# no perf in this initramfs"
	exit 0
fi
echo 0 > /proc/sys/kernel/kptr_restrict
echo -1 > /proc/sys/kernel/perf_event_paranoid

for run in "philox 8" "zero 8" "philox 1048576"; do
	# shellcheck disable=SC2086
	set -- $run
	$perf record -q -e cpu-clock -F 10000 -o /tmp/perf.data -- \
		/philox/tests/devbench loop "/dev/$1" "$2" 2
	$perf report -i /tmp/perf.data --stdio --sort sym 2> /dev/null |
		awk -v src="$1" -v size="$2" '
			$1 ~ /%$/ && n < 16 {
				sub("%", "", $1)
				sym = ($2 == "[.]" ? "user:" : "") $3
				print "bench profile", src, size, $1, sym
				n++
			}'
done
