"""The generated corpus (vnsearch-gen), kept between runs by size and seed, and the facets
vnsearch extracts from it (vnsearch-index --extract-only), which every system then uses."""

import hashlib
import json
import shutil
from pathlib import Path

from .procs import BenchError, run_measured


def _stamp_ok(stamp, expected):
    return stamp.exists() and stamp.read_text() == expected


def ensure_corpus(gen, work, docs, seed, want_txt, log):
    """The JSON Lines corpus (and the .txt copy when asked), generated once per size/seed."""
    folder = Path(work) / f"corpus-{docs}-seed{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    jsonl, txt = folder / "gen.jsonl", folder / "txt"
    key = f"docs={docs} seed={seed}\n"
    have_jsonl = jsonl.exists() and _stamp_ok(folder / "gen.ok", key)
    have_txt = txt.is_dir() and _stamp_ok(folder / "txt.ok", key)
    info = {"folder": str(folder), "reused": have_jsonl and (have_txt or not want_txt)}
    if not info["reused"]:
        for stamp in ("gen.ok", "txt.ok"):
            (folder / stamp).unlink(missing_ok=True)
        if txt.exists():
            shutil.rmtree(txt)
        cmd = [gen, "--docs", docs, "--seed", seed, "--out", jsonl]
        if want_txt:
            cmd += ["--txt-dir", txt]
        log(f"generating {docs} documents (seed {seed}) into {folder}")
        with open(folder / "gen.log", "wb") as err:
            m = run_measured(cmd, stderr=err, what="vnsearch-gen")
        info["generate_seconds"] = round(m.seconds, 2)
        (folder / "gen.ok").write_text(key)
        if want_txt:
            (folder / "txt.ok").write_text(key)
    info["jsonl"] = str(jsonl)
    info["jsonl_bytes"] = jsonl.stat().st_size
    info["txt"] = str(txt) if want_txt else None
    return info


def _file_digest(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(str(p).encode())
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def ensure_extract(indexer, data_dir, jsonl, log):
    """Facets of every document as vnsearch extracts them, in the corpus's order.

    Redone when the indexer binary or data/ changes (the extractor may have changed)."""
    jsonl = Path(jsonl)
    out = jsonl.with_name(jsonl.stem + ".extract.jsonl")
    stamp = out.with_suffix(".ok")
    key = _file_digest([indexer] + sorted(Path(data_dir).glob("*"))) + "\n"
    if out.exists() and _stamp_ok(stamp, key):
        return {"path": str(out), "reused": True}
    stamp.unlink(missing_ok=True)
    log(f"extracting facets with vnsearch-index --extract-only ({jsonl.name})")
    with open(out, "wb") as f:
        m = run_measured([indexer, "--extract-only", "--quiet", jsonl], stdout=f,
                         what="vnsearch-index --extract-only")
    _put_in_corpus_order(jsonl, out)
    stamp.write_text(key)
    return {"path": str(out), "reused": False, "seconds": round(m.seconds, 2)}


def corpus_ids(jsonl):
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["id"]


def _put_in_corpus_order(jsonl, extract):
    """The FTS5 loader reads both files side by side: make sure their lines pair up."""
    with open(extract, encoding="utf-8") as f:
        extracted = [json.loads(line)["id"] for line in f]
    ids = list(corpus_ids(jsonl))
    if extracted == ids:
        return
    if sorted(extracted) != sorted(ids):
        raise BenchError(f"{extract} does not hold exactly the documents of {jsonl}")
    records = {}
    with open(extract, encoding="utf-8") as f:
        for line in f:
            records[json.loads(line)["id"]] = line
    with open(extract, "w", encoding="utf-8") as f:
        for i in ids:
            f.write(records[i])


def facets_of(record):
    """The four facets FTS5 stores, from one line of --extract-only output."""
    return {
        "province": record.get("province") or None,
        "year": record.get("year") or None,
        "date": record.get("date") or None,
        "carriers": list(record.get("carriers") or []),
        "pillars": list(record.get("pillars") or []),
    }
