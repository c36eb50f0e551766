#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-stage.sh STAGE TARGET TEST_DIR STEP...: the VM of a stage of
# scripts/check.mk (or of make bench, demo, soak). Boots TARGET
# (scripts/targets) with the modules built for it (PHILOX_MODULES, by
# default $PHILOX_OUT/module/TARGET), the programs and data of TEST_DIR
# and the steps for scripts/guest/init.sh; the result lines go to
# $PHILOX_RESULTS. A step "@suite" is every program TEST_DIR/suite lists
# (userspace-tests/Makefile's TEST_GEN_PROGS), and "-PROGRAM" takes one
# out again; "kmod" loads the kernel's own modules
# that the tests need where the kernel has them as modules.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

stage=$1 name=$2 tests=$3
shift 3
out=$PHILOX_OUT/vm/$stage
rm -rf "$out"
mkdir -p "$out"
target "$name"

# The kernel's modules of the tests: mm_test's ext4 over a loop device
# (crc32c is ext4's soft dependency, which no modprobe in the guest would
# load); device-mapper for eio_test's disk with failing sectors.
kmod=
case " $* " in
*" kmod "*)
	read -r _ vmlinuz < <("$PHILOX_SCRIPTS/kernels/kernel.sh" "$name") &&
		"$PHILOX_SCRIPTS/kernels/guest-modules.sh" "$vmlinuz" "$out/kmod" \
			loop crc32c_generic ext4 dm-mod &&
		[ -s "$out/kmod/order" ] && kmod=$out/kmod ;;
esac

: > "$out/steps"
for step; do
	case "$step" in
	@suite)	cat "$tests/suite" >> "$out/steps" ;;
	-*)	sed -i "/^${step#-}\$/d" "$out/steps" ;;
	kmod)	[ -z "$kmod" ] || echo kmod >> "$out/steps" ;;
	*)	echo "$step" >> "$out/steps" ;;
	esac
done

# The bulk generators' names, from their one table (module/philox_impls.h).
"$PHILOX_OUT/bench/native" impls > "$out/impls"
PHILOX_GUEST_KMOD=$kmod PHILOX_IMPLS=$out/impls \
	"$here/mkinitramfs.sh" "$out/initrd.gz" "$name" \
	"${PHILOX_MODULES:-$PHILOX_OUT/module/$name}" "$out/steps" "$tests"
"$here/run-vm.sh" "$name" "$stage" "$out/initrd.gz" "$PHILOX_OUT/logs" |
	tee -a "$PHILOX_RESULTS" >&2
