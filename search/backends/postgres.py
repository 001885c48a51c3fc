"""The archive in PostgreSQL: records, the ingest log and the search index in one database many
machines share; the originals in a folder every machine mounts, named by content hash as in a
data folder (`<files>/originals/ab/abcd…`).

    postgresql://user:password@host/db?files=/mnt/nianbao     (or $NIANBAO_FILES for the folder)

One row a report holds its entry (the same JSON a data folder's record file holds), a real
column for every number a filter or sort names (year, dates, every SCHEMA key, the group sums,
and what compare/derived.py derives: late_days, ind.*, copied), a text column for each keyword
a facet counts (template, checks, tables_read, body, region, level, kind, timeliness, findings),
and for each text field the rjieba words as a tsvector with positions (the same cut the Whoosh
index makes, so phrases are `<->` chains) and the normalised text. Recall is a substring
match: every character and character pair of the report is a lexeme of one more tsvector, so a
GIN index finds the candidates and LIKE on the normalised text confirms them.

The body registry (compare/registry.py) is a table of its own. A report is stored, its body
registered, its derived columns computed by the same Deriver a data folder's index uses, and the
same body's next-year reports (whose findings involve it) derived again, in one transaction, so a reader sees it whole or not at all and a
search never fails or goes empty while an ingest commits. Writers take turns on one advisory lock
(archive.locked), as they take turns on a data folder's flock: a killed writer's lock dies with
its connection.
"""
from __future__ import annotations

import functools
import math
import os
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from compare import derived
from ingest.numbers import fold_width

from .. import analysis, archive, dictionary, index
from . import BackendError

REPORTS, LOG, META, BODIES = "nianbao_reports", "nianbao_log", "nianbao_meta", "nianbao_bodies"
DERIVED_META = "derived"  # META key present once every row holds its derived columns
FILES_PARAM, FILES_ENV = "files", "NIANBAO_FILES"  # the originals folder: ?files= in the URL, else this variable
WRITE_LOCK_KEY = 0x6E69616E  # pg_advisory_lock key of the archive's writers ("nian")
SCHEMA_LOCK_KEY = WRITE_LOCK_KEY + 1  # taken while the tables are created, so two first connections do not race
MAX_POSITION = 16383  # PostgreSQL keeps tsvector positions up to this; later words share it (phrases there may miss)
MAX_POSITIONS_PER_WORD = 256  # and this many positions of one lexeme
STATEMENT_PAGE = 500  # rows a streaming read (entries) fetches at a time
TEXT_FIELDS = index.TEXT_FIELDS  # title, org, the sections, and text (every section)
INDEXED_TEXT = ("title", "org", "text")  # words with a GIN index; a section's words are checked within text's hits
# The keyword columns of compare/derived.py, as the Whoosh document holds them (a list is comma-joined)
DERIVED_KEYWORDS = (derived.BODY, derived.REGION, derived.LEVEL, derived.KIND, derived.TIMELINESS, derived.FINDINGS)
KEYWORDS = ("template", index.TABLES_READ, "checks") + DERIVED_KEYWORDS  # one text column each: filters and facets
LISTS = ("checks", derived.REGION, derived.FINDINGS)  # keyword columns holding a comma-joined list (Whoosh KEYWORD commas)


def _column(key: str) -> str:
    """The quoted column of a number key (year, published, a SCHEMA key with its dots)."""
    return '"' + key.replace('"', "") + '"'


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _flat(text: str) -> str:
    """The text a substring is looked for in: full-width folded, lower case, whitespace gone (a PDF line
    break inside a word must not hide it)."""
    return "".join(fold_width(text).lower().split())


def _grams(flat: str) -> list[str]:
    """Every character and every pair of adjacent characters of `flat`."""
    return list(set(flat) | {flat[i:i + 2] for i in range(len(flat) - 1)})


