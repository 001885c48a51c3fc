"""`nianbao stats`: what the archive holds: reports by year and template, failing checks, each field's range."""
import statistics
from collections import Counter
from pathlib import Path

from ingest.schema import ALL_FIELD_KEYS

from . import archive, progress


def collect(root: str | Path) -> dict:
    """{"reports", "by_year", "by_template", "failing_checks", "tables_not_read", "fields": {key: {count, min, median, max}}}.

    `tables_not_read` lists the reports archived without table numbers, with the reason.
    """
    from ingest.record import tables_not_read

    by_year, by_template, failing, unread = Counter(), Counter(), [], []
    values = {}
    reports = 0
    for entry in progress.tracked(archive.entries(root), len(archive.report_ids(root)), "stats"):
        record = entry["record"]
        reports += 1
        by_year[str(record.get("year"))] += 1
        by_template[str(record.get("template"))] += 1
        rules = [check["rule"] for check in record.get("checks") or []]
        if rules:
            failing.append({"id": entry["id"], "title": record.get("title"), "rules": rules})
        reason = tables_not_read(record)
        if reason:
            unread.append({"id": entry["id"], "title": record.get("title"), "reason": reason})
        for key, value in (record.get("fields") or {}).items():
            if value is not None:
                values.setdefault(key, []).append(value)
    fields = {
        key: {"count": len(values[key]), "min": min(values[key]), "median": statistics.median(values[key]),
              "max": max(values[key])}
        for key in ALL_FIELD_KEYS if key in values
    }
    return {"reports": reports, "by_year": dict(sorted(by_year.items())),
            "by_template": dict(sorted(by_template.items())), "failing_checks": failing, "tables_not_read": unread,
            "fields": fields}


def render(stats: dict) -> list[str]:
    """The stats as plain text lines for a terminal."""
    from ingest.schema import field_label

    lines = [f"reports: {stats['reports']}", "by year: " + ", ".join(f"{y}: {n}" for y, n in stats["by_year"].items()),
             "by template: " + ", ".join(f"{t}: {n}" for t, n in stats["by_template"].items()),
             f"reports failing checks: {len(stats['failing_checks'])}"]
    lines += [f"  {r['id'][:12]} {r['title']}: {', '.join(r['rules'])}" for r in stats["failing_checks"]]
    lines.append(f"reports with tables not read: {len(stats['tables_not_read'])}")
    lines += [f"  {r['id'][:12]} {r['title']}: {r['reason']}" for r in stats["tables_not_read"]]
    lines.append("fields (count min median max):")
    lines += [f"  {key:<40} {s['count']:>6} {s['min']:>10g} {s['median']:>10g} {s['max']:>10g}  {field_label(key)}"
              for key, s in stats["fields"].items()]
    return lines
