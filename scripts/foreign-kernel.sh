#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# foreign-kernel.sh TARGET: Debian's headers and image of a kernel the
# machine's apt does not offer (another architecture or suite), unpacked
# into $PHILOX_CACHE/foreign/ARCH/RELEASE and never installed. Prints
# "ARCH KDIR VMLINUZ IMAGE_ROOT"; IMAGE_ROOT holds the image's /lib/modules.
#
# TARGET is ARCH-KERNEL:
#   arm64-6.1 arm64-6.12 armhf-6.12 i386-6.1 s390x-6.12   bookworm(-backports)
#   amd64-5.10                                             bullseye
#   amd64-sid      the newest linux-image-*-amd64 in sid, by name
#
# The headers' scripts and tools links point at the amd64 linux-kbuild of
# the same version, whose modpost handles every word size and byte order;
# a cross compiler is scripts/cross-toolchain.sh's business. For sid only
# the image is unpacked here: its headers need sid's compiler, in
# scripts/sid-chroot.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

target=$1
arch=${target%%-*}
apt=("$here/debian-apt.sh")
case "$target" in
arm64-6.1)	apt+=(bookworm) flavour=arm64 suite=bookworm ;;
arm64-6.12)	apt+=(bookworm) flavour=arm64 suite=bookworm-backports ;;
armhf-6.12)	apt+=(bookworm) flavour=armmp-lpae suite=bookworm-backports ;;
i386-6.1)	apt+=(bookworm) flavour=686-pae suite=bookworm ;;
s390x-6.12)	apt+=(bookworm) flavour=s390x suite=bookworm-backports ;;
amd64-5.10)	apt+=(bullseye) flavour=amd64 suite= ;;
amd64-sid)	apt+=(sid) flavour=amd64 suite= ;;
*)		die "unknown target $target" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# download DIR PACKAGE...: the .debs into DIR.
download()
{
	local dir=$1
	shift
	(cd "$dir" && "${apt[@]}" download "$@" >&2)
}

# The release: the meta package of the flavour names the image package.
if [ "$target" = amd64-sid ]; then
	image=$("${apt[@]}" search '^linux-image-[0-9][^ ]*-amd64$' 2>/dev/null |
		awk '{print $1}' | grep -E '^linux-image-[0-9][^ ]*-amd64$' |
		grep -v -e -rt- -e -cloud- | sort -V | tail -n 1)
	[ -n "$image" ] || die "no linux-image-*-amd64 in sid"
else
	download "$tmp" "linux-image-$flavour:$arch${suite:+/$suite}"
	image=$(dpkg-deb -f "$tmp"/linux-image-*.deb Depends | tr ',' '\n' |
		sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -n 1)
	rm -f "$tmp"/*.deb
fi
release=${image#linux-image-}
release=${release%-unsigned}
dir=$PHILOX_CACHE/foreign/$arch/$release
kdir=$dir/usr/src/linux-headers-$release
vmlinuz=$dir/boot/vmlinuz-$release

if [ ! -f "$dir/.philox-done" ]; then
	log "$target: downloading Debian's $release"
	rm -rf "$dir"
	mkdir -p "$dir"
	download "$tmp" "$image:$arch${suite:+/$suite}"
	if [ "$target" != amd64-sid ]; then
		download "$tmp" "linux-headers-$release:$arch${suite:+/$suite}"
		deps=$(dpkg-deb -f "$tmp"/linux-headers-*.deb Depends | tr ',' '\n')
		version=$(dpkg-deb -f "$tmp"/linux-headers-*.deb Version)
		common=$(echo "$deps" |
			sed -n 's/^ *\(linux-headers-[^ ]*-common[^ ]*\).*/\1/p')
		kbuild=$(echo "$deps" | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p')
		download "$tmp" "$common=$version" "$kbuild:amd64=$version"
	fi
	# Newer kernels split the image package: vmlinuz is in linux-binary.
	binary=$(dpkg-deb -f "$tmp/$image"_*.deb Depends | tr ',' '\n' |
		sed -n 's/^ *\(linux-binary-[^ ]*\).*/\1/p' | head -n 1)
	[ -z "$binary" ] || download "$tmp" "$binary:$arch${suite:+/$suite}"
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$dir"
	done
	if [ -f "$kdir/Makefile" ]; then
		sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$kdir/Makefile"
	fi
	if [ ! -f "$vmlinuz" ]; then
		mkdir -p "$dir/boot"
		ln -s "../usr/lib/modules/$release/vmlinuz" "$vmlinuz"
	fi
	[ -f "$vmlinuz" ] || die "no kernel image in $image"
	# The image's modules: not needed, and most of its size.
	rm -rf "$dir"/lib/modules/*/kernel "$dir"/usr/lib/modules/*/kernel
	touch "$dir/.philox-done"
fi
echo "$arch $kdir $vmlinuz $dir"
