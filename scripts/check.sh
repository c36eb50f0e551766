#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [STAGE...]: the test command behind `make check`.
#
# Stages, all by default (deps and build first, then the rest in two
# lanes side by side; see the end of this file):
#   deps    install the Debian packages the rest needs
#   build   philox.ko with W=1 and -Werror against each stock kernel
#   lint    checkpatch.pl --strict and sparse (C=2) on our sources
#   kunit   the debug kernel (KASAN, lockdep, UBSAN, kmemleak, fault
#           injection): KUnit suites, userspace tests and fault_test
#           (failslab, fail_usercopy) in one VM
#   kcsan   the KCSAN kernel: the sharing, stress, fuzz and mm tests
#   vm      the userspace tests in VMs of the stock kernels
#   rngwait open before the kernel RNG is ready (stock 6.12, -cpu qemu64)
#   native  the SIMD bulk paths against Random123 on the host CPU (the VMs
#           lack AVX-512)
#   package DKMS, make install/uninstall, modinfo, man pages
#   platforms  arm64, armhf, i386, s390x, 5.10, sid's newest kernel and
#           clang (scripts/platform-check.sh); platforms_foreign and
#           platforms_x86 are its two halves
#
# Every host check prints "ok - ..." or "not ok - ..."; the VMs' KTAP
# (KUnit, the selftests, the shell tests) becomes such lines through
# scripts/vm-results.py, one per test case. The last line is "N passed,
# N failed, N skipped" and the exit status is non-zero on any failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

out=${PHILOX_BUILD_DIR:-$top/build}
mkdir -p "$out/logs"
PHILOX_RESULTS=$out/results.txt
: > "$PHILOX_RESULTS"
export PHILOX_RESULTS

# The stock kernels of the build matrix, and those the VM suites boot.
BUILD_KERNELS=${PHILOX_BUILD_KERNELS:-"6.1 6.12 6.12-rt 6.12-cloud"}
VM_KERNELS=${PHILOX_VM_KERNELS:-"6.1 6.12 6.12-rt"}

stage_deps()
{
	check "Debian packages installed" "$out/logs/deps.log" "$here/deps.sh"
}

stage_build()
{
	local flavour kdir vmlinuz

	for flavour in $BUILD_KERNELS; do
		read -r kdir vmlinuz < <("$here/stock-kernel.sh" "$flavour" 2>> "$out/logs/deps.log") ||
			{ fail "$flavour: find Debian headers and image"; continue; }
		check "$flavour: philox.ko builds with W=1, no warnings" \
			"$out/logs/build-$flavour.log" \
			"$here/build-module.sh" "$kdir" "$out/stock-$flavour"
	done
}

debug_kdir()
{
	"$here/debug-kernel.sh" 2> "$out/logs/debug-kernel.log"
}

stage_lint()
{
	local kdir

	kdir=$(debug_kdir) || { fail "debug kernel builds"; return; }
	check "checkpatch.pl --strict finds nothing" "$out/logs/checkpatch.log" \
		"$here/checkpatch.sh" "$kdir/source"
	# README, Security: copies of keys and seeds are never wiped.
	check "no wiping in module/, one policy (README: Security)" \
		"$out/logs/wipe-policy.log" \
		sh -c "! grep -rnE 'memzero_explicit|kfree_sensitive' '$top/module'"
	check "sparse (make C=2) finds nothing" "$out/logs/sparse.log" \
		env PHILOX_MAKE_ARGS=C=2 \
		"$here/build-module.sh" "$kdir" "$out/sparse" kunit bench selftest
}