def tsvector_literal(terms: Sequence[analysis.Term]) -> str:
    """The tsvector text of (term, position, start, end) terms: positions from 1, as PostgreSQL keeps them."""
    positions: dict[str, list[int]] = {}
    for term, pos, _, _ in terms:
        positions.setdefault(term, []).append(min(pos + 1, MAX_POSITION))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, sorted(set(p))[:MAX_POSITIONS_PER_WORD]))}"
                    for t, p in positions.items())


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _schema_sql() -> list[str]:
    numbers = ", ".join(f"{_column(key)} double precision" for key in index.NUMBER_KEYS)
    texts = ", ".join(f"{field}_tsv tsvector NOT NULL, {field}_flat text NOT NULL" for field in TEXT_FIELDS)
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE TABLE IF NOT EXISTS {META} (key text PRIMARY KEY, value text NOT NULL)",
        f"""CREATE TABLE IF NOT EXISTS {REPORTS} (
            seq bigserial UNIQUE, id text PRIMARY KEY, name text NOT NULL, size bigint NOT NULL,
            ingested_at text NOT NULL, entry json NOT NULL, title text NOT NULL, org text NOT NULL,
            template text NOT NULL, tables_read text NOT NULL, checks text NOT NULL, stored json NOT NULL,
            {texts}, grams tsvector NOT NULL, {numbers})""",
        *[f"CREATE INDEX IF NOT EXISTS {REPORTS}_{field}_tsv ON {REPORTS} USING gin ({field}_tsv)" for field in INDEXED_TEXT],
        f"CREATE INDEX IF NOT EXISTS {REPORTS}_grams ON {REPORTS} USING gin (grams)",
        f"CREATE INDEX IF NOT EXISTS {REPORTS}_year ON {REPORTS} ({_column('year')})",
        f"CREATE TABLE IF NOT EXISTS {LOG} (seq bigserial PRIMARY KEY, line json NOT NULL)",
        # added after the first release: a database made before gets them here, and `nianbao reindex` fills them
        *[f"ALTER TABLE {REPORTS} ADD COLUMN IF NOT EXISTS {name} text NOT NULL DEFAULT ''" for name in DERIVED_KEYWORDS],
        f"CREATE INDEX IF NOT EXISTS {REPORTS}_body ON {REPORTS} (body)",
        f"CREATE TABLE IF NOT EXISTS {BODIES} (id text PRIMARY KEY, entry json NOT NULL)",
        # rows stored from now on are derived as they come; a database's older rows wait for a reindex
        f"INSERT INTO {META} SELECT '{DERIVED_META}', 'yes' WHERE NOT EXISTS (SELECT 1 FROM {REPORTS}) ON CONFLICT DO NOTHING",
    ]


