"""`kg load neo4j`: a build into Neo4j 5 through the official `neo4j` driver.

Constraints and the full-text index first, then the batched `UNWIND $rows AS row MERGE …`
statements of `kg.cypher.statements`, each in a managed write transaction (the driver
retries transient errors: deadlocks, leader switches), and the build's spells last as
`Spell` nodes (`kg.cypher.spells`). The same `load_graph()` runs on
the embedded engine in the tests, so counts, idempotence and resuming are checked there.

The password never travels as a flag (it would show in `ps`): it comes from
`KG_NEO4J_PASSWORD` or a prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from kg.build_folder import load_build
from kg.cypher.loader import LoadReport, load_graph
from kg.cypher.spells import build_spells
from kg.cypher.statements import DEFAULT_BATCH, Batch, neo4j_schema_statements
from kg.errors import ConfigError, KgError, QueryError, StoreUnavailable

__all__ = ["Neo4jTarget", "load_neo4j", "translate_error", "SCHEMES", "CONNECT_TIMEOUT", "PASSWORD_ENV"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
PASSWORD_ENV = "KG_NEO4J_PASSWORD"  # the password is read from here, never from a flag (`ps` shows flags)
CONNECT_TIMEOUT = 5.0  # seconds; a refused or silent server is reported well within 10 s


def translate_error(exc: Exception, uri: str, database: str) -> KgError:
    """A driver error as one line saying what happened and what to do.

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> print(translate_error(ServiceUnavailable("refused"), "bolt://localhost:7687", "neo4j"))
    cannot reach Neo4j at bolt://localhost:7687 (refused); start it (see docs/cypher.md for a docker run line) or pass --uri
    """
    from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable, SessionExpired

    detail = " ".join(str(getattr(exc, "message", None) or exc).split())
    if isinstance(exc, AuthError):
        return StoreUnavailable(
            f"Neo4j at {uri} refused the login ({detail}); set KG_NEO4J_PASSWORD or check --user"
        )
    if isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
        return StoreUnavailable(
            f"cannot reach Neo4j at {uri} ({detail}); start it (see docs/cypher.md for a docker run line) or pass --uri"
        )
    code = getattr(exc, "code", "") or ""
    if isinstance(exc, ClientError) and code.endswith("DatabaseNotFound"):
        return StoreUnavailable(
            f"Neo4j at {uri} has no database {database!r}; create it (CREATE DATABASE {database}) or pass --database"
        )
    if isinstance(exc, ClientError):
        return QueryError(f"Neo4j at {uri} rejected a statement ({code}: {detail})")
    return StoreUnavailable(f"Neo4j at {uri} failed: {type(exc).__name__}: {detail}")


class Neo4jTarget:
    """A Neo4j database as a `CypherTarget`; a context manager that closes the driver."""

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        scheme = uri.split("://", 1)[0] if "://" in uri else ""
        if scheme not in SCHEMES:
            raise ConfigError(
                f"--uri {uri!r} is not a Bolt URI; write e.g. bolt://localhost:7687 ({', '.join(SCHEMES)})"
            )
        import logging

        from neo4j import GraphDatabase

        # The driver logs routing failures to stderr on its own; we report them as one line.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        logging.getLogger("neo4j").propagate = False
        self.uri, self.database = uri, database
        self._driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=CONNECT_TIMEOUT,
            connection_acquisition_timeout=2 * CONNECT_TIMEOUT,
            max_transaction_retry_time=30.0,
        )

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        from neo4j.exceptions import Neo4jError

        try:
            with self._driver.session(database=self.database) as session:
                return fn(session)
        except (Neo4jError, OSError) as exc:
            raise translate_error(exc, self.uri, self.database) from exc
        except Exception as exc:
            from neo4j.exceptions import DriverError

            if isinstance(exc, DriverError):
                raise translate_error(exc, self.uri, self.database) from exc
            raise

    def verify(self) -> None:
        """Connect, log in and open the database, or raise one clear `StoreUnavailable`."""
        self._call(lambda s: s.run("RETURN 1").consume())

    def ensure_schema(self) -> None:
        def run(session: Any) -> None:
            for statement in neo4j_schema_statements():
                session.run(statement).consume()  # schema commands run in their own auto-commit

        self._call(run)

    def write(self, query: str, params: dict[str, Any]) -> None:
        self._call(lambda s: s.execute_write(lambda tx: tx.run(query, params).consume()))

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        rows: list[list[Any]] = self._call(
            lambda s: s.execute_read(lambda tx: [list(r.values()) for r in tx.run(query, params or {})])
        )
        return rows

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jTarget:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def load_neo4j(
    exports: Path | str,
    uri: str,
    user: str,
    password: str,
    database: str = "neo4j",
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[Batch], None] | None = None,
) -> LoadReport:
    """Load the build in `exports` (its spells too) into Neo4j; idempotent (loading twice leaves the same counts).

    Raises:
        InputError: no build in `exports`.
        StoreUnavailable: Neo4j refused the connection, the login or the database.
    """
    build = load_build(exports)
    spells = build_spells(build.dir)  # none for a build written before spells were
    with Neo4jTarget(uri, user, password, database) as target:
        target.verify()
        return load_graph(target, build.nodes, build.facts(), batch_size, on_batch, spells=spells)
