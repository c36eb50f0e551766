#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# source-kernel.sh FRAGMENT: build (or reuse from the cache) a kernel from
# Debian's linux-source package: allnoconfig plus the config fragment
# scripts/kernels/FRAGMENT (debug-kernel.config: KASAN, lockdep, UBSAN,
# kmemleak, fault injection; kcsan-kernel.config: KCSAN, which excludes
# KASAN). Prints the build directory, usable as KDIR, whose
# arch/x86/boot/bzImage boots in qemu.
#
# The cache key is the source package version and the fragment's settings
# (not its comments), so a second run takes seconds; each fragment has its own cache directory,
# named after it ($PHILOX_CACHE/debug-kernel, $PHILOX_CACHE/kcsan-kernel).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

srcpkg=${PHILOX_KSRC_PKG:-linux-source-6.12}
fragment=$here/$1
name=$(basename "$fragment" .config)
version=$(dpkg-query -W -f='${Version}' "$srcpkg")
key=$( (echo "$srcpkg $version"; grep -v '^#' "$fragment") | sha256sum | cut -c1-16)
top=$PHILOX_CACHE/$name/$key

build()
{
	local out=$1/build src missing=0 line

	log "building $name $srcpkg $version (cache key $key); 10 to 25 minutes"
	src=$("$here/kernel-source.sh")
	mkdir -p "$out"
	make -C "$src" O="$out" allnoconfig
	# merge_config.sh writes its temporary files to the current directory.
	(cd "$out" && KCONFIG_CONFIG="$out/.config" \
		"$src/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$fragment")
	make -C "$src" O="$out" olddefconfig

	# merge_config only warns when a symbol did not take; we want to know.
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		if ! grep -qx "$line" "$out/.config"; then
			log "$name config: $line did not take"
			missing=1
		fi
	done < "$fragment"
	[ "$missing" = 0 ] || { log "$name config is incomplete"; return 1; }

	make -C "$src" O="$out" -j"$(nproc)" bzImage modules
}
cached "$top" build || die "the $name kernel does not build"
echo "$top/build"
