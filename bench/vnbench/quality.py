"""Quality beside speed: the judged queries (bench/judged.tsv) over the sample corpus,
scored as MRR (first relevant result within the first 10) and success@1, in all and by kind
of query."""

import json
import re
import shutil
from pathlib import Path

from . import fts5
from .procs import BenchError, run_measured
from .queryset import tsv_rows

DATE_LINE = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s*")


def read_judged(path):
    """id, kind, query, relevant ids (comma-separated), note: tab-separated, # for
    comments."""
    out = []
    path = Path(path)
    for number, f in tsv_rows(path):
        if len(f) < 4:
            raise ValueError(f"{path}:{number}: expected id, kind, query, relevant ids [, note]")
        relevant = [r.strip() for r in f[3].split(",") if r.strip()]
        if not f[0].strip() or not f[1].strip() or not f[2].strip() or not relevant:
            raise ValueError(f"{path}:{number}: the id, the kind, the query and one relevant id "
                             "at least are required")
        out.append({"id": f[0].strip(), "kind": f[1].strip(), "query": f[2].strip(),
                    "relevant": relevant, "note": f[4].strip() if len(f) > 4 else ""})
    return out


def _mrr_s1(judged, ranks):
    n = len(judged)
    rr = [1.0 / ranks[j["id"]] if ranks[j["id"]] else 0.0 for j in judged]
    s1 = [1.0 if ranks[j["id"]] == 1 else 0.0 for j in judged]
    return {"mrr": sum(rr) / n, "success_at_1": sum(s1) / n, "queries": n}


def score(judged, answers):
    """MRR over the first 10 results and success@1, over all the queries and by kind of
    query; answers: id -> ranked ids."""
    ranks = {}
    for j in judged:
        ranked = answers.get(j["id"], [])[:10]
        ranks[j["id"]] = next((i + 1 for i, d in enumerate(ranked) if d in j["relevant"]), None)
    kinds = sorted({j["kind"] for j in judged})
    out = _mrr_s1(judged, ranks)
    out["by_kind"] = {k: _mrr_s1([j for j in judged if j["kind"] == k], ranks) for k in kinds}
    out["empty"] = sum(1 for j in judged if not answers.get(j["id"]))
    out["rank_of_first_relevant"] = ranks
    return out


def _sample_docs(extract, out):
    """id, title (as extracted) and the crawled text without its date line, for FTS5."""
    with open(extract, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            path = rec["source"]["path"]
            text = Path(path).read_text(encoding="utf-8")
            text = DATE_LINE.sub("", text, count=1)
            dst.write(json.dumps({"id": rec["id"], "title": rec.get("title") or "",
                                  "text": text}, ensure_ascii=False) + "\n")


def run_quality(tools, articles, judged_path, folder, log):
    """Indexes the sample articles with vnsearch and FTS5 and scores both (and plain Xapian,
    for reference) on the judged queries."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    judged = read_judged(judged_path)
    log(f"quality: {len(judged)} judged queries over {articles}")
    # Plain Xapian reads phrases from Xapian's own positions, kept only on request.
    indexes = {"vnsearch": folder / "index", "xapian": folder / "xapian-index"}
    for system, index in indexes.items():
        flags = ["--xapian-positions"] if system == "xapian" else []
        with open(folder / f"{index.name}.log", "wb") as err:
            run_measured([tools["indexer"], "--quiet", "--threads", "2", *flags, "--db", index,
                          articles], stderr=err, what="vnsearch-index (samples)")
    extract = folder / "extract.jsonl"
    with open(extract, "wb") as f:
        run_measured([tools["indexer"], "--extract-only", "--quiet", articles], stdout=f,
                     what="vnsearch-index --extract-only (samples)")
    docs = folder / "docs.jsonl"
    _sample_docs(extract, docs)
    db = folder / "fts5.db"
    fts5.build(db, docs, extract)

    queries = folder / "judged-queries.tsv"
    queries.write_text("".join(f"{j['id']}\t{j['kind']}\t{j['query']}\n" for j in judged),
                       encoding="utf-8")
    answers = {}
    for system in ("vnsearch", "xapian"):
        out = folder / f"{system}.json"
        run_measured([tools["driver"], "--system", system, "--db", indexes[system],
                      "--queries", queries,
                      "--warmup", "0", "--rounds", "1", "--out", out],
                     what=f"vnsearch-bench-query --system {system} (judged)")
        answers[system] = json.loads(out.read_text())
    # FTS5 twice: the query language mapped onto FTS5's (every word required), and every
    # word and phrase OR'ed, ranked by bm25, which finds something for a query no article
    # holds whole.
    answers["fts5"] = fts5.query(db, queries, warmup=0, rounds=1)
    answers["fts5_or"] = fts5.query(db, queries, warmup=0, rounds=1, mode="or")
    result = {}
    for system, data in answers.items():
        if data["errors"]:
            raise BenchError(f"quality: {system} failed on {data['errors']} judged queries")
        ranked = {q["id"]: q["top"] for q in data["queries"]}
        result[system] = score(judged, ranked)
        result[system]["top"] = ranked
    return result
