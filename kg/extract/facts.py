"""The registered extractors: each turns part of an article's analysis into facts.

They share one opening (`ArticleExtractor`): the article's node, the evidence tag
`name.vN`, and a set of the regions already located, which is each call's own, so no
extractor's output depends on which others ran before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.analysis import ArticleAnalysis
from kg.extract.base import extractors
from kg.extract.meetings import MeetingMention, main_meeting
from kg.extract.name_lists import name_at
from kg.extract.nodes import article_node, document_node, meeting_node, org_node, position_node, region_node
from kg.extract.persons import name_before
from kg.extract.text import sentence_bounds
from kg.gazetteer import Division, gazetteer
from kg.lexicons import roles
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

    def region_facts(
        self, org: Node, start: int, end: int, region_surface: str | None = None
    ) -> Iterator[Fact]:
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


# 当选为 / 选举…为 / 增补…为 / 任命 / 新任 before a post in its sentence: the post starts then
_STARTS = re.compile(r"当选|选举|增选|补选|推选|增补|任命|新任")
# 王某不再担任县政协主席职务 / 免去李某县政协秘书长职务: the post ends then (a former post)
_ENDS = re.compile(r"(?P<verb>不再担任|免去|辞去|卸任)(?P<title>[^,。;、]{2,30}?)(?:的?职务)?(?=[,。;]|$)")
_MEETING_WORDS = ("会议", "会上", "大会", "全会")


@extractors.register("positions")
class PositionExtractor(ArticleExtractor):
    """HOLDS (Person→Position) and POST_IN (Position→Organization), with the body's region.

    Every HOLDS carries `date` (the day the article states it for) and `date_basis`: the
    `meeting` its sentence reports, else the article's `published` date, else `none`.
    A post the sentence says was taken (当选, 选举…为, 增补, 任命, 新任) has `tenure`
    `start`. A former post (原…, a past term's 十二届…主席) is HELD_FORMERLY with `tenure`
    `former`, and one the text ends (不再担任, 免去, 辞去, 卸任) HELD_FORMERLY with `tenure`
    `end`: never a HOLDS.
    """

    name = "positions"
    version = "3"  # v3: dates and tenure events on posts, former posts as HELD_FORMERLY
    # v2: titles from the founding texts, plenary roles, elections, rosters, former posts

    def facts(self, a: ArticleAnalysis, r: _Reading) -> Iterator[Fact]:
        done: set[tuple[str, str, str, bool]] = set()
        for p in a.people:
            person = a.person(p.name)
            for post in p.posts:
                key = (p.name, post.role, post.body, post.former)
                if key in done or not post.body:
                    continue
                done.add(key)
                org = org_node(post.body, post.kind, post.region)
                position = position_node(post.role, org)
                ev = r.evidence(min(post.start, p.start), max(post.end, p.end))
                starts = p.how == "elected" or bool(
                    _STARTS.search(a.text, sentence_bounds(a.text, ev.start)[0], ev.end)
                )
                extra = _dated(a, ev.start, starts and not post.former)
                if post.former:
                    yield Fact(person, "HELD_FORMERLY", position, ev, 0.8, extra + (("tenure", "former"),))
                else:
                    yield Fact(
                        person, "HOLDS", position, ev, 0.9, extra + ((("tenure", "start"),) if starts else ())
                    )
                yield Fact(position, "POST_IN", org, ev, 0.9)
                yield from r.region_facts(org, ev.start, ev.end)
        yield from _ended_posts(a, r, done)


def _dated(a: ArticleAnalysis, pos: int, change: bool = False) -> tuple[tuple[str, str], ...]:
    """`date` and `date_basis` of a post said at `pos`: its sentence's meeting, else the article's date.

    The meeting is a dated one named in the sentence, else, where the sentence speaks of a
    meeting (会议, 会上) or tells of an election or an end (`change`), the article's main
    meeting: 经全体委员投票选举,甲当选为县政协主席 happened at the plenary the article reports.
    """
    lo, hi = sentence_bounds(a.text, pos)
    held = [mt for mt in a.meetings if mt.date and lo <= mt.start < hi]
    if not held and (change or any(w in a.text[lo:hi] for w in _MEETING_WORDS)):
        main = main_meeting(a.meetings)
        held = [main] if main is not None and main.date else []
    if held and held[0].date:
        return (("date", held[0].date), ("date_basis", "meeting"))
    if a.article.published:
        return (("date", a.article.published[:10]), ("date_basis", "published"))
    return (("date_basis", "none"),)


def _name_ending(a: ArticleAnalysis, pos: int) -> str | None:
    """The name jieba reads right before `pos` (周某不再担任…), when the article did not list it."""
    found = name_before(a.text, pos)
    return found[0] if found is not None and found[2] == pos else None


def _ended_posts(a: ArticleAnalysis, r: _Reading, done: set[tuple[str, str, str, bool]]) -> Iterator[Fact]:
    """HELD_FORMERLY (`tenure` end) for 甲、乙不再担任县政协副主席 / 免去丙县政协秘书长职务.

    Only names the article already reads as persons, and only titles whose role kg knows.
    """
    known = sorted({p.name for p in a.people} | {n for n, _, _ in a.other_persons}, key=len, reverse=True)
    table = roles()
    for m in _ENDS.finditer(a.text):
        title_start, title = m.start("title"), m.group("title")
        names: list[tuple[str, int]] = []
        if m.group("verb") == "免去":  # 免去丙县政协秘书长职务: the name opens the title
            name = next((n for n in known if title.startswith(n)), None)
            found = name_at(a.text, title_start, strict=True) if name is None else None
            name = found[0] if found is not None else name
            if name is None:
                continue
            names, title_start, title = [(name, title_start)], title_start + len(name), title[len(name) :]
        else:  # 甲、乙不再担任…: the names end at the verb
            pos = m.start()
            while name := next((n for n in known if a.text.endswith(n, 0, pos)), None) or _name_ending(
                a, pos
            ):
                names.append((name, pos - len(name)))
                pos -= len(name)
                if pos == 0 or a.text[pos - 1] not in "、和及":
                    break
                pos -= 1
        body = next(
            (b for b in reversed(a.bodies) if title_start <= b.start and b.end <= title_start + len(title)),
            None,
        )
        rest = title[body.end - title_start :] if body is not None else title
        entry = table.get(rest)
        if entry is None or (body is None and a.home_cppcc is None):
            continue
        org = org_node(body.name, body.kind, body.region) if body is not None else a.home_cppcc
        assert org is not None
        position = position_node(entry.role, org)
        for name, start in names:
            key = (name, entry.role, org.label, True)
            if key in done:
                continue
            done.add(key)
            ev = r.evidence(start, m.end("title"))
            extra = _dated(a, start, True) + (("tenure", "end"),)
            yield Fact(a.person(name), "HELD_FORMERLY", position, ev, 0.85, extra)
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
    version = (
        "4"  # v4: `other` documents are CITED by their meeting or body (v3: 报告人, exhortations are `other`)
    )

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
