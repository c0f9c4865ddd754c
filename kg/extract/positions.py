"""Posts people hold, from the title chains Chinese news puts before a name.

    宕昌县政协党组书记、主席王海明        → 王海明: 党组书记 and 主席 at 宕昌县政协
    县委常委、统战部长、县政协党组副书记王文江 → 常委 at 县委, 部长 at 县委统战部, 党组副书记 at 县政协
    市政协副主席韩淑芬、贾兴业及秘书长孟雅琴 → one 副主席 post per listed name, then 秘书长
    荔瑜等7位委员 / 陶然当选为政协…委员会主席 / 习近平总书记

# 党组 (Party group): not a separate body; its posts belong to the 政协.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache

from kg.extract.bodies import BodyMention, cppcc_name, division_at_level
from kg.extract.name_lists import NameList, find_name_lists, is_words, name_at
from kg.extract.text import (
    NAME_END,
    cn_number,
    is_common_word,
    is_plausible_name,
    masked_titles,
    sentence_bounds,
    title_ending_before,
    word_tag,
)
from kg.gazetteer import Division
from kg.lexicons import national_leaders, roles

__all__ = ["Post", "PersonMention", "find_people_with_posts"]


@dataclass(frozen=True, slots=True)
class Post:
    role: str
    body: str  # canonical body name
    kind: str
    region: Division | None
    start: int  # span of the title (and its body) in the text
    end: int
    former: bool = False  # 原…主席, 十二届市政协主席 of a past term: said of the person, not held


@dataclass(slots=True)
class PersonMention:
    name: str
    start: int
    end: int
    posts: list[Post] = field(default_factory=list)
    how: str = "post"  # post | list | leader | elected


_DEFAULT_SUFFIX = {
    "party": ("委", "party"),
    "government": ("人民政府", "government"),
    "ufwd": ("委统战部", "ufwd"),
    "org": ("委组织部", "org"),
    "publicity": ("委宣传部", "publicity"),
    "congress": ("人大常委会", "congress"),
    "politics": ("委政法委", "party"),
    "discipline": ("纪委", "party"),
}
_DEFAULT_LEVEL = {"省": "省", "市": "市", "县": "县", "区": "区", "旗": "旗", "州": "州"}

_NAME = re.compile(r"[\u4e00-\u9fff](?:[\u4e00-\u9fff]{1,4}?|[\u4e00-\u9fff]{0,5}(?:·[\u4e00-\u9fff]{1,6})+)" + NAME_END)
# what may stand between a title and its name: 提名人选, 、会议主持人, a colon, 由 (执行主席由某某担任)
_FILLER = re.compile(r"(?:提名人选|人选|、(?:会议|大会)?(?:主持人|召集人)|是[:：]?[ \t]*|[:：][ \t]*|由)")
_BARE_BODY = re.compile(r"(?:人民政府|政府|党委|人大|政协)")
# 提案委员会主任 / 全国政协文史和学习委员会副主任: a special committee or office of a 政协
_SUB_BODY = re.compile(
    r"(?:^|(?<=[、,;:。\n ]))(?P<stem>[\u4e00-\u9fff]{2,10}?(?:委员会|办公厅|研究室))$"
)
# 十二届市政协主席 in an article about the thirteenth term / 原市政协主席: a former post
_TERM = re.compile(r"第?(?P<n>[一二三四五六七八九十]+)届")
_PHRASE_BEFORE = re.compile(r"(?<=[、,;:。\n ])[^、,;:。\n ]*$")
_TERM_BEFORE = re.compile(r"第?(?P<n>[一二三四五六七八九十]+)届$")
# 甲、乙…委员名单中,…包括丙、丁: a roster's names hold its role
_ROSTER = re.compile(r"(?P<role>常务委员|常委|委员)名单(?:中|如下)?[^。;]{0,16}?(?:包括|有|为|是)[:：]?")
# 和甲书记的讲话: a leader named before the title, posted at the body the sentence names
_TITLE_AFTER_NAME = re.compile(r"(?P<role>书记|省长|市长|县长|区长)(?=的|讲话|指出|强调|要求|在)")
# 县国有资产运营中心主任 → an organisation named before a title
_GENERIC_ORG = re.compile(
    r"(?P<level>[省市州县区旗])(?P<stem>(?!政协|人大)[\u4e00-\u9fff]{2,12}?"
    r"(?:中心|局|办公室|公司|研究院|学院|学校|医院|协会|联合会|委员会|委|厅))$"
)
# 、澳门南岭同乡会会长…: an association named in full after a break, kept as written
_ASSOCIATION = re.compile(
    r"(?<=[、,;:])(?P<name>[\u4e00-\u9fff]{2,14}?(?:同乡会|商会|协会|联合会|联谊会|基金会|研究会|促进会|总会))$"
)


@cache
def _role_pattern() -> re.Pattern[str]:
    surfaces = sorted(roles(), key=len, reverse=True)
    # 常委会, 主席会议, 委员会 are bodies and meetings, not titles
    return re.compile("(?:" + "|".join(map(re.escape, surfaces)) + ")(?!会|员会|团|台)")


# jieba's tags of plain words (方面/n, 研究/v): never a name, even before a break
_PLAIN_WORD_TAGS = frozenset({"n", "v", "vn", "a", "ad", "an", "d", "f", "m", "q", "r", "p", "c", "u"})


def _name_at(text: str, pos: int, strict: bool) -> re.Match[str] | None:
    m = _NAME.match(text, pos)
    if m is None or not is_plausible_name(m.group(0), strict=strict) or _NOT_A_NAME_AFTER_TITLE.match(m.group(0)):
        return None
    name = m.group(0)
    followed_by_break = text[m.end() : m.end() + 1] in ("、", ",", "。", ";", "") and word_tag(name) not in _PLAIN_WORD_TAGS
    if is_common_word(name) and word_tag(name) not in ("ns", "nz") and not followed_by_break:
        return None  # 委员应邀出席: a word jieba knows, not a name (主任林中,: a name that is a word)
    if (
        len(name) == 3
        and is_common_word(name[:2])
        and is_common_word(text[pos + 2 : pos + 4])
        and not is_common_word(text[pos + 3 : pos + 5])
    ):
        return None  # 副主任岗位工作职责: two words (岗位/工作), no name; 游某清出席 is a name
    return m


# what may close a name with no known surname: a break, or a verb only a person does
_LENIENT_END = re.compile(r"[、,;。]|主持|出席|参加|列席|讲话|致辞|作|宣读|传达|通报|介绍|汇报|宣布|代表|指出|强调|表示|的委托")
# 委员应到128名: a count of members, not a name
_NOT_A_NAME_AFTER_TITLE = re.compile(r"(?:应到|实到|到会|共|总数|人数|名单|人选)")


def _lenient_name_at(text: str, pos: int, role: str) -> re.Match[str] | None:
    """A name without a known surname (莫日格吉雅, 额尔敦布), only where it must be a name:
    right after a leader's title and closed by 、 or a comma."""
    if role in ("委员", "常委", "常务委员"):
        return None  # 委员 is followed by ordinary words too often (委员紧密联系…)
    m = _name_at(text, pos, strict=False)
    if m is None or m.end() >= len(text) or not _LENIENT_END.match(text, m.end()):
        return None
    if is_common_word(m.group(0)) or is_words(m.group(0)) or _NOT_A_NAME_AFTER_TITLE.match(m.group(0)):
        return None  # 三级调研员分工, / 主席名单, : a word jieba knows, not a name
    return m


