"""HTTP as a client or an attacker meets it: methods, security headers, request bounds, errors in Chinese,
who may upload (token, read-only, rate limit), and `nianbao serve` refusing to open uploads to the
network. Flask's test client on a real archive (a data folder and a PostgreSQL database: the `backend`
fixture), and real `nianbao serve` processes."""
import io
import re
import signal
import socket
import subprocess
import time

import pytest

from search import archive
from search.query.parse import MAX_FILTERS, MAX_NESTING
from search.store import ingest
from tests.conftest import NIANBAO, ROOT
from tests.gen.corpus import text_report, write_reports
from tests.test_web_browser import free_port, wait_for
from web.app import create_app
from web.bounds import MAX_QUERY_STRING_BYTES
from web.upload_guard import RateLimit

TOKEN = "s3cret-token-0123456789"


@pytest.fixture(scope="module")
def data(tmp_path_factory, backend):
    root = backend.fresh(tmp_path_factory.mktemp("data"))
    ingest(write_reports(tmp_path_factory.mktemp("in"), 6, seed=4), root, stream=io.StringIO())
    return root


@pytest.fixture
def client(data):
    return create_app(data, TESTING=True).test_client()


def report_file(n=40, org="红椿镇", year=2021):
    return text_report(n, org, year)[0]


def csrf_of(client):
    page = client.get("/upload").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post_upload(client, data=None, name="new.txt", **fields):
    payload = {"csrf_token": csrf_of(client), **fields}
    if data is not None:
        payload["file"] = (io.BytesIO(data), name)
    return client.post("/upload", data=payload, content_type="multipart/form-data")


def some_id(data):
    return next(iter(archive.entries(data)))["id"]


