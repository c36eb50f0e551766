#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sid-chroot.sh RELEASE [COMMAND...]: a Debian sid chroot (debootstrap,
# cached in $PHILOX_CACHE/sid-chroot) with linux-headers-RELEASE and the
# compiler its kernel was built with (sid's newest gcc, which bookworm
# lacks). Prints the chroot's path; with COMMAND, runs it in the chroot.
# A new RELEASE updates the chroot instead of rebuilding it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

release=$1
shift
mirror=${PHILOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
root=$PHILOX_CACHE/sid-chroot/root

bootstrap()
{
	log "sid chroot: debootstrap (a few minutes, once)"
	debootstrap --variant=minbase --include=make,rsync sid "$1" "$mirror" &&
	# A mirror that is a snapshot serves a sid past its Valid-Until.
	echo 'Acquire::Check-Valid-Until "false";' \
		> "$1/etc/apt/apt.conf.d/99philox"
}

# headers DIR: the release's headers, in the chroot (DIR is a mark only).
headers()
{
	log "sid chroot: installing linux-headers-$release"
	chroot "$root" apt-get -q update &&
	DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q \
		--no-install-recommends "linux-headers-$release" &&
	chroot "$root" apt-get clean
}
cached "$root" bootstrap || die "no sid chroot"
cached "$root.headers/$release" headers || die "no linux-headers-$release in sid"
if [ $# -gt 0 ]; then
	# objtool reads /proc: mount it in a mount namespace of our own,
	# which goes away with the command.
	# shellcheck disable=SC2016
	unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$@"' \
		"$root" "$root" "$@"
else
	echo "$root"
fi
