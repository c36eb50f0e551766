#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a test VM's logs into the result lines of `make check`.

Usage: vm-results.py NAME CONSOLE_LOG RESULTS_LOG [KTAP_FILE...]

The results log holds one KTAP document (scripts/guest/init.sh): the VM's
own checks, and as subtests the KUnit suites and every selftest program.
It, and each further KTAP file (such as verify-numpy.py's), is read by
the kernel's own parser, tools/testing/kunit/kunit_parser.py of the
linux-source package (scripts/kernels/kernel-source.sh extracts it; the
directory may be given in PHILOX_KTOOLS).

Prints one "ok - ..." or "not ok - ..." line per leaf test (each KUnit
case and parameter, each selftest case), "# SKIP" on skipped ones, with the
test's own "#" diagnostics under failures; then whether each document was
complete and well formed (a program that died leaves its plan unfinished),
whether the guest finished, and whether its kernel log holds a splat.
Exits 0; the caller counts the lines.
"""

import io
import os
import re
import subprocess
import sys

# A kernel report of any kind: a test that trips one has failed. KCSAN's
# reports are "BUG: KCSAN: data-race in ...". Fault injection prints
# nothing: fault_test sets every kind's verbose to 0 (its default, 2,
# dumps a stack with "Call Trace:" at each injected fault).
SPLAT = re.compile(
    r"BUG:|WARNING:|UBSAN:|Oops|Kernel panic|general protection fault|"
    r"Call Trace:|kernel BUG|possible recursive locking|"
    r"circular locking|inconsistent lock state|suspected memory leak|"
    r"unreferenced object|INFO: task .* blocked|stack-protector|"
    r"detected stall|soft lockup|hard LOCKUP")
MAX_DETAIL = 20


def kunit_parser():
    """The kernel's KTAP parser, quiet."""
    ktools = os.environ.get("PHILOX_KTOOLS")
    if not ktools:
        here = os.path.dirname(os.path.abspath(__file__))
        ktools = subprocess.run([os.path.join(here, "..", "kernels",
                                               "kernel-source.sh")],
                                check=True, stdout=subprocess.PIPE,
                                text=True).stdout.strip()
    sys.path.insert(0, os.path.join(ktools, "tools", "testing", "kunit"))
    import kunit_parser
    import kunit_printer
    kunit_parser.stdout = kunit_printer.Printer(io.StringIO())
    return kunit_parser


KP = kunit_parser()
OK = (KP.TestStatus.SUCCESS, KP.TestStatus.SKIPPED)


def parse(lines):
    """The Test tree of KTAP lines, and the parser's complaints."""
    errors = []
    add_error = KP.Test.add_error

    def record(test, message):
        errors.append("%s: %s" % (test.name or "?", message))
        add_error(test, message)

    KP.Test.add_error = record
    try:
        root = KP.parse_run_tests(lines)
    finally:
        KP.Test.add_error = add_error
    if root.status == KP.TestStatus.FAILURE_TO_PARSE_TESTS:
        errors.append("no KTAP output")
    return root, errors


def flatten(test, path):
    """Yield (ok, text, log) for the leaves under test, and for a parent
    that reports a failure none of its leaves shows (a program that
    exited non-zero after its last test)."""
    if not test.subtests:
        name = ": ".join(path)
        if test.status == KP.TestStatus.SKIPPED:
            yield True, name + " # SKIP", []
        elif test.status == KP.TestStatus.SUCCESS:
            yield True, name, []
        elif test.status == KP.TestStatus.NO_TESTS:
            yield False, name + " (no tests ran)", test.log
        elif test.status == KP.TestStatus.TEST_CRASHED:
            yield False, name + " (crashed: no result)", test.log
        else:
            yield False, name, test.log
        return
    failed = False
    for i, sub in enumerate(test.subtests, 1):
        name = sub.name.strip() or "test %d" % i
        for ok, text, log in flatten(sub, path + [name]):
            failed |= not ok
            yield ok, text, log
    if path[1:] and not failed and test.status not in OK:
        yield False, ": ".join(path) + " (its result is not ok)", test.log


def ktap_results(name, lines, what):
    root, errors = parse(lines)
    yield from flatten(root, [name])
    yield not errors, "%s: %s KTAP complete and well formed" % (name, what), \
        errors


def main():
    name, console, results = sys.argv[1:4]
    with open(console, errors="replace") as f:
        console_lines = f.read().splitlines()
    with open(results, errors="replace") as f:
        result_lines = [l.rstrip("\r") for l in f.read().splitlines()]

    # A VM that died before its KTAP header has nothing to parse; the
    # check that it ran to the end below fails for it.
    out = []
    if any(KP.KTAP_START.match(l) or KP.TAP_START.match(l)
           for l in result_lines):
        out.extend(ktap_results(name, result_lines, "VM"))
    for extra in sys.argv[4:]:
        label = os.path.basename(extra)
        if label.startswith(name + "."):
            label = label[len(name) + 1:]
        with open(extra, errors="replace") as f:
            out.extend(ktap_results(name, f.read().splitlines(), label))

    done = "PHILOX-VM-DONE" in result_lines
    out.append((done, "%s: VM ran every test to the end" % name, []))
    splats = [l for l in console_lines if SPLAT.search(l)]
    out.append((not splats, "%s: no kernel splat in the VM log" % name,
                splats))

    for ok, text, log in out:
        print("%s - %s" % ("ok" if ok else "not ok", text))
        if not ok:
            for line in log[-MAX_DETAIL:]:
                print("#   " + line.strip())


if __name__ == "__main__":
    main()
