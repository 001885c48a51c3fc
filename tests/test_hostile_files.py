"""Hostile and broken files through the real `nianbao extract` and `nianbao ingest`: each ends with a
correct record or one line naming the file and the reason, never a traceback, and what ingest
leaves behind passes `nianbao verify`.

Every file is made here, in tmp_path: a decompression bomb is ~10 KB of PDF whose content stream
inflates to 2 GB, a 50 MB text is written on the spot.
"""
import json
import random
import struct
import zlib

import pymupdf

from tests.conftest import nianbao, stderr_lines
from tests.gen.pdf import write_pdf
from tests.gen.record import random_record
from tests.gen.text import write_text


def report(seed=1):
    return random_record(seed)


def good_pdf(seed=1):
    return write_pdf(report(seed), "ruled", random.Random(seed))


def inflating_stream(mb):
    """zlib data of `mb` MiB of spaces: one compressed MiB repeated after full flushes (compressing
    gigabytes would take seconds), the end's checksum computed for the whole."""
    block = b" " * 2**20
    co = zlib.compressobj(9)
    first = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    repeat = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    end = co.flush()[:-4]
    adler = 1
    for _ in range(mb):
        adler = zlib.adler32(block, adler)
    return first + repeat * (mb - 1) + end + struct.pack(">I", adler)


def bomb_pdf(mb=2048):
    """A one-page PDF whose content stream is flate over flate: ~10 KB on disk, `mb` MiB inflated."""
    stream = zlib.compress(inflating_stream(mb), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(stream) + stream
               + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def blank_pages_pdf(count):
    doc = pymupdf.open()
    for _ in range(count):
        doc.new_page()
    return doc.tobytes()


def image_only_pdf():
    doc = pymupdf.open()
    page = doc.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 300), 0)
    pixmap.clear_with(180)
    page.insert_image(page.rect, pixmap=pixmap)
    return doc.tobytes()


def encrypted_pdf(user_pw="secret"):
    doc = pymupdf.open(stream=good_pdf(), filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw, owner_pw="owner")


def corrupted(data, seed=3, count=200):
    """`data` with `count` random bytes overwritten past the header."""
    out, rng = bytearray(data), random.Random(seed)
    for _ in range(count):
        out[rng.randrange(16, len(out))] = rng.randrange(256)
    return bytes(out)


def mixed_encodings(record):
    """The report's lines alternately in UTF-8 and GBK, as pieces pasted together leave it."""
    lines = write_text(record, "tsv", "utf-8").decode("utf-8").split("\n")
    return b"\n".join(line.encode("gbk" if n % 2 else "utf-8") for n, line in enumerate(lines))


# name -> (bytes, what stderr says); the refused files of the issue
REFUSED = {
    "zero.pdf": (lambda: b"", "empty file"),
    "zero.txt": (lambda: b"", "empty file"),  # the same bytes again: failed again, not a "duplicate" of nothing
    "truncated.pdf": (lambda: good_pdf()[:30000], "truncated PDF"),
    "cut-in-header.pdf": (lambda: good_pdf()[:200], "damaged or truncated PDF"),
    "corrupted.pdf": (lambda: corrupted(good_pdf()), "damaged PDF"),
    "encrypted.pdf": (encrypted_pdf, "encrypted PDF (needs a password)"),
    "3000-pages.pdf": (lambda: blank_pages_pdf(3000), "PDF has 3000 pages, over the 500-page limit"),
    "scan.pdf": (image_only_pdf, "OCR read no text on its scanned pages"),
    "random.txt": (lambda: random.Random(5).randbytes(20000), "not text in any encoding tried"),
    "page.pdf": (lambda: "<!DOCTYPE html><html><body><p>通知</p></body></html>".encode(), "no annual report found"),
    "notes.pdf": (lambda: "一、总体情况\n".encode(), "named .pdf but is not a PDF"),
}


def write_refused(folder):
    folder.mkdir(parents=True, exist_ok=True)
    for name, (make, _) in REFUSED.items():
        (folder / name).write_bytes(make())
    return [folder / name for name in REFUSED]


def test_every_broken_file_is_one_line_naming_it_and_the_reason(tmp_path):
    paths = write_refused(tmp_path)
    run = nianbao("extract", *paths)
    lines = stderr_lines(run)
    assert run.returncode == 2 and run.stdout == ""
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths):
        assert line.startswith(f"nianbao: {path}: ") and REFUSED[path.name][1] in line, line


