"""A person's corrections of body identities: `<data>/bodies.override.json` (or `.toml`), applied on reindex.

    {"reports": {"<report id>": {"id": "hongchun", "region": {"county": "巫溪县"}}},
     "names":   {"红椿镇": {"id": "hongchun", "region": {"province": "重庆市", "county": "巫溪县"}, "level": "乡镇/街道"}}}

A report entry wins over a name entry; a name is matched against the org as the report writes
it (widths folded, spaces dropped) and against the canonical name. Every key of an entry is
optional: `id` joins bodies (or splits one), `name`, `region` (the keys given replace those),
`level`, `kind`. Whatever an entry sets is marked `{"from": "override"}` in the evidence.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.numbers import fold_width

from .bodies import ID_PATTERN, LEVELS, REGION_KEYS, Body

FILE_NAMES = ("bodies.override.json", "bodies.override.toml")
ENTRY_KEYS = ("id", "name", "region", "level", "kind")


class OverrideError(ValueError):
    """The override file cannot be used; str() names the file and the reason."""


@dataclass
class Overrides:
    by_report: dict[str, dict] = field(default_factory=dict)
    by_name: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    def apply(self, body: Body, report_id: str | None, written_name: str) -> Body:
        """`body` with the entries for its report and its names applied (the report's last, so it wins)."""
        entries = [self.by_name.get(body.name), self.by_name.get(written_name), self.by_report.get(report_id or "")]
        for entry in filter(None, entries):
            evidence = dict(body.evidence)
            changes = {}
            for key, value in entry.items():
                if key == "region":
                    value = {**body.region, **value}
                changes[key] = value
                evidence[key] = {"from": "override", "words": str(self.path or "")}
            body = replace(body, **changes, evidence=evidence)
        return body


def _entry(where: str, entry) -> dict:
    if not isinstance(entry, dict):
        raise OverrideError(f"{where}: an entry is a table of {', '.join(ENTRY_KEYS)}")
    unknown = set(entry) - set(ENTRY_KEYS)
    if unknown:
        raise OverrideError(f"{where}: unknown key {sorted(unknown)[0]!r} (known: {', '.join(ENTRY_KEYS)})")
    if "id" in entry and not (isinstance(entry["id"], str) and ID_PATTERN.match(entry["id"])):
        raise OverrideError(f"{where}: id {entry['id']!r} must be 1-64 letters, digits, '.', '-' or '_'")
    if entry.get("level") is not None and entry["level"] not in LEVELS:
        raise OverrideError(f"{where}: level {entry['level']!r} is not one of {', '.join(LEVELS)}")
    region = entry.get("region", {})
    if not isinstance(region, dict) or set(region) - set(REGION_KEYS):
        raise OverrideError(f"{where}: region takes {', '.join(REGION_KEYS)}")
    return entry


def load(root: str | Path) -> Overrides:
    """The data folder's overrides (none when it has no file); OverrideError naming the file when it is bad."""
    for name in FILE_NAMES:
        path = Path(root) / name
        if not path.exists():
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
            raise OverrideError(f"{path}: {exc}") from None
        if not isinstance(data, dict) or set(data) - {"reports", "names"}:
            raise OverrideError(f"{path}: the file holds a table with `reports` and `names`")
        reports = {k: _entry(f"{path}: reports.{k}", v) for k, v in (data.get("reports") or {}).items()}
        names = {"".join(fold_width(k).split()): _entry(f"{path}: names.{k}", v) for k, v in (data.get("names") or {}).items()}
        return Overrides(reports, names, path)
    return Overrides()
