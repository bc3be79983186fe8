#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench-smoke`, as docs/performance.md says: the table with a figure
for every operation, the two -icount runs identical, and its outputs in
build/bench/smoke/: results.json (every operation's figures in guest
instructions, the runs marked identical) and the scaling plot."""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import BUILD, SRCTREE, check, main, run  # noqa: E402

OUT = BUILD / "bench" / "smoke"


def operations():
    """The operations every run reports, from tests/bench/run itself."""
    text = (SRCTREE / "tests" / "bench" / "run").read_text()
    block = text[text.index("FIXED_OPS = ["):text.index("]\n", text.index("FIXED_OPS = ["))]
    return re.findall(r'^\s+\("(\w+)", "(.*)"\),$', block, re.MULTILINE)


def test():
    ops = operations()
    check(len(ops) >= 10, "tests/bench/run: FIXED_OPS not found")
    for f in ("results.json", "scaling.svg"):
        (OUT / f).unlink(missing_ok=True)
    # Its own tree (build/bench): no lock on the shared one needed.
    _, out = run(["make", "bench-smoke"])
    for _, desc in ops:
        m = re.search(r"^%s +(\d+) +(\d+) +(\d+) +(\d+)$" % re.escape(desc), out, re.MULTILINE)
        check(m and int(m.group(3)) > 0, "the table has no figure for %r" % desc)
    check(re.search(r"^runs: 2, identical figures$", out, re.MULTILINE),
          "the two runs are not reported identical")
    data = json.loads((OUT / "results.json").read_text())
    check(data["configuration"]["runs_identical"] is True, "results.json: runs not identical")
    got = {r["operation"] for r in data["results"]
           if r["median"] > 0 and r["unit"] == "guest instructions"}
    missing = [op for op, _ in ops if op not in got]
    check(not missing, "results.json has no figures for %s" % missing)
    svg = (OUT / "scaling.svg").read_text()
    check("<svg" in svg and "</svg>" in svg, "scaling.svg is not an SVG drawing")


main(test)
