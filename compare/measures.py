"""What a report is measured by against its peers, for its index document and its pages: the indicators
(compare/indicators.py, the change against the body's previous report included) and `copied`
(compare/copying.py). compare/derived.py adds them to everything else it derives for a report.

`copied` comes from the whole-archive run `nianbao reindex` saves (copying.json) while the
previous report it was measured against is still the body's only report of the year before; a
report stored since, or whose previous report arrived since, is measured on the spot against
that report, with the boilerplate of the archive as it stands (compare/passage_table.py). A
passage that becomes boilerplate later (more bodies print it) changes older reports' `copied`
at the next reindex; other bodies' reports sharing passages are found by reindex only (LSH over
the whole archive).
"""
from __future__ import annotations

from pathlib import Path

from search import archive, backends

from . import copying, indicators, registry
from .passage_table import PassageTable

_CHANGE_KEYS = tuple(dict.fromkeys(k for i in indicators.INDICATORS if i.previous for k in i.numerator))
COPIED = "copied"  # a number column: the share of the narrative repeated from the body's previous report
NUMBER_KEYS = indicators.INDEX_KEYS + (COPIED,)


class Measures:
    """The measures of an archive's reports, the saved copying read once (when first needed). `root` as
    Deriver's: reports and the registry through it, copying.json and the passage table in its files folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = root if backends.is_database(root) else Path(root)
        self.files = backends.files_root(root)
        self._saved = None
        self.table = PassageTable(self.files)
        self._kept: dict[str, dict] = {}  # report id → the fields a change needs, kept while a reindex runs
        self._narratives: list[copying.Narrative] = []  # gathered while a reindex registers every report

    def register(self, entry: dict, body, gathering: bool = False) -> None:
        """Record the passages the report's body prints (call under the data folder's lock); while a reindex
        is `gathering`, keep what the whole-archive run (`save`) and the next year's report need instead."""
        if gathering:
            self._narratives.append(self.keep(entry, body))
        elif body is not None:
            self.table.add(body.id, copying.passages(entry["record"].get("sections") or {}))

    def saved(self) -> tuple[dict[str, copying.Copying], set[int]]:
        if self._saved is None:
            self._saved = copying.load(self.files)
        return self._saved

    def keep(self, entry: dict, body) -> copying.Narrative:
        """Keep what the report's next year needs of it (reindex reads the archive once) and return its narrative."""
        fields = entry["record"].get("fields") or {}
        self._kept[entry["id"]] = {"id": entry["id"], "record": {"fields": {key: fields.get(key) for key in _CHANGE_KEYS}}}
        return narrative(entry, body)

    def save(self) -> None:
        """Measure copying over the whole archive (the narratives gathered) and save it; the passage table afresh."""
        narratives, self._narratives = self._narratives, []
        found, common = copying.analyse(narratives)
        copying.save(self.files, found, common)
        self._saved = found, common
        self.table.clear()
        self.table.add_many((n.body, h) for n in narratives if n.year is not None for h in n.passages)

    def previous(self, body_id: str | None, year: int | None) -> dict | None:
        """The archived entry (or what `keep` kept of it) of the body's report for the year before, where
        there is exactly one."""
        if body_id is None or year is None:
            return None
        found = [rid for rid in registry.reports_in(self.root, body_id, year - 1) if rid in self._kept or archive.has(self.root, rid)]
        if len(found) != 1:
            return None
        return self._kept.get(found[0]) or archive.load(self.root, found[0])

    def profile(self, entry: dict, body_id: str | None, year: int | None) -> dict:
        """{"indicators": {name: value}, "copied": share or None, "copying": {"previous", "shared"}} of one report."""
        before = self.previous(body_id, year)
        fields = entry["record"].get("fields") or {}
        values = indicators.values(fields, (before["record"].get("fields") or {}) if before else None)
        saved, common = self.saved()
        known = saved.get(entry["id"])
        previous_id = before["id"] if before else None
        if known is not None and known.previous == previous_id:
            copied = known.copied
        else:
            own = copying.passages(entry["record"].get("sections") or {})
            copied = None if before is None else copying.copied_between(entry["record"], archive.load(self.root, before["id"])["record"],
                                                                        self.table.boilerplate(own))
        shared = known.shared if known is not None else []
        return {"indicators": values, COPIED: copied, "copying": {"previous": previous_id, "shared": shared}}


def numbers(profile: dict) -> dict[str, float]:
    """The number columns of a profile: `ind.<name>` and `copied`, those that are known."""
    out = {indicators.BY_NAME[name].index_key: value for name, value in profile["indicators"].items() if value is not None}
    if profile[COPIED] is not None:
        out[COPIED] = profile[COPIED]
    return out


def narrative(entry: dict, body) -> copying.Narrative:
    """What copying needs of an archived entry whose Body is `body` (None: compared with no previous report)."""
    year = entry["record"].get("year")
    return copying.Narrative.of(entry["id"], body.id if body else f"?{entry['id']}",
                                year if isinstance(year, int) and body else None, entry["record"].get("sections") or {})
