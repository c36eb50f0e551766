#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cross-toolchain.sh ARCH: the compiler Debian built ARCH's kernels with,
# and a static busybox of ARCH, unpacked (never installed: a cross gcc
# package would remove gcc-multilib) into $PHILOX_CACHE/toolchain/ARCH.
# Prints "BINDIR BUSYBOX". BINDIR goes first in PATH for the module build;
# BINDIR/philox-cc builds static test programs for ARCH.
#
# ARCH is arm64, armhf or s390x (Debian's cross gcc-12), i386 (the
# machine's gcc with -m32), or amd64-gcc10 (bullseye's gcc-10, which built
# its 5.10 kernels).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

arch=$1
apt=("$here/debian-apt.sh" bookworm)
case "$arch" in
arm64)	triple=aarch64-linux-gnu ;;
armhf)	triple=arm-linux-gnueabihf ;;
s390x)	triple=s390x-linux-gnu ;;
i386)	triple='' ;;
amd64-gcc10) triple='' apt=("$here/debian-apt.sh" bullseye) ;;
*)	die "unknown architecture $arch" ;;
esac

root=$PHILOX_CACHE/toolchain/$arch
bin=$root/bin
if [ ! -f "$root/.philox-done" ]; then
	log "$arch: downloading the toolchain"
	rm -rf "$root"
	mkdir -p "$root/debs" "$bin"
	case "$arch" in
	amd64-gcc10)
		pkgs="gcc-10 cpp-10 gcc-10-base libgcc-10-dev" ;;
	i386)
		pkgs="busybox-static:i386" ;;
	*)
		pkgs="gcc-12-$triple cpp-12-$triple gcc-12-$triple-base
		      binutils-$triple libgcc-12-dev-$arch-cross
		      libc6-dev-$arch-cross libc6-$arch-cross
		      linux-libc-dev-$arch-cross libgcc-s1-$arch-cross
		      busybox-static:$arch" ;;
	esac
	# shellcheck disable=SC2086
	(cd "$root/debs" && "${apt[@]}" download $pkgs >&2)
	for deb in "$root"/debs/*.deb; do
		dpkg -x "$deb" "$root"
	done
	rm -rf "$root/debs"

	case "$arch" in
	amd64-gcc10)
		ln -s ../usr/bin/gcc-10 "$bin/gcc-10"
		cc="gcc" ;;
	i386)
		cc="gcc -m32" ;;
	*)
		# Wrappers: the cross binutils need their libraries, which
		# gcc's children (as, ld) find through the environment.
		libs=$root/usr/lib/x86_64-linux-gnu
		for tool in "$root/usr/bin/$triple"-*; do
			cat > "$bin/${tool##*/}" <<-EOF
			#!/bin/sh
			LD_LIBRARY_PATH=$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH} \\
				exec $tool "\$@"
			EOF
			chmod 755 "$bin/${tool##*/}"
		done
		cp "$bin/$triple-gcc-12" "$bin/$triple-gcc"
		cc="$bin/$triple-gcc-12 --sysroot=$root" ;;
	esac
	printf '#!/bin/sh\nexec %s "$@"\n' "$cc" > "$bin/philox-cc"
	chmod 755 "$bin/philox-cc"
	touch "$root/.philox-done"
fi
busybox=$root/bin/busybox
[ -f "$busybox" ] || busybox=/bin/busybox
echo "$bin $busybox"
