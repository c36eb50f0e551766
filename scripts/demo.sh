#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: `make demo`. Installs what it needs, builds philox.ko, boots
# Debian's stock 6.12 kernel in qemu with the module loaded, shows the
# README's tour there, and has NumPy print the same numbers on the host.
set -euo pipefail

. "$(dirname "$0")/lib.sh"

top=$PHILOX_TOP
out=${PHILOX_BUILD_DIR:-$top/build}/demo
export PHILOX_OUT=$out
mkdir -p "$out/vm/bin" "$out/vm/tools" "$out/logs"

echo "== Installing what the demo needs (Debian packages), building philox.ko"
"$PHILOX_SCRIPTS/checks/deps.sh" > "$out/logs/deps.log" 2>&1
read -r _ vmlinuz < <("$PHILOX_SCRIPTS/kernels/kernel.sh" 6.12 2>> "$out/logs/deps.log")
"$PHILOX_SCRIPTS/kernels/build-module.sh" 6.12 "$out/module/6.12" \
	> "$out/logs/build.log" 2>&1
make -s -C "$top/bench" OUT="$out/bench" "$out/bench/native" >&2
make -s -C "$top/tools/philoxcat" OUT="$out/vm/tools" STATIC=1
cc -O2 -Wall -static -I"$top/include/uapi" -o "$out/vm/bin/tour" \
	"$top/tools/demo/tour.c"
cat > "$out/vm/bin/tour.sh" <<'TOUR'
#!/bin/sh
echo "DEMO \$ head -c 32 /dev/philox | od -An -tx1     # fresh kernel entropy"
head -c 32 /dev/philox | od -An -tx1 | sed 's/^/DEMO /'
echo "DEMO \$ tour     # seeds its file with SeedSequence(12345), reads 4 numbers"
/philox/tests/tour | sed 's/^/DEMO /'
echo "DEMO \$ philoxcat --seed 12345 --bytes 32 | od -An -tx1"
philoxcat --seed 12345 --bytes 32 | od -An -tx1 | sed 's/^/DEMO /'
echo "DEMO \$ philoxcat --print-seed --bytes 0     # log a fresh stream"
philoxcat --print-seed --bytes 0 | sed 's/^/DEMO /'
TOUR
chmod 755 "$out/vm/bin/tour.sh"

echo "== Booting Debian's $(basename "$vmlinuz") in qemu with philox.ko loaded"
PHILOX_RESULTS=$out/logs/checks.txt "$PHILOX_SCRIPTS/vm/vm-stage.sh" demo 6.12 \
	"$out/vm" insmod tour tour.sh rmmod 2> "$out/logs/vm.log"
echo
echo "== In the VM"
sed -n 's/^ *DEMO //p' "$out/logs/demo.results.log" | tee "$out/vm-output.txt"
echo
echo "== On the host, NumPy"
echo '$ python3 -c "from numpy.random import Philox, SeedSequence; print(Philox(SeedSequence(12345)).random_raw(4))"'
/usr/bin/python3 -c "from numpy.random import Philox, SeedSequence; print(Philox(SeedSequence(12345)).random_raw(4))"
echo
# userspace-tests/verify-numpy.py compared the tour's numbers with NumPy's.
if grep -q "^ok - demo: the tour prints NumPy's" "$out/logs/checks.txt"; then
	echo "NumPy's numbers match the tour's in the VM; the bytes of"
	echo "philoxcat --seed 12345 above are their little-endian bytes."
else
	echo "NumPy's numbers DO NOT match the tour's in the VM:"
	grep '^not ok' "$out/logs/checks.txt"
	exit 1
fi
cat <<'REAL'

== The same on a real machine
  sudo apt-get install build-essential linux-headers-$(uname -r)
  make && sudo make install && sudo modprobe philox
  philoxcat --seed 12345 --bytes 32 | od -An -tx1
  python3 -c "from numpy.random import Philox, SeedSequence; print(Philox(SeedSequence(12345)).random_raw(4))"
REAL
