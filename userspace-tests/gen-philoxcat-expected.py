#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compute with NumPy what philoxcat_test.sh expects of philoxcat.

Usage: gen-philoxcat-expected.py OUTDIR

The guest has no NumPy, so the streams are written here, at build time,
into OUTDIR (which becomes /philox/data/philoxcat):

  streams.txt        one case a line, "NAME|DESCRIPTION|PHILOXCAT OPTIONS";
                     NAME.bin holds the first bytes those options must give
  seed-12345.sha256  sha256sum of the first BIG_BYTES bytes of
                     Philox(SeedSequence(12345)), to check reads that span
                     philoxcat's 1 MiB buffers
  print-seed.txt     one case a line, "NAME|PHILOXCAT OPTIONS|LINE": the
                     exact line --print-seed must print

Every stream is computed straight from NumPy's Philox and SeedSequence, and
every --print-seed line is evaluated here and must give the stream of its
options, so that a wrong expectation cannot be written quietly.
"""

import hashlib
import os
import sys

import numpy
import numpy as np
from numpy.random import Philox, SeedSequence

from philox_numpy import words

NBYTES = 4096
BIG_BYTES = 3 * 1024 * 1024 + 5

KEY = 0x0123456789ABCDEF_FEDCBA9876543210
COUNTER = 0x5555_0000_0000_0000_0001_0000_0000_0000_0002_0000_0000_0000_FFFF
ADVANCE = 0xFFFF_FFFF_FFFF_FFFF_0000_0000_0000_0003
BIG_SEED = 2**1000 + 3 * 2**64 + 7
M256 = 2**256


def stream(bitgen, nbytes=NBYTES):
    raw = bitgen.random_raw((nbytes + 7) // 8).astype("<u8").tobytes()
    return raw[:nbytes]


def advanced(bitgen, delta):
    bitgen.advance(delta)
    return bitgen


def u32(ws):
    return np.array(ws, dtype=np.uint32)


def csv(ws, fmt="%d"):
    return ",".join(fmt % w for w in ws)


# NAME, description, options, NumPy's bit generator
STREAMS = [
    ("seed-12345", "--seed 12345 is SeedSequence(12345)",
     "--seed 12345", lambda: Philox(SeedSequence(12345))),
    ("seed-0", "--seed 0 is SeedSequence(0), one word 0",
     "--seed 0", lambda: Philox(SeedSequence(0))),
    ("seed-big", "--seed of 1001 bits in decimal",
     "--seed %d" % BIG_SEED, lambda: Philox(SeedSequence(BIG_SEED))),
    ("seed-big", "--seed of 1001 bits in 0x-hex",
     "--seed 0x%x" % BIG_SEED, None),
    ("seed-max", "--seed 2^1024 - 1 (32 words)",
     "--seed 0x" + "F" * 256, lambda: Philox(SeedSequence(2**1024 - 1))),
    ("entropy", "--entropy words are SeedSequence(uint32 array)",
     "--entropy 1,0xdeadbeef,0,4294967295",
     lambda: Philox(SeedSequence(u32([1, 0xDEADBEEF, 0, 0xFFFFFFFF])))),
    ("entropy-zero-word", "--entropy keeps a leading zero word that --seed folds",
     "--entropy 1,2,3,4,0 --spawn-key 9",
     lambda: Philox(SeedSequence(u32([1, 2, 3, 4, 0]), spawn_key=(9,)))),
    ("seed-folded", "--seed folds it, as SeedSequence(int)",
     "--seed %d --spawn-key 9" % (1 + (2 << 32) + (3 << 64) + (4 << 96)),
     lambda: Philox(SeedSequence(1 + (2 << 32) + (3 << 64) + (4 << 96),
                                 spawn_key=(9,)))),
    ("spawn-pool", "--spawn-key 7,8 --pool-size 8",
     "--seed 12345 --spawn-key 7,8 --pool-size 8",
     lambda: Philox(SeedSequence(12345, spawn_key=(7, 8), pool_size=8))),
    ("pool-64", "--pool-size 64",
     "--seed 12345 --pool-size 64",
     lambda: Philox(SeedSequence(12345, pool_size=64))),
    ("spawn-16", "--spawn-key of 16 words",
     "--entropy 5 --spawn-key " + csv(range(100, 116)),
     lambda: Philox(SeedSequence(5, spawn_key=tuple(range(100, 116))))),
    ("key", "--key K is Philox(key=K)",
     "--key 0x%x" % KEY, lambda: Philox(key=KEY)),
    ("key", "--key K0,K1 is Philox(key=[K0, K1])",
     "--key " + csv(words(KEY, 2), "0x%x"), None),
    ("key", "--key in decimal",
     "--key %d" % KEY, None),
    ("key-counter", "--key K --counter C",
     "--key 0x%x --counter 0x%x" % (KEY, COUNTER),
     lambda: Philox(key=KEY, counter=COUNTER)),
    ("key-counter", "--counter C0,C1,C2,C3 in NumPy's array order",
     "--key 0x%x --counter %s" % (KEY, csv(words(COUNTER, 4))), None),
    ("counter-wrap", "--counter 2^256 - 1 wraps to block 0",
     "--key 0x%x --counter 0x%s" % (KEY, "f" * 64),
     lambda: Philox(key=KEY, counter=M256 - 1)),
    ("advance", "--advance after --key and --counter",
     "--key 0x%x --counter 0x%x --advance 0x%x" % (KEY, COUNTER, ADVANCE),
     lambda: advanced(Philox(key=KEY, counter=COUNTER), ADVANCE)),
    ("advance-wrap", "--advance 2^256 - 1 steps back one block",
     "--key 0x%x --counter 5 --advance %d" % (KEY, M256 - 1),
     lambda: advanced(Philox(key=KEY, counter=5), M256 - 1)),
    ("jump", "--jump is jumped()",
     "--key 0x%x --counter 0x%x --jump 3" % (KEY, COUNTER),
     lambda: Philox(key=KEY, counter=COUNTER).jumped(3)),
    ("jump-max", "--jump 2^64 - 1",
     "--key 0x%x --jump 18446744073709551615" % KEY,
     lambda: Philox(key=KEY).jumped(2**64 - 1)),
    ("seed-advance-jump", "--seed, --counter, --advance, --jump in order",
     "--jump 2 --advance 1000 --counter 7 --seed 12345",
     lambda: advanced(Philox(SeedSequence(12345), counter=7), 1000).jumped(2)),
    ("seed-key", "--key overrides the key of --seed; counter 0",
     "--seed 12345 --key 0x%x" % KEY, lambda: Philox(key=KEY)),
]



def u32_words(value):
    """NumPy's split of an int into 32-bit words: SeedSequence(int)."""
    out = [value & 0xFFFFFFFF]
    value >>= 32
    while value:
        out.append(value & 0xFFFFFFFF)
        value >>= 32
    return out


