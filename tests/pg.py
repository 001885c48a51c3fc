"""Test databases: each a copy of one template database that already holds the tables, so making
one costs a file copy, not the DDL (CREATE DATABASE … TEMPLATE). The server is the one
scripts/setup.sh starts; $NIANBAO_TEST_PG names another (a URL to its maintenance database)."""
import os
import time
import uuid
from functools import cache

ADMIN_URL = os.environ.get("NIANBAO_TEST_PG", "postgresql://nianbao:nianbao@127.0.0.1:5432/postgres")
def _template_name():
    """The template's name, which changes with the tables' definition, so a changed schema gets a new one."""
    import hashlib

    from search.backends.postgres import _schema_sql

    return "nianbao_test_template_" + hashlib.sha256("\n".join(_schema_sql()).encode()).hexdigest()[:10]


TEMPLATE = _template_name()
PREFIX = "nianbao_test_"
DROP_ATTEMPTS = 20  # a database an autovacuum worker holds is retried this often ...
DROP_RETRY_S = 0.5  # ... this far apart: a worker's pass over a small test database takes well under 10 s


def _admin():
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True)


def _url(name, files=None):
    base = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    return f"{base}?files={files}" if files else base


@cache
def unavailable():
    """Why PostgreSQL cannot be used for tests (None when it can); the template is made here, once."""
    import psycopg

    try:
        with _admin() as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone() is None:
                conn.execute(f"CREATE DATABASE {TEMPLATE}")
    except psycopg.Error as exc:
        return f"PostgreSQL at {ADMIN_URL} cannot be used ({str(exc).strip().splitlines()[0]}); run scripts/setup.sh"
    from search.backends.postgres import Postgres

    db = Postgres(_url(TEMPLATE))
    db.conn()  # creates the tables (and pg_trgm) in the template
    db.conn().close()
    return None


def new_database(files):
    """The URL of a new database copied from the template, its originals under the folder `files`."""
    name = PREFIX + uuid.uuid4().hex[:12]
    with _admin() as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return _url(name, files)


def drop_database(url):
    """Drop a test database, ending its connections (this process's and any server's)."""
    from search import backends

    name = url.split("?")[0].rsplit("/", 1)[1]
    for (_, key), db in list(backends._OPEN.items()):
        if key == url:
            conn = getattr(db._local, "conn", None)
            if conn is not None:
                conn.close()
    import psycopg

    for attempt in range(DROP_ATTEMPTS):
        try:
            with _admin() as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        except psycopg.errors.InsufficientPrivilege:
            # FORCE may not end a superuser's session: an autovacuum worker on the database. It is
            # short-lived, so wait for it rather than fail the test that happened to end beside it.
            if attempt == DROP_ATTEMPTS - 1:
                raise
            time.sleep(DROP_RETRY_S)
