# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the test harness scripts; sourced, not run.

PHILOX_CACHE=${PHILOX_CACHE:-/var/cache/philox}
export PHILOX_CACHE
mkdir -p "$PHILOX_CACHE"

log()
{
	echo "philox: $*" >&2
}

die()
{
	log "error: $*"
	exit 1
}

# The Debian packages the harness needs; deps.sh installs the missing ones.
PHILOX_PACKAGES="build-essential bc bison flex libelf-dev libssl-dev kmod
cpio gzip xz-utils busybox-static qemu-system-x86 python3-numpy sparse
librandom123-dev rsync linux-source-6.12 linux-headers-amd64
linux-headers-6.12-amd64
qemu-system-arm qemu-system-misc debootstrap clang-16 lld-16 llvm-16"

# platform_toolchain TARGET ARCH: the cross-toolchain.sh name a platform
# target builds with; empty for the host's compiler (or sid's chroot).
platform_toolchain()
{
	case "$1" in
	amd64-5.10)	echo amd64-gcc10 ;;
	amd64-*)	;;
	*)		echo "$2" ;;
	esac
}

# Results: every check appends one line to $PHILOX_RESULTS.
pass()
{
	echo "ok - $*" | tee -a "$PHILOX_RESULTS" >&2
}

fail()
{
	echo "not ok - $*" | tee -a "$PHILOX_RESULTS" >&2
}

# check DESCRIPTION LOGFILE COMMAND...: run a command, record the result,
# show the end of its log when it fails.
check()
{
	local desc=$1 logfile=$2
	shift 2
	if "$@" > "$logfile" 2>&1; then
		pass "$desc"
	else
		fail "$desc (log: $logfile)"
		tail -n 30 "$logfile" | sed 's/^/#   /' >&2
	fi
}
