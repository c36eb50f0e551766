#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check with NumPy the streams a test VM seeded from kernel entropy, and
the numbers the README's tour printed there.

Usage: verify-numpy.py NAME RESULTS_LOG

The guest has no NumPy. seed_test prints, for every stream it could not
check itself (a fresh open, RESEED, a child of those), a line

  numpy-verify: PROG: DESC|entropy=W,..|spawn=W,..|pool=N|children=N|
      key=K0,K1|skip=N|hex=BYTES

(on one line; words in hex). It prints KTAP, for scripts/vm/vm-results.py:
one test per line that should be there, passing if GET_KEY's key is
SeedSequence(...).generate_state(2, uint64) and the bytes are those of
Philox(SeedSequence(...)).random_raw() from byte skip on, with "#" lines
before it otherwise. A line that should have been printed and was not is
a failure too, so a check cannot vanish: every line of EXPECTED of each
program that ran in the VM (its "# Subtest: PROG" line is in the log).
"""

import re
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
    # only in the rngwait VM of scripts/check.sh
    "rng_wait_test": [
        "blocking open before the RNG was ready",
    ],
}

PREFIX = "numpy-verify: "


def hex_words(text):
    return [int(w, 16) for w in text.split(",") if w]


def verify(fields):
    """Return a list of what is wrong with one line's fields."""
    entropy = np.array(hex_words(fields["entropy"]), dtype=np.uint32)
    spawn = tuple(hex_words(fields["spawn"]))
    pool = int(fields["pool"])
    children = int(fields["children"])
    key = hex_words(fields["key"])
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


def check_lines(lines):
    """Yield (errors, description) for every numpy-verify line there is or
    should be."""
    seen = {}
    ran = set()
    for line in lines:
        if line.strip().startswith("# Subtest: "):
            ran.add(line.strip()[len("# Subtest: "):])
        line = line.strip()
        if not line.startswith(PREFIX):
            continue
        head, _, rest = line[len(PREFIX):].partition("|")
        prog, _, desc = head.partition(": ")
        seen.setdefault(prog, []).append(desc)
        try:
            fields = dict(f.split("=", 1) for f in rest.split("|"))
            errors = verify(fields)
        except (KeyError, ValueError) as e:
            errors = ["cannot parse the line: %s" % e]
        if desc not in EXPECTED.get(prog, []):
            errors.append("an unexpected numpy-verify line")
        yield errors, "%s: numpy reproduces %s" % (prog, desc)
    for prog, descs in EXPECTED.items():
        if prog not in ran:
            continue
        for desc in descs:
            if desc not in seen.get(prog, []):
                yield (["no numpy-verify line"],
                       "%s: numpy reproduces %s" % (prog, desc))


# The README's tour (tools/demo/tour.c) prints the first four words of
# SeedSequence(12345)'s stream, indented, before its result line (and
# /init's "# tour took N s").
TOUR_RESULT = re.compile(r"^(not )?ok \d+ tour$")


def check_tour(lines):
    """Yield (errors, description) if the tour ran: its numbers are NumPy's."""
    printed = []
    for line in lines:
        if TOUR_RESULT.match(line):
            want = [int(v) for v in Philox(SeedSequence(12345)).random_raw(4)]
            got = [int(w) for w in printed if w.isdigit()]
            errors = [] if got == want else [
                "tour: %s" % " ".join(map(str, got)),
                "NumPy: %s" % " ".join(map(str, want))]
            yield errors, ("the tour prints NumPy's "
                           "Philox(SeedSequence(12345)).random_raw(4)")
            return
        if line.startswith("    "):
            printed.append(line.strip())
        elif not line.startswith("#"):
            printed = []


def main():
    name, results = sys.argv[1:3]
    try:
        with open(results, errors="replace") as f:
            lines = [l.rstrip("\r\n") for l in f]
    except OSError as e:
        print("# cannot read %s: %s" % (results, e))
        lines = []
    checks = list(check_lines(lines)) + list(check_tour(lines))
    if not checks:
        return  # no program with numpy-verify lines ran: no document
    print("KTAP version 1")
    print("# %s: NumPy on the host checks the guest's fresh streams" % name)
    print("1..%d" % len(checks))
    for i, (errors, desc) in enumerate(checks, 1):
        for e in errors:
            print("# " + e)
        print("%s %d %s" % ("not ok" if errors else "ok", i, desc))


if __name__ == "__main__":
    main()
