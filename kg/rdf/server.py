"""A read-only SPARQL 1.1 protocol endpoint over an export, on 127.0.0.1, with pyoxigraph.

pyoxigraph has no HTTP server of its own in Python, so this is a small `http.server`:

- `GET /sparql?query=…` and `POST /sparql` with a form (`query=…`) or a
  `application/sparql-query` body;
- results as SPARQL JSON (default), XML, CSV or TSV by the `Accept` header or a
  `format=json|xml|csv|tsv` parameter; CONSTRUCT/DESCRIBE as Turtle (default) or N-Triples;
- `Access-Control-Allow-Origin: *`, so a YASGUI page in the browser can query it;
- updates are refused (400), and so are federated `SERVICE` calls: the endpoint never
  makes requests of its own on behalf of whoever can reach it.

    >>> import threading, urllib.request, urllib.parse, json, tempfile, pathlib
    >>> ttl = pathlib.Path(tempfile.mkdtemp()) / "g.ttl"
    >>> _ = ttl.write_text('<https://example.org/a> <https://example.org/p> "x" .', encoding="utf-8")
    >>> server = make_server(ttl, port=0)
    >>> _ = threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> q = urllib.parse.urlencode({"query": "SELECT ?o WHERE { ?s ?p ?o }"})
    >>> with urllib.request.urlopen(f"{server.url}?{q}") as r:
    ...     json.load(r)["results"]["bindings"]
    [{'o': {'type': 'literal', 'value': 'x'}}]
    >>> server.shutdown(); server.server_close()
"""

from __future__ import annotations

import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from kg.errors import ConfigError, QueryError

__all__ = ["HOST", "SparqlServer", "make_server", "mentions_service"]

HOST = "127.0.0.1"
_MAX_BODY = 1 << 20  # a query larger than 1 MiB is not a query

# result media types: SELECT/ASK and CONSTRUCT/DESCRIBE
_RESULT_TYPES = {
    "json": ("JSON", "application/sparql-results+json"),
    "xml": ("XML", "application/sparql-results+xml"),
    "csv": ("CSV", "text/csv"),
    "tsv": ("TSV", "text/tab-separated-values"),
}
_GRAPH_TYPES = {"ttl": ("TURTLE", "text/turtle"), "nt": ("N_TRIPLES", "application/n-triples")}


def mentions_service(query: str) -> bool:
    """Whether a query calls SERVICE (outside strings, IRIs and comments).

    >>> mentions_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> mentions_service('SELECT * { ?s ?p "customer service" } # service')
    False
    """
    stripped = re.sub(
        r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*',
        " ",
        query,
    )
    return re.search(r"\bSERVICE\b", stripped, re.IGNORECASE) is not None


def _pick(accept: str, fmt: str | None, table: dict[str, tuple[str, str]]) -> str:
    if fmt in table:
        return fmt
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        for key, (_, mime) in table.items():
            if media == mime:
                return key
    return next(iter(table))


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    quiet: ClassVar[bool] = True

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_OPTIONS(self) -> None:  # CORS preflight from browser tools such as YASGUI
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
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

    def do_POST(self) -> None:
        if urlsplit(self.path).path not in ("/", "/sparql"):
            return self._error(HTTPStatus.NOT_FOUND, "the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query larger than 1 MiB")
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
        import pyoxigraph as ox

        if mentions_service(query):
            return self._error(
                HTTPStatus.BAD_REQUEST, "SERVICE (federated queries) is disabled on this local endpoint"
            )
        try:
            result = self.server.engine.raw(query)
            accept = self.headers.get("Accept") or ""
            if isinstance(result, ox.QueryTriples):
                key = _pick(accept, fmt, _GRAPH_TYPES)
                body = ox.serialize(result, format=getattr(ox.RdfFormat, _GRAPH_TYPES[key][0]))
                assert body is not None  # given no output file, serialize returns the bytes
                return self._send(HTTPStatus.OK, body, f"{_GRAPH_TYPES[key][1]}; charset=utf-8")
            key = _pick(accept, fmt, _RESULT_TYPES)
            body = result.serialize(format=getattr(ox.QueryResultsFormat, _RESULT_TYPES[key][0]))
        except QueryError as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except (RuntimeError, OSError) as exc:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {exc}")
        self._send(HTTPStatus.OK, body, f"{_RESULT_TYPES[key][1]}; charset=utf-8")


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server bound to 127.0.0.1 holding one export in pyoxigraph."""

    daemon_threads = True

    def __init__(self, data: Path, port: int) -> None:
        from kg.rdf.sparql import OxigraphEngine

        self.engine = OxigraphEngine(data)  # load first: a bad file fails before the port opens
        self.data = data
        self.triples = self.engine.triples
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {HOST}:{port} ({exc.strerror}); pass another --port, or 0 for any free one"
            ) from exc

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/sparql"


def make_server(data: Path | str, port: int = 7878) -> SparqlServer:
    """An endpoint over `data` on 127.0.0.1:`port` (0: any free port; see `.url`), not yet serving.

    Call `serve_forever()` (blocks; `shutdown()` from another thread stops it).

    Raises:
        InputError: the file is missing or not RDF.
        ConfigError: the port is taken.
    """
    return SparqlServer(Path(data), port)
