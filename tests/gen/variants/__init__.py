"""Independent, realistic HTML and Word variants of a report, with their expected records.

    documents(variant, count, seed) -> [(file name, bytes, record)]
    score(record, expected) -> (fields right, fields expected, differences)

Variants are in VARIANTS; those made through LibreOffice convert a whole batch in one run.
"""
import random

from tests.gen.gold import as_gold, differences, fields_right
from tests.gen.record import random_record

from . import word_docs
from .html_pages import FAMILIES
from .libreoffice import convert


def variant_record(rng):
    """A record with blanks, broken totals now and then, and either template."""
    return random_record(rng.random(), rng.choice(["2019", "2021"]), consistent=rng.random() < 0.7,
                         blanks=rng.choice([0, 0.1, 0.4]), bare_unit=False)


def _single(make, suffix):
    def batch(records, rngs):
        return [(suffix, make(r, rng)) for r, rng in zip(records, rngs)]
    return batch


VARIANTS = {name: _single(make, ".html") for name, make in FAMILIES.items()}
VARIANTS.update({name: _single(lambda r, rng, name=name: word_docs.record_docx(r, rng, name), ".docx")
                 for name in word_docs.VARIANTS})
VARIANTS["docx-chunk"] = _single(lambda r, rng: word_docs.chunk_docx(FAMILIES["html-cms"](r, rng)), ".docx")


def _through_libreoffice(source, target):
    """A variant made by LibreOffice converting the documents of variant `source` to `target`."""
    def batch(records, rngs):
        made = VARIANTS[source](records, rngs)
        files = [(f"{i:03d}{suffix}", data) for i, (suffix, data) in enumerate(made)]
        return [("." + target, data) for data in convert(files, target)]
    return batch


VARIANTS.update({"docx-lo-html": _through_libreoffice("html-cms", "docx"),
                 "docx-lo-wordhtml": _through_libreoffice("html-word", "docx"),
                 "docx-lo": _through_libreoffice("docx-word", "docx"),
                 "doc-lo": _through_libreoffice("docx-word", "doc"),
                 "rtf-lo": _through_libreoffice("docx-word", "rtf")})  # offices save RTF as .doc


# Variants whose page states its publication date and address in <head> (html_pages.publication_meta).
STATES_PUBLICATION = ("html-cms",)


def published_on_page(record, rng):
    """The record of a page that states when it was published (a few days after the report's date) and its address."""
    year, month, day = (int(p) for p in record["dated"].split("-"))
    shown = min(day + rng.randint(0, 7), 28)
    return {**record, "published": f"{year}-{month:02d}-{shown:02d}",
            "url": f"https://www.example.gov.cn/zwgk/ndbg/{year}{month:02d}/t{year}{month:02d}{shown:02d}_{rng.randint(1, 99999)}.html"}


def documents(variant, count, seed=0):
    rngs = [random.Random(f"{variant}/{seed}/{i}") for i in range(count)]
    records = [variant_record(rng) for rng in rngs]
    if variant in STATES_PUBLICATION:  # its own rng: the documents' draws stay as they were
        records = [published_on_page(r, random.Random(f"{variant}/{seed}/{i}/published")) for i, r in enumerate(records)]
    made = VARIANTS[variant](records, rngs)
    return [(f"{variant}_{i:03d}{suffix}", data, record) for i, ((suffix, data), record) in enumerate(zip(made, records))]


def score(got, record):
    """(fields right, fields expected + keys not expected, every difference) against `record`."""
    gold = as_gold(record)
    extra = len(set(got.get("fields", {})) - set(gold["fields"]))
    return fields_right(got, gold), len(gold["fields"]) + extra, differences(got, gold)
