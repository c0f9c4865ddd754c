"""SPARQL 1.1 over an RDF export, with rdflib or pyoxigraph, and the results as a table.

Values go into a query as bindings, never as text: `run_query(path, "SELECT ?p ?name
WHERE { ?p rdfs:label ?name }", {"name": Term.literal("王海明", lang="zh")})`. A bound
variable must be in the result (in SELECT, or SELECT *): that is how pyoxigraph
substitutes values (SPARQL SEP-0007), and the rdflib engine keeps the same rule so a
query behaves the same on any engine.

Both engines read the whole file into memory. pyoxigraph (a compiled SPARQL engine) loads
and answers faster at every size we measured (docs/rdf.md), so `auto` picks it; rdflib
is kept for files up to `RDFLIB_MAX_BYTES` when asked for (`--engine rdflib`), as the
reference the tests compare pyoxigraph against.

    >>> from kg.rdf.vocab import PREFIXES
    >>> render_term(Term("uri", PREFIXES["org"] + "holds"), {"org": PREFIXES["org"]})
    'org:holds'
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from kg.errors import ConfigError, InputError, QueryError
from kg.rdf.vocab import PREFIXES, VOID, XSD, data_prefixes

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

__all__ = [
    "ENGINES",
    "RDFLIB_MAX_BYTES",
    "Engine",
    "OxigraphEngine",
    "SparqlResult",
    "RdflibEngine",
    "Term",
    "choose_engine",
    "format_result",
    "open_engine",
    "parse_binding",
    "render_term",
    "run_query",
]

ENGINES = ("auto", "oxigraph", "rdflib")
# Above this size rdflib is refused even when asked for: parsing alone takes seconds.
RDFLIB_MAX_BYTES = 64 * 1024 * 1024

_XSD_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_NOT_SELECTED = (
    "the query does not select ?{name}; a bound variable must be in the result (SELECT ?{name} … or SELECT *)"
)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term in a result or a binding, independent of the engine.

    `kind` is `uri`, `literal` or `bnode` (as in SPARQL JSON results); a literal has a
    `lang` or a `datatype` (None for a plain xsd:string).
    """

    kind: str
    value: str
    lang: str | None = None
    datatype: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, lang: str | None = None, datatype: str | None = None) -> Term:
        return cls("literal", value, lang or None, None if datatype in (None, _XSD_STRING) else datatype)

    def to_json(self) -> dict[str, str]:
        """The SPARQL 1.1 JSON results form of the term."""
        out = {"type": self.kind, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def n3(self) -> str:
        """N-Triples syntax (`<iri>`, `"text"@zh`, `_:b0`), escaped."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = json.dumps(self.value, ensure_ascii=False)  # escapes quotes, backslashes, newlines
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


@dataclass(frozen=True)
class SparqlResult:
    """What a query returned: rows of a SELECT, the answer of an ASK, or triples (as rows)."""

    kind: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    engine: str = ""
    seconds: float = 0.0
    prefixes: dict[str, str] = field(default_factory=dict)


def parse_binding(text: str, iri: bool = False) -> tuple[str, Term]:
    """A `--bind` value: `NAME=VALUE` (a string), `NAME@zh=VALUE` (a language-tagged string),
    or with `iri=True` (`--bind-iri`) `NAME=IRI`. Everything after the first `=` is the value,
    verbatim.

    >>> parse_binding('name@zh=王"海明"')
    ('name', Term(kind='literal', value='王"海明"', lang='zh', datatype=None))
    >>> parse_binding("p=https://example.org/kg/person/1", iri=True)[1].kind
    'uri'
    >>> parse_binding("=x")
    Traceback (most recent call last):
    kg.errors.ConfigError: --bind '=x' needs NAME=VALUE with NAME a SPARQL variable name (letters, digits, _), e.g. name@zh=王海明
    """
    name, sep, value = text.partition("=")
    name, _, lang = name.partition("@")
    name = name.lstrip("?$")
    if not sep or not _NAME.match(name) or (lang and not _LANG.match(lang)):
        flag = "--bind-iri" if iri else "--bind"
        raise ConfigError(
            f"{flag} {text!r} needs NAME=VALUE with NAME a SPARQL variable name (letters, digits, _), e.g. name@zh=王海明"
        )
    if iri:
        if lang or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
            raise ConfigError(f"--bind-iri {text!r}: {value!r} is not an absolute IRI")
        return name, Term.iri(value)
    return name, Term.literal(value, lang=lang or None)


class Engine(Protocol):
    """A SPARQL engine over one export file, loaded in memory.

    `query(text, bindings)` runs a SPARQL 1.1 query with the standard prefixes and the
    data's own (`person:`, `region:` …) predeclared, the bindings substituted for their
    variables, and named graphs (TriG) seen as one default graph. It raises `QueryError`
    for a syntax error, an update, or a binding of a variable the result does not hold.
    """

    name: ClassVar[str]
    triples: int
    prefixes: dict[str, str]

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult: ...


def _check_query(text: str) -> None:
    if _UPDATE.match(re.sub(r"(?im)^\s*(PREFIX|BASE)\s+\S*\s*<[^>]*>", "", text)):
        raise QueryError(
            "kg sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; the export is read-only"
        )


class OxigraphEngine:
    """pyoxigraph's in-memory store."""

    name: ClassVar[str] = "oxigraph"

    def __init__(self, path: Path | str) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        file = Path(path)
        try:
            self.store.load(path=str(file))
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"{file} is not valid RDF ({exc}); re-export it with `kg export rdf`") from exc
        except OSError as exc:
            raise InputError(f"cannot read {file}: {exc}") from exc
        self.triples = len(self.store)
        self.prefixes = {**PREFIXES, **_data_prefixes_of(self)}

    def raw(self, text: str, substitutions: Mapping[ox.Variable, Any] | None = None) -> Any:
        """The pyoxigraph result of a query (for the HTTP endpoint, which serialises it itself)."""
        _check_query(text)
        try:
            return self.store.query(
                text,
                prefixes=self.prefixes,
                use_default_graph_as_union=True,
                substitutions=dict(substitutions or {}),
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (RuntimeError, OSError, ValueError) as exc:
            if m := re.search(r"variable \?(\w+) in its SELECT projection", str(exc)):
                raise QueryError(_NOT_SELECTED.format(name=m.group(1))) from exc
            raise QueryError(f"SPARQL query failed: {exc}") from exc

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult:
        ox = self._ox
        start = time.perf_counter()
        subs = {ox.Variable(k): self._term(v) for k, v in (bindings or {}).items()}
        result = self.raw(text, subs)
        try:
            if isinstance(result, ox.QueryBoolean):
                return SparqlResult(
                    "ask", boolean=bool(result), engine=self.name, seconds=time.perf_counter() - start
                )
            if isinstance(result, ox.QuerySolutions):
                variables = tuple(v.value for v in result.variables)
                rows = tuple(tuple(_from_ox(sol[v]) for v in variables) for sol in result)
                return SparqlResult(
                    "select",
                    variables,
                    rows,
                    engine=self.name,
                    seconds=time.perf_counter() - start,
                    prefixes=self.prefixes,
                )
            rows = tuple((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result)
        except (RuntimeError, OSError) as exc:
            raise QueryError(f"SPARQL query failed: {exc}") from exc
        return SparqlResult(
            "graph",
            ("subject", "predicate", "object"),
            rows,
            engine=self.name,
            seconds=time.perf_counter() - start,
            prefixes=self.prefixes,
        )

    def _term(self, term: Term) -> Any:
        ox = self._ox
        if term.kind == "uri":
            return ox.NamedNode(term.value)
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return (
            ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
            if term.datatype
            else ox.Literal(term.value)
        )


def _from_ox(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term.iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return Term.literal(term.value, term.language, None if datatype == _LANG_STRING else datatype)
    return Term("literal", str(term))  # an RDF-star triple, shown as text


class RdflibEngine:
    """rdflib's graph and its SPARQL engine (pure Python)."""

    name: ClassVar[str] = "rdflib"

    def __init__(self, path: Path | str) -> None:
        from kg.rdf.validate import load_rdflib

        self.graph: rdflib.Graph = load_rdflib(path)
        self.triples = len(self.graph)
        self.prefixes = {**PREFIXES, **_data_prefixes_of(self)}

    def query(self, text: str, bindings: Mapping[str, Term] | None = None) -> SparqlResult:
        from rdflib.plugins.sparql import prepareQuery

        _check_query(text)
        start = time.perf_counter()
        try:
            prepared = prepareQuery(text, initNs=self.prefixes)
        except Exception as exc:  # pyparsing's ParseException and friends
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        if prepared.algebra.name == "SelectQuery" and bindings:
            projected = {str(v) for v in prepared.algebra.get("PV") or []}
            for name in bindings:
                if name not in projected:
                    raise QueryError(_NOT_SELECTED.format(name=name))
        init = {k: self._term(v) for k, v in (bindings or {}).items()}  # rdflib makes the names Variables
        try:
            result = self.graph.query(prepared, initBindings=init)
            if result.type == "ASK":
                return SparqlResult(
                    "ask",
                    boolean=bool(result.askAnswer),
                    engine=self.name,
                    seconds=time.perf_counter() - start,
                )
            if result.type == "SELECT":
                variables = tuple(str(v) for v in result.vars or ())
                rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(variables))) for row in result)  # type: ignore[index]  # rdflib types rows as a union of result kinds
                return SparqlResult(
                    "select",
                    variables,
                    rows,
                    engine=self.name,
                    seconds=time.perf_counter() - start,
                    prefixes=self.prefixes,
                )
            rows = tuple(tuple(_from_rdflib(t) for t in triple) for triple in result)  # type: ignore[union-attr]  # CONSTRUCT rows are triples; rdflib's stubs say otherwise
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"SPARQL query failed: {type(exc).__name__}: {exc}") from exc
        return SparqlResult(
            "graph",
            ("subject", "predicate", "object"),
            rows,
            engine=self.name,
            seconds=time.perf_counter() - start,
            prefixes=self.prefixes,
        )

    @staticmethod
    def _term(term: Term) -> Any:
        import rdflib

        if term.kind == "uri":
            return rdflib.URIRef(term.value)
        if term.lang:
            return rdflib.Literal(term.value, lang=term.lang)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype or _XSD_STRING))


