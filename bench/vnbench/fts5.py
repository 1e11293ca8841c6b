"""The SQLite FTS5 baseline: the same documents and the same extracted facets, searched
with MATCH and counted with GROUP BY (one statement for the page, one per facet).

Run as a program so that its memory and time are its own:
  fts5.py build --db FILE --docs DOCS.jsonl --facets EXTRACT.jsonl
  fts5.py query --db FILE --queries queries.tsv [--rounds N --budget S] --out FILE
"""

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vnbench.queryset import read_query_set, split_phrases  # noqa: E402

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body,
                                     tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, date TEXT, province TEXT, year INTEGER);
CREATE TABLE doc_carrier(rowid INTEGER NOT NULL, carrier TEXT NOT NULL,
                         PRIMARY KEY (rowid, carrier)) WITHOUT ROWID;
CREATE TABLE doc_pillar(rowid INTEGER NOT NULL, pillar TEXT NOT NULL,
                        PRIMARY KEY (rowid, pillar)) WITHOUT ROWID;
"""
# A title word weighs four body words, as in vnsearch (schema::title_wdf).
RANK = "bm25(0.0, 4.0, 1.0)"
BATCH = 5000


def build(db, docs_path, facets_path):
    """Loads documents and facets in transactions of BATCH rows; returns the row count."""
    db = Path(db)
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db, isolation_level=None)
    con.executescript(SCHEMA)
    con.execute("INSERT INTO docs(docs, rank) VALUES ('rank', ?)", (RANK,))
    rows = 0
    with open(docs_path, encoding="utf-8") as docs, open(facets_path, encoding="utf-8") as facets:
        batch = []
        for doc_line, facet_line in zip(docs, facets):
            doc, rec = json.loads(doc_line), json.loads(facet_line)
            if doc["id"] != rec["id"]:
                raise SystemExit(f"fts5.py: {docs_path} and {facets_path} are not in the same "
                                 f"order ({doc['id']} beside {rec['id']})")
            rows += 1
            batch.append((rows, doc, rec))
            if len(batch) >= BATCH:
                _load(con, batch)
                batch = []
        _load(con, batch)
    con.execute("CREATE INDEX meta_date ON meta(date)")
    con.close()
    return rows


def _load(con, batch):
    if not batch:
        return
    con.execute("BEGIN")
    con.executemany("INSERT INTO docs(rowid, id, title, body) VALUES (?, ?, ?, ?)",
                    [(r, d["id"], d.get("title") or "", d.get("text") or "") for r, d, _ in batch])
    con.executemany("INSERT INTO meta(rowid, date, province, year) VALUES (?, ?, ?, ?)",
                    [(r, m.get("date") or None, m.get("province") or None, m.get("year") or None)
                     for r, _, m in batch])
    con.executemany("INSERT INTO doc_carrier(rowid, carrier) VALUES (?, ?)",
                    [(r, c) for r, _, m in batch for c in set(m.get("carriers") or [])])
    con.executemany("INSERT INTO doc_pillar(rowid, pillar) VALUES (?, ?)",
                    [(r, p) for r, _, m in batch for p in set(m.get("pillars") or [])])
    con.execute("COMMIT")


FIELDS = ("province:", "tinh:", "tỉnh:", "former:", "carrier:", "year:", "nam:", "năm:",
          "pillar:", "title:")


def _string(words):
    return '"' + words.replace('"', '""') + '"'


def _items(text):
    """The query language's items: ('(' | ')' | 'OR' | 'NOT', None) or ('term', FTS5 string),
    words and quoted phrases as FTS5 strings; field filters dropped (FTS5 has no such)."""
    items = []
    for words, phrase in split_phrases(text):
        if phrase:
            negated = items and items[-1] == ("neg", None)
            if negated:
                items[-1] = ("NOT", None)
            items.append(("term", _string(words)))
            continue
        word = words
        if word.lower().startswith(FIELDS):
            continue
        while word.startswith("("):
            items.append(("(", None))
            word = word[1:]
        closing = len(word) - len(word.rstrip(")"))
        word = word.rstrip(")")
        if word in ("OR", "HOẶC"):
            items.append(("OR", None))
        elif word in ("NOT", "KHÔNG"):
            items.append(("NOT", None))
        elif word == "-" and closing == 0:
            items.append(("neg", None))  # before a phrase: "-" then "phrase"
        elif word not in ("AND", "VÀ"):
            if word[:1] == "-" and len(word) > 1:
                items.append(("NOT", None))
                word = word[1:]
            word = word.lstrip("+")
            if any(ch.isalnum() for ch in word):
                items.append(("term", _string(word)))
        items.extend([(")", None)] * closing)
    return [i for i in items if i[0] != "neg"]


def fts_match(text, mode="and"):
    """The query as an FTS5 expression: the query language's words and phrases as strings,
    AND between them, with its OR, NOT, -exclusions and parentheses; with mode "or", every
    word and phrase OR'ed. None if no words."""
    items = _items(text)
    terms = [value for kind, value in items if kind == "term"]
    if not terms:
        return None
    if mode == "or":
        return " OR ".join(terms)
    out, depth, skip = [], 0, False
    for kind, value in items:
        prev = out[-1] if out else None
        operand_before = prev is not None and prev not in ("(", "OR", "NOT", "AND")
        if skip and kind == "term":  # what a NOT with nothing before it excludes
            skip = False
            continue
        skip = False
        if kind == "term":
            if operand_before:
                out.append("AND")
            out.append(value)
        elif kind == "(":
            if operand_before:
                out.append("AND")
            out.append("(")
            depth += 1
        elif kind == ")":
            if depth == 0:
                continue
            while out and out[-1] in ("OR", "NOT", "AND"):
                out.pop()
            if out and out[-1] == "(":
                out.pop()
            else:
                out.append(")")
            depth -= 1
        elif operand_before:  # OR, NOT: binary in FTS5, so only after an operand
            out.append(kind)
        elif kind == "NOT":
            skip = True
    while out and out[-1] in ("OR", "NOT", "AND", "("):
        if out.pop() == "(":
            depth -= 1
    out.extend([")"] * depth)
    return " ".join(out) if out else None


