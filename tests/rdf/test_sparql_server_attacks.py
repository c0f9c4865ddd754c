"""Issue 17, cases 1 and 2: a real `kg serve sparql` on 127.0.0.1 against hostile requests.

A listener of our own stands where a federated query would go; it must receive nothing.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.rdf.server import SparqlServer, make_server

ROOT = Path(__file__).resolve().parents[2]
# every triple three times over: far more rows than any time limit lets through
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.sendall(b"HTTP/1.1 500 Internal\r\nContent-Length: 12\r\n\r\nadmin secret")
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def endpoint(examples_ttl: Path) -> Iterator[str]:
    """`kg serve sparql --data graph.ttl --port 0` as a process; its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "sparql", "--data", str(examples_ttl), "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/sparql", line)
    assert match, line
    yield match.group(0)
    proc.terminate()
    proc.wait(10)


def get(url: str, query: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def raw(url: str, request: bytes, wait: float = 10) -> bytes:
    """Send bytes as they are and read what comes back, keeping our side open."""
    port = int(urllib.parse.urlsplit(url).port or 0)
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(request)
        reply = b""
        while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) < _length(reply):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
        return reply


def _length(reply: bytes) -> int:
    m = re.search(rb"Content-Length: (\d+)", reply)
    return int(m.group(1)) if m else 0


@pytest.mark.parametrize(
    "template",
    [
        "ASK {{ # x\rSERVICE <http://127.0.0.1:{port}/admin> {{ ?s ?p ?o }} }}",
        "ASK {{ sErViCe <http://127.0.0.1:{port}/admin> {{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE SILENT <http://127.0.0.1:{port}/admin> {{ ?s ?p ?o }} }}",
        "ASK {{ BIND(<http://127.0.0.1:{port}/admin> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ],
    ids=["carriage-return-comment", "mixed-case", "silent", "variable"],
)
def test_a_federated_query_in_any_spelling_reaches_no_listener_issue_17(
    endpoint: str, listener: Listener, template: str
):
    status, body = get(endpoint, template.format(port=listener.port))
    time.sleep(0.2)  # a request made anyway would have arrived by now
    assert listener.connections == 0
    assert status == 400 and "SERVICE" in body and "admin secret" not in body


def test_a_request_for_another_host_name_is_refused_dns_rebinding_issue_17(endpoint: str):
    status, body = get(endpoint, "ASK {}", Host="evil.example:7878")
    assert status == 403
    assert body == f"Host 'evil.example:7878' is not this endpoint; address it as {endpoint}\n"
    assert get(endpoint, "ASK {}", Host="localhost")[0] == 200


def test_answers_carry_no_cors_header_by_default_issue_17(endpoint: str):
    with urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=20) as r:
        assert r.status == 200 and "Access-Control-Allow-Origin" not in r.headers


@pytest.mark.parametrize(
    ("length", "status", "message"),
    [
        ("-1", b"400 Bad Request", b"Content-Length '-1' is not a number of bytes\n"),
        ("abc", b"400 Bad Request", b"Content-Length 'abc' is not a number of bytes\n"),
        (str(300 << 20), b"413 Request Entity Too Large", b"query larger than 1 MiB\n"),
    ],
)
def test_a_content_length_that_is_not_a_size_is_a_one_line_400_issue_17(
    endpoint: str, length: str, status: bytes, message: bytes
):
    # the body keeps coming: a server that reads to the end of the stream never answers
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    reply = raw(endpoint, head + b"ASK {} " * 1000)
    assert reply.split(b"\r\n", 1)[0] == b"HTTP/1.1 " + status
    assert reply.split(b"\r\n\r\n", 1)[1] == message
    assert get(endpoint, "ASK {}")[0] == 200  # and the endpoint goes on


@pytest.fixture
def strict(examples_ttl: Path) -> Iterator[SparqlServer]:
    srv = make_server(examples_ttl, port=0, timeout=1.0, workers=1)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _worker_pids(srv: SparqlServer) -> set[int]:
    return {w.process.pid for w in srv.pool.all if w.process.pid is not None}


def _wait_until(condition: object, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_a_query_past_the_time_limit_is_stopped_with_a_503_issue_17(strict: SparqlServer):
    before = _worker_pids(strict)
    started = time.monotonic()
    status, body = get(strict.url, EXPENSIVE)
    assert status == 503 and body.startswith("query stopped after 1 s")
    assert time.monotonic() - started < 5
    assert _wait_until(lambda: not (before & _worker_pids(strict)) and _worker_pids(strict), 20)
    assert get(strict.url, "ASK {}")[0] == 200  # a fresh worker answers the next one


def test_a_query_whose_client_hangs_up_is_stopped_issue_17(examples_ttl: Path):
    srv = make_server(examples_ttl, port=0, timeout=600, workers=1)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        (worker,) = srv.pool.all
        query = urllib.parse.urlencode({"query": EXPENSIVE})
        with socket.create_connection(srv.server_address[:2], timeout=10) as sock:
            sock.sendall(f"GET /sparql?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            time.sleep(0.5)
        assert _wait_until(lambda: not worker.process.is_alive(), 10)
    finally:
        srv.shutdown()
        srv.server_close()


def test_kg_serve_sparql_cors_origin_lets_that_origin_read_answers(examples_ttl: Path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "serve",
            "sparql",
            "--data",
            str(examples_ttl),
            "--port",
            "0",
            "--cors-origin",
            "http://localhost:8080",
            "--timeout",
            "5",
        ],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        match = re.search(r"http://127\.0\.0\.1:\d+/sparql", proc.stderr.readline())
        assert match
        with urllib.request.urlopen(f"{match.group(0)}?query=ASK%7B%7D", timeout=20) as r:
            assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"
    finally:
        proc.terminate()
        proc.wait(10)
