#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a test VM's two logs into result lines.

Usage: vm-results.py NAME CONSOLE_LOG RESULTS_LOG

Prints one "ok - ..." or "not ok - ..." line per check, with "#" lines of
detail under failures:
- every check line the guest wrote to its results port;
- every KUnit case (a leaf of the KTAP tree, so each parameter counts);
- that the KTAP plans were complete;
- that the guest finished, and that its kernel log holds no splat.
Exits 0; the caller counts the lines.
"""

import re
import sys

# A kernel report of any kind: a test that trips one has failed.
SPLAT = re.compile(
    r"BUG:|WARNING:|UBSAN:|Oops|Kernel panic|general protection fault|"
    r"Call Trace:|kernel BUG|possible recursive locking|"
    r"circular locking|inconsistent lock state|suspected memory leak|"
    r"unreferenced object|INFO: task .* blocked|stack-protector|"
    r"detected stall|soft lockup|hard LOCKUP")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")
RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+) ?-? ?(.*)$")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)")


def ktap_results(lines, name):
    """Yield (ok, description) for each leaf test of the KTAP lines."""
    has_children = {}
    results_at = {}
    plans = {}
    path = {}
    errors = []
    for line in lines:
        m = PLAN.match(line)
        if m:
            depth = len(m.group(1))
            plans[depth] = int(m.group(2))
            results_at[depth] = 0
            continue
        m = re.match(r"^(\s*)# Subtest: (.*)$", line)
        if m:
            path[len(m.group(1))] = m.group(2).strip()
            continue
        m = RESULT.match(line)
        if not m:
            continue
        depth = len(m.group(1))
        ok = m.group(2) == "ok"
        desc = m.group(4).strip()
        results_at[depth] = results_at.get(depth, 0) + 1
        if depth >= 4:
            has_children[depth - 4] = True
        leaf = not has_children.get(depth, False)
        has_children[depth] = False
        if depth + 4 in plans:
            if results_at.get(depth + 4, 0) != plans[depth + 4]:
                errors.append("%s: %d of %d results" % (
                    desc, results_at.get(depth + 4, 0), plans[depth + 4]))
            del plans[depth + 4]
            results_at[depth + 4] = 0
        if leaf and depth > 0:
            parents = [path[d] for d in sorted(path) if 0 < d <= depth]
            skip = "# SKIP" in desc
            yield (ok or skip), "%s: kunit %s" % (name, ".".join(parents + [desc]))
        if depth == 0 and not ok:
            yield False, "%s: kunit suite %s" % (name, desc)
    for depth, count in plans.items():
        if results_at.get(depth, 0) != count:
            errors.append("plan of %d at depth %d, %d results" %
                          (count, depth, results_at.get(depth, 0)))
    yield not errors, "%s: KTAP complete%s" % (name, "; ".join([""] + errors))


def main():
    name, console, results = sys.argv[1:4]
    with open(console, errors="replace") as f:
        console_lines = f.read().splitlines()
    with open(results, errors="replace") as f:
        result_lines = f.read().splitlines()

    out = []
    in_ktap = False
    ktap = []
    done = False
    saw_ktap = False
    for line in result_lines:
        line = line.rstrip("\r")
        if line == "KTAP-BEGIN":
            in_ktap, saw_ktap = True, True
            continue
        if line == "KTAP-END":
            in_ktap = False
            out.extend(ktap_results(ktap, name))
            continue
        if in_ktap:
            ktap.append(TIMESTAMP.sub("", line))
            continue
        if line == "PHILOX-VM-DONE":
            done = True
        elif line.startswith("ok - ") or line.startswith("not ok - "):
            ok = line.startswith("ok - ")
            out.append((ok, line.split(" - ", 1)[1]))
        elif line.startswith("#") and out and not out[-1][0]:
            out.append((None, line))

    if saw_ktap and in_ktap:
        out.append((False, "%s: KTAP ended early" % name))
    out.append((done, "%s: VM ran every test and powered off" % name))

    splats = [l for l in console_lines if SPLAT.search(l)]
    out.append((not splats, "%s: no kernel splat in the VM log" % name))
    for line in splats[:20]:
        out.append((None, "#   " + line))

    for ok, text in out:
        if ok is None:
            print(text)
        else:
            print("%s - %s" % ("ok" if ok else "not ok", text))


if __name__ == "__main__":
    main()
