# SPDX-License-Identifier: GPL-2.0
#
# philox: Philox4x64-10 and NumPy's SeedSequence as a Linux kernel module.
#
#   make                 build philox.ko against KDIR
#   make check           the whole test suite (see README.md)
#   make kunit           KUnit and the userspace tests on the debug kernel
#   make lint            checkpatch --strict and sparse
#   make vm              the userspace tests on Debian's stock kernels
#   make bench           throughput against /dev/urandom, Random123, NumPy
#   make clean

KDIR ?= $(shell $(CURDIR)/scripts/default-kdir.sh)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(if $(wildcard $(KDIR)),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	rm -rf build

check:
	scripts/check.sh

kunit:
	scripts/check.sh deps kunit

lint:
	scripts/check.sh deps lint

vm:
	scripts/check.sh deps build vm

bench:
	scripts/bench.sh

.PHONY: all modules clean check kunit lint vm bench
