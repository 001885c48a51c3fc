"""The text reader on the real seed reports (../shared; skipped without it), re-encoded, on files that are
not reports, and the `extract` command on the suite's own corpus."""
import json

import pytest

from ingest.errors import ReportError
from ingest.extract import extract_bytes, extract_file
from tests.conftest import nianbao, shared_path
from tests.gen.gold import differences, gold_record

SEEDS = ["000_d0f9dbc75b92da1d", "001_9a59cdaddd27bb55", "002_e825b8a3fa02a2d7",
         "003_d02d80bc81c3e6b4", "004_c11732510b83538c"]


def seed(name):
    path = shared_path("corpus", "seeds", f"{name}.txt")
    gold = json.loads(shared_path("corpus", "gold", f"{name}.txt.json").read_text(encoding="utf-8"))
    return path, gold


@pytest.mark.parametrize("name", SEEDS)
def test_seed_matches_gold(name):
    path, gold = seed(name)
    assert differences(extract_file(path), gold) == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", [SEEDS[0], SEEDS[2], SEEDS[3]])
def test_seed_in_other_encodings_reads_the_same(name, encoding):
    path, gold = seed(name)
    text = path.read_text(encoding="utf-8")
    if encoding == "gbk":
        text = text.replace("\xa0", " ")  # GBK has no no-break space
    data = text.encode(encoding)
    assert differences(extract_bytes(data, f"{name}.{encoding}.txt"), gold) == []


def test_crlf_and_fullwidth_digits_read_the_same():
    path, gold = seed(SEEDS[0])
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    text = text.replace("\t20\t4453.4018", "\t２０\t４４５３．４０１８")
    assert differences(extract_bytes(text.encode(), "crlf.txt"), gold) == []


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (bytes(range(256)) * 40, "not text"),
    ("今天天气很好。\n我们去公园散步。\n".encode(), "no annual report found"),
    (b"<html><body>hello</body></html>", "no annual report found"),
])
def test_files_that_are_not_reports_raise_one_clear_error(data, reason):
    with pytest.raises(ReportError) as err:
        extract_bytes(data, "bad.txt")
    assert reason in str(err.value) and str(err.value).startswith("bad.txt: ")


def test_pdf_name_without_pdf_bytes_is_refused():
    with pytest.raises(ReportError, match="not a PDF"):
        extract_bytes("一、总体情况".encode(), "report.pdf")


def corpus_report(corpus, org):
    return next((path, gold_record(record, path.name)) for path, record in corpus.items() if record["org"] == org)


def test_cli_prints_utf8_json_with_chinese_unescaped(corpus):
    path, gold = corpus_report(corpus, "红椿镇")
    proc = nianbao("extract", path)
    assert proc.returncode == 0, proc.stderr
    assert "红椿镇" in proc.stdout
    assert differences(json.loads(proc.stdout), gold) == []


def test_cli_bad_file_gets_one_line_and_exit_2_while_good_files_still_print(corpus, tmp_path):
    path, _ = corpus_report(corpus, "三屯镇人民政府")
    bad = tmp_path / "zero.txt"
    bad.write_bytes(b"")
    proc = nianbao("extract", bad, path, tmp_path / "missing.txt")
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2 and "zero.txt: empty file" in errors[0] and "missing.txt" in errors[1]
    assert "Traceback" not in proc.stderr
    assert [r["org"] for r in json.loads(proc.stdout)] == ["三屯镇人民政府"]


def _aligned(text, columns):
    """Pad `text` with spaces to `columns` screen columns (CJK characters take two)."""
    import unicodedata
    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * (columns - width)


def test_aligned_columns_put_values_of_a_row_with_blank_cells_under_their_headers():
    rows = [("一、本年新收政府信息公开申请数量", ["5", "1", "2", "3", "4", "5", "20"]),
            ("二、上年结转政府信息公开申请数量", [""] * 6 + ["0"]),
            ("（一）予以公开", ["3", "", "1", "", "", "", "4"]),
            ("（七）总计", ["5", "1", "2", "3", "4", "5", "20"])]
    header = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    lines = ["某某镇2020年政府信息公开工作年度报告", "一、总体情况", "我镇认真贯彻落实。", "三、收到和处理政府信息公开申请情况",
             _aligned("", 36) + "".join(_aligned(h, 14) for h in header)]
    lines += [_aligned(label, 36) + "".join(_aligned(v, 14) for v in values) for label, values in rows]
    fields = extract_bytes("\n".join(lines).encode(), "aligned.txt")["fields"]
    for label_values, key in zip(rows, ["new", "carried_in", "granted", "total"]):
        want = [int(v) if v else None for v in label_values[1]]
        got = [fields[f"t3.{key}.{c}"] for c in ("natural", "commercial", "research", "social", "legal", "other", "total")]
        assert got == want, key
