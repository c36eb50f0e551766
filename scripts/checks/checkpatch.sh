#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh KERNEL_SOURCE: the kernel's checkpatch.pl --strict over our
# C sources and headers; any error, warning or check fails.
set -euo pipefail

cd "$(dirname "$0")/../.."

shopt -s nullglob
files=(module/*.[ch] include/linux/*.h include/uapi/linux/*.h kunit/*.c
	kunit/philox_generator_replay.h samples/*/*.c
	userspace-tests/*.[ch] bench/*.[ch] bench/kernel/*.c tools/*/*.[ch])
"$1/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	-f "${files[@]}" > /tmp/checkpatch.$$ || true
findings=$(grep -v '^total: 0 errors, 0 warnings, 0 checks' /tmp/checkpatch.$$ |
	grep -c . || true)
cat /tmp/checkpatch.$$
rm -f /tmp/checkpatch.$$
echo "checkpatch: $findings findings in ${#files[@]} files"
[ "$findings" = 0 ]
