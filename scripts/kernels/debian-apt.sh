#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debian-apt.sh GROUP APT-GET-ARGS...: apt-get with a private configuration
# for packages the machine's own apt does not see: other architectures and
# other Debian suites. The system's sources and architectures are left
# alone; the lists and downloads live in $PHILOX_CACHE/apt/GROUP. Lists are
# fetched once a day, and when the sources or architectures change. One apt-get of a group runs at a time (its lock):
# apt's own locks are off, as the machine's apt may be busy meanwhile.
#
# GROUP is one of
#   bookworm  bookworm, -updates, -security, -backports; amd64 arm64 armhf
#             i386 ppc64el s390x (backports only on request:
#             /bookworm-backports)
#   bullseye  bullseye and bullseye-security; amd64
#   trixie    trixie, -updates, -security; amd64 riscv64
#   sid       unstable; amd64
#
# "debian-apt.sh bookworm download linux-headers-arm64:arm64" downloads into
# the current directory, as apt-get download does.
set -euo pipefail

. "$(dirname "$0")/../lib.sh"

group=$1
shift
mirror=${PHILOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${PHILOX_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

case "$group" in
bookworm)
	arches="amd64 arm64 armhf i386 ppc64el s390x"
	sources="deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $mirror bookworm-backports main
deb $security bookworm-security main" ;;
bullseye)
	arches=amd64
	sources="deb $mirror bullseye main
deb $security bullseye-security main" ;;
trixie)
	arches="amd64 riscv64"
	sources="deb $mirror trixie main
deb $mirror trixie-updates main
deb $security trixie-security main" ;;
sid)
	arches=amd64
	sources="deb $mirror sid main" ;;
*)	die "unknown apt group $group" ;;
esac

root=$PHILOX_CACHE/apt/$group
mkdir -p "$root"
exec 8> "$root.lock"
flock 8
mkdir -p "$root/lists/partial" "$root/archives/partial" "$root/etc/none"
cat > "$root/etc/sources.list" <<EOF
$(echo "$sources" | sed "s|^deb |deb [signed-by=$keyring] |")
EOF
: > "$root/etc/empty"
opts=(-o "Dir::State=$root" -o "Dir::State::Lists=$root/lists"
      -o "Dir::State::status=$root/etc/empty"
      -o "Dir::Cache=$root" -o "Dir::Cache::Archives=$root/archives"
      -o "Dir::Etc::SourceList=$root/etc/sources.list"
      -o "Dir::Etc::SourceParts=$root/etc/none"
      -o "Dir::Etc::Preferences=$root/etc/empty"
      -o "Dir::Etc::PreferencesParts=$root/etc/none"
      -o "APT::Architecture=amd64"
      -o "APT::Architectures=$(echo "$arches" | tr ' ' ,)"
      -o "APT::Get::AllowUnauthenticated=false"
      -o "Acquire::Languages=none"
      -o "Acquire::Check-Valid-Until=false"
      -o "APT::Sandbox::User=root"
      -o "Debug::NoLocking=1")

# The lists of these sources and architectures, fetched once a day.
stamp=$root/.philox-lists
want="$arches $sources"
if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ] ||
   [ "$(cat "$stamp" 2> /dev/null)" != "$want" ]; then
	log "apt ($group): fetching package lists"
	# A list that fails (a mirror mid-sync) leaves the other suites usable.
	apt-get "${opts[@]}" -q update >&2 ||
		log "apt ($group): some lists failed; using the rest"
	echo "$want" > "$stamp"
fi

cmd=$1
shift
case "$cmd" in
policy|show|showpkg|depends|rdepends|search|pkgnames|madison)
	apt-cache "${opts[@]}" "$cmd" "$@" ;;
*)	apt-get "${opts[@]}" "$cmd" "$@" ;;
esac
