#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-modules.sh VMLINUZ OUTDIR MODULE...: the kernel modules that the
# tests need in a VM (the loop device and ext4, for mm_test's file
# mapping), and those they depend on, from the module tree beside a
# Debian kernel image (scripts/kernels/debian-kernel.sh), decompressed into OUTDIR. OUTDIR/order lists them
# in load order, for scripts/guest/init.sh. A module built into the kernel
# is left out, and so is every module of a kernel without a module tree:
# the debug and KCSAN kernels have them built in (debug-kernel.config).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

vmlinuz=$1 out=$2
shift 2
release=${vmlinuz##*/vmlinuz-}
moddir=${vmlinuz%/boot/*}/lib/modules/$release
[ -d "$moddir" ] || moddir=${vmlinuz%/boot/*}/usr/lib/modules/$release

rm -rf "$out"
mkdir -p "$out"
: > "$out/order"
[ -d "$moddir/kernel" ] || exit 0

declare -A loaded

# add NAME: NAME's dependencies (modinfo's depends=), then NAME itself.
add()
{
	local name=$1 file dep

	[ -z "${loaded[$name]:-}" ] || return 0
	loaded[$name]=1
	file=$(find "$moddir/kernel" -name "$name.ko*" | head -n 1)
	if [ -z "$file" ]; then
		grep -q "/$name\.ko\$" "$moddir/modules.builtin" ||
			die "$release: no module $name, built in or not"
		return 0
	fi
	for dep in $(modinfo -F depends "$file" | tr ',' ' '); do
		add "$dep"
	done
	case "$file" in
	*.ko.xz)	xz -dc "$file" > "$out/$name.ko" ;;
	*.ko.zst)	zstd -qdc "$file" > "$out/$name.ko" ;;
	*.ko)		cp "$file" "$out/$name.ko" ;;
	*)		die "$file: unknown compression" ;;
	esac
	echo "$name.ko" >> "$out/order"
}

for name; do
	add "$name"
done
