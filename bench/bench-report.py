#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the bench measurements into Markdown tables, with ratios: the VM's
reads against the two costs no copying read avoids (the generator and
the copy to user memory, each alone in the kernel), perf's breakdown of a
read, the generator natively, and the targets of issue 18.

Usage: bench-report.py VM_RESULTS_LOG VM_CONSOLE_LOG NATIVE_TXT

The bulk generators' names come from NATIVE_TXT too, the line
"native impls NAME..." that bench/native prints from the rows of
module/philox_impls.h: nothing here parses C source or runs a program.
"""

import platform
import re
import sys

SIZES = [8, 64, 4096, 65536, 1 << 20]


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


def median(values):
    """The median of a list; 0 for none."""
    v = sorted(values)
    if not v:
        return 0
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def ratio(a, b):
    return a / b if b else 0


def read_vm_log(path):
    """The bench lines of the VM: lists of figures, one per round."""
    figures, profile = {}, {}
    with open(path, errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 4 or p[0] != "bench":
                continue
            if p[1] == "profile" and len(p) == 6:
                profile.setdefault((p[2], int(p[3])), []).append((float(p[4]), p[5]))
            elif p[1] in ("read", "threads2") and len(p) == 5:
                figures.setdefault((p[1], p[2], int(p[3])), []).append(float(p[4]))
            elif p[1] in ("fill", "copy") and len(p) == 4:
                figures.setdefault((p[1], int(p[2])), []).append(float(p[3]))
            elif p[1] == "open" and len(p) == 4:
                figures.setdefault(("open", p[2]), []).append(float(p[3]))
            elif p[1] == "bounded" and len(p) == 5:
                figures.setdefault(("bounded", p[2], int(p[3])), []).append(float(p[4]))
    return figures, profile


class Figures:
    """Each figure's measurements, one per round, in round order."""

    def __init__(self, rounds):
        self.rounds = rounds

    def __contains__(self, key):
        return key in self.rounds

    def get(self, *key):
        """The median of a figure's rounds; 0 if it was not measured."""
        return median(self.rounds.get(key, []))

    def ratio(self, a, b):
        """The median over the rounds of a / b, each round's own."""
        pairs = zip(self.rounds.get(a, []), self.rounds.get(b, []))
        return median([ratio(x, y) for x, y in pairs])

    def h(self, size):
        """H, the speed of generating and then copying with nothing else:
        1 / (1/generator + 1/copy), the median of the rounds' own."""
        pairs = zip(self.rounds.get(("fill", size), []), self.rounds.get(("copy", size), []))
        return median([harmonic(f, c) for f, c in pairs])

    def reads_over_h(self, size):
        """Reads of that size / H, the median of the rounds' own ratios."""
        rounds = zip(self.rounds.get(("read", "philox", size), []),
                     self.rounds.get(("fill", size), []), self.rounds.get(("copy", size), []))
        return median([ratio(r, harmonic(f, c)) for r, f, c in rounds])


def harmonic(gen, copy):
    """MB/s of generating then copying, each at its own speed."""
    return 1 / (1 / gen + 1 / copy) if gen and copy else 0


def read_console(path):
    kernel, state, impl = "?", "?", "?"
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"Linux version (\S+)", line)
            if m:
                kernel = m.group(1)
            # The first load's: the benchmarks ran before any reload.
            m = re.search(r"philox: .*reads use (\w+), (\d+) bytes per open file", line)
            if m and impl == "?":
                impl, state = m.group(1), m.group(2)
    return kernel, state, impl


def read_native(path):
    """The native measurements, the TSC's frequency, and the bulk
    generators' names in the order of their table, the portable one
    first (None without the "native impls" line)."""
    native, tsc_hz, impls = {}, None, None
    with open(path) as f:
        for line in f:
            p = line.split()
            if p[:2] == ["native", "tsc_hz"]:
                tsc_hz = float(p[2])
            elif p[:2] == ["native", "impls"]:
                impls = p[2:]
            elif p and p[0] == "native":
                native[(p[1], int(p[2]))] = float(p[3])
    return native, tsc_hz, impls


def vm_table(fig, kernel, state, impl):
    g = fig.get
    out = ["### /dev/philox in a VM (Debian %s, qemu TCG `-cpu max -smp 2,sockets=2`), one boot"
           % kernel, "",
           "Reads use `%s`; per-open state: %s bytes. MB/s, the median of the rounds; "
           "each ratio is the median of the rounds' own ratios. qemu emulates the CPU, "
           "so the ratios are what counts. *generator*: `philox_fill()` of the same size "
           "into a kernel buffer, timed in the kernel; *user copy*: `copy_to_user()` "
           "of the same size from a kernel buffer, alone (both `philox_bench.ko`). "
           "*H* = 1 / (1/generator + 1/user copy): a read that copies can be no faster; "
           "*reads / H* is what the read path itself costs." % (impl, state), "",
           "| read size | philox | generator | user copy | H | reads / H "
           "| reads / generator | zero | philox / zero "
           "| urandom | getrandom | philox, 2 threads | 2 threads / 1 "
           "| generator, 2 threads / 1 |",
           "| --- |" + " ---: |" * 14]
    for s in SIZES:
        ph = ("read", "philox", s)
        out.append("| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.2f | %.1f "
                   "| %.1f | %.1f | %.2f | %.2f |" % (
                       size_name(s), g(*ph), g("fill", s), g("copy", s), fig.h(s),
                       fig.reads_over_h(s), fig.ratio(ph, ("fill", s)),
                       g("read", "zero", s), fig.ratio(ph, ("read", "zero", s)),
                       g("read", "urandom", s), g("read", "getrandom", s),
                       g("threads2", "philox", s), fig.ratio(("threads2", "philox", s), ph),
                       fig.ratio(("threads2", "fill", s), ("fill", s))))
    out.append("")
    if ("open", "philox") in fig:
        out.append("open() + 8-byte read + close(): /dev/philox %.1f us, /dev/urandom "
                   "%.1f us (%.2fx)." % (g("open", "philox"), g("open", "urandom"),
                                         ratio(g("open", "philox"), g("open", "urandom"))))
        out.append("")
    return out


