#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stock-kernel.sh FLAVOUR: make sure Debian's headers and kernel image for
# FLAVOUR (6.1, 6.12, 6.12-rt, 6.12-cloud) are here, and print
# "KDIR VMLINUZ". The image is unpacked into the cache, not installed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

case "$1" in
6.1)		meta=linux-headers-amd64 ;;
6.12)		meta=linux-headers-6.12-amd64 ;;
6.12-rt)	meta=linux-headers-6.12-rt-amd64 ;;
6.12-cloud)	meta=linux-headers-6.12-cloud-amd64 ;;
*)		die "unknown kernel flavour $1" ;;
esac

"$here/deps.sh" "$meta"
# The meta package names the exact headers package, hence the release.
headers=$(dpkg-query -W -f='${Depends}' "$meta" | tr ',' '\n' |
	sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
release=${headers#linux-headers-}
kdir=/usr/src/$headers
[ -d "$kdir" ] || die "no $kdir after installing $meta"

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
