#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# platform-programs.sh TARGET OUTDIR: the programs of a platform VM, built
# static with TARGET's compiler (scripts/kernels/toolchain.sh): OUTDIR/bin
# holds platform_test, the tour and inverse_test (userspace-tests/platform),
# OUTDIR/root/philox/sample-order.txt the choices NumPy makes for the
# sample module (samples/philox/replay_random_order.py).
set -euo pipefail

. "$(dirname "$0")/../lib.sh"

name=$1 out=$2
read -r _ _ cc < <("$PHILOX_SCRIPTS/kernels/toolchain.sh" "$name")
rm -rf "$out"
mkdir -p "$out/bin" "$out/root/philox"
make -C "$PHILOX_TOP/userspace-tests/platform" CC="$cc" OUT="$out/build"
cp "$out/build/platform_test" "$out/build/tour" "$out/build/inverse_test" \
	"$out/bin/"
/usr/bin/python3 -B "$PHILOX_TOP/samples/philox/replay_random_order.py" \
	> "$out/root/philox/sample-order.txt"
