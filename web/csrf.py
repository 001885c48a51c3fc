"""CSRF protection for the one form that changes the archive: a random token per session.

The token lives in Flask's signed session cookie and in a hidden field of the form; a POST
whose field does not match is refused before any view runs. Flask-WTF would do the same
with a dependency and a forms layer we do not otherwise need.
"""
import secrets

from flask import Flask, abort, request, session

FIELD = "csrf_token"
# Endpoints authorised by a header a cross-site form cannot send (Authorization: Bearer), checked in the view.
EXEMPT = {"upload.api_upload"}


def token() -> str:
    """The session's token, made on first use (templates call it as `csrf_token()`)."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def protect() -> None:
    """before_request hook: every state-changing request must carry the session's token.

    A request no route takes (a PUT anywhere, a POST to a page that only shows) is left to the
    router, which answers 404 or 405 with Allow. An EXEMPT endpoint needs a token in the
    Authorization header, which a browser never sends on its own, so it needs no CSRF token.
    """
    if request.method in ("GET", "HEAD", "OPTIONS") or request.routing_exception is not None or request.endpoint in EXEMPT:
        return
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD)
    if not expected or not secrets.compare_digest(sent, expected):
        abort(400, description="表单已过期或来源不明（CSRF 校验失败）。请刷新上传页面后重新提交。")


def init_app(app: Flask) -> None:
    app.before_request(protect)
    app.jinja_env.globals["csrf_token"] = token
