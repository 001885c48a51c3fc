"""What the index holds about a report beyond its record: its body, timeliness and cross-year findings.

All of it is derived from the archive (plus the data folder's override and deadline files), so
`nianbao reindex` rebuilds it. On a PostgreSQL archive the reports and the body registry are read
from the database, and the override and deadline files from its originals folder.

search/index.py calls one `Deriver` per writer (search/backends/postgres.py one per stored report):
`register` a report's body, `fields` for its index document (or row), `dependents` for the reports
whose findings change when it arrives (the same body's year after), whatever order they come in.
"""
from __future__ import annotations

from pathlib import Path

from search import archive, backends

from . import bodies, findings, measures, overrides, registry, timeliness

# Index fields (search/index.py adds them to its schema): keyword fields facet and filter, STORED is shown with hits.
BODY, REGION, LEVEL, KIND, TIMELINESS, FINDINGS, STORED = "body", "region", "level", "kind", "timeliness", "findings", "derived"
LATE_DAYS = "late_days"  # a number column: days past the deadline (negative: before it), NaN when unknown
NUMBER_KEYS = (LATE_DAYS,) + measures.NUMBER_KEYS  # and ind.<name>, copied (compare/measures.py)


def schema_fields() -> dict:
    """{name: Whoosh field} of the derived fields (late_days is a number column, added with the others)."""
    from whoosh import fields

    return {
        BODY: fields.ID(stored=True, sortable=True),
        REGION: fields.KEYWORD(stored=True, commas=True),  # province, city, county and town names, each a term
        LEVEL: fields.ID(stored=True, sortable=True),
        KIND: fields.ID(stored=True, sortable=True),
        TIMELINESS: fields.ID(stored=True, sortable=True),
        FINDINGS: fields.KEYWORD(stored=True, commas=True),
        STORED: fields.STORED(),
    }


def _year(entry):
    year = entry["record"].get("year")
    return year if isinstance(year, int) else None


class Deriver:
    """The derived fields of an archive's reports, with its override and deadline files read once.

    `root` is a data folder or a database URL (search/backends): reports and the registry are read
    through it, the override, deadline and derived files from its files folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = root if backends.is_database(root) else Path(root)
        files = backends.files_root(root)
        self.overrides = overrides.load(files)  # OverrideError names the file
        self.rules = timeliness.load_rules(files)  # RulesError names the file
        self._bodies: dict[str, bodies.Body | None] = {}
        self._shared: dict[str, bodies.Body] = {}
        self._views: dict[str, dict] = {}  # report id → findings.chain_view of the reports registered through it
        self._gathered: dict[str, tuple] | None = None  # body id → (Body, its reports) while rebuild_registry runs
        self.measures = measures.Measures(root)

    def body(self, entry: dict) -> bodies.Body | None:
        if entry["id"] not in self._bodies:
            body = bodies.identify(entry["record"], entry["id"], self.overrides)
            # one instance a body: a reindex keeps every report's, and a body's reports differ only in evidence
            self._bodies[entry["id"]] = self._shared.setdefault(body.id, body) if body is not None else None
        return self._bodies[entry["id"]]

    def register(self, entry: dict) -> None:
        """Add the report to its body's registry entry (call under the data folder's lock); during
        rebuild_registry the entries are gathered and each body's file written once at the end."""
        body = self.body(entry)
        self._views[entry["id"]] = findings.chain_view(entry["record"])
        self.measures.register(entry, body, gathering=self._gathered is not None)
        if body is not None:
            report = (entry["id"], _year(entry), bodies.org_name(entry["record"])[1])
            if self._gathered is not None:
                self._gathered.setdefault(body.id, (body, []))[1].append(report)
            else:
                registry.add(self.root, body, *report)

    def _previous(self, body_id, year):
        """The chain views of the body's reports for `year` (kept ones, else read from the archive)."""
        views = []
        for rid in registry.reports_in(self.root, body_id, year):
            if rid in self._views:
                views.append(self._views[rid])
            elif archive.has(self.root, rid):
                views.append(findings.chain_view(archive.load(self.root, rid)["record"]))
        return views

    def profile(self, entry: dict) -> dict:
        """{"body", "timeliness", "findings", "not_compared"}: what a hit and the report's API carry."""
        body, year = self.body(entry), _year(entry)
        cross = {"findings": [], "not_compared": [{"rule": "yoy.*", "why": "the report's body or year is unknown"}]}
        if body is not None and year is not None:
            cross = findings.cross_year(entry["record"], self._previous(body.id, year - 1))
        return {"body": body.summary() if body else None,
                "timeliness": timeliness.timeliness(entry["record"], body, self.rules), **cross,
                **self.measures.profile(entry, body.id if body else None, year)}

    def fields(self, entry: dict) -> dict:
        """The derived fields of the report's index document."""
        profile = self.profile(entry)
        body = profile["body"] or {"id": "", "region": {}, "level": None, "kind": None}
        doc = {
            BODY: body["id"],
            REGION: ",".join(v for v in body["region"].values() if v),
            LEVEL: body["level"] or "",
            KIND: body["kind"] or "",
            TIMELINESS: profile["timeliness"]["status"],
            FINDINGS: ",".join(f["rule"] for f in profile["findings"]),
            STORED: profile,
        }
        if profile["timeliness"]["late_days"] is not None:
            doc[LATE_DAYS] = float(profile["timeliness"]["late_days"])
        doc.update(measures.numbers(profile))
        return doc

    def dependents(self, entry: dict) -> set[str]:
        """The ids of the same body's reports for the year after, registered already: their findings
        involve this one. (The year before's do not: a report is only compared with its year before.)"""
        body, year = self.body(entry), _year(entry)
        if body is None or year is None:
            return set()
        return set(registry.reports_in(self.root, body.id, year + 1))

    def rebuild_registry(self, entries) -> None:
        """Register every archived entry afresh (reindex: overrides may have moved reports between bodies),
        writing each body's file once, and keep each report's chain view for the findings that follow;
        measure copying over the whole archive (compare/measures.py)."""
        registry.clear(self.root)
        self._gathered = {}
        for entry in entries:
            self.register(entry)
        for body, reports in self._gathered.values():
            registry.write(self.root, body, reports)
        self._gathered = None
        self.measures.save()
