"""Multi-year archives: bodies writing a report a year under varying names, with 结转 chains kept or
broken, 现行有效件数 carried or not, and reports signed before or after their deadline.

Each report is a text file (the tsv layout, which the readers take back exactly) and a truth:
which body wrote it (the generator's own key), where and what that body is, the cross-year
findings it must get and its days past the deadline, all decided here and never read back from
the code under test. Bodies are real divisions (a county renamed 新津县 → 新津区 in 2020, a
department written with and without its city) and towns the gazetteer does not list.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path

from ingest.schema import T3_COLUMNS

from . import copies
from .record import random_record
from .text import write_text

APPLICANTS = [c for c, _ in T3_COLUMNS if c != "total"]
YEARS = tuple(range(2019, 2025))
LAYOUT = "tsv"


@dataclass(frozen=True)
class BodySpec:
    key: str  # the generator's name for the body: every report of it must get one id, no other body's
    names: tuple[str, ...]  # the org as its reports write it, one per year in turn (or by year: names_by_year)
    region: dict  # {province, city, county, town} as the body's page must show them (None: not told)
    level: str | None
    kind: str | None
    deadline: tuple[int, int]  # (month, day) after the reporting year: 3-31 for a county's own report, else 1-31
    names_by_year: dict = field(default_factory=dict)  # {year: org} where the name depends on the year (a rename)
    self_intro: str = ""  # a sentence opening its preamble that names it with its region
    skip_years: tuple[int, ...] = ()  # years it published nothing

    def org(self, year: int) -> str:
        if year in self.names_by_year:
            return self.names_by_year[year]
        return self.names[(year - YEARS[0]) % len(self.names)]


def _region(province=None, city=None, county=None, town=None):
    return {"province": province, "city": city, "county": county, "town": town}


BODIES = (
    BodySpec("xinjin", ("新津区人民政府",), _region("四川省", "成都市", "新津区"), "县级", "政府", (3, 31),
             names_by_year={2019: "新津县人民政府"}),  # 新津县 became 新津区 in 2020
    BodySpec("luoqi", ("洛碛镇", "洛碛镇人民政府"), _region("重庆市", "重庆市", "渝北区", "洛碛镇"), "乡镇/街道", "政府", (1, 31),
             self_intro="渝北区洛碛镇人民政府依据《中华人民共和国政府信息公开条例》编制本报告。"),
    BodySpec("hongchun", ("红椿镇", "红椿镇人民政府"), _region(town="红椿镇"), "乡镇/街道", "政府", (1, 31), skip_years=(2022,)),
    BodySpec("huaian-zrzy", ("淮安市自然资源和规划局", "自然资源和规划局"), _region("江苏省", "淮安市"), "地市级", "自然资源", (1, 31),
             self_intro="淮安市自然资源和规划局依据《中华人民共和国政府信息公开条例》编制本报告。"),
    BodySpec("hongze-ga", ("淮安市洪泽区公安局", "洪泽区公安局"), _region("江苏省", "淮安市", "洪泽区"), "县级", "公安", (1, 31)),
    BodySpec("jiangsu", ("江苏省人民政府",), _region("江苏省"), "省级", "政府", (3, 31)),
    BodySpec("chaoyang-sj", ("北京市朝阳区市场监督管理局",), _region("北京市", "北京市", "朝阳区"), "县级", "市场监管", (1, 31)),
)


@dataclass
class Truth:
    path: Path
    body: str  # BodySpec.key
    year: int
    org: str
    template: str
    findings: dict  # {rule: (expected, found)} the report must get
    warnings: frozenset  # the rules among them that are warnings (yoy.t2.*.in_force)
    late_days: int  # days past the deadline, negative before it
    record: dict = field(repr=False)
    copied: float | None = None  # share of its narrative kept from the body's report for the year before (copies.py)
    lifted_from: tuple[str, int] | None = None  # (body key, year) of another body's report it lifted passages from
    lifted_chars: int = 0  # how many characters it lifted


def _chain(fields, before, rng, broken):
    """Make this year's 上年结转 last year's 结转下年度 (one applicant column off by a few when `broken`),
    keeping 表三 balanced; return {rule: (expected, found)} for the columns that differ."""
    off = rng.choice(APPLICANTS) if broken else None
    for c in APPLICANTS:
        carried = before[f"t3.carried_out.{c}"] + (rng.randint(1, 5) if c == off else 0)
        fields[f"t3.carried_in.{c}"] = carried
        new = fields[f"t3.total.{c}"] + fields[f"t3.carried_out.{c}"] - carried
        if new < 0:  # fewer new requests cannot be: carry more into next year instead
            fields[f"t3.carried_out.{c}"] -= new
            new = 0
        fields[f"t3.new.{c}"] = new
    for row in ("new", "carried_in", "carried_out"):
        fields[f"t3.{row}.total"] = sum(fields[f"t3.{row}.{c}"] for c in APPLICANTS)
    found = {}
    for c in APPLICANTS + ["total"]:
        expected, got = before[f"t3.carried_out.{c}"], fields[f"t3.carried_in.{c}"]
        if expected != got:
            found[f"yoy.t3.carried_in.{c}"] = (expected, got)
    return found


def _in_force(fields, before, rng, broken):
    """表二 现行有效件数 = last year's + 本年制发 − 本年废止 (a few more for one row when `broken`)."""
    found = {}
    off = rng.choice(["rules", "normative"]) if broken else None
    for row in ("rules", "normative"):
        issued, repealed = fields[f"t2.{row}.issued"], fields[f"t2.{row}.repealed"]
        expected = before[f"t2.{row}.in_force"] + issued - repealed
        if expected < 0:
            fields[f"t2.{row}.repealed"] = repealed = before[f"t2.{row}.in_force"] + issued
            expected = 0
        fields[f"t2.{row}.in_force"] = expected + (rng.randint(1, 4) if row == off else 0)
        if row == off:
            found[f"yoy.t2.{row}.in_force"] = (expected, fields[f"t2.{row}.in_force"])
    return found


