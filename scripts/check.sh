#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [STAGE...]: the test command behind `make check`.
#
# Stages, all by default, in this order:
#   deps    install the Debian packages the rest needs
#   build   philox.ko with W=1 and -Werror against each stock kernel
#   lint    checkpatch.pl --strict and sparse (C=2) on our sources
#   kunit   the debug kernel (KASAN, lockdep, UBSAN, kmemleak): KUnit
#           suites and userspace tests in one VM
#   vm      the userspace tests in VMs of the stock kernels
#   native  the SIMD bulk paths against Random123 on the host CPU (the VMs
#           lack AVX-512)
#   package DKMS, make install/uninstall, modinfo, man pages
#   platforms  arm64, armhf, i386, s390x, sid's newest kernel and clang
#           (scripts/platform-check.sh)
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
		"$here/build-module.sh" "$kdir" "$out/sparse" kunit
}

userspace_tests()
{
	check "userspace tests build (static)" "$out/logs/userspace-build.log" \
		make -C "$top/userspace-tests" OUT="$out/userspace"
	check "philoxcat builds as plain C11 with gcc and clang" \
		"$out/logs/philoxcat-cc.log" sh -c "
		make -C '$top/tools/philoxcat' OUT='$out/philoxcat-gcc' CC=gcc &&
		make -C '$top/tools/philoxcat' OUT='$out/philoxcat-clang' CC=clang-16"
}

# run_vm NAME VMLINUZ MODULE_DIR: one VM, its result lines recorded.
run_vm()
{
	local name=$1 vmlinuz=$2 moddir=$3

	"$here/mkinitramfs.sh" "$out/$name.cpio.gz" "$moddir" "$out/userspace" ||
		{ fail "$name: initramfs"; return; }
	"$here/run-vm.sh" "$name" "$vmlinuz" "$out/$name.cpio.gz" \
		"$out/logs" | tee -a "$PHILOX_RESULTS" >&2
}

stage_kunit()
{
	local kdir

	kdir=$(debug_kdir) || { fail "debug kernel builds"; return; }
	pass "debug kernel ready ($kdir)"
	check "kunit/philox_kunit_vectors.h is what NumPy generates now" \
		"$out/logs/kunit-vectors.log" sh -c \
		"/usr/bin/python3 '$here/gen-kunit-vectors.py' '$top/kunit/vectors' '$out/kunit-vectors.h' &&
		 diff -u '$top/kunit/philox_kunit_vectors.h' '$out/kunit-vectors.h'"
	check "debug: philox.ko and philox_kunit.ko build with W=1" \
		"$out/logs/build-debug.log" \
		"$here/build-module.sh" "$kdir" "$out/debug" kunit || return
	[ -d "$out/userspace" ] || userspace_tests
	run_vm debug "$kdir/arch/x86/boot/bzImage" "$out/debug"
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
# platform_test, except clang-6.12 (a build). amd64-5.10 also exists.
PLATFORM_TARGETS=${PHILOX_PLATFORM_TARGETS:-"arm64-6.1 arm64-6.12 armhf-6.12
i386-6.1 s390x-6.12 amd64-sid clang-6.12"}

stage_platforms()
{
	local target start

	for target in $PLATFORM_TARGETS; do
		start=$(date +%s)
		"$here/platform-check.sh" "$target" "$out/platforms"
		log "$target: $(($(date +%s) - start)) s"
	done
}

stages=${*:-deps build lint kunit vm native package platforms}
rm -rf "$out/userspace"
for stage in $stages; do
	log "stage $stage"
	"stage_$stage"
done

passed=$(grep '^ok - ' "$PHILOX_RESULTS" | grep -vc '# SKIP')
skipped=$(grep '^ok - ' "$PHILOX_RESULTS" | grep -c '# SKIP')
failed=$(grep -c '^not ok - ' "$PHILOX_RESULTS")
if [ "$failed" -gt 0 ]; then
	echo "Failed checks:"
	grep '^not ok - ' "$PHILOX_RESULTS"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
