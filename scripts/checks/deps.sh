#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh [PACKAGE...]: install the Debian packages the harness needs, and
# those named, where missing.
set -euo pipefail

. "$(dirname "$0")/../lib.sh"

packages="build-essential bc bison flex libelf-dev libssl-dev kmod cpio
gzip xz-utils zstd busybox-static rsync python3-numpy sparse
librandom123-dev linux-source-6.12 linux-headers-amd64
linux-headers-6.12-amd64 debootstrap
qemu-system-x86 qemu-system-arm qemu-system-misc qemu-system-ppc
clang-16 lld-16 llvm-16"
# gcc-multilib builds the 32-bit (compat_ioctl) tests; they are skipped
# where it cannot be installed.
optional=gcc-multilib

missing=()
for pkg in $packages "$@"; do
	dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
		grep -q "install ok installed" || missing+=("$pkg")
done
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
install()
{
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends "$@" >&2
}

if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	$SUDO apt-get update -q >&2
	install "${missing[@]}"
fi
for pkg in $optional; do
	dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
		grep -q "install ok installed" ||
		install "$pkg" || log "optional package $pkg did not install"
done
