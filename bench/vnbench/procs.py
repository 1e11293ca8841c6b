"""Running programs and measuring what they cost: wall time and peak resident memory."""

import os
import re
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = Path("/usr/bin/time")


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class Measured:
    seconds: float
    max_rss_kb: int
    rss_source: str  # "/usr/bin/time -v" or "wait4"
    returncode: int


def run_measured(cmd, *, stdout=None, stderr=None, env=None, cwd=None, what=None):
    """Runs `cmd` to completion and returns its wall time and peak RSS.

    Peak RSS is "Maximum resident set size" of /usr/bin/time -v when that program exists,
    else ru_maxrss from wait4(2): the same kernel figure GNU time prints.
    """
    cmd = [str(c) for c in cmd]
    what = what or Path(cmd[0]).name
    stats = None
    if GNU_TIME.exists():
        stats = Path(f"/tmp/vnbench-time-{os.getpid()}-{time.monotonic_ns()}.txt")
        cmd = [str(GNU_TIME), "-v", "-o", str(stats)] + cmd
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss, source = usage.ru_maxrss, "wait4"
    if stats is not None:
        text = stats.read_text(errors="replace")
        stats.unlink(missing_ok=True)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        if m:
            rss, source = int(m.group(1)), "/usr/bin/time -v"
        m = re.search(r"Command exited with non-zero status (\d+)", text)
        if m:
            proc.returncode = int(m.group(1))
    if proc.returncode != 0:
        raise BenchError(f"{what} failed with exit status {proc.returncode}: {' '.join(cmd)}")
    return Measured(seconds, rss, source, proc.returncode)


def disk_usage(path):
    """Bytes a file or folder takes on disk (allocated blocks, as du counts them)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_blocks * 512
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(root, f)).st_blocks * 512
    return total


def tree_bytes(path, suffix=""):
    """Apparent size of the files under `path` (ending in `suffix`): the input size."""
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            if f.endswith(suffix):
                total += os.lstat(os.path.join(root, f)).st_size
    return total


def require_program(name, package):
    """The path of a program, or a BenchError naming the Debian package that has it."""
    found = shutil.which(name)
    if not found:
        raise BenchError(f"'{name}' is not installed (Debian package {package}; "
                         f"scripts/install-deps bench installs it), or skip this part")
    return found


class Server:
    """vnsearch-server on 127.0.0.1 and a port the kernel picks; stopped on exit."""

    def __init__(self, binary, db, threads, log):
        self.log = open(log, "wb")
        # All the load comes from one address, and wrk's runs follow each other at once: the
        # connections of a run the server has not yet seen closed would still count against
        # the 64 an address may hold (docs/security.md), and the next run at 64 would be
        # partly refused with 503. The benchmark measures queries, not that cap.
        self.proc = subprocess.Popen(
            [str(binary), "--db", str(db), "--host", "127.0.0.1", "--port", "0", "--quiet",
             "--threads", str(threads), "--max-connections-per-client", "4096"],
            stdout=subprocess.PIPE, stderr=self.log)
        self.port = self._read_port(timeout=120)

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 256)
                if not chunk:
                    break
                line += chunk
                m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", line)
                if m:
                    return int(m.group(1))
            elif self.proc.poll() is not None:
                break
        self.stop()
        raise BenchError(f"vnsearch-server did not start (see {self.log.name})")

    def memory_kb(self):
        """VmHWM (peak resident) and VmRSS of the server, in kB."""
        out = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = int(value.split()[0])
        return out

    def check_alive(self, when):
        """A BenchError naming how the server ended, if it has."""
        status = self.proc.poll()
        if status is not None:
            how = f"signal {-status}" if status < 0 else f"exit status {status}"
            raise BenchError(f"vnsearch-server died {when} ({how}; see {self.log.name})")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
