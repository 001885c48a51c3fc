"""A body across its years: what `nianbao body`, `/api/bodies/<id>` and the body's page show.

Each year's reports with every field, each number's change from the body's report of the year
before, timeliness and the cross-year findings. Across the 2019/2021 layouts only keys that
both layouts have (表三, 表四, 表二's 处理决定数量) get a change; the others are listed in
`not_carried_over`, since the 2019 表二 counts other things than the 2021 one.
"""
from __future__ import annotations

from pathlib import Path

from search import archive

from . import registry
from .derived import Deriver
from .layouts import not_carried_over

SOURCE_KEYS = ("title", "org", "year", "template", "published", "dated", "url")


def list_bodies(root: str | Path, region: str | None = None, level: str | None = None, kind: str | None = None) -> list[dict]:
    """[{id, name, names, region, level, kind, years, reports}] of the registered bodies passing the filters, by name."""
    out = []
    for entry in registry.entries(root):
        if region and region not in (entry["region"] or {}).values():
            continue
        if (level and entry["level"] != level) or (kind and entry["kind"] != kind):
            continue
        years = sorted({y for y in entry["reports"].values() if y is not None})
        out.append({key: entry[key] for key in ("id", "name", "region", "level", "kind")}
                   | {"names": sorted(entry["names"]), "years": years, "reports": len(entry["reports"])})
    return sorted(out, key=lambda b: (b["name"], b["id"]))


def _change(this: dict, before: list[dict]) -> tuple[dict, list[str]]:
    """({key: this − last year's value}, keys that do not carry over) against the year before's records."""
    if not before:
        return {}, []
    fields = this.get("fields") or {}
    previous = [b.get("fields") or {} for b in before]
    changes = {}
    for key, value in fields.items():
        values = {p.get(key) for p in previous if key in p}
        if value is None or len(values) != 1 or None in values:
            continue
        changes[key] = round(value - values.pop(), 4)
    return changes, not_carried_over((b.get("template") for b in before), this.get("template"))


def body_history(root: str | Path, body_id: str) -> dict | None:
    """{"body": the registry entry, "years": [{"year", "reports": [...]}]}; None when no body has the id."""
    entry = registry.load(root, body_id)
    if entry is None:
        return None
    deriver = Deriver(root)
    by_year: dict = {}
    for report_id, year in entry["reports"].items():
        if archive.has(root, report_id):
            by_year.setdefault(year, []).append(archive.load(root, report_id))
    years = []
    for year in sorted(by_year, key=lambda y: (y is None, y)):
        reports = []
        for archived in sorted(by_year[year], key=lambda e: e["id"]):
            record = archived["record"]
            changes, not_carried = _change(record, [e["record"] for e in by_year.get(year - 1, [])] if year else [])
            profile = deriver.profile(archived)
            reports.append({"id": archived["id"], **{k: record.get(k) for k in SOURCE_KEYS},
                            "fields": record.get("fields") or {}, "change": changes, "not_carried_over": not_carried,
                            "timeliness": profile["timeliness"], "findings": profile["findings"],
                            "not_compared": profile["not_compared"], "checks": record.get("checks") or [],
                            "indicators": profile["indicators"], "copied": profile["copied"]})
        years.append({"year": year, "reports": reports})
    body = {key: entry[key] for key in ("id", "name", "region", "level", "kind", "evidence", "notes")}
    return {"body": body | {"names": entry["names"]}, "years": years}
