#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compute with NumPy everything the guest test programs expect.

Usage: gen-expected.py OUTDIR

The guest has no NumPy, so every expected value of the userspace tests is
written here, at build time, into OUTDIR (which becomes /philox/data):

  ioctl.txt           named records for ioctl_test
  read.txt            named records for read_test
  share.txt           the key of share_test; share.bin its expected blocks
  replay-index.txt    how many replay scripts there are
  replay-N.txt        one op per line for replay_test; replay-N.bin holds
                      the bytes its reads must return

A record line is "NAME TOKEN...". Words are hex without "0x"; a byte
string is one hex token. A seed is the words "n_entropy n_spawn_key
pool_size n_children_spawned", then the entropy words, then the spawn key.

The replay scripts are driven by a model of the device: a key, the counter
of the block last produced and the bytes of it already read, with block(c)
= Philox(key=k, counter=c - 1).random_raw(4). The model is checked against
NumPy's own Philox (random_raw, advance, jumped, state) and SeedSequence
(generate_state, spawn) as it runs, so that a bug here cannot quietly become
the expectation.
"""

import os
import sys
import zlib

import numpy as np
from numpy.random import Philox, SeedSequence

M64 = (1 << 64) - 1
M256 = 1 << 256
BLOCK = 32
NONE_BUFFERED = 32


def words(value, n, bits=64):
    """The n little-endian words of an integer."""
    mask = (1 << bits) - 1
    return [(value >> (bits * i)) & mask for i in range(n)]


def from_words(ws, bits=64):
    return sum(int(w) << (bits * i) for i, w in enumerate(ws))


def hexwords(ws):
    return " ".join("%x" % w for w in ws)


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


class Records:
    """A file of "NAME TOKEN..." lines."""

    def __init__(self):
        self.lines = []
        self.names = set()

    def add(self, name, *values):
        assert name not in self.names, name
        self.names.add(name)
        toks = []
        for v in values:
            if isinstance(v, (bytes, bytearray)):
                toks.append(v.hex() if v else "-")
            elif isinstance(v, str):
                toks.append(v)
            elif isinstance(v, (list, tuple)):
                toks.extend("%x" % int(w) for w in v)
            else:
                toks.append("%x" % int(v))
        self.lines.append(" ".join([name] + toks))

    def write(self, path):
        with open(path, "w") as f:
            f.write("\n".join(self.lines) + "\n")


def add_seed_case(rec, name, seed, nbytes=256):
    """name.seed, name.get (GET_SEED after SEED), name.key, name.stream."""
    rec.add(name + ".seed", seed.tokens())
    rec.add(name + ".get", seed.reported().tokens())
    key = seed.key()
    rec.add(name + ".key", words(key, 2))
    stream = seed_stream(seed, nbytes)
    model = Model()
    model.do_seed(seed)
    assert model.read(nbytes, selfcheck=True) == stream, "model seed"
    rec.add(name + ".stream", stream)
    return key, stream


def gen_ioctl(outdir, rng):
    rec = Records()

    def r32(n):
        return [int(x) for x in rng.integers(0, 1 << 32, n, dtype=np.uint64)]

    def r256():
        return from_words(r32(8), 32)

    seeds = {
        "s1": Seed(r32(5), (3, 7), 8),
        "pool0": Seed(r32(4), (), 0),
        "max": Seed(r32(32), r32(16), 64),
        "empty": Seed([], (), 4),
        "emptyspawn": Seed([], (1, 2), 0),
        "big4": Seed(r32(32), (), 4),
        "zero": Seed([0], (), 4),
        "children5": Seed(r32(3), (9,), 5, 5),
        "spawn15": Seed(r32(4), r32(15), 4),
    }
    for name, seed in seeds.items():
        add_seed_case(rec, name, seed)

    # SPAWN: three children of s1, a grandchild, and the streams they seed.
    s1 = seeds["s1"]
    parent = Seed(s1.entropy, s1.spawn_key, s1.pool, 0)
    for i in range(3):
        child = parent.child()
        rec.add("s1.child%d" % i, child.tokens())
        parent.children += 1
    rec.add("s1.get3", parent.reported().tokens())
    child0 = Seed(s1.entropy, s1.spawn_key, s1.pool, 0).child()
    add_seed_case(rec, "child0", child0)
    rec.add("child0.child0", child0.child().tokens())
    rec.add("children5.child", seeds["children5"].child().tokens())
    after = seeds["children5"].reported()
    after.children += 1
    rec.add("children5.get1", after.tokens())
    sp15 = seeds["spawn15"].child()
    assert len(sp15.spawn_key) == 16
    add_seed_case(rec, "spawn16", sp15)

    # Baselines for "a failed ioctl changes nothing": a state set up the
    # same way before each failure, then checked whole after it.
    def baseline(name, model, stream_from):
        assert model.read(7) == stream_from[:7]
        rec.add("base.%s.first7" % name, stream_from[:7])
        rec.add("base.%s.state" % name, model.state_tokens())
        if model.seed is None:
            rec.add("base.%s.get" % name, "ENODATA")
        else:
            rec.add("base.%s.get" % name, model.seed.tokens())
        rec.add("base.%s.stream" % name, stream_from[7:64])
        assert model.read(57, selfcheck=True) == stream_from[7:64]

    m = Model()
    m.do_seed(s1)
    m.spawn()
    baseline("seeded", m, seed_stream(s1, 64))
    m = Model()
    m.do_seed(seeds["max"])
    baseline("spawn16", m, seed_stream(seeds["max"], 64))

    k1, c1 = from_words(r32(4), 32), r256()
    k1_stream = raw_bytes(k1, c1, 64)
    rec.add("k1.key", words(k1, 2))
    rec.add("k1.counter", words(c1, 4))
    rec.add("k1.stream", k1_stream)
    m = Model()
    m.do_seed(s1)
    m.set_key(k1)
    m.set_counter(c1)
    baseline("keyed", m, k1_stream)

    # GET_STATE after 5 and after 32 bytes from (k1, c1).
    for n in (5, 32, 37):
        m = Model()
        m.set_key(k1)
        m.set_counter(c1)
        m.read(n, selfcheck=True)
        rec.add("k1.state%d" % n, m.state_tokens())

    # Counter wrap: after counter 2^256 - 1 comes block 0.
    wrap = M256 - 1
    rec.add("wrap.counter", words(wrap, 4))
    rec.add("wrap.stream", raw_bytes(k1, wrap, 64))
    assert raw_bytes(k1, wrap, 4) == blocks(k1, 0, 1)

    # SET_KEY keeps the counter and drops the buffer.
    ka, kb, ca = from_words(r32(4), 32), from_words(r32(4), 32), r256()
    rec.add("setkey.ka", words(ka, 2))
    rec.add("setkey.kb", words(kb, 2))
    rec.add("setkey.counter", words(ca, 4))
    rec.add("setkey.first5", raw_bytes(ka, ca, 1)[:5])
    rec.add("setkey.after", raw_bytes(kb, (ca + 1) % M256, 8))
    m = Model()
    m.set_key(ka)
    m.set_counter(ca)
    m.read(5)
    m.set_key(kb)
    rec.add("setkey.state", m.state_tokens())

    # ADVANCE and JUMP: 5 bytes read first (so a block is buffered), then
    # NumPy's advance() / jumped() on a Philox in the same state.
    advances = [
        ("small", r256(), 1000),
        ("zero", r256(), 0),
        ("wide", r256(), r256()),
        ("carry", (1 << 64) - 3, 5),
        ("wrap", M256 - 5, 10),
        ("minus1", r256(), M256 - 1),
    ]
    jumps = [
        ("zero", r256(), 0),
        ("one", r256(), 1),
        ("max", r256(), M64),
        ("wrap", M256 - (1 << 128) + 7, 3),
    ]
    moves = [("advance", name, ctr, delta, words(delta, 4))
             for name, ctr, delta in advances]
    moves += [("jump", name, ctr, n, n) for name, ctr, n in jumps]
    for kind, name, ctr, arg, arg_tokens in moves:
        ref = Philox(key=k1, counter=ctr)
        first = ref.random_raw(1).astype("<u8").tobytes()[:5]
        m = Model()
        m.set_key(k1)
        m.set_counter(ctr)
        assert m.read(5) == first
        if kind == "advance":
            ref.advance(arg)
            m.advance(arg, selfcheck=True)
        else:
            ref = ref.jumped(arg)
            m.jump(arg, selfcheck=True)
        got_ctr = from_words(ref.state["state"]["counter"])
        after = ref.random_raw(8).astype("<u8").tobytes()
        assert m.ctr == got_ctr, "%s %s" % (kind, name)
        assert m.read(64) == after, "%s stream %s" % (kind, name)
        rec.add("%s.%s.counter" % (kind, name), words(ctr, 4))
        rec.add("%s.%s.%s" % (kind, name, "delta" if kind == "advance" else "n"),
                arg_tokens)
        rec.add("%s.%s.first5" % (kind, name), first)
        rec.add("%s.%s.result" % (kind, name), words(got_ctr, 4))
        rec.add("%s.%s.stream" % (kind, name), after)

    # SET_STATE at each interesting buffer_pos, checked against a NumPy
    # Philox whose state dict holds the same block where pos allows.
    cs, ks = r256(), from_words(r32(4), 32)
    rec.add("setstate.counter", words(cs, 4))
    rec.add("setstate.key", words(ks, 2))
    for pos in (0, 1, 8, 13, 31, 32):
        m = Model()
        assert m.set_state(cs, ks, pos, 0) == "0"
        rec.add("setstate.%d.stream" % pos, m.read(64, selfcheck=True))
        rec.add("setstate.%d.after" % pos, m.state_tokens())
    m = Model()
    m.set_state(wrap, ks, 32, 0)
    rec.add("setstate.wrap.stream", m.read(64, selfcheck=True))
    m = Model()
    m.do_seed(s1)
    m.set_state(cs, ks, 32, 0)
    baseline("stated", m, raw_bytes(ks, cs, 8))

    rec.write(os.path.join(outdir, "ioctl.txt"))


def crc_chunks(data, chunk):
    return [zlib.crc32(data[i:i + chunk]) for i in range(0, len(data), chunk)]


def gen_read(outdir, rng):
    rec = Records()
    key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
    ctr = from_words(rng.integers(0, 1 << 32, 8, dtype=np.uint64), 32)
    rec.add("small.key", words(key, 2))
    rec.add("small.counter", words(ctr, 4))
    rec.add("small.stream", raw_bytes(key, ctr, 1024))

    # 16 MiB in one read, from a counter whose two low words carry over
    # half way through.
    big_len = 16 << 20
    chunk = 64 << 10
    bctr = (M64 - (1 << 18) + 1) | (M64 << 64) | (5 << 128)
    big = raw_bytes(key, bctr, big_len // 8)
    rec.add("big.counter", words(bctr, 4))
    rec.add("big.len", big_len)
    rec.add("big.chunk", chunk)
    rec.add("big.crc", crc_chunks(big, chunk))
    rec.add("big.next", raw_bytes(key, (bctr + big_len // BLOCK) % M256, 8))
    m = Model()
    m.set_key(key)
    m.set_counter(bctr)
    m.read(big_len)
    rec.add("big.state", m.state_tokens())
    rec.add("big.at256k", big[256 << 10:(256 << 10) + 64])

    # 3 bytes, then 1 MiB + 7 in one read, then the state.
    odd_len = (1 << 20) + 7
    odd = raw_bytes(key, ctr, (3 + odd_len + 7) // 8)[3:3 + odd_len]
    rec.add("odd.len", odd_len)
    rec.add("odd.crc", crc_chunks(odd, chunk))
    m = Model()
    m.set_key(key)
    m.set_counter(ctr)
    m.read(3)
    m.read(odd_len)
    rec.add("odd.state", m.state_tokens())
    rec.write(os.path.join(outdir, "read.txt"))


def gen_share(outdir, rng):
    nblocks = 16384
    key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
    rec = Records()
    rec.add("share.key", words(key, 2))
    rec.add("share.nblocks", nblocks)
    rec.write(os.path.join(outdir, "share.txt"))
    with open(os.path.join(outdir, "share.bin"), "wb") as f:
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


def gen_replay(outdir, index, rng, nops):
    lines = []
    data = bytearray()
    m = Model()

    def seed_line(invalid=False):
        seed, struct = rand_seed(rng, invalid)
        err = m.do_seed(seed)
        if err == "0":
            key = seed.key()
            ref = seed_stream(seed, 32)
            assert blocks(key, 1, 1) == ref, "model seed stream"
        lines.append("seed %s %s" % (err, hexwords(struct)))
        return err

    while seed_line() != "0":
        pass
    ops = ["read"] * 40 + ["get_seed"] * 5 + ["spawn"] * 6 + \
        ["get_key"] * 3 + ["set_key"] * 3 + ["get_counter"] * 3 + \
        ["set_counter"] * 4 + ["advance"] * 5 + ["jump"] * 3 + \
        ["get_state"] * 6 + ["set_state"] * 5 + ["seed"] * 6 + \
        ["bad_seed"] * 2 + ["bad_state"] * 2
    for _ in range(nops):
        op = ops[rng.integers(0, len(ops))]
        if op == "read":
            if rng.random() < 0.02:
                n = int(rng.integers(4097, 200000))
            elif rng.random() < 0.1:
                n = int(rng.choice([0, 1, 31, 32, 33, 64]))
            else:
                n = int(rng.integers(0, 4097))
            out = m.read(n, selfcheck=rng.random() < 0.2)
            lines.append("read %x %x" % (n, len(data)))
            data += out
        elif op == "get_seed":
            if m.seed is None:
                lines.append("get_seed ENODATA")
            else:
                lines.append("get_seed 0 " + hexwords(m.seed.tokens()))
        elif op == "spawn":
            err, child = m.spawn()
            if child is None:
                lines.append("spawn " + err)
            else:
                lines.append("spawn 0 " + hexwords(child.tokens()))
        elif op == "get_key":
            lines.append("get_key 0 " + hexwords(words(m.key, 2)))
        elif op == "set_key":
            key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
            m.set_key(key)
            lines.append("set_key 0 " + hexwords(words(key, 2)))
        elif op == "get_counter":
            lines.append("get_counter 0 " + hexwords(words(m.ctr, 4)))
        elif op == "set_counter":
            ctr = rand_counter(rng)
            m.set_counter(ctr)
            lines.append("set_counter 0 " + hexwords(words(ctr, 4)))
        elif op == "advance":
            delta = rand_counter(rng)
            m.advance(delta, selfcheck=True)
            lines.append("advance 0 " + hexwords(words(delta, 4)))
        elif op == "jump":
            # (by index: a NumPy array of these would round M64 to 2^64)
            n = [0, 1, 2, int(rng.integers(0, 1 << 63)), M64][
                rng.integers(0, 5)]
            m.jump(n, selfcheck=True)
            lines.append("jump 0 %x" % n)
        elif op == "get_state":
            lines.append("get_state 0 " + hexwords(m.state_tokens()))
        elif op in ("set_state", "bad_state"):
            ctr = rand_counter(rng)
            key = from_words(rng.integers(0, 1 << 32, 4, dtype=np.uint64), 32)
            pos = int(rng.choice([0, 1, 8, 13, 16, 31, 32, 32,
                                  int(rng.integers(0, 33))]))
            flags = 0
            if op == "bad_state":
                if rng.random() < 0.5:
                    pos = int(rng.choice([33, 64, 0xFFFFFFFF]))
                else:
                    flags = int(rng.choice([1, 2, 0x80000000]))
            err = m.set_state(ctr, key, pos, flags)
            lines.append("set_state %s %s" % (
                err, hexwords(words(ctr, 4) + words(key, 2) + [pos, flags])))
        elif op == "seed":
            seed_line()
        elif op == "bad_seed":
            seed_line(invalid=True)
    base = os.path.join(outdir, "replay-%d" % index)
    with open(base + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(base + ".bin", "wb") as f:
        f.write(data)


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
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    gen_ioctl(outdir, np.random.default_rng(20240601))
    gen_read(outdir, np.random.default_rng(20240602))
    gen_share(outdir, np.random.default_rng(20240603))
    nscripts = 8
    for i in range(nscripts):
        gen_replay(outdir, i, np.random.default_rng(20240610 + i), 300)
    with open(os.path.join(outdir, "replay-index.txt"), "w") as f:
        f.write("scripts %x\n" % nscripts)


if __name__ == "__main__":
    main()