def test_a_pdf_with_an_empty_user_password_is_read(tmp_path):
    path = tmp_path / "owner-locked.pdf"
    path.write_bytes(encrypted_pdf(user_pw=""))
    run = nianbao("extract", path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["fields"] == json.loads(nianbao("extract", write(tmp_path, "a.pdf", good_pdf())).stdout)["fields"]


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


def test_gbk_utf16_and_mixed_encodings_read_as_the_utf8_text_does(tmp_path):
    record = report(7)
    paths = [write(tmp_path, "utf8.txt", write_text(record, "tsv", "utf-8")),
             write(tmp_path, "gbk.txt", write_text(record, "tsv", "gbk")),
             write(tmp_path, "utf16.txt", write_text(record, "tsv", "utf-16")),
             write(tmp_path, "mixed.txt", mixed_encodings(record))]
    run = nianbao("extract", *paths)
    assert run.returncode == 0, run.stderr
    first, *others = json.loads(run.stdout)
    assert first["fields"] and first["title"] == record["title"]
    assert all(other == first for other in others)


def test_a_decompression_bomb_is_stopped_at_the_time_limit(tmp_path):
    bomb = write(tmp_path, "bomb.pdf", bomb_pdf())
    after = write(tmp_path, "after.txt", write_text(report(), "tsv", "utf-8"))
    assert bomb.stat().st_size < 20_000
    run = nianbao("extract", "--timeout", "2", bomb, after)
    lines = stderr_lines(run)
    assert run.returncode == 2 and lines == [f"nianbao: {bomb}: reading took longer than the 2 s limit; stopped"]
    assert len(json.loads(run.stdout)) == 1, "the file after the bomb is still read"


def test_a_50_mb_text_is_refused_before_parsing(tmp_path):
    text = write_text(report(), "tsv", "utf-8")
    big = write(tmp_path, "big.txt", (text * (50 * 2**20 // len(text) + 1))[:50 * 2**20])
    run = nianbao("extract", "--timeout", "10", big)  # parsing it took 23 s: the time limit would say so
    assert run.returncode == 2
    assert stderr_lines(run) == [f"nianbao: {big}: text file is 50.0 MB, over the 2 MB limit for a report"]


def test_limits_come_from_the_environment_and_the_flags(tmp_path):
    pdf = write(tmp_path, "r.pdf", good_pdf())
    pages = pymupdf.open(stream=pdf.read_bytes(), filetype="pdf").page_count
    run = nianbao("extract", pdf, env={"NIANBAO_MAX_PAGES": str(pages - 1)})
    assert run.returncode == 2 and f"over the {pages - 1}-page limit" in run.stderr
    assert nianbao("extract", pdf, "--max-pages", pages, env={"NIANBAO_MAX_PAGES": "1"}).returncode == 0
    run = nianbao("extract", pdf, "--max-mb", "0.01")
    assert run.returncode == 2 and "over the 0.01 MB limit" in run.stderr
    for variable, value in (("NIANBAO_TIMEOUT_S", "soon"), ("NIANBAO_MAX_MB", "-1")):
        run = nianbao("extract", pdf, env={variable: value})
        assert run.returncode == 2 and stderr_lines(run) == [f"nianbao: {variable}={value!r} is not a positive number"]


ODD_NAMES = ['quote"and\'apostrophe.txt', "new\nline.txt", "emoji 😀 报告.txt", "-starts-with-dash.txt", " spaces .txt"]


def test_odd_file_names_are_read_and_named_on_one_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n, name in enumerate(ODD_NAMES):
        write(folder, name, write_text(report(20 + n), "tsv", "utf-8"))
    write(folder, "bad\nname.txt", b"")
    dotted = folder / ".." / "in" / ODD_NAMES[2]  # a path through ../ is the same file
    run = nianbao("extract", "--", *sorted(folder.iterdir()), dotted)
    assert run.returncode == 2
    assert stderr_lines(run) == [f"nianbao: {folder}/bad\\nname.txt: empty file"]
    records = json.loads(run.stdout)
    titles = [record["title"] for record in records]
    assert sorted(titles[:-1]) == sorted(report(20 + n)["title"] for n in range(len(ODD_NAMES)))
    assert titles[-1] == report(22)["title"]


def test_ingest_of_everything_hostile_stores_the_good_logs_the_bad_and_verifies(tmp_path):
    folder = tmp_path / "in"
    paths = write_refused(folder)
    write(folder, "bomb.pdf", bomb_pdf())
    write(folder, "big.txt", b"x" * (3 * 2**20))
    good = [write(folder, "good.pdf", good_pdf(2)), write(folder, "gbk.txt", write_text(report(3), "cells", "gbk")),
            write(folder, "utf16.txt", write_text(report(4), "tsv", "utf-16")),
            write(folder, "mixed.txt", mixed_encodings(report(5))), write(folder, "new\nline 😀.txt", write_text(report(6), "tsv"))]
    data = tmp_path / "data"
    run = nianbao("ingest", folder, "--data", data, "--timeout", "3", "--workers", "2")
    lines = stderr_lines(run)
    assert run.returncode == 1
    assert lines[-1].endswith(f"{len(paths) + 2 + len(good)} files in " + lines[-1].split(" files in ")[1])
    assert f"{len(good)} stored, 0 duplicate, {len(paths) + 2} failed" in lines[-1]
    assert f"nianbao: {folder / 'bomb.pdf'}: reading took longer than the 3 s limit; stopped" in lines
    assert f"nianbao: {folder / 'big.txt'}: text file is 3.0 MB, over the 2 MB limit for a report" in lines
    log = [json.loads(line) for line in (data / "ingest-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(line["path"] for line in log if line["status"] == "stored") == sorted(map(str, good))
    verify = nianbao("verify", "--data", data)
    assert verify.returncode == 0 and verify.stdout.strip().endswith("nianbao: consistent"), verify.stdout
    assert f"{len(good)} originals, {len(good)} records, {len(good)} index entries" in verify.stdout
