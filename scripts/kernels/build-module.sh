#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh TARGET OUTDIR [kunit] [bench] [selftest]: build philox.ko
# (and with "kunit" philox_kunit.ko, with "bench" philox_bench.ko, with
# "selftest" philox_gen_selftest.ko and philox_sample_order.ko) against
# the kernel of TARGET (scripts/targets) with the compiler that built it,
# in a copy of the sources at OUTDIR, with W=1 and warnings as errors. A
# warning from the compiler or modpost fails the build. PHILOX_MAKE_ARGS
# adds make arguments, such as C=2 for sparse.
#
# Every build keeps its -fstack-usage files, and OUTDIR/frames.txt sums the
# stack frames on the way from read() to the generator: the deepest way
# through the read path (its stack buffer) and the largest generator.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

name=$1 out=$2
shift 2
target "$name"

# shellcheck disable=SC2206
args=(W=1 KCFLAGS=-Werror CFLAGS_MODULE=-fstack-usage ${PHILOX_MAKE_ARGS:-})
for extra in "$@"; do
	case $extra in
	kunit) args+=(PHILOX_KUNIT=y) ;;
	bench) args+=(PHILOX_BENCH=y) ;;
	selftest) args+=(PHILOX_SELFTEST=y) ;;
	*) die "build-module.sh: unknown $extra" ;;
	esac
done
[ -z "$T_TRIPLE" ] || args+=("CROSS_COMPILE=$T_TRIPLE-")
[ "$T_KERNEL" != clang ] || args+=("LLVM=-${T_CC#clang-}")
read -r kdir _ < <("$here/kernel.sh" "$name")
[ -n "$kdir" ] || die "$name: no kernel"
read -r bin _ _ < <("$here/toolchain.sh" "$name")
[ "$bin" = - ] || PATH=$bin:$PATH

# The sources, as the kernel's M= builds them.
rm -rf "$out"
mkdir -p "$out/bench"
rsync -a "$PHILOX_TOP/Kbuild" "$PHILOX_TOP/module" "$PHILOX_TOP/include" \
	"$PHILOX_TOP/kunit" "$PHILOX_TOP/samples" "$out/"
rsync -a "$PHILOX_TOP/bench/kernel" "$out/bench/"

if [ "$T_CC" = sid ]; then
	# sid's kernel needs sid's compiler: build in the sid chroot.
	release=${kdir##*/linux-headers-}
	root=${kdir%/usr/src/*}
	rm -rf "$root/tmp/philox-build"
	cp -a "$out" "$root/tmp/philox-build"
	"$here/sid-chroot.sh" "$release" make -C "/usr/src/linux-headers-$release" \
		M=/tmp/philox-build "${args[@]}" modules 2>&1 | tee "$out/build.log"
	rm -rf "$out" && cp -a "$root/tmp/philox-build" "$out"
else
	make -C "$kdir" M="$out" "${args[@]}" modules 2>&1 | tee "$out/build.log"
fi
[ -f "$out/philox.ko" ] || die "no philox.ko built against $kdir"
if grep -E 'warning|error:' "$out/build.log"; then
	log "warnings building against $kdir"
	exit 1
fi

# frames: the read path's frames from the -fstack-usage files.
read_path="philox_read_iter philox_read_blocks philox_copy_blocks_on_stack
philox_copy_blocks philox_bulk_generate"
generators="philox_generate_blocks philox_generate_blocks_avx2
philox_generate_blocks_avx512"
line="" path=0 gen=0
for f in $read_path $generators; do
	n=$(grep -h -P ":${f}(\\.[a-z]+\\.?[0-9]*)?\\t" "$out"/module/*.su |
		cut -f2 | sort -n | tail -n 1 || true)
	[ -n "$n" ] || continue
	line="$line $f=$n"
	case " ${read_path//$'\n'/ } " in
	*" $f "*) path=$((path + n)) ;;
	*) [ "$n" -le "$gen" ] || gen=$n ;;
	esac
done
echo "read path $((path + gen)) bytes:$line" > "$out/frames.txt"