class _ChainReader:
    """Reads title chains over one article text; see the module docstring."""

    def __init__(self, text: str, bodies: list[BodyMention], home: Division | None) -> None:
        self.text = masked_titles(text)
        # 副主席甲、乙、丙…: a list that opens right after a title holds that title
        self.lists_by_head = {nl.items[0][1]: nl for nl in find_name_lists(text)}
        self.bodies_by_end = {b.end: b for b in bodies}
        # 省委统战部部长: the title 统战部部长 starts inside the body 省委统战部; the chain
        # joins at the body's start
        self.body_start_at = {pos: b.start for b in bodies for pos in range(b.start, b.end)}
        self.bodies = bodies
        self.home = home
        terms = [cn_number(m.group("n")) or 0 for m in _TERM.finditer(self.text)]
        self.latest_term = max(terms, default=0)

    def _unknown_body_before(self, start: int) -> bool:
        """Whether the title is glued to words that name no body kg knows (某某纪检组组长)."""
        if start == 0 or not "\u4e00" <= self.text[start - 1] <= "\u9fff" or self.text[start - 1] in "兼及和与由":
            return False
        if start in self.bodies_by_end or title_ending_before(self.text, start):
            return False
        return bool(re.search(r"(?:组|处|科|室|站|队|所|部|局|中心|公司|学校|医院)$", self.text[max(0, start - 4) : start]))

    def _sub_body(self, start: int) -> tuple[BodyMention, int, str] | None:
        """A special committee or office of a 政协 that ends at `start`, with its 政协.

        The 政协 is the one named right before it (全国政协提案委员会), else the sentence's
        or the article's; a committee whose name starts with a place (县纪律检查委员会) or
        that is a standing committee is a body of its own, not a 政协's.
        """
        m = None
        for lo in (start - 12, start - 8, start - 5):
            m = _SUB_BODY.search(self.text, max(0, lo), start) if lo >= 0 else None
            if m is not None:
                break
        explicit_parent = None
        if m is None:
            for b in self.bodies:
                if b.kind == "cppcc" and b.end < start and start - b.end <= 12:
                    stem = self.text[b.end : start]
                    if stem.endswith(("委员会", "办公厅", "研究室")) and not any(c in stem for c in "、,。;"):
                        explicit_parent, stem_start = b, b.end
        else:
            stem_start = m.start("stem")
            explicit_parent = self.bodies_by_end.get(stem_start)
        if m is None and explicit_parent is None:
            return None
        inside = [b for b in self.bodies if b.kind == "cppcc" and b.start == stem_start and b.end < start]
        if inside:  # 全国政协提案委员会: the 政协 opens the committee's name
            explicit_parent, stem_start = inside[0], inside[0].end
        stem = self.text[stem_start:start]
        if not stem or "届" in stem or stem.startswith(("政协", "中国人民政治协商会议", "全国人大")):
            return None  # 政协十三届全国委员会 is the 政协 itself; 全国人大…委员会 is the congress's
        if "常务委员会" in stem or "人民代表大会" in stem or stem[0] in "省市州县区旗盟" or "党" in stem:
            return None
        parent = explicit_parent if explicit_parent is not None and explicit_parent.kind == "cppcc" else None
        if parent is None:
            parent = self._context_body(stem_start)
        if parent is None:
            home = self._home_cppcc(stem_start)
            if home is None:
                return None
            parent = BodyMention(stem_start, stem_start, "", home.body, "cppcc", home.region)
        return parent, stem_start, f"{parent.name}{stem}"

    def _is_former(self, start: int) -> bool:
        """A post said of a past term (十二届市政协主席 beside 十三届) or marked 原 (former)."""
        term = _TERM_BEFORE.search(self.text, max(0, start - 6), start)
        if term is not None and (cn_number(term.group("n")) or 0) < self.latest_term:
            return True
        # 十二届全国人大某委员会副主任委员: the past term opens the phrase the title ends
        phrase = _PHRASE_BEFORE.search(self.text, max(0, start - 24), start)
        if phrase is not None and (term := _TERM.match(phrase.group(0))) is not None:
            return (cn_number(term.group("n")) or 0) < self.latest_term
        return start > 0 and self.text[start - 1] == "原"

    def _sentence_start(self, pos: int) -> int:
        return sentence_bounds(self.text, pos)[0]

    def _context_body(self, pos: int, kinds: tuple[str, ...] = ("cppcc",)) -> BodyMention | None:
        start = self._sentence_start(pos)
        found = [b for b in self.bodies if start <= b.start and b.end <= pos and b.kind in kinds]
        return found[-1] if found else None

    def _home_cppcc(self, pos: int) -> Post | None:
        if self.home is None:
            return None
        return Post("", cppcc_name(self.home), "cppcc", self.home, pos, pos)

    def _post_for(self, entry_role: str, default: str, start: int, end: int, previous: Post | None) -> Post | None:
        explicit = self.bodies_by_end.get(start)
        if explicit is None and default == "same" and self.text[max(0, start - 2) : start] == "政协":
            # 旗人大常委会主任某某、政协主席某某: a bare 政协 among local leaders is the place's own
            home = self._home_cppcc(start)
            if home is not None:
                return Post(entry_role, home.body, "cppcc", home.region, start - 2, end)
        if default == "cppcc":
            # 大会执行主席: a post of the plenary's 政协, never of the body before it in the chain
            if explicit is not None and explicit.kind == "cppcc":
                return Post(entry_role, explicit.name, "cppcc", explicit.region, explicit.start, end)
            body = self._context_body(start)
            if body is not None:
                return Post(entry_role, body.name, body.kind, body.region, start, end)
            home = self._home_cppcc(start)
            return None if home is None else Post(entry_role, home.body, "cppcc", home.region, start, end)
        if explicit is not None and (explicit.kind != "central" or default != "central"):
            if default in ("same",) or explicit.kind == default or default in ("central",):
                return Post(entry_role, explicit.name, explicit.kind, explicit.region, explicit.start, end)
            # 县委统战部长: the title says which department of that region's Party committee
            suffix, kind = _DEFAULT_SUFFIX.get(default, ("", explicit.kind))
            region = explicit.region
            return Post(entry_role, f"{region.name if region else ''}{suffix}", kind, region, explicit.start, end)
        generic = _GENERIC_ORG.search(self.text, max(0, start - 16), start)
        if generic is not None and default == "same":
            region = division_at_level(generic.group("level"), self.home)
            if region is not None:
                stem = generic.group("stem")
                stem = "人民" + stem if stem.startswith("政府") else stem  # 区政府办公室 → 区人民政府办公室
                name = f"{region.name}{stem}"
                return Post(entry_role, name, "other", region, generic.start(), end)
        sub_body = self._sub_body(start) if default == "same" else None
        if sub_body is not None:
            parent, stem_start, name = sub_body
            return Post(entry_role, name, "cppcc_committee", parent.region, min(parent.start, stem_start), end)
        association = _ASSOCIATION.search(self.text, max(0, start - 16), start)
        if association is not None and default == "same":
            name = association.group("name")
            return Post(entry_role, name, "other", None, association.start(), end)
        if default == "central":
            return Post(entry_role, "中共中央", "central", None, start, end)
        if default == "same" and self._unknown_body_before(start):
            return None  # 纪检组组长: a body kg cannot name; the person stays, with no post
        if default == "same":
            if previous is not None:
                return Post(entry_role, previous.body, previous.kind, previous.region, start, end)
            ctx = self._context_body(start)
            if ctx is not None:
                return Post(entry_role, ctx.name, ctx.kind, ctx.region, start, end)
            home = self._home_cppcc(start)
            return None if home is None else Post(entry_role, home.body, "cppcc", home.region, start, end)
        # a title that implies its body: 副县长 → 人民政府 of the county
        suffix, kind = _DEFAULT_SUFFIX[default]
        region = previous.region if previous else None
        if region is None:
            ctx = self._context_body(start, tuple(_DEFAULT_SUFFIX) + ("cppcc",))
            region = ctx.region if ctx else None
        level = next((ch for ch in entry_role if ch in _DEFAULT_LEVEL), None)
        if level and (region is None or not region.name.endswith(level)):
            region = division_at_level(level, self.home) or region
        if region is None:
            region = self.home  # 自治区副主席某某 in a 新疆 article: the place's own government
        if region is None or region.code == "100000":
            return None
        return Post(entry_role, f"{region.name}{suffix}", kind, region, start, end)

    def read(self) -> Iterator[PersonMention]:
        text = self.text
        table = roles()
        chain: list[Post] = []  # titles read so far for the coming name
        inherit: Post | None = None  # where a bare title's body comes from (、副主席…)
        chain_end = -1
        last_post: Post | None = None
        for m in _role_pattern().finditer(text):
            entry = table[m.group(0)]
            start, end = m.start(), m.end()
            previous = chain[-1] if chain else inherit
            post = self._post_for(entry.role, entry.body, start, end, previous)
            # 党组书记、主席… / 县委常委、县政协党组副书记…: one chain, joined by 、
            joined_at = self.body_start_at.get(post.start, post.start) if post is not None else -1
            # 旗委副书记、政府旗长…: a bare body word between two titles belongs to the chain
            bare = _BARE_BODY.match(text, chain_end + 1) if chain_end >= 0 else None
            if bare is not None and bare.end() == joined_at:
                joined_at = bare.start()
            continues = previous is not None and post is not None and (
                chain_end == joined_at - 1 and text[chain_end] in "、及,兼"
            )
            if not continues:
                chain, inherit = [], None
                if previous is not None:
                    post = self._post_for(entry.role, entry.body, start, end, None)
            if post is None:
                chain, inherit, chain_end = [], None, -1
                # a title whose body cannot be placed still vouches for the name after it
                nameless = _name_at(text, end, strict=True)
                if nameless is not None and nameless.group(0) not in table:
                    yield PersonMention(nameless.group(0), nameless.start(), nameless.end(), [])
                continue
            if self._is_former(post.start) or (chain and chain[-1].former and continues):
                post = replace(post, former=True)
            chain.append(post)
            chain_end = end
            last_post = post
            if entry.body == "central":
                continue  # 习近平总书记: the name comes first (see _postfix_posts)
            pos = end
            filler = _FILLER.match(text, pos)
            if filler:
                pos = filler.end()
            listed = self.lists_by_head.get(pos)
            if listed is not None:
                first, *others = listed.items
                yield PersonMention(first[0], first[1], first[2], list(chain))
                for name_, n_start, n_end in others:
                    # 党组成员、副主席甲、乙: every listed name holds the whole chain
                    yield PersonMention(name_, n_start, n_end, list(chain))
                pos = listed.end
            else:
                name = _name_at(text, pos, strict=True) or _lenient_name_at(text, pos, entry.role)
                if name is None or name.group(0) in table:
                    continue
                yield PersonMention(name.group(0), name.start(), name.end(), list(chain))
                pos = name.end()
                # 副主席韩淑芬、贾兴业及秘书长… — each listed name holds the last title
                while pos < len(text) and text[pos] in "、及和":
                    if _role_pattern().match(text, pos + 1) or (pos + 1) in {b.start for b in self.bodies}:
                        break
                    nxt = _name_at(text, pos + 1, strict=False)
                    if nxt is None or nxt.group(0) in table:
                        break
                    yield PersonMention(nxt.group(0), nxt.start(), nxt.end(), [last_post])
                    pos = nxt.end()
            chain, inherit, chain_end = [], None, pos
            if pos < len(text) and text[pos] in "、及,":
                # 、副主席… / ,秘书长… continues with the same body
                inherit = last_post


