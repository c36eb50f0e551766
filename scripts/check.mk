# SPDX-License-Identifier: GPL-2.0
#
# The stages of `make check`, declared: scripts/check.sh runs
# `make -j3 -k -O -f scripts/check.mk [STAGE...]`. Each stage is a target
# whose stamp, $(R)/STAGE, holds its result lines (scripts/stage.sh writes
# it when the stage is done); its prerequisites are the stages it needs,
# so make runs side by side whatever is ready, and a stage that failed
# stops only those after it. The caches behind the stages (the kernels,
# the compilers, the apt lists) take a lock of their own
# (cached in scripts/lib.sh), so any two stages may meet there.
#
# Stages of every target of scripts/targets (TARGET is its name):
#   kernel-TARGET    its kernel and compiler, from Debian or built
#   module-TARGET    philox.ko and the test modules build, W=1, no warnings
#   platform-TARGET  tests "platform": platform_test, the tour, NumPy's
#                    Generator replayed, the sample, in a VM
#   vm-TARGET        tests "suite": the userspace suite in a VM
# and these, each declared once below: deps, kernel-source, lint, vectors,
# userspace, native, package, kunit, kcsan, rngwait.

S := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
TOP := $(patsubst %/,%,$(dir $(S)))
OUT := $(PHILOX_OUT)
R := $(OUT)/results
export PHILOX_OUT

stage := $(S)/stage.sh
begin = @$(stage) begin $(@F)
end = @$(stage) end $(@F)
# $(call check,DESC,LOG,COMMAND): a check of the stage, its output in
# $(OUT)/logs/LOG; need: the same, but the stage stops if it fails.
check = @$(stage) check $(@F) "$(strip $(1))" $(strip $(2)) $(3)
need = @$(stage) need $(@F) "$(strip $(1))" $(strip $(2)) $(3)
run = @$(stage) run $(@F)

# rows TESTS: the targets whose tests include TESTS.
rows = $(shell awk '!/^\#/ && NF && $$NF ~ /(^|,)$(1)(,|$$)/ { print $$1 }' \
	$(S)/targets)
# row TARGET COLUMN: one field of a row, as scripts/targets numbers them.
row = $(shell awk '$$1 == "$(1)" { print $$$(2) }' $(S)/targets)
SUITE_ROWS := $(call rows,suite)
PLATFORM_ROWS := $(call rows,platform)
BUILD_ROWS := $(sort $(call rows,build) $(SUITE_ROWS) $(PLATFORM_ROWS))

# The steps of scripts/guest/init.sh that every suite VM ends with: the
# impl parameter, the module's lifetime, open/close churn, the last rmmod.
LIFETIME := impl pinned lifetime churn rmmod

# Three jobs on two cores: two kernels compile from an empty cache while
# the third job downloads (Debian's kernels, the compilers), and later
# three VMs share the cores. The heavy stages go first: the stages that
# load the CPU (below: HEAVY_FIRST) wait until the debug and KCSAN modules
# are built, so that make, which starts jobs in the order of `all`, has
# the kunit and kcsan VMs running before them rather than last.
all: $(R)/kunit $(R)/kcsan $(R)/lint $(R)/vectors \
	$(addprefix $(R)/vm-,$(SUITE_ROWS)) $(R)/rngwait \
	$(addprefix $(R)/platform-,$(PLATFORM_ROWS)) \
	$(addprefix $(R)/module-,$(BUILD_ROWS)) $(R)/native $(R)/package

$(R)/deps:
	$(begin)
	$(call need,Debian packages installed,deps.log,$(S)/checks/deps.sh)
	$(end)

