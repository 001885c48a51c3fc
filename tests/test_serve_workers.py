"""`nianbao serve --workers N`: N real processes share one socket, each with its own searcher; concurrent
searches all answer what search/ answers; a killed worker is replaced; stopping the server (or killing
it) leaves no worker behind."""
import http.client
import io
import json
import os
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from search.query.find import search
from search.store import ingest
from tests.conftest import NIANBAO, ROOT
from tests.gen.corpus import write_reports
from tests.processes import alive, children, survivors
from tests.test_web_browser import free_port, wait_for

WORKERS = 2
QUERIES = [{"q": "公开"}, {"q": "培训"}, {"q": "", "where": "year>=2021"}, {"q": "政务公开 -培训"}, {"q": "问题：公开"}]
REPLACED_WITHIN_S = 30
CONNECTIONS = 64  # keep-alive clients; dealt at random, each worker holds fewer than a quarter of them about once in 30,000 runs


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    ingest(write_reports(tmp_path_factory.mktemp("in"), 10, seed=5), root, stream=io.StringIO())
    return root


@pytest.fixture
def server(data):
    port = free_port()
    process = subprocess.Popen(NIANBAO + ["serve", "--data", str(data), "--port", str(port), "--workers", str(WORKERS)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", process)
        yield process, url
    finally:
        workers = children(process.pid)
        if process.poll() is None:
            process.terminate()
        _, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err
        assert survivors(workers) == []


def ask(url, params):
    with urllib.request.urlopen(f"{url}/api/search?{urllib.parse.urlencode(params)}", timeout=60) as response:
        return response.status, json.loads(response.read())["total"]


def expected(data):
    return [(200, search(data, p["q"], where=[p["where"]] if "where" in p else [])["total"]) for p in QUERIES]


def ask_concurrently(url, rounds=8, clients=16):
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda i: ask(url, QUERIES[i % len(QUERIES)]), range(rounds * len(QUERIES))))


def test_concurrent_searches_all_answer_correctly_from_every_process(server, data):
    process, url = server
    assert len(children(process.pid)) == WORKERS
    answers = ask_concurrently(url)
    assert answers == expected(data) * 8
    assert all(total > 0 for _, total in expected(data))


def socket_inodes(pid):
    """The inodes of the sockets process `pid` holds open (/proc/PID/fd links read `socket:[inode]`)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def server_side_inodes(port, client_ports):
    """{client port: inode of the server's end of that connection}, from the kernel's table of TCP sockets."""
    found = {}
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16), int(fields[9])
        if local == port and remote in client_ports:
            found[remote] = inode
    return found


def test_keep_alive_connections_are_dealt_out_among_the_workers(server, data):
    process, url = server
    port = int(url.rsplit(":", 1)[1])
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(CONNECTIONS)]
    try:
        for conn in connections:  # all at once, as a load of clients arrives (one at a time, the idle process took each)
            conn.connect()
        for conn in connections:  # one search each, and the connection stays open, as a browser's or a client's does
            conn.request("GET", "/api/search?q=" + urllib.parse.quote("公开"))
            assert conn.getresponse().read()
        ends = server_side_inodes(port, {conn.sock.getsockname()[1] for conn in connections})
        assert len(ends) == CONNECTIONS
        held = [len(set(ends.values()) & socket_inodes(pid)) for pid in children(process.pid)]
    finally:
        for conn in connections:
            conn.close()
    assert len(held) == WORKERS and sum(held) == CONNECTIONS
    assert min(held) >= CONNECTIONS // (2 * WORKERS), held


def test_a_killed_worker_is_replaced_and_searches_go_on(server, data):
    process, url = server
    first = children(process.pid)
    os.kill(first[0], signal.SIGKILL)
    deadline = time.monotonic() + REPLACED_WITHIN_S
    while time.monotonic() < deadline and (len(children(process.pid)) < WORKERS or first[0] in children(process.pid)):
        time.sleep(0.1)
    now = children(process.pid)
    assert len(now) == WORKERS and first[0] not in now and first[1] in now
    assert ask_concurrently(url, rounds=2) == expected(data) * 2
    said = iter(process.stderr.readline, "")  # printed before the replacement was forked; waitress may log before it
    assert any(f"worker {first[0]} exited (signal 9); starting another" in line for line in said)


def test_killing_the_server_takes_its_workers_with_it(server):
    process, _ = server
    workers = children(process.pid)
    assert len(workers) == WORKERS and all(alive(pid) for pid in workers)
    process.kill()
    process.wait()
    assert survivors(workers) == []
