#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# platform-check.sh TARGET OUTDIR: one target of the platforms stage of
# check.sh. Builds philox.ko with W=1 and warnings as errors against the
# target's Debian kernel with the compiler that built it, boots that kernel
# in qemu with the module and platform_test and the tour
# (userspace-tests/platform; NumPy-checked, byte-exact, quick) and
# philox_gen_selftest.ko (NumPy's Generator vectors, replayed at load:
# these kernels have no KUnit); for the
# targets in PHILOX_PLATFORM_SUITE ("all" for every one; amd64-sid and
# amd64-5.10 by default) boots it again with the whole userspace suite
# built for the architecture, as the vm stage runs it. Records the result
# lines in $PHILOX_RESULTS; the stack frames of the read path go to
# OUTDIR/TARGET/frames.txt.
#
# TARGET (see scripts/foreign-kernel.sh): amd64-5.10, amd64-sid, arm64-6.1,
# arm64-6.12, armhf-6.12, i386-6.1, s390x-6.12; or clang-6.12, a build
# only, with clang (LLVM=-16) against scripts/clang-kernel.sh's tree.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

target=$1
out=$2/$target
logs=$2/logs
mkdir -p "$out" "$logs"
build_log=$logs/build-$target.log

# Functions on the way from read() to the generator, in philox.ko: all of
# READ_PATH (its deepest way, through the stack buffer) and the largest
# generator.
READ_PATH="philox_read_iter philox_read_blocks philox_copy_blocks_on_stack
philox_copy_blocks philox_bulk_generate"
GENERATORS="philox_generate_blocks philox_generate_blocks_avx2
philox_generate_blocks_avx512"

