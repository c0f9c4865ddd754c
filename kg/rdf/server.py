"""A read-only SPARQL 1.1 protocol endpoint over an export, on 127.0.0.1, with pyoxigraph.

pyoxigraph has no HTTP server of its own in Python, so this is a small `http.server`:

- `GET /sparql?query=…` and `POST /sparql` with a form (`query=…`) or a
  `application/sparql-query` body;
- results as SPARQL JSON (default), XML, CSV or TSV by the `Accept` header or a
  `format=json|xml|csv|tsv` parameter; CONSTRUCT/DESCRIBE as Turtle (default) or N-Triples;
- updates are refused (400), and so are federated `SERVICE` calls: the endpoint never
  makes requests of its own on behalf of whoever can reach it;
- only requests addressed to `127.0.0.1` or `localhost` (the `Host` header) are answered,
  so a web page whose own name was made to point at 127.0.0.1 (DNS rebinding) gets a 403;
- no CORS headers unless asked for (`cors_origin="*"`, or the one origin of a YASGUI page);
- each query runs in a worker process and is stopped (the worker killed and replaced) when
  it passes `timeout` seconds or its client hangs up, so no query runs on unattended.

    >>> import threading, urllib.request, urllib.parse, json, tempfile, pathlib
    >>> ttl = pathlib.Path(tempfile.mkdtemp()) / "g.ttl"
    >>> _ = ttl.write_text('<https://example.org/a> <https://example.org/p> "x" .', encoding="utf-8")
    >>> server = make_server(ttl, port=0, workers=1)
    >>> _ = threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> q = urllib.parse.urlencode({"query": "SELECT ?o WHERE { ?s ?p ?o }"})
    >>> with urllib.request.urlopen(f"{server.url}?{q}") as r:
    ...     json.load(r)["results"]["bindings"]
    [{'o': {'type': 'literal', 'value': 'x'}}]
    >>> server.shutdown(); server.server_close()
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from kg.errors import ConfigError, InputError, KgError, QueryError

__all__ = ["DEFAULT_TIMEOUT", "HOST", "SparqlServer", "calls_service", "make_server"]

HOST = "127.0.0.1"
DEFAULT_TIMEOUT = 30.0  # seconds a query may run; the graph of a county answers in milliseconds
_MAX_BODY = 1 << 20  # a query larger than 1 MiB is not a query
_LOCAL_NAMES = ("127.0.0.1", "localhost")
_POLL = 0.05  # seconds between looks at the worker and the client while a query runs

# result media types: SELECT/ASK and CONSTRUCT/DESCRIBE
_RESULT_TYPES = {
    "json": ("JSON", "application/sparql-results+json"),
    "xml": ("XML", "application/sparql-results+xml"),
    "csv": ("CSV", "text/csv"),
    "tsv": ("TSV", "text/tab-separated-values"),
}
_GRAPH_TYPES = {"ttl": ("TURTLE", "text/turtle"), "nt": ("N_TRIPLES", "application/n-triples")}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"(?<![A-Za-z0-9_])SERVICE(?![A-Za-z0-9_])", re.IGNORECASE)

Reply = tuple[int, bytes, str]  # status, body, content type


def calls_service(query: str) -> bool:
    """Whether a query may call SERVICE (a federated query), as any SPARQL parser could read it.

    The query is parsed (rdflib) and refused when its algebra holds a SERVICE pattern. Parsers
    disagree at the edges (pyoxigraph ends a `#` comment at a carriage return, rdflib does not),
    so a query is also refused when the word SERVICE appears anywhere in it, even inside a
    comment, a string or an IRI, after codepoint escapes (`\\u0053`) are read: whatever parser
    runs the query, it cannot see the keyword without those letters.

    >>> calls_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> calls_service('ASK { # x\\rSERVICE <http://127.0.0.1:9/admin> { ?s ?p ?o } }')
    True
    >>> calls_service('SELECT * { ?s ?p "customer care" }')
    False
    """
    text = _ESCAPE.sub(lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)), query)
    if _SERVICE_WORD.search(text):
        return True
    return _parsed_service(query)


def _parsed_service(query: str) -> bool:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
    except Exception:  # pyparsing's ParseException and friends: the word check above decides
        return False
    return "ServiceGraphPattern" in repr(parsed)


def _pick(accept: str, fmt: str | None, table: dict[str, tuple[str, str]]) -> str:
    if fmt in table:
        return fmt
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        for key, (_, mime) in table.items():
            if media == mime:
                return key
    return next(iter(table))


def _text(status: int, message: str) -> Reply:
    return status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8"


# ---------------------------------------------------------------------------- workers


def _evaluate(engine: Any, query: str, fmt: str | None, accept: str) -> Reply:
    """Run one query in a worker and serialise its answer (the worker's whole job)."""
    import pyoxigraph as ox

    try:
        result = engine.raw(query)
        if isinstance(result, ox.QueryTriples):
            key = _pick(accept, fmt, _GRAPH_TYPES)
            body = ox.serialize(result, format=getattr(ox.RdfFormat, _GRAPH_TYPES[key][0]))
            assert body is not None  # given no output file, serialize returns the bytes
            return HTTPStatus.OK, body, f"{_GRAPH_TYPES[key][1]}; charset=utf-8"
        key = _pick(accept, fmt, _RESULT_TYPES)
        body = result.serialize(format=getattr(ox.QueryResultsFormat, _RESULT_TYPES[key][0]))
    except QueryError as exc:
        return _text(HTTPStatus.BAD_REQUEST, str(exc))
    except (RuntimeError, OSError, ValueError) as exc:
        return _text(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
    return HTTPStatus.OK, body, f"{_RESULT_TYPES[key][1]}; charset=utf-8"


def _worker_main(data: str, conn: Connection) -> None:
    """A worker process: load the export, then answer queries sent over `conn` until it closes."""
    from kg.parallel import die_with_parent
    from kg.rdf.sparql import OxigraphEngine

    die_with_parent()
    try:
        engine = OxigraphEngine(data)
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", engine.triples))
    while True:
        try:
            query, fmt, accept = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_evaluate(engine, query, fmt, accept))


class _Worker:
    """One worker process holding the store; killed, never interrupted, when a query must stop."""

    def __init__(self, data: Path) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(str(data), child), daemon=True)
        self.process.start()
        child.close()
        try:
            kind, value = self.conn.recv()
        except EOFError:
            self.stop()
            raise InputError(f"cannot load {data}: the query worker ended while reading it") from None
        if kind == "error":
            self.stop()
            raise InputError(value)
        self.triples: int = value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _client_left(sock: socket.socket) -> bool:
    """Whether the client closed its side (readable, and nothing to read)."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


class _Pool:
    """Worker processes waiting for queries; a killed one is replaced in the background.

    Workers are started by one thread that lives as long as the pool: a worker ends with
    the thread that started it (PR_SET_PDEATHSIG), so none outlives a killed server.
    """

    def __init__(self, data: Path, size: int) -> None:
        self.data = data
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.all: set[_Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        self.jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        threading.Thread(target=self._spawner, daemon=True, name="kg-sparql-workers").start()
        box: queue.Queue[_Worker | KgError] = queue.Queue()

        def first() -> None:
            try:
                box.put(_Worker(data))
            except KgError as exc:
                box.put(exc)

        self.jobs.put(first)
        got = box.get()  # a bad file fails here, before the port opens
        if isinstance(got, KgError):
            self.jobs.put(None)
            raise got
        self.triples = got.triples
        self._keep(got)
        for _ in range(size - 1):
            self._replace()

    def _spawner(self) -> None:
        while (job := self.jobs.get()) is not None:
            job()

    def _keep(self, worker: _Worker) -> None:
        with self.lock:
            if self.closed:
                worker.stop()
                return
            self.all.add(worker)
        self.idle.put(worker)

    def _replace(self) -> None:
        def start() -> None:
            try:
                self._keep(_Worker(self.data))
            except KgError:  # the file changed under us; the remaining workers go on
                pass

        self.jobs.put(start)

    def _discard(self, worker: _Worker) -> None:
        with self.lock:
            self.all.discard(worker)
        worker.stop()
        self._replace()

    def run(
        self, query: str, fmt: str | None, accept: str, client: socket.socket, timeout: float
    ) -> Reply | None:
        """The reply to a query, or None when the client left before it was done."""
        deadline = time.monotonic() + timeout
        stopped = _text(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"query stopped after {timeout:g} s, the endpoint's time limit; narrow it (LIMIT, a bound subject)",
        )
        while True:  # wait for a free worker, within the same time limit
            try:
                worker = self.idle.get(timeout=_POLL)
                break
            except queue.Empty:
                if time.monotonic() > deadline:
                    return stopped
                if _client_left(client):
                    return None
        try:
            worker.conn.send((query, fmt, accept))
            while not worker.conn.poll(_POLL):
                if time.monotonic() > deadline:
                    self._discard(worker)
                    return stopped
                if _client_left(client):
                    self._discard(worker)
                    return None
            reply: Reply = worker.conn.recv()
        except (EOFError, OSError):
            self._discard(worker)
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, "query failed: the query worker ended")
        self.idle.put(worker)
        return reply

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.all = self.all, set()
        for worker in workers:
            worker.stop()
        self.jobs.put(None)


# ---------------------------------------------------------------------------- HTTP


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    quiet: ClassVar[bool] = True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def _cors(self) -> None:
        if self.server.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.cors_origin)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        self.send_header("Vary", "Accept")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, close: bool = False) -> None:
        if close:  # the body was not read: the rest of the stream is no next request
            self.close_connection = True
        self._send(*_text(status, message))

    def _is_local(self) -> bool:
        """Whether the request names this endpoint: a page on another name (DNS rebinding) does not."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if re.fullmatch(r"[^:\[\]]*(:\d*)?", host) else host
        if name in _LOCAL_NAMES:
            return True
        self._error(
            HTTPStatus.FORBIDDEN,
            f"Host {host!r} is not this endpoint; address it as {self.server.url}",
            close=True,
        )
        return False

    def do_OPTIONS(self) -> None:  # CORS preflight from browser tools such as YASGUI, when allowed
        if not self._is_local():
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        if self.server.cors_origin:
            self._cors()
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if not self._is_local():
            return
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path not in ("/", "/sparql"):
            return self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
        if "query" not in params:
            if "update" in params:
                return self._error(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: updates are refused")
            text = f"kg SPARQL endpoint: {self.server.triples} triples from {self.server.data}\nGET or POST {self.server.url}?query=...\n"
            return self._send(HTTPStatus.OK, text.encode("utf-8"), "text/plain; charset=utf-8")
        self._answer(params["query"][0], params.get("format", [None])[0])

    def _length(self) -> int | None:
        """The body's length from Content-Length, or None after answering 400/413."""
        values = self.headers.get_all("Content-Length") or []
        if len(set(values)) > 1:
            self._error(HTTPStatus.BAD_REQUEST, "more than one Content-Length", close=True)
            return None
        raw = values[0].strip() if values else "0"
        if not re.fullmatch(r"[0-9]{1,19}", raw):
            self._error(
                HTTPStatus.BAD_REQUEST, f"Content-Length {raw[:40]!r} is not a number of bytes", close=True
            )
            return None
        if int(raw) > _MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query larger than 1 MiB", close=True)
            return None
        return int(raw)

    def do_POST(self) -> None:
        if not self._is_local():
            return
        if urlsplit(self.path).path not in ("/", "/sparql"):
            return self._error(HTTPStatus.NOT_FOUND, "the endpoint is /sparql", close=True)
        length = self._length()
        if length is None:
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fmt = parse_qs(urlsplit(self.path).query).get("format", [None])[0]
        if ctype == "application/sparql-query":
            return self._answer(body, fmt)
        if ctype == "application/sparql-update":
            return self._error(HTTPStatus.BAD_REQUEST, "this endpoint is read-only: updates are refused")
        form = parse_qs(body, keep_blank_values=True)
        if "query" not in form:
            what = (
                "updates are refused (read-only)"
                if "update" in form
                else "send query=… as a form or an application/sparql-query body"
            )
            return self._error(HTTPStatus.BAD_REQUEST, what)
        self._answer(form["query"][0], form.get("format", [fmt])[0])

    def _answer(self, query: str, fmt: str | None) -> None:
        if calls_service(query):
            return self._error(
                HTTPStatus.BAD_REQUEST,
                "SERVICE (federated queries) is disabled on this local endpoint"
                " (the word SERVICE is refused anywhere in a query, comments and strings too)",
            )
        accept = self.headers.get("Accept") or ""
        reply = self.server.pool.run(query, fmt, accept, self.connection, self.server.query_timeout)
        if reply is None:  # the client hung up; its query was stopped
            self.close_connection = True
            return
        self._send(*reply)


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server bound to 127.0.0.1, its queries run by worker processes."""

    daemon_threads = True

    def __init__(
        self,
        data: Path,
        port: int,
        timeout: float = DEFAULT_TIMEOUT,
        cors_origin: str | None = None,
        workers: int = 2,
    ) -> None:
        if timeout <= 0:
            raise ConfigError(
                f"a query timeout of {timeout:g} s stops every query; give a positive number of seconds"
            )
        if workers < 1:
            raise ConfigError(f"{workers} query workers answer nothing; give 1 or more")
        self.data = data
        self.query_timeout = timeout
        self.cors_origin = cors_origin
        self.pool = _Pool(data, workers)  # load first: a bad file fails before the port opens
        self.triples = self.pool.triples
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            self.pool.close()
            raise ConfigError(
                f"cannot listen on {HOST}:{port} ({exc.strerror}); pass another --port, or 0 for any free one"
            ) from exc

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(
    data: Path | str,
    port: int = 7878,
    timeout: float = DEFAULT_TIMEOUT,
    cors_origin: str | None = None,
    workers: int = 2,
) -> SparqlServer:
    """An endpoint over `data` on 127.0.0.1:`port` (0: any free port; see `.url`), not yet serving.

    Call `serve_forever()` (blocks; `shutdown()` from another thread stops it), then
    `server_close()`, which also stops the worker processes.

    Args:
        data: an RDF file (the build's graph.ttl).
        port: the port on 127.0.0.1.
        timeout: seconds a query may run before it is stopped (a 503).
        cors_origin: the origin browser pages may read answers from (`*`: any); None sends
            no CORS headers, so a page on another site cannot read the graph.
        workers: worker processes, each holding the store: as many queries at once.

    Raises:
        InputError: the file is missing or not RDF.
        ConfigError: the port is taken, or a timeout or worker count that answers nothing.
    """
    return SparqlServer(Path(data), port, timeout=timeout, cors_origin=cors_origin, workers=workers)
