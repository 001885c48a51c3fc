"""The Whoosh index: its schema, how an archived report becomes a document, and keeping it in step with the archive.

The index holds nothing the archive lacks: `rebuild` makes it from the archive alone and
`sync` repairs an index an interrupted run left behind (reports archived but not indexed,
or indexed but gone from the archive).
"""
from __future__ import annotations

import errno
import json
import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from compare import derived
from ingest.dates import date_number
from ingest.record import tables_not_read
from ingest.schema import ALL_FIELD_KEYS, MONEY_KEYS, SECTIONS, SUM_KEYS, group_sums, is_field_key

from . import archive, backends, dictionary, progress
from .analysis import SECTION_BREAK, GramTokenizer, JiebaTokenizer

if TYPE_CHECKING:
    from whoosh.columns import NumericColumn
    from whoosh.fields import Schema
    from whoosh.index import Index
    from whoosh.writing import IndexWriter

    from .dictionary import Dictionary

INDEX_DIRNAME = "index-v5"  # a new name whenever the schema or the analysis changes
COMMIT_EVERY = 500  # documents per commit: what a kill -9 can cost the index (never the archive)
WRITER_MB = 256  # memory of a writer's posting pool
BULK_SEGMENT_DOCS = 5000  # a bulk build commits a segment this often: its posting pool never spills to disk
BULK_WRITER_MB = 512  # (a pool past its limit is pickled to disk a posting at a time: 82 reports/s instead of 217)
TEXT_FIELDS = ("title", "org") + SECTIONS + ("text",)  # the fields a query term can name
PAIRS_FIELD = "pairs"  # adjacent words of the all-text field as one term each (analysis.pair_terms)
GRAMS_FIELD = "grams"  # every 2- and 3-character run of the all-text field (analysis.gram_terms): fragments
DATE_KEYS = ("published", "dated")  # ISO dates, each a column of YYYYMMDD numbers, so ranges filter and sort
NUMBER_KEYS = ("year",) + DATE_KEYS + ALL_FIELD_KEYS + SUM_KEYS + derived.NUMBER_KEYS  # one float column each, NaN where none
STORED_NUMBERS = "numbers"
STORED_SOURCE = "source"  # {"published", "dated", "url"} as the record has them, for the hits shown
SOURCE_KEYS = DATE_KEYS + ("url",)
TABLES_READ = "tables_read"  # "yes", or "no" for a report whose record holds no table numbers
DICTIONARY_FILE = "dictionary.json"  # in the index folder: the fingerprint of the user dictionary it was cut with


class DictionaryChanged(Exception):
    """The data folder's dictionary is not the one its index was built with; str() says what to run."""


def field_name(key: str) -> str:
    """The Whoosh field of a SCHEMA key: dots become `__` (keys never hold two underscores)."""
    return key.replace(".", "__")


def schema() -> Schema:
    """Text fields indexed (sections with positions, for section phrases); numbers as columns only.

    The all-text field keeps no positions: its phrases are pair terms. Year and every table
    cell are a float column (search/query/columns.py reads them as numpy arrays for filters and
    sorting), not index terms: as terms they would be ~210 a report, most of the indexing
    time, and their range queries most of a filtered search.
    """
    from whoosh import fields

    from .analysis import analyzer

    text = fields.TEXT(analyzer=analyzer(), phrase=True, stored=True)
    spec = {
        "id": fields.ID(stored=True, unique=True, sortable=True),
        "title": text,
        "org": text,
        "template": fields.ID(stored=True),
        "checks": fields.KEYWORD(stored=True, commas=True),
        TABLES_READ: fields.ID(stored=True),
        STORED_SOURCE: fields.STORED(),
        **{section: text for section in SECTIONS},
        "text": fields.TEXT(analyzer=analyzer(), phrase=False),  # every section, for unqualified terms
        PAIRS_FIELD: fields.TEXT(analyzer=analyzer(pairs=True), phrase=False),
        GRAMS_FIELD: fields.TEXT(analyzer=GramTokenizer(), phrase=False),
        STORED_NUMBERS: fields.STORED(),  # {key: value} as the record has it, for the hits shown
    }
    spec.update(derived.schema_fields())
    for key in NUMBER_KEYS:
        spec[field_name(key)] = fields.COLUMN(number_column())
    return fields.Schema(**spec)


def number_column() -> NumericColumn:
    from whoosh.columns import NumericColumn

    return NumericColumn("d", default=float("nan"))