# frames DIR: the read path's frames from the -fstack-usage files of DIR.
frames()
{
	local su=("$1"/module/*.su) f n line="" path=0 gen=0

	for f in $READ_PATH $GENERATORS; do
		n=$(grep -h -P ":${f}(\\.[a-z]+\\.?[0-9]*)?\\t" "${su[@]}" |
			cut -f2 | sort -n | tail -n 1)
		[ -n "$n" ] || continue
		line="$line $f=$n"
		case " ${READ_PATH//$'\n'/ } " in
		*" $f "*) path=$((path + n)) ;;
		*) [ "$n" -le "$gen" ] || gen=$n ;;
		esac
	done
	echo "read path $((path + gen)) bytes:$line"
}

# The module: a compiler, make arguments, then build-module.sh; from
# scratch, for every -fstack-usage file.
rm -rf "$out/module"
args=(CFLAGS_MODULE=-fstack-usage)
case "$target" in
clang-6.12)
	kdir=$("$here/clang-kernel.sh" 2> "$logs/clang-kernel-$target.log") ||
		{ fail "$target: clang-prepared 6.12 tree"; exit 0; }
	args+=(LLVM=-16)
	check "$target: philox.ko builds with clang (LLVM=-16), W=1, no warnings" \
		"$build_log" env PHILOX_MAKE_ARGS="${args[*]}" \
		"$here/build-module.sh" "$kdir" "$out/module" || exit 0
	# Both SIMD paths must still be made of vpmuludq.
	simd=$(objdump -d "$out/module/module/philox_simd.o")
	ymm=$(echo "$simd" | grep -c 'vpmuludq.*%ymm')
	zmm=$(echo "$simd" | grep -c 'vpmuludq.*%zmm')
	if [ "$ymm" -gt 0 ] && [ "$zmm" -gt 0 ]; then
		pass "$target: AVX2 and AVX-512 paths use vpmuludq ($ymm, $zmm)"
	else
		fail "$target: AVX2 and AVX-512 paths use vpmuludq ($ymm, $zmm)"
	fi
	frames "$out/module" > "$out/frames.txt"
	exit 0
	;;
esac

read -r arch kdir vmlinuz _ < <("$here/foreign-kernel.sh" "$target" \
	2> "$logs/kernel-$target.log") ||
	{ fail "$target: Debian's headers and image"; exit 0; }
release=$(basename "$vmlinuz")
release=${release#vmlinuz-}
tc=$(platform_toolchain "$target" "$arch")
bin=/usr/bin busybox=/bin/busybox
if [ -n "$tc" ]; then
	read -r bin busybox < <("$here/cross-toolchain.sh" "$tc" \
		2> "$logs/toolchain-$target.log") ||
		{ fail "$target: toolchain"; exit 0; }
fi
case "$arch" in
arm64)	args+=(CROSS_COMPILE=aarch64-linux-gnu-) ;;
armhf)	args+=(CROSS_COMPILE=arm-linux-gnueabihf-) ;;
s390x)	args+=(CROSS_COMPILE=s390x-linux-gnu-) ;;
esac

desc="$target: philox.ko builds against $release with W=1, no warnings"
if [ "$target" = amd64-sid ]; then
	# sid's kernel needs sid's compiler: build in the sid chroot.
	sid_build()
	{
		local root rc dir=/tmp/philox-build

		root=$("$here/sid-chroot.sh" "$release") || return 1
		rsync -a --delete "$top/Kbuild" "$top/module" "$top/include" \
			"$top/kunit" "$top/samples" "$root$dir/"
		"$here/sid-chroot.sh" "$release" make \
			-C "/usr/src/linux-headers-$release" M="$dir" W=1 \
			KCFLAGS=-Werror "${args[@]}" PHILOX_SELFTEST=y modules \
			> "$out/sid-build.log" 2>&1
		rc=$?
		cat "$out/sid-build.log"
		[ "$rc" = 0 ] || return 1
		rm -rf "$out/module" && cp -a "$root$dir" "$out/module"
		! grep -E 'warning|error:' "$out/sid-build.log"
	}
	check "$desc" "$build_log" sid_build
else
	check "$desc" "$build_log" env PATH="$bin:$PATH" \
		PHILOX_MAKE_ARGS="${args[*]}" \
		"$here/build-module.sh" "$kdir" "$out/module" selftest
fi
[ -f "$out/module/philox.ko" ] || exit 0
frames "$out/module" > "$out/frames.txt"

cc=gcc
[ -z "$tc" ] || cc=$bin/philox-cc

# initramfs OUT DIR...: a gzipped cpio of the directories' contents, one
# over the other.
initramfs()
{
	local out=$1 root

	shift
	root=$(mktemp -d)
	cp -a "$@" "$root/"
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
	rm -rf "$root"
}

# platform_test and the tour.
if check "$target: platform_test and tour build (static, $arch)" \
	"$logs/platform-test-$target.log" \
	make -C "$top/userspace-tests/platform" CC="$cc" OUT="$out/test"; then
	rm -rf "$out/vm" && mkdir -p "$out"/vm/{bin,dev,proc,sys,tmp,philox}
	cp "$busybox" "$out/vm/bin/busybox"
	install -m 755 "$here/platform-init.sh" "$out/vm/init"
	cp "$out/module/philox.ko" "$out/test/platform_test" \
		"$out/test/tour" "$out/test/inverse_test" \
		"$out/module/philox_gen_selftest.ko" \
		"$out/module/philox_sample_order.ko" "$out/vm/philox/"
	/usr/bin/python3 -B "$top/samples/philox/replay_random_order.py" \
		> "$out/vm/philox/sample-order.txt"
	echo "$target" > "$out/vm/philox/name"
	initramfs "$out/platform.cpio.gz" "$out/vm/."
	"$here/platform-vm.sh" "$arch" "$target" "$vmlinuz" \
		"$out/platform.cpio.gz" "$logs" | tee -a "$PHILOX_RESULTS" >&2
fi

# The whole userspace suite, built for the architecture, in the vm stage's
# initramfs, with the architecture's busybox and an /init that gives
# vm-init.sh a results port where there is only one (platform-suite-init.sh).
# By default on x86-64 only: elsewhere it adds a minute per target under
# emulation, and two tests assume x86-64: robust_test that copy_to_user()
# stops exactly at a fault (it stops short on arm64, armhf, i386), and
# fuzz_test's known answers native words (byte-swapped on s390x).
case " ${PHILOX_PLATFORM_SUITE:-amd64-sid amd64-5.10} " in
*" all "*|*" $target "*) ;;
*)	exit 0 ;;
esac
check "$target: userspace tests build (static, $arch)" \
	"$logs/userspace-build-$target.log" \
	make -C "$top/userspace-tests" CC="$cc" OUT="$2/userspace-$arch" ||
	exit 0
"$here/mkinitramfs.sh" "$out/suite.cpio.gz" "$out/module" \
	"$2/userspace-$arch" || { fail "$target-suite: initramfs"; exit 0; }
rm -rf "$out/overlay" && mkdir -p "$out"/overlay/{bin,philox}
cp "$busybox" "$out/overlay/bin/busybox"
install -m 755 "$here/platform-suite-init.sh" "$out/overlay/init"
install -m 755 "$here/vm-init.sh" "$out/overlay/philox/vm-init.sh"
initramfs "$out/overlay.cpio.gz" "$out/overlay/."
cat "$out/overlay.cpio.gz" >> "$out/suite.cpio.gz"
"$here/platform-vm.sh" "$arch" "$target-suite" "$vmlinuz" \
	"$out/suite.cpio.gz" "$logs" | tee -a "$PHILOX_RESULTS" >&2
