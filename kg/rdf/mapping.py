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
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from kg.errors import ConfigError
from kg.model import Fact, Node
from kg.rdf.scratch import Scratch
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

    from kg.build_folder import Build
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


# A fact's slots, in the order its quads are written: the position of a fact's k-th slot
# is fact_index * _SLOTS + k, so that "first occurrence" means the first in output order.
_SUBJECT, _OBJECT, _TRIPLE, _ARTICLE = range(4)
_SLOTS = 4
_REFS_CACHED = 1 << 14  # node IRIs kept made: the nodes of the last few articles


class _Source:
    """What the export reads: the facts (twice: `keys`, then `facts`), nodes by id, the nodes
    no fact names (`unseen_nodes`, in id order), article titles and the spells."""

    def keys(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        """Each fact's subject id and type, predicate, object id and type, and article id."""
        raise NotImplementedError

    def facts(self) -> Iterator[Fact]:
        raise NotImplementedError

    def node(self, node_id: str) -> Node | None:
        raise NotImplementedError

    def unseen_nodes(self, scratch: Scratch) -> Iterator[Node]:
        raise NotImplementedError

    def article_title(self, article_id: str) -> str | None:
        raise NotImplementedError

    def spells(self) -> Iterable[Spell]:
        raise NotImplementedError


class _InMemory(_Source):
    """Facts from any iterable, read once: they wait in the scratch folder for the second
    pass. Nodes and articles are the mappings given."""

    def __init__(
        self,
        facts: Iterable[Fact],
        nodes: Mapping[str, Node],
        articles: Mapping[str, Mapping[str, Any]],
        scratch: Scratch,
    ) -> None:
        self._facts = facts
        self.nodes = nodes
        self.articles = articles
        self._spill = scratch.folder / "facts.pickle"
        self._posts: list[Fact] = []  # kept for the spells: posts, not the whole build

    def keys(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        with self._spill.open("wb") as fh:
            for fact in self._facts:
                pickle.dump(fact, fh, protocol=pickle.HIGHEST_PROTOCOL)
                if fact.predicate in _POST_PREDICATES:
                    self._posts.append(fact)
                s, o = fact.subject, fact.object
                yield s.id, s.type, fact.predicate, o.id, o.type, fact.evidence.article_id

    def facts(self) -> Iterator[Fact]:
        with self._spill.open("rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def unseen_nodes(self, scratch: Scratch) -> Iterator[Node]:
        written: set[str] = set()  # two keys may hold nodes of one id; the first is written
        for key in sorted(self.nodes):
            node = self.nodes[key]
            if node.id not in written and not scratch.is_noted_node(node.id):
                written.add(node.id)
                yield self.nodes.get(node.id, node)  # what `_Mapper.node` would describe

    def article_title(self, article_id: str) -> str | None:
        return self.articles.get(article_id, {}).get("title")

    def spells(self) -> Iterable[Spell]:
        from kg.tenure import derive_spells

        return derive_spells(self._posts, self.nodes)


class _FromBuild(_Source):
    """A build read from its files: the facts twice, the nodes into the scratch file (so
    neither is held in memory), the spells from spells.jsonl when it is this build's."""

    def __init__(self, build: Build, scratch: Scratch) -> None:
        self.build = build
        self.scratch = scratch
        scratch.add_nodes((d["id"], line) for line, d in _records(build.node_files))

    def keys(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        for _, d in _records(self.build.fact_files):
            s, o = d["subject"], d["object"]
            yield s["id"], s["type"], d["predicate"], o["id"], o["type"], d["evidence"]["article"]

    def facts(self) -> Iterator[Fact]:
        from kg.build_folder import iter_facts

        for path in self.build.fact_files:
            yield from iter_facts(path)

    def node(self, node_id: str) -> Node | None:
        line = self.scratch.node_line(node_id)
        return None if line is None else Node.from_dict(orjson.loads(line))

    def unseen_nodes(self, scratch: Scratch) -> Iterator[Node]:
        for line in scratch.unseen_node_lines():
            yield Node.from_dict(orjson.loads(line))

    def article_title(self, article_id: str) -> str | None:
        if not self.scratch.has_articles:  # only an article with no node of its own needs them
            self.scratch.add_articles((d["id"], d.get("title")) for d in self.build.article_lines())
        return self.scratch.article_title(article_id)

    def spells(self) -> Iterator[Spell]:
        from kg.errors import InputError
        from kg.manifest import is_of_build
        from kg.tenure import SPELLS_FILE, Spell

        path = self.build.dir / SPELLS_FILE
        if not is_of_build(self.build.dir, SPELLS_FILE):  # none, or another build's: derive them
            yield from self._derived_spells()
            return
        # written by the build from the same facts and nodes: what deriving them gives
        with path.open("rb") as fh:
            for line in fh:
                if line.strip():
                    try:
                        yield Spell.from_dict(orjson.loads(line))
                    except (orjson.JSONDecodeError, TypeError) as exc:
                        raise InputError(
                            f"{path} is not a spells file of this kg; rebuild with `kg build`"
                        ) from exc

    def _derived_spells(self) -> list[Spell]:
        """What `kg.tenure.derive_spells` gives for the whole build, from its posts and
        the nodes they name (all it looks up), not from every fact and node."""
        from kg.tenure import derive_spells

        posts = [f for f in self.facts() if f.predicate in _POST_PREDICATES]
        ids = {node.id for f in posts for node in (f.subject, f.object)}
        nodes = {node_id: node for node_id in sorted(ids) if (node := self.node(node_id)) is not None}
        return derive_spells(posts, nodes)


def _records(files: Iterable[Path]) -> Iterator[tuple[bytes, dict[str, Any]]]:
    """Each line of a build's JSONL files, as it is and parsed."""
    from kg.errors import InputError

    for path in files:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield line, orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise InputError(
                        f"{path}: line {n} is not JSON ({exc.msg}); rebuild with `kg build`"
                    ) from exc


class _Seen(Protocol):
    """What `_Mapper.fact` asks before it writes a node, a direct triple, a statement or a
    sentence: whether this is where it is first written. Called in that order, once each."""

    def next_fact(self) -> None: ...
    def is_first_node(self, slot: int, node_id: str) -> bool: ...
    def is_first_triple(self, subject: str, predicate: str, object: str) -> bool: ...
    def is_new_statement(self, article_id: str, iri: str) -> bool: ...
    def is_new_sentence(self, article_id: str, iri: str) -> bool: ...


class _Firsts:
    """Which of a fact's quads are written: its nodes and direct triple where they first occur
    (the positions the first pass found, from the scratch file), its statement and sentence
    once per article. An article's statements are forgotten when the next article starts,
    unless its facts come in more than one run (`scattered`)."""

    def __init__(self, positions: Iterator[int], scattered: set[str]) -> None:
        self._positions = positions
        self._next = next(positions, -1)
        self._fact = -1
        self._slots: set[int] = set()
        self._scattered = scattered
        self._article: str | None = None
        self._statements: set[str] = set()
        self._sentences: set[str] = set()
        self._kept: set[str] = set()  # the statements and sentences of scattered articles

    def next_fact(self) -> None:
        self._fact += 1
        end = (self._fact + 1) * _SLOTS
        self._slots.clear()
        while 0 <= self._next < end:
            self._slots.add(self._next - self._fact * _SLOTS)
            self._next = next(self._positions, -1)

    def is_first_node(self, slot: int, node_id: str) -> bool:
        return slot in self._slots

    def is_first_triple(self, subject: str, predicate: str, object: str) -> bool:
        return _TRIPLE in self._slots

    def is_new_statement(self, article_id: str, iri: str) -> bool:
        return self._is_new(article_id, iri, self._statements)

    def is_new_sentence(self, article_id: str, iri: str) -> bool:
        return self._is_new(article_id, iri, self._sentences)

    def _is_new(self, article_id: str, iri: str, local: set[str]) -> bool:
        if article_id != self._article:
            self._article = article_id
            self._statements.clear()
            self._sentences.clear()
        seen = self._kept if article_id in self._scattered else local
        if iri in seen:
            return False
        seen.add(iri)
        return True


class _Mapper:
    """Turns nodes and facts into quads; `seen` (a `_Seen`) says which are written."""

    def __init__(self, base: str, source: _Source) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.base = check_base(base)
        self.source = source
        self.facts_graph = ox.NamedNode(f"{base}graph/facts")
        self.evidence_graph = ox.NamedNode(f"{base}graph/evidence")
        self.type = ox.NamedNode(RDF + "type")
        self.facts = 0
        self.statements = 0
        self._iris: dict[str, ox.NamedNode] = {}  # vocabulary terms only: a fixed few
        self.ref = lru_cache(maxsize=_REFS_CACHED)(self._ref)

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = self.ox.NamedNode(value)
        return node

    def _ref(self, node_id: str, node_type: str) -> ox.NamedNode:
        return self.ox.NamedNode(node_iri(node_id, node_type, self.base))

    def node_ref(self, node: Node) -> ox.NamedNode:
        return self.ref(node.id, node.type)

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
        """The description of a node: the build's node of its id when there is one."""
        yield from self.describe(self.source.node(node.id) or node)

    def describe(self, node: Node) -> Iterator[ox.Quad]:
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
        concept = ox.NamedNode(f"{self.base}gbt2260/{code}")
        yield ox.Quad(region, self.iri(KG + "hasCode"), concept, g)
        yield ox.Quad(concept, self.type, self.iri(KG + "RegionCode"), g)
        yield ox.Quad(concept, self.iri(SKOS + "notation"), ox.Literal(code), g)
        yield ox.Quad(concept, self.iri(SKOS + "inScheme"), self.iri(KG + "GBT2260"), g)
        yield ox.Quad(concept, self.iri(SKOS + "prefLabel"), ox.Literal(label, language="zh"), g)

    def article(self, article_id: str) -> Iterator[ox.Quad]:
        """An evidence article that no fact mentions still gets its node."""
        node_id = f"article:{article_id}"
        node = self.source.node(node_id)
        if node is None:
            title = self.source.article_title(article_id) or article_id
            node = Node(node_id, "Article", title, (("title", title),))
        yield from self.describe(node)

    def fact(self, fact: Fact, seen: _Seen) -> Iterator[ox.Quad]:
        ox = self.ox
        self.facts += 1
        seen.next_fact()
        if seen.is_first_node(_SUBJECT, fact.subject.id):
            yield from self.node(fact.subject)
        if seen.is_first_node(_OBJECT, fact.object.id):
            yield from self.node(fact.object)
        s, o = self.node_ref(fact.subject), self.node_ref(fact.object)
        p = self.iri(PREDICATE_IRIS[fact.predicate])
        if seen.is_first_triple(s.value, p.value, o.value):
            yield ox.Quad(s, p, o, self.facts_graph)
        ev, g = fact.evidence, self.evidence_graph
        st_iri = statement_iri(
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
        if not seen.is_new_statement(ev.article_id, st_iri):
            return
        self.statements += 1
        st = ox.NamedNode(st_iri)
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
            article = self.ref(f"article:{ev.article_id}", "Article")
            if seen.is_first_node(_ARTICLE, f"article:{ev.article_id}"):
                yield from self.article(ev.article_id)
            yield ox.Quad(st, derived, article, g)
            if ev.sentence:
                sentence_value = sentence_iri(self.base, ev.article_id, ev.sentence)
                sentence = ox.NamedNode(sentence_value)
                yield ox.Quad(st, derived, sentence, g)
                if seen.is_new_sentence(ev.article_id, sentence_value):
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
        me = ox.NamedNode(f"{self.base}membership/{key}")
        interval = ox.NamedNode(f"{self.base}membership/{key}-interval")
        yield ox.Quad(me, self.type, self.iri(ORG + "Membership"), g)
        yield ox.Quad(me, self.iri(ORG + "member"), self.ref(spell.person_id, "Person"), g)
        if spell.body_id:
            yield ox.Quad(me, self.iri(ORG + "organization"), self.ref(spell.body_id, "Organization"), g)
        yield ox.Quad(me, self.iri(KG + "post"), self.ref(spell.position_id, "Position"), g)
        yield ox.Quad(me, self.iri(ORG + "memberDuring"), interval, g)
        yield ox.Quad(interval, self.type, self.iri(TIME + "Interval"), g)
        for edge, day in (("hasBeginning", spell.start), ("hasEnd", spell.end)):
            lit = _date_literal(day) if day else None
            if lit is None:
                continue
            instant = ox.NamedNode(f"{self.base}membership/{key}-{edge[3:].lower()}")
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


def _note_firsts(source: _Source, base: str, scratch: Scratch) -> None:
    """The first pass: note every fact's nodes, direct triple and article in the scratch file."""
    iri = lru_cache(maxsize=_REFS_CACHED)(node_iri)
    article: str | None = None
    for n, (s_id, s_type, predicate, o_id, o_type, article_id) in enumerate(source.keys()):
        at = n * _SLOTS
        scratch.note_node(s_id, at + _SUBJECT)
        scratch.note_node(o_id, at + _OBJECT)
        # 16 bytes of the triple's IRIs: a collision is as likely as guessing a random
        # 128-bit key, so it stands for the triple itself
        triple = "\n".join(
            (iri(s_id, s_type, base), PREDICATE_IRIS.get(predicate, predicate), iri(o_id, o_type, base))
        )
        scratch.note_triple(hashlib.blake2b(triple.encode(), digest_size=16).digest(), at + _TRIPLE)
        if article_id:
            scratch.note_node(f"article:{article_id}", at + _ARTICLE)
        if article_id != article:
            scratch.note_article_run(article_id)
            article = article_id


def _source(
    facts: Iterable[Fact] | Build,
    nodes: Mapping[str, Node] | None,
    articles: Mapping[str, Mapping[str, Any]] | None,
    scratch: Scratch,
) -> _Source:
    from kg.build_folder import Build

    if isinstance(facts, Build):
        if nodes is not None or articles is not None:
            raise TypeError(
                "a Build brings its own nodes and articles; pass nodes= and articles= only with facts"
            )
        return _FromBuild(facts, scratch)
    return _InMemory(facts, nodes or {}, articles or {}, scratch)


def graph_quads(
    facts: Iterable[Fact] | Build,
    base: str = DEFAULT_BASE,
    nodes: Mapping[str, Node] | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
) -> Iterator[ox.Quad]:
    """The quads of a build: its facts (with their evidence) and every node.

    Args:
        facts: resolved facts, e.g. `load_build(dir).facts()`, read once; or a `Build`,
            whose facts, nodes, articles and spells are read from its files.
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
    check_base(base)
    return _quads(base, facts, nodes, articles)


@dataclass(slots=True)
class _Tally:
    """What an export wrote, known once its quads are all read."""

    facts: int = 0
    statements: int = 0


def _quads(
    base: str,
    facts: Iterable[Fact] | Build,
    nodes: Mapping[str, Node] | None,
    articles: Mapping[str, Mapping[str, Any]] | None,
    folder: Path | None = None,
    tally: _Tally | None = None,
) -> Iterator[ox.Quad]:
    """Two passes over the facts: the first notes where each node and direct triple first
    occurs (in a scratch file in `folder`), the second writes; memory stays flat."""
    from kg.sinks.jsonl import scratch_prefix  # a name `remove_leftovers` cleans up after a kill

    prefix = scratch_prefix("rdf") if folder is not None else "kg-rdf-"
    with Scratch(folder, prefix) as scratch:
        source = _source(facts, nodes, articles, scratch)
        mapper = _Mapper(base, source)
        tally = tally if tally is not None else _Tally()
        yield from mapper.dataset()
        _note_firsts(source, mapper.base, scratch)
        seen = _Firsts(scratch.firsts(), scratch.scattered_articles())
        for fact in source.facts():
            yield from mapper.fact(fact, seen)
        for spell in source.spells():
            yield from mapper.membership(spell)
        for node in source.unseen_nodes(scratch):
            yield from mapper.describe(node)
        tally.facts, tally.statements = mapper.facts, mapper.statements


def write_rdf(
    facts: Iterable[Fact] | Build,
    path: Path | str,
    format: str = "ttl",
    base: str = DEFAULT_BASE,
    nodes: Mapping[str, Node] | None = None,
    articles: Mapping[str, Mapping[str, Any]] | None = None,
    comment: str | None = None,
) -> RdfReport:
    """Write a build as RDF (`ttl`, `nt`, `jsonld` or `trig`) to `path`, atomically.

    Quads stream to the serializer in the order the build gives them (its facts in
    file order, then its nodes by id), so the same build gives the same bytes. Each fact's
    statement and each node's description come together, so Turtle groups them by subject.
    Turtle, N-Triples and JSON-LD hold one graph; TriG keeps the facts and evidence graphs
    apart.

    Memory does not grow with the build when `facts` is a `Build` (`load_build(dir)`): its
    files are read twice, and where each node and direct triple first occurs is kept in a
    scratch file beside `path`, as are its nodes. Facts from any other iterable wait in
    that scratch file between the passes; `nodes` and `articles` are then the mappings given.

    `comment` becomes the first line of Turtle and TriG (`# comment`); N-Triples stays a
    triple a line and JSON-LD has no comments.

    Raises:
        ConfigError: an unknown format or a bad base.
        TypeError: `nodes` or `articles` given with a `Build`, which brings its own.
    """
    import pyoxigraph as ox

    from kg.sinks.jsonl import atomic_writer

    fmt = rdf_format(format)
    check_base(base)
    tally = _Tally()
    written = 0

    def counted(items: Iterable[Any]) -> Iterator[Any]:
        nonlocal written
        for item in items:
            written += 1
            yield item

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    quads = _quads(base, facts, nodes, articles, target.parent, tally)
    # only TriG keeps the named graphs; the others take the triples
    data = counted(quads if format == "trig" else (q.triple for q in quads))
    prefixes = {**PREFIXES, **data_prefixes(base)}
    with atomic_writer(target, binary=True) as fh:
        if comment is not None and format in ("ttl", "trig"):
            fh.write(f"# {' '.join(comment.split())}\n".encode())
        ox.serialize(data, fh, fmt, prefixes=prefixes)
    return RdfReport(target, format, written, tally.facts, tally.statements)


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
    report = write_rdf(build, path, "ttl", comment=stamp)  # streamed from its files
    if on_write is not None:
        on_write(report)
    return path


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        return fh.readline(200).decode("utf-8", "replace").rstrip("\n")
