"""Compare a record with an expected one, by the rules of docs/record.md, "Gold files"."""
import re

META = ("title", "org", "year", "template")
OPTIONAL_META = ("published", "dated", "url")  # compared where the gold file gives them


def _squash(text):
    return re.sub(r"\s+", "", str(text or ""))


def _same(want, got):
    if want is None or got is None:
        return want is None and got is None
    return not isinstance(got, bool) and isinstance(got, (int, float)) and abs(want - got) <= 1e-6


def differences(record, gold):
    """Every way `record` departs from `gold` (format: docs/record.md, "Gold files")."""
    diffs = []
    fields = record.get("fields", {})
    for key, want in gold["fields"].items():
        if key not in fields or not _same(want, fields[key]):
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
