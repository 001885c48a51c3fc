"""The Flask application factory: one app per data folder."""
import os
import secrets
from pathlib import Path

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from search import backends
from search.archive import data_dir as data_value
from search.index import DictionaryChanged

from . import bounds, csrf, headers, upload_guard
from .fields import display_number, local_time
from .snippets import highlight

DEFAULT_MAX_UPLOAD_MB = 20
SECRET_KEY_FILE = "web-secret-key"


def secret_key(data_dir: str | Path) -> str:
    """The session-signing key, made once and kept in the data folder (or a database's shared files folder)
    so sessions survive a restart and hold on every server."""
    path = backends.files_root(data_dir) / SECRET_KEY_FILE
    if not path.exists():  # written whole beside it, then linked into place: servers starting at once agree on one key
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


def create_app(data_dir: str | Path, **config: object) -> Flask:
    """The app serving the archive in `data_dir` (a folder or a postgresql:// URL); `config` overrides
    settings (MAX_CONTENT_LENGTH, TESTING, UPLOAD_TOKEN, READ_ONLY, UPLOADS_PER_WINDOW, UPLOAD_WINDOW_S)."""
    app = Flask(__name__)
    app.config.update(
        DATA_DIR=data_value(data_dir),
        SECRET_KEY=secret_key(data_dir),
        MAX_CONTENT_LENGTH=DEFAULT_MAX_UPLOAD_MB * 2**20,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_AS_ASCII=False,
        UPLOAD_TOKEN=None,  # web/upload_guard.py: the credential an upload must carry, when set
        READ_ONLY=False,  # no uploads at all
    )
    app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # the record keeps SCHEMA order, as the CLI prints it
    app.jinja_env.filters["num"] = display_number  # pages only: JSON and CSV keep raw numbers
    app.jinja_env.filters["localtime"] = local_time
    app.jinja_env.filters["highlight"] = highlight
    bounds.init_app(app)  # before csrf: an oversized request is refused before anything reads its form
    csrf.init_app(app)
    headers.init_app(app)
    upload_guard.init_app(app)

    from . import api
    from .views import bodies, compare, reports, search, upload

    for module in (search, reports, upload, bodies, api, compare):
        app.register_blueprint(module.bp)
    for code in (400, 403, 404, 405, 413, 414, 429, 500):
        app.register_error_handler(code, error_page)
    app.register_error_handler(DictionaryChanged, index_needs_rebuild)
    app.register_error_handler(backends.BackendError, database_unavailable)
    return app


def database_unavailable(exc: backends.BackendError) -> ResponseReturnValue:
    """The database cannot be reached: a page (or JSON) saying so, 503, never a traceback."""
    from werkzeug.exceptions import ServiceUnavailable

    return error_page(ServiceUnavailable(description=f"数据库暂时无法使用：{exc}"))


def index_needs_rebuild(exc: DictionaryChanged) -> ResponseReturnValue:
    """Searches and uploads refuse while the index was cut with another dictionary; the page says what to run."""
    from werkzeug.exceptions import ServiceUnavailable

    return error_page(ServiceUnavailable(description=f"搜索索引需要重建：{exc}"))


ERROR_TITLES = {400: "请求无效", 403: "不允许", 404: "找不到页面", 405: "不支持的请求方法", 413: "文件太大", 414: "网址太长",
                429: "请求太频繁", 500: "服务器内部错误", 503: "索引需要重建"}
ERROR_MESSAGES = {
    400: "请求的参数无法理解。",
    404: "没有这个地址，或者档案里没有这份报告。",
    405: "这个地址不接受这种请求方法。",
    500: "服务器处理请求时出错，请稍后再试。",
}


def error_page(error: HTTPException) -> ResponseReturnValue:
    """Errors in words, in the site's layout; the API gets the same words as JSON."""
    from flask import current_app, request

    code = getattr(error, "code", None) or 500
    own = getattr(error, "description", None)
    custom = own and own != getattr(type(error), "description", None)  # set by our abort(), not Werkzeug's English default
    message = own if custom else ERROR_MESSAGES.get(code, "")
    if code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
        message = f"上传的文件超过了 {limit:g} MB 的上限。请压缩文件或拆分后再上传。"
    extra = dict(error.get_headers()) if isinstance(error, HTTPException) else {}
    kept = {name: extra[name] for name in ("Allow", "Retry-After", "WWW-Authenticate") if name in extra}  # 405, 429, 401
    if request.path.startswith("/api/"):
        return {"error": message, "status": code}, code, kept
    return render_template("error.html", code=code, title=ERROR_TITLES.get(code, "出错了"), message=message), code, kept
