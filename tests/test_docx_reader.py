"""Word reports: .docx with merged cells, and .doc through LibreOffice when it is installed."""
import subprocess
import zipfile
import io

import pytest

from ingest.read import doc_converter
from ingest.errors import ReportError
from ingest.extract import extract_bytes, sniff

from tests.conftest import soffice_or_skip
from tests.gen.docx_file import record_docx
from tests.gen.gold import as_gold, differences
from tests.gen.layout import sample_record


@pytest.mark.parametrize("template,split", [("2019", False), ("2021", False), ("2021", True)])
def test_docx_reads_as_the_record(template, split):
    record = sample_record(7, template, split)
    data = record_docx(record)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"w:gridSpan" in xml and b"w:vMerge" in xml  # the merges the national template prints
    got = extract_bytes(data, "report.docx")
    assert sniff(data) == "docx"
    assert differences(got, as_gold(record)) == []
    assert got["sections"]["overview"] == record["sections"]["overview"]


def test_broken_docx_is_a_report_error():
    data = record_docx(sample_record(8, "2019"))
    with pytest.raises(ReportError, match="broken.docx"):
        extract_bytes(data[: len(data) // 2], "broken.docx")


def test_doc_without_libreoffice_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(doc_converter.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match="LibreOffice"):
        extract_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 600, "old.doc")


def test_doc_through_libreoffice(tmp_path):
    command = soffice_or_skip()
    record = sample_record(9, "2021", True)
    (tmp_path / "report.docx").write_bytes(record_docx(record))
    subprocess.run([command, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(tmp_path / "report.docx")],
                   check=True, capture_output=True, timeout=120)
    data = (tmp_path / "out" / "report.doc").read_bytes()
    assert sniff(data) == "doc"
    assert differences(extract_bytes(data, "report.doc"), as_gold(record)) == []
