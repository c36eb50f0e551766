#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: `make demo`. Installs what it needs, builds philox.ko, boots
# Debian's stock 6.12 kernel in qemu with the module loaded, shows the
# README's tour there, and has NumPy print the same numbers on the host.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/lib.sh"

out=${PHILOX_BUILD_DIR:-$top/build}/demo
mkdir -p "$out/vm/bin" "$out/vm/tools" "$out/logs"

echo "== Installing what the demo needs (Debian packages), building philox.ko"
"$here/deps.sh" > "$out/logs/deps.log" 2>&1
read -r kdir vmlinuz < <("$here/stock-kernel.sh" 6.12 2>> "$out/logs/deps.log")
"$here/build-module.sh" "$kdir" "$out/module" > "$out/logs/build.log" 2>&1
make -s -C "$top/tools/philoxcat" OUT="$out/vm/tools" STATIC=1
cc -O2 -Wall -static -I"$top/include/uapi" -o "$out/vm/tools/tour" \
	"$top/tools/demo/tour.c"
cat > "$out/vm/bin/tour.sh" <<'TOUR'
#!/bin/sh
echo "DEMO \$ head -c 32 /dev/philox | od -An -tx1     # fresh kernel entropy"
head -c 32 /dev/philox | od -An -tx1 | sed 's/^/DEMO /'
echo "DEMO \$ tour     # seeds its file with SeedSequence(12345), reads 4 numbers"
tour | sed 's/^/DEMO /'
echo "DEMO \$ philoxcat --seed 12345 --bytes 32 | od -An -tx1"
philoxcat --seed 12345 --bytes 32 | od -An -tx1 | sed 's/^/DEMO /'
echo "DEMO \$ philoxcat --print-seed --bytes 0     # log a fresh stream"
philoxcat --print-seed --bytes 0 | sed 's/^/DEMO /'
TOUR
chmod 755 "$out/vm/bin/tour.sh"

echo "== Booting Debian's $(basename "$vmlinuz") in qemu with philox.ko loaded"
"$here/mkinitramfs.sh" "$out/demo.cpio.gz" "$out/module" "$out/vm"
"$here/run-vm.sh" demo "$vmlinuz" "$out/demo.cpio.gz" "$out/logs" \
	> "$out/logs/checks.txt"
echo
echo "== In the VM"
sed -n 's/^ *DEMO //p' "$out/logs/demo.results.log" | tee "$out/vm-output.txt"
echo
echo "== On the host, NumPy"
echo '$ python3 -c "from numpy.random import Philox, SeedSequence; print(Philox(SeedSequence(12345)).random_raw(4))"'
/usr/bin/python3 - "$out/vm-output.txt" <<'PY'
import sys
from numpy.random import Philox, SeedSequence

raw = Philox(SeedSequence(12345)).random_raw(4)
for v in raw:
    print(int(v))
got = open(sys.argv[1]).read().split()
same = [str(int(v)) for v in raw] == [w for w in got if w.isdigit() and len(w) > 8][:4]
print()
print("NumPy's numbers %s the tour's in the VM." % ("match" if same else "DO NOT match"))
print("The bytes of philoxcat --seed 12345 above are their little-endian bytes:")
print(" " + " ".join("%02x" % b for b in raw.astype("<u8").tobytes()))
sys.exit(0 if same else 1)
PY
cat <<'REAL'

== The same on a real machine
  sudo apt-get install build-essential linux-headers-$(uname -r)
  make && sudo make install && sudo modprobe philox
  philoxcat --seed 12345 --bytes 32 | od -An -tx1
  python3 -c "from numpy.random import Philox, SeedSequence; print(Philox(SeedSequence(12345)).random_raw(4))"
REAL
