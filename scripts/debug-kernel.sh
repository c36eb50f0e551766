#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [FRAGMENT]: build (or reuse from the cache) a kernel from
# Debian's linux-source package: allnoconfig plus the config fragment,
# scripts/debug-kernel.config by default (scripts/kcsan-kernel.config is
# the KCSAN kernel). Prints the build directory, usable as KDIR, whose
# arch/x86/boot/bzImage boots in qemu.
#
# The cache key is the source package version and the config fragment, so a
# second run takes seconds; each fragment has its own cache directory,
# named after it ($PHILOX_CACHE/debug-kernel, $PHILOX_CACHE/kcsan-kernel).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

srcpkg=${PHILOX_KSRC_PKG:-linux-source-6.12}
fragment=$(realpath "${1:-$here/debug-kernel.config}")
name=$(basename "$fragment" .config)
version=$(dpkg-query -W -f='${Version}' "$srcpkg")
key=$( (echo "$srcpkg $version"; cat "$fragment") | sha256sum | cut -c1-16)
top=$PHILOX_CACHE/$name/$key
out=$top/build

if [ -f "$out/.philox-done" ]; then
	echo "$out"
	exit 0
fi

log "building $name $srcpkg $version (cache key $key); 10 to 25 minutes"
src=$("$here/kernel-source.sh")
rm -rf "$top"
mkdir -p "$out"

make -C "$src" O="$out" allnoconfig >&2
# merge_config.sh writes its temporary files to the current directory.
(cd "$out" && KCONFIG_CONFIG="$out/.config" \
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment") >&2
make -C "$src" O="$out" olddefconfig >&2

# merge_config only warns when a symbol did not take; we want to know.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	if ! grep -qx "$line" "$out/.config"; then
		log "$name config: $line did not take"
		missing=1
	fi
done < "$fragment"
[ "$missing" = 0 ] || die "$name config is incomplete"

make -C "$src" O="$out" -j"$(nproc)" bzImage modules >&2
touch "$out/.philox-done"
echo "$out"
