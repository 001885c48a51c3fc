"""The Whoosh index: its schema, how an archived report becomes a document, and keeping it in step with the archive.

The index holds nothing the archive lacks: `rebuild` makes it from the archive alone and
`sync` repairs an index an interrupted run left behind (reports archived but not indexed,
or indexed but gone from the archive).
"""
import shutil
from pathlib import Path

from ingest.schema import ALL_FIELD_KEYS, MONEY_KEYS, SECTIONS, is_field_key

from . import archive
from .analysis import SECTION_BREAK

INDEX_DIRNAME = "index-v1"  # a new name whenever the schema or the analysis changes
COMMIT_EVERY = 500  # documents per commit: what a kill -9 can cost the index (never the archive)
TEXT_FIELDS = ("title", "org") + SECTIONS + ("text",)  # the fields a query term can name
META_FIELDS = ("id", "title", "org", "year", "template", "checks")


def field_name(key):
    """The Whoosh field of a SCHEMA key: dots become `__` (keys never hold two underscores)."""
    return key.replace(".", "__")


def field_key(name):
    return name.replace("__", ".")


def schema():
    from whoosh import fields

    from .analysis import analyzer

    text = fields.TEXT(analyzer=analyzer(), phrase=True, stored=True)
    spec = {
        "id": fields.ID(stored=True, unique=True, sortable=True),
        "title": text,
        "org": text,
        "year": fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        "template": fields.ID(stored=True),
        "checks": fields.KEYWORD(stored=True, commas=True),
        **{section: text for section in SECTIONS},
        "text": fields.TEXT(analyzer=analyzer(), phrase=True),  # every section, for unqualified terms
    }
    for key in ALL_FIELD_KEYS:
        spec[field_name(key)] = numeric_field(key)
    return fields.Schema(**spec)


def numeric_field(key):
    """A table cell: money as float; counts as 32-bit ints indexed as one term (no trie tiers).

    Whoosh's default trie (shift_step 4) indexes 8-16 terms per value; with ~190 counts a
    report that was most of the indexing time. Counts take few distinct values, so a range
    query over plain terms stays cheap. Sorting uses the terms too; only money, with many
    distinct values, keeps a sort column and a coarse trie.
    """
    from whoosh import fields

    if key in MONEY_KEYS:
        return fields.NUMERIC(float, stored=True, sortable=True, shift_step=16)
    return fields.NUMERIC(int, bits=32, shift_step=32, stored=True)


def document(entry):
    """The Whoosh document of an archived entry; ValueError when its record breaks SCHEMA.md."""
    record = entry["record"]
    sections = record.get("sections") or {}
    doc = {
        "id": entry["id"],
        "title": record.get("title") or "",
        "org": record.get("org") or "",
        "template": record.get("template") or "",
        "checks": ",".join(check["rule"] for check in record.get("checks") or []),
        **{section: sections.get(section) or "" for section in SECTIONS},
    }
    doc["text"] = SECTION_BREAK.join(doc[section] for section in SECTIONS)
    if isinstance(record.get("year"), int):
        doc["year"] = record["year"]
    for key, value in (record.get("fields") or {}).items():
        if not is_field_key(key):
            raise ValueError(f"unknown field key {key!r}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"field {key} is {value!r}, not a number")
        if key in MONEY_KEYS:
            doc[field_name(key)] = float(value)
        elif float(value).is_integer():
            doc[field_name(key)] = int(value)
        else:
            raise ValueError(f"field {key} is {value}, not a whole number")
    return doc


def index_dir(root):
    return Path(root) / INDEX_DIRNAME


def exists(root):
    from whoosh import index

    return index_dir(root).is_dir() and index.exists_in(str(index_dir(root)))


def open_index(root, create=True):
    """The index of a data folder; a new empty one when there is none and `create`."""
    from whoosh import index

    path = index_dir(root)
    if exists(root):
        return index.open_dir(str(path))
    if not create:
        raise FileNotFoundError(f"{root} has no search index; run `nianbao ingest` or `nianbao reindex`")
    path.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(path), schema())


def indexed_ids(ix):
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return set()
        ids = reader.column_reader("id")
        return {ids[docnum] for docnum in reader.all_doc_ids()}


class Batch:
    """Adds documents to an index and commits every COMMIT_EVERY of them, so a crash costs at most one batch."""

    def __init__(self, ix, size=COMMIT_EVERY):
        self.ix, self.size, self.pending, self.writer = ix, size, 0, None

    def add(self, entry):
        doc = document(entry)
        if self.writer is None:
            self.writer = self.ix.writer(limitmb=256)
        self.writer.add_document(**doc)
        self.pending += 1
        if self.pending >= self.size:
            self.commit()

    def delete(self, report_id):
        if self.writer is None:
            self.writer = self.ix.writer(limitmb=256)
        self.writer.delete_by_term("id", report_id)
        self.pending += 1

    def commit(self):
        if self.writer is not None:
            self.writer.commit()
        self.writer, self.pending = None, 0


def sync(root, ix):
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


def rebuild(root):
    """Build a fresh index from the archive alone, beside the old one, then swap it in; return the report count."""
    from whoosh import index

    final = index_dir(root)
    fresh = final.with_name(final.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    ix = index.create_in(str(fresh), schema())
    writer = ix.writer(limitmb=256)
    count = 0
    for entry in archive.entries(root):
        writer.add_document(**document(entry))
        count += 1
    writer.commit()
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return count
