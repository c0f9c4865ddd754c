"""SHACL validation of an RDF export against `schema/shapes.ttl`, with pyshacl.

>>> import tempfile
>>> from pathlib import Path
>>> bad = Path(tempfile.mkdtemp()) / "bad.ttl"
>>> _ = bad.write_text('''
... @prefix kg: <https://example.org/kg/ontology#> .
... <https://example.org/kg/region/1> a kg:Region ; kg:regionCode "12" .
... ''', encoding="utf-8")
>>> report = validate_file(bad)
>>> report.conforms
False
>>> sorted({v.path for v in report.violations} & {"kg:hasCode", "kg:level", "kg:regionCode"})
['kg:hasCode', 'kg:level', 'kg:regionCode']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.rdf.vocab import PREFIXES, SHAPES_PATH, VOID, data_prefixes

if TYPE_CHECKING:
    import rdflib

__all__ = ["Violation", "ValidationReport", "validate_file", "validate_graph", "load_rdflib"]

# file extension → rdflib parser name
_RDFLIB_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"
    shape: str = ""

    def __str__(self) -> str:
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}{value}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of validating one export."""

    data: str
    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not any(v.severity == "Violation" for v in self.violations)


def load_rdflib(path: Path | str) -> rdflib.Graph:
    """An export as one rdflib graph (the graphs of a TriG file merged).

    Raises:
        InputError: the file is missing, of an unknown kind, or not parseable.
    """
    import rdflib

    file = Path(path)
    fmt = _RDFLIB_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the RDF format of {file} from its extension; use .ttl, .nt, .jsonld or .trig"
        )
    if not file.is_file():
        raise InputError(f"no RDF file at {file}; write one with `kg export rdf`")
    try:
        if fmt in ("trig", "nquads"):
            dataset = rdflib.Dataset()
            dataset.parse(file, format=fmt)
            graph = rdflib.Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = rdflib.Graph()
            graph.parse(file, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific errors
        raise InputError(
            f"{file} is not valid {fmt} ({type(exc).__name__}: {exc}); re-export it with `kg export rdf`"
        ) from exc
    return graph


def _short(term: object, graph: rdflib.Graph, prefixes: dict[str, str] = PREFIXES) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        for prefix, ns in prefixes.items():
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns) :]}"
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    if isinstance(term, rdflib.BNode):
        # a path such as sh:alternativePath: say which
        return (
            " | ".join(_short(t, graph) for t in graph.objects(term, None) if not isinstance(t, rdflib.BNode))
            or "_:path"
        )
    return str(term) if term is not None else ""


def validate_graph(
    data: rdflib.Graph, shapes: Path | str = SHAPES_PATH, name: str = "<graph>"
) -> ValidationReport:
    """Validate an rdflib graph against SHACL shapes (default `schema/shapes.ttl`)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    shapes_graph = rdflib.Graph().parse(Path(shapes), format="turtle")
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=False, allow_warnings=True
    )
    space = next(data.objects(None, rdflib.URIRef(VOID + "uriSpace")), None)
    prefixes = {**PREFIXES, **(data_prefixes(str(space)) if space is not None else {})}
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        path_text = _short(path, shapes_graph) if path is not None else ""
        if isinstance(path, rdflib.BNode):
            path_text = _short(path, results) if (path, None, None) in results else path_text
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_short(results.value(result, SH.focusNode), results, prefixes),
                path=path_text,
                message=str(results.value(result, SH.resultMessage) or ""),
                value=_short(results.value(result, SH.value), results, prefixes)
                if results.value(result, SH.value) is not None
                else "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=str(results.value(result, SH.sourceShape) or ""),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(name, len(data), tuple(violations))


def validate_file(path: Path | str, shapes: Path | str = SHAPES_PATH) -> ValidationReport:
    """Validate an export file (.ttl, .nt, .jsonld, .trig) against SHACL shapes.

    Raises:
        InputError: the file cannot be read as RDF.
    """
    return validate_graph(load_rdflib(path), shapes, str(path))
