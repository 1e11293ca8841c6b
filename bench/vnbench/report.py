"""Summaries, the side-by-side markdown table, and the raw figures as JSON."""

import datetime
import json
import math
import os
import platform
import re
import subprocess
from pathlib import Path

SYSTEMS = [  # key, column title
    ("vnsearch", "vnsearch (library)"),
    ("http", "vnsearch (HTTP)"),
    ("fts5", "SQLite FTS5"),
    ("xapian", "plain Xapian"),
    ("omega", "Xapian Omega"),
]


def percentile(sorted_values, p):
    """Nearest-rank percentile of sorted values (p in 0..100)."""
    if not sorted_values:
        return None
    k = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[k - 1]


def latency_summary(result):
    """p50/p95/p99/mean over every timed run of every query, and queries per second."""
    samples = sorted(ms for q in result["queries"] for ms in q["ms"])
    repeat = sorted(ms for q in result["queries"] for ms in q.get("repeat_ms", []))
    by_kind = {}
    for q in result["queries"]:
        group = "browse" if not q["text"] else f"text, {q['filters']} filters"
        by_kind.setdefault(group, []).extend(q["ms"])
    total_ms = sum(samples)
    return {
        "samples": len(samples),
        "rounds": result["rounds"],
        "p50_ms": percentile(samples, 50),
        "p95_ms": percentile(samples, 95),
        "p99_ms": percentile(samples, 99),
        "mean_ms": total_ms / len(samples) if samples else None,
        "max_ms": samples[-1] if samples else None,
        "queries_per_second": len(samples) / (total_ms / 1000) if total_ms else None,
        "errors": result["errors"],
        # The same queries again, right after a pass: texts answered from vnsearch's match
        # cache (the library and HTTP only; the others keep no such cache).
        "repeat_p50_ms": percentile(repeat, 50),
        "repeat_p99_ms": percentile(repeat, 99),
        "p50_ms_by_group": {k: percentile(sorted(v), 50) for k, v in sorted(by_kind.items())},
        "p99_ms_by_group": {k: percentile(sorted(v), 99) for k, v in sorted(by_kind.items())},
    }


def views_table(views):
    """p50/p99 of each research view, from latency_summary()."""
    if not views:
        return ""
    rows = ["| view | queries timed | p50 ms | p99 ms | max ms |", "|---|---|---|---|---|"]
    for name, s in views.items():
        rows.append(f"| {name} | {s['samples']} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | "
                    f"{s['max_ms']:.1f} |")
    return "\n".join(rows)