def _from_rdflib(term: Any) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return Term.iri(str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    if isinstance(term, rdflib.Literal):
        return Term.literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    return Term("literal", str(term))


def _data_prefixes_of(engine: OxigraphEngine | RdflibEngine) -> dict[str, str]:
    """The data prefixes (`person:` …) of the base the export names in void:uriSpace."""
    query = f"SELECT ?space WHERE {{ ?d <{VOID}uriSpace> ?space }} LIMIT 1"
    if isinstance(engine, OxigraphEngine):
        solutions = engine.store.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, engine._ox.QuerySolutions)  # a SELECT gives solutions
        rows = [sol["space"].value for sol in solutions]
    else:
        rows = [str(row[0]) for row in engine.graph.query(query)]  # type: ignore[index]  # rdflib types rows as a union of result kinds
    return data_prefixes(rows[0]) if rows else {}


def choose_engine(path: Path | str, engine: str = "auto") -> str:
    """The engine for a file: `auto` is pyoxigraph (faster at every measured size, docs/rdf.md).

    Raises:
        ConfigError: an unknown engine, or rdflib asked to read a file above RDFLIB_MAX_BYTES.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown SPARQL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "rdflib" and Path(path).is_file() and Path(path).stat().st_size > RDFLIB_MAX_BYTES:
        raise ConfigError(
            f"{path} is {Path(path).stat().st_size // 2**20} MiB; rdflib would take minutes to read it, use --engine oxigraph"
        )
    return "oxigraph" if engine == "auto" else engine


def open_engine(path: Path | str, engine: str = "auto") -> OxigraphEngine | RdflibEngine:
    """Load an export into the chosen engine.

    Raises:
        InputError: the file is missing or not RDF.
        ConfigError: see `choose_engine`.
    """
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no RDF file at {file}; write one with `kg export rdf` or pass --data FILE")
    return OxigraphEngine(file) if choose_engine(file, engine) == "oxigraph" else RdflibEngine(file)


def run_query(
    path: Path | str, query: str, bindings: Mapping[str, Term] | None = None, engine: str = "auto"
) -> SparqlResult:
    """Run one SPARQL query over an export file; see the module docstring for bindings."""
    return open_engine(path, engine).query(query, bindings)


# ---------------------------------------------------------------------------- output


def render_term(term: Term | None, prefixes: Mapping[str, str] | None = None) -> str:
    """A term for the table: a prefixed name when one fits, a literal's text as is."""
    if term is None:
        return ""
    if term.kind == "uri":
        for prefix, ns in (prefixes or {}).items():
            local = term.value[len(ns) :]
            if term.value.startswith(ns) and re.match(r"^[A-Za-z0-9_-]*$", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def _width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text
    )


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def format_result(result: SparqlResult, fmt: str = "table") -> str:
    """The result as `table` (aligned columns, CJK counted double width), `json` (SPARQL 1.1
    JSON results), `csv` or `tsv` (SPARQL 1.1 CSV/TSV results). The text ends with a newline.

    In the table, newlines, tabs and backslashes inside values are shown escaped (`\\n`) so
    each row stays on one line; `json`, `csv` and `tsv` carry values exactly.
    """
    if fmt == "json":
        if result.kind == "ask":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        bindings = [
            {v: t.to_json() for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return (
            json.dumps(
                {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                ensure_ascii=False,
            )
            + "\n"
        )
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(
                ["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row]
            )
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise ConfigError(f"unknown result format {fmt!r}; choose table, json, csv or tsv")
    cells = [list(result.variables)] + [
        [_one_line(render_term(t, result.prefixes)) for t in row] for row in result.rows
    ]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(result.variables))]
    lines = []
    for n, cell_row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(cell_row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
