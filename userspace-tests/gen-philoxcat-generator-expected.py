#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compute with NumPy what philoxcat_generator_test.sh expects of philoxcat.

Usage: gen-philoxcat-generator-expected.py OUTDIR

For philoxcat's NumPy Generator options (--random, --integers, --permutation,
--shuffle), written here at build time into OUTDIR (which becomes
/philox/data/philoxcat-generator), since the guest has no NumPy:

  cases.txt   one case a line, "NAME|STATUS|PHILOXCAT OPTIONS"; NAME.out is
              the exact standard output, NAME.in (if any) the standard
              input; for STATUS 2, NAME.err holds NumPy's ValueError text,
              which standard error must contain
  print-seed.txt  "NAME|PHILOXCAT OPTIONS|LINE": the exact --print-seed line
              on standard error, which evaluated here gives NAME.out

Every output is NumPy's Generator(Philox(...)) printed as Python prints it:
repr(float) for doubles, int() for integers.
"""

import os
import sys

import numpy
import numpy as np
from numpy.random import Generator, Philox, SeedSequence

KEY = 0x0123456789ABCDEF_FEDCBA9876543210
# Word 0 two blocks short of a carry into word 1.
COUNTER = (5 << 64) | (2**64 - 2)

DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
          "uint64"]
# The ranges (numbers of values) the issue names, and some that reject
# often.
RANGES = [1, 2, 6, 129, 2**8, 2**16, 2**16 + 1, 2**31 + 1, 2**32 - 1, 2**32,
          2**32 + 1, 2**63 + 1, 2**64 - 1, 2**64]


def seeded(seed):
    return Generator(Philox(SeedSequence(seed)))


def ints(values):
    return "".join("%d\n" % int(v) for v in values)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    cases = []

    def add(name, opts, out, status=0, stdin=None, err=None):
        assert "|" not in opts
        with open(os.path.join(outdir, name + ".out"), "w") as f:
            f.write(out)
        if stdin is not None:
            with open(os.path.join(outdir, name + ".in"), "wb") as f:
                f.write(stdin)
        if err is not None:
            with open(os.path.join(outdir, name + ".err"), "w") as f:
                f.write(err + "\n")
        cases.append("%s|%d|%s\n" % (name, status, opts))

    def integers(name, seed, low, high, dtype, endpoint, n=200,
                 low_given=True):
        opts = "--seed %d --integers %d%s --high %d" % (
            seed, n, " --low %d" % low if low_given else "", high)
        if dtype:
            opts += " --dtype " + dtype
        if endpoint:
            opts += " --endpoint"
        try:
            got = seeded(seed).integers(low, high, size=n,
                                        dtype=dtype or np.int64,
                                        endpoint=endpoint)
        except ValueError as e:
            add(name, opts, "", 2, err=str(e))
            return
        add(name, opts, ints(got))

    add("random", "--seed 12345 --random 3000",
        "".join(repr(float(x)) + "\n" for x in seeded(12345).random(3000)))
    bg = Philox(key=KEY, counter=COUNTER)
    add("random-key-counter",
        "--key 0x%x --counter 0x%x --random 40" % (KEY, COUNTER),
        "".join(repr(float(x)) + "\n" for x in Generator(bg).random(40)))
    bg = Philox(SeedSequence(3))
    bg.advance(7)
    add("random-advance", "--seed 3 --advance 7 --random 40",
        "".join(repr(float(x)) + "\n" for x in Generator(bg).random(40)))
    add("random-0", "--seed 3 --random 0", "")

    # The example: 8-bit draws share a 32-bit word.
    integers("uint8-0-6", 12345, 0, 6, "uint8", False, n=4)
    integers("uint32-0-6", 12345, 0, 6, "uint32", False, n=4)
    integers("default-dtype", 99, -1000, 1000, None, False)
    integers("low-omitted", 99, 0, 1000, "uint16", False, low_given=False)
    seed = 1000
    for dtype in DTYPES:
        info = np.iinfo(dtype)
        for count in RANGES:
            if count > 2**info.bits:
                continue
            seed += 1
            for endpoint in (False, True):
                low = int(info.min)
                high = low + count - (1 if endpoint else 0)
                integers("%s-%d-%s" % (dtype, count, endpoint), seed, low,
                         high, dtype, endpoint)
        # NumPy's refusals, each with its own text.
        lo, hi = int(info.min), int(info.max)
        for what, low, high, endpoint in [
                ("empty", 5, 5, False), ("reversed", 5, 4, True),
                ("zero", 0, 0, False), ("negative", 0, -1, True),
                ("low-out", lo - 1, 0, False), ("high-out", 0, hi + 2, False),
                ("high-out-endpoint", 0, hi + 1, True)]:
            integers("%s-%s" % (dtype, what), 1, low, high, dtype, endpoint)

    for n in [0, 1, 2, 1000]:
        add("permutation-%d" % n, "--seed 77 --permutation %d" % n,
            ints(seeded(77).permutation(n)))
    for name, data in [("shuffle", b"".join(b"line %d\n" % i
                                            for i in range(500))),
                       ("shuffle-no-final-newline", b"a\nb\nc\nd\ne"),
                       ("shuffle-empty-lines", b"\n\nx\n\n"),
                       ("shuffle-none", b"")]:
        lines = data.split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        seeded(4242).shuffle(lines)
        add(name, "--seed 4242 --shuffle",
            "".join(x.decode() + "\n" for x in lines), stdin=data)

    with open(os.path.join(outdir, "cases.txt"), "w") as f:
        f.writelines(cases)

    # --print-seed: the Generator line, which must replay the output.
    lines = []
    for name, opts, line, out in [
            ("seed", "--seed 12345 --random 5",
             "numpy.random.Generator(numpy.random.Philox("
             "numpy.random.SeedSequence(numpy.array([12345], "
             "dtype=numpy.uint32))))", "random"),
            ("key-counter", "--key 0x%x --counter 0x%x --random 5"
             % (KEY, COUNTER),
             "numpy.random.Generator(numpy.random.Philox(key=0x%x, "
             "counter=0x%x))" % (KEY, COUNTER), "random")]:
        rng = eval(line, {"numpy": numpy})
        want = "".join(repr(float(x)) + "\n" for x in rng.random(5))
        with open(os.path.join(outdir, "print-seed-%s.out" % name), "w") as f:
            f.write(want)
        lines.append("%s|%s|%s\n" % (name, opts, line))
    with open(os.path.join(outdir, "print-seed.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