def machine():
    """What the figures were measured on."""
    info = {"nproc": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            info["cpu_model"] = m.group(1).strip() if m else None
        with open("/proc/meminfo") as f:
            m = re.search(r"^MemTotal:\s*(\d+) kB", f.read(), re.M)
            info["memory_bytes"] = int(m.group(1)) * 1024 if m else None
    except OSError:
        pass
    return info


def load_average():
    """1, 5 and 15-minute load averages: was the machine busy with something else?"""
    try:
        with open("/proc/loadavg") as f:
            return [float(v) for v in f.read().split()[:3]]
    except OSError:
        return None


def git_revision(root):
    """The checked-out commit, read from .git without running git (the lead owns git). In a
    worktree, .git is a file naming the worktree's own folder (HEAD), whose `commondir`
    names the repository's (refs)."""
    git = Path(root) / ".git"
    try:
        common = git
        if git.is_file():
            line = git.read_text().strip()
            if not line.startswith("gitdir: "):
                return "unknown"
            git = (Path(root) / line[8:]).resolve()
            common = git
            if (git / "commondir").exists():
                common = (git / (git / "commondir").read_text().strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        for folder in (git, common):
            if (folder / ref).exists():
                return (folder / ref).read_text().strip()
        packed = common / "packed-refs"
        if packed.exists():
            for line in packed.read_text().splitlines():
                if line.endswith(" " + ref):
                    return line.split()[0]
    except OSError:
        pass
    return "unknown"


def tool_versions(tools):
    def first_line(cmd):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            text = (done.stdout or done.stderr).strip()
            return text.splitlines()[0] if text else None
        except (OSError, subprocess.TimeoutExpired):
            return None

    import sqlite3
    out = {"sqlite": sqlite3.sqlite_version}
    if tools.get("omindex"):
        out["omindex"] = first_line([tools["omindex"], "--version"])
    if tools.get("wrk"):
        out["wrk"] = first_line([tools["wrk"], "--version"])
    out["xapian"] = first_line(["xapian-config", "--version"])
    return out


def _fmt(v, digits=1):
    if v is None:
        return "—"
    if isinstance(v, float):
        if abs(v) >= 100:
            return f"{v:,.0f}"
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def _ratio(v, base, higher_is_better):
    """How many times better vnsearch is: above 1 means vnsearch wins."""
    if v is None or base is None or v == 0 or base == 0:
        return ""
    r = base / v if higher_is_better else v / base
    return f" ({r:.2g}×)" if r < 10 else f" ({r:.0f}×)"


def table(figures):
    """One markdown table, all systems side by side; in brackets, vnsearch's advantage
    (the other system's cost divided by vnsearch's, or vnsearch's rate divided by theirs)."""
    idx, lat, qual = figures.get("indexing", {}), figures.get("queries", {}), \
        figures.get("quality", {})
    rows = [
        ("index: wall time (s)", lambda s: idx.get(s, {}).get("seconds"), False, "vnsearch"),
        ("index: documents/s", lambda s: idx.get(s, {}).get("documents_per_second"), True,
         "vnsearch"),
        ("index: MB/s of input", lambda s: idx.get(s, {}).get("mb_per_second"), True,
         "vnsearch"),
        ("index: peak RSS (MB)", lambda s: _mb(idx.get(s, {}).get("max_rss_kb"), 1024), False,
         "vnsearch"),
        ("index: size on disk (MB)", lambda s: _mb(idx.get(s, {}).get("disk_bytes"), 1), False,
         "vnsearch"),
        ("query: p50 (ms)", lambda s: lat.get(s, {}).get("p50_ms"), False, "vnsearch"),
        ("query: p95 (ms)", lambda s: lat.get(s, {}).get("p95_ms"), False, "vnsearch"),
        ("query: p99 (ms)", lambda s: lat.get(s, {}).get("p99_ms"), False, "vnsearch"),
        ("query: mean (ms)", lambda s: lat.get(s, {}).get("mean_ms"), False, "vnsearch"),
        ("query: queries/s (one client)", lambda s: lat.get(s, {}).get("queries_per_second"),
         True, "vnsearch"),
        ("query: errors", lambda s: lat.get(s, {}).get("errors"), None, None),
        ("same text, page 2 (match cache): p50 (ms)",
         lambda s: lat.get(s, {}).get("repeat_p50_ms"), None, None),
        ("same text, page 2 (match cache): p99 (ms)",
         lambda s: lat.get(s, {}).get("repeat_p99_ms"), None, None),
        ("judged: MRR@10", lambda s: qual.get(s, {}).get("mrr"), None, None),
        ("judged: success@1", lambda s: qual.get(s, {}).get("success_at_1"), None, None),
    ]
    head = "| | " + " | ".join(title for _, title in SYSTEMS) + " |"
    lines = [head, "|---" * (len(SYSTEMS) + 1) + "|"]
    for label, get, higher, base_key in rows:
        base = get(base_key) if base_key else None
        cells = []
        for key, _ in SYSTEMS:
            v = get(key)
            digits = 3 if label.startswith("judged") else 1
            cell = _fmt(v, digits)
            if higher is not None and key != base_key and v is not None:
                cell += _ratio(v, base, higher)
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _mb(v, unit):
    return None if v is None else v * unit / 1e6


def load_table(load):
    if not load or not load.get("runs"):
        return ""
    lines = ["| query | connections | requests/s | p50 (ms) | p99 (ms) | errors |",
             "|---|---|---|---|---|---|"]
    for r in load["runs"]:
        lines.append(f"| {r['name']} | {r['connections']} | {_fmt(r['requests_per_second'])} | "
                     f"{_fmt(r['latency_ms'].get('p50'))} | {_fmt(r['latency_ms'].get('p99'))} | "
                     f"{r['errors']} |")
    mem = load.get("server_memory_kb", {})
    if mem:
        lines.append("")
        lines.append(f"Server peak resident memory (VmHWM): {mem.get('VmHWM', 0) / 1024:.0f} MiB; "
                     f"resident at the end (VmRSS): {mem.get('VmRSS', 0) / 1024:.0f} MiB.")
    return "\n".join(lines)


QUALITY_SYSTEMS = [  # key, column title
    ("vnsearch", "vnsearch"),
    ("fts5", "SQLite FTS5"),
    ("fts5_or", "SQLite FTS5, words OR'ed"),
    ("xapian", "plain Xapian"),
]


def quality_table(quality):
    """MRR@10 and success@1 on the judged queries, by kind of query, each system side by
    side; the last rows count the queries each system answered with nothing."""
    systems = [(k, t) for k, t in QUALITY_SYSTEMS if k in quality]
    if not systems:
        return ""
    kinds = sorted({k for key, _ in systems for k in quality[key].get("by_kind", {})})
    lines = ["| kind of query | queries | " + " | ".join(f"{t}: MRR / s@1" for _, t in systems) + " |",
             "|---" * (len(systems) + 2) + "|"]

    def row(label, get):
        cells = []
        for key, _ in systems:
            q = get(quality[key])
            cells.append("—" if not q else f"{q['mrr']:.3f} / {q['success_at_1']:.3f}")
        n = next((get(quality[key]) or {}).get("queries", "") for key, _ in systems)
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")

    for kind in kinds:
        row(kind, lambda q, k=kind: q.get("by_kind", {}).get(k))
    row("**all**", lambda q: q)
    lines.append("| empty answers | | " + " | ".join(str(quality[k].get("empty", "—")) for k, _ in systems) + " |")
    return "\n".join(lines)


def targets_table(figures):
    """The issue's targets beside what this run achieved."""
    idx, lat, qual = figures.get("indexing", {}), figures.get("queries", {}), \
        figures.get("quality", {})
    out = []

    def add(name, goal, achieved, met):
        out.append(f"| {name} | {goal} | {achieved} | "
                   f"{'—' if met is None else ('yes' if met else '**no**')} |")

    v, o = idx.get("vnsearch", {}), idx.get("omega", {})
    if v.get("documents_per_second") and o.get("documents_per_second"):
        r = v["documents_per_second"] / o["documents_per_second"]
        add("indexing speed vs omindex", "≥ 1.5× documents/s", f"{r:.2f}×", r >= 1.5)
    vq, fq, xq = lat.get("vnsearch", {}), lat.get("fts5", {}), lat.get("xapian", {})
    if vq.get("p99_ms") and fq.get("p99_ms"):
        r = fq["p99_ms"] / vq["p99_ms"]
        add("p99 with four multi-select facet counts vs FTS5", "≥ 20× faster", f"{r:.2f}×",
            r >= 20)
    if vq.get("p99_ms") and xq.get("p99_ms"):
        r = xq["p99_ms"] / vq["p99_ms"]
        add("p99 vs plain Xapian + ValueCountMatchSpy", "≥ 4× faster", f"{r:.2f}×", r >= 4)
    vm = qual.get("vnsearch", {})
    fts = [qual[k] for k in ("fts5", "fts5_or") if "mrr" in qual.get(k, {})]
    if "mrr" in vm and fts:
        best = max(f["mrr"] for f in fts)
        add("MRR on the judged set vs FTS5's best variant", "higher",
            f"{vm['mrr']:.3f} vs {best:.3f}", vm["mrr"] > best)
    mem = figures.get("load", {}).get("server_memory_kb", {})
    docs = figures.get("documents")
    if mem:
        note = f"{mem.get('VmHWM', 0) / 1024:.0f} MiB at {docs:,} documents"
        add("server resident memory at 1,000,000 documents", "< 300 MB", note,
            (mem.get("VmHWM", 0) * 1024 < 300e6) if docs and docs >= 1_000_000 else None)
    if not out:
        return ""
    return "\n".join(["| target | goal | achieved | met |", "|---|---|---|---|"] + out)


def _to_text(value, indent=0, width=400):
    """JSON with whatever fits in `width` characters on one line (one query a line)."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_to_text(v, indent + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + _to_text(v, indent + 1) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def write_json(figures, results_dir, revision):
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    day = datetime.date.today().isoformat()
    name = f"{day}-{revision[:10]}-{figures['documents']}docs.json"
    path = results_dir / name
    text = _to_text(figures)
    path.write_text(text + "\n", encoding="utf-8")
    return path
