#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-kernel.sh TARGET: Debian's kernel image and headers of a target of
# scripts/targets whose kernel is "debian", unpacked into
# $PHILOX_CACHE/debian-kernel/ARCH/RELEASE and never installed (installing
# an image runs its initramfs hooks for minutes and makes it the machine's
# kernel). Prints "KDIR VMLINUZ"; the image's modules stay beside it, in
# (usr/)lib/modules: scripts/kernels/guest-modules.sh takes the loop device
# and ext4 from there for the suite.
#
# The headers' scripts and tools links point at the amd64 linux-kbuild of
# the same version, whose modpost handles every word size and byte order.
# sid's headers need sid's compiler: they are in scripts/kernels/sid-chroot.sh,
# and KDIR is the path there.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

target "$1"
[ "$T_KERNEL" = debian ] || die "$1: not a Debian kernel"
if [ "$T_APT" = host ]; then
	apt=(apt-get -o APT::Sandbox::User=root) cache=(apt-cache) at=
else
	apt=("$here/debian-apt.sh" "$T_APT") cache=("${apt[@]}")
	at=":$T_ARCH${T_SUITE:+/$T_SUITE}"
fi

# depends PACKAGE PATTERN: the first of PACKAGE's dependencies that matches.
depends()
{
	"${cache[@]}" show --no-all-versions "$1${at%%/*}" 2> /dev/null |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n "s/^ *\\($2\\).*/\\1/p" | head -n 1
}

# The image package: the meta package's, or the newest by name.
if [ "$T_PACKAGE" = newest ]; then
	image=$("${cache[@]}" search "^linux-image-[0-9][^ ]*-$T_ARCH\$" 2>/dev/null |
		awk '{print $1}' | grep -E "^linux-image-[0-9][^ ]*-$T_ARCH\$" |
		grep -v -e -rt- -e -cloud- | sort -V | tail -n 1)
elif [ -n "$T_SUITE" ] && [ "$T_SUITE" != "$T_APT" ]; then
	# apt-cache show cannot pick a suite: the meta package's .deb can.
	tmp=$(mktemp -d)
	(cd "$tmp" && "${apt[@]}" download "$T_PACKAGE$at" >&2)
	image=$(dpkg-deb -f "$tmp"/*.deb Depends | tr ',' '\n' |
		sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -n 1)
	rm -rf "$tmp"
else
	image=$(depends "$T_PACKAGE" 'linux-image-[^ ]*')
fi
[ -n "$image" ] || die "$1: no image package behind $T_PACKAGE"
release=${image#linux-image-}
release=${release%-unsigned}
dir=$PHILOX_CACHE/debian-kernel/$T_ARCH/$release

# download DIR PACKAGE...: the .debs into DIR.
download()
{
	local dir=$1
	shift
	(cd "$dir" && "${apt[@]}" download "$@" >&2)
}

unpack()
{
	local dir=$1 debs=$1/debs deps version common kbuild binary deb prog
	local newer=

	# "set -e" is off in a function called with "||": every step checks.
	log "$T_NAME: downloading Debian's $release"
	mkdir -p "$debs"
	download "$debs" "$image$at" || return 1
	# Newer kernels split the image package: vmlinuz is in linux-binary.
	binary=$(dpkg-deb -f "$debs/$image"_*.deb Depends | tr ',' '\n' |
		sed -n 's/^ *\(linux-binary-[^ ]*\).*/\1/p' | head -n 1)
	[ -z "$binary" ] || download "$debs" "$binary$at" || return 1
	if [ "$T_CC" != sid ]; then
		download "$debs" "linux-headers-$release$at" || return 1
		deps=$(dpkg-deb -f "$debs"/linux-headers-*.deb Depends | tr ',' '\n')
		version=$(dpkg-deb -f "$debs"/linux-headers-*.deb Version)
		common=$(echo "$deps" |
			sed -n 's/^ *\(linux-headers-[^ ]*-common[^ ]*\).*/\1/p')
		kbuild=$(echo "$deps" | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p')
		download "$debs" "$common=$version" \
			"$kbuild${at:+:amd64}=$version" || return 1
		# kbuild's programs of a newer glibc: run through their loader.
		if [ -n "$at" ] && newer_libc "$T_APT"; then
			# shellcheck disable=SC2086
			download "$debs" $NEWER_LIBC_PACKAGES || return 1
			newer=y
		fi
	fi
	for deb in "$debs"/*.deb; do
		dpkg -x "$deb" "$dir" || return 1
	done
	rm -rf "$debs"
	if [ -n "$newer" ]; then
		find "$dir"/usr/lib/linux-kbuild-* -type f -perm -u+x |
		while read -r prog; do
			[ "$(head -c 4 "$prog")" = $'\x7fELF' ] || continue
			mv "$prog" "$prog.elf"
			run_with_loader -0 "$dir" "$prog.elf" "$prog"
		done
	fi
	kdir=$dir/usr/src/linux-headers-$release
	if [ -f "$kdir/Makefile" ]; then
		sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$kdir/Makefile"
	fi
	# Newer kernels keep vmlinuz in /usr/lib/modules; powerpc's is an ELF
	# vmlinux, which qemu's pseries loads as it is.
	if [ ! -e "$dir/boot/vmlinuz-$release" ]; then
		mkdir -p "$dir/boot"
		for prog in "$dir/usr/lib/modules/$release/vmlinuz" \
			    "$dir/boot/vmlinux-$release"; do
			[ ! -f "$prog" ] ||
				ln -sf "$prog" "$dir/boot/vmlinuz-$release"
		done
	fi
	[ -f "$dir/boot/vmlinuz-$release" ] || { log "no vmlinuz in $image"; return 1; }
}
cached "$dir" unpack || die "$1: cannot unpack Debian's $release"

kdir=$dir/usr/src/linux-headers-$release
[ "$T_CC" != sid ] ||
	kdir=$("$here/sid-chroot.sh" "$release")/usr/src/linux-headers-$release
echo "$kdir $dir/boot/vmlinuz-$release"
