"""The registered extractors: each turns part of an article's analysis into facts.

They share one opening (`ArticleExtractor`): the article's node, the evidence tag
`name.vN`, and a set of the regions already located, which is each call's own, so no
extractor's output depends on which others ran before it.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.analysis import ArticleAnalysis
from kg.extract.base import extractors
from kg.extract.meetings import MeetingMention, main_meeting
from kg.extract.nodes import article_node, document_node, meeting_node, org_node, position_node, region_node
from kg.gazetteer import Division, gazetteer
from kg.model import Evidence, Fact, Node, stable_id

__all__ = [
    "ArticleExtractor",
    "BylineExtractor",
    "PersonExtractor",
    "PositionExtractor",
    "BodyExtractor",
    "MeetingExtractor",
    "DocumentExtractor",
]


class _Reading:
    """One extractor's pass over one article: its node, evidence tag and located regions."""

    __slots__ = ("analysis", "article", "tag", "located")

    def __init__(self, analysis: ArticleAnalysis, tag: str) -> None:
        self.analysis = analysis
        self.article = article_node(analysis.article)
        self.tag = tag
        self.located: set[tuple[str, str]] = set()  # LOCATED_IN / PART_OF already stated

    def evidence(self, start: int, end: int) -> Evidence:
        return self.analysis.evidence(start, end, self.tag)

    def region_facts(self, org: Node, start: int, end: int, region_surface: str | None = None) -> Iterator[Fact]:
        """LOCATED_IN for a body, and PART_OF up its region's chain to the province.

        Once per pass: a body named ten times is located once, with its first evidence.
        """
        code = org.prop("region_code")
        if code is None or (org.id, code) in self.located:
            return
        self.located.add((org.id, code))
        chain = gazetteer().parent_chain(code)
        if not chain:
            return
        ev = self.evidence(start, end)
        aliases = (region_surface,) if region_surface else ()
        yield Fact(org, "LOCATED_IN", region_node(chain[0], aliases), ev)
        yield from self.part_of_chain(chain, ev)

    def part_of_chain(self, chain: list[Division], ev: Evidence) -> Iterator[Fact]:
        for child, parent in zip(chain, chain[1:], strict=False):
            if (child.code, parent.code) in self.located:
                continue
            self.located.add((child.code, parent.code))
            yield Fact(region_node(child), "PART_OF", region_node(parent), ev, 1.0)


class ArticleExtractor:
    """The base of kg's extractors: subclasses set `name` and `version` and write `facts`.

    A plug-in may use it too, or implement the `Extractor` protocol (kg.extract.base) alone.
    """

    name: str = ""
    version: str = "1"

    def __call__(self, analysis: ArticleAnalysis) -> Iterator[Fact]:
        return self.facts(analysis, _Reading(analysis, f"{self.name}.v{self.version}"))

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        raise NotImplementedError


def _meeting_nodes(mt: MeetingMention) -> tuple[Node, Node] | None:
    """The Organization that held a meeting and the Meeting node; None when no body is known."""
    if mt.body is None:
        return None
    org = org_node(mt.body.name, mt.body.kind, mt.body.region)
    return org, meeting_node(mt.name, org, mt.date, mt.kind, mt.session)


@extractors.register("bylines")
class BylineExtractor(ArticleExtractor):
    """AUTHORED_BY for every credited reporter, correspondent and photographer."""

    name = "bylines"
    version = "2"  # v2: bylines read token by token; 摄, 图文/, 【本报记者…电】, credits in any dateline

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        for b in a.article.authors:
            yield Fact(r.article, "AUTHORED_BY", a.person(b.name), r.evidence(b.start, b.end))


@extractors.register("persons")
class PersonExtractor(ArticleExtractor):
    """MENTIONS for every person the article names (with or without a post)."""

    name = "persons"
    version = "2"  # v2: lists of names (name_lists.py), credits, counted groups, leaders before a title

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        seen: set[str] = set()
        spans = [(p.name, p.start, p.end, 0.9) for p in a.people]
        spans += [(n, s, e, 0.7) for n, s, e in a.other_persons]
        spans += [(b.name, b.start, b.end, 0.95) for b in a.article.authors]
        for name, start, end, confidence in sorted(spans, key=lambda x: (x[1], x[0])):
            if name in seen:
                continue
            seen.add(name)
            yield Fact(r.article, "MENTIONS", a.person(name), r.evidence(start, end), confidence)