def make_archive(folder: str | Path, seed: int = 0, broken_share: float = 0.3, late_share: float = 0.3,
                 bodies=BODIES) -> list[Truth]:
    """Write every body's reports for YEARS into `folder`; their truths, in year order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    narratives = _narratives(bodies, seed)
    truths = []
    for n, spec in enumerate(bodies):
        before = None
        for year in YEARS:
            if year in spec.skip_years:
                before = None
                continue
            record = random_record(seed * 10_000 + n * 100 + year, year=year, org=spec.org(year), bare_unit=False,
                                   blanks=0.0)
            fields, found = record["fields"], {}
            if before is not None:
                found.update(_chain(fields, before["fields"], rng, rng.random() < broken_share))
                if record["template"] == "2021" and before["template"] == "2021":
                    found.update(_in_force(fields, before["fields"], rng, rng.random() < broken_share))
            record["checks"] = []  # _chain keeps every within-report rule
            narrative = narratives[(spec.key, year)]
            record["sections"] = narrative.sections()  # opens with spec.self_intro, a fixed sentence
            late = rng.random() < late_share
            late_days = rng.randint(1, 60) if late else -rng.randint(0, 25)
            deadline = datetime.date(year + 1, *spec.deadline)
            record["dated"] = (deadline + datetime.timedelta(days=late_days)).isoformat()
            path = folder / f"{spec.key}_{year}.txt"
            path.write_bytes(write_text(record, LAYOUT, "utf-8", random.Random(f"{seed}/{spec.key}/{year}")))
            warnings = frozenset(rule for rule in found if rule.startswith("yoy.t2."))
            lifted = tuple(map(_key_year, narrative.lifted_from.split("/"))) if narrative.lifted_from else None
            truths.append(Truth(path, spec.key, year, spec.org(year), record["template"], found, warnings,
                                late_days, record, narrative.copied, lifted, narrative.lifted_chars))
            before = record
    return truths


COPY_SHARES = (0.0, 0.5, 0.75, 1.0)  # of last year's own sentences a body keeps: fresh, half, most, all
LIFTS = 2  # bodies that lift LIFTED passages from another body's report of the same year
LIFTED = 5


def _key_year(part):
    return int(part) if part.isdigit() else part


def _narratives(bodies, seed) -> dict[tuple[str, int], copies.Year]:
    """{(body key, year): its narrative}: copied or fresh by a share drawn per body, some lifting from another body."""
    rng = random.Random(f"{seed}/narratives")
    out = {}
    for spec in bodies:
        years = [y for y in YEARS if y not in spec.skip_years]
        fixed = (spec.self_intro,) if spec.self_intro else ()
        for year, narrative in copies.body_years(rng, years, rng.choice(COPY_SHARES), fixed=fixed).items():
            out[(spec.key, year)] = narrative
    last = YEARS[-1]
    candidates = [spec.key for spec in bodies if last not in spec.skip_years]
    for target, source in zip(candidates[:LIFTS], candidates[LIFTS:2 * LIFTS]):
        copies.lift(rng, out[(target, last)], out[(source, last)], f"{source}/{last}", LIFTED)
    return out