$(R)/kernel-source: $(R)/deps
	$(begin)
	$(call need,Debian's linux-source-6.12 unpacked,kernel-source.log,\
		$(S)/kernels/kernel-source.sh)
	$(end)

# A target's kernel: Debian's (and its compiler), or built from source.
$(R)/kernel-%: $(R)/deps $(R)/kernel-source
	$(begin)
	$(call need,$*: kernel and compiler ready,kernel-$*.log,\
		sh -c '$(S)/kernels/kernel.sh $* && $(S)/kernels/toolchain.sh $*')
	$(end)

# philox.ko and the test modules of each target, built with W=1 as errors;
# the debug kernel's with the KUnit suites, the KCSAN kernel's with 64-bit
# stack frames (allnoconfig leaves the 32-bit CONFIG_FRAME_WARN, 1024, and
# KCSAN's instrumentation takes the AVX-512 generator to 1088 bytes).
# clang's build also checks that both SIMD paths are still made of
# vpmuludq.
module.debug := kunit
make.kcsan := CONFIG_FRAME_WARN=2048
check_simd = $(call check,$(1): the AVX2 and AVX-512 paths use vpmuludq,\
	simd-$(1).log,sh -c 'objdump -d $(OUT)/module/$(1)/module/philox_simd.o | \
	grep -q "vpmuludq.*%ymm" && \
	objdump -d $(OUT)/module/$(1)/module/philox_simd.o | \
	grep -q "vpmuludq.*%zmm"')
check.clang-6.12 = $(call check_simd,clang-6.12)
define module_recipe
	$(begin)
	$(call need,$*: philox.ko builds with W=1 and no warnings,build-$*.log,\
		env PHILOX_MAKE_ARGS="$(make.$*)" $(S)/kernels/build-module.sh \
		$* $(OUT)/module/$* selftest $(module.$*))
	$(check.$*)
	$(end)
endef

HEAVY_FIRST := | $(R)/module-debug $(R)/module-kcsan
$(R)/module-debug $(R)/module-kcsan: $(R)/module-%: $(R)/kernel-%
	$(module_recipe)
$(addprefix $(R)/module-,$(BUILD_ROWS)): $(R)/module-%: $(R)/kernel-% \
		$(HEAVY_FIRST)
	$(module_recipe)

$(R)/lint: $(R)/kernel-debug $(HEAVY_FIRST)
	$(begin)
	$(call check,checkpatch.pl --strict finds nothing,checkpatch.log,\
		sh -c '$(S)/checks/checkpatch.sh $$($(S)/kernels/kernel-source.sh)')
	$(call check,no wiping in module/ - one policy (Documentation/reliability.rst),\
		wipe-policy.log,\
		sh -c "! grep -rnE 'memzero_explicit|kfree_sensitive' $(TOP)/module")
	$(call check,sparse (make C=2) finds nothing,sparse.log,\
		env PHILOX_MAKE_ARGS=C=2 $(S)/kernels/build-module.sh debug \
		$(OUT)/sparse kunit bench selftest)
	$(end)

$(R)/vectors: $(R)/deps
	$(begin)
	$(call check,kunit/philox_kunit_vectors.h is what NumPy generates now,\
		kunit-vectors.log,sh -c "/usr/bin/python3 \
		$(TOP)/kunit/gen-kunit-vectors.py $(TOP)/kunit/vectors \
		$(OUT)/kunit-vectors.h && diff -u \
		$(TOP)/kunit/philox_kunit_vectors.h $(OUT)/kunit-vectors.h")
	$(call check,kunit/philox_generator_vectors.h is what NumPy generates now,\
		generator-vectors.log,sh -c "/usr/bin/python3 -B \
		$(TOP)/kunit/gen-generator-vectors.py $(OUT)/generator-vectors.h && \
		diff -u $(TOP)/kunit/philox_generator_vectors.h \
		$(OUT)/generator-vectors.h")
	$(end)

# The userspace suite (static, the host's gcc) and philoxcat's own checks.
$(R)/userspace: $(R)/kernel-source
	$(begin)
	$(call need,userspace tests build (static),userspace-build.log,\
		make -C $(TOP)/userspace-tests OUT=$(OUT)/userspace)
	$(call check,philoxcat builds as plain C11 with gcc and clang,\
		philoxcat-cc.log,sh -c "\
		make -C $(TOP)/tools/philoxcat OUT=$(OUT)/philoxcat-gcc CC=gcc && \
		make -C $(TOP)/tools/philoxcat OUT=$(OUT)/philoxcat-clang CC=clang-16")
	$(call check,philoxcat's Philox inverse against NumPy's vectors (host),\
		inverse-test.log,$(S)/checks/inverse-test.sh $(OUT)/inverse)
	$(end)

# The SIMD bulk paths against Random123 on the host CPU (the VMs lack
# AVX-512); `native impls` names the bulk generators for the guests.
$(R)/native: $(R)/deps
	$(begin)
	$(call need,native benchmark programs build,native-build.log,\
		make -C $(TOP)/bench OUT=$(OUT)/bench)
	$(run) bash -o pipefail -c \
		'$(OUT)/bench/native verify | tee -a $$PHILOX_RESULTS >&2'
	$(end)

$(R)/package: $(R)/deps $(HEAVY_FIRST)
	$(begin)
	$(run) bash -o pipefail -c \
		'$(S)/checks/package-check.sh 2>> $(OUT)/logs/package.log | \
		tee -a $$PHILOX_RESULTS >&2'
	$(end)

# The VM stages: $(call vm,TARGET,TEST_DIR,STEPS). STEPS are programs of
# TEST_DIR/bin and checks of scripts/guest/init.sh (scripts/vm/vm-stage.sh).
vm = $(run) $(S)/vm/vm-stage.sh $(@F) $(1) $(2) $(3)

# The debug kernel (KASAN, lockdep, UBSAN, kmemleak, fault injection):
# KUnit, the suite but the tests of philoxcat's own logic (the stock
# kernels run them) and fault_test (failslab, fail_usercopy), which only
# this kernel can run.
$(R)/kunit: $(R)/module-debug $(R)/userspace $(R)/native
	$(begin)
	$(call vm,debug,$(OUT)/userspace,insmod kunit @suite \
		-philoxcat_generator_test -disk_test fault_test $(LIFETIME) \
		kmemleak failslab fail_usercopy)
	$(end)

# The KCSAN kernel: the tests that share files between threads and
# processes, the fuzzer and race_test (each ioctl against reads in tight
# loops, as KCSAN samples). A KCSAN report is a splat ("BUG: KCSAN:").
$(R)/kcsan: $(R)/module-kcsan $(R)/userspace $(R)/native
	$(begin)
	$(call vm,kcsan,$(OUT)/userspace,insmod share_test contract_test \
		robust_test fuzz_test race_test mm_test $(LIFETIME) kcsan)
	$(end)

# Open before the kernel RNG is ready: Debian's 6.12 on a CPU without
# RDRAND and RDSEED, not trusting the CPU or the boot loader, no
# virtio-rng. philox_rng=not_ready reaches init, and rng_wait_test, as an
# environment variable: with it, an RNG already ready fails the test.
$(R)/rngwait: $(R)/module-6.12 $(R)/userspace $(R)/native $(HEAVY_FIRST)
	$(begin)
	@PHILOX_VM_CPU=qemu64 PHILOX_VM_APPEND="random.trust_cpu=off \
		random.trust_bootloader=off philox_rng=not_ready" \
		$(call vm,6.12,$(OUT)/userspace,kmod insmod rng_wait_test \
		seed_test $(LIFETIME) rngwait)
	$(end)

# The suite, built with the target's compiler where it is not the host's.
.SECONDEXPANSION:
userspace.of = $(if $(filter host sid,$(call row,$(1),7)),userspace,userspace-$(1))
$(R)/vm-%: $(R)/module-% $(R)/$$(call userspace.of,$$*) $(R)/native \
	$(HEAVY_FIRST)
	$(begin)
	$(call vm,$*,$(OUT)/$(call userspace.of,$*),kmod insmod @suite $(LIFETIME))
	$(end)

$(R)/userspace-%: $(R)/kernel-% $(R)/userspace
	$(begin)
	$(call need,$*: userspace tests build (static),userspace-build-$*.log,\
		sh -c 'make -C $(TOP)/userspace-tests OUT=$(OUT)/userspace-$* \
		CC="$$($(S)/kernels/toolchain.sh $* | cut -d" " -f3-)"')
	$(end)

# platform_test, the tour and philoxcat's inverse, built for the target,
# with the sample's choices as NumPy makes them.
$(R)/platform-%: $(R)/module-% $(R)/native $(HEAVY_FIRST)
	$(begin)
	$(call need,$*: platform_test and the tour build (static),\
		platform-build-$*.log,$(S)/checks/platform-programs.sh $* \
		$(OUT)/platform/$*)
	$(call vm,$*,$(OUT)/platform/$*,insmod platform_test tour \
		inverse_test gen_selftest sample_order one_mib rmmod)
	$(end)

# The stamps are results, never intermediate files to clean up.
.SECONDARY:
.PHONY: all
