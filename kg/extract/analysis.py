"""One article's shared reading: place, bodies, people, dates, meetings, documents.

Each extractor reads what it needs from here; every piece is computed once, on first
use, so an extractor that needs no meetings costs nothing for them.
"""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.bodies import BodyMention, cppcc_name, find_bodies, find_other_orgs
from kg.extract.context import ArticleContext, article_context
from kg.extract.dates import DateMention, find_dates
from kg.extract.documents import DocumentMention, find_documents
from kg.extract.meetings import MeetingMention, find_meetings
from kg.extract.nodes import NATIONAL_BODIES, org_node, person_node
from kg.extract.persons import find_other_persons
from kg.extract.positions import PersonMention, find_people_with_posts
from kg.extract.text import sentence_bounds, sentences, without_honorific
from kg.lexicons import national_leaders
from kg.model import Article, Evidence, Node
from kg.resolve.persons import person_anchor, person_id

__all__ = ["ArticleAnalysis"]

# 本报兰州讯(记者王钧) / 枞阳在线消息 / 天津北方网讯: — what may stand before the lead date
_DATELINE = re.compile(r"^(?:[^,。()]{0,12}?(?:讯|消息)[:：]?\s*)?(?:\([^()]{0,30}\)\s*)?")


_LONGEST_EVIDENCE = 500  # characters of a sentence kept whole as evidence
_EVIDENCE_CONTEXT = 120  # characters kept on each side of the span in a longer one


class ArticleAnalysis:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.text = article.text
        self._persons: dict[str, Node] = {}

    @cached_property
    def context(self) -> ArticleContext:
        return article_context(self.article)

    @cached_property
    def bodies(self) -> list[BodyMention]:
        return find_bodies(self.text, self.context.home)

    @cached_property
    def other_orgs(self) -> list[BodyMention]:
        return find_other_orgs(self.text, self.context.home)

    @cached_property
    def people(self) -> list[PersonMention]:
        found = find_people_with_posts(self.text, self.bodies, self.context.home)
        for p in found:
            name = without_honorific(p.name)
            p.name, p.end = name, p.start + len(name)
        return found

    @cached_property
    def other_persons(self) -> list[tuple[str, int, int]]:
        return [
            (name, start, start + len(name))
            for name, start, _ in ((without_honorific(n), s, e) for n, s, e in find_other_persons(self.text))
        ]

    @cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text, self.context.published, source_date=self.context.source_date)

    @cached_property
    def lead_date(self) -> str | None:
        """The date that opens the article's first body sentence (`3月15日,华亭市政协召开…`).

        News puts the event's date first, after any dateline and byline; a date further
        into the sentence belongs to something else.
        """
        headers = {h.strip("# ") for h in self.article.headers}
        checked = 0
        for sentence in sentences(self.text):
            if sentence.text.strip("# ") in headers:
                continue
            opening = _DATELINE.sub("", sentence.text[:40])
            lead = len(sentence.text[:40]) - len(opening)
            found = [
                d
                for d in self.dates
                if not d.dateline and sentence.start + lead <= d.start <= sentence.start + lead + 3
            ]
            if found:
                return found[0].iso
            checked += 1
            if checked == 2:
                return None
        return None

    @cached_property
    def meetings(self) -> list[MeetingMention]:
        return find_meetings(
            self.text,
            self.bodies,
            self.people,
            self.dates,
            self.context.home,
            self.lead_date,
            others=self.other_persons,
        )

    @cached_property
    def documents(self) -> list[DocumentMention]:
        return find_documents(self.text)

    @cached_property
    def home_cppcc(self) -> Node | None:
        home = self.context.home
        if home is None:
            return None
        return org_node(cppcc_name(home), "cppcc", home)

    @cached_property
    def _anchors(self) -> dict[str, str]:
        """Name → identity anchor, one per name within this article."""
        anchors: dict[str, str] = {}
        home_code = self.context.home.code if self.context.home else None
        for name in national_leaders():
            if name in self.text:
                anchors[name] = person_anchor([], None, national=True)
        for p in self.people:
            regions = [post.region.code for post in p.posts if post.region is not None]
            national_body = any(post.body in NATIONAL_BODIES for post in p.posts)
            if p.how == "leader" or national_body or any(post.kind == "central" for post in p.posts):
                anchors.setdefault(p.name, person_anchor([], None, national=True))
            elif regions:
                anchors.setdefault(p.name, person_anchor(regions, home_code))
        return anchors

    def person(self, name: str) -> Node:
        """The Person node for a name mentioned in this article (id anchored, see kg.resolve.persons)."""
        if name in self._persons:
            return self._persons[name]
        home_code = self.context.home.code if self.context.home else None
        anchor = self._anchors.get(name) or person_anchor([], home_code)
        base = person_node(name)
        anchored_by = "post" if name in self._anchors else ("place" if home_code else "none")
        if anchor == "national":
            anchored_by = "national"
        node = Node(
            person_id(name, anchor), "Person", name, base.props + (("anchor", anchor), ("anchored_by", anchored_by))
        )
        self._persons[name] = node
        return node

    def evidence(self, start: int, end: int, extractor: str) -> Evidence:
        """Evidence for the span [start, end): the sentence around it, clipped to the text."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        s_start, s_end = sentence_bounds(self.text, start, end)
        if s_end - s_start > _LONGEST_EVIDENCE:
            # a text with no full stop is one "sentence": keep a window around the span, so
            # facts.jsonl does not repeat the whole text in every fact (issue 17, case 6)
            s_start = max(s_start, start - _EVIDENCE_CONTEXT)
            s_end = min(s_end, max(end, start) + _EVIDENCE_CONTEXT)
        sentence = self.text[s_start:s_end]
        return Evidence(self.article.id, sentence, start, end, extractor)
