# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers of the test harness; sourced, not run.
#
#	log, die		messages on stderr
#	pass, fail, check	result lines in $PHILOX_RESULTS
#	target NAME		a row of scripts/targets, as T_* variables
#	cached DIR CMD...	a cache entry, filled once, under a lock

PHILOX_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PHILOX_TOP=$(dirname "$PHILOX_SCRIPTS")
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

# Results: every check appends one line to $PHILOX_RESULTS.
pass()
{
	echo "ok - $*" | tee -a "${PHILOX_RESULTS:-/dev/null}" >&2
}

fail()
{
	echo "not ok - $*" | tee -a "${PHILOX_RESULTS:-/dev/null}" >&2
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
		return 1
	fi
}

# target NAME: the row NAME of scripts/targets as T_NAME, T_ARCH, T_KERNEL,
# T_APT, T_SUITE, T_PACKAGE, T_CC, T_TRIPLE, T_QEMU, T_MACHINE, T_CPU,
# T_SMP, T_ACCEL, T_CONSOLE, T_RESULTS, T_RNG, T_APPEND (its words
# separated by spaces) and T_TESTS; "-" becomes empty.
target()
{
	local row field
	local names="NAME ARCH KERNEL APT SUITE PACKAGE CC TRIPLE QEMU MACHINE
		CPU SMP ACCEL CONSOLE RESULTS RNG APPEND TESTS"

	row=$(awk -v t="$1" '$1 == t' "$PHILOX_SCRIPTS/targets")
	[ -n "$row" ] || die "no target $1 in scripts/targets"
	# shellcheck disable=SC2086
	set -- $row
	for field in $names; do
		[ "$1" = - ] && set -- "" "${@:2}"
		printf -v "T_$field" '%s' "$1"
		shift
	done
	T_APPEND=${T_APPEND//,/ }
}

# cached DIR COMMAND...: the cache entry DIR, made by COMMAND DIR unless a
# run before finished it. The first caller holds DIR.lock while COMMAND
# runs from an empty DIR; the others wait, then find .philox-done, the
# mark that COMMAND succeeded. A COMMAND that fails leaves no mark.
cached()
{
	local dir=$1
	shift

	mkdir -p "$(dirname "$dir")"
	(
		flock 9
		[ -f "$dir/.philox-done" ] && exit 0
		rm -rf "$dir"
		mkdir -p "$dir"
		"$@" "$dir" >&2 && touch "$dir/.philox-done"
	) 9> "$dir.lock"
}

# newer_libc GROUP: whether the amd64 programs of the apt group GROUP of
# scripts/kernels/debian-apt.sh need a newer glibc than this machine's
# (trixie's gcc-14, pahole and linux-kbuild need 2.38; bookworm has 2.36).
# They run through their own root's dynamic loader (run_with_loader).
newer_libc()
{
	local theirs ours

	theirs=$("$PHILOX_SCRIPTS/kernels/debian-apt.sh" "$1" show \
		--no-all-versions libc6:amd64 2> /dev/null | sed -n 's/^Version: //p')
	ours=$(dpkg-query -W -f='${Version}' libc6:amd64)
	[ -n "$theirs" ] && dpkg --compare-versions "$theirs" gt "$ours"
}

# The amd64 libraries of such programs, unpacked beside them.
NEWER_LIBC_PACKAGES="libc6:amd64 libstdc++6:amd64 libgcc-s1:amd64
libgmp10:amd64 libisl23:amd64 libmpc3:amd64 libmpfr6:amd64 libzstd1:amd64
zlib1g:amd64 libjansson4:amd64 libsframe1:amd64 libbpf1:amd64
libdw1t64:amd64 libelf1t64:amd64 libbz2-1.0:amd64 liblzma5:amd64
libssl3t64:amd64"

# run_with_loader [-0] ROOT PROGRAM SCRIPT [ARG...]: SCRIPT runs PROGRAM
# (with the ARGs first) through ROOT's dynamic loader and libraries; with
# -0 under SCRIPT's name as argv[0] (modpost and objtool find their parts
# by it; gcc must not: it finds its own by its real path).
run_with_loader()
{
	local argv0=
	[ "$1" != -0 ] || { argv0='--argv0 "$0" '; shift; }
	local root=$1 prog=$2 script=$3
	shift 3

	printf '#!/bin/sh\nexec %s --library-path %s %s%s%s "$@"\n' \
		"$root/usr/lib64/ld-linux-x86-64.so.2" \
		"$root/usr/lib/x86_64-linux-gnu" "$argv0" "$prog" "${*:+ $*}" \
		> "$script"
	chmod 755 "$script"
}
