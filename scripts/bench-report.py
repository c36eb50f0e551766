#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the bench measurements into one Markdown table set, with ratios.

Usage: bench-report.py VM_RESULTS_LOG VM_CONSOLE_LOG NATIVE_TXT
"""

import os
import platform
import re
import sys

SIZES = [8, 64, 4096, 65536, 1 << 20]
TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def impl_names():
    """The bulk generators, from the one table of them (the module's):
    the portable one first, then the SIMD ones."""
    with open(os.path.join(TOP, "module", "philox_bulk.c")) as f:
        return re.findall(r'^\s*\{ "(\w+)", philox_', f.read(), re.M)


def size_name(n):
    if n >= 1 << 20:
        return "%d MiB" % (n >> 20)
    if n >= 1024:
        return "%d KiB" % (n >> 10)
    return "%d B" % n


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    vm_log, console_log, native_txt = sys.argv[1:4]
    read, threads2, opens = {}, {}, {}
    with open(vm_log, errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) == 5 and p[:2] == ["bench", "read"]:
                read[(p[2], int(p[3]))] = float(p[4])
            elif len(p) == 5 and p[:2] == ["bench", "threads2"]:
                threads2[int(p[3])] = float(p[4])
            elif len(p) == 4 and p[:2] == ["bench", "open"]:
                opens[p[2]] = float(p[3])
    kernel, state, impl = "?", "?", "?"
    with open(console_log, errors="replace") as f:
        for line in f:
            m = re.search(r"Linux version (\S+)", line)
            if m:
                kernel = m.group(1)
            m = re.search(r"philox: .*?(\d+) bytes per open file", line)
            if m:
                state = m.group(1)
            m = re.search(r"philox: .*reads use (\w+)", line)
            if m:
                impl = m.group(1)

    native, tsc_hz = {}, None
    with open(native_txt) as f:
        for line in f:
            p = line.split()
            if p[:2] == ["native", "tsc_hz"]:
                tsc_hz = float(p[2])
            elif p and p[0] == "native":
                native[(p[1], int(p[2]))] = float(p[3])

    if not read:
        print("no VM measurements: see %s" % vm_log)
        return 1

    out = []
    out.append("### /dev/philox in a VM (Debian %s, qemu TCG `-cpu max -smp 2`), one boot"
               % kernel)
    out.append("")
    out.append("Reads use `%s`; per-open state: %s bytes. MB/s; qemu emulates the CPU, "
               "so the ratios are what counts." % (impl, state))
    out.append("")
    out.append("| read size | philox | urandom | getrandom | zero | philox/urandom "
               "| philox/zero | philox, 2 threads | 2 threads/1 |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in SIZES:
        ph = read.get(("philox", s), 0)
        ur = read.get(("urandom", s), 0)
        gr = read.get(("getrandom", s), 0)
        ze = read.get(("zero", s), 0)
        t2 = threads2.get(s, 0)
        out.append("| %s | %.1f | %.1f | %.1f | %.1f | %.2fx | %.2fx | %.1f | %.2fx |" % (
            size_name(s), ph, ur, gr, ze, ph / ur if ur else 0, ph / ze if ze else 0,
            t2, t2 / ph if ph else 0))
    out.append("")
    if opens:
        out.append("open() + 8-byte read + close(): /dev/philox %.1f us, /dev/urandom %.1f us "
                   "(%.2fx)." % (opens.get("philox", 0), opens.get("urandom", 0),
                                 opens.get("philox", 0) / opens.get("urandom", 1)))
        out.append("")

    out.append("### The generator natively (%s), same run" % cpu_model())
    out.append("")
    gens = sorted({g for g, _ in native})
    out.append("| bytes per call | " + " | ".join(gens) + " |")
    out.append("| --- |" + " ---: |" * len(gens))
    for s in SIZES:
        cells = []
        for g in gens:
            v = native.get((g, s))
            if v is None:
                cells.append("")
            elif tsc_hz:
                cells.append("%.2f GB/s, %.2f c/B" % (v, tsc_hz / (v * 1e9)))
            else:
                cells.append("%.2f GB/s" % v)
        out.append("| %s | %s |" % (size_name(s), " | ".join(cells)))
    out.append("")
    out.append("c/B: TSC cycles per byte.")
    out.append("")

    big = 1 << 20
    r123 = native.get(("random123-philox4x64", big), 0)
    portable, *vector = impl_names()
    scalar = native.get(("module-" + portable, big), 0)
    simd = max([native.get(("module-" + g, big), 0) for g in vector] + [0])
    ratio = lambda a, b: a / b if b else 0
    targets = [
        ("1 MiB reads: /dev/philox >= 5x /dev/urandom",
         ratio(read.get(("philox", big), 0), read.get(("urandom", big), 0)), 5),
        ("8-byte reads: >= 0.8x /dev/zero",
         ratio(read.get(("philox", 8), 0), read.get(("zero", 8), 0)), 0.8),
        ("two threads on one file (1 MiB reads): >= 1.5x one thread",
         ratio(threads2.get(big, 0), read.get(("philox", big), 0)), 1.5),
        ("native scalar: >= 1.3x Random123", ratio(scalar, r123), 1.3),
        ("native SIMD: >= 2x Random123", ratio(simd, r123), 2.0),
    ]
    out.append("| target | measured | met |")
    out.append("| --- | ---: | --- |")
    for name, got, want in targets:
        out.append("| %s | %.2fx | %s |" % (name, got, "yes" if got >= want else "no"))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