def seq_expr(ws, rest=""):
    return ("numpy.random.SeedSequence(numpy.array([%s], dtype=numpy.uint32)%s)"
            % (", ".join("%d" % w for w in ws), rest))


# NAME, options, the exact --print-seed line, NumPy's bit generator for
# those options (which the line must reproduce)
PRINT_SEED = [
    ("seed", "--seed 12345",
     "numpy.random.Philox(%s)" % seq_expr([12345]),
     lambda: Philox(SeedSequence(12345))),
    ("seed-big", "--seed %d" % BIG_SEED,
     "numpy.random.Philox(%s)" % seq_expr(u32_words(BIG_SEED)),
     lambda: Philox(SeedSequence(BIG_SEED))),
    ("entropy-zero-word", "--entropy 1,2,3,4,0 --spawn-key 9",
     "numpy.random.Philox(%s)" % seq_expr([1, 2, 3, 4, 0],
                                          ", spawn_key=(9,)"),
     lambda: Philox(SeedSequence(u32([1, 2, 3, 4, 0]), spawn_key=(9,)))),
    ("spawn-pool", "--seed 12345 --spawn-key 7,8 --pool-size 8",
     "numpy.random.Philox(%s)" % seq_expr(
         [12345], ", spawn_key=(7, 8), pool_size=8"),
     lambda: Philox(SeedSequence(12345, spawn_key=(7, 8), pool_size=8))),
    ("key-counter", "--key 0x%x --counter 0x%x" % (KEY, COUNTER),
     "numpy.random.Philox(key=0x%x, counter=0x%x)" % (KEY, COUNTER),
     lambda: Philox(key=KEY, counter=COUNTER)),
    ("key", "--key %d" % KEY,
     "numpy.random.Philox(key=0x%x)" % KEY,
     lambda: Philox(key=KEY)),
    ("seed-advance-jump", "--seed 12345 --advance 1000 --jump 2",
     "numpy.random.Philox(%s, counter=0x%x)" % (seq_expr([12345]),
                                               (2 << 128) + 1000),
     lambda: advanced(Philox(SeedSequence(12345)), 1000).jumped(2)),
]


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)

    lines = []
    data = {}
    for name, desc, opts, make in STREAMS:
        assert "|" not in desc + opts
        if make is not None:
            assert name not in data, name
            data[name] = stream(make())
        assert name in data, name
        lines.append("%s|%s|%s\n" % (name, desc, opts))
    for name, raw in data.items():
        with open(os.path.join(outdir, name + ".bin"), "wb") as f:
            f.write(raw)
    with open(os.path.join(outdir, "streams.txt"), "w") as f:
        f.writelines(lines)

    big = stream(Philox(SeedSequence(12345)), BIG_BYTES)
    assert big[:NBYTES] == data["seed-12345"]
    with open(os.path.join(outdir, "seed-12345.sha256"), "w") as f:
        f.write("%s  -\n" % hashlib.sha256(big).hexdigest())
    with open(os.path.join(outdir, "seed-12345-big-bytes"), "w") as f:
        f.write("%d\n" % BIG_BYTES)

    lines = []
    for name, opts, line, make in PRINT_SEED:
        # The line itself must reproduce the stream of its options.
        got = stream(eval(line, {"numpy": numpy}))
        assert got == stream(make()), name
        assert "|" not in opts + line
        lines.append("%s|%s|%s\n" % (name, opts, line))
    with open(os.path.join(outdir, "print-seed.txt"), "w") as f:
        f.writelines(lines)


if __name__ == "__main__":
    main()