userspace_tests()
{
	check "userspace tests build (static)" "$out/logs/userspace-build.log" \
		make -C "$top/userspace-tests" OUT="$out/userspace"
	check "philoxcat builds as plain C11 with gcc and clang" \
		"$out/logs/philoxcat-cc.log" sh -c "
		make -C '$top/tools/philoxcat' OUT='$out/philoxcat-gcc' CC=gcc &&
		make -C '$top/tools/philoxcat' OUT='$out/philoxcat-clang' CC=clang-16"
	# Its Philox inverse (the verify report's), also without __int128
	# as 32-bit targets build it; the platforms run it on s390x too.
	check "philoxcat's Philox inverse against NumPy's vectors (host)" \
		"$out/logs/inverse-test.log" sh -c "
		make -C '$top/userspace-tests/platform' OUT='$out/inverse' \
			'$out/inverse/inverse_test' &&
		'$out/inverse/inverse_test' host &&
		gcc -O2 -Wall -Wextra -Werror -DPHILOX_NO_INT128 \
			-I'$top/include/uapi' -I'$top/tools/philoxcat' \
			-I'$out/inverse' -o '$out/inverse/inverse_test_no128' \
			'$top/userspace-tests/platform/inverse_test.c' \
			'$top/tools/philoxcat/philox_inverse.c' \
			'$top/tools/philoxcat/report.c' &&
		'$out/inverse/inverse_test_no128' host-no-int128"
}

# The kernel's own modules that the tests need, where the kernel has them
# as modules: mm_test's ext4 over a loop device (crc32c is ext4's soft
# dependency, which no modprobe in the guest would load); device-mapper
# for eio_test's disk with failing sectors.
GUEST_MODULES="loop crc32c_generic ext4 dm-mod"

# run_vm NAME VMLINUZ MODULE_DIR [TEST_DIR]: one VM, its result lines
# recorded. TEST_DIR (bin/, data/, tools/) is $out/userspace by default.
run_vm()
{
	local name=$1 vmlinuz=$2 moddir=$3 tests=${4:-$out/userspace}

	# shellcheck disable=SC2086
	"$here/guest-modules.sh" "$vmlinuz" "$out/$name-kmod" $GUEST_MODULES \
		2>> "$out/logs/deps.log" ||
		{ fail "$name: the kernel's modules for the tests"; return; }
	PHILOX_GUEST_KMOD=$out/$name-kmod \
		"$here/mkinitramfs.sh" "$out/$name.cpio.gz" "$moddir" "$tests" ||
		{ fail "$name: initramfs"; return; }
	"$here/run-vm.sh" "$name" "$vmlinuz" "$out/$name.cpio.gz" \
		"$out/logs" | tee -a "$PHILOX_RESULTS" >&2
}

stage_kunit()
{
	local kdir progs

	kdir=$(debug_kdir) || { fail "debug kernel builds"; return; }
	pass "debug kernel ready ($kdir)"
	check "kunit/philox_kunit_vectors.h is what NumPy generates now" \
		"$out/logs/kunit-vectors.log" sh -c \
		"/usr/bin/python3 '$here/gen-kunit-vectors.py' '$top/kunit/vectors' '$out/kunit-vectors.h' &&
		 diff -u '$top/kunit/philox_kunit_vectors.h' '$out/kunit-vectors.h'"
	check "kunit/philox_generator_vectors.h is what NumPy generates now" \
		"$out/logs/generator-vectors.log" sh -c \
		"/usr/bin/python3 -B '$here/gen-generator-vectors.py' '$out/generator-vectors.h' &&
		 diff -u '$top/kunit/philox_generator_vectors.h' '$out/generator-vectors.h'"
	check "debug: philox.ko and philox_kunit.ko build with W=1" \
		"$out/logs/build-debug.log" \
		"$here/build-module.sh" "$kdir" "$out/debug" kunit || return
	[ -d "$out/userspace" ] || userspace_tests
	# The whole suite but the tests of philoxcat's own logic (its Generator
	# and disk options: the stock kernels run them, and this kernel is for
	# the module's faults), and fault_test (failslab, fail_usercopy),
	# which only this kernel can run.
	mapfile -t progs < <(ls "$out/userspace/bin" |
		grep -vx -e philoxcat_generator_test -e disk_test)
	test_dir "$out/debug-tests" "${progs[@]}" fault_test
	run_vm debug "$kdir/arch/x86/boot/bzImage" "$out/debug" \
		"$out/debug-tests"
}

