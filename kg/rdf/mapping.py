"""A build's nodes and facts → RDF quads in the kg ontology (`schema/kg.ttl`), and files of them.

Each fact becomes two things:

- the direct triple, once however often the fact repeats (`person:… org:holds position:…`),
  so that simple queries stay simple;
- one `kg:Statement` per evidence: `rdf:subject`/`rdf:predicate`/`rdf:object` name the
  direct triple, `prov:wasDerivedFrom` the article and the `kg:Sentence` (whose `kg:text` is
  the sentence), with `kg:start`, `kg:end`, `kg:extractor` and `kg:confidence`.

Chinese text is tagged `@zh`; dates are `xsd:date`, or `xsd:gMonthDay` when the year is
unknown; regions carry `kg:regionCode` and a `kg:hasCode` link into the GB/T 2260 code list.
TriG puts nodes and direct triples in the graph `<base>graph/facts` and the evidence in
`<base>graph/evidence`; the other formats are one graph.

    >>> from kg.model import Evidence, Fact, Node
    >>> wang = Node("person:p1", "Person", "王海明", (("aliases", ("王海明",)),))
    >>> chair = Node("position:c1", "Position", "酒泉市政协主席", (("role", "主席"),))
    >>> fact = Fact(wang, "HOLDS", chair, Evidence("a1", "酒泉市政协主席王海明带队。", 0, 9, "positions.v1"), 0.9)
    >>> quads = list(graph_quads([fact]))
    >>> any(str(q.predicate) == "<http://www.w3.org/ns/org#holds>" for q in quads)
    True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.model import Fact, Node
from kg.rdf.vocab import (
    DCTERMS,
    DEFAULT_BASE,
    KG,
    NODE_CLASSES,
    ORG,
    PREDICATE_IRIS,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    VOID,
    XSD,
    check_base,
    data_prefixes,
    node_iri,
    sentence_iri,
    statement_iri,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.tenure import Spell

__all__ = ["FORMATS", "RdfReport", "ensure_graph", "graph_quads", "write_rdf", "rdf_format"]

# --format value → (pyoxigraph format name, file extension)
FORMATS = {
    "ttl": ("TURTLE", "ttl"),
    "nt": ("N_TRIPLES", "nt"),
    "jsonld": ("JSON_LD", "jsonld"),
    "trig": ("TRIG", "trig"),
}

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_CODE = re.compile(r"^\d{6}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")

# How node properties become triples: (predicate, kind). Kinds: zh (a Chinese text, tagged
# @zh), str, int, date. A list value gives one triple per item. Unlisted properties fall
# back to kg:<name> (tagged @zh when they hold Chinese).
_COMMON = {
    "aliases": (SKOS + "altLabel", "zh"),
    "notes": (SKOS + "editorialNote", "str"),
    "mentions": (KG + "mentionCount", "int"),
}
_PROPS: dict[str, dict[str, tuple[str, str] | None]] = {
    "Person": {
        "name": (SCHEMA + "name", "zh"),
        "anchor": (KG + "anchor", "str"),
        "anchored_by": (KG + "anchoredBy", "str"),
    },
    "Position": {"role": (KG + "role", "zh"), "body": (KG + "bodyName", "zh")},
    # `cppcc` is the class kg:CppccBody; region_code is the region the body sits in
    "Organization": {"kind": (KG + "kind", "str"), "region_code": (KG + "regionCode", "str"), "cppcc": None},
    "Region": {"code": (KG + "regionCode", "str"), "level": (KG + "level", "str")},
    "Meeting": {
        "date": (KG + "date", "date"),
        "kind": (KG + "meetingKind", "zh"),
        "session": (KG + "session", "zh"),
        "name": (SCHEMA + "name", "zh"),
    },
    "Document": {"title": (DCTERMS + "title", "zh")},
    "Article": {
        "title": (DCTERMS + "title", "zh"),
        "source": (KG + "source", "str"),
        "source_id": (DCTERMS + "identifier", "str"),
        "published": (DCTERMS + "issued", "date"),
    },
}
_EXTRA = {"rule": KG + "rule", "reason": KG + "reason"}
_EXTRA_KIND = {"date": "date"}
_POST_PREDICATES = (
    "HOLDS",
    "HELD_FORMERLY",
    "POST_IN",
)  # what kg.tenure derives spells from  # a post's date is an xsd:date (or gMonthDay), not a string


@dataclass(frozen=True, slots=True)
class RdfReport:
    """What `write_rdf` wrote."""

    path: Path
    format: str
    triples: int
    facts: int
    statements: int


def rdf_format(name: str) -> ox.RdfFormat:
    """The pyoxigraph format of a `--format` value (ttl, nt, jsonld, trig)."""
    import pyoxigraph as ox

    if name not in FORMATS:
        raise ConfigError(f"unknown RDF format {name!r}; choose one of {', '.join(FORMATS)}")
    return getattr(ox.RdfFormat, FORMATS[name][0])  # type: ignore[no-any-return]  # getattr on the enum is untyped


def _date_literal(value: str) -> ox.Literal | None:
    import pyoxigraph as ox

    if m := _ISO_DATE.match(value):
        try:
            dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
        return ox.Literal(m.group(1), datatype=ox.NamedNode(XSD + "date"))
    if (m := _MONTH_DAY.match(value)) and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 31:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "gMonthDay"))
    return None


class _Mapper:
    """Turns nodes and facts into quads; remembers what it has written so nothing repeats."""

    def __init__(
        self, base: str, nodes: Mapping[str, Node], articles: Mapping[str, Mapping[str, Any]]
    ) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.base = check_base(base)
        self.nodes = nodes
        self.articles = articles
        self.facts_graph = ox.NamedNode(f"{base}graph/facts")
        self.evidence_graph = ox.NamedNode(f"{base}graph/evidence")
        self.type = ox.NamedNode(RDF + "type")
        self.seen_nodes: set[str] = set()
        self.seen_direct: set[tuple[str, str, str]] = set()
        self.seen_sentences: set[str] = set()
        self.facts = 0
        self.statements: set[str] = set()
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = self.ox.NamedNode(value)
        return node

    def node_ref(self, node: Node) -> ox.NamedNode:
        return self.iri(node_iri(node.id, node.type, self.base))

    def literal(self, value: Any, kind: str) -> ox.Literal | None:
        import pyoxigraph as ox  # typed, unlike the module kept on self (a lazy import)

        if isinstance(value, bool):
            return ox.Literal(value)
        if kind == "int" or (kind == "auto" and isinstance(value, int)):
            return ox.Literal(int(value)) if isinstance(value, int | float) else None
        if isinstance(value, float):
            return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "decimal"))
        text = str(value)
        if kind == "date":
            return _date_literal(text)
        if kind == "zh" or (kind == "auto" and _CJK.search(text)):
            return ox.Literal(text, language="zh")
        return ox.Literal(text)

    def node(self, node: Node) -> Iterator[ox.Quad]:
        """The description of a node, once."""
        if node.id in self.seen_nodes:
            return
        self.seen_nodes.add(node.id)
        node = self.nodes.get(node.id, node)
        ox, g = self.ox, self.facts_graph
        me = self.node_ref(node)
        for cls in NODE_CLASSES[node.type]:
            yield ox.Quad(me, self.type, self.iri(cls), g)
        if node.type == "Organization" and node.prop("cppcc"):
            yield ox.Quad(me, self.type, self.iri(KG + "CppccBody"), g)
        yield ox.Quad(me, self.iri(RDFS + "label"), ox.Literal(node.label, language="zh"), g)
        table = {**_COMMON, **_PROPS.get(node.type, {})}
        for key, value in node.props:
            if key in table and table[key] is None:
                continue
            predicate, kind = table.get(key) or (KG + _camel(key), "auto")
            if not _NAME.match(key):
                continue  # not a property name anyone could query; never emitted by kg itself
            for item in value if isinstance(value, tuple | list) else (value,):
                if item is None or item == "":
                    continue
                lit = self.literal(item, kind)
                if lit is None and predicate == DCTERMS + "issued":
                    predicate, lit = KG + "publishedText", ox.Literal(str(item))
                if lit is not None:
                    yield ox.Quad(me, self.iri(predicate), lit, g)
        if node.type == "Region" and _CODE.match(str(node.prop("code", ""))):
            yield from self._code(me, str(node.prop("code")), node.label)

    def _code(self, region: ox.NamedNode, code: str, label: str) -> Iterator[ox.Quad]:
        ox, g = self.ox, self.facts_graph
        concept = self.iri(f"{self.base}gbt2260/{code}")
        yield ox.Quad(region, self.iri(KG + "hasCode"), concept, g)
        yield ox.Quad(concept, self.type, self.iri(KG + "RegionCode"), g)
        yield ox.Quad(concept, self.iri(SKOS + "notation"), ox.Literal(code), g)
        yield ox.Quad(concept, self.iri(SKOS + "inScheme"), self.iri(KG + "GBT2260"), g)
        yield ox.Quad(concept, self.iri(SKOS + "prefLabel"), ox.Literal(label, language="zh"), g)

    def article(self, article_id: str) -> Iterator[ox.Quad]:
        """An evidence article that no fact mentions still gets its node."""
        node_id = f"article:{article_id}"
        if node_id in self.seen_nodes:
            return
        node = self.nodes.get(node_id)
        if node is None:
            record = self.articles.get(article_id, {})
            title = record.get("title") or article_id
            node = Node(node_id, "Article", title, (("title", title),))
        yield from self.node(node)

    def fact(self, fact: Fact) -> Iterator[ox.Quad]:
        ox = self.ox
        self.facts += 1
        yield from self.node(fact.subject)
        yield from self.node(fact.object)
        s, o = self.node_ref(fact.subject), self.node_ref(fact.object)
        p = self.iri(PREDICATE_IRIS[fact.predicate])
        key = (s.value, p.value, o.value)
        if key not in self.seen_direct:
            self.seen_direct.add(key)
            yield ox.Quad(s, p, o, self.facts_graph)
        ev, g = fact.evidence, self.evidence_graph
        st = self.iri(
            statement_iri(
                self.base,
                fact.subject.id,
                fact.predicate,
                fact.object.id,
                ev.article_id,
                ev.start,
                ev.end,
                ev.extractor,
                ev.sentence,
            )
        )
        if st.value in self.statements:
            return
        self.statements.add(st.value)
        derived = self.iri(PROV + "wasDerivedFrom")
        yield ox.Quad(st, self.type, self.iri(KG + "Statement"), g)
        yield ox.Quad(st, self.iri(RDF + "subject"), s, g)
        yield ox.Quad(st, self.iri(RDF + "predicate"), p, g)
        yield ox.Quad(st, self.iri(RDF + "object"), o, g)
        yield ox.Quad(st, self.iri(KG + "start"), ox.Literal(ev.start), g)
        yield ox.Quad(st, self.iri(KG + "end"), ox.Literal(ev.end), g)
        yield ox.Quad(st, self.iri(KG + "extractor"), ox.Literal(ev.extractor), g)
        confidence = ox.Literal(f"{round(fact.confidence, 3)}", datatype=self.iri(XSD + "decimal"))
        yield ox.Quad(st, self.iri(KG + "confidence"), confidence, g)
        for name, value in fact.extra:
            if _NAME.match(name) and value not in (None, ""):
                lit = self.literal(value, _EXTRA_KIND.get(name, "auto"))
                if lit is not None:
                    yield ox.Quad(st, self.iri(_EXTRA.get(name, KG + _camel(name))), lit, g)
        if ev.article_id:
            article = self.iri(node_iri(f"article:{ev.article_id}", "Article", self.base))
            yield from self.article(ev.article_id)
            yield ox.Quad(st, derived, article, g)
            if ev.sentence:
                sentence = self.iri(sentence_iri(self.base, ev.article_id, ev.sentence))
                yield ox.Quad(st, derived, sentence, g)
                if sentence.value not in self.seen_sentences:
                    self.seen_sentences.add(sentence.value)
                    yield ox.Quad(sentence, self.type, self.iri(KG + "Sentence"), g)
                    yield ox.Quad(sentence, self.iri(KG + "text"), ox.Literal(ev.sentence, language="zh"), g)
                    yield ox.Quad(sentence, derived, article, g)

    def membership(self, spell: Spell) -> Iterator[ox.Quad]:
        """A spell as a W3C ORG `org:Membership` in the body, `org:memberDuring` an OWL-Time interval.

        The interval has a `time:hasBeginning`/`time:hasEnd` only where the spell's start and
        end are known; `kg:firstSeen`/`kg:lastSeen` keep the dated mentions either way.
        """
        ox, g = self.ox, self.facts_graph
        key = hashlib.sha1(
            "\x1f".join((spell.person_id, spell.position_id, spell.start or spell.first_seen or "")).encode()
        ).hexdigest()[:16]
        me = self.iri(f"{self.base}membership/{key}")
        interval = self.iri(f"{self.base}membership/{key}-interval")
        yield ox.Quad(me, self.type, self.iri(ORG + "Membership"), g)
        yield ox.Quad(
            me, self.iri(ORG + "member"), self.iri(node_iri(spell.person_id, "Person", self.base)), g
        )
        if spell.body_id:
            body = self.iri(node_iri(spell.body_id, "Organization", self.base))
            yield ox.Quad(me, self.iri(ORG + "organization"), body, g)
        yield ox.Quad(
            me, self.iri(KG + "post"), self.iri(node_iri(spell.position_id, "Position", self.base)), g
        )
        yield ox.Quad(me, self.iri(ORG + "memberDuring"), interval, g)
        yield ox.Quad(interval, self.type, self.iri(TIME + "Interval"), g)
        for edge, day in (("hasBeginning", spell.start), ("hasEnd", spell.end)):
            lit = _date_literal(day) if day else None
            if lit is None:
                continue
            instant = self.iri(f"{self.base}membership/{key}-{edge[3:].lower()}")
            yield ox.Quad(interval, self.iri(TIME + edge), instant, g)
            yield ox.Quad(instant, self.type, self.iri(TIME + "Instant"), g)
            yield ox.Quad(instant, self.iri(TIME + "inXSDDate"), lit, g)
        for name, value in (("firstSeen", spell.first_seen), ("lastSeen", spell.last_seen)):
            lit = _date_literal(value) if value else None
            if lit is not None:
                yield ox.Quad(me, self.iri(KG + name), lit, g)
        yield ox.Quad(me, self.iri(KG + "status"), ox.Literal(spell.status), g)
        yield ox.Quad(me, self.iri(KG + "endKnown"), ox.Literal(spell.end_known), g)
        yield ox.Quad(me, self.iri(KG + "rank"), ox.Literal(spell.rank), g)
        yield ox.Quad(me, self.iri(KG + "inferred"), ox.Literal(spell.inferred), g)

    def dataset(self) -> Iterator[ox.Quad]:
        """A VoID description, so readers (`kg sparql`) find the base the data was minted under."""
        ox = self.ox
        me, g = self.iri(self.base), ox.DefaultGraph()
        yield ox.Quad(me, self.type, self.iri(VOID + "Dataset"), g)
        yield ox.Quad(me, self.iri(VOID + "uriSpace"), ox.Literal(self.base), g)
        yield ox.Quad(me, self.iri(DCTERMS + "conformsTo"), self.iri(KG.rstrip("#")), g)
        for graph in (self.facts_graph, self.evidence_graph):
            yield ox.Quad(me, self.iri(VOID + "subset"), graph, g)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def graph_quads(
    facts: Iterable[Fact],
    base: str = DEFAULT_BASE,
    nodes: Mapping[str, Node] | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
) -> Iterator[ox.Quad]:
    """The quads of a build: its facts (with their evidence) and every node.

    Args:
        facts: resolved facts, e.g. `load_build(dir).facts()`; read once.
        base: the IRI data is minted under (`<base>person/…`); ends with `/` or `#`.
        nodes: the build's canonical nodes (`Build.nodes`); nodes in no fact are written too,
            and a node's description comes from here when given, else from the facts.
        articles: the build's article records, for the titles of evidence articles that no
            fact mentions.

    Quads of the same node or direct triple are yielded once; graphs are `<base>graph/facts`,
    `<base>graph/evidence` and the default graph (the VoID description).

    Raises:
        ConfigError: the base is not an absolute IRI ending in `/` or `#`.
    """
    return _quads(_Mapper(base, nodes or {}, articles or {}), facts)


def _quads(mapper: _Mapper, facts: Iterable[Fact]) -> Iterator[ox.Quad]:
    from kg.tenure import derive_spells

    yield from mapper.dataset()
    posts: list[Fact] = []  # kept for the spells: posts, not the whole build
    for fact in facts:
        if fact.predicate in _POST_PREDICATES:
            posts.append(fact)
        yield from mapper.fact(fact)
    for spell in derive_spells(posts, mapper.nodes):
        yield from mapper.membership(spell)
    for node_id in sorted(mapper.nodes):
        yield from mapper.node(mapper.nodes[node_id])


def write_rdf(
    facts: Iterable[Fact],
    path: Path | str,
    format: str = "ttl",
    base: str = DEFAULT_BASE,
    nodes: Mapping[str, Node] | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
    comment: str | None = None,
) -> RdfReport:
    """Write a build as RDF (`ttl`, `nt`, `jsonld` or `trig`) to `path`, atomically.

    Quads stream to the serializer in the order the build gives them (its facts in
    file order, then its nodes by id), so the same build gives the same bytes and memory
    does not grow with the build. Each fact's statement and each node's description come
    together, so Turtle groups them by subject. Turtle, N-Triples and JSON-LD hold one
    graph; TriG keeps the facts and evidence graphs apart.

    `comment` becomes the first line of Turtle and TriG (`# comment`); N-Triples stays a
    triple a line and JSON-LD has no comments.

    Raises:
        ConfigError: an unknown format or a bad base.
    """
    import pyoxigraph as ox

    from kg.sinks.jsonl import atomic_writer

    fmt = rdf_format(format)
    mapper = _Mapper(base, nodes or {}, articles or {})
    written = 0

    def counted(items: Iterable[Any]) -> Iterator[Any]:
        nonlocal written
        for item in items:
            written += 1
            yield item

    quads = _quads(mapper, facts)
    # only TriG keeps the named graphs; the others take the triples
    data = counted(quads if format == "trig" else (q.triple for q in quads))
    prefixes = {**PREFIXES, **data_prefixes(base)}
    target = Path(path)
    with atomic_writer(target, binary=True) as fh:
        if comment is not None and format in ("ttl", "trig"):
            fh.write(f"# {' '.join(comment.split())}\n".encode())
        ox.serialize(data, fh, fmt, prefixes=prefixes)
    return RdfReport(target, format, written, mapper.facts, len(mapper.statements))


def ensure_graph(exports: Path | str, on_write: Callable[[RdfReport], None] | None = None) -> Path:
    """`<exports>/graph.ttl` of a build, written first when it is missing or was made from
    another build (what `kg sparql`, `kg validate` and `kg serve sparql` read).

    The file's first line names the build it was made from (`# kg build ID`, the id in
    build.json), so a graph.ttl written from the previous build (say by a query that ran
    while a build was under way) is never taken for this one's; for a build without a
    manifest, file times decide. `on_write` sees the report when the file had to be written.

    Raises:
        InputError: `exports` holds no build.
    """
    from kg.build_folder import load_build
    from kg.manifest import build_stamp

    build = load_build(exports)
    path = build.dir / "graph.ttl"
    stamp = build_stamp(build.dir)
    if path.is_file() and (
        _first_line(path) == f"# {stamp}"
        if stamp is not None
        else path.stat().st_mtime >= build.facts_path.stat().st_mtime
    ):
        return path
    report = write_rdf(build.facts(), path, "ttl", nodes=build.nodes, articles=build.articles, comment=stamp)
    if on_write is not None:
        on_write(report)
    return path


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        return fh.readline(200).decode("utf-8", "replace").rstrip("\n")
