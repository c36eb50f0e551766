#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the KUnit vectors of NumPy's Generator on Philox.

Usage: gen-generator-vectors.py OUTPUT_HEADER

Every expected value is what NumPy's numpy.random.Generator(Philox(...))
draws, computed here by NumPy (random_interval, which Generator.shuffle
uses but Python cannot call, through its exported C symbol), never by the
module under test. kunit/philox_generator_kunit.c replays each case from
its start state (NumPy's bit_generator.state) op by op, comparing every
value and NumPy's state after every op.
"""

import ctypes
import importlib.util
import os
import random
import sys

import numpy as np
import numpy.random._generator as npgen
from numpy.random import Generator, Philox, SeedSequence

ONES = (1 << 64) - 1

DTYPES = ["uint8", "uint16", "uint32", "uint64",
          "int8", "int16", "int32", "int64"]

# The ops, as the KUnit suite reads them (enum philox_gen_kind).
KINDS = ["RANDOM", "INTEGERS", "U32_BELOW", "U32_ABOVE", "U32_INCLUSIVE",
         "U64_BELOW", "INTERVAL", "SHUFFLE", "PERMUTATION_U32",
         "PERMUTATION_U64", "BYTES", "NEXT_U32", "NEXT_U64", "FILL",
         "ADVANCE", "JUMP"]

# The ranges (numbers of values) the issue names, and ones that reject
# often (just over a power of two) or never.
RANGES = [1, 2, 3, 6, 7, 100, 129, 2**8, 2**8 + 1, 2**15 + 1, 2**16,
          2**16 + 1, 2**31 + 1, 2**32 - 1, 2**32, 2**32 + 1, 2**33 + 3,
          2**63 + 1, 2**64 - 1, 2**64]

# The C spelling of words and NumPy states, as the first vectors header
# has it (gen-kunit-vectors.py, beside this file).
_spec = importlib.util.spec_from_file_location(
    "gen_kunit_vectors",
    os.path.join(os.path.dirname(os.path.abspath(__file__)),
                 "gen-kunit-vectors.py"))
_kunit_vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_kunit_vectors)
c_u64s = _kunit_vectors.c_u64s
c_numpy_state = _kunit_vectors.c_numpy_state

_lib = ctypes.CDLL(npgen.__file__)
_lib.random_interval.restype = ctypes.c_uint64
_lib.random_interval.argtypes = [ctypes.c_void_p, ctypes.c_uint64]


def random_interval(bg, max_value):
    """NumPy's random_interval(), the draw of Generator.shuffle()."""
    return int(_lib.random_interval(bg.ctypes.bit_generator.value,
                                    max_value))


def dtype_bounds(dtype):
    info = np.iinfo(dtype)
    return int(info.min), int(info.max), info.bits


def shuffle_element(i, size):
    """Element i of a shuffled array: its index, then bytes that follow it."""
    return bytes(((i >> (8 * b)) & 0xFF) if b < 4 else (i + 0x5A * b) & 0xFF
                 for b in range(size))


class Case:
    """One KUnit case: a start state and ops, each with NumPy's answers."""

    def __init__(self, name, start):
        self.name = name
        self.bg = Philox()
        self.bg.state = start
        self.start = self.bg.state
        self.gen = Generator(self.bg)
        self.ops = []

    def op(self, kind, values, dtype="uint64", low=0, high=0,
           endpoint=False, single=False, n=0, size=0, ret=0):
        st = self.bg.state
        self.ops.append(dict(kind=kind, dtype=dtype, low=low, high=high,
                             endpoint=endpoint, single=single, n=n,
                             size=size, ret=ret,
                             values=[int(v) & ONES for v in values],
                             counter=list(st["state"]["counter"]),
                             buffer_pos=st["buffer_pos"],
                             has_uint32=st["has_uint32"],
                             uinteger=st["uinteger"]))

    def random(self, n):
        self.op("RANDOM", self.gen.random(n).view(np.uint64), n=n)

    def integers(self, dtype, low, high, endpoint, n, single=False):
        bits = np.iinfo(dtype).bits
        try:
            if single:
                got = [self.gen.integers(low, high, dtype=dtype,
                                         endpoint=endpoint)
                       for _ in range(n)]
            else:
                got = self.gen.integers(low, high, size=n, dtype=dtype,
                                        endpoint=endpoint)
            ret = 0
        except ValueError:
            got, ret = [], -22
        self.op("INTEGERS", [int(v) & ((1 << bits) - 1) for v in got],
                dtype=dtype, low=low, high=high, endpoint=endpoint,
                single=single, n=n, ret=ret)

    def u32_below(self, ceil, n):
        self.op("U32_BELOW", [self.gen.integers(0, ceil, dtype=np.uint32)
                              for _ in range(n)], high=ceil, n=n)

    def u32_above(self, floor, n):
        self.op("U32_ABOVE", [self.gen.integers(floor + 1, 2**32,
                                                dtype=np.uint32)
                              for _ in range(n)], low=floor, n=n)

    def u32_inclusive(self, floor, ceil, n):
        self.op("U32_INCLUSIVE",
                [self.gen.integers(floor, ceil, dtype=np.uint32,
                                   endpoint=True) for _ in range(n)],
                low=floor, high=ceil, n=n)

    def u64_below(self, ceil, n):
        self.op("U64_BELOW", [self.gen.integers(0, ceil, dtype=np.uint64)
                              for _ in range(n)], high=ceil, n=n)

    def interval(self, max_value, n):
        self.op("INTERVAL", [random_interval(self.bg, max_value)
                             for _ in range(n)], high=max_value, n=n)

    def shuffle(self, n, size):
        raw = b"".join(shuffle_element(i, size) for i in range(n))
        arr = np.frombuffer(raw, dtype=np.dtype((np.void, size))).copy()
        self.gen.shuffle(arr)
        out = arr.tobytes()
        order = []
        for k in range(n):
            elem = out[k * size:(k + 1) * size]
            index = int.from_bytes(elem[:4], "little")
            assert elem == shuffle_element(index, size)
            order.append(index)
        assert sorted(order) == list(range(n))
        self.op("SHUFFLE", order, n=n, size=size)

    def permutation(self, n, width):
        self.op("PERMUTATION_U%d" % width, self.gen.permutation(n), n=n)

    def bytes(self, n):
        self.op("BYTES", list(self.gen.bytes(n)), n=n)

    def next_u32(self, n):
        c = self.bg.ctypes
        self.op("NEXT_U32", [c.next_uint32(c.state) for _ in range(n)], n=n)

    def next_u64(self, n):
        c = self.bg.ctypes
        self.op("NEXT_U64", [c.next_uint64(c.state) for _ in range(n)], n=n)

    def fill(self, n):
        self.op("FILL", self.bg.random_raw(n), n=n)

    def advance(self, delta):
        self.bg.advance(delta)
        self.op("ADVANCE", [], low=delta & ONES, high=delta >> 64)

    def jump(self, jumps):
        self.bg.state = self.bg.jumped(jumps).state
        self.op("JUMP", [], n=jumps)


def start_states():
    """Start states: fresh, a kept half, a block almost used, a carry."""
    fresh = Philox(SeedSequence(20261206)).state
    kept = Philox(SeedSequence(7))
    kept.ctypes.next_uint32(kept.ctypes.state)
    kept = kept.state
    assert kept["has_uint32"] == 1
    late = Philox(SeedSequence(8))
    late.random_raw(3)
    late = late.state
    assert late["buffer_pos"] == 3
    carry = Philox(key=0x0123456789ABCDEF_FEDCBA9876543210,
                   counter=np.array([ONES - 1, ONES, 0, 0],
                                    dtype=np.uint64))
    carry.ctypes.next_uint32(carry.ctypes.state)
    carry = carry.state
    return {"fresh": fresh, "kept half": kept, "late in a block": late,
            "across a carry": carry}


def range_bounds(rnd, dtype, count, endpoint):
    """low and high of count values in dtype, or None if C cannot say it."""
    lo, hi, _ = dtype_bounds(dtype)
    if count > hi - lo + 1:
        return None
    low = rnd.choice([lo, rnd.randint(lo, hi + 1 - count)])
    high = low + count - 1 if endpoint else low + count
    if high > hi:
        return None
    return low, high


def integer_cases(states):
    """Every dtype over every range, in calls of many draws and of one."""
    cases = []
    rnd = random.Random(2020)
    for dtype in DTYPES:
        for sname in ["fresh", "kept half"]:
            c = Case("integers %s from %s" % (dtype, sname), states[sname])
            for count in RANGES:
                for endpoint in (False, True):
                    b = range_bounds(rnd, dtype, count, endpoint)
                    if b is None:
                        continue
                    single = sname == "kept half"
                    c.integers(dtype, b[0], b[1], endpoint,
                               rnd.choice([1, 5, 17, 40]), single)
            cases.append(c)
        # NumPy's refusals: an empty range, and low above high.
        c = Case("integers %s refused ranges" % dtype, states["late in a block"])
        lo, hi, _ = dtype_bounds(dtype)
        for low, high, endpoint in [(0, 0, False), (5, 4, True), (5, 5, False),
                                    (hi, hi, False), (lo, lo, False),
                                    (hi, lo, True), (lo, lo, True)]:
            c.integers(dtype, low, high, endpoint, 3)
            c.next_u32(1)
        cases.append(c)
    return cases


def interleaved_cases(states):
    """Generator draws mixed with the bit generator's own, advance, jump."""
    cases = []
    rnd = random.Random(1206)
    for i, sname in enumerate(sorted(states) * 3):
        c = Case("interleaved %d from %s" % (i, sname), states[sname])
        for _ in range(36):
            what = rnd.choice(["int", "int", "int", "u32", "u64", "fill",
                               "advance", "jump", "random", "bytes",
                               "perm", "interval"])
            if what == "int":
                dtype = rnd.choice(DTYPES)
                endpoint = rnd.random() < 0.5
                b = None
                while b is None:
                    b = range_bounds(rnd, dtype, rnd.choice(RANGES), endpoint)
                c.integers(dtype, b[0], b[1], endpoint, rnd.randint(1, 9),
                           rnd.random() < 0.3)
            elif what == "u32":
                c.next_u32(rnd.randint(1, 3))
            elif what == "u64":
                c.next_u64(rnd.randint(1, 3))
            elif what == "fill":
                c.fill(rnd.randint(1, 5))
            elif what == "advance":
                c.advance(rnd.choice([1, 3, 2**64 + 5, 2**100]))
            elif what == "jump":
                c.jump(rnd.choice([1, 2]))
            elif what == "random":
                c.random(rnd.randint(1, 4))
            elif what == "bytes":
                c.bytes(rnd.randint(0, 13))
            elif what == "perm":
                c.permutation(rnd.randint(0, 20), rnd.choice([32, 64]))
            else:
                c.interval(rnd.choice([0, 1, 5, 2**32 - 1, 2**32, 2**40 + 7]),
                           rnd.randint(1, 4))
        cases.append(c)
    return cases


def other_cases(states):
    cases = []
    c = Case("random doubles", states["fresh"])
    c.random(300)
    c.next_u32(1)
    c.random(33)
    c.next_u32(1)
    cases.append(c)

    # Outputs that random draws never give, placed in the buffer: 0, the
    # smallest nonzero double (1 << 11), the largest (all ones).
    edge = dict(states["fresh"])
    edge["buffer"] = np.array([0, 1 << 11, ONES, (1 << 11) - 1],
                              dtype=np.uint64)
    edge["buffer_pos"] = 0
    c = Case("random doubles from edge outputs", edge)
    c.random(5)
    cases.append(c)

    c = Case("random doubles from a kept half", states["kept half"])
    c.random(5)
    c.next_u32(2)
    cases.append(c)

    c = Case("convenience names", states["fresh"])
    for ceil in [1, 2, 6, 256, 2**31 + 1, 2**32 - 1]:
        c.u32_below(ceil, 12)
    for floor in [0, 1, 2**31 - 1, 2**32 - 3, 2**32 - 2]:
        c.u32_above(floor, 12)
    for floor, ceil in [(0, 0), (0, 2**32 - 1), (5, 6), (10, 2**31 + 10),
                        (2**32 - 2, 2**32 - 1)]:
        c.u32_inclusive(floor, ceil, 12)
    for ceil in [1, 2, 2**32 - 1, 2**32, 2**32 + 1, 2**63 + 1, 2**64 - 1]:
        c.u64_below(ceil, 12)
    cases.append(c)

    c = Case("interval, 32- and 64-bit draws", states["kept half"])
    for m in [0, 1, 2, 3, 4, 255, 256, 2**31, 2**32 - 1, 2**32, 2**32 + 1,
              2**63, 2**64 - 1]:
        c.interval(m, 15)
    cases.append(c)

    for start in ["fresh", "late in a block"]:
        c = Case("permutations from %s" % start, states[start])
        for n in [0, 1, 2, 3, 10, 257, 1000]:
            c.permutation(n, 32)
        for n in [0, 1, 2, 17, 65, 700]:
            c.permutation(n, 64)
        cases.append(c)

    c = Case("shuffles of every element size", states["kept half"])
    for size in [1, 2, 3, 4, 5, 7, 8, 12, 16, 24, 33]:
        for n in [0, 1, 2, 37, 256 if size == 1 else 300]:
            c.shuffle(n, size)
    cases.append(c)

    c = Case("bytes", states["kept half"])
    for n in [0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 100, 1, 4]:
        c.bytes(n)
    cases.append(c)
    return cases


def main():
    path = sys.argv[1]
    states = start_states()
    cases = integer_cases(states) + interleaved_cases(states) + \
        other_cases(states)

    values, ops, lines = [], [], []
    for c in cases:
        first_op = len(ops)
        for op in c.ops:
            op["first"] = len(values)
            values += op["values"]
            ops.append(op)
        lines.append('\t{ "%s", %s, %d, %d, %s },' % (
            c.name, c_numpy_state(c.start), first_op, len(c.ops),
            c_numpy_state(c.bg.state)))

    max_values = max(max(op["n"], len(op["values"])) for op in ops)
    max_bytes = max(max(op["n"] * max(op["size"], 8), 8) for op in ops
                    if op["kind"] not in ("ADVANCE", "JUMP"))
    out = [
        "/* SPDX-License-Identifier: GPL-2.0 */",
        "/*",
        " * Generated by kunit/gen-generator-vectors.py; do not edit. make",
        " * check regenerates it and fails if it differs. Every value is",
        " * NumPy's Generator(Philox(...)), NumPy %s." % np.__version__,
        " */",
        "",
        "#define PHILOX_GEN_N_VALUES %d" % len(values),
        "/* The most values one op gives, and the bytes it draws into. */",
        "#define PHILOX_GEN_MAX_OP_VALUES %d" % max_values,
        "#define PHILOX_GEN_MAX_OP_BYTES %d" % max_bytes,
        "",
        "static const u64 philox_gen_values[] = {",
    ]
    for i in range(0, len(values), 4):
        out.append("\t" + ", ".join("0x%xULL" % v
                                     for v in values[i:i + 4]) + ",")
    out.append("};\n")
    out.append("static const struct philox_gen_op philox_gen_ops[] = {")
    for op in ops:
        low, high = op["low"] & ONES, op["high"] & ONES
        out.append("\t{ PHILOX_GEN_%s, PHILOX_GEN_%s, %s, %s, %d, "
                   "0x%xULL, 0x%xULL, %d, %d, %d, %d, %s, %d, %s, 0x%08xU },"
                   % (op["kind"], op["dtype"].upper(),
                      "true" if op["endpoint"] else "false",
                      "true" if op["single"] else "false", op["ret"],
                      low, high, op["n"], op["size"], op["first"],
                      len(op["values"]), c_u64s(op["counter"]),
                      op["buffer_pos"],
                      "true" if op["has_uint32"] else "false",
                      op["uinteger"]))
    out.append("};\n")
    out.append("static const struct philox_gen_case philox_gen_cases[] = {")
    out += lines
    out.append("};")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print("%s: %d cases, %d ops, %d values" % (path, len(cases), len(ops),
                                              len(values)), file=sys.stderr)


if __name__ == "__main__":
    main()
