"""`nianbao serve`: the web interface behind waitress, a production WSGI server, in one or more processes.

A process answers one search at a time (search/query/snapshot.py: whoosh's file handles are
not shared between threads), so `--workers N` runs N processes, each with its own searcher and
its own listening socket on the same port (SO_REUSEPORT), so the kernel deals new connections
out among them. One socket shared by all went to whichever process woke first: at 100,000
reports two processes served 4 and 16 keep-alive clients no faster than one. Beyond loopback,
uploading needs the operator's token.
"""
import argparse
import ipaddress
import os
import signal
import socket
import sys
import time
import traceback

DEFAULT_PORT = 8000  # the port scripts/demo.sh and the README open
LISTEN_BACKLOG = 1024  # connections the kernel holds while every process is busy: a burst of clients waits, not refused
THREADS = 8  # per process: searches take turns, but report pages, static files and slow clients need not wait
TOKEN_ENV = "NIANBAO_UPLOAD_TOKEN"
# A worker that exits by itself this soon after it started is failing to start (a broken install, a port
# it cannot serve): the server stops instead of forking replacements forever. One killed is replaced.
FAILED_START_S = 5.0


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`: localhost or a loopback address (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def upload_settings(args: argparse.Namespace) -> tuple[dict, str | None]:
    """(app config for uploads, or the one-line reason the server must not start)."""
    from .upload_guard import MIN_TOKEN_CHARS

    token = args.upload_token if args.upload_token is not None else os.environ.get(TOKEN_ENV, "")
    if token and len(token) < MIN_TOKEN_CHARS:
        return {}, f"the upload token is {len(token)} characters; use at least {MIN_TOKEN_CHARS} (e.g. `openssl rand -hex 16`)"
    if not (token or args.read_only or is_loopback(args.host)):
        return {}, (f"serving beyond loopback (--host {args.host}) lets anyone upload: set --upload-token "
                    f"(or ${TOKEN_ENV}), or serve --read-only")
    return {"UPLOAD_TOKEN": token or None, "READ_ONLY": args.read_only}, None


def run_serve(args: argparse.Namespace) -> int:
    """Serve the data folder's archive until interrupted."""
    from search.archive import data_dir
    from search.backends import display

    config, refusal = upload_settings(args)
    if refusal:
        print(f"nianbao: {refusal}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(f"nianbao: --workers must be 1 or more, not {args.workers}", file=sys.stderr)
        return 2
    if args.max_upload_mb is not None:
        config["MAX_CONTENT_LENGTH"] = int(args.max_upload_mb * 2**20)
    root = data_dir(args.data)
    address = (args.host, args.port)
    try:
        sock = _listen(address, shared=args.workers > 1)
    except OSError as exc:
        print(f"nianbao: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    mode = "read-only" if args.read_only else "uploads need the token" if config["UPLOAD_TOKEN"] else "uploads open"
    print(f"nianbao: serving {display(root)} on http://{args.host}:{args.port}/ ({args.workers} process"
          f"{'es' if args.workers > 1 else ''}, {mode})", flush=True)
    if args.workers == 1:
        _serve_socket(sock, root, config)
        return 0
    sock.close()  # it proved the port free; a listening socket nobody accepts on would be dealt connections too
    return _supervise(address, root, config, args.workers)


def _listen(address: tuple[str, int], shared: bool) -> socket.socket:
    """A listening socket on `address`; `shared`: one of several processes' on the same port (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    return socket.create_server(address, family=family, backlog=LISTEN_BACKLOG, reuse_port=shared)


def _serve_socket(sock: socket.socket, root, config: dict) -> None:
    """Answer on `sock` until the process is told to stop; the app (and so the searcher) is made here, in this process."""
    import waitress

    from .app import create_app

    waitress.serve(create_app(root, **config), sockets=[sock], threads=THREADS, ident="nianbao")


def _supervise(address: tuple[str, int], root, config: dict, workers: int) -> int:
    """Fork `workers` processes, each serving its own socket on `address`; replace one that dies; stop them all
    on SIGTERM or SIGINT. A worker that cannot listen (the port taken meanwhile) exits at start, which stops the server.

    The parent opens no index before forking, so no searcher's file handles are shared.
    """
    from ingest.workers import _die_with_parent  # the extraction workers' guard: the same need

    parent = os.getpid()
    children = {}  # pid -> when it started
    stopping = False

    def start():
        pid = os.fork()
        if pid == 0:
            _die_with_parent(parent)  # a supervisor killed with -9 leaves no worker serving on
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 1
            try:
                _serve_socket(_listen(address, shared=True), root, config)
                code = 0
            except Exception:
                traceback.print_exc()
            finally:
                os._exit(code)  # never return into the parent's loop
        children[pid] = time.monotonic()

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        for pid in children:
            os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        start()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        started = children.pop(pid)
        if stopping:
            continue
        if os.WIFEXITED(status) and time.monotonic() - started < FAILED_START_S:
            print(f"nianbao: worker {pid} exited at start ({_how(status)}); stopping", file=sys.stderr, flush=True)
            stop(None, None)
            return 1
        print(f"nianbao: worker {pid} exited ({_how(status)}); starting another", file=sys.stderr, flush=True)
        start()
    return 0


def _how(status):
    return f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"code {os.WEXITSTATUS(status)}"
