#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KDIR OUTDIR [kunit]: build philox.ko (and with "kunit",
# philox_kunit.ko) against KDIR in a copy of the sources at OUTDIR, with
# W=1 and warnings as errors. A warning from the compiler or modpost fails
# the build. PHILOX_MAKE_ARGS adds make arguments, such as C=2 for sparse.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

kdir=$1 out=$2 kunit=${3:-}

mkdir -p "$out"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
	"$top/Kbuild" "$top/module" "$top/include" "$top/kunit" "$out/"
# shellcheck disable=SC2206
args=(-C "$kdir" M="$out" W=1 KCFLAGS=-Werror ${PHILOX_MAKE_ARGS:-})
if [ "$kunit" = kunit ]; then
	args+=(PHILOX_KUNIT=y)
fi
make "${args[@]}" modules 2>&1 | tee "$out/build.log"
if grep -E 'warning|error:' "$out/build.log"; then
	log "warnings building against $kdir"
	exit 1
fi
