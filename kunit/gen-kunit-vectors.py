#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write the KUnit vectors header: published vectors plus NumPy's answers.

Usage: gen-kunit-vectors.py VECTOR_DIR OUTPUT_HEADER

The published vectors (Random123's known answers, NumPy's Philox test set 1,
SeedSequence reference outputs) are read from VECTOR_DIR. Every other
expected value is computed here by NumPy, never by the module under test.
"""

import sys

import numpy as np
from numpy.random import Philox, SeedSequence

MASK64 = (1 << 64) - 1
ONES = MASK64
N_STREAM = 8        # 64-bit outputs checked per stream case
N_STATE32 = 13      # generate_state(n, uint32) words checked per case
N_STATE64 = 7       # generate_state(n, uint64) words checked per case


def words_to_int(words, bits=64):
    return sum(int(w) << (bits * i) for i, w in enumerate(words))


def c_u64s(values):
    return "{ " + ", ".join("0x%016xULL" % int(v) for v in values) + " }"


def c_u32s(values):
    if len(values) == 0:
        return "{ 0 }"
    return "{ " + ", ".join("0x%08xU" % int(v) for v in values) + " }"


def published(vdir):
    out = []
    kats = []
    with open(vdir + "/random123-philox4x64-10-kat.txt") as f:
        for line in f:
            fields = line.split()
            if len(fields) != 12 or fields[0] != "philox4x64" or fields[1] != "10":
                continue
            v = [int(x, 16) for x in fields[2:]]
            kats.append((v[0:4], v[4:6], v[6:10]))
    assert len(kats) >= 3, "Random123 known answers missing"
    out.append("static const struct philox_kat_vector philox_kat_vectors[] = {")
    for ctr, key, res in kats:
        out.append("\t{ %s, %s, %s }," % (c_u64s(ctr), c_u64s(key), c_u64s(res)))
    out.append("};\n")

    seed = None
    values = []
    with open(vdir + "/numpy-philox-testset-1.csv") as f:
        for line in f:
            a, b = [x.strip() for x in line.split(",")]
            if a == "seed":
                seed = int(b, 0)
            else:
                assert int(a) == len(values)
                values.append(int(b, 0))
    assert seed is not None and len(values) == 1000
    out.append("static const u32 numpy_testset1_seed = 0x%08xU;" % seed)
    out.append("static const u64 numpy_testset1[%d] = {" % len(values))
    for v in values:
        out.append("\t0x%016xULL," % v)
    out.append("};\n")

    refs = []
    with open(vdir + "/seedsequence-reference.txt") as f:
        cur = {}
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            cur[fields[0]] = [int(x) for x in fields[1:]]
            if fields[0] == "state64":
                refs.append(cur)
                cur = {}
    assert len(refs) >= 5
    out.append("static const struct seed_sequence_reference seed_sequence_references[] = {")
    for r in refs:
        out.append("\t{ %s, %s, %s }," % (c_u32s(r["entropy"]), c_u32s(r["state32"]),
                                          c_u64s(r["state64"])))
    out.append("};\n")
    return out


# Stream cases: Philox(key=, counter=), `skip` 64-bit draws, then an
# operation (none, advance or jump), then N_STREAM draws; NumPy's state
# counter afterwards.
def stream_cases():
    key = [0x0123456789abcdef, 0xfedcba9876543210]
    cases = []

    def add(name, counter, skip=0, op="none", delta=(0, 0, 0, 0), jumps=0, k=key):
        bg = Philox(key=np.array(k, dtype=np.uint64),
                    counter=np.array(counter, dtype=np.uint64))
        if skip:
            bg.random_raw(skip)
        if op == "advance":
            bg.advance(words_to_int(delta))
        elif op == "jump":
            bg = bg.jumped(jumps)
        outs = bg.random_raw(N_STREAM)
        after = bg.state["state"]["counter"]
        cases.append((name, k, counter, skip, op, delta, jumps, outs, after))

    add("set counter 0", [0, 0, 0, 0])
    add("set carry into word 1", [ONES, 0, 0, 0])
    add("set carry into word 2", [ONES, ONES, 0, 0])
    add("set carry into word 3", [ONES, ONES, ONES, 0])
    add("set wrap at 2^256", [ONES, ONES, ONES, ONES])
    add("set wrap one block later", [ONES - 1, ONES, ONES, ONES])
    add("set high words only", [5, 0, 0, 1 << 63])
    add("key all ones", [7, 0, 0, 0], k=[ONES, ONES])
    add("advance by 0 drops the buffer", [0, 0, 0, 0], skip=1, op="advance")
    add("advance by 1 mid-block", [3, 0, 0, 0], skip=2, op="advance", delta=(1, 0, 0, 0))
    add("advance carry into word 1", [ONES - 2, 0, 0, 0], op="advance", delta=(2, 0, 0, 0))
    add("advance carry through words 1 and 2", [ONES, ONES, ONES - 1, 9], skip=5,
        op="advance", delta=(1, 0, 0, 0))
    add("advance carry into word 3", [0, 0, ONES, 0], op="advance", delta=(0, 0, 1, 0))
    add("advance wide delta", [0x1234, 0x5678, 0x9abc, 0xdef0], skip=3, op="advance",
        delta=(ONES, ONES, 0x8000000000000000, 0x17))
    add("advance wraps at 2^256", [ONES, ONES, ONES, ONES], op="advance", delta=(ONES, 0, 0, 0))
    add("advance by 2^256 - 1", [10, 0, 0, 0], skip=4, op="advance",
        delta=(ONES, ONES, ONES, ONES))
    add("jump by 1", [0, 0, 0, 0], op="jump", jumps=1)
    add("jump by 3 mid-block", [42, 0, 0, 0], skip=3, op="jump", jumps=3)
    add("jump carry into word 3", [1, 2, ONES, 0], op="jump", jumps=1)
    add("jump by 2^64 - 1", [1, 2, 3, 4], op="jump", jumps=ONES)
    add("jump wraps at 2^256", [ONES, ONES, ONES, ONES], op="jump", jumps=2)
    return cases


# SeedSequence cases: generate_state in both widths and the Philox stream.
def seed_cases():
    cases = []

    def add(name, entropy, spawn_key=(), pool_size=4):
        ent = np.array(entropy, dtype=np.uint32)
        ss = SeedSequence(ent, spawn_key=tuple(spawn_key), pool_size=pool_size)
        s32 = ss.generate_state(N_STATE32, np.uint32)
        s64 = ss.generate_state(N_STATE64, np.uint64)
        stream = Philox(ss).random_raw(N_STREAM)
        cases.append((name, list(entropy), list(spawn_key), pool_size, s32, s64, stream))

    big = [(0x9e3779b9 * (i + 1)) & 0xffffffff for i in range(32)]
    add("empty entropy", [])
    add("one word", [0xdeadbeaf])
    add("four words", [1, 2, 3, 4])
    add("more entropy than pool", big[:9])
    add("32 words of entropy", big)
    add("zero word vs empty", [0])
    add("spawn key, short entropy", [7], spawn_key=[0])
    add("spawn key, long entropy", big[:6], spawn_key=[3, 1])
    add("16-word spawn key", [5, 6], spawn_key=list(range(100, 116)))
    add("pool size 5", [1, 2, 3, 4, 5, 6])
    add("pool size 5 with spawn key", [1, 2], spawn_key=[9], pool_size=5)
    add("pool size 8", big[:3])
    add("pool size 8 with spawn key", big[:10], spawn_key=[2, 4, 8], pool_size=8)
    add("pool size 64", big, pool_size=64)
    add("pool size 64 with spawn key", big[:3], spawn_key=[1], pool_size=64)
    return cases


# Spawn cases: spawn 3 then 2 children; each child's state and stream.
def spawn_cases():
    cases = []

    def add(name, entropy, spawn_key=(), pool_size=4):
        ss = SeedSequence(np.array(entropy, dtype=np.uint32), spawn_key=tuple(spawn_key),
                          pool_size=pool_size)
        kids = ss.spawn(3) + ss.spawn(2)
        assert ss.n_children_spawned == 5
        states = [k.generate_state(4, np.uint32) for k in kids]
        streams = [Philox(k).random_raw(2) for k in kids]
        cases.append((name, list(entropy), list(spawn_key), pool_size, states, streams))

    add("spawn from root", [0xdeadbeaf])
    add("spawn from a child", [1, 2, 3], spawn_key=[4])
    add("spawn with pool size 8", [11, 12, 13, 14, 15], spawn_key=[0, 0], pool_size=8)
    add("spawn to a full spawn key", [99], spawn_key=list(range(15)))
    return cases


# Bulk cases: 24 consecutive blocks from a key and counter, long enough for
# every SIMD batch width, with word-0 carries inside a batch.
N_BULK_BLOCKS = 24


def bulk_cases():
    key = [0x243f6a8885a308d3, 0x13198a2e03707344]
    cases = []
    for name, counter in [
            ("counter 0", [0, 0, 0, 0]),
            ("carry after 3 blocks", [ONES - 3, 0, 0, 0]),
            ("carry after 7 blocks", [ONES - 7, 5, 0, 0]),
            ("carry through every word", [ONES - 10, ONES, ONES, ONES]),
            ("odd start", [0x0123456789abcdef, 1, 2, 3])]:
        bg = Philox(key=np.array(key, dtype=np.uint64),
                    counter=np.array(counter, dtype=np.uint64))
        cases.append((name, key, counter, bg.random_raw(4 * N_BULK_BLOCKS)))
    return cases


# Draw cases: NumPy's next_uint32/next_uint64 mixed with random_raw,
# advance, jumped, a new key and counter, and a new seed, from a start
# state set as NumPy's bit_generator.state; each output and NumPy's state
# after all of them. One letter per draw, as the KUnit suite reads them:
#   4 next_uint32   8 next_uint64   r random_raw(2)   a advance(3)
#   j jumped(1)     i Philox(key=DRAW_KEY, counter=DRAW_COUNTER)
#   s Philox(SeedSequence(DRAW_SEED))
DRAW_KEY = [0x0f1e2d3c4b5a6978, 0x8796a5b4c3d2e1f0]
DRAW_COUNTER = [ONES - 1, 0, 7, 0]
DRAW_SEED = 0x5eed5eed


def numpy_draw(bg, letter):
    """Apply one draw; return (bit generator, outputs)."""
    if letter == "4":
        return bg, [bg.ctypes.next_uint32(bg.ctypes.state)]
    if letter == "8":
        return bg, [bg.ctypes.next_uint64(bg.ctypes.state)]
    if letter == "r":
        return bg, list(bg.random_raw(2))
    if letter == "a":
        bg.advance(3)
        return bg, []
    if letter == "j":
        return bg.jumped(1), []
    if letter == "i":
        return Philox(key=np.array(DRAW_KEY, dtype=np.uint64),
                      counter=np.array(DRAW_COUNTER, dtype=np.uint64)), []
    if letter == "s":
        return Philox(SeedSequence(DRAW_SEED)), []
    raise ValueError(letter)


def c_numpy_state(st):
    return ("{ .counter = %s, .key = %s, .buffer = %s, .buffer_pos = %d, "
            ".has_uint32 = %s, .uinteger = 0x%08xU }" % (
                c_u64s(st["state"]["counter"]), c_u64s(st["state"]["key"]),
                c_u64s(st["buffer"]), st["buffer_pos"],
                "true" if st["has_uint32"] else "false", st["uinteger"]))


def draw_cases():
    import random
    cases = []
    key = np.array([0x0123456789abcdef, 0xfedcba9876543210], dtype=np.uint64)

    def add(name, start, draws):
        bg = Philox(key=key)
        bg.state = start
        outs = []
        for letter in draws:
            bg, got = numpy_draw(bg, letter)
            outs += [int(v) for v in got]
        cases.append((name, start, draws, outs, bg.state))

    fresh = Philox(key=key, counter=np.array([ONES - 2, 0, 0, 0], dtype=np.uint64)).state
    kept = Philox(key=key)
    kept.ctypes.next_uint64(kept.ctypes.state)
    kept.ctypes.next_uint32(kept.ctypes.state)
    kept = kept.state
    assert kept["has_uint32"] == 1 and kept["buffer_pos"] == 2
    # Any buffer NumPy accepts, not the block at its counter.
    handmade = {"bit_generator": "Philox",
                "state": {"counter": np.array([5, 0, 0, 1], dtype=np.uint64),
                          "key": np.array([3, 4], dtype=np.uint64)},
                "buffer": np.array([0x1111111111111111, 0x2222222222222222,
                                    0x3333333333333333, 0x4444444444444444],
                                   dtype=np.uint64),
                "buffer_pos": 1, "has_uint32": 1, "uinteger": 0xdeadbeef}

    add("u32 u64 u32 keeps the high half", fresh, "484")
    add("raw between u32s keeps the high half", fresh, "4r4")
    add("advance drops the kept half", fresh, "4a4")
    add("jump drops the kept half", fresh, "4j4")
    add("new key and counter drop the kept half", fresh, "4i4")
    add("seeding drops the kept half", fresh, "4s4")
    add("u32s across a counter carry", fresh, "4444444444444444")
    add("state with a kept half from NumPy", kept, "4884448")
    add("handmade state: buffer as given", handmade, "48844")
    add("handmade state: advance", handmade, "a44")
    rnd = random.Random(20261201)
    for i in range(6):
        start = [fresh, kept, handmade][i % 3]
        draws = "".join(rnd.choice("4444888raji" if i % 2 else "448r")
                        for _ in range(40))
        add("random mix %d" % i, start, draws)
    return cases


# The span cases' second stream: across the counter's wrap at 2^256, which
# comes after the second of its blocks.
SPAN_WRAP_KEY = [0x0123456789abcdef, 0xfedcba9876543210]
SPAN_WRAP_COUNTER = [ONES - 2, ONES, ONES, ONES]
SPAN_WRAP_WORDS = 64


def span_wrap_stream():
    bg = Philox(key=np.array(SPAN_WRAP_KEY, dtype=np.uint64),
                counter=np.array(SPAN_WRAP_COUNTER, dtype=np.uint64))
    return bg.random_raw(SPAN_WRAP_WORDS)


def main():
    vdir, path = sys.argv[1], sys.argv[2]
    out = [
        "/* SPDX-License-Identifier: GPL-2.0 */",
        "/*",
        " * Generated by kunit/gen-kunit-vectors.py; do not edit. make check",
        " * regenerates it and fails if it differs.",
        " * Published vectors come from kunit/vectors/, the rest from NumPy.",
        " */",
        "",
    ]
    out += published(vdir)

    out.append("static const struct philox_stream_vector philox_stream_vectors[] = {")
    for name, key, counter, skip, op, delta, jumps, outs, after in stream_cases():
        out.append('\t{ "%s", %s, %s, %d, PHILOX_OP_%s, %s, 0x%xULL, %s, %s },' % (
            name, c_u64s(key), c_u64s(counter), skip, op.upper(), c_u64s(delta), jumps,
            c_u64s(outs), c_u64s(after)))
    out.append("};\n")

    out.append("static const struct seed_sequence_vector seed_sequence_vectors[] = {")
    for name, ent, spawn, pool, s32, s64, stream in seed_cases():
        out.append('\t{ "%s", %s, %d, %s, %d, %d, %s, %s, %s },' % (
            name, c_u32s(ent), len(ent), c_u32s(spawn), len(spawn), pool,
            c_u32s(s32), c_u64s(s64), c_u64s(stream)))
    out.append("};\n")

    out.append("static const struct philox_bulk_vector philox_bulk_vectors[] = {")
    for name, key, counter, outs in bulk_cases():
        out.append('\t{ "%s", %s, %s,' % (name, c_u64s(key), c_u64s(counter)))
        out.append("\t  %s }," % c_u64s(outs))
    out.append("};\n")

    out.append("static const struct seed_sequence_spawn_vector seed_sequence_spawn_vectors[] = {")
    for name, ent, spawn, pool, states, streams in spawn_cases():
        out.append('\t{ "%s", %s, %d, %s, %d, %d,' % (
            name, c_u32s(ent), len(ent), c_u32s(spawn), len(spawn), pool))
        out.append("\t  { %s }," % ", ".join(c_u32s(s) for s in states))
        out.append("\t  { %s } }," % ", ".join(c_u64s(s) for s in streams))
    out.append("};")

    out.append("")
    out.append("static const u64 draw_key[2] = %s;" % c_u64s(DRAW_KEY))
    out.append("static const u64 draw_counter[4] = %s;" % c_u64s(DRAW_COUNTER))
    out.append("static const u32 draw_seed = 0x%08xU;" % DRAW_SEED)
    out.append("static const u64 span_wrap_key[2] = %s;" % c_u64s(SPAN_WRAP_KEY))
    out.append("static const u64 span_wrap_counter[4] = %s;" % c_u64s(SPAN_WRAP_COUNTER))
    out.append("static const u64 span_wrap_stream[%d] = %s;" % (SPAN_WRAP_WORDS,
                                                               c_u64s(span_wrap_stream())))
    out.append("")
    out.append("static const struct philox_draw_vector philox_draw_vectors[] = {")
    for name, start, draws, outs, end in draw_cases():
        out.append('\t{ "%s",' % name)
        out.append("\t  %s," % c_numpy_state(start))
        out.append('\t  "%s",' % draws)
        out.append("\t  %s, %d," % (c_u64s(outs), len(outs)))
        out.append("\t  %s }," % c_numpy_state(end))
    out.append("};")

    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