BOUNDED_GENS = ["philox_u32_below", "get_random_u32_below", "prandom_u32_state_mod"]


def bounded_table(fig):
    """Bounded 32-bit draws in the kernel, philox_bench.ko's bounded file."""
    bounds = sorted({k[2] for k in fig.rounds if k[0] == "bounded"})
    if not bounds:
        return []
    out = ["Bounded 32-bit draws in the kernel, same boot, millions per second "
           "(median of the rounds): `philox_u32_below(rng, n)` (NumPy's "
           "`integers(0, n, dtype=np.uint32)`), `get_random_u32_below(n)`, "
           "`prandom_u32_state(&state) % n` (biased).", "",
           "| n | philox_u32_below | get_random_u32_below | prandom_u32_state % n "
           "| philox / get_random | philox / prandom % n |",
           "| ---: |" + " ---: |" * 5]
    for b in bounds:
        p, r, m = (("bounded", gen, b) for gen in BOUNDED_GENS)
        out.append("| %d | %.1f | %.1f | %.1f | %.2f | %.2f |" % (
            b, fig.get(*p), fig.get(*r), fig.get(*m), fig.ratio(p, r), fig.ratio(p, m)))
    out.append("")
    return out


def profile_table(fig, profile):
    """perf's samples in the guest as microseconds per read, by symbol."""
    runs = [k for k in (("philox", 8), ("zero", 8), ("philox", 1 << 20)) if k in profile]
    if not runs:
        return []
    us = {}
    for src, size in runs:
        per_read = ratio(size, fig.get("read", src, size))  # MB/s -> us
        for pct, sym in profile[(src, size)]:
            us.setdefault(sym, {})[(src, size)] = pct / 100 * per_read
    order = sorted(us, key=lambda sym: -max(us[sym].values()))
    out = ["#### Where a read's time goes (perf in the guest, cpu-clock samples)", "",
           "Microseconds per read by symbol, from each symbol's share of the samples "
           "times the read's time above; the 16 largest symbols of each run.", "",
           "| symbol | " + " | ".join("%s, %s" % (s, size_name(n)) for s, n in runs) + " |",
           "| --- |" + " ---: |" * len(runs)]
    for sym in order:
        cells = ["%.3f" % us[sym][r] if r in us[sym] else "" for r in runs]
        out.append("| `%s` | %s |" % (sym, " | ".join(cells)))
    out.append("")
    return out


def native_table(native, tsc_hz):
    out = ["### The generator natively (%s), same run" % cpu_model(), ""]
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
    out += ["", "c/B: TSC cycles per byte.", ""]
    return out


def targets_table(fig, native, names):
    big, mid = 1 << 20, 1 << 16
    r123 = native.get(("random123-philox4x64", big), 0)
    vector = names[1:]
    simd = max([native.get(("module-" + v, big), 0) for v in vector] + [0])
    targets = [
        ("64 KiB reads / H", fig.reads_over_h(mid), 0.90),
        ("1 MiB reads / H", fig.reads_over_h(big), 0.90),
        ("8-byte reads / /dev/zero 8-byte reads",
         fig.ratio(("read", "philox", 8), ("read", "zero", 8)), 0.75),
        ("two threads on one file / one thread (64 KiB reads)",
         fig.ratio(("threads2", "philox", mid), ("read", "philox", mid)), 1.8),
        ("natively, the best SIMD path / Random123 (stretch)", ratio(simd, r123), 2.0),
    ]
    out = ["| target | measured | wanted | met |", "| --- | ---: | ---: | --- |"]
    for name, got, want in targets:
        out.append("| %s | %.2f | >= %.2f | %s |" % (name, got, want,
                                                   "yes" if got >= want else "no"))
    return out


def main():
    vm_log, console_log, native_txt = sys.argv[1:4]
    rounds, profile = read_vm_log(vm_log)
    fig = Figures(rounds)
    if not rounds:
        print("no VM measurements: see %s" % vm_log)
        return 1
    native, tsc_hz, impls = read_native(native_txt)
    if not impls:
        print("no \"native impls\" line: see %s" % native_txt)
        return 1
    out = vm_table(fig, *read_console(console_log))
    out += bounded_table(fig)
    out += profile_table(fig, profile)
    out += native_table(native, tsc_hz)
    out += targets_table(fig, native, impls)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
