#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# package-check.sh: the checks of shipping philox like an out-of-tree
# driver. Prints "ok - ..." / "not ok - ..." lines:
#   - the version in dkms.conf is the module's MODULE_VERSION;
#   - dkms add / build / remove against Debian's 6.1 headers;
#   - modinfo shows description, version, author and license;
#   - make install into a staging DESTDIR puts every file in place, and
#     make uninstall takes them away again;
#   - both man pages render with groff -man -ww and no warning.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
top=$PHILOX_TOP

out=${PHILOX_OUT:-$top/build}
logs=$out/logs
mkdir -p "$logs"
"$here/deps.sh" dkms groff >> "$logs/deps.log" 2>&1

say_check()
{
	if "$@"; then echo "ok - $desc"; else echo "not ok - $desc"; fi
}

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
desc="dkms.conf version $version is the module's MODULE_VERSION"
say_check grep -q "define PHILOX_VERSION.*\"$version\"" "$top/module/philox_main.c"

read -r kdir _ < <("$PHILOX_SCRIPTS/kernels/kernel.sh" 6.1 2>> "$logs/deps.log")
release=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	"$kdir/include/generated/utsrelease.h")

dkms_build()
{
	local src

	src=$(mktemp -d)
	cp -r "$top/Kbuild" "$top/module" "$top/include" "$top/dkms.conf" "$src/"
	dkms remove "philox/$version" --all > /dev/null 2>&1
	rm -rf "/usr/src/philox-$version"
	dkms add "$src" && dkms build "philox/$version" -k "$release"
	local rc=$?
	ko=$(ls /var/lib/dkms/philox/"$version"/"$release"/*/module/philox.ko* 2>/dev/null |
	     head -n 1)
	[ -n "$ko" ] && cp "$ko" "$out/dkms-philox.ko"
	dkms remove "philox/$version" --all
	rm -rf "/usr/src/philox-$version" "$src"
	return $rc
}
desc="dkms add and dkms build philox/$version against $release"
say_check eval 'dkms_build >> "$logs/dkms.log" 2>&1'

modinfo_fields()
{
	local field

	for field in description version author license; do
		[ -n "$(modinfo -F "$field" "$out/dkms-philox.ko")" ] || return 1
	done
	[ "$(modinfo -F version "$out/dkms-philox.ko")" = "$version" ]
}
desc="modinfo shows description, version $version, author and license"
say_check modinfo_fields

stage=$(mktemp -d)
install_files="lib/modules/$release/updates/philox.ko usr/include/linux/philox.h
usr/local/bin/philoxcat usr/local/share/man/man4/philox.4
usr/local/share/man/man1/philoxcat.1"
installed()
{
	local f

	for f in $install_files; do
		[ -f "$stage/$f" ] || { echo "missing $f"; return 1; }
	done
	grep -q philox "$stage/lib/modules/$release/modules.dep"
}
removed()
{
	local f

	for f in $install_files; do
		[ ! -e "$stage/$f" ] || { echo "left $f"; return 1; }
	done
}
work=$(mktemp -d)
cp -r "$top/Kbuild" "$top/Makefile" "$top/module" "$top/include" \
	"$top/tools" "$top/man" "$top/scripts" "$work/"
desc="make install DESTDIR=... puts the module (depmod), header, philoxcat and man pages in place"
say_check eval 'make -C "$work" install DESTDIR="$stage" KDIR="$kdir" \
	>> "$logs/install.log" 2>&1 && installed >> "$logs/install.log"'
desc="make uninstall takes them away"
say_check eval 'make -C "$work" uninstall DESTDIR="$stage" KDIR="$kdir" \
	>> "$logs/install.log" 2>&1 && removed >> "$logs/install.log"'
rm -rf "$stage" "$work"

for page in "$top"/man/*.[0-9]; do
	desc="man page ${page##*/} renders with groff -man -ww and no warning"
	say_check eval '[ -z "$(groff -man -ww -z "$page" 2>&1)" ]'
done