_MEMBERS = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4})等\d+(?:位|名)(?P<role>委员|常委)")
_STUDIO = re.compile(r"(?P<names>(?:[\u4e00-\u9fff]{2,4}、)*[\u4e00-\u9fff]{2,4})委员工作室")
# 甲、乙等3人当选为…常务委员 / 丙等49名同志当选常委 / 丁再次当选市政协主席 / 戊、己分别以…票当选为…
_ELECTED = re.compile(
    r"(?:等[\d一二三四五六七八九十百]+(?:名|人|位)(?:同志)?)?(?:再次|均|分别|全票|高票)?(?:以[^,。;]{0,40}?)?"
    r"当选为?(?P<body>[^,。;、]{0,30}?)(?P<role>常务委员|副主席|主席|秘书长|常委|委员)(?=[,。;、]|$)"
)
# 会议选举甲为…副主席,选举乙、丙为…常务委员: the names come first, then the post
_ELECTED_BY = re.compile(
    r"(?:选举|增选|补选|推选)(?P<names>[^,。;为]{2,80}?)为(?P<body>[^,。;、]{0,30}?)"
    r"(?P<role>常务委员|副主席|主席|秘书长|常委|委员)(?=[,。;、]|$)"
)
_COUNT_AFTER = re.compile(r"等?[\d一二三四五六七八九十百]+(?:名|人|位)(?:委员|同志)?$")
_ELECTED_MORE = re.compile(
    r"[,;](?P<names>[^,。;为]{2,60}?)为(?P<body>[^,。;、]{0,30}?)"
    r"(?P<role>常务委员|副主席|主席|秘书长|常委|委员)(?=[,。;、]|$)"
)
_DOTTED_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+$")


