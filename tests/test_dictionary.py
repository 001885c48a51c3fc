"""The segmenter's user dictionary: jieba's format, a data folder's own file, and searches that
refuse (naming the fix) when the dictionary changed after the index was built."""
import io

import pytest

from search import archive, dictionary, index
from search.store import ingest
from tests.conftest import nianbao, stderr_lines
from tests.gen.corpus import write_reports

REPORTS = 12
TERM = "网站建设"  # in most generated narratives; jieba's stock dictionary cuts it 网站|建设


def test_lines_are_read_the_way_jieba_load_userdict_reads_them(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_bytes("\ufeff云计算 5\r\n"
                     "创新办 3 i\n"
                     "凱特琳 nz\n"
                     "Edu Trust认证 2000\n"
                     "\n"
                     "   台中   \n"
                     "# a comment line\n"
                     "石墨烯 12ab\n"
                     "韩玉赏鉴 3 nz\n"
                     "云计算 7\n".encode("utf-8"))
    found = dictionary.load(path)
    assert found.words == {"云计算": 7, "创新办": 3, "凱特琳": 100000, "edu trust认证": 2000, "台中": 100000,
                           "石墨烯 12ab": 100000, "韩玉赏鉴": 3}
    assert found.tags == {"创新办": "i", "凱特琳": "nz", "韩玉赏鉴": "nz"}


def test_the_fingerprint_follows_words_and_frequencies_not_comments_or_tags(tmp_path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("网站建设 nz\n政务公开 5\n", encoding="utf-8")
    two.write_text("# our words\n政务公开 5 n\n网站建设\n", encoding="utf-8")
    assert dictionary.load(one).fingerprint == dictionary.load(two).fingerprint
    two.write_text("政务公开 6\n网站建设\n", encoding="utf-8")
    assert dictionary.load(one).fingerprint != dictionary.load(two).fingerprint


def narratives_holding(root, term):
    return sum(term in "".join(entry["record"]["sections"].values()) for entry in archive.entries(root))


def doc_frequency(root, term):
    """How many indexed reports hold `term` in the all-text field, by Whoosh's public API."""
    with index.open_index(root, create=False).reader() as reader:
        return reader.doc_frequency("text", term)


@pytest.fixture
def data(tmp_path):
    """A data folder with its own dictionary listing TERM, and the generated reports ingested."""
    root = tmp_path / "data"
    root.mkdir()
    (root / "userdict.txt").write_text(f"{TERM} nz\nEdu Trust认证 2000\n", encoding="utf-8")
    ingest(write_reports(tmp_path / "in", REPORTS), root, stream=io.StringIO())
    return root


def test_a_data_folders_own_dictionary_cuts_its_index(data, tmp_path):
    expected = narratives_holding(data, TERM)
    assert 0 < expected < REPORTS
    assert doc_frequency(data, TERM) == expected
    plain = tmp_path / "plain"  # the same reports under the packaged dictionary: the term is never one word
    ingest(write_reports(tmp_path / "in", REPORTS), plain, stream=io.StringIO())
    assert doc_frequency(plain, TERM) == 0


def test_editing_the_dictionary_without_reindexing_makes_search_refuse_naming_reindex(data):
    expected = narratives_holding(data, TERM)
    before = nianbao("search", TERM, "--data", data)
    assert before.returncode == 0 and before.stdout.startswith(f"{expected} reports")
    with open(data / "userdict.txt", "a", encoding="utf-8") as f:
        f.write("建设情况\n")
    refused = nianbao("search", TERM, "--data", data)
    assert refused.returncode == 2 and refused.stdout == ""
    (line,) = stderr_lines(refused)
    assert str(data / "userdict.txt") in line and f"run `nianbao reindex --data {data}`" in line
    assert nianbao("reindex", "--data", data).returncode == 0
    after = nianbao("search", TERM, "--data", data)
    assert after.returncode == 0 and after.stdout.startswith(f"{expected} reports")


def test_removing_the_data_folders_dictionary_also_refuses(data):
    (data / "userdict.txt").unlink()  # back to the packaged one, which the index was not cut with
    refused = nianbao("search", TERM, "--data", data)
    assert refused.returncode == 2 and "nianbao reindex" in refused.stderr


def test_verify_names_a_changed_dictionary_and_repair_rebuilds_the_index(data):
    (data / "userdict.txt").write_text("建设情况\n", encoding="utf-8")
    found = nianbao("verify", "--data", data)
    assert found.returncode == 1 and "index was cut with another dictionary" in found.stdout
    assert nianbao("verify", "--repair", "--data", data).returncode == 0
    assert doc_frequency(data, TERM) == 0 and doc_frequency(data, "建设情况") == narratives_holding(data, "建设情况")


def test_ingest_rebuilds_an_index_cut_with_another_dictionary(data, tmp_path):
    (data / "userdict.txt").write_text("建设情况\n", encoding="utf-8")
    run = nianbao("ingest", tmp_path / "in", "--data", data)
    assert run.returncode == 0 and f"rebuilt it from the archive: {REPORTS} reports" in run.stderr
    assert nianbao("search", TERM, "--data", data).returncode == 0


def test_a_dictionary_that_is_not_utf8_is_one_line_naming_it(data):
    (data / "userdict.txt").write_bytes("网站建设\n".encode("gbk"))
    run = nianbao("search", TERM, "--data", data)
    assert run.returncode == 2
    (line,) = stderr_lines(run)
    assert str(data / "userdict.txt") in line and "not UTF-8" in line


def test_the_web_app_refuses_searches_naming_reindex(data):
    from web.app import create_app

    client = create_app(data, TESTING=True).test_client()
    assert client.get("/api/search", query_string={"q": TERM}).status_code == 200
    with open(data / "userdict.txt", "a", encoding="utf-8") as f:
        f.write("建设情况\n")
    for path in ("/", "/api/search", "/export.csv"):
        page = client.get(path, query_string={"q": TERM})
        assert page.status_code == 503 and "nianbao reindex" in page.get_data(as_text=True)


def test_an_upload_is_refused_whole_while_the_index_needs_rebuilding(data, tmp_path):
    from tests.test_web import csrf_token
    from web.app import create_app

    client = create_app(data, TESTING=True).test_client()
    token = csrf_token(client)
    (data / "userdict.txt").write_text("建设情况\n", encoding="utf-8")
    (new,) = write_reports(tmp_path / "new", 1, seed=5)
    before = archive.report_ids(data)
    page = client.post("/upload", data={"file": (io.BytesIO(new.read_bytes()), new.name), "csrf_token": token},
                       content_type="multipart/form-data")
    assert page.status_code == 503 and "nianbao reindex" in page.get_data(as_text=True)
    assert archive.report_ids(data) == before