def document(entry: dict) -> dict:
    """The Whoosh document of an archived entry; ValueError when its record breaks SCHEMA.md."""
    record = entry["record"]
    sections = record.get("sections") or {}
    doc = {
        "id": entry["id"],
        "title": record.get("title") or "",
        "org": record.get("org") or "",
        "template": record.get("template") or "",
        "checks": ",".join(check["rule"] for check in record.get("checks") or []),
        TABLES_READ: "no" if tables_not_read(record) else "yes",
        STORED_SOURCE: {key: record.get(key) for key in SOURCE_KEYS},
        **{section: sections.get(section) or "" for section in SECTIONS},
    }
    doc["text"] = doc[PAIRS_FIELD] = doc[GRAMS_FIELD] = SECTION_BREAK.join(doc[section] for section in SECTIONS)
    numbers = doc[STORED_NUMBERS] = {}
    if isinstance(record.get("year"), int):
        numbers["year"] = record["year"]
    for key, value in (record.get("fields") or {}).items():
        if not is_field_key(key):
            raise ValueError(f"unknown field key {key!r}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"field {key} is {value!r}, not a number")
        if key not in MONEY_KEYS and not float(value).is_integer():
            raise ValueError(f"field {key} is {value}, not a whole number")
        numbers[key] = float(value) if key in MONEY_KEYS else int(value)
    numbers.update(group_sums(numbers))
    doc.update((field_name(key), float(value)) for key, value in numbers.items())
    for key in DATE_KEYS:
        if record.get(key) is not None:
            try:
                doc[field_name(key)] = float(date_number(record[key]))
            except ValueError:
                raise ValueError(f"{key} is {record[key]!r}, not an ISO date") from None
    return doc


def index_dir(root: str | Path) -> Path:
    return Path(root) / INDEX_DIRNAME


def exists(root: str | Path) -> bool:
    """True when `root` has an index: one stat of the file create_empty writes last.

    Never a listing of the folder (thousands of files at 100,000 reports, on every request),
    and never whoosh's exists_in, which opens the newest table of contents and fails when a
    commit deletes it meanwhile.
    """
    if backends.database(root) is not None:  # a database's rows are its index
        return True
    return (index_dir(root) / DICTIONARY_FILE).is_file()


def open_index(root: str | Path, create: bool = True) -> Index:
    """The index of a data folder; a new empty one when there is none and `create`."""
    from whoosh import index

    path = index_dir(root)
    if exists(root):
        return index.open_dir(str(path))
    if not create:
        raise FileNotFoundError(f"{root} has no search index; run `nianbao ingest` or `nianbao reindex`")
    return create_empty(path)


def create_empty(path: Path) -> Index:
    """A new empty index in `path`, recording the fingerprint of the dictionary its documents will be cut with."""
    from whoosh import index

    path.mkdir(parents=True, exist_ok=True)
    used = dictionary.for_data(path.parent)
    ix = index.create_in(str(path), schema())
    written = path / (DICTIONARY_FILE + ".tmp")
    written.write_text(json.dumps({"fingerprint": used.fingerprint, "path": str(used.path)}))
    written.replace(path / DICTIONARY_FILE)  # last, whole: exists() is true once the index is complete
    return ix


def built_with(path: str | Path) -> str | None:
    """The fingerprint of the dictionary the index in folder `path` was built with; None when it records none."""
    try:
        return json.loads((Path(path) / DICTIONARY_FILE).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def checked_dictionary(root: str | Path, fingerprint: str | None) -> Dictionary:
    """The data folder's Dictionary; DictionaryChanged (naming the fix) unless its index was built with it."""
    used = dictionary.for_data(root)
    if used.fingerprint != fingerprint:
        raise DictionaryChanged(
            f"the segmenter's dictionary ({used.path}) is not the one the index of {root} was built with, "
            f"so searches would miss what it cuts differently; run `nianbao reindex --data {root}`")
    return used


def check_dictionary(root: str | Path) -> Dictionary:
    """checked_dictionary for the index as it is on disk now."""
    return checked_dictionary(root, built_with(index_dir(root)))


def writer(ix: Index, limitmb: int = WRITER_MB) -> IndexWriter:
    """A writer whose tokenizers cut with the data folder's dictionary (DictionaryChanged when the
    index was built with another), and whose segments stay separate files: a compound segment is
    copied into memory whole each time a searcher opens it (hundreds of MB at 100,000 reports)."""
    folder = Path(ix.storage.folder)
    used = checked_dictionary(folder.parent, built_with(folder))
    out = ix.writer(limitmb=limitmb, compound=False)
    for name in out.schema.names():
        tokenizer = getattr(out.schema[name], "analyzer", None)
        if isinstance(tokenizer, JiebaTokenizer):
            tokenizer.dictionary = used
    return out


def derived_document(deriver: derived.Deriver, entry: dict) -> dict:
    """The document of an archived entry with what compare/ derives for it (body, timeliness, findings):
    the one place the index meets derived data."""
    return {**document(entry), **{field_name(k): v for k, v in deriver.fields(entry).items()}}


def _deriver(ix: Index) -> derived.Deriver:
    return derived.Deriver(Path(ix.storage.folder).parent)


def add_all(ix: Index, entries: Iterable[dict], deriver: derived.Deriver | None = None) -> int:
    """Index every archived entry (their bodies registered already, by `deriver`) in segments of
    BULK_SEGMENT_DOCS, unmerged; return the count."""
    count, out, deriver = 0, None, deriver or _deriver(ix)
    for entry in entries:
        if out is None:
            out = writer(ix, BULK_WRITER_MB)
        out.add_document(**derived_document(deriver, entry))
        count += 1
        if count % BULK_SEGMENT_DOCS == 0:
            out.commit(merge=False)
            out = None
    if out is not None:
        out.commit(merge=False)
    return count


def indexed_counts(ix: Index) -> Counter:
    """{report id: how many live documents the index holds for it} (more than one is a fault verify finds)."""
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return Counter()
        ids = reader.column_reader("id")
        return Counter(ids[docnum] for docnum in reader.all_doc_ids())


def indexed_ids(ix: Index) -> set[str]:
    """The ids of the reports the index holds."""
    return set(indexed_counts(ix))


class Batch:
    """Adds documents to an index and commits every COMMIT_EVERY of them, so a crash costs at most one batch.

    Each report's body is registered as it is added, and its document is made at the commit, once
    every report of the batch is registered: its cross-year findings then see a year before that
    came later in the batch. The same commit indexes again the reports of the same bodies' next
    years that an earlier commit holds, since their findings involve it.
    """

    def __init__(self, ix: Index, size: int = COMMIT_EVERY) -> None:
        self.ix, self.size, self.writer = ix, size, None
        self.deriver, self.dependents, self.queued = _deriver(ix), set(), {}

    @property
    def pending(self) -> int:
        return len(self.queued)

    def add(self, entry: dict) -> None:
        self.deriver.register(entry)
        self.dependents |= self.deriver.dependents(entry)
        self.queued[entry["id"]] = entry
        if self.pending >= self.size:
            self.commit()

    def delete(self, report_id: str) -> None:
        self._writer().delete_by_term("id", report_id)

    def commit(self) -> None:
        """Commit what was added and its dependents in one commit, merging at most what merge.bounded
        allows (never the whole index)."""
        from .merge import bounded

        queued, self.queued = self.queued, {}
        for entry in queued.values():
            self._writer().add_document(**derived_document(self.deriver, entry))
        self._refresh_dependents(set(queued))
        if self.writer is not None:
            self.writer.commit(mergetype=bounded)
        self.writer = None

    def _writer(self) -> IndexWriter:
        if self.writer is None:
            self.writer = writer(self.ix)
        return self.writer

    def _refresh_dependents(self, added: set[str]) -> None:
        """Index again the reports of self.dependents that an earlier commit holds."""
        stale, self.dependents = self.dependents - added, set()
        if not stale:
            return
        with self.ix.searcher() as searcher:
            stale = sorted(rid for rid in stale if searcher.document_number(id=rid) is not None)
        root = Path(self.ix.storage.folder).parent
        for report_id in stale:
            if archive.has(root, report_id):
                self._writer().update_document(**derived_document(self.deriver, archive.load(root, report_id)))


def sync(root: str | Path, ix: Index) -> tuple[int, int]:
    """Make the index agree with the archive; return (added, removed) counts."""
    archived = set(archive.report_ids(root))
    indexed = indexed_ids(ix)
    batch = Batch(ix)
    for report_id in sorted(indexed - archived):
        batch.delete(report_id)
    for report_id in sorted(archived - indexed):
        batch.add(archive.load(root, report_id))
    batch.commit()
    return len(archived - indexed), len(indexed - archived)


def rebuild(root: str | Path) -> int:
    """Build a fresh index from the archive alone, beside the old one, then swap it in; return the report count."""
    if (db := backends.database(root)) is not None:
        return db.rebuild()
    final = index_dir(root)
    fresh = final.with_name(final.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    deriver = derived.Deriver(root)
    deriver.rebuild_registry(archive.entries(root))
    entries = progress.tracked(archive.entries(root), len(archive.report_ids(root)), "reindex")
    count = add_all(create_empty(fresh), entries, deriver)
    if final.exists():
        exchange(fresh, final)  # `fresh` now holds the old index
        shutil.rmtree(fresh, ignore_errors=True)
    else:
        fresh.rename(final)
    return count


def exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so a search never finds the index
    missing; elsewhere two renames, with a moment between them in which it is."""
    import ctypes
    import os

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):  # not a file system or kernel without it
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a), None, str(b))
    aside = b.with_name(b.name + ".old")
    shutil.rmtree(aside, ignore_errors=True)
    b.rename(aside)
    a.rename(b)
    aside.rename(a)
