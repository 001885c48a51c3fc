"""Who may add reports: the operator's upload token, read-only mode, and a per-client rate limit.

`nianbao serve` beyond loopback refuses to start without a token unless read-only (web/serve.py),
so anyone who can reach a public server cannot fill its archive. The browser form sends the
token in a password field; an API client sends `Authorization: Bearer TOKEN`. Tokens are
compared in constant time.
"""
import secrets
import threading
import time
from collections import deque

from flask import Flask, current_app, request

TOKEN_FIELD = "upload_token"  # the form's password field
# Uploads a client may start in a window. Reading a report costs up to a minute of a worker (the
# reading time limit), so ten a minute is more than a person uploads by hand and a bound on a script.
UPLOADS_PER_WINDOW = 10
WINDOW_S = 60.0
MIN_TOKEN_CHARS = 16  # an operator-set token shorter than this is refused at start: it could be guessed


def read_only() -> bool:
    return bool(current_app.config.get("READ_ONLY"))


def token_required() -> bool:
    return bool(current_app.config.get("UPLOAD_TOKEN"))


def bearer_token() -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def token_matches(sent: str) -> bool:
    """Whether `sent` is the operator's token; False when none is set."""
    expected = current_app.config.get("UPLOAD_TOKEN") or ""
    return bool(expected) and secrets.compare_digest(sent.encode(), expected.encode())


class RateLimit:
    """At most `limit` events per client in any `window` seconds; thread-safe, in this process's memory
    (with --workers N each process counts its own, so a client gets up to N times the limit)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str, now: float | None = None) -> int:
        """0 and the event counted when `client` is within the limit; else the whole seconds until it is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for name in [name for name, times in self._events.items() if times[-1] <= now - self.window]:
                del self._events[name]  # clients quiet for a window are forgotten: memory stays bounded by the active ones
            times = self._events.setdefault(client, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(1, int(times[0] + self.window - now + 0.999))
            times.append(now)
            return 0


def rate_limit() -> RateLimit:
    return current_app.extensions["upload_rate"]


def init_app(app: Flask) -> None:
    """The app's upload counter (config UPLOADS_PER_WINDOW and UPLOAD_WINDOW_S override the constants)."""
    app.config.setdefault("UPLOADS_PER_WINDOW", UPLOADS_PER_WINDOW)
    app.config.setdefault("UPLOAD_WINDOW_S", WINDOW_S)
    app.extensions["upload_rate"] = RateLimit(app.config["UPLOADS_PER_WINDOW"], app.config["UPLOAD_WINDOW_S"])
