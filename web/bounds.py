"""Bounds on what one request may ask for, checked before any view runs: a search URL holds the
whole query, and what a page makes grows with it (3,000 `where=` made 294 MB of HTML in 71 s).

The query language bounds its own parts (search/query/parse.py: query length, nesting,
number of filters); these bound the URL around them.
"""
from flask import Flask, abort, request

# The longest search URL a person makes: a 1,000-character query (9 KB percent-encoded) and every range box.
MAX_QUERY_STRING_BYTES = 16 * 1024
# The search form sends 35 fields (12 range boxes of two, the key picker, the others) and up to 50 filters.
MAX_URL_PARAMETERS = 120


def check_request_bounds() -> None:
    """before_request hook: 414 for an over-long URL, 400 for too many parameters, in the user's words."""
    size = len(request.query_string)
    if size > MAX_QUERY_STRING_BYTES:
        abort(414, description=f"网址太长：{size} 字节，最多 {MAX_QUERY_STRING_BYTES} 字节。请减少检索词或筛选条件。")
    count = sum(len(values) for values in request.args.listvalues()) if size else 0
    if count > MAX_URL_PARAMETERS:
        abort(400, description=f"网址里的参数太多：{count} 个，最多 {MAX_URL_PARAMETERS} 个。请减少筛选条件。")


def init_app(app: Flask) -> None:
    app.before_request(check_request_bounds)
