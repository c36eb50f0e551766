#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# inverse-test.sh OUTDIR: philoxcat's Philox inverse (the verify report's)
# against NumPy's vectors on the host, as the platforms run it in their
# VMs; and built without __int128, as 32-bit targets build it.
set -euo pipefail

. "$(dirname "$0")/../lib.sh"

out=$1
top=$PHILOX_TOP
make -C "$top/userspace-tests/platform" OUT="$out" "$out/inverse_test"
"$out/inverse_test" host
gcc -O2 -Wall -Wextra -Werror -DPHILOX_NO_INT128 \
	-I"$top/include/uapi" -I"$top/tools/philoxcat" -I"$out" \
	-o "$out/inverse_test_no128" "$top/userspace-tests/platform/inverse_test.c" \
	"$top/tools/philoxcat/philox_inverse.c" "$top/tools/philoxcat/report.c"
"$out/inverse_test_no128" host-no-int128
