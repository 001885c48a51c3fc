"""Malformed searches and a web app under load: any query string or --where is a result or one
QueryError (hypothesis), never a traceback; a real `nianbao serve` keeps answering while a real
`nianbao ingest` writes the same data folder, and refuses oversized or broken uploads in words."""
import io
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import archive, dictionary
from search.store import ingest
from search.query.find import search
from search.query.parse import QueryError, parse, parse_where
from tests.conftest import NIANBAO, ROOT, nianbao, stderr_lines
from tests.gen.corpus import write_reports
from tests.gen.text import write_text
from tests.test_hostile_files import bomb_pdf, report
from tests.test_web_browser import free_port, wait_for

QUERY_PIECES = ["公开", "培训", "OR", "AND", "-", "(", ")", "（", "）", '"', "“", "”", "problems:", "title：", "foo:", ":",
                " ", "\t", "\x00", "😀", "-(", "OR OR", "a" * 300, "问题:", "概述：", "　", "＂", "－", "(" * 40]
WHERE_PIECES = ["year", "t3.new.total", "t2.procurement.amount", "t9.nope", "=", "!=", "<=", ">=", "<", ">", "==",
                "1", "-1", "1.5", "1e999", "nan", "inf", "abc", " ", "", "＞＝", "２０２１", "ＮａＮ", "　"]


@pytest.fixture(scope="module")
def data(tmp_path_factory, backend):
    root = backend.fresh(tmp_path_factory.mktemp("data"))
    ingest(write_reports(tmp_path_factory.mktemp("in"), 8), root, stream=io.StringIO())
    return root


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(QUERY_PIECES) | st.text(max_size=8), max_size=12).map("".join))
def test_any_query_string_is_a_result_or_one_query_error(data, text):
    try:
        parse(text, dictionary.for_data(data))
        result = search(data, text, limit=3)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert 0 <= result["total"] <= 8 and len(result["hits"]) <= 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WHERE_PIECES) | st.text(max_size=5), max_size=5).map("".join))
def test_any_where_expression_is_a_filter_or_one_query_error(data, text):
    try:
        parse_where(text)
        result = search(data, "", where=[text], limit=0)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert 0 <= result["total"] <= 8


def test_malformed_searches_on_the_command_line_are_one_line_and_exit_2(data):
    for args in (['"unclosed'], ["(公开"], ["公开)"], ["nope:公开"], ["OR"], ["", "--where", "year>=abc"],
                 ["", "--where", "t3.new.total>=1.5"], ["", "--where", "year"], ["", "--where", "t9.x=1"]):
        run = nianbao("search", *args, "--data", data)
        assert run.returncode == 2 and len(stderr_lines(run)) == 1 and run.stderr.startswith("nianbao: "), args


class Browser:
    """A session against the real server: cookies kept, the upload form's CSRF token read from the page."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path, **params):
        return self._open(urllib.request.Request(f"{self.url}{path}?{urllib.parse.urlencode(params)}"))

    def upload(self, name, data):
        page = self.get("/upload")[1]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(f"{self.url}/upload", data=body, method="POST",
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def server(tmp_path, backend):
    """`nianbao serve` on an archive of 5 reports (each kind), a 1 MB upload limit and a 3 s reading limit."""
    data = backend.fresh(tmp_path / "data")
    ingest(write_reports(tmp_path / "first", 5, seed=1), data, stream=io.StringIO())
    port = free_port()
    process = subprocess.Popen(NIANBAO + ["serve", "--data", str(data), "--port", str(port), "--max-upload-mb", "1"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**__import__("os").environ, "NIANBAO_TIMEOUT_S": "3"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", process)
        yield Browser(url), data, tmp_path
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
        assert "Traceback" not in err, err


def test_searches_keep_answering_while_an_ingest_writes_the_same_folder(server):
    browser, data, tmp_path = server
    paths = write_reports(tmp_path / "more", 60, seed=2)
    writer = subprocess.Popen(NIANBAO + ["ingest", str(tmp_path / "more"), "--data", str(data), "--workers", "2"],
                              cwd=ROOT, stderr=subprocess.PIPE, text=True)
    totals = []
    while writer.poll() is None:
        status, body = browser.get("/api/search", q="公开", where="year>=2000")
        assert status == 200, body
        totals.append(json.loads(body)["total"])
        assert browser.get("/api/search", q='"unclosed')[0] == 400
    assert writer.returncode == 0 and "Traceback" not in writer.stderr.read()
    assert totals == sorted(totals) and all(5 <= t <= 65 for t in totals), totals
    status, body = browser.get("/api/search", q="", limit=1)
    assert status == 200 and json.loads(body)["total"] == 5 + len(paths)
    assert nianbao("verify", "--data", data).returncode == 0


def test_uploads_over_the_limit_broken_or_named_to_escape_are_refused_or_kept_safely(server):
    browser, data, tmp_path = server
    status, page = browser.upload("big.txt", b"x" * (2 * 2**20))
    assert status == 413 and "超过了 1 MB 的上限" in page
    status, page = browser.upload("bomb.pdf", bomb_pdf())
    assert status == 422 and "reading took longer than the 3 s limit" in page
    status, page = browser.upload("empty.pdf", b"")
    assert status == 400
    status, page = browser.upload("../../etc/it's 😀.txt", write_text(report(9), "tsv", "utf-8"))
    assert status == 200 and "已收录" in page
    stored = [e for e in archive.entries(data) if e["record"]["title"] == report(9)["title"]]
    assert [e["name"] for e in stored] == ["it's 😀.txt"] and not (tmp_path / "etc").exists()
    status, body = browser.get("/api/search", q="", limit=1)
    assert status == 200 and json.loads(body)["total"] == 6
    assert nianbao("verify", "--data", data).returncode == 0
