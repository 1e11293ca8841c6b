"""HTTP load with wrk against the real server: requests/s, latency percentiles, errors."""

import re
import subprocess
from urllib.parse import quote

from .procs import BenchError

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse_wrk(out):
    """The figures of `wrk --latency` output."""
    r = {"requests_per_second": None, "requests": None, "latency_ms": {}, "errors": 0,
         "error_detail": {}}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        r["requests_per_second"] = float(m.group(1))
    m = re.search(r"(\d+) requests in", out)
    if m:
        r["requests"] = int(m.group(1))
    dist = out.split("Latency Distribution", 1)
    if len(dist) == 2:
        for pct, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", dist[1], re.M):
            r["latency_ms"][f"p{pct}"] = _ms(value)
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    if m:
        r["latency_ms"]["mean"] = _ms(m.group(1))
        r["latency_ms"]["max"] = _ms(m.group(3))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        for k, v in zip(("connect", "read", "write", "timeout"), m.groups()):
            r["error_detail"][k] = int(v)
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        r["error_detail"]["non_2xx"] = int(m.group(1))
    r["errors"] = sum(r["error_detail"].values())
    if r["requests_per_second"] is None or "p99" not in r["latency_ms"]:
        raise BenchError("could not read wrk's output:\n" + out)
    return r


def search_path(params):
    """/api/search?... with every parameter percent-encoded."""
    parts = []
    for key, values in params.items():
        for v in values if isinstance(values, list) else [values]:
            parts.append(f"{key}={quote(str(v), safe='')}")
    return "/api/search?" + "&".join(parts)


def run_wrk(wrk, port, path, connections, seconds, timeout_s=30):
    """One wrk run on 127.0.0.1; two threads (one when there is a single connection)."""
    threads = min(2, connections)
    cmd = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout",
           f"{timeout_s}s", "--latency", f"http://127.0.0.1:{port}{path}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    r = parse_wrk(done.stdout)
    r.update({"connections": connections, "threads": threads, "seconds": seconds})
    return r
