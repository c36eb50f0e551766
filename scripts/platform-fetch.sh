#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# platform-fetch.sh TARGET...: fill the cache with what the platform
# targets download, and do nothing else: Debian's kernels and headers of
# each target, the cross compilers, the sid chroot, the clang tree. Every
# step is the one platform-check.sh takes first, cached the same way, so
# check.sh can run this while the debug and KCSAN kernels compile; with a
# warm cache it takes seconds. A step that fails is left for
# platform-check.sh, which repeats it and reports it.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

for target; do
	log "fetching for $target"
	if [ "$target" = clang-6.12 ]; then
		"$here/clang-kernel.sh" > /dev/null
		continue
	fi
	read -r arch _ vmlinuz _ < <("$here/foreign-kernel.sh" "$target") ||
		continue
	tc=$(platform_toolchain "$target" "$arch")
	[ -z "$tc" ] || "$here/cross-toolchain.sh" "$tc" > /dev/null
	if [ "$target" = amd64-sid ]; then
		release=$(basename "$vmlinuz")
		"$here/sid-chroot.sh" "${release#vmlinuz-}" > /dev/null
	fi
done
exit 0