def _name_right_before(text: str, pos: int) -> tuple[str, int, int] | None:
    """A 2–3 character name ending at `pos` right after a break or a conjunction (和甲书记)."""
    for n in (3, 2):
        start = pos - n
        if start > 0 and text[start - 1] in "。,;\n和与及、" and is_plausible_name(text[start:pos]):
            return text[start:pos], start, pos
    return None


def _elected_names(
    text: str, pos: int, lists_by_end: dict[int, NameList]
) -> list[tuple[str, int, int]]:
    """The names that end right before `pos` (…当选): a list, a transliterated name or one name."""
    from kg.extract.persons import name_before

    if pos in lists_by_end:
        return list(lists_by_end[pos].items)
    dotted = _DOTTED_BEFORE.search(text, max(0, pos - 20), pos)
    if dotted is not None and (dotted.start() == 0 or not text[dotted.start() - 1].isalnum()):
        return [(dotted.group(0), dotted.start(), pos)]
    for n in (3, 2):  # 委员林章粦当选: right after a title, the name needs no dictionary
        if pos - n > 0 and title_ending_before(text, pos - n) and is_plausible_name(text[pos - n : pos]):
            return [(text[pos - n : pos], pos - n, pos)]
    found = name_before(text, pos)
    return [found] if found is not None else []