def split_url(url: str) -> tuple[str, Path | None]:
    """(the libpq URL, the originals folder) of a --data URL; the folder from ?files= or $NIANBAO_FILES."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    files = [value for key, value in query if key == FILES_PARAM] or [os.environ.get(FILES_ENV)]
    rest = urllib.parse.urlencode([(key, value) for key, value in query if key != FILES_PARAM])
    return urllib.parse.urlunsplit(parts._replace(query=rest)), Path(files[-1]) if files[-1] else None


class Postgres:
    """One database's archive: the calls search/archive.py, search/index.py, store, search and verify hand it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conninfo, self._files = split_url(url)
        self._local = threading.local()  # one connection per thread (the web app serves from several)

    # -- connection and tables --

    @property
    def files(self) -> Path:
        if self._files is None:
            raise BackendError(f"{self.safe_url()} names no folder for the originals: add ?{FILES_PARAM}=/shared/folder "
                               f"to the URL or set ${FILES_ENV}")
        return self._files

    def safe_url(self) -> str:
        """The URL without its password, for messages."""
        parts = urllib.parse.urlsplit(self.url)
        host = parts.netloc.rsplit("@", 1)[-1]
        user = parts.username + "@" if parts.username else ""
        return urllib.parse.urlunsplit(parts._replace(netloc=user + host))

    def conn(self):
        """This thread's connection (autocommit: every write below is its own explicit transaction)."""
        import psycopg

        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = psycopg.connect(self.conninfo, autocommit=True)
            except psycopg.Error as exc:
                raise BackendError(f"cannot connect to {self.safe_url()}: {str(exc).strip().splitlines()[0]}") from None
            self._local.conn = conn
            self._ensure_tables(conn)
        return conn

    def _ensure_tables(self, conn) -> None:
        if conn.execute("SELECT to_regclass(%s)", (BODIES,)).fetchone()[0] is not None:  # the last table made
            return
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            for statement in _schema_sql():
                conn.execute(statement)
            conn.execute(f"INSERT INTO {META} VALUES ('dictionary', %s) ON CONFLICT DO NOTHING",
                         (self.dictionary().fingerprint,))

    def dictionary(self) -> dictionary.Dictionary:
        """The segmenter's dictionary: the originals folder's userdict.txt, else the packaged one."""
        return dictionary.for_data(self._files) if self._files else dictionary.load(dictionary.PACKAGED)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the archive's write lock (archive.locked): freed at the end, or when the connection dies."""
        conn = self.conn()
        conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))

    # -- the archive --

    def has(self, report_id: str) -> bool:
        return self.conn().execute(f"SELECT 1 FROM {REPORTS} WHERE id = %s", (report_id,)).fetchone() is not None

    def load(self, report_id: str) -> dict:
        row = self.conn().execute(f"SELECT entry FROM {REPORTS} WHERE id = %s", (report_id,)).fetchone()
        if row is None:
            raise FileNotFoundError(f"no report {report_id} in {self.safe_url()}")
        return row[0]

    def report_ids(self) -> list[str]:
        return [row[0] for row in self.conn().execute(f"SELECT id FROM {REPORTS} ORDER BY id")]

    def entries(self) -> Iterator[dict]:
        """Every entry in id order, fetched a page at a time (a server-side cursor on a connection of its own)."""
        import psycopg

        with psycopg.connect(self.conninfo) as conn, conn.cursor(name="entries") as cursor:
            cursor.itersize = STATEMENT_PAGE
            cursor.execute(f"SELECT entry FROM {REPORTS} ORDER BY id")
            for (entry,) in cursor:
                yield entry

    def store(self, data: bytes, entry: dict) -> None:
        """Write the original (content-hash named, atomically) and the row of `entry`: added, or replaced
        when the report is there (a record extracted again). In the same transaction, under the write lock:
        its body registered, its derived columns, and those of the same body's next-year reports again."""
        archive.write_atomic(archive.original_path(self.files, entry["id"]), data)
        conn = self.conn()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))  # re-entrant under locked()
            deriver = derived.Deriver(self.url)
            deriver.register(entry)
            self._write_row(entry, deriver)
            for report_id in sorted(deriver.dependents(entry) - {entry["id"]}):
                if self.has(report_id):
                    self._write_row(self.load(report_id), deriver)

    def _write_row(self, entry: dict, deriver: derived.Deriver) -> None:
        """Insert or replace the row of `entry`, its derived columns from `deriver`."""
        from psycopg.types.json import Json

        row = self.row(entry, deriver)
        names = ", ".join(["id", "name", "size", "ingested_at", "entry"] + list(row))
        holes = ", ".join(["%s"] * (5 + len(row)))
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names.split(", ")[1:])
        values = [entry["id"], entry["name"], entry["size"], entry["ingested_at"], Json(entry),
                  *(Json(v) if name == "stored" else v for name, v in row.items())]
        self.conn().execute(f"INSERT INTO {REPORTS} ({names}) VALUES ({holes}) ON CONFLICT (id) DO UPDATE SET {updates}",
                            values)

    def row(self, entry: dict, deriver: derived.Deriver) -> dict[str, object]:
        """The searchable columns of an entry: text fields as words and normalised text, keywords and numbers
        (its own and the derived, index.derived_document's) as columns."""
        doc = index.derived_document(deriver, entry)
        used = self.dictionary()
        row: dict[str, object] = {"title": doc["title"], "org": doc["org"],
                                  **{name: doc[name] for name in KEYWORDS},
                                  "stored": {name: doc[name] for name in stored_names() if name in doc}}
        grams: set[str] = set()
        for field in TEXT_FIELDS:
            row[f"{field}_tsv"] = tsvector_literal(analysis.field_terms(doc[field], used))
            row[f"{field}_flat"] = flat = analysis.SECTION_BREAK.join(_flat(part) for part in doc[field].split(analysis.SECTION_BREAK))
            if field != "text":  # text repeats the sections
                grams.update(_grams(flat))
        row["grams"] = " ".join(map(_lexeme, sorted(grams)))
        for key in index.NUMBER_KEYS:
            row[_column(key)] = doc.get(index.field_name(key))
        return row

    def delete(self, report_id: str) -> None:
        self.conn().execute(f"DELETE FROM {REPORTS} WHERE id = %s", (report_id,))

    def log(self, line: dict) -> None:
        from psycopg.types.json import Json

        self.conn().execute(f"INSERT INTO {LOG} (line) VALUES (%s)", (Json(line),))

    def read_log(self) -> list[dict]:
        return [row[0] for row in self.conn().execute(f"SELECT line FROM {LOG} ORDER BY seq")]

    def count(self) -> int:
        return self.conn().execute(f"SELECT count(*) FROM {REPORTS}").fetchone()[0]

    # -- the body registry (compare/registry.py's entries, one row a body) --

    def body_entry(self, body_id: str) -> dict | None:
        row = self.conn().execute(f"SELECT entry FROM {BODIES} WHERE id = %s", (body_id,)).fetchone()
        return row[0] if row else None

    def put_body(self, entry: dict) -> None:
        from psycopg.types.json import Json

        self.conn().execute(f"INSERT INTO {BODIES} VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET entry = EXCLUDED.entry",
                            (entry["id"], Json(entry)))

    def clear_bodies(self) -> None:
        self.conn().execute(f"DELETE FROM {BODIES}")

    def body_entries(self) -> Iterator[dict]:
        for (entry,) in self.conn().execute(f"SELECT entry FROM {BODIES} ORDER BY id").fetchall():
            yield entry

    # -- the index: the rows' words, cut with the dictionary recorded in META --

    def built_with(self) -> str | None:
        row = self.conn().execute(f"SELECT value FROM {META} WHERE key = 'dictionary'").fetchone()
        return row[0] if row else None

    def derived(self) -> bool:
        """Whether every row holds its derived columns (false in a database made before they existed, until a reindex)."""
        return self.conn().execute(f"SELECT 1 FROM {META} WHERE key = '{DERIVED_META}'").fetchone() is not None

    def check_dictionary(self) -> dictionary.Dictionary:
        """The dictionary; index.DictionaryChanged (naming the fix) unless the rows were cut with it and hold
        their derived columns (a filter on a column left empty would silently find nothing)."""
        if not self.derived():
            raise index.DictionaryChanged(
                f"the rows of {self.safe_url()} were stored before they held derived data (bodies, findings, "
                f"timeliness, indicators), so filters and facets on it would miss them; run `nianbao reindex --data URL`")
        used = self.dictionary()
        if used.fingerprint != self.built_with():
            raise index.DictionaryChanged(
                f"the segmenter's dictionary ({used.path}) is not the one the words of {self.safe_url()} were cut with, "
                f"so searches would miss what it cuts differently; run `nianbao reindex --data URL`")
        return used

    def rebuild(self) -> int:
        """Derive every report again (bodies, findings, copying over the whole archive: compare/derived.py) and
        cut its words again with today's dictionary, in one transaction; return the count."""
        from .. import progress

        conn = self.conn()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            total = self.count()
            deriver = derived.Deriver(self.url)
            deriver.rebuild_registry(self.entries())  # streamed a page at a time, twice: as a data folder's reindex
            for entry in progress.tracked(self.entries(), total, "reindex"):
                self._write_row(entry, deriver)
            conn.execute(f"INSERT INTO {META} VALUES ('dictionary', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                         (self.dictionary().fingerprint,))
            conn.execute(f"INSERT INTO {META} VALUES ('{DERIVED_META}', 'yes') ON CONFLICT DO NOTHING")
        return total

    def open_or_rebuild(self, stream: TextIO) -> None:
        """What an ingest does first: rows cut with another dictionary, or stored before they held derived data,
        are made again."""
        try:
            self.check_dictionary()
        except index.DictionaryChanged as exc:
            why = str(exc).split("; run `")[0]
            print(f"nianbao: {why}; made every row again: {self.rebuild()} reports", file=stream)

    # -- search --

    def search(self, text: str, conditions: Sequence, sort: str | None, limit: int | None, offset: int,
               facets: Sequence[str] = (), values: Sequence[str] = ()) -> dict:
        """query.find.search on this database, its filters made (parse.filters): the same results and QueryErrors."""
        from . import sql_query

        return sql_query.search(self, text, conditions, sort, limit, offset, facets, values)

    def idf(self, conn, scored: list[tuple[str, str]]) -> list[float]:
        """Whoosh's idf (log(N / (df + 1)) + 1) of each (field, tsquery)."""
        if not scored:
            return []
        counts = ", ".join(f"(SELECT count(*) FROM {REPORTS} WHERE {_words_match(field)})" for field, _ in scored)
        params = [p for field, q in scored for p in _words_params(field, q)]
        row = conn.execute(f"SELECT (SELECT count(*) FROM {REPORTS}), {counts}", params).fetchone()
        total = row[0]
        return [math.log(total / (df + 1)) + 1 for df in row[1:]]


@functools.cache
def stored_names() -> tuple[str, ...]:
    """The fields the Whoosh index stores for a hit (index.schema), kept in the row's `stored` so a hit is built
    as the folder builds it, without the record's group sums computed again."""
    return tuple(name for name, field in index.schema().items() if field.stored)


def _words_match(field: str) -> str:
    """SQL: the field's words hold the tsquery parameter (a section's within text's, which has the GIN index)."""
    if field in INDEXED_TEXT:
        return f"{field}_tsv @@ %s::tsquery"
    return f"(text_tsv @@ %s::tsquery AND {field}_tsv @@ %s::tsquery)"


def _words_params(field: str, tsquery: str) -> list[str]:
    return [tsquery] if field in INDEXED_TEXT else [tsquery, tsquery]
