#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""layers.py: the hypervisor's layering, checked on its includes.

    tests/layers.py [-v]

The layers and where they live are read from docs/architecture.md (its
```layers block, lowest layer first), so the document and the check cannot
drift apart.  Every source and header of the hypervisor belongs to exactly
one layer: the longest path prefix of the block that matches it.  Fails
(exit 1, one line per finding) when

  - a file includes a header of a layer above its own,
  - two layers include each other (directly or through a third one),
  - a file of the hypervisor belongs to no layer,
  - a domain program includes a hypervisor header other than those the
    block allows it (the ABI, the library it compiles again), or two of
    the programs' components include each other.

Includes that name no file of the tree (the toolchain's, GNU-EFI's) are not
layers' business and are skipped.
"""
import re
import sys
from pathlib import Path

SRCTREE = Path(__file__).resolve().parent.parent
DOC = SRCTREE / "docs" / "architecture.md"
# The hypervisor's own files; tests/ and the build are no layer.
HV_DIRS = ["arch", "common", "domain", "drivers", "include"]
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
# Where <mhv/x.h>, <asm/x.h>, <public/x.h> are (the -I of the Makefile).
SEARCH = ["include", "include/arch/x86"]


def read_layers():
    """From the doc's ```layers block: the layers [(name, [prefix, ...])],
    lowest first, and the programs (prefix, [allowed header prefix, ...])."""
    text = DOC.read_text()
    m = re.search(r"^```layers\n(.*?)^```", text, re.M | re.S)
    if not m:
        sys.exit("layers.py: no ```layers block in %s" % DOC.relative_to(SRCTREE))
    layers, programs = [], None
    for line in m.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, *rest = line.split()
        if name == "programs":
            where, allowed = line.split(None, 1)[1].split(":", 1)
            programs = (where.strip(), allowed.split())
        else:
            layers.append((name, rest))
    return layers, programs


def layer_of(path, layers):
    """The index of @path's layer (longest matching prefix), or None."""
    best, best_len = None, -1
    for i, (_, prefixes) in enumerate(layers):
        for p in prefixes:
            if (path == p or path.startswith(p if p.endswith("/") else p + "/")
                    or (p.endswith("*.h") and path.startswith(p[:-3])
                        and "/" not in path[len(p) - 3:])):
                if len(p) > best_len:
                    best, best_len = i, len(p)
    return best


def resolve(src, quote, name, more=()):
    """The tree file an include names, as a path relative to SRCTREE, or None."""
    cands = []
    if quote == '"':
        cands.append((SRCTREE / src).parent / name)
    cands += [SRCTREE / d / name for d in list(more) + SEARCH]
    for c in cands:
        if c.is_file():
            return c.resolve().relative_to(SRCTREE).as_posix()
    return None


def sources(dirs):
    for d in dirs:
        for p in sorted((SRCTREE / d).rglob("*")):
            if p.suffix in (".c", ".h", ".S") and p.is_file():
                yield p.relative_to(SRCTREE).as_posix()


def main(argv):
    verbose = "-v" in argv
    layers, programs = read_layers()
    names = [n for n, _ in layers]
    problems = []
    edges = {}          # (from layer, to layer) -> an example include
    files = 0

    for src in sources(HV_DIRS):
        files += 1
        me = layer_of(src, layers)
        if me is None:
            problems.append("%s: in no layer of docs/architecture.md" % src)
            continue
        for quote, name in INCLUDE_RE.findall((SRCTREE / src).read_text(errors="replace")):
            dst = resolve(src, quote, name)
            if dst is None:
                continue
            other = layer_of(dst, layers)
            if other is None:
                problems.append("%s: includes %s, which is in no layer" % (src, dst))
                continue
            if other != me:
                edges.setdefault((me, other), "%s -> %s" % (src, dst))
            if other > me:
                problems.append("%s (%s) includes %s (%s, a layer above)"
                                % (src, names[me], dst, names[other]))

    # Layers that include each other, directly or through others.
    reach = {i: {j for (a, j) in edges if a == i} for i in range(len(layers))}
    changed = True
    while changed:
        changed = False
        for i in reach:
            more = set().union(*(reach[j] for j in reach[i])) - reach[i]
            if more:
                reach[i] |= more
                changed = True
    for i in range(len(layers)):
        for j in range(i + 1, len(layers)):
            if j in reach[i] and i in reach[j]:
                ex = edges.get((i, j)) or edges.get((j, i))
                problems.append("layers %s and %s include each other (e.g. %s)"
                                % (names[i], names[j], ex))

    # The domain programs: the hypervisor's headers they may see, and their
    # components (domains/X/) in no include circle.
    comp_edges = {}
    if programs:
        where, allowed = programs
        for src in sources([where]):
            files += 1
            me = src[len(where):].split("/", 1)[0]
            for quote, name in INCLUDE_RE.findall((SRCTREE / src).read_text(errors="replace")):
                dst = resolve(src, quote, name, [where.rstrip("/")])
                if dst is None:
                    continue
                if dst.startswith(where):
                    other = dst[len(where):].split("/", 1)[0]
                    if other != me:
                        comp_edges.setdefault(me, {}).setdefault(other, "%s -> %s" % (src, dst))
                elif not any(dst == a or (a.endswith("/") and dst.startswith(a))
                             for a in allowed):
                    problems.append("%s: a domain program includes the hypervisor's %s"
                                    % (src, dst))
        for a in sorted(comp_edges):
            for b in sorted(comp_edges[a]):
                if a < b and a in comp_edges.get(b, {}):
                    problems.append("domain program parts %s and %s include each other "
                                    "(%s; %s)" % (a, b, comp_edges[a][b], comp_edges[b][a]))

    if verbose:
        for i, n in enumerate(names):
            below = sorted(names[j] for (a, j) in edges if a == i)
            print("%-12s uses %s" % (n, ", ".join(below) if below else "nothing"))
    for p in problems:
        print(p)
    print("layers: %d files, %d layers (%s), %d problem(s)"
          % (files, len(layers), " < ".join(names), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
