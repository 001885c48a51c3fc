"""Gold files, the expected record of a test report (format: docs/record.md, "Gold files"):
written from a generated record, for score.py and the tests, and compared with what a reader
made. One module for both sides, so what is written is what is compared."""
import re

META = ("title", "org", "year", "template")
OPTIONAL_META = ("published", "dated", "url")  # compared where the gold file gives them
TOLERANCE = 1e-6  # amounts in 万元 print four decimals: values that print the same compare equal
TABLE_MARKERS = ["第二十条", "申请人情况", "行政复议", "结转下年度"]
# Text of a neighbouring heading that a section must not swallow.
NEIGHBOURS = {"preamble": ["总体情况"], "overview": ["主动公开政府信息情况"],
              "problems": ["其他需要报告的事项"], "other": []}


def _phrases(text):
    """Up to three probes: the opening, a middle sentence, the ending."""
    flat = re.sub(r"\s+", "", text)
    if len(flat) <= 24:
        return [flat] if flat else []
    sentences = [s for s in re.split(r"(?<=[。；：])", flat) if len(s) >= 8]
    middle = sentences[len(sentences) // 2][:30] if sentences else flat[len(flat) // 2:][:20]
    return list(dict.fromkeys([flat[:20], middle, flat[-16:]]))


def gold_record(record, file):
    """The gold file of `record`: each section probed by three phrases and kept apart from its neighbours."""
    sections = {}
    for name, text in record["sections"].items():
        if not text:
            continue
        excludes = [] if name == "preamble" else list(TABLE_MARKERS)
        sections[name] = {"contains": _phrases(text), "excludes": excludes + NEIGHBOURS[name]}
    return {
        "file": file,
        **{k: record[k] for k in ("title", "org", "year", "template", "fields", "checks", "notes")},
        **{k: record[k] for k in OPTIONAL_META if k in record},
        "sections": sections,
    }


def as_gold(record):
    """The record as a gold file in which every narrative paragraph must be found."""
    sections = {name: {"contains": [line for line in text.split("\n") if line]}
                for name, text in record["sections"].items() if text}
    return {**record, "sections": sections}


def _squash(text):
    return re.sub(r"\s+", "", str(text or ""))


def same_value(want, got):
    """A field as the gold file wants it: both blank (None), or the same number within TOLERANCE."""
    if want is None or got is None:
        return want is None and got is None
    return not isinstance(got, bool) and isinstance(got, (int, float)) and abs(want - got) <= TOLERANCE


def fields_right(record, gold):
    """How many of the gold file's fields `record` holds as wanted."""
    fields = record.get("fields", {})
    return sum(1 for key, want in gold["fields"].items() if key in fields and same_value(want, fields[key]))


def differences(record, gold):
    """Every way `record` departs from `gold` (format: docs/record.md, "Gold files")."""
    diffs = []
    fields = record.get("fields", {})
    for key, want in gold["fields"].items():
        if key not in fields or not same_value(want, fields[key]):
            diffs.append(f"{key}: want {want!r}, got {fields.get(key, 'missing')!r}")
    extra = sorted(set(fields) - set(gold["fields"]))
    if extra:
        diffs.append(f"keys not in gold: {extra}")
    for key in META + tuple(k for k in OPTIONAL_META if k in gold):
        want, got = gold.get(key), record.get(key)
        if (_squash(want) != _squash(got)) if key in ("title", "org") else want != got:
            diffs.append(f"{key}: want {want!r}, got {got!r}")
    found = sorted({c["rule"] for c in record.get("checks", [])})
    want_checks = sorted(c if isinstance(c, str) else c["rule"] for c in gold.get("checks", []))
    if found != want_checks:
        diffs.append(f"checks: want {want_checks}, got {found}")
    for name, spec in gold.get("sections", {}).items():
        text = _squash(record.get("sections", {}).get(name, "")).replace("**", "")
        diffs += [f"sections.{name} lacks {p!r}" for p in spec.get("contains", []) if _squash(p) not in text]
        diffs += [f"sections.{name} holds {p!r}" for p in spec.get("excludes", []) if _squash(p) in text]
    return diffs


OUTCOMES = ("exact", "null, noted", "null, silent", "wrong, noted", "wrong, silent")


def field_outcomes(record, gold):
    """{key: one of OUTCOMES} for each of the gold file's fields as `record` holds it. A note counts
    when it names the cell, its row or its table. A gold null that carries a note of its own (a
    handwritten correction in a scan) is exact only when the reader also says why it left it null."""
    fields = record.get("fields", {})
    noted = {note["key"] for note in record.get("notes", [])}
    must_note = {note["key"] for note in gold.get("notes", [])}
    outcomes = {}
    for key, want in gold["fields"].items():
        got = fields.get(key)
        has_note = bool({key, key.rsplit(".", 1)[0], key.split(".")[0]} & noted)
        if same_value(want, got) and (key not in must_note or want is not None or has_note):
            outcomes[key] = "exact"
        elif got is None:
            outcomes[key] = "null, noted" if has_note else "null, silent"
        else:
            outcomes[key] = "wrong, noted" if has_note else "wrong, silent"
    return outcomes
