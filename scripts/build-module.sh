#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [kunit] [bench] [selftest]: build philox.ko
# (and with "kunit" philox_kunit.ko, with "bench" philox_bench.ko, with
# "selftest" philox_gen_selftest.ko and philox_sample_order.ko) against
# KDIR in a copy of the sources at OUTDIR, with W=1 and warnings as errors.
# A warning from the compiler or modpost fails the build. PHILOX_MAKE_ARGS
# adds make arguments, such as C=2 for sparse.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

kdir=$1 out=$2
shift 2

mkdir -p "$out"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
	"$top/Kbuild" "$top/module" "$top/include" "$top/kunit" \
	"$top/samples" "$out/"
mkdir -p "$out/bench"
rsync -a --delete "$top/bench/kernel" "$out/bench/"
# shellcheck disable=SC2206
args=(-C "$kdir" M="$out" W=1 KCFLAGS=-Werror ${PHILOX_MAKE_ARGS:-})
for extra in "$@"; do
	case $extra in
	kunit) args+=(PHILOX_KUNIT=y) ;;
	bench) args+=(PHILOX_BENCH=y) ;;
	selftest) args+=(PHILOX_SELFTEST=y) ;;
	*) die "build-module.sh: unknown $extra" ;;
	esac
done
make "${args[@]}" modules 2>&1 | tee "$out/build.log"
if grep -E 'warning|error:' "$out/build.log"; then
	log "warnings building against $kdir"
	exit 1
fi
