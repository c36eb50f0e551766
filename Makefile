# SPDX-License-Identifier: GPL-2.0
#
# philox: Philox4x64-10 and NumPy's SeedSequence as a Linux kernel module.
#
#   make                 build philox.ko against KDIR
#   make check           the whole test suite (Documentation/testing.rst)
#   make kunit           KUnit and the userspace tests on the debug kernel
#   make lint            checkpatch --strict and sparse
#   make vm              the userspace tests on Debian's stock kernels
#   make bench           throughput against /dev/urandom, Random123, NumPy
#   make demo            boot a VM with the module and show NumPy reproducing it
#   make soak DURATION=s threads, a child, ioctls and churn for s seconds on
#                        the debug kernel, then NumPy checks the stream
#   sudo make install    module, depmod, uapi header, philoxcat, man pages
#   sudo make uninstall
#   make clean

KDIR ?= $(shell $(CURDIR)/scripts/kernels/default-kdir.sh)
# The release modules go under: UTS_RELEASE, as Debian's headers differ
# from their kernel.release.
KRELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h)
PREFIX ?= /usr/local
DESTDIR ?=
MODDIR = $(DESTDIR)/lib/modules/$(KRELEASE)/updates

all: modules philoxcat

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

philoxcat:
	$(MAKE) -C tools/philoxcat

install: modules philoxcat
	install -D -m 644 philox.ko $(MODDIR)/philox.ko
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KRELEASE)
	install -D -m 644 include/uapi/linux/philox.h \
		$(DESTDIR)/usr/include/linux/philox.h
	$(MAKE) -C tools/philoxcat install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	install -D -m 644 man/philox.4 $(DESTDIR)$(PREFIX)/share/man/man4/philox.4
	install -D -m 644 man/philoxcat.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/philoxcat.1

uninstall:
	rm -f $(MODDIR)/philox.ko $(DESTDIR)/usr/include/linux/philox.h \
		$(DESTDIR)$(PREFIX)/bin/philoxcat \
		$(DESTDIR)$(PREFIX)/share/man/man4/philox.4 \
		$(DESTDIR)$(PREFIX)/share/man/man1/philoxcat.1
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KRELEASE)

clean:
	$(if $(wildcard $(KDIR)),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C tools/philoxcat clean
	rm -rf build

check:
	scripts/check.sh

kunit:
	scripts/check.sh kunit

lint:
	scripts/check.sh lint

vm:
	scripts/check.sh vm-6.1 vm-6.12 vm-6.12-rt

bench:
	scripts/bench.sh

demo:
	scripts/demo.sh

DURATION ?= 600
soak:
	scripts/soak.sh $(DURATION)

.PHONY: all modules philoxcat install uninstall clean check kunit lint vm bench demo soak
