#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Which lock-rule and contract ASSERTs the host tests make fire.

    tests/assert_coverage.py FIRED_LOG [--baseline FILE] [--update]

The host harness (tests/host/harness.c) appends "FILE<TAB>LINE<TAB>EXPR" to
$MHV_ASSERT_LOG for every ASSERT()/BUG_ON() that fails in a unit test
(most of them on purpose, under expect_assert_failure()).  This script
finds every ASSERT site of the files in SCOPE, names each one by file,
enclosing function and its rank among the sites of that function (stable
across edits elsewhere in the file), and reports:

  - how many of the sites in scope fired, and which did not;
  - FAIL when a site listed in the baseline (tests/unit/assert-sites.txt:
    the sites that fired when it was last updated) did not fire: a test
    that proved a rule stopped proving it.

--update rewrites the baseline with the sites that fired now.
"""
import argparse
import os
import re
import sys
from pathlib import Path

SRCTREE = Path(__file__).resolve().parent.parent
BASELINE = SRCTREE / "tests" / "unit" / "assert-sites.txt"

# The passthrough core, the virtual PCI bus, the interrupt layer, the lock
# layer and what the device reset waits with (wait queues, deferred work):
# where the lock rules and the contracts are checked by ASSERTs.
SCOPE = ["drivers/passthrough/*.c", "drivers/vpci/*.c", "arch/x86/msi.c", "arch/x86/passthrough/*.c",
         "arch/x86/irq.c", "domain/physdev.c", "common/spinlock.c",
         "common/rwlock.c", "common/lockdep.c", "common/waitqueue.c",
         "common/softirq.c"]

SITE_RE = re.compile(r"\b(ASSERT(?:_[A-Z_]+)?|BUG_ON)\s*\(")
FUNC_RE = re.compile(r"^[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;]*$")


def scope_files():
    files = []
    for pattern in SCOPE:
        files += sorted(SRCTREE.glob(pattern))
    return files


def sites_of(path):
    """[(line, function, rank)] of every ASSERT site of a C file."""
    out = []
    func, rank, in_comment = None, {}, False
    for no, line in enumerate(path.read_text().splitlines(), 1):
        code = line
        if in_comment:
            if "*/" not in code:
                continue
            code = code.split("*/", 1)[1]
            in_comment = False
        code = re.sub(r"/\*.*?\*/", "", code)
        if "/*" in code:
            code, in_comment = code.split("/*", 1)[0], True
        code = code.split("//", 1)[0]
        if code.startswith("#"):
            continue
        m = FUNC_RE.match(code)
        if m and not code.startswith((" ", "\t")) and m.group(1) not in (
                "if", "for", "while", "switch", "return", "sizeof"):
            func = m.group(1)
        if func is None or not code.startswith((" ", "\t")):
            continue
        for _ in SITE_RE.finditer(code):
            r = rank.get(func, 0) + 1
            rank[func] = r
            out.append((no, func, r))
    return out


def key(path, func, rank):
    return "%s:%s#%d" % (path.relative_to(SRCTREE), func, rank)


def load_fired(log):
    """{(relative file, line)} of the failures in the log."""
    fired = set()
    if not log.is_file():
        return fired
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        # Files #included by a test report "tests/unit/../../x.c".
        fired.add((os.path.normpath(parts[0]), int(parts[1])))
    return fired


def coverage(log):
    """(all site keys in scope, keys that fired)."""
    fired_lines = load_fired(log)
    all_keys, fired = [], set()
    for path in scope_files():
        rel = str(path.relative_to(SRCTREE))
        sites = sites_of(path)
        for no, func, rank in sites:
            all_keys.append(key(path, func, rank))
        for f, no in fired_lines:
            if f != rel:
                continue
            # A macro invocation spanning lines may report a later line:
            # take the nearest site at or above it.
            cand = [s for s in sites if s[0] <= no and no - s[0] <= 6]
            if cand:
                s = max(cand, key=lambda s: s[0])
                fired.add(key(path, s[1], s[2]))
    return all_keys, fired


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("log", type=Path)
    p.add_argument("--baseline", type=Path, default=BASELINE)
    p.add_argument("--update", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args(argv)

    all_keys, fired = coverage(args.log)
    if args.update:
        args.baseline.write_text(
            "# ASSERT sites the host tests make fire (tests/assert_coverage.py "
            "--update).\n# One per line: file:function#rank.  `make check` fails "
            "when one of them stops firing.\n" +
            "".join(k + "\n" for k in all_keys if k in fired))
    base = []
    if args.baseline.is_file():
        base = [l.strip() for l in args.baseline.read_text().splitlines()
                if l.strip() and not l.startswith("#")]
    lost = [k for k in base if k not in fired]
    unfired = [k for k in all_keys if k not in fired]
    print("assert coverage: %d of %d ASSERT sites fired (baseline %d)" %
          (len([k for k in all_keys if k in fired]), len(all_keys), len(base)))
    for k in unfired if args.verbose else []:
        print("  never fired: %s" % k)
    for k in lost:
        print("  STOPPED FIRING: %s" % k)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