# test_dir DIR PROG...: a TEST_DIR for run_vm with these programs of
# $out/userspace (bin/ or extra/), its data and tools.
test_dir()
{
	local dir=$1 prog
	shift

	rm -rf "$dir"
	mkdir -p "$dir/bin"
	for prog; do
		cp "$out/userspace/bin/$prog" "$dir/bin/" 2> /dev/null ||
			cp "$out/userspace/extra/$prog" "$dir/bin/"
	done
	ln -s "$out/userspace/data" "$dir/data"
	ln -s "$out/userspace/tools" "$dir/tools"
}

# The KCSAN kernel (scripts/kcsan-kernel.config: KCSAN excludes KASAN)
# with the tests that share files between threads and processes, the
# stress, the fuzzer and race_test (each ioctl against reads in tight
# loops, as KCSAN samples). A KCSAN report is a splat ("BUG: KCSAN:").
stage_kcsan()
{
	local kdir

	kdir=$("$here/debug-kernel.sh" "$here/kcsan-kernel.config" \
		2> "$out/logs/kcsan-kernel.log") ||
		{ fail "KCSAN kernel builds (log: $out/logs/kcsan-kernel.log)"; return; }
	pass "KCSAN kernel ready ($kdir)"
	# allnoconfig leaves CONFIG_FRAME_WARN at 1024, the 32-bit value, and
	# KCSAN's instrumentation takes the AVX-512 generator to 1088 bytes:
	# the module is held to 2048, the 64-bit default (Debian's kernels').
	check "kcsan: philox.ko builds with W=1" "$out/logs/build-kcsan.log" \
		env PHILOX_MAKE_ARGS=CONFIG_FRAME_WARN=2048 \
		"$here/build-module.sh" "$kdir" "$out/kcsan" || return
	[ -d "$out/userspace" ] || userspace_tests
	test_dir "$out/kcsan-tests" share_test contract_test robust_test \
		fuzz_test race_test mm_test
	run_vm kcsan "$kdir/arch/x86/boot/bzImage" "$out/kcsan" \
		"$out/kcsan-tests"
}

# Open before the kernel RNG is ready: Debian's 6.12 on a CPU without
# RDRAND and RDSEED, not trusting the CPU or the boot loader, no
# virtio-rng. philox_rng=not_ready reaches init, and rng_wait_test, as an
# environment variable: with it, an RNG already ready fails the test.
stage_rngwait()
{
	local kdir vmlinuz

	read -r kdir vmlinuz < <("$here/stock-kernel.sh" 6.12 2>> "$out/logs/deps.log") ||
		{ fail "6.12: find Debian headers and image"; return; }
	[ -f "$out/stock-6.12/philox.ko" ] ||
		"$here/build-module.sh" "$kdir" "$out/stock-6.12" \
			> "$out/logs/build-6.12.log" 2>&1
	[ -d "$out/userspace" ] || userspace_tests
	test_dir "$out/rngwait-tests" rng_wait_test seed_test
	PHILOX_VM_CPU=qemu64 \
	PHILOX_VM_APPEND="random.trust_cpu=off random.trust_bootloader=off philox_rng=not_ready" \
		run_vm rngwait "$vmlinuz" "$out/stock-6.12" "$out/rngwait-tests"
}

stage_vm()
{
	local flavour kdir vmlinuz

	[ -d "$out/userspace" ] || userspace_tests
	for flavour in $VM_KERNELS; do
		read -r kdir vmlinuz < <("$here/stock-kernel.sh" "$flavour" 2>> "$out/logs/deps.log") ||
			{ fail "$flavour: find Debian headers and image"; continue; }
		[ -f "$out/stock-$flavour/philox.ko" ] ||
			"$here/build-module.sh" "$kdir" "$out/stock-$flavour" \
				> "$out/logs/build-$flavour.log" 2>&1
		run_vm "$flavour" "$vmlinuz" "$out/stock-$flavour"
	done
}

stage_native()
{
	check "native benchmark programs build" "$out/logs/native-build.log" \
		make -C "$top/bench" OUT="$out/bench"
	"$out/bench/native" verify 2>&1 | tee -a "$PHILOX_RESULTS" >&2 ||
		fail "native verify exited non-zero"
}

stage_package()
{
	"$here/package-check.sh" 2>> "$out/logs/package.log" |
		tee -a "$PHILOX_RESULTS" >&2
}