def _filters(q, skip=None):
    """SQL conditions and arguments for the query's facet filters, but not `skip`'s."""
    conds, args = [], []

    def marks(values):
        return ", ".join("?" * len(values))

    if q.provinces and skip != "province":
        conds.append(f"m.province IN ({marks(q.provinces)})")
        args += q.provinces
    if q.carriers and skip != "carrier":
        conds.append("EXISTS (SELECT 1 FROM doc_carrier c WHERE c.rowid = m.rowid AND "
                     f"c.carrier IN ({marks(q.carriers)}))")
        args += q.carriers
    if q.years and skip != "year":
        conds.append(f"m.year IN ({marks(q.years)})")
        args += q.years
    if q.pillars and skip != "pillar":
        conds.append("EXISTS (SELECT 1 FROM doc_pillar p WHERE p.rowid = m.rowid AND "
                     f"p.pillar IN ({marks(q.pillars)}))")
        args += q.pillars
    return conds, args


def _from(match):
    if match is None:
        return "meta m", [], []
    return "docs JOIN meta m ON m.rowid = docs.rowid", ["docs MATCH ?"], [match]


def statements(q, per_page=10, mode="and"):
    """The five statements of one query: the page, then province, carrier, year and pillar
    counts, each facet's counts under every filter but its own (multi-select)."""
    match = fts_match(q.text, mode)
    source, conds, args = _from(match)
    out = []
    f_conds, f_args = _filters(q)
    where = " AND ".join(conds + f_conds) or "1"
    if match is None:
        # CROSS JOIN keeps meta outside, so the newest come from the date index rather than
        # from a scan of the whole text table.
        out.append((f"SELECT docs.id, docs.title FROM {source} CROSS JOIN docs "
                    f"ON docs.rowid = m.rowid WHERE {where} ORDER BY m.date DESC "
                    f"LIMIT {per_page}", args + f_args))
    else:
        out.append((f"SELECT docs.id, docs.title, snippet(docs, 2, '<mark>', '</mark>', '…', 16) "
                    f"FROM {source} WHERE {where} ORDER BY rank LIMIT {per_page}",
                    args + f_args))
    for facet, column, join in (
            ("province", "m.province", ""),
            ("carrier", "fc.carrier", " JOIN doc_carrier fc ON fc.rowid = m.rowid"),
            ("year", "m.year", ""),
            ("pillar", "fp.pillar", " JOIN doc_pillar fp ON fp.rowid = m.rowid")):
        f_conds, f_args = _filters(q, skip=facet)
        where = " AND ".join(conds + f_conds + [f"{column} IS NOT NULL"])
        out.append((f"SELECT {column}, count(*) FROM {source}{join} WHERE {where} "
                    f"GROUP BY {column}", args + f_args))
    return out


