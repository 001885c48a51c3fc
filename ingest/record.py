"""Assemble the canonical record from what a reader recovered: the same steps for every format."""
from .checks import check_fields
from .document import paragraphs, repeated_lines, signature_org, split_head, year_in_text
from .errors import ReportError
from .schema import SCHEMA_VERSION, T3_HANDLED_OTHER_PARTS, field_keys
from .tables import detect_template, map_t2, map_t3, map_t4, rows_text


# Broken rules (with rows whose own total fits no arrangement of their values, and rows not
# found) from which a table is more likely misread than misprinted: a report's own slips break a few.
SCRAMBLED = 8


def build_record(parts, tables, name, notes=(), narrative_is_paragraphs=False, meta=None):
    """The record of one report.

    `parts` maps each part of `document.PARTS` to its lines (reading order, furniture still
    in); `tables` maps t2/t3/t4 to the `tables.Row`s the reader recovered. A reader whose
    lines are already whole paragraphs says so, and they are kept as they are. `meta` holds
    what the source states about the document outside its text (a crawler's header lines, a
    page's publication meta): any of `title`, `org`, `published`, `url`.
    """
    notes = list(notes)
    meta = meta or {}
    title, org, year, preamble = split_head(parts["head"])
    if not title and meta.get("title"):
        title, org, year, _ = split_head([meta["title"]])  # only a title that is a report's
        if title:
            notes.append({"key": "title", "note": f"the text prints no title; {title} taken from the source's metadata"})
    if year is None:
        year = year_in_text(" ".join(preamble + parts["overview"][:5]))
        if year is not None:
            notes.append({"key": "year", "note": f"the title names no year; {year} taken from the first year the text names"})
    if not org:
        org = signature_org(parts["other"])
        if org:
            notes.append({"key": "org", "note": f"the title names no body; {org} taken from the signature"})
    if not org and meta.get("org"):
        org = meta["org"]
        notes.append({"key": "org", "note": f"neither the title nor a signature names the body; {org} taken from the source's metadata"})
    t2_text = rows_text(tables.get("t2", []))
    template = detect_template(t2_text) or detect_template(rows_text(tables.get("t3", [])))
    t3 = map_t3(tables.get("t3", []))
    if template is None and any(f"t3.{p}.total" in t3.fields for p in T3_HANDLED_OTHER_PARTS):
        template = "2021"
    if template is None and year is not None:
        template = "2021" if year >= 2021 else "2019"
        notes.append({"key": "template", "note": f"表二 headers not found; template {template} assumed from the year {year}"})
    results = [t3, map_t4(tables.get("t4", []))]
    if template:
        results.insert(0, map_t2(tables.get("t2", []), template))
    fields, unknown, unfit = {}, set(), 0
    for result in results:
        fields.update(result.fields)
        notes.extend(result.notes)
        unknown |= result.unknown
        unfit += result.unfit + result.missing
    if not title and not fields:
        raise ReportError(name, "no annual report found: neither a 政府信息公开工作年度报告 title nor its tables")
    order = {key: i for i, key in enumerate(field_keys(template or "2019"))}
    fields = dict(sorted(fields.items(), key=lambda kv: order.get(kv[0], len(order))))
    checks = check_fields(fields, unknown)
    if len(checks) + unfit >= SCRAMBLED:
        notes.append({"key": "fields", "note": f"{len(checks)} of the template's sums do not hold and {unfit} rows are not found or "
                      "add up to their total in no arrangement: the source may have lost the order of the tables' cells (a plain "
                      "pdftotext dump reads a table block by block); the numbers are kept as read"})
    all_lines = [line for part in parts.values() for line in part]
    repeated = repeated_lines(all_lines)

    def section(lines):
        return "\n".join(line.strip() for line in lines if line.strip()) if narrative_is_paragraphs else paragraphs(lines, repeated)

    return {
        "schema": SCHEMA_VERSION,
        "title": title,
        "org": org,
        "year": year,
        "template": template,
        "published": meta.get("published"),
        "dated": None,
        "url": meta.get("url"),
        "sections": {
            "preamble": section(preamble),
            "overview": section(parts["overview"]),
            "problems": section(parts["problems"]),
            "other": section(parts["other"]),
        },
        "fields": fields,
        "checks": checks,
        "notes": notes,
    }
