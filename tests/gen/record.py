"""random_record: a full SCHEMA record whose numbers are mostly non-zero, so misaligned
columns show, and whose arithmetic holds unless a test asks for broken rules."""
import random

from ingest.schema import SCHEMA_VERSION, T2_ROWS, T3_COLUMNS, T3_HANDLED_OTHER_PARTS, T3_RESULT_ROWS, T4_COLUMNS, T4_GROUPS

from .narrative import random_dated, random_org, random_sections, random_title
from .oracle import broken_rules

APPLICANTS = [c for c, _ in T3_COLUMNS if c != "total"]
BARE_UNIT_NOTE = "unit not printed; 万元 assumed"


def _count(rng, zeros, top=999):
    """A typical table count: 0–`top`, now and then larger, `zeros` of the time 0."""
    if rng.random() < zeros:
        return 0
    return rng.randint(1000, 20000) if rng.random() < 0.04 else rng.randint(1, top)


def _money(rng):
    """万元 with up to 4 decimals (4453.4018, 7730.28, 905): whole yuan, so 元 prints exactly."""
    yuan = rng.choice([rng.randint(1, 9999) * 10000, rng.randint(1, 99999999) * 100, rng.randint(1, 999999999)])
    return round(yuan / 10000, 4) if yuan % 10000 else yuan // 10000


def _t2(template, rng, zeros, top):
    fields = {}
    for row, _, cols in T2_ROWS[template]:
        for col, _ in cols:
            key = f"t2.{row}.{col}"
            if col == "amount":
                fields[key] = 0 if rng.random() < zeros else _money(rng)
            elif col == "change" and rng.random() < 0.2:
                fields[key] = -rng.randint(1, 30)
            else:
                fields[key] = _count(rng, zeros, top)
    return fields


def _t3(rows, rng, zeros, top):
    """Result rows at random; totals, 总计 and the balance (new + carried_in = total + carried_out) derived."""
    fields = {}
    small = lambda: 0 if rng.random() < zeros + 0.2 else rng.randint(1, 60)  # noqa: E731
    for col in APPLICANTS:
        total = 0
        for row in rows:
            fields[f"t3.{row}.{col}"] = value = _count(rng, zeros, top) if row in ("granted", "partial") else small()
            total += value
        carried_out = small()
        carried_in = rng.randint(0, min(total + carried_out, 80))
        fields.update({f"t3.total.{col}": total, f"t3.carried_out.{col}": carried_out,
                       f"t3.carried_in.{col}": carried_in, f"t3.new.{col}": total + carried_out - carried_in})
    for row in ["new", "carried_in", *rows, "total", "carried_out"]:
        fields[f"t3.{row}.total"] = sum(fields[f"t3.{row}.{c}"] for c in APPLICANTS)
    return {k: fields[k] for k in _t3_order(rows)}


def _t3_order(rows):
    return [f"t3.{r}.{c}" for r in ["new", "carried_in", *rows, "total", "carried_out"] for c, _ in T3_COLUMNS]


def _t4(rng, zeros):
    fields = {}
    for group, _ in T4_GROUPS:
        parts = {c: (0 if rng.random() < zeros + 0.3 else rng.randint(1, 40)) for c, _ in T4_COLUMNS if c != "total"}
        fields.update({f"t4.{group}.{c}": v for c, v in parts.items()})
        fields[f"t4.{group}.total"] = sum(parts.values())
    return fields


def _blank(fields, rng, blanks):
    """Turn some 0 cells into blanks (None): a blank counts as 0, so no rule changes."""
    for key, value in fields.items():
        if value == 0 and rng.random() < blanks:
            fields[key] = None


def _break(fields, rng, count):
    """Add a wrong number to `count` printed totals; the rules that then fail (tests/gen/oracle.py) are the record's checks."""
    totals = [k for k in fields if k.endswith(".total") or k.startswith("t3.total.")]
    for key in rng.sample(totals, count):
        fields[key] = (fields[key] or 0) + rng.choice([-1, 1]) * rng.randint(1, 9)
        if fields[key] < 0:
            fields[key] = -fields[key] + 10


def random_record(seed, template=None, *, year=None, consistent=True, broken=None, blanks=0.0,
                  zeros=0.15, top=999, split_other=None, bare_unit=None, org=None):
    """A SCHEMA record (with `checks` as rule names) for a report nobody has written yet.

    template: "2019" | "2021" (default: follows `year`, else random). consistent=False breaks
    `broken` rules (default 1–3). blanks: share of 0 cells printed blank. zeros: share of counts that are 0;
    top: the largest typical count (a town's report counts in tens, a city's in hundreds). split_other: 表三 (六)
    as three rows (2021 only; default sometimes). bare_unit: the money column prints no unit,
    so the record carries a note (default sometimes). org: the issuing body (default random).
    """
    rng = random.Random(seed)
    if template is None:
        template = ("2019" if year <= 2020 else "2021") if year else rng.choice(["2019", "2021"])
    if year is None:
        year = rng.choice([2019, 2020] if template == "2019" else [2021, 2022, 2023, 2024])
    if split_other is None:
        split_other = template == "2021" and rng.random() < 0.4
    rows = [r for r in T3_RESULT_ROWS if r not in (("handled_other",) if split_other else T3_HANDLED_OTHER_PARTS)]
    fields = {**_t2(template, rng, zeros, top), **_t3(rows, rng, zeros, top), **_t4(rng, zeros)}
    _blank(fields, rng, blanks)
    if not consistent:
        _break(fields, rng, broken if broken is not None else rng.randint(1, 3))
    org = org or random_org(rng)
    money_key = "t2.procurement.amount" if template == "2019" else "t2.fees.amount"
    if bare_unit is None:
        bare_unit = rng.random() < 0.2
    notes = [{"key": money_key, "note": BARE_UNIT_NOTE}] if bare_unit and fields[money_key] else []
    return {
        "schema": SCHEMA_VERSION,
        "title": random_title(org, year, rng),
        "org": org,
        "year": year,
        "template": template,
        "published": None,  # a page's meta or a crawler's header states it; the writers that print one set it
        "dated": random_dated(year, random.Random(f"{seed}/dated")),  # its own rng: the draws above stay as they were
        "url": None,
        "sections": random_sections(org, year, rng),
        "fields": fields,
        "checks": broken_rules(fields),
        "notes": notes,
    }


def blank_rows(record, rows):
    """`record` with each of `rows` (表二 or 表三 row keys) printed with its label and every cell
    blank, as a report prints a row nobody applied under; 表三's sums are kept: the row's numbers
    come off (七)总计 and 一、本年新收 (or 二、上年结转 where 新收 would go below 0), and row totals follow."""
    fields = record["fields"]
    for row in rows:
        cells = [k for k in fields if k.startswith(f"{row}.") and k.count(".") == row.count(".") + 1]
        for key in cells:
            value, fields[key] = fields[key] or 0, None
            col = key.rsplit(".", 1)[1]
            if not row.startswith("t3.") or col == "total" or not value:
                continue
            fields[f"t3.total.{col}"] = (fields[f"t3.total.{col}"] or 0) - value
            new = (fields[f"t3.new.{col}"] or 0) - value
            fields[f"t3.new.{col}"] = max(new, 0)
            fields[f"t3.carried_in.{col}"] = (fields[f"t3.carried_in.{col}"] or 0) + min(new, 0)
        if row.startswith("t3."):
            for parent in ("new", "carried_in", "total"):
                fields[f"t3.{parent}.total"] = sum(fields[f"t3.{parent}.{c}"] or 0 for c in APPLICANTS)
    return record