def count_sql(q, mode="and"):
    """The number of results under every filter (not timed: the report's match counts)."""
    match = fts_match(q.text, mode)
    source, conds, args = _from(match)
    f_conds, f_args = _filters(q)
    return (f"SELECT count(*) FROM {source} WHERE {' AND '.join(conds + f_conds) or '1'}",
            args + f_args)


def query(db, queries_path, warmup=1, rounds=3, budget=120.0, per_page=10, mode="and"):
    """Times every query as the C++ driver does; returns the same JSON shape. `mode` "or"
    ORs every word (see fts_match)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    queries = read_query_set(queries_path)
    prepared = [statements(q, per_page, mode) for q in queries]
    records = [{"ms": [], "matches": 0, "top": [], "facet_values": 0} for _ in queries]
    errors = 0

    def run(i, timed):
        nonlocal errors
        try:
            start = time.perf_counter()
            results = [con.execute(sql, args).fetchall() for sql, args in prepared[i]]
            ms = (time.perf_counter() - start) * 1000
            if timed:
                records[i]["ms"].append(ms)
            records[i]["top"] = [row[0] for row in results[0]]
            records[i]["facet_values"] = sum(1 for rows in results[1:] for r in rows if r[1])
        except sqlite3.Error as e:
            errors += 1
            records[i]["error"] = f"{queries[i].id}: {e}"

    for _ in range(warmup):
        for i in range(len(queries)):
            run(i, False)
    for i, q in enumerate(queries):
        sql, args = count_sql(q, mode)
        try:
            records[i]["matches"] = con.execute(sql, args).fetchone()[0]
        except sqlite3.Error as e:
            errors += 1
            records[i]["error"] = f"{q.id}: {e}"
    start = time.perf_counter()
    done = 0
    while done < rounds:
        for i in range(len(queries)):
            run(i, True)
        done += 1
        if time.perf_counter() - start > budget:
            break
    seconds = time.perf_counter() - start
    return {"system": "fts5", "warmup_rounds": warmup, "rounds": done, "seconds": seconds,
            "errors": errors, "sqlite_version": sqlite3.sqlite_version,
            "queries": [dict(id=q.id, kind=q.kind, filters=q.filter_count(), text=bool(q.text),
                             **r) for q, r in zip(queries, records)]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--db", required=True)
    b.add_argument("--docs", required=True, help="JSON Lines with id, title, text")
    b.add_argument("--facets", required=True, help="vnsearch-index --extract-only output")
    q = sub.add_parser("query")
    q.add_argument("--db", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--warmup", type=int, default=1)
    q.add_argument("--rounds", type=int, default=3)
    q.add_argument("--budget", type=float, default=120.0)
    q.add_argument("--per-page", type=int, default=10)
    q.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.command == "build":
        rows = build(a.db, a.docs, a.facets)
        print(json.dumps({"rows": rows}))
        return 0
    result = query(a.db, a.queries, a.warmup, a.rounds, a.budget, a.per_page)
    Path(a.out).write_text(json.dumps(result) + "\n", encoding="utf-8")
    return 0 if result["errors"] == 0 else 4


if __name__ == "__main__":
    sys.exit(main())
