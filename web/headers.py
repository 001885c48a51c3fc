"""Security headers on every response: the pages load nothing but their own stylesheet and images,
run no script, cannot be framed, and leak no URL (which holds the query) to other sites.

The pages have no inline script or style (charts are SVG elements with attributes), so the
policy needs no 'unsafe-inline'; tests/test_serve_http.py loads them in Chromium and checks
that the browser reported no violation.
"""
from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",  # the report page's original-page images come from /reports/<id>/page/<n>
    "form-action 'self'",
    "frame-ancestors 'none'",  # X-Frame-Options for browsers that read CSP
    "base-uri 'none'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # a search URL holds what was searched for
}


# An archived PDF opens in the browser's own viewer, which a policy of default-src 'none' would block
# (it counts as a plugin): that response gets only the framing rule.
PDF_POLICY = "frame-ancestors 'none'"


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "application/pdf":
        response.headers["Content-Security-Policy"] = PDF_POLICY
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
