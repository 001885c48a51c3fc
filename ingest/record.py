"""Assemble the canonical record from what a reader recovered: the same steps for every format."""
from collections.abc import Iterable

from ingest.tables.checks import check_fields, rules
from ingest.tables.mapping import Row, detect_template, map_t2, map_t3, map_t4, rows_text

from .document import PARTS, paragraphs, repeated_lines, signature_org, signing_date, split_head, year_in_text
from .errors import ReportError
from .schema import SCHEMA_VERSION, T3_HANDLED_OTHER_PARTS, Record, field_keys

# Broken rules (with rows whose own total fits no arrangement of their values, and rows not
# found) from which a table is more likely misread than misprinted: a report's own slips break a few.
SCRAMBLED = 8
# The first reports in the national table layouts are those for 2019 (the 2019 regulation's
# templates); earlier reports printed other tables, which map onto none of the keys.
FIRST_TEMPLATE_YEAR = 2019
NEW_TEMPLATE_YEAR = 2021  # the revised tables (表二's rows, 表三's 其他处理 in three parts) from the reports for 2021 on
YEAR_LINES = 5  # lines of the overview searched for a year when the title names none: its first sentence names it


def _read_tables(tables, year):
    """(template, mapped tables, notes): the layout from the tables' headers; from the year only
    where cells of 表三/表四 were read; None for a report from before the national layouts or
    with no table of them, whose numbers are then not read."""
    template = detect_template(rows_text(tables.get("t2", []))) or detect_template(rows_text(tables.get("t3", [])))
    t3 = map_t3(tables.get("t3", []))
    if template is None and any(f"t3.{p}.total" in t3.fields for p in T3_HANDLED_OTHER_PARTS):
        template = "2021"
    results = [t3, map_t4(tables.get("t4", []))]
    if template is None and year is not None and year < FIRST_TEMPLATE_YEAR:
        return None, [], [{"key": "template", "note": f"a report for {year}: the national table layouts begin with the "
                           f"{FIRST_TEMPLATE_YEAR} reports and its tables differ, so its numbers are not read"}]
    if template is None and not any(result.fields for result in results):
        return None, [], [{"key": "template", "note": "no table of the national layouts found (表二 headers, 表三 or "
                           "表四 cells): the report's numbers are not read"}]
    notes = []
    if template is None and year is not None:
        template = "2021" if year >= NEW_TEMPLATE_YEAR else "2019"
        notes.append({"key": "template", "note": f"表二 headers not found; template {template} assumed from the year {year}"})
    if template:
        results.insert(0, map_t2(tables.get("t2", []), template))
    return template, results, notes


def _misread_signs(fields, checks):
    """How many broken rules point at a misread table rather than at the report: those whose printed
    value is there and whose added-up cells are not all missing. A blank 总计, or rows or a table not
    printed, break rules without any cell out of order."""
    broken = {check["rule"]: check["expected"] for check in checks}
    return len({rule.name for rule in rules(fields)
                if rule.name in broken and fields.get(rule.key) is not None and broken[rule.name] != 0})


def tables_not_read(record: Record) -> str | None:
    """Why a record holds no table numbers (its `template` or `fields` note), or None when it does."""
    if record.get("template") and record.get("fields"):
        return None
    return next((n["note"] for n in record.get("notes") or [] if n.get("key") == "template"),
                "no table cell could be read")


def build_record(parts: dict[str, list[str]], tables: dict[str, list[Row]], name: str, notes: Iterable[dict] = (),
                 narrative_is_paragraphs: bool = False, meta: dict[str, str] | None = None) -> Record:
    """The record of one report.

    `parts` maps each part of `document.PARTS` to its lines (reading order, furniture still
    in); `tables` maps t2/t3/t4 to the `tables.mapping.Row`s the reader recovered. A reader whose
    lines are already whole paragraphs says so, and they are kept as they are. `meta` holds
    what the source states about the document outside its text (a crawler's header lines, a
    page's publication meta): any of `title`, `org`, `published`, `url`.
    """
    notes = list(notes)
    meta = meta or {}
    parts = dict(parts)
    last = next((part for part in reversed(PARTS) if any(line.strip() for line in parts[part])), "head")
    dated, parts[last] = signing_date(parts[last])
    title, org, year, preamble = split_head(parts["head"])
    if not title and meta.get("title"):
        title, org, year, _ = split_head([meta["title"]])  # only a title that is a report's
        if title:
            notes.append({"key": "title", "note": f"the text prints no title; {title} taken from the source's metadata"})
    if year is None:
        year = year_in_text(" ".join(preamble + parts["overview"][:YEAR_LINES]))
        if year is not None:
            notes.append({"key": "year", "note": f"the title names no year; {year} taken from the first year the text names"})
    if not org:
        org = signature_org(parts["other"])
        if org:
            notes.append({"key": "org", "note": f"the title names no body; {org} taken from the signature"})
    if not org and meta.get("org"):
        org = meta["org"]
        notes.append({"key": "org", "note": f"neither the title nor a signature names the body; {org} taken from the source's metadata"})
    template, results, template_notes = _read_tables(tables, year)
    notes.extend(template_notes)
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
    misread = _misread_signs(fields, checks) + unfit
    if misread >= SCRAMBLED:
        notes.append({"key": "fields", "note": f"{misread} of the template's sums do not hold although every cell they "
                      "add up was printed, or rows are not found or add up to their total in no arrangement: the source "
                      "may have lost the order of the tables' cells (a plain pdftotext dump reads a table block by block); "
                      "the numbers are kept as read"})
    overview = parts["overview"]
    if template is None:  # what stands under 二–五 is narrative (a pre-2019 report's 主动公开, 依申请公开): kept searchable
        overview = overview + parts["t2"] + parts["t3"] + parts["t4"]
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
        "dated": dated,
        "url": meta.get("url"),
        "sections": {
            "preamble": section(preamble),
            "overview": section(overview),
            "problems": section(parts["problems"]),
            "other": section(parts["other"]),
        },
        "fields": fields,
        "checks": checks,
        "notes": notes,
    }