def _postfix_posts(text: str, bodies: list[BodyMention], home: Division | None) -> Iterator[PersonMention]:
    masked = masked_titles(text)
    home_body = cppcc_name(home) if home else None
    lists_by_end = {nl.end: nl for nl in find_name_lists(text)}

    def body_in(span_start: int, span_end: int) -> BodyMention | None:
        inside = [b for b in bodies if span_start <= b.start and b.end <= span_end and b.kind == "cppcc"]
        return inside[-1] if inside else None

    def elected_post(m: re.Match[str], body: BodyMention | None) -> Post:
        """The post an election match names: at the body inside it, else the article's 政协."""
        role = roles()[m.group("role")].role
        if body is not None:
            return Post(role, body.name, body.kind, body.region, body.start, m.end())
        return Post(role, home_body or "", "cppcc", home, m.start("role"), m.end())

    lists_by_head = {nl.items[0][1]: nl for nl in lists_by_end.values()}
    for first in _ELECTED_BY.finditer(masked):
        # 选举甲为主席,乙、丙为副主席,丁为秘书长: the clauses after the first go on with it
        m: re.Match[str] | None = first
        carried: BodyMention | None = None
        while m is not None:
            body = body_in(m.start("body"), m.end("body")) or carried
            carried = body
            if body is None and home_body is None:
                break
            post = elected_post(m, body)
            # 甲、乙4名委员为常务委员 / 丙等18名同志为委员: the count after the names
            count = _COUNT_AFTER.search(masked, m.start("names"), m.end("names"))
            names_end = count.start() if count is not None else m.end("names")
            listed = lists_by_head.get(m.start("names"))
            if listed is not None and listed.end == names_end:
                named = list(listed.items)
            else:
                found = name_at(masked, m.start("names"), strict=False, lengths=(3, 2, 4))
                named = [found] if found is not None and found[2] == names_end else []
            for name, start, end in named:
                yield PersonMention(name, start, end, [post], "elected")
            m = _ELECTED_MORE.match(masked, m.end())
    for m in _ROSTER.finditer(masked):
        roster = lists_by_head.get(m.end())
        sentence_start = sentence_bounds(masked, m.start())[0]
        body = body_in(sentence_start, m.start())
        if roster is None or (body is None and home_body is None):
            continue
        role = roles()[m.group("role")].role
        post = (
            Post(role, body.name, "cppcc", body.region, body.start, m.end("role"))
            if body
            else Post(role, home_body or "", "cppcc", home, m.start("role"), m.end("role"))
        )
        for name, start, end in roster.items:
            yield PersonMention(name, start, end, [post], "list")
    for m in _TITLE_AFTER_NAME.finditer(masked):
        found = _name_right_before(masked, m.start())
        if found is None:
            continue
        default = roles()[m.group("role")].body
        kinds = ("party",) if default == "same" else (default,)
        sentence_start = sentence_bounds(masked, m.start())[0]
        near = [b for b in bodies if sentence_start <= b.start and b.end <= found[1] and b.kind in kinds]
        if near:
            b = near[-1]
            post = Post(m.group("role"), b.name, b.kind, b.region, m.start(), m.end())
            yield PersonMention(found[0], found[1], found[2], [post], "post")
    for m in _MEMBERS.finditer(masked):
        name = m.group("name")
        for cut in range(len(name) - 2, -1, -1):  # the name is the tail of the run: 会上荔瑜 → 荔瑜
            cand = name[cut:]
            if is_plausible_name(cand):
                role = roles()[m.group("role")].role
                if home_body:
                    start = m.start() + cut
                    post = Post(role, home_body, "cppcc", home, m.start("role"), m.end())
                    yield PersonMention(cand, start, start + len(cand), [post], "list")
                break
    for m in _STUDIO.finditer(masked):
        offset = m.start("names")
        for item in m.group("names").split("、"):
            if item.startswith(("为", "的")):
                item, offset = item[1:], offset + 1
            cand = item[-3:] if len(item) > 3 and is_plausible_name(item[-3:]) else item
            start = offset + item.index(cand)
            if is_plausible_name(cand) and home_body:
                post = Post("委员", home_body, "cppcc", home, m.end("names"), m.end())
                yield PersonMention(cand, start, start + len(cand), [post], "list")
            offset += len(item) + 1
    for m in _ELECTED.finditer(masked):
        body = body_in(m.start("body"), m.end("body"))
        if body is None and home_body is None:
            continue
        post = elected_post(m, body)
        for name, start, end in _elected_names(masked, m.start(), lists_by_end):
            yield PersonMention(name, start, end, [post], "elected")
    for name, (role, leader_body) in national_leaders().items():
        for m in re.finditer(re.escape(name) + re.escape(role), masked):
            post = Post(role, leader_body, "central", None, m.start() + len(name), m.end())
            yield PersonMention(name, m.start(), m.start() + len(name), [post], "leader")


def find_people_with_posts(
    text: str, bodies: list[BodyMention], home: Division | None
) -> list[PersonMention]:
    """Every person named with a post, with the posts; duplicates are kept (one per mention)."""
    found = list(_ChainReader(text, bodies, home).read())
    found.extend(_postfix_posts(text, bodies, home))
    found.sort(key=lambda p: (p.start, p.name))
    return found

