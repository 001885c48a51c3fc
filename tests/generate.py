"""Test documents with their expected records: the general case the seeds' zero-filled tables hide.

    random_record(seed, template=None, **options) -> record (SCHEMA shape, `checks` as rule names)
    write_text(record, layout, encoding="utf-8", rng=None) -> bytes   layouts: TEXT_LAYOUTS
    gold_record(record, file) -> dict (the gold format score.py reads)

    python -m tests.generate --out DIR --count N [--seed S] [--formats text,pdf]
    python -m tests.generate --sample DIR          # the small bundled corpus
"""
import argparse
import json
import random
from pathlib import Path

from tests.gen.gold import gold_record
from tests.gen.record import random_record
from tests.gen.text import ENCODINGS, LAYOUTS, write_text

TEXT_LAYOUTS = tuple(LAYOUTS)
__all__ = ["random_record", "write_text", "gold_record", "TEXT_LAYOUTS", "ENCODINGS", "random_document"]


def random_document(index, seed=0, formats=("text",)):
    """(file name, bytes, expected record) of the `index`-th document of a run."""
    rng = random.Random(seed * 1_000_003 + index)
    record = random_record(rng.random(), consistent=rng.random() < 0.75,
                           blanks=rng.choice([0, 0, 0.1, 0.4]))
    fmt = rng.choice(formats)
    layout = rng.choice(TEXT_LAYOUTS)
    encoding = rng.choice(ENCODINGS)
    data = write_text(record, layout, encoding, rng)
    return f"{index:04d}_{layout}_{encoding}.txt", data, record


def write_document(out, name, data, record):
    (out / name).write_bytes(data)
    gold = gold_record(record, name)
    (out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--formats", default="text")
    args = ap.parse_args(argv)
    if not args.out:
        ap.error("--out is required")
    args.out.mkdir(parents=True, exist_ok=True)
    formats = tuple(args.formats.split(","))
    for i in range(args.count):
        write_document(args.out, *random_document(i, args.seed, formats))


if __name__ == "__main__":
    main()
