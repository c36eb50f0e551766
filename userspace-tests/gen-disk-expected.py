#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Compute with NumPy what disk_test.sh expects of philoxcat's disk options.

Usage: gen-disk-expected.py OUTDIR

Writes into OUTDIR (/philox/data/disk in the VMs):

  vars.sh          sizes and seeds, sourced by disk_test.sh
  *.sha256         sha256sum lines of NumPy streams the runs must write
  faults.img       NumPy's stream with injected faults: zeroed sectors, bit
                   flips, a sector copied from another offset, a constant
                   sector, a copy across block boundaries, and a wrapped
                   "fake capacity" second half that repeats the first
  CASE.report      the report each verify case must write, exactly
  full.badblocks   the --badblocks list of the full case, 4096-byte blocks

The expected reports come from a classifier written here, independently of
philoxcat's: a misplaced block is found by looking its bytes up among all
the blocks of the range (NumPy's), not by inverting Philox. For the full
image the result must also equal the list of faults as injected, so that
a wrong expectation cannot be written quietly.
"""

import hashlib
import os
import sys

import numpy as np
from numpy.random import Philox, SeedSequence

BLOCK = 32
HALF = 1 << 20
IMAGE = 2 * HALF            # as written; the fake drive keeps HALF
FAULT_SEED = 2121
RESUME_SEED = 77
RESUME_BYTES = 64 << 20
JOBS_SEED = 4242
JOBS_BYTES = 8 * 1048576 + 5
LOOP_SEED = 5
LOOP_BYTES = 64 << 20

# Verify cases: NAME, --offset, --bytes (None: to the end of the image).
CASES = [
    ("full", 0, None),
    ("range", 100016, 1500007),     # partial blocks at both ends
    ("past-end", 0, IMAGE + 4096 + 100),
]


def stream(seed, nbytes):
    bg = Philox(SeedSequence(seed))
    return bg.random_raw((nbytes + 7) // 8).astype("<u8").tobytes()[:nbytes]


def sha_line(data):
    return "%s  -\n" % hashlib.sha256(data).hexdigest()


def inject(good):
    """The faulty image, and the extents the faults make on it."""
    img = bytearray(good)
    img[HALF:] = img[:HALF]                     # the fake second half
    truth = []
    img[3 * 4096:3 * 4096 + 1024] = bytes(1024)  # two zeroed sectors
    truth.append((3 * 4096, 1024, "zeroed", None))
    img[50000] ^= 0x08                          # two flips, one block
    img[50005] ^= 0x81
    truth.append((50000 // BLOCK * BLOCK, BLOCK, "corrupted", 2))
    img[300001] ^= 0x01
    truth.append((300001 // BLOCK * BLOCK, BLOCK, "corrupted", 1))
    img[600 * 512:601 * 512] = img[100 * 512:101 * 512]
    truth.append((600 * 512, 512, "misplaced", 100 * 512))
    img[700000:700512] = b"\xa5" * 512
    truth.append((700000, 512, "constant", "0xa5"))
    # A sector copied to an offset 16 bytes into a block: 17 blocks that
    # hold halves of two others, corrupted (the count is the data's).
    img[800016:800528] = img[400000:400512]
    truth.append((800000, 544, "corrupted", None))
    # A zeroed sector in the second half splits its misplaced extent.
    img[HALF + 8192:HALF + 8704] = bytes(512)
    truth.append((HALF, 8192, "misplaced", 0))
    truth.append((HALF + 8192, 512, "zeroed", None))
    truth.append((HALF + 8704, HALF - 8704, "misplaced", 8704))
    return bytes(img), sorted(truth)


def classify(img, good, start, end):
    """The extents of [start, end) of img against the stream good."""
    sources = {}
    first = -(-start // BLOCK) * BLOCK
    for off in range(first, end - BLOCK + 1, BLOCK):
        sources.setdefault(good[off:off + BLOCK], off)
    ext = []

    def add(off, length, cls, detail):
        if ext:
            o, n, c, d = ext[-1]
            if o + n == off and c == cls and (
                    cls in ("zeroed", "unreadable") or
                    (cls == "constant" and d == detail) or
                    (cls == "misplaced" and d + n == detail) or
                    cls == "corrupted"):
                ext[-1] = (o, n + length, c,
                           d + detail if cls == "corrupted" else d)
                return
        ext.append((off, length, cls, detail))

    off = start
    while off < end:
        n = min(BLOCK - off % BLOCK, end - off)
        got, want = img[off:off + n], good[off:off + n]
        if len(got) < n:                    # past the end of the image
            if got != want[:len(got)]:
                raise ValueError("a fault in a block the image cuts")
            add(off + len(got), n - len(got), "unreadable", None)
        elif got != want:
            if got == bytes([got[0]]) * n:
                add(off, n, "constant" if got[0] else "zeroed",
                    "0x%02x" % got[0] if got[0] else None)
            elif n == BLOCK and got in sources:
                add(off, n, "misplaced", sources[got])
            else:
                add(off, n, "corrupted", sum(a != b for a, b in zip(got, want)))
        off += n
    return ext


def report(ext):
    return "".join("%d %d %s%s\n" % (o, n, c, "" if d is None else " %s" % d)
                   for o, n, c, d in ext)


def badblocks(ext, size):
    out = []
    for o, n, _, _ in ext:
        for b in range(o // size, (o + n - 1) // size + 1):
            if not out or b > out[-1]:
                out.append(b)
    return "".join("%d\n" % b for b in out)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)

    longest = max(IMAGE, max(o + (n or 0) for _, o, n in CASES))
    good = stream(FAULT_SEED, longest)
    img, truth = inject(good[:IMAGE])
    with open(os.path.join(outdir, "faults.img"), "wb") as f:
        f.write(img)
    with open(os.path.join(outdir, "clean.sha256"), "w") as f:
        f.write(sha_line(good[:IMAGE]))

    for name, start, nbytes in CASES:
        end = start + nbytes if nbytes is not None else IMAGE
        ext = classify(img, good, start, end)
        if name == "full":
            got = [(o, n, c, d if c != "corrupted" or t is not None else None)
                   for (o, n, c, d), (_, _, _, t) in zip(ext, truth)]
            assert len(ext) == len(truth) and got == truth, (ext, truth)
            with open(os.path.join(outdir, "full.badblocks"), "w") as f:
                f.write(badblocks(ext, 4096))
        with open(os.path.join(outdir, name + ".report"), "w") as f:
            f.write(report(ext))

    with open(os.path.join(outdir, "resume.sha256"), "w") as f:
        f.write(sha_line(stream(RESUME_SEED, RESUME_BYTES)))
    with open(os.path.join(outdir, "jobs.sha256"), "w") as f:
        f.write(sha_line(stream(JOBS_SEED, JOBS_BYTES)))
    with open(os.path.join(outdir, "loop.sha256"), "w") as f:
        f.write(sha_line(stream(LOOP_SEED, LOOP_BYTES)))

    with open(os.path.join(outdir, "vars.sh"), "w") as f:
        f.write("# Generated by gen-disk-expected.py\n")
        for k, v in [("FAULT_SEED", FAULT_SEED), ("IMAGE", IMAGE),
                     ("HALF", HALF), ("RESUME_SEED", RESUME_SEED),
                     ("RESUME_BYTES", RESUME_BYTES), ("JOBS_SEED", JOBS_SEED),
                     ("JOBS_BYTES", JOBS_BYTES), ("LOOP_SEED", LOOP_SEED),
                     ("LOOP_BYTES", LOOP_BYTES)]:
            f.write("%s=%d\n" % (k, v))
        f.write("CASES='%s'\n" % " ".join(
            "%s:%d:%s" % (n, o, "" if b is None else b) for n, o, b in CASES))


if __name__ == "__main__":
    main()