@extractors.register("positions")
class PositionExtractor(ArticleExtractor):
    """HOLDS (Person→Position) and POST_IN (Position→Organization), with the body's region."""

    name = "positions"
    version = "2"  # v2: titles from the founding texts, plenary roles, elections, rosters, former posts

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        done: set[tuple[str, str, str]] = set()
        for p in a.people:
            person = a.person(p.name)
            for post in p.posts:
                key = (p.name, post.role, post.body)
                if key in done or not post.body or post.former:
                    continue
                done.add(key)
                org = org_node(post.body, post.kind, post.region)
                position = position_node(post.role, org)
                ev = r.evidence(min(post.start, p.start), max(post.end, p.end))
                yield Fact(person, "HOLDS", position, ev, 0.9)
                yield Fact(position, "POST_IN", org, ev, 0.9)
                yield from r.region_facts(org, ev.start, ev.end)


@extractors.register("bodies")
class BodyExtractor(ArticleExtractor):
    """MENTIONS for every body and for the article's place; each body LOCATED_IN its region."""

    name = "bodies"
    version = "3"  # v3: national bodies and ministries from a lexicon; regions located per extractor

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        seen: set[str] = set()
        mentions = a.bodies + a.other_orgs
        surfaces: dict[str, set[str]] = {}
        for b in mentions:
            surfaces.setdefault(b.name, set()).add(b.surface)
        for b in mentions:
            if b.name in seen:
                continue
            seen.add(b.name)
            notes = tuple(m.note for m in mentions if m.name == b.name and m.note)
            org = org_node(b.name, b.kind, b.region, aliases=tuple(surfaces[b.name]), notes=notes)
            ev = r.evidence(b.start, b.end)
            yield Fact(r.article, "MENTIONS", org, ev, 0.9)
            yield from r.region_facts(org, b.start, b.end, b.region_surface)
        home = a.context.home
        if home is not None:
            ev = r.evidence(0, 0)
            chain = gazetteer().parent_chain(home.code)
            yield Fact(r.article, "MENTIONS", region_node(home), ev, 0.8)
            yield from r.part_of_chain(chain, ev)


@extractors.register("meetings")
class MeetingExtractor(ArticleExtractor):
    """Meeting nodes: HELD by their body, PRESIDED_BY and ATTENDED_BY persons.

    A meeting's identity is its body, term and session, kind and date: two sessions of one
    body, or one kind of meeting on two dates, are two nodes. Each PRESIDED_BY and
    ATTENDED_BY fact carries the sentence that names the person, with the span on the name.
    """

    name = "meetings"
    version = "2"  # v2: identity by session and date; evidence on the person; formal names; more dates

    @staticmethod
    def nodes(mt: MeetingMention) -> tuple[Node, Node] | None:
        """The Organization that held a meeting and the Meeting node; None when no body is known."""
        found = _meeting_nodes(mt)
        if found is None or mt.body is None:
            return None
        org, node = found
        key = f"{org.label}|{mt.session or mt.name}|{mt.kind}|{mt.date or ''}"
        return org, Node(stable_id("Meeting", key), "Meeting", node.label, node.props)

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        for mt in a.meetings:
            nodes = self.nodes(mt)
            if nodes is None:
                continue  # find_meetings gives every meeting a body when the article has a place
            org, node = nodes
            ev = r.evidence(mt.start, mt.end)
            yield Fact(r.article, "MENTIONS", node, ev, 0.9)
            yield Fact(org, "HELD", node, ev, 0.85 if mt.date else 0.6)
            yield from r.region_facts(org, mt.start, mt.end)
            for p in mt.presiders:
                yield Fact(node, "PRESIDED_BY", a.person(p.name), r.evidence(p.start, p.end), 0.85)
            for p in mt.attendees:
                yield Fact(node, "ATTENDED_BY", a.person(p.name), r.evidence(p.start, p.end), 0.7)


@extractors.register("documents")
class DocumentExtractor(ArticleExtractor):
    """Document nodes for 《》 titles; ADOPTED/STUDIED/ISSUED from the meeting or body."""

    name = "documents"
    version = "4"  # v4: `other` documents are CITED by their meeting or body (v3: 报告人, exhortations are `other`)

    _PREDICATE = {"adopted": "ADOPTED", "studied": "STUDIED", "issued": "ISSUED", "other": "CITED"}

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        main = main_meeting(a.meetings)
        for d in a.documents:
            holder_body = a.home_cppcc
            meeting_node_ = None
            in_sentence = [m for m in a.meetings if d.sentence_start <= m.start < d.start]
            mt = in_sentence[-1] if in_sentence else main
            nodes = MeetingExtractor.nodes(mt) if mt is not None else None
            if nodes is not None:
                holder_body, meeting_node_ = nodes
            doc = document_node(d.title, holder_body)
            ev = r.evidence(d.start, d.end)
            yield Fact(r.article, "MENTIONS", doc, ev, 0.95)
            predicate = self._PREDICATE.get(d.relation)
            subject = meeting_node_ or holder_body
            if predicate and subject is not None:
                yield Fact(subject, predicate, doc, ev, 0.8)
