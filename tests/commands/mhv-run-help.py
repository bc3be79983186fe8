#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`tools/mhv-run --help` lists every option that README.md's usage line
and docs/booting.md's option tables show, and docs/booting.md documents
every option it lists."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cmdtest import SRCTREE, check, main, run  # noqa: E402

OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


def readme_usage():
    """The options in README.md's `tools/mhv-run [...]` usage block."""
    text = (SRCTREE / "README.md").read_text()
    m = re.search(r"^```\n(tools/mhv-run \[.*?)^```", text, re.MULTILINE | re.DOTALL)
    check(m, "README.md has no `tools/mhv-run [...]` usage block")
    return set(OPTION.findall(m.group(1)))


def booting_tables():
    """The options in the first column of docs/booting.md's tables."""
    opts = set()
    for line in (SRCTREE / "docs" / "booting.md").read_text().splitlines():
        if line.startswith("| `-"):
            opts |= set(OPTION.findall(line.split("|")[1]))
    check(opts, "docs/booting.md has no option table")
    return opts


def test():
    _, out = run(["tools/mhv-run", "--help"])
    check(out.startswith("usage: mhv-run "), "--help does not start with the usage line")
    listed = set()
    for line in out.splitlines():
        m = re.match(r"^  (?:-\w, )?(--[a-z][a-z0-9-]*)", line)
        if m:
            listed.add(m.group(1))
    check("--uefi" in listed and "--script" in listed, "--help lists no options: %r" % out)
    readme, docs = readme_usage(), booting_tables()
    for opt in sorted(readme):
        check(opt in listed, "README.md's usage shows %s, --help does not list it" % opt)
    for opt in sorted(docs):
        check(opt in listed, "docs/booting.md documents %s, --help does not list it" % opt)
    for opt in sorted(listed - {"--help"}):
        check(opt in docs, "--help lists %s, docs/booting.md's tables do not document it" % opt)
    check(re.search(r"^exit status:$", out, re.MULTILINE), "--help has no exit status table")


main(test)
