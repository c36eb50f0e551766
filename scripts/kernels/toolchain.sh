#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# toolchain.sh TARGET: the compiler that built TARGET's kernel (its cc and
# triple in scripts/targets) and a static busybox of its architecture,
# unpacked into $PHILOX_CACHE/toolchain/ARCH-CC and never installed: a
# cross gcc package would remove gcc-multilib. Prints "BINDIR BUSYBOX CC":
# BINDIR goes first in PATH for the module build ("-" for none), and CC
# (BINDIR/philox-cc, or the host's gcc) builds static programs for TARGET.
#
#   host, sid, clang-16   the host's gcc and busybox (sid's kernel builds in
#                         scripts/kernels/sid-chroot.sh, clang's is a build)
#   m32                   the host's gcc -m32, Debian's busybox for i386
#   gcc-N@APT             Debian's gcc-N of the apt group APT: for the host
#                         (no triple) or a cross compiler for the triple;
#                         where APT's glibc is newer than the machine's, with
#                         its amd64 libraries and pahole (the module's BTF
#                         takes the flags of the kernel's pahole), all run
#                         through its own loader (run_with_loader)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

target "$1"
case "$T_CC" in
host | sid | clang-*)
	echo "- /bin/busybox gcc"
	exit 0 ;;
esac
root=$PHILOX_CACHE/toolchain/$T_ARCH-$T_CC
bin=$root/bin

# wrap TOOL...: BINDIR scripts that run each TOOL with the libraries of the
# root (the cross binutils need theirs, and gcc's children, as and ld,
# find them through the environment).
wrap()
{
	local tool libs=$root/usr/lib/x86_64-linux-gnu

	for tool; do
		cat > "$bin/${tool##*/}" <<-EOF2
		#!/bin/sh
		LD_LIBRARY_PATH=$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH} \\
			exec $tool "\$@"
		EOF2
		chmod 755 "$bin/${tool##*/}"
	done
}

# with_loader GCC: BINDIR scripts that run the cross tools and pahole
# through the root's loader. gcc runs its own children (cc1, collect2,
# lto-wrapper, lto1, as, ld) by path: their scripts are in ROOT/wrap,
# which gcc's script puts first with -B. No unpacked file is changed.
with_loader()
{
	local gcc=$1 tool
	local libexec=$root/usr/libexec/gcc-cross/$T_TRIPLE/${gcc#gcc-}

	mkdir -p "$root/wrap"
	for tool in cc1 collect2 lto-wrapper lto1; do
		run_with_loader "$root" "$libexec/$tool" "$root/wrap/$tool"
	done
	run_with_loader "$root" "$root/usr/bin/$T_TRIPLE-as" "$root/wrap/as"
	run_with_loader "$root" "$root/usr/bin/$T_TRIPLE-ld" "$root/wrap/ld"
	for tool in "$root/usr/bin/$T_TRIPLE"-* "$root/usr/bin/pahole"; do
		case "${tool##*/}" in
		"$T_TRIPLE-$gcc" | "$T_TRIPLE-cpp-${gcc#gcc-}")
			run_with_loader "$root" "$tool" "$bin/${tool##*/}" \
				"-B$root/wrap/" ;;
		*)	run_with_loader "$root" "$tool" "$bin/${tool##*/}" ;;
		esac
	done
	cp "$bin/$T_TRIPLE-$gcc" "$bin/$T_TRIPLE-gcc"
}

unpack()
{
	local gcc=${T_CC%@*} group=${T_CC#*@} pkgs cc deb loader=

	log "$T_NAME: downloading $T_CC ${T_TRIPLE:-for the host}"
	mkdir -p "$root/debs" "$bin"
	case "$T_CC" in
	m32)	group=bookworm pkgs="busybox-static:$T_ARCH" ;;
	*@*)	if [ -z "$T_TRIPLE" ]; then
			pkgs="$gcc cpp-${gcc#gcc-} $gcc-base lib$gcc-dev"
		else
			pkgs="$gcc-$T_TRIPLE cpp-${gcc#gcc-}-$T_TRIPLE
			      $gcc-$T_TRIPLE-base binutils-$T_TRIPLE
			      lib$gcc-dev-$T_ARCH-cross libc6-dev-$T_ARCH-cross
			      libc6-$T_ARCH-cross linux-libc-dev-$T_ARCH-cross
			      libgcc-s1-$T_ARCH-cross busybox-static:$T_ARCH"
		fi
		if newer_libc "$group"; then
			loader=y
			pkgs="$pkgs pahole:amd64 $NEWER_LIBC_PACKAGES"
		fi ;;
	*)	log "unknown compiler $T_CC"; return 1 ;;
	esac
	# shellcheck disable=SC2086
	(cd "$root/debs" && "$here/debian-apt.sh" "$group" download $pkgs) ||
		return 1
	for deb in "$root"/debs/*.deb; do
		dpkg -x "$deb" "$root" || return 1
	done
	rm -rf "$root/debs"

	# bookworm's busybox-static is /bin/busybox, trixie's /usr/bin/busybox.
	[ ! -f "$root/usr/bin/busybox" ] || cp "$root/usr/bin/busybox" "$bin/"
	case "$T_CC" in
	m32)	cc="gcc -m32" ;;
	*)	if [ -z "$T_TRIPLE" ]; then
			ln -s "../usr/bin/$gcc" "$bin/$gcc"
			cc=gcc
		elif [ -n "$loader" ]; then
			with_loader "$gcc"
			cc="$bin/$T_TRIPLE-$gcc --sysroot=$root"
		else
			wrap "$root/usr/bin/$T_TRIPLE"-*
			cp "$bin/$T_TRIPLE-$gcc" "$bin/$T_TRIPLE-gcc"
			cc="$bin/$T_TRIPLE-$gcc --sysroot=$root"
		fi ;;
	esac
	printf '#!/bin/sh\nexec %s "$@"\n' "$cc" > "$bin/philox-cc"
	chmod 755 "$bin/philox-cc"
}
cached "$root" unpack || die "$1: no toolchain"

busybox=$root/bin/busybox
[ -f "$busybox" ] || busybox=/bin/busybox
echo "$bin $busybox $bin/philox-cc"
