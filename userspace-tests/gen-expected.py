#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compute with NumPy everything the guest test programs expect.

Usage: gen-expected.py DATADIR INCLUDEDIR

The guest has no NumPy, so every expected value of the userspace tests is
computed here, at build time. Values go into C headers in INCLUDEDIR, one
per test program, that the program is compiled with (as KUnit's vectors):

  ioctl_expected.h    seeds, keys, counters, states and streams of ioctl_test
  read_expected.h     the streams and states of read_test
  share_expected.h    the key of share_test
  contract_expected.h the key of contract_test
  replay_expected.h   the replay scripts: one struct replay_op per op

Byte streams too big for a header go into DATADIR (which becomes
/philox/data): share.bin and contract.bin (the blocks from counter 1 on),
read-wide.bin (read_test's stream for reads across pages), replay-N.bin
(the bytes the reads of script N must return).

The replay scripts are driven by a model of the device: a key, the counter
of the block last produced and the bytes of it already read, with block(c)
= Philox(key=k, counter=c - 1).random_raw(4). The model is checked against
NumPy's own Philox (random_raw, advance, jumped, state) and SeedSequence
(generate_state, spawn) as it runs, so that a bug here cannot quietly become
the expectation.
"""

import os
import re
import sys
import zlib

import numpy as np
from numpy.random import Philox, SeedSequence

from philox_numpy import from_words, words

M64 = (1 << 64) - 1
M256 = 1 << 256
BLOCK = 32
NONE_BUFFERED = 32
# The largest page the tests support (ppc64el's), and the most pages
# read_test reads across of read-wide.bin.
MAX_PAGE = 64 << 10
WIDE_PAGES = 6


def raw_bytes(key, counter, nwords):
    """The little-endian bytes of Philox(key=, counter=).random_raw()."""
    bitgen = Philox(key=key, counter=counter)
    return bitgen.random_raw(nwords).astype("<u8").tobytes()


def blocks(key, first, n):
    """The n blocks at counters first, first + 1, ... (mod 2^256)."""
    if n == 0:
        return b""
    return raw_bytes(key, (first - 1) % M256, 4 * n)


class Seed:
    """The fields of struct philox_seed that matter (valid words only)."""

    def __init__(self, entropy, spawn_key=(), pool=0, children=0):
        self.entropy = [int(w) for w in entropy]
        self.spawn_key = [int(w) for w in spawn_key]
        self.pool = int(pool)
        self.children = int(children)

    def valid(self):
        return (len(self.entropy) <= 32 and len(self.spawn_key) <= 16 and
                (self.pool == 0 or 4 <= self.pool <= 64))

    def reported(self):
        """The seed as GET_SEED reports it: pool_size 0 reads back as 4."""
        return Seed(self.entropy, self.spawn_key, self.pool or 4,
                    self.children)

    def numpy(self):
        return SeedSequence(np.array(self.entropy, dtype=np.uint32),
                            spawn_key=tuple(self.spawn_key),
                            pool_size=self.pool or 4,
                            n_children_spawned=self.children)

    def key(self):
        return from_words(self.numpy().generate_state(2, np.uint64))

    def tokens(self):
        """Record form: counts, then the valid words."""
        return [len(self.entropy), len(self.spawn_key), self.pool,
                self.children] + self.entropy + self.spawn_key

    def child(self):
        """What SPAWN returns; checked against SeedSequence.spawn()."""
        c = Seed(self.entropy, self.spawn_key + [self.children],
                 self.pool or 4, 0)
        ref = self.numpy().spawn(1)[0]
        assert list(ref.entropy) == c.entropy, "spawn entropy"
        assert list(ref.spawn_key) == c.spawn_key, "spawn key"
        assert ref.pool_size == c.pool, "spawn pool"
        assert ref.n_children_spawned == 0, "spawn children"
        return c


def seed_stream(seed, nbytes):
    """The stream after SEED, straight from Philox(SeedSequence)."""
    bitgen = Philox(seed.numpy())
    data = bitgen.random_raw((nbytes + 7) // 8).astype("<u8").tobytes()
    return data[:nbytes]


class Model:
    """The state of one open file of /dev/philox, as the contract has it."""

    def __init__(self):
        self.key = 0
        self.ctr = 0
        self.pos = NONE_BUFFERED
        self.seed = None

    def numpy_state(self):
        """A NumPy Philox in this state; None if pos is not word-aligned."""
        if self.pos % 8:
            return None
        bitgen = Philox(key=self.key, counter=self.ctr)
        if self.pos < BLOCK:
            buf = np.frombuffer(blocks(self.key, self.ctr, 1), dtype="<u8")
            state = bitgen.state
            state["buffer"] = buf.astype(np.uint64)
            state["buffer_pos"] = self.pos // 8
            bitgen.state = state
        return bitgen

    def read(self, n, selfcheck=False):
        ref = self.numpy_state() if selfcheck else None
        out = b""
        if n and self.pos < BLOCK:
            take = min(n, BLOCK - self.pos)
            out += blocks(self.key, self.ctr, 1)[self.pos:self.pos + take]
            self.pos += take
            n -= take
        if n:
            nblocks = (n + BLOCK - 1) // BLOCK
            out += blocks(self.key, self.ctr + 1, nblocks)[:n]
            self.ctr = (self.ctr + nblocks) % M256
            self.pos = n - (nblocks - 1) * BLOCK
        if ref is not None:
            direct = ref.random_raw((len(out) + 7) // 8).astype("<u8")
            assert direct.tobytes()[:len(out)] == out, "model read"
        return out

    def do_seed(self, seed):
        if seed is None or not seed.valid():
            return "EINVAL"
        self.seed = seed.reported()
        self.key = seed.key()
        self.ctr = 0
        self.pos = NONE_BUFFERED
        return "0"

    def spawn(self):
        if self.seed is None:
            return "ENODATA", None
        if len(self.seed.spawn_key) == 16:
            return "E2BIG", None
        child = self.seed.child()
        self.seed.children = (self.seed.children + 1) & 0xFFFFFFFF
        return "0", child

    def set_key(self, key):
        self.key = key
        self.pos = NONE_BUFFERED
        self.seed = None

    def set_counter(self, ctr):
        self.ctr = ctr % M256
        self.pos = NONE_BUFFERED

    def advance(self, delta, selfcheck=False):
        ref = Philox(key=self.key, counter=self.ctr) if selfcheck else None
        self.ctr = (self.ctr + delta) % M256
        self.pos = NONE_BUFFERED
        if ref is not None:
            ref.advance(delta)
            got = from_words(ref.state["state"]["counter"])
            assert got == self.ctr, "model advance"

    def jump(self, n, selfcheck=False):
        assert 0 <= n <= M64, "jump takes a u64"
        ref = Philox(key=self.key, counter=self.ctr) if selfcheck else None
        self.ctr = (self.ctr + (n << 128)) % M256
        self.pos = NONE_BUFFERED
        if ref is not None:
            got = from_words(ref.jumped(n).state["state"]["counter"])
            assert got == self.ctr, "model jump"

    def set_state(self, ctr, key, pos, flags):
        if pos > BLOCK or flags:
            return "EINVAL"
        self.ctr, self.key, self.pos = ctr, key, pos
        self.seed = None
        return "0"

    def state_tokens(self):
        return words(self.ctr, 4) + words(self.key, 2) + [self.pos, 0]


def c_u64s(ws):
    return ", ".join("0x%xULL" % int(w) for w in ws)


def c_u32s(ws):
    return ", ".join("0x%x" % int(w) for w in ws) or "0"


def c_seed(tokens, full=False):
    """struct philox_seed from counts and words: the valid words only, or
    with full all 32 + 16 of the arrays (garbage included)."""
    nent, nspawn, pool, children = [int(t) for t in tokens[:4]]
    ne, ns = (32, 16) if full else (nent, nspawn)
    return ("{ .entropy = { %s }, .spawn_key = { %s }, .n_entropy = %#x, "
            ".n_spawn_key = %#x, .pool_size = %#x, .n_children_spawned = %#x }"
            % (c_u32s(tokens[4:4 + ne]), c_u32s(tokens[4 + ne:4 + ne + ns]),
               nent, nspawn, pool, children))


def c_key(key):
    return "{ { %s } }" % c_u64s(words(key, 2))


def c_counter(ctr):
    return "{ { %s } }" % c_u64s(words(ctr, 4))


def c_state(tokens):
    """struct philox_state from "c0 c1 c2 c3 k0 k1 buffer_pos flags"."""
    return ("{ .counter = { %s }, .key = { %s }, "
            ".buffer_pos = %d, .flags = %#x }"
            % (c_u64s(tokens[:4]), c_u64s(tokens[4:6]), tokens[6], tokens[7]))


def c_bytes(data):
    return "{ %s }" % ", ".join("0x%02x" % b for b in data)


class CHeader:
    """A header of named constants: the expectations of one test program."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.names = set()

    def define(self, ctype, name, init, array=""):
        cname = re.sub(r"[^A-Za-z0-9_]", "_", name)
        assert cname not in self.names, cname
        self.names.add(cname)
        self.lines.append("EXPECTED %s %s%s = %s;" % (ctype, cname, array,
                                                      init))

    def seed(self, name, seed):
        self.define("struct philox_seed", name, c_seed(seed.tokens()))

    def key(self, name, key):
        self.define("struct philox_key", name, c_key(key))

    def counter(self, name, ctr):
        self.define("struct philox_counter", name, c_counter(ctr))

    def state(self, name, tokens):
        self.define("struct philox_state", name, c_state(tokens))

    def bytes(self, name, data):
        self.define("__u8", name, c_bytes(data), "[%d]" % len(data))

    def word(self, name, value):
        self.define("__u64", name, "0x%xULL" % value)

    def u32s(self, name, ws):
        self.define("__u32", name, "{ %s }" % c_u32s(ws), "[%d]" % len(ws))

    def write(self, outdir):
        guard = "_%s_H" % self.name.upper()
        with open(os.path.join(outdir, self.name + ".h"), "w") as f:
            f.write("/* SPDX-License-Identifier: GPL-2.0 */\n"
                    "/* Generated by userspace-tests/gen-expected.py: "
                    "do not edit. */\n"
                    "#ifndef %s\n#define %s\n\n"
                    "#include <errno.h>\n#include <linux/philox.h>\n\n"
                    "#define EXPECTED "
                    "static const __attribute__((__unused__))\n\n"
                    % (guard, guard))
            f.write("\n".join(self.lines))
            f.write("\n\n#undef EXPECTED\n\n#endif\n")


class Draws:
    """Random words of one generator, in the order the tests draw them."""

    def __init__(self, rng):
        self.rng = rng

    def u32s(self, n):
        return [int(x) for x in
                self.rng.integers(0, 1 << 32, n, dtype=np.uint64)]

    def key(self):
        return from_words(self.u32s(4), 32)

    def u256(self):
        return from_words(self.u32s(8), 32)


def add_seed_case(h, name, seed, nbytes=256):
    """name.seed, name.get (GET_SEED after SEED), name.key, name.stream."""
    h.seed(name + ".seed", seed)
    h.seed(name + ".get", seed.reported())
    key = seed.key()
    h.key(name + ".key", key)
    stream = seed_stream(seed, nbytes)
    model = Model()
    model.do_seed(seed)
    assert model.read(nbytes, selfcheck=True) == stream, "model seed"
    h.bytes(name + ".stream", stream)
    return key, stream


def add_baseline(h, name, model, stream_from):
    """A file in a known state before an ioctl that must fail, and all
    that must be the same after it: base.NAME.first7 (the 7 bytes read to
    get there), .get_err and .get (GET_SEED), .state and .stream."""
    assert model.read(7) == stream_from[:7]
    h.bytes("base.%s.first7" % name, stream_from[:7])
    h.state("base.%s.state" % name, model.state_tokens())
    if model.seed is None:
        h.define("int", "base.%s.get_err" % name, "ENODATA")
        h.seed("base.%s.get" % name, Seed([]))
    else:
        h.define("int", "base.%s.get_err" % name, "0")
        h.seed("base.%s.get" % name, model.seed)
    h.bytes("base.%s.stream" % name, stream_from[7:64])
    assert model.read(57, selfcheck=True) == stream_from[7:64]


def ioctl_seed_cases(h, draw):
    """SEED of each seed, and the seeds SPAWN makes of them."""
    seeds = {
        "s1": Seed(draw.u32s(5), (3, 7), 8),
        "pool0": Seed(draw.u32s(4), (), 0),
        "max": Seed(draw.u32s(32), draw.u32s(16), 64),
        "empty": Seed([], (), 4),
        "emptyspawn": Seed([], (1, 2), 0),
        "big4": Seed(draw.u32s(32), (), 4),
        "zero": Seed([0], (), 4),
        "children5": Seed(draw.u32s(3), (9,), 5, 5),
        "spawn15": Seed(draw.u32s(4), draw.u32s(15), 4),
    }
    for name, seed in seeds.items():
        add_seed_case(h, name, seed)

    # SPAWN: three children of s1, a grandchild, and the streams they seed.
    s1 = seeds["s1"]
    parent = Seed(s1.entropy, s1.spawn_key, s1.pool, 0)
    for i in range(3):
        child = parent.child()
        h.seed("s1.child%d" % i, child)
        parent.children += 1
    h.seed("s1.get3", parent.reported())
    child0 = Seed(s1.entropy, s1.spawn_key, s1.pool, 0).child()
    add_seed_case(h, "child0", child0)
    h.seed("child0.child0", child0.child())
    h.seed("children5.child", seeds["children5"].child())
    after = seeds["children5"].reported()
    after.children += 1
    h.seed("children5.get1", after)
    sp15 = seeds["spawn15"].child()
    assert len(sp15.spawn_key) == 16
    add_seed_case(h, "spawn16", sp15)

    m = Model()
    m.do_seed(s1)
    m.spawn()
    add_baseline(h, "seeded", m, seed_stream(s1, 64))
    m = Model()
    m.do_seed(seeds["max"])
    add_baseline(h, "spawn16", m, seed_stream(seeds["max"], 64))
    return seeds


def ioctl_key_counter(h, draw, s1):
    """k1: a key and counter, the states after reads, the counter wrap."""
    k1, c1 = draw.key(), draw.u256()
    k1_stream = raw_bytes(k1, c1, 64)
    h.key("k1.key", k1)
    h.counter("k1.counter", c1)
    h.bytes("k1.stream", k1_stream)
    m = Model()
    m.do_seed(s1)
    m.set_key(k1)
    m.set_counter(c1)
    add_baseline(h, "keyed", m, k1_stream)

    # GET_STATE after 5, 32 and 37 bytes from (k1, c1).
    for n in (5, 32, 37):
        m = Model()
        m.set_key(k1)
        m.set_counter(c1)
        m.read(n, selfcheck=True)
        h.state("k1.state%d" % n, m.state_tokens())

    # Counter wrap: after counter 2^256 - 1 comes block 0.
    h.counter("wrap.counter", M256 - 1)
    h.bytes("wrap.stream", raw_bytes(k1, M256 - 1, 64))
    assert raw_bytes(k1, M256 - 1, 4) == blocks(k1, 0, 1)
    return k1


def ioctl_set_key(h, draw):
    """SET_KEY keeps the counter and drops the buffer."""
    ka, kb, ca = draw.key(), draw.key(), draw.u256()
    h.key("setkey.ka", ka)
    h.key("setkey.kb", kb)
    h.counter("setkey.counter", ca)
    h.bytes("setkey.first5", raw_bytes(ka, ca, 1)[:5])
    h.bytes("setkey.after", raw_bytes(kb, (ca + 1) % M256, 8))
    m = Model()
    m.set_key(ka)
    m.set_counter(ca)
    m.read(5)
    m.set_key(kb)
    h.state("setkey.state", m.state_tokens())


def ioctl_move(h, k1, kind, name, ctr, arg):
    """ADVANCE or JUMP with 5 bytes read first (so a block is buffered),
    against NumPy's advance() / jumped() on a Philox in the same state."""
    ref = Philox(key=k1, counter=ctr)
    first = ref.random_raw(1).astype("<u8").tobytes()[:5]
    m = Model()
    m.set_key(k1)
    m.set_counter(ctr)
    assert m.read(5) == first
    if kind == "advance":
        ref.advance(arg)
        m.advance(arg, selfcheck=True)
        h.counter("advance.%s.delta" % name, arg)
    else:
        ref = ref.jumped(arg)
        m.jump(arg, selfcheck=True)
        h.word("jump.%s.n" % name, arg)
    got_ctr = from_words(ref.state["state"]["counter"])
    after = ref.random_raw(8).astype("<u8").tobytes()
    assert m.ctr == got_ctr, "%s %s" % (kind, name)
    assert m.read(64) == after, "%s stream %s" % (kind, name)
    h.counter("%s.%s.counter" % (kind, name), ctr)
    h.bytes("%s.%s.first5" % (kind, name), first)
    h.counter("%s.%s.result" % (kind, name), got_ctr)
    h.bytes("%s.%s.stream" % (kind, name), after)


def ioctl_moves(h, draw, k1):
    advances = [
        ("small", draw.u256(), 1000),
        ("zero", draw.u256(), 0),
        ("wide", draw.u256(), draw.u256()),
        ("carry", (1 << 64) - 3, 5),
        ("wrap", M256 - 5, 10),
        ("minus1", draw.u256(), M256 - 1),
    ]
    jumps = [
        ("zero", draw.u256(), 0),
        ("one", draw.u256(), 1),
        ("max", draw.u256(), M64),
        ("wrap", M256 - (1 << 128) + 7, 3),
    ]
    for name, ctr, delta in advances:
        ioctl_move(h, k1, "advance", name, ctr, delta)
    for name, ctr, n in jumps:
        ioctl_move(h, k1, "jump", name, ctr, n)


def ioctl_set_state(h, draw, s1):
    """SET_STATE at each interesting buffer_pos, checked against a NumPy
    Philox whose state dict holds the same block where pos allows."""
    cs, ks = draw.u256(), draw.key()
    h.counter("setstate.counter", cs)
    h.key("setstate.key", ks)
    for pos in (0, 1, 8, 13, 31, 32):
        m = Model()
        assert m.set_state(cs, ks, pos, 0) == "0"
        h.bytes("setstate.%d.stream" % pos, m.read(64, selfcheck=True))
        h.state("setstate.%d.after" % pos, m.state_tokens())
    m = Model()
    m.set_state(M256 - 1, ks, 32, 0)
    h.bytes("setstate.wrap.stream", m.read(64, selfcheck=True))
    m = Model()
    m.do_seed(s1)
    m.set_state(cs, ks, 32, 0)
    add_baseline(h, "stated", m, raw_bytes(ks, cs, 8))


def gen_ioctl(incdir, rng):
    h = CHeader("ioctl_expected")
    draw = Draws(rng)
    seeds = ioctl_seed_cases(h, draw)
    k1 = ioctl_key_counter(h, draw, seeds["s1"])
    ioctl_set_key(h, draw)
    ioctl_moves(h, draw, k1)
    ioctl_set_state(h, draw, seeds["s1"])
    h.write(incdir)


def crc_chunks(data, chunk):
    return [zlib.crc32(data[i:i + chunk]) for i in range(0, len(data), chunk)]


def gen_read(datadir, incdir, rng):
    h = CHeader("read_expected")
    key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
    ctr = from_words(rng.integers(0, 1 << 32, 8, dtype=np.uint64), 32)
    h.key("small.key", key)
    h.counter("small.counter", ctr)
    small = raw_bytes(key, ctr, 1024)
    h.bytes("small.stream", small)
    # From the same position, for reads across pages of any size the tests
    # support: a file, as 384 KiB would make a slow header.
    wide = raw_bytes(key, ctr, WIDE_PAGES * MAX_PAGE // 8)
    assert wide.startswith(small)
    h.define("size_t", "wide.len", "%d" % len(wide))
    h.define("size_t", "wide.max_page", "%d" % MAX_PAGE)
    with open(os.path.join(datadir, "read-wide.bin"), "wb") as f:
        f.write(wide)

    # 16 MiB in one read, from a counter whose two low words carry over
    # half way through.
    big_len = 16 << 20
    chunk = 64 << 10
    bctr = (M64 - (1 << 18) + 1) | (M64 << 64) | (5 << 128)
    big = raw_bytes(key, bctr, big_len // 8)
    h.counter("big.counter", bctr)
    h.define("size_t", "big.len", "%d" % big_len)
    h.define("size_t", "crc_chunk", "%d" % chunk)
    h.u32s("big.crc", crc_chunks(big, chunk))
    h.bytes("big.next", raw_bytes(key, (bctr + big_len // BLOCK) % M256, 8))
    m = Model()
    m.set_key(key)
    m.set_counter(bctr)
    m.read(big_len)
    h.state("big.state", m.state_tokens())
    h.bytes("big.at256k", big[256 << 10:(256 << 10) + 64])

    # 3 bytes, then 1 MiB + 7 in one read, then the state.
    odd_len = (1 << 20) + 7
    odd = raw_bytes(key, ctr, (3 + odd_len + 7) // 8)[3:3 + odd_len]
    h.define("size_t", "odd.len", "%d" % odd_len)
    h.u32s("odd.crc", crc_chunks(odd, chunk))
    m = Model()
    m.set_key(key)
    m.set_counter(ctr)
    m.read(3)
    m.read(odd_len)
    h.state("odd.state", m.state_tokens())
    h.write(incdir)


def gen_stream_file(datadir, incdir, name, rng, nblocks):
    """NAME.bin: nblocks blocks of a random key from counter 1 on; the key
    and the count in NAME_expected.h."""
    key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
    h = CHeader(name + "_expected")
    h.key(name + ".key", key)
    h.define("size_t", name + ".nblocks", "%d" % nblocks)
    h.write(incdir)
    with open(os.path.join(datadir, name + ".bin"), "wb") as f:
        f.write(blocks(key, 1, nblocks))


def rand_seed(rng, invalid=False):
    """A SEED argument: (Seed or None if invalid, the struct's 52 words)."""
    def r32(n):
        return [int(x) for x in rng.integers(0, 1 << 32, n, dtype=np.uint64)]

    nent = int(rng.choice([0, 1, 2, 3, 4, 4, 4, 5, 8, 16, 31, 32]))
    nspawn = int(rng.choice([0, 0, 0, 1, 2, 3, 8, 14, 15, 16]))
    pool = int(rng.choice([0, 0, 4, 4, 5, 8, 13, 32, 63, 64]))
    children = int(rng.choice([0, 0, 0, 1, 2, rng.integers(0, 1000)]))
    if invalid:
        what = rng.integers(0, 3)
        if what == 0:
            nent = int(rng.choice([33, 34, 64, 0xFFFFFFFF]))
        elif what == 1:
            nspawn = int(rng.choice([17, 18, 0xFFFFFFFF]))
        else:
            pool = int(rng.choice([1, 2, 3, 65, 100, 0xFFFFFFFF]))
    # The struct's unused words are garbage: the device must ignore them.
    ent_words, spawn_words = r32(32), r32(16)
    struct = [nent, nspawn, pool, children] + ent_words + spawn_words
    if nent > 32 or nspawn > 16 or not (pool == 0 or 4 <= pool <= 64):
        return None, struct
    return Seed(ent_words[:nent], spawn_words[:nspawn], pool, children), struct


class ReplayScript:
    """One random script of ops on one file, with what each must return
    by the model: C initializers of struct replay_op, and the bytes its
    reads return."""

    OPS = (["read"] * 40 + ["get_seed"] * 5 + ["spawn"] * 6 +
           ["get_key"] * 3 + ["set_key"] * 3 + ["get_counter"] * 3 +
           ["set_counter"] * 4 + ["advance"] * 5 + ["jump"] * 3 +
           ["get_state"] * 6 + ["set_state"] * 5 + ["seed"] * 6 +
           ["bad_seed"] * 2 + ["bad_state"] * 2)

    def __init__(self, rng):
        self.rng = rng
        self.model = Model()
        self.ops = []
        self.data = bytearray()

    def emit(self, kind, err="0", **fields):
        init = "".join(", .%s = %s" % (k, v) for k, v in fields.items())
        self.ops.append("{ .kind = REPLAY_%s, .err = %s%s }" % (
            kind.upper(), err, init))

    def op_seed(self, invalid=False):
        seed, struct = rand_seed(self.rng, invalid)
        err = self.model.do_seed(seed)
        if err == "0":
            assert blocks(seed.key(), 1, 1) == seed_stream(seed, 32), \
                "model seed stream"
        self.emit("seed", err, seed=c_seed(struct, full=True))
        return err

    def op_bad_seed(self):
        self.op_seed(invalid=True)

    def op_read(self):
        rng = self.rng
        if rng.random() < 0.02:
            n = int(rng.integers(4097, 200000))
        elif rng.random() < 0.1:
            n = int(rng.choice([0, 1, 31, 32, 33, 64]))
        else:
            n = int(rng.integers(0, 4097))
        out = self.model.read(n, selfcheck=rng.random() < 0.2)
        self.emit("read", len="%#x" % n, off="%#x" % len(self.data))
        self.data += out

    def op_get_seed(self):
        if self.model.seed is None:
            self.emit("get_seed", "ENODATA")
        else:
            self.emit("get_seed", seed=c_seed(self.model.seed.tokens()))

    def op_spawn(self):
        err, child = self.model.spawn()
        if child is None:
            self.emit("spawn", err)
        else:
            self.emit("spawn", seed=c_seed(child.tokens()))

    def op_get_key(self):
        self.emit("get_key", key=c_key(self.model.key))

    def op_set_key(self):
        key = from_words(self.rng.integers(0, 1 << 32, 4, dtype=np.uint64),
                         32)
        self.model.set_key(key)
        self.emit("set_key", key=c_key(key))

    def op_get_counter(self):
        self.emit("get_counter", counter=c_counter(self.model.ctr))

    def op_set_counter(self):
        ctr = rand_counter(self.rng)
        self.model.set_counter(ctr)
        self.emit("set_counter", counter=c_counter(ctr))

    def op_advance(self):
        delta = rand_counter(self.rng)
        self.model.advance(delta, selfcheck=True)
        self.emit("advance", counter=c_counter(delta))

    def op_jump(self):
        # (by index: a NumPy array of these would round M64 to 2^64)
        n = [0, 1, 2, int(self.rng.integers(0, 1 << 63)), M64][
            self.rng.integers(0, 5)]
        self.model.jump(n, selfcheck=True)
        self.emit("jump", jump="0x%xULL" % n)

    def op_get_state(self):
        self.emit("get_state", state=c_state(self.model.state_tokens()))

    def op_set_state(self, bad=False):
        rng = self.rng
        ctr = rand_counter(rng)
        key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
        pos = int(rng.choice([0, 1, 8, 13, 16, 31, 32, 32,
                              int(rng.integers(0, 33))]))
        flags = 0
        if bad:
            if rng.random() < 0.5:
                pos = int(rng.choice([33, 64, 0xFFFFFFFF]))
            else:
                flags = int(rng.choice([1, 2, 0x80000000]))
        err = self.model.set_state(ctr, key, pos, flags)
        self.emit("set_state", err, state=c_state(
            words(ctr, 4) + words(key, 2) + [pos, flags]))

    def op_bad_state(self):
        self.op_set_state(bad=True)

    def run(self, nops):
        while self.op_seed() != "0":
            pass
        for _ in range(nops):
            op = self.OPS[self.rng.integers(0, len(self.OPS))]
            getattr(self, "op_" + op)()


def gen_replay(datadir, incdir, nscripts, nops):
    h = CHeader("replay_expected")
    scripts = []
    for i in range(nscripts):
        script = ReplayScript(np.random.default_rng(20240610 + i))
        script.run(nops)
        h.define("struct replay_op", "replay_ops_%d" % i,
                 "{\n\t%s\n}" % ",\n\t".join(script.ops), "[]")
        scripts.append("{ replay_ops_%d, %d, \"replay-%d.bin\", %d }" % (
            i, len(script.ops), i, len(script.data)))
        with open(os.path.join(datadir, "replay-%d.bin" % i), "wb") as f:
            f.write(script.data)
    h.define("struct replay_script", "replay_scripts",
             "{\n\t%s\n}" % ",\n\t".join(scripts), "[]")
    h.write(incdir)


def rand_counter(rng):
    """Small, word-boundary, wide and near-wrap counters and deltas."""
    kind = rng.integers(0, 5)
    if kind == 0:
        return int(rng.integers(0, 1 << 20))
    if kind == 1:
        return (1 << int(rng.choice([64, 128, 192]))) - \
            int(rng.integers(0, 100))
    if kind == 2:
        return M256 - int(rng.integers(1, 100))
    return from_words(rng.integers(0, 1 << 32, 8, dtype=np.uint64), 32)


def main():
    datadir, incdir = sys.argv[1:3]
    os.makedirs(datadir, exist_ok=True)
    os.makedirs(incdir, exist_ok=True)
    gen_ioctl(incdir, np.random.default_rng(20240601))
    gen_read(datadir, incdir, np.random.default_rng(20240602))
    gen_stream_file(datadir, incdir, "share",
                    np.random.default_rng(20240603), 16384)
    gen_stream_file(datadir, incdir, "contract",
                    np.random.default_rng(20261201), 1 << 18)    # 8 MiB
    gen_replay(datadir, incdir, 8, 300)


if __name__ == "__main__":
    main()
