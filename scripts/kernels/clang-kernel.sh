#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# clang-kernel.sh: a 6.12 tree prepared with clang (LLVM=-16) for building
# external modules, from Debian's linux-source-6.12 and the config of
# Debian's amd64 kernel of the same version. Prints the build directory,
# usable as KDIR with LLVM=-16.
#
# Not a kernel build (an hour on two cores): olddefconfig and
# modules_prepare only, with Debian's Module.symvers of the same version
# and config, so modpost resolves the module's imports as for a real
# clang kernel. Debug info and BTF are off: they need a vmlinux.
#
# Cached by the source version, the config and the clang version.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

llvm=${PHILOX_LLVM:--16}
srcpkg=linux-source-6.12
version=$(dpkg-query -W -f='${Version}' "$srcpkg")
headers=$(dpkg-query -W -f='${Depends}' linux-headers-6.12-amd64 | tr ',' '\n' |
	sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n 1)
hversion=$(dpkg-query -W -f='${Version}' "$headers")
[ "$version" = "$hversion" ] ||
	die "$srcpkg $version but $headers $hversion: versions differ"
hdir=/usr/src/$headers
key=$( (echo "$srcpkg $version $llvm"; "clang$llvm" --version
	cat "$hdir/.config") | sha256sum | cut -c1-16)
top=$PHILOX_CACHE/clang-kernel/$key

prepare()
{
	local out=$1/build src

	log "preparing a clang 6.12 tree ($srcpkg $version, cache key $key)"
	src=$(PHILOX_KSRC_PKG=$srcpkg "$here/kernel-source.sh")
	mkdir -p "$out"
	cp "$hdir/.config" "$out/.config"
	"$src/scripts/config" --file "$out/.config" \
		-d DEBUG_INFO_DWARF5 -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT \
		-e DEBUG_INFO_NONE -d DEBUG_INFO_BTF -d MODULE_SIG_ALL \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
	make -C "$src" O="$out" LLVM="$llvm" olddefconfig
	grep -q '^CONFIG_CC_IS_CLANG=y' "$out/.config" ||
		{ log "not a clang config"; return 1; }
	make -C "$src" O="$out" LLVM="$llvm" -j"$(nproc)" modules_prepare
	cp "$hdir/Module.symvers" "$out/Module.symvers"
}
cached "$top" prepare || die "the clang tree cannot be prepared"
echo "$top/build"
