# SPDX-License-Identifier: GPL-2.0
"""cmdtest: what the tests of the README's commands share (tests/commands/).

Each tests/commands/*.py is one test that runs commands the way the README
shows them and checks what they promise.  It exits 0 when everything held;
on the first broken promise it prints one line "FAIL: WHY" and exits 1
(tests/check.py shows that line).  Everything it ran, and every byte a
command printed, goes to its standard output, which check.py keeps as the
log.  Python 3 standard library only.

    Session(argv)       a command on a pseudo-terminal, as a person runs it
                        in a terminal: expect() what it prints, type() lines
    run(argv)           a command with its output captured
    shared_tree()       the lock around make in the shared source tree
    clean_env()         the environment of a person's shell (no make state)

Nothing here depends on the machine's speed: every wait ends on what a
command prints, or on its exit; the timeouts only stop a hung command.
"""

import contextlib
import fcntl
import os
import pty
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

SRCTREE = Path(__file__).resolve().parent.parent.parent
BUILD = SRCTREE / "build"

# A wait longer than this means the command hangs (TCG on a loaded host can
# be very slow; no test passes or fails on speed).
HANG = 900

ANSI_RE = re.compile(r"\x1b(\[[0-9;?=]*[A-Za-z]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>78cDEHM])")


class Failure(Exception):
    """A promise the README makes did not hold."""


def log(msg):
    sys.stdout.write("cmdtest: %s\n" % msg)
    sys.stdout.flush()


def check(cond, why):
    if not cond:
        raise Failure(why)


def main(fn):
    """Run a test's body: exit 0, or print "FAIL: WHY" and exit 1."""
    # A runner that stops us (check.py on its timeout) gets the commands
    # we started stopped too: they run in sessions of their own.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: stopped by SIGTERM"))
    try:
        fn()
    except Failure as e:
        sys.stdout.write("FAIL: %s\n" % e)
        sys.exit(1)
    sys.stdout.write("PASS\n")
    sys.exit(0)


def clean_env(**extra):
    """The environment a person's shell has: no state of a make that runs
    this test (jobserver, MAKELEVEL, the exported MHV_BUILD)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
                        "MHV_BUILD", "KCONFIG_CONFIG", "srctree")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


@contextlib.contextmanager
def shared_tree():
    """Held while a test runs make in the source tree's build/: two tests
    that build there at once would race on the same files."""
    BUILD.mkdir(exist_ok=True)
    with open(BUILD / ".cmdtest.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def run(argv, cwd=SRCTREE, env=None, ok=(0,), timeout=HANG):
    """Run @argv, its output into the log; return (status, output)."""
    log("$ " + " ".join(shlex.quote(str(a)) for a in argv))
    try:
        r = subprocess.run([str(a) for a in argv], cwd=cwd, env=env or clean_env(),
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure("%s did not finish within %d s" % (argv[0], timeout))
    out = r.stdout.decode(errors="replace")
    sys.stdout.write(out)
    if not out.endswith("\n") and out:
        sys.stdout.write("\n")
    log("status %d" % r.returncode)
    if ok is not None and r.returncode not in ok:
        raise Failure("`%s` returned %d (expected %s)" % (
            " ".join(str(a) for a in argv), r.returncode, "/".join(map(str, ok))))
    return r.returncode, out


def clean(text):
    """Terminal output as a person reads it: no escape sequences, no CR."""
    out = []
    for line in ANSI_RE.sub("", text).split("\n"):
        line = line.rstrip("\r")
        if "\r" in line:        # a carriage return mid-line: what stays visible
            line = ([s for s in line.split("\r") if s] or [""])[-1]
        out.append(line)
    return "\n".join(out)


class Session:
    """@argv on a new pseudo-terminal (80x24, its own session, the pty its
    controlling terminal), as in a terminal window.  Everything it prints
    is copied to the log as it comes."""

    def __init__(self, argv, cwd=SRCTREE, env=None):
        self.argv = [str(a) for a in argv]
        log("$ " + " ".join(shlex.quote(a) for a in self.argv) + "    (on a pty)")
        env = env or clean_env()
        env.setdefault("TERM", "xterm")
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.chdir(cwd)
                os.execvpe(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.raw = b""
        self.pos = 0            # expect() searches the text after this point
        self.status = None

    def text(self):
        return clean(self.raw.decode(errors="replace"))

    def _read(self, timeout):
        """Read what is there within @timeout; False at EOF."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:         # EIO: the other side closed
            data = b""
        if not data:
            return False
        self.raw += data
        sys.stdout.write(data.decode(errors="replace"))
        sys.stdout.flush()
        return True

    def screen(self):
        """The text of a full-screen program: every escape sequence (a
        cursor move, a colour) becomes a line break, so that the words of
        different places of the screen do not run together."""
        return ANSI_RE.sub("\n", self.raw.decode(errors="replace")).replace("\r", "\n")

    def expect(self, regex, what, timeout=HANG, consume=True, screen=False):
        """Wait until @regex (a multi-line regex on the cleaned text) matches
        after the previous match; return the match.  @what names it in the
        failure message.  consume=False: the next search starts at this
        match's start, not its end (a prompt that the next answer begins
        with).  screen=True: search screen() instead of the text."""
        text = self.screen if screen else self.text
        rx = re.compile(regex, re.MULTILINE)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(text(), self.pos)
            if m:
                self.pos = m.end() if consume else m.start()
                log("seen: %s" % what)
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("%s: not seen within %d s (/%s/)" % (what, timeout, regex))
            if not self._read(min(left, 1.0)):
                self._reap()
                m = rx.search(text(), self.pos)
                if m:
                    self.pos = m.end() if consume else m.start()
                    return m
                raise Failure("%s: not seen; the command ended (status %s) (/%s/)"
                              % (what, self.status, regex))

    def type(self, keys):
        """Type @keys as a person would (Enter is "\\r")."""
        log("typing %r" % keys)
        os.write(self.fd, keys.encode())

    def signal(self, sig):
        """Send @sig to the command itself (not its session)."""
        log("sending signal %d" % sig)
        os.kill(self.pid, sig)

    def _reap(self):
        if self.status is None:
            _, st = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(st)

    def wait(self, timeout=HANG):
        """Read to the end; the exit status."""
        deadline = time.monotonic() + timeout
        while self._read(1.0):
            if time.monotonic() > deadline:
                self.kill()
                raise Failure("%s did not end within %d s" % (self.argv[0], timeout))
        self._reap()
        log("status %d" % self.status)
        return self.status

    def kill(self):
        """Stop the command and everything it started (its session)."""
        if self.status is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.pid, sig)
            except OSError:
                pass
            for _ in range(50):
                pid, st = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.status = os.waitstatus_to_exitcode(st)
                    return
                time.sleep(0.2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        try:
            os.close(self.fd)
        except OSError:
            pass
        return False
