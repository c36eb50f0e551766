#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check with NumPy the streams a test VM seeded from kernel entropy.

Usage: verify-numpy.py NAME RESULTS_LOG

The guest has no NumPy. seed_test prints, for every stream it could not
check itself (a fresh open, RESEED, a child of those), a line

  numpy-verify: PROG: DESC|entropy=W,..|spawn=W,..|pool=N|children=N|
      key=K0,K1|skip=N|hex=BYTES

(on one line; words in hex). For each, this prints "ok - NAME: PROG: numpy:
DESC" if GET_KEY's key is SeedSequence(...).generate_state(2, uint64) and
the bytes are those of Philox(SeedSequence(...)).random_raw() from byte
skip on, "not ok - ..." with "#" lines otherwise. A line that should have
been printed and was not is a failure too, so a check cannot vanish.
"""

import sys

import numpy as np
from numpy.random import Philox, SeedSequence

# Every numpy-verify line each program must print.
EXPECTED = {
    "seed_test": [
        "fresh open",
        "second fresh open",
        "fresh open O_NONBLOCK",
        "reseed after set_key",
        "reseed after seed",
        "spawned child of a fresh open",
    ],
}

PREFIX = "numpy-verify: "


def words(text):
    return [int(w, 16) for w in text.split(",") if w]


def verify(fields):
    """Return a list of what is wrong with one line's fields."""
    entropy = np.array(words(fields["entropy"]), dtype=np.uint32)
    spawn = tuple(words(fields["spawn"]))
    pool = int(fields["pool"])
    children = int(fields["children"])
    key = words(fields["key"])
    skip = int(fields["skip"])
    data = bytes.fromhex(fields["hex"])
    errors = []
    if pool < 4:
        return ["pool_size %d" % pool]
    seq = SeedSequence(entropy, spawn_key=spawn, pool_size=pool,
                       n_children_spawned=children)
    want_key = [int(w) for w in seq.generate_state(2, np.uint64)]
    if key != want_key:
        errors.append("key %s, NumPy's %s" % (
            ",".join("%x" % w for w in key),
            ",".join("%x" % w for w in want_key)))
    nwords = (skip + len(data) + 7) // 8
    raw = Philox(seq).random_raw(nwords).astype("<u8").tobytes()
    want = raw[skip:skip + len(data)]
    if data != want:
        at = next(i for i in range(len(data)) if data[i] != want[i])
        errors.append("bytes differ from byte %d: got %s, NumPy's %s" % (
            skip + at, data[at:at + 16].hex(), want[at:at + 16].hex()))
    return errors


def main():
    name, results = sys.argv[1:3]
    try:
        with open(results, errors="replace") as f:
            lines = [l.rstrip("\r\n") for l in f]
    except OSError as e:
        print("not ok - %s: numpy-verify: cannot read %s: %s" % (
            name, results, e))
        lines = []
    seen = {}
    for line in lines:
        if not line.startswith(PREFIX):
            continue
        head, _, rest = line[len(PREFIX):].partition("|")
        prog, _, desc = head.partition(": ")
        seen.setdefault(prog, []).append(desc)
        label = "%s: %s: numpy reproduces %s" % (name, prog, desc)
        try:
            fields = dict(f.split("=", 1) for f in rest.split("|"))
            errors = verify(fields)
        except (KeyError, ValueError) as e:
            errors = ["cannot parse the line: %s" % e]
        print("%s - %s" % ("not ok" if errors else "ok", label))
        for e in errors:
            print("#   " + e)
    for prog, descs in EXPECTED.items():
        for desc in descs:
            if desc not in seen.get(prog, []):
                print("not ok - %s: %s: numpy reproduces %s "
                      "(no numpy-verify line)" % (name, prog, desc))
        for desc in seen.get(prog, []):
            if desc not in descs:
                print("not ok - %s: %s: unexpected numpy-verify line %s" %
                      (name, prog, desc))


if __name__ == "__main__":
    main()
