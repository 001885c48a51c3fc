"""A crawl manifest: what the crawler knew about each file it saved (when the page was published,
where it came from), for reports whose file does not say it.

    file,published,url                        CSV with a header row (UTF-8, BOM allowed)
    {"file": "a.html", "published": "2021-01-25 09:30", "url": "https://…"}   or JSON lines

`file` (also `name` or `path`) names the saved file: its path as given to `ingest`, or its
base name. A date is taken in any form ingest/dates.py reads and stored as ISO; a value that
is no date, or one file name given two different values, is left out with a warning: a
manifest's guess never overrides the file, and never fills a field with a doubt.
"""
import csv
import io
import json
from pathlib import Path

from ingest.dates import find_date

FILE_COLUMNS = ("file", "name", "path")
FILLED = ("published", "url")


class ManifestError(ValueError):
    """A manifest that cannot be read at all; str() is the one line the user sees."""


def _rows(path):
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the manifest ({getattr(exc, 'strerror', None) or exc})") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].lstrip().startswith("{"):
        for number, line in enumerate(lines, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ManifestError(f"{path} line {number}: not a JSON object ({exc.msg})") from None
            if not isinstance(row, dict):
                raise ManifestError(f"{path} line {number}: not a JSON object")
            yield number, row
        return
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not set(FILE_COLUMNS) & {(f or "").strip().lower() for f in reader.fieldnames}:
        raise ManifestError(f"{path}: no file column (want a header row with file, published, url)")
    for row in reader:
        yield reader.line_num, {(k or "").strip().lower(): v for k, v in row.items()}


def _value(key, raw):
    """(value, problem): a manifest cell as the record keeps it."""
    raw = str(raw or "").strip()
    if not raw:
        return None, None
    if key == "published":
        iso = find_date(raw)
        return (iso, None) if iso else (None, f"published {raw!r} is not a date")
    if not raw.lower().startswith(("http://", "https://")):
        return None, f"url {raw!r} is not an http(s) address"
    return raw, None


class Manifest:
    """{file name: {"published", "url"}} read from a manifest file; `warnings` lists what was left out."""

    def __init__(self, path: str | Path) -> None:
        self.path, self.warnings, self.by_name = str(path), [], {}
        conflicting = set()
        for number, row in _rows(path):
            name = next((str(row[c]).strip() for c in FILE_COLUMNS if row.get(c)), "")
            if not name:
                self.warnings.append(f"{path} line {number}: no file name; row left out")
                continue
            values = {}
            for key in FILLED:
                value, problem = _value(key, row.get(key))
                if problem:
                    self.warnings.append(f"{path} line {number}: {problem}; left out")
                elif value:
                    values[key] = value
            for known in (name, Path(name).name):
                if known in self.by_name and self.by_name[known] != values:
                    conflicting.add(known)
                self.by_name.setdefault(known, values)
        for name in sorted(conflicting):
            del self.by_name[name]
            self.warnings.append(f"{path}: {name} is listed with different values; left out")

    def fill(self, record: dict, path: str | Path) -> dict:
        """The record with `published` and `url` from the manifest where the file stated none, each noted."""
        values = self.by_name.get(str(path)) or self.by_name.get(Path(path).name) or {}
        missing = {key: value for key, value in values.items() if record.get(key) is None}
        if not missing:
            return record
        notes = record.get("notes", []) + [{"key": key, "note": f"from the crawl manifest {Path(self.path).name}"}
                                           for key in missing]
        return {**record, **missing, "notes": notes}
