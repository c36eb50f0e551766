#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the build and the VM tests need, if missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# gcc-multilib builds the 32-bit (compat_ioctl) tests; they are skipped
# where it cannot be installed.
optional=gcc-multilib

missing=()
for pkg in $PHILOX_PACKAGES "$@"; do
	dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
		grep -q "install ok installed" || missing+=("$pkg")
done
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
install()
{
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends "$@" >&2
}

if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	$SUDO apt-get update -q >&2
	install "${missing[@]}"
fi
for pkg in $optional; do
	dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
		grep -q "install ok installed" ||
		install "$pkg" || log "optional package $pkg did not install"
done