# Other architectures, kernels and compilers (scripts/platform-check.sh):
# each target's Debian kernel, headers and compiler are downloaded once
# into the cache; the module is built with W=1 -Werror and booted with
# platform_test, except clang-6.12 (a build).
PLATFORM_TARGETS=${PHILOX_PLATFORM_TARGETS:-"arm64-6.1 arm64-6.12 armhf-6.12
i386-6.1 s390x-6.12 amd64-5.10 amd64-sid clang-6.12"}

# Held while scripts/platform-fetch.sh fills the cache in the background.
PLATFORM_LOCK=$PHILOX_CACHE/platforms.lock

# platforms TARGET...: those targets, each timed, once the fetch is done.
platforms()
{
	local target start

	flock "$PLATFORM_LOCK" true
	for target; do
		start=$(date +%s)
		"$here/platform-check.sh" "$target" "$out/platforms"
		log "$target: $(($(date +%s) - start)) s"
	done
}

stage_platforms()
{
	# shellcheck disable=SC2086
	platforms $PLATFORM_TARGETS
}

# The targets split by what they download, for the two lanes: bookworm's
# foreign architectures, and the x86 kernels of other releases and clang.
stage_platforms_foreign()
{
	# shellcheck disable=SC2046
	platforms $(printf '%s\n' $PLATFORM_TARGETS | grep -Ev '^(amd64|clang)-')
}

stage_platforms_x86()
{
	# shellcheck disable=SC2046
	platforms $(printf '%s\n' $PLATFORM_TARGETS | grep -E '^(amd64|clang)-')
}

run_stage()
{
	local start

	log "stage $1"
	start=$(date +%s)
	"stage_$1"
	log "stage $1 took $(($(date +%s) - start)) s"
}

# run_lane NAME STAGE...: the stages in order, in the background, with
# their own results file and log, which finish_lanes merges.
run_lane()
{
	local name=$1 stage
	shift

	(
		PHILOX_RESULTS=$out/lane-$name.results
		: > "$PHILOX_RESULTS"
		for stage; do
			run_stage "$stage"
		done
	) 2> "$out/logs/lane-$name.log" &
}

# Wait for the lanes; their logs and results, lane by lane.
finish_lanes()
{
	local name

	wait
	for name; do
		cat "$out/logs/lane-$name.log" >&2
		cat "$out/lane-$name.results" >> "$PHILOX_RESULTS"
	done
}

rm -rf "$out/userspace"
if [ $# -gt 0 ]; then
	for stage; do
		run_stage "$stage"
	done
else
	# Downloads, the stock builds and the userspace tests first, which
	# every later stage shares. Then two lanes side by side: a VM keeps
	# about one of the two cores busy (most tests are one thread), and
	# with a cold cache the debug and KCSAN kernels compile at once while
	# the platforms download (platform-fetch.sh). Each lane holds the
	# stages that share a cache entry (lint and kunit the debug kernel),
	# and the lanes take about the same time from an empty cache, where
	# it counts (2026-12-06: a 779 s kernel, then about 390 s of stages,
	# against 764 s, then 380 to 450 s).
	run_stage deps
	run_stage build
	userspace_tests
	# The platforms' downloads, while the lanes compile and boot; their
	# stages wait for the lock it holds (fd 9, inherited).
	exec 9> "$PLATFORM_LOCK"
	flock 9
	# shellcheck disable=SC2086
	"$here/platform-fetch.sh" $PLATFORM_TARGETS \
		> "$out/logs/platform-fetch.log" 2>&1 &
	exec 9>&-
	run_lane a lint kunit rngwait native package platforms_x86
	run_lane b kcsan vm platforms_foreign
	finish_lanes a b
fi

passed=$(grep '^ok - ' "$PHILOX_RESULTS" | grep -vc '# SKIP')
skipped=$(grep '^ok - ' "$PHILOX_RESULTS" | grep -c '# SKIP')
failed=$(grep -c '^not ok - ' "$PHILOX_RESULTS")
if [ "$failed" -gt 0 ]; then
	echo "Failed checks:"
	grep '^not ok - ' "$PHILOX_RESULTS"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