def test_head_upload_answers_like_get_without_a_body(client):
    got, head = client.get("/upload"), client.head("/upload")
    assert head.status_code == got.status_code == 200
    assert head.get_data() == b"" and head.headers["Content-Type"] == got.headers["Content-Type"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow_not_the_csrf_refusal(client, data, method):
    for path in ("/", "/upload", "/api/search", "/export.csv", f"/reports/{some_id(data)}", "/api/upload"):
        response = client.open(path, method=method)
        assert response.status_code == 405, (path, response.status_code)
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert allowed & {"GET", "POST"} and method not in allowed
        assert "CSRF" not in response.get_data(as_text=True)
    assert client.post("/").status_code == 405


def test_export_csv_names_its_charset_once(client):
    response = client.get("/export.csv?q=公开")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    # read to its end: a streamed response left open is closed when collected, maybe inside a later test's
    # request, whose context its teardown then pops (seen once as "Working outside of request context")
    assert response.get_data(as_text=True).startswith("\ufeff")


def test_security_headers_on_every_kind_of_response(client, data):
    report = some_id(data)
    responses = [client.get(path) for path in ("/", "/?q=公开", "/upload", "/api/search?q=公开", f"/reports/{report}",
                                               f"/api/reports/{report}", "/export.csv", "/static/style.css", "/nope",
                                               "/api/search?where=year>=abc")]
    responses += [client.put("/"), client.head("/upload")]
    for response in responses:
        response.get_data()  # each read to its end (the CSV is streamed: see the test above)
    assert {r.status_code for r in responses} == {200, 400, 404, 405}
    for response in responses:
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_flood_of_filters_is_refused_in_words_before_any_page_is_made(client):
    query = "&".join(f"where=t3.new.total>={n}" for n in range(3000))
    start = time.monotonic()
    response = client.get("/?" + query[:MAX_QUERY_STRING_BYTES])
    assert response.status_code == 400 and "参数太多" in response.get_data(as_text=True)
    assert len(response.get_data()) < 50_000 and time.monotonic() - start < 30  # 3,000 made 294 MB in 71 s
    response = client.get("/?" + query)
    assert response.status_code == 414 and "网址太长" in response.get_data(as_text=True)
    too_many = {"where": [f"year>={2000 + n}" for n in range(MAX_FILTERS + 1)]}
    for path in ("/", "/api/search", "/export.csv"):
        response = client.get(path, query_string=too_many)
        assert response.status_code == 400 and "筛选条件太多" in response.get_data(as_text=True), path


def test_330_brackets_on_the_web_are_400_with_the_message(client):
    deep = {"q": "(" * 330 + "公开" + ")" * 330}
    page = client.get("/", query_string=deep)
    assert page.status_code == 400 and f"嵌套超过 {MAX_NESTING} 层" in page.get_data(as_text=True)
    api = client.get("/api/search", query_string=deep)
    assert api.status_code == 400 and f"嵌套超过 {MAX_NESTING} 层" in api.get_json()["error"]


@pytest.mark.parametrize("params, words", [
    ({"year": "abc"}, "年度必须是整数，“abc”不是"),
    ({"where": "year>=abc"}, "“abc”不是数字"),
    ({"where": "t2.procurement.amount>=NaN"}, "不是有限的数值"),
    ({"where": "t2.procurement.amount>=inf"}, "不是有限的数值"),
    ({"q": '"未闭合'}, "引号没有配对"),
    ({"page": "0"}, "页码不能小于 1"),
])
def test_errors_on_the_web_are_in_chinese_in_the_users_words(client, params, words):
    page = client.get("/", query_string=params)
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and words in text
    assert not re.search(r"invalid literal|is not a number|ValueError", text)
    if "page" not in params:
        api = client.get("/api/search", query_string=params)
        assert api.status_code == 400 and words in api.get_json()["error"]


def test_api_limit_must_be_a_whole_number(client):
    response = client.get("/api/search?limit=abc")
    assert response.status_code == 400 and "每页条数必须是整数" in response.get_json()["error"]


def test_uploads_need_the_token_when_one_is_set(data, tmp_path, backend):
    empty = backend.fresh(tmp_path / "archive")
    client = create_app(empty, TESTING=True, UPLOAD_TOKEN=TOKEN).test_client()
    assert 'name="upload_token"' in client.get("/upload").get_data(as_text=True)
    assert post_upload(client, report_file(41)).status_code == 403
    assert post_upload(client, report_file(41), upload_token="wrong-token-0123456789").status_code == 403
    assert not list(archive.entries(empty))
    response = post_upload(client, report_file(41), upload_token=TOKEN)
    assert response.status_code == 200 and "已收录" in response.get_data(as_text=True)
    files = {"file": (io.BytesIO(report_file(42, "洪泽区", 2022)), "api.txt")}
    assert client.post("/api/upload", data=dict(files), content_type="multipart/form-data").status_code == 401
    wrong = client.post("/api/upload", data={"file": (io.BytesIO(report_file(42, "洪泽区", 2022)), "api.txt")},
                        headers={"Authorization": "Bearer nope"}, content_type="multipart/form-data")
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
    right = client.post("/api/upload", data={"file": (io.BytesIO(report_file(42, "洪泽区", 2022)), "api.txt")},
                        headers={"Authorization": f"Bearer {TOKEN}"}, content_type="multipart/form-data")
    assert right.status_code == 200 and right.get_json()["status"] == "stored"
    assert len(list(archive.entries(empty))) == 2


def test_api_upload_is_refused_without_an_operator_token(tmp_path, backend):
    empty = backend.fresh(tmp_path / "archive")
    client = create_app(empty, TESTING=True).test_client()
    response = client.post("/api/upload", data={"file": (io.BytesIO(report_file()), "a.txt")},
                           headers={"Authorization": "Bearer anything-at-all-here"}, content_type="multipart/form-data")
    assert response.status_code == 401 and "--upload-token" in response.get_json()["error"]
    assert not list(archive.entries(empty))


def test_read_only_hides_and_refuses_upload_everywhere(data):
    client = create_app(data, TESTING=True, READ_ONLY=True).test_client()
    assert "/upload" not in client.get("/").get_data(as_text=True)
    assert client.get("/upload").status_code == 403
    assert client.post("/upload", data={}).status_code == 400  # the CSRF check still comes first
    with_form = create_app(data, TESTING=True).test_client()
    token = csrf_of(with_form)
    with_form.application.config["READ_ONLY"] = True
    refused = with_form.post("/upload", data={"csrf_token": token, "file": (io.BytesIO(report_file(43)), "x.txt")},
                             content_type="multipart/form-data")
    assert refused.status_code == 403 and "只读" in refused.get_data(as_text=True)
    api = client.post("/api/upload", data={"file": (io.BytesIO(report_file(43)), "x.txt")},
                      headers={"Authorization": f"Bearer {TOKEN}"}, content_type="multipart/form-data")
    assert api.status_code == 403
    assert not [e for e in archive.entries(data) if e["name"] == "x.txt"]


def test_uploads_are_rate_limited_per_client_with_retry_after(tmp_path, backend):
    empty = backend.fresh(tmp_path / "archive")
    client = create_app(empty, TESTING=True, UPLOADS_PER_WINDOW=3, UPLOAD_WINDOW_S=60).test_client()
    codes = [post_upload(client, b"").status_code for _ in range(3)]  # empty files: refused, but counted
    assert codes == [400, 400, 400]
    refused = post_upload(client, report_file(44))
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "上传太频繁" in refused.get_data(as_text=True)
    other = create_app(empty, TESTING=True, UPLOADS_PER_WINDOW=3).test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert post_upload(other, report_file(44)).status_code == 200  # another client, its own count


def test_rate_limit_window_slides():
    limit = RateLimit(2, 10.0)
    assert [limit.retry_after("a", now) for now in (0.0, 1.0, 2.0)] == [0, 0, 8]
    assert limit.retry_after("b", 2.0) == 0
    assert limit.retry_after("a", 10.5) == 0 and limit.retry_after("a", 10.6) == 1


def serve(data, *args, env=None):
    return subprocess.Popen(NIANBAO + ["serve", "--data", str(data), *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


@pytest.mark.parametrize("args, words", [
    (["--host", "0.0.0.0"], "serving beyond loopback (--host 0.0.0.0) lets anyone upload"),
    (["--host", "0.0.0.0", "--upload-token", "short"], "use at least 16"),
    (["--workers", "0"], "--workers must be 1 or more"),
])
def test_serve_refuses_to_start_in_one_line(data, args, words):
    process = serve(data, *args, "--port", free_port())
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_serve_on_a_taken_port_says_so_in_one_line(data):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        process = serve(data, "--port", taken.getsockname()[1], "--workers", "2")
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and err.startswith("nianbao: cannot listen on 127.0.0.1:") and len(err.splitlines()) == 1


@pytest.mark.parametrize("args", [["--read-only"], ["--upload-token", TOKEN]])
def test_serve_beyond_loopback_starts_read_only_or_with_a_token(data, args):
    port = free_port()
    process = serve(data, "--host", "0.0.0.0", "--port", port, *args)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def test_the_hint_reaches_the_page_and_the_api(client):
    page = client.get("/?q=training").get_data(as_text=True)
    assert 'id="hint"' in page and "报告正文是中文" in page
    assert "报告正文是中文" in client.get("/api/search?q=peixun").get_json()["hint"]
    assert 'id="hint"' not in client.get("/?q=公开").get_data(as_text=True)
