"""The query set file (bench/queries.tsv), read exactly as the C++ driver reads it."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BenchQuery:
    id: str
    kind: str
    text: str
    provinces: list = field(default_factory=list)
    carriers: list = field(default_factory=list)
    years: list = field(default_factory=list)
    pillars: list = field(default_factory=list)

    def filter_count(self):
        return sum(1 for v in (self.provinces, self.carriers, self.years, self.pillars) if v)

    def facets(self):
        return {"province": self.provinces, "carrier": self.carriers, "year": self.years,
                "pillar": self.pillars}


def _values(field_text):
    return [v.strip() for v in field_text.split("|") if v.strip()]


def tsv_rows(path):
    """(line number, fields) of each tab-separated line of `path`, skipping blank lines and
    `#` comments."""
    path = Path(path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, line.split("\t")


def read_query_set(path):
    """id, kind, text, province, carrier, year, pillar by tabs; `|` between values; `#`
    lines are comments. Raises ValueError naming the file and line."""
    out = []
    path = Path(path)
    for number, f in tsv_rows(path):
        if not 3 <= len(f) <= 7:
            raise ValueError(f"{path}:{number}: expected 3 to 7 tab-separated fields, "
                             f"got {len(f)}")
        f += [""] * (7 - len(f))
        years = []
        for y in _values(f[5]):
            if not y.isdigit() or not 1900 <= int(y) <= 2100:
                raise ValueError(f"{path}:{number}: year '{y}' is not a year")
            years.append(int(y))
        q = BenchQuery(f[0].strip(), f[1].strip(), f[2].strip(), _values(f[3]), _values(f[4]),
                       years, _values(f[6]))
        if not q.id:
            raise ValueError(f"{path}:{number}: the query has no id")
        out.append(q)
    if not out:
        raise ValueError(f"{path} holds no query")
    return out


def split_phrases(text):
    """[(words, is_phrase)] in order: quoted phrases whole, other words one by one."""
    out = []
    for i, piece in enumerate(text.split('"')):
        words = piece.split()
        if not words:
            continue
        if i % 2 == 1:
            out.append((" ".join(words), True))
        else:
            out.extend((w, False) for w in words)
    return out
