#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock-kernel.sh FLAVOUR: make sure Debian's headers and kernel image for
# FLAVOUR (6.1, 6.12, 6.12-rt, 6.12-cloud) are here, and print
# "KDIR VMLINUZ". The image is unpacked into the cache, not installed;
# so are the rt and cloud headers (see unpack_headers).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# unpack_headers META: the headers package META depends on, with its
# common headers and kbuild, unpacked into the cache and never installed:
# Debian's 6.12 header packages depend on their kernel image, and
# installing the rt one built its initramfs for 2.6 minutes and made it
# this machine's default kernel. Sets headers, release and kdir.
unpack_headers()
{
	local dir deps version common kbuild deb

	headers=$(apt-cache show --no-all-versions "$1" |
		sed -n 's/^Depends: //p' | tr ',' '\n' |
		sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
	[ -n "$headers" ] || die "no headers package behind $1"
	release=${headers#linux-headers-}
	dir=$PHILOX_CACHE/headers/$release
	kdir=$dir/usr/src/$headers
	[ -f "$dir/.philox-done" ] && return
	log "unpacking $headers into the cache"
	rm -rf "$dir" && mkdir -p "$dir/debs"
	(cd "$dir/debs" && apt-get download "$headers" >&2)
	deps=$(dpkg-deb -f "$dir"/debs/*.deb Depends | tr ',' '\n')
	version=$(dpkg-deb -f "$dir"/debs/*.deb Version)
	common=$(echo "$deps" |
		sed -n 's/^ *\(linux-headers-[^ ]*-common[^ ]*\).*/\1/p')
	kbuild=$(echo "$deps" | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p')
	(cd "$dir/debs" && apt-get download "$common=$version" \
		"$kbuild=$version" >&2)
	for deb in "$dir"/debs/*.deb; do
		dpkg -x "$deb" "$dir"
	done
	rm -rf "$dir/debs"
	sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$kdir/Makefile"
	touch "$dir/.philox-done"
}

case "$1" in
6.1)		meta=linux-headers-amd64 ;;
6.12)		meta=linux-headers-6.12-amd64 ;;
6.12-rt)	unpack_headers linux-headers-6.12-rt-amd64 ;;
6.12-cloud)	unpack_headers linux-headers-6.12-cloud-amd64 ;;
*)		die "unknown kernel flavour $1" ;;
esac

if [ -z "${kdir:-}" ]; then
	"$here/deps.sh" "$meta"
	# The meta package names the exact headers package, hence the release.
	headers=$(dpkg-query -W -f='${Depends}' "$meta" | tr ',' '\n' |
		sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
	release=${headers#linux-headers-}
	kdir=/usr/src/$headers
fi
[ -d "$kdir" ] || die "no $kdir for $1"

vmlinuz=/boot/vmlinuz-$release
if [ ! -f "$vmlinuz" ]; then
	dir=$PHILOX_CACHE/images/$release
	vmlinuz=$dir/boot/vmlinuz-$release
	if [ ! -f "$vmlinuz" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		for pkg in "linux-image-$release-unsigned" "linux-image-$release"; do
			(cd "$dir" && apt-get download "$pkg" >&2) && break
		done
		dpkg -x "$dir"/linux-image-*.deb "$dir" >&2
		rm -f "$dir"/linux-image-*.deb
	fi
fi
[ -f "$vmlinuz" ] || die "no kernel image for $release"
echo "$kdir $vmlinuz"
