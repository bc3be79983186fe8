#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check.py: run mhv's tests and print one summary line.

    tests/check.py [--unit BIN...] [--qemu DIR] [--fuzz BIN... [--fuzz-time S]]
                   [--commands DIR] [-j N] [-k GLOB]...

--unit runs each cmocka binary and counts its tests from cmocka's own result
lines; a binary that crashes or exits non-zero without naming a failed test
counts as one more failure.  --qemu runs every DIR/*.test through
tools/mhv-run (format: tests/qemu/README.md), two at a time by default.
--fuzz runs each libFuzzer binary build/fuzz/fuzz_T for --fuzz-time seconds
(default 10): first its checked-in corpus tests/fuzz/corpus/T/ (seeds and
every past crash, so a regression fails here), then new inputs; new corpus
entries go to build/fuzz/corpus/T/, a crashing input to build/fuzz/artifacts/.
Each fuzzer counts as one test: it passes when libFuzzer exits 0.
--commands runs each DIR/*.py (tests/commands/: the README's commands, run
as a person runs them) with this Python; each is one test, passing when it
exits 0; a failing one names what broke on a line "FAIL: WHY".

Every test's output is kept in build/test-logs/ (unit-BIN.log, NAME.log,
fuzz-BIN.log, cmd-NAME.log).
The last line printed is always `N passed, M failed` (`, K skipped` is added
when tests were skipped), after the list of failures with their log paths.
The exit status is 1 if anything failed, 2 for bad usage.  Python 3 standard
library only.  Nothing here depends on how fast the machine is: a QEMU test
is judged by its console output and exit status, and its timeout only stops
a hung machine.
"""

import argparse
import concurrent.futures
import fnmatch
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

SRCTREE = Path(__file__).resolve().parent.parent
RUNNER = SRCTREE / "tools" / "mhv-run"
DEFAULT_TIMEOUT = 180          # seconds, per QEMU test, before scaling
UNIT_TIMEOUT = 600             # seconds, per unit-test binary
GRACE = 60                     # beyond a QEMU test's timeout before we kill mhv-run

# mhv-run's own statuses, for readable failure messages.
STATUS_NAMES = {0: "clean shutdown", 3: "hypervisor panic", 4: "machine reset",
                124: "timeout", 125: "QEMU did not start", 130: "interrupted"}

ANSI_RE = re.compile(r"\x1b(\[[0-9;?=]*[A-Za-z]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78cDEHM])")

_print_lock = threading.Lock()


def say(msg):
    with _print_lock:
        sys.stdout.write(msg + "\n")
        sys.stdout.flush()


class Result:
    """Outcome of one unit binary or one QEMU test."""

    def __init__(self, kind, name, log):
        self.kind, self.name, self.log = kind, name, log
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []      # one line per failure: what went wrong
        self.seconds = 0.0
        self.note = ""          # shown after PASS (fuzzers: how many runs)

    def fail(self, why):
        self.failures.append(why)


def status_text(code):
    name = STATUS_NAMES.get(code)
    return "%d (%s)" % (code, name) if name else str(code)


def rel(path):
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------ unit tests

PASSED_RE = re.compile(r"^\[  PASSED  \] (\d+) test\(s\)\.")
FAILED_N_RE = re.compile(r"^\[  FAILED  \] (\d+) test\(s\), listed below:")
SKIPPED_N_RE = re.compile(r"^\[  SKIPPED \] (\d+) test\(s\), listed below:")
FAILED_NAME_RE = re.compile(r"^\[  FAILED  \] (.+)$")


def parse_cmocka(text):
    """Return (passed, failed, skipped, failed test names) from cmocka's output.

    A binary may run several groups; their counts add up.
    """
    passed = failed = skipped = 0
    names = []
    for line in text.splitlines():
        m = PASSED_RE.match(line)
        if m:
            passed += int(m.group(1))
            continue
        m = FAILED_N_RE.match(line)
        if m:
            failed += int(m.group(1))
            continue
        m = SKIPPED_N_RE.match(line)
        if m:
            skipped += int(m.group(1))
            continue
        m = FAILED_NAME_RE.match(line)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    return passed, failed, skipped, names


def assert_log(logdir):
    """Where the host harness notes every ASSERT that fires (assert_coverage.py)."""
    return logdir / "assert-fired.log"


def run_assert_coverage(logdir):
    """Every ASSERT site in the baseline fired in some unit test."""
    res = Result("unit", "assert-coverage", logdir / "unit-assert-coverage.log")
    t0 = time.monotonic()
    with open(res.log, "wb") as logf:
        rc = subprocess.call([sys.executable, str(SRCTREE / "tests" / "assert_coverage.py"),
                              "-v", str(assert_log(logdir))], stdout=logf,
                             stderr=subprocess.STDOUT, cwd=SRCTREE)
    res.seconds = time.monotonic() - t0
    text = res.log.read_text(errors="replace")
    first = text.splitlines()[0] if text else "no output"
    if rc:
        res.failed = 1
        res.fail(first + "; " + "; ".join(l.strip() for l in text.splitlines()
                                          if "STOPPED FIRING" in l))
    else:
        res.passed = 1
        res.note = first
    return res


def run_layers(logdir):
    """No file includes a header of a layer above its own (tests/layers.py)."""
    res = Result("lint", "layers", logdir / "lint-layers.log")
    t0 = time.monotonic()
    with open(res.log, "wb") as logf:
        rc = subprocess.call([sys.executable, str(SRCTREE / "tests" / "layers.py"), "-v"],
                             stdout=logf, stderr=subprocess.STDOUT, cwd=SRCTREE)
    res.seconds = time.monotonic() - t0
    lines = res.log.read_text(errors="replace").splitlines()
    last = lines[-1] if lines else "no output"
    if rc:
        res.failed = 1
        res.fail("; ".join(l for l in lines if not l.startswith(("layers:", " ")) and
                           " uses " not in l)[:2000] or last)
    else:
        res.passed = 1
        res.note = last
    return res


def run_unit(binary, logdir):
    name = Path(binary).name
    res = Result("unit", name, logdir / ("unit-%s.log" % name))
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="STDOUT",
               MHV_ASSERT_LOG=str(assert_log(logdir)))
    t0 = time.monotonic()
    with open(res.log, "wb") as logf:
        logf.write(("# %s\n" % binary).encode())
        logf.flush()
        try:
            proc = subprocess.Popen([str(binary)], stdin=subprocess.DEVNULL, stdout=logf,
                                    stderr=subprocess.STDOUT, cwd=SRCTREE, env=env,
                                    start_new_session=True)
        except OSError as e:
            res.fail("cannot run %s: %s" % (binary, e))
            res.failed = 1
            return res
        rc = wait_or_kill(proc, UNIT_TIMEOUT)
    res.seconds = time.monotonic() - t0
    text = res.log.read_text(errors="replace")
    res.passed, res.failed, res.skipped, names = parse_cmocka(text)
    for n in names:
        res.fail("test %s failed" % n)
    if rc is None:
        res.failed += 1
        res.fail("killed after %d s" % UNIT_TIMEOUT)
    elif rc < 0:
        res.failed += 1
        res.fail("crashed (signal %d)" % -rc)
    elif rc != 0 and res.failed == 0:
        res.failed += 1
        res.fail("exited with status %d (sanitizer report or crash?)" % rc)
    elif rc == 0 and res.passed + res.failed + res.skipped == 0 \
            and "[==========] Running" not in text:
        res.failed += 1
        res.fail("printed no cmocka result line")
    return res


def wait_or_kill(proc, timeout):
    """Wait for @proc (its own session); kill its whole group after @timeout.

    Returns the exit status, or None if it had to be killed.
    """
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except OSError:
                pass
            try:
                proc.wait(10)
                break
            except subprocess.TimeoutExpired:
                continue
        return None


# ------------------------------------------------------------------ fuzzers

FUZZ_DONE_RE = re.compile(r"^Done (\d+) runs in (\d+) second")
FUZZ_ARTIFACT_RE = re.compile(r"Test unit written to (\S+)")
FUZZ_WHY_RE = re.compile(r"(ERROR: \w+Sanitizer: .*|runtime error: .*|FUZZ CHECK FAILED.*|"
                         r"\(MHV\) .*|ERROR: libFuzzer: .*)")


def run_fuzz(binary, logdir, seconds):
    name = Path(binary).name
    target = name[len("fuzz_"):] if name.startswith("fuzz_") else name
    res = Result("fuzz", name, logdir / ("fuzz-%s.log" % name))
    seeds = SRCTREE / "tests" / "fuzz" / "corpus" / target
    work = SRCTREE / "build" / "fuzz" / "corpus" / target
    arts = SRCTREE / "build" / "fuzz" / "artifacts"
    work.mkdir(parents=True, exist_ok=True)
    arts.mkdir(parents=True, exist_ok=True)
    cmd = [str(binary), "-max_total_time=%d" % seconds, "-timeout=25",
           "-rss_limit_mb=2048", "-print_final_stats=1",
           "-artifact_prefix=%s/%s-" % (arts, target), str(work)]
    if seeds.is_dir():
        cmd.append(str(seeds))
    t0 = time.monotonic()
    with open(res.log, "wb") as logf:
        logf.write(("# %s\n" % " ".join(shlex.quote(c) for c in cmd)).encode())
        logf.flush()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=logf,
                                    stderr=subprocess.STDOUT, cwd=SRCTREE,
                                    start_new_session=True)
        except OSError as e:
            res.fail("cannot run %s: %s" % (binary, e))
            res.failed = 1
            return res
        rc = wait_or_kill(proc, seconds + 300)
    res.seconds = time.monotonic() - t0
    text = res.log.read_text(errors="replace")
    runs = [int(m.group(1)) for m in map(FUZZ_DONE_RE.match, text.splitlines()) if m]
    res.note = "%d runs" % runs[-1] if runs else ""
    if rc == 0 and runs:
        res.passed = 1
        return res
    res.failed = 1
    why = FUZZ_WHY_RE.search(text)
    art = FUZZ_ARTIFACT_RE.search(text)
    if rc is None:
        res.fail("killed after %d s" % (seconds + 300))
    elif why:
        res.fail(why.group(1).strip()[:160])
    else:
        res.fail("exited with status %d" % rc)
    if art:
        res.fail("input: %s (add it to %s/ once fixed)" % (rel(art.group(1)), rel(seeds)))
    return res


# ------------------------------------------------------------------ command tests

COMMAND_TIMEOUT = 1800          # seconds, per command test: only stops a hang


def run_command_test(script, logdir):
    """One tests/commands/NAME.py: its output is the log, status 0 passes."""
    name = Path(script).stem
    res = Result("cmd", name, logdir / ("cmd-%s.log" % name))
    t0 = time.monotonic()
    with open(res.log, "wb") as logf:
        logf.write(("# %s %s\n" % (sys.executable, script)).encode())
        logf.flush()
        try:
            proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.DEVNULL,
                                    stdout=logf, stderr=subprocess.STDOUT, cwd=SRCTREE,
                                    start_new_session=True)
        except OSError as e:
            res.fail("cannot run %s: %s" % (script, e))
            res.failed = 1
            return res
        rc = wait_or_kill(proc, COMMAND_TIMEOUT)
    res.seconds = time.monotonic() - t0
    text = res.log.read_text(errors="replace")
    why = [l[len("FAIL: "):] for l in text.splitlines() if l.startswith("FAIL: ")]
    if rc == 0 and not why:
        res.passed = 1
        return res
    res.failed = 1
    if rc is None:
        res.fail("killed after %d s" % COMMAND_TIMEOUT)
    res.fail(why[-1] if why else "exited with status %d" % rc)
    return res


# ------------------------------------------------------------------ QEMU tests

class TestDef:
    """A parsed tests/qemu/*.test file (format in tests/qemu/README.md)."""

    KEYS = ("description", "args", "timeout", "exit", "expect", "reject", "script", "skip",
            "pcap-expect", "pcap-reject",
            "qmp", "qmp-expect", "expect-any", "max-matches", "type")

    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.stem
        self.description = ""
        self.args = []
        self.timeout = DEFAULT_TIMEOUT
        self.exit = 0
        self.expect = []        # [(source line, regex)]
        self.reject = []
        self.pcap_expect = []   # regexes on the decoded wire capture
        self.pcap_reject = []
        self.script = None
        self.skip = None
        self.qmp = []           # --qmp-at directives for mhv-run
        self.type = []          # --type-at directives for mhv-run
        self.qmp_expect = []    # [(source, regex)] on mhv-run's "qmp:" lines
        self.expect_any = []    # [(source, regex)]: somewhere, in any order
        self.max_matches = []   # [(source, regex, N)]: at most N lines match
        self._parse()

    def _parse(self):
        for no, raw in enumerate(self.path.read_text().splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            where = "%s:%d" % (self.path, no)
            if not sep or key not in self.KEYS:
                raise ValueError("%s: expected 'key: value' with key one of %s"
                                 % (where, ", ".join(self.KEYS)))
            if key == "description":
                self.description = value
            elif key == "args":
                try:
                    self.args += shlex.split(value)
                except ValueError as e:
                    raise ValueError("%s: args: %s" % (where, e))
            elif key in ("timeout", "exit"):
                try:
                    n = int(value, 0)
                except ValueError:
                    raise ValueError("%s: %s: not a number: %r" % (where, key, value))
                if key == "timeout" and n <= 0:
                    raise ValueError("%s: timeout must be positive" % where)
                setattr(self, key, n)
            elif key == "qmp":
                if "=>" not in value:
                    raise ValueError("%s: qmp: want 'REGEX => ACTION [; ACTION]...'" % where)
                self.qmp.append(value)
            elif key == "type":
                if "=>" not in value:
                    raise ValueError("%s: type: want 'REGEX => TEXT'" % where)
                self.type.append(value)
            elif key == "qmp-expect":
                try:
                    self.qmp_expect.append((value, re.compile(value)))
                except re.error as e:
                    raise ValueError("%s: bad regex %r: %s" % (where, value, e))
            elif key == "expect-any":
                try:
                    self.expect_any.append((value, re.compile(value)))
                except re.error as e:
                    raise ValueError("%s: bad regex %r: %s" % (where, value, e))
            elif key == "max-matches":
                n, _, rx = value.partition(" ")
                try:
                    self.max_matches.append((rx.strip(), re.compile(rx.strip()), int(n, 0)))
                except (re.error, ValueError) as e:
                    raise ValueError("%s: max-matches: want 'N REGEX': %s" % (where, e))
            elif key in ("expect", "reject", "pcap-expect", "pcap-reject"):
                try:
                    getattr(self, key.replace("-", "_")).append((value, re.compile(value)))
                except re.error as e:
                    raise ValueError("%s: bad regex %r: %s" % (where, value, e))
            elif key == "script":
                self.script = (self.path.parent / value).resolve()
                if not self.script.is_file():
                    raise ValueError("%s: script %s not found" % (where, self.script))
            elif key == "skip":
                self.skip = value or "skipped"


def console_lines(text):
    """Split console output into clean lines: no ANSI escapes, no CR."""
    out = []
    for line in text.split("\n"):
        line = ANSI_RE.sub("", line.rstrip("\r"))
        if "\r" in line:        # a carriage return mid-line: what remains visible
            line = [s for s in line.split("\r") if s][-1:] or [""]
            line = line[0]
        out.append(line)
    return out


def match_lines(expect, reject, lines, what):
    """Problems of @lines against ordered @expect and forbidden @reject."""
    problems = []
    pos = 0
    for src, rx in expect:
        for i in range(pos, len(lines)):
            if rx.search(lines[i]):
                pos = i + 1
                break
        else:
            after = " after %s line %d" % (what, pos) if pos else ""
            problems.append("expected %s line /%s/ not found%s" % (what, src, after))
            break
    for src, rx in reject:
        for i, line in enumerate(lines):
            if rx.search(line):
                problems.append("forbidden /%s/ on %s line %d: %s"
                                % (src, what, i + 1, line.strip()[:120]))
                break
    return problems


QMP_LINE_PREFIX = "mhv-run: qmp: "


def judge_qmp(test, runner_out):
    """Problems with the QMP transcript: a FAILED action, a qmp-expect: line
    missing (in order, like expect:)."""
    lines = [l[len(QMP_LINE_PREFIX):] for l in runner_out.splitlines()
             if l.startswith(QMP_LINE_PREFIX)]
    problems = ["QMP action failed: %s" % l for l in lines if " FAILED" in l][:1]
    pos = 0
    for src, rx in test.qmp_expect:
        for i in range(pos, len(lines)):
            if rx.search(lines[i]):
                pos = i + 1
                break
        else:
            problems.append("expected QMP line /%s/ not found" % src)
            break
    return problems


def judge(test, lines, status):
    """Return the list of problems with a finished run (empty: it passed)."""
    problems = []
    if status != test.exit:
        problems.append("exit status %s, expected %s"
                        % (status_text(status), status_text(test.exit)))
    problems += match_lines(test.expect, test.reject, lines, "console")
    for src, rx in test.expect_any:
        if not any(rx.search(line) for line in lines):
            problems.append("expected line /%s/ not found anywhere" % src)
    for src, rx, most in test.max_matches:
        n = sum(1 for line in lines if rx.search(line))
        if n > most:
            problems.append("%d console lines match /%s/, at most %d allowed"
                            % (n, src, most))
    return problems


def decode_pcap(path):
    """(tool, lines, error) for a capture: tcpdump if installed, else
    tools/pcap-decode (the same line format for what the tests match)."""
    if not path.is_file():
        return None, [], "no capture file %s" % rel(path)
    tcpdump = shutil.which("tcpdump")
    cmd = ([tcpdump, "-nn", "-e", "-r", str(path)] if tcpdump
           else [sys.executable, str(SRCTREE / "tools" / "pcap-decode"), str(path)])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tool = "tcpdump" if tcpdump else "tools/pcap-decode (tcpdump not installed)"
    if r.returncode != 0:
        return tool, [], "%s failed: %s" % (tool, r.stderr.decode(errors="replace").strip())
    return tool, r.stdout.decode(errors="replace").splitlines(), None


def run_qemu_test(test, logdir, scale):
    res = Result("qemu", test.name, logdir / ("%s.log" % test.name))
    timeout = max(1, int(test.timeout * scale))
    args, extra = test.args, []
    if "--" in args:                    # extra QEMU arguments stay last
        i = args.index("--")
        args, extra = args[:i], args[i:]
    cmd = [sys.executable, str(RUNNER), "-v", "--timeout", str(timeout)] + args
    if test.script:
        cmd += ["--script", str(test.script)]
    for q in test.qmp:
        cmd += ["--qmp-at", q]
    for t in test.type:
        cmd += ["--type-at", t]
    pcap = logdir / ("%s.pcap" % test.name)
    if test.pcap_expect or test.pcap_reject:
        if pcap.exists():
            pcap.unlink()
        cmd += ["--pcap", str(pcap)]
    cmd += extra
    errlog = logdir / ("%s.stderr" % test.name)
    t0 = time.monotonic()
    with open(res.log, "wb") as out, open(errlog, "wb") as err:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    cwd=SRCTREE, start_new_session=True)
            status = wait_or_kill(proc, timeout + GRACE)
        except OSError as e:
            status = None
            err.write(("check.py: cannot run %s: %s\n" % (RUNNER, e)).encode())
    res.seconds = time.monotonic() - t0
    console = res.log.read_text(errors="replace")
    runner_out = errlog.read_text(errors="replace")
    errlog.unlink()
    # The log: console output first, then what mhv-run (and QEMU) said.
    with open(res.log, "a") as f:
        f.write("\n---- %s: %s\n" % (test.name, " ".join(shlex.quote(c) for c in cmd[1:])))
        f.write("---- mhv-run and QEMU messages:\n%s" % runner_out)
        f.write("---- status %s after %.1f s\n"
                % ("killed" if status is None else status_text(status), res.seconds))
    if status is None:
        problems = ["mhv-run did not return within %d s; killed" % (timeout + GRACE)]
    else:
        problems = judge(test, console_lines(console), status) + \
            judge_qmp(test, runner_out)
        if test.pcap_expect or test.pcap_reject:
            tool, wire, err = decode_pcap(pcap)
            with open(res.log, "a") as f:
                f.write("---- the wire (%s, read by %s):\n%s\n"
                        % (rel(pcap), tool, "\n".join(wire)))
            problems += [err] if err else match_lines(test.pcap_expect,
                                                      test.pcap_reject, wire, "pcap")
    if problems:
        res.failed = 1
        if status not in (None, test.exit, 0, 3):
            last = [l for l in runner_out.splitlines() if l.startswith("mhv-run:")
                    and not l.startswith("mhv-run: running:")]
            if last:
                problems.append(last[-1])
        res.failures = problems
        with open(res.log, "a") as f:
            f.write("".join("---- FAIL: %s\n" % p for p in problems))
    else:
        res.passed = 1
        with open(res.log, "a") as f:
            f.write("---- PASS\n")
    return res


# ------------------------------------------------------------------ main

def selected(name, patterns):
    return not patterns or any(fnmatch.fnmatch(name, p) for p in patterns)


def main(argv):
    p = argparse.ArgumentParser(prog="check.py", description="Run mhv's tests.")
    p.add_argument("--unit", nargs="*", default=[], metavar="BIN",
                   help="cmocka test binaries to run")
    p.add_argument("--qemu", metavar="DIR", help="run the QEMU tests DIR/*.test")
    p.add_argument("--fuzz", nargs="*", default=[], metavar="BIN",
                   help="libFuzzer binaries build/fuzz/fuzz_T to run (corpus tests/fuzz/corpus/T)")
    p.add_argument("--fuzz-time", type=int, default=10, metavar="S",
                   help="seconds each fuzzer runs (default 10)")
    p.add_argument("--commands", metavar="DIR",
                   help="run the command tests DIR/*.py (the README's commands)")
    p.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("MHV_TEST_JOBS", 2)),
                   help="tests run at once (default 2, or $MHV_TEST_JOBS)")
    p.add_argument("-k", metavar="GLOB", action="append", default=[],
                   help="only tests whose name matches GLOB (may be repeated)")
    p.add_argument("--log-dir", default=str(SRCTREE / "build" / "test-logs"),
                   help="where logs go (default build/test-logs)")
    p.add_argument("--timeout-scale", type=float,
                   default=float(os.environ.get("MHV_TEST_TIMEOUT_SCALE", 1)),
                   help="multiply every QEMU test's timeout ($MHV_TEST_TIMEOUT_SCALE)")
    p.add_argument("--layers", action="store_true",
                   help="check the layering of the includes (tests/layers.py)")
    p.add_argument("--list", action="store_true", help="list the selected tests and exit")
    args = p.parse_args(argv)
    if args.jobs < 1 or args.timeout_scale <= 0 or args.fuzz_time < 1:
        p.error("-j, --timeout-scale and --fuzz-time must be positive")

    logdir = Path(args.log_dir)
    logdir.mkdir(parents=True, exist_ok=True)
    results = []
    jobs = []

    if args.layers and selected("layers", args.k):
        jobs.append(("lint", "layers", lambda: run_layers(logdir)))

    for b in args.unit:
        if selected(Path(b).name, args.k):
            jobs.append(("unit", Path(b).name, lambda b=b: run_unit(b, logdir)))

    for b in args.fuzz:
        if selected(Path(b).name, args.k):
            jobs.append(("fuzz", Path(b).name,
                         lambda b=b: run_fuzz(b, logdir, args.fuzz_time)))

    if args.commands:
        cdir = Path(args.commands)
        if not cdir.is_dir():
            p.error("--commands: %s is not a directory" % cdir)
        for path in sorted(cdir.glob("*.py")):
            if path.stem.isidentifier():
                continue        # a module the tests import (cmdtest.py), not a test
            if selected(path.stem, args.k):
                jobs.append(("cmd", path.stem,
                             lambda path=path: run_command_test(path, logdir)))

    if args.qemu:
        qdir = Path(args.qemu)
        if not qdir.is_dir():
            p.error("--qemu: %s is not a directory" % qdir)
        for path in sorted(qdir.glob("*.test")):
            if not selected(path.stem, args.k):
                continue
            try:
                t = TestDef(path)
            except (ValueError, OSError) as e:
                r = Result("qemu", path.stem, path)
                r.failed = 1
                r.fail("bad test file: %s" % e)
                results.append(r)
                say("FAIL  qemu %-28s bad test file: %s" % (path.stem, e))
                continue
            if t.skip:
                r = Result("qemu", t.name, path)
                r.skipped = 1
                results.append(r)
                say("SKIP  qemu %-28s %s" % (t.name, t.skip))
                continue
            jobs.append(("qemu", t.name,
                         lambda t=t: run_qemu_test(t, logdir, args.timeout_scale)))

    if args.list:
        for kind, name, _ in jobs:
            print("%s %s" % (kind, name))
        return 0

    def run(job):
        kind, name, fn = job
        r = fn()
        if r.failed:
            say("FAIL  %s %-28s (%5.1f s) %s" % (kind, name, r.seconds,
                                                 r.failures[0] if r.failures else ""))
        else:
            if kind in ("qemu", "cmd"):
                extra = ""
            elif kind in ("fuzz", "lint"):
                extra = " " + r.note if r.note else ""
            else:
                extra = " %d passed%s" % (
                    r.passed, ", %d skipped" % r.skipped if r.skipped else "")
            say("PASS  %s %-28s (%5.1f s)%s" % (kind, name, r.seconds, extra))
        return r

    if args.unit:
        assert_log(logdir).unlink(missing_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results += list(pool.map(run, jobs))
    # The ASSERT coverage needs every unit test's part: only on a full run.
    if args.unit and not args.k:
        r = run_assert_coverage(logdir)
        results.append(r)
        say("%s  unit %-28s (%5.1f s) %s" % ("FAIL" if r.failed else "PASS",
                                           "assert-coverage", r.seconds,
                                           r.failures[0] if r.failed else r.note))

    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    bad = [r for r in results if r.failed]
    if bad:
        say("")
        say("Failures:")
        for r in bad:
            say("  %s %s (log: %s)" % (r.kind, r.name, rel(r.log)))
            for why in r.failures:
                say("      %s" % why)
    say("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
