"""Find the bodies an article names and resolve each to one canonical Organization.

Canonical names follow the dev-set convention: `<official region name>政协`
(宕昌县政协, 临夏回族自治州政协, 全国政协), `<region>委`, `<region>委统战部`,
`<region>人民政府`, `<region>人大常委会`. A bare `县政协`/`市政协` resolves to the
article's place (its `home`); the long form `政协X委员会` becomes an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.text import segmenter, title_at
from kg.gazetteer import NATIONAL, Division, gazetteer
from kg.lexicons import national_bodies, org_kinds

__all__ = ["BodyMention", "cppcc_name", "find_bodies", "find_other_orgs", "division_at_level", "canonical_body", "find_regions"]

LEVEL_CHARS = "省市州县区旗盟"


@dataclass(frozen=True, slots=True)
class BodyMention:
    """A body named in the text at [start, end)."""

    start: int
    end: int
    surface: str
    name: str  # canonical
    kind: str  # cppcc | party | ufwd | org | publicity | government | congress | federation | other | central
    region: Division | None
    note: str | None = None  # e.g. "level corrected: 陇西市 → 陇西县"
    region_surface: str | None = None  # the region as written: 陇西市, 华亭县, 宕昌


_NUM = r"[一二三四五六七八九十百零〇\d]+"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    kinds = sorted(org_kinds(), key=len, reverse=True)
    # 委-family suffixes (县委, 县委统战部) need a level character right before them.
    plain = [k for k in kinds if not k.startswith("委")]
    party = [k for k in kinds if k.startswith("委")]
    short = re.compile(
        "(?P<level>[" + LEVEL_CHARS + "])?(?P<suffix>" + "|".join(map(re.escape, plain)) + ")"
        "|(?P<plevel>[" + LEVEL_CHARS + "])(?P<psuffix>" + "|".join(map(re.escape, party)) + ")(?!员)"
    )
    long_form = re.compile(
        rf"(?:中国人民政治协商会议|政协)(?:第{_NUM}届)?(?P<region>[\u4e00-\u9fff]{{2,14}}?)(?:第{_NUM}届)?委员会"
    )
    return short, long_form


# 国家发展改革委副主任 / 国家统计局局长: a ministry or agency of the State Council, named
# as written; only before a title, where it cannot be an ordinary phrase (国家安全教育)
_MINISTRY = re.compile(r"国家[\u4e00-\u9fff]{1,8}?(?:委员会|总局|委|局|署|部|办公室)")


# 民盟某省委会 / 农工党某区委会 / 九三学社某市委员会: a democratic party's committee, as written
_PARTY_COMMITTEE = re.compile(
    r"(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)[\u4e00-\u9fff]{0,10}?(?:委员会|委会|总支部|支部|工委)"
)


@cache
def _national_pattern() -> re.Pattern[str]:
    surfaces = sorted(national_bodies(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, surfaces)))


def division_at_level(level: str | None, home: Division | None) -> Division | None:
    """The division a bare level word (县, 市, 区, 州, 省) means for an article placed at `home`.

    >>> g = gazetteer()
    >>> division_at_level("市", g.by_code["620881"]).name   # 华亭市 is itself a city
    '华亭市'
    >>> division_at_level("市", g.by_code["620503"]).name   # 麦积区 → 天水市
    '天水市'
    >>> division_at_level("市", g.by_code["500111"]).name   # 大足区 → 重庆市
    '重庆市'
    """
    if home is None or level is None:
        return home if level is None else None
    chain = gazetteer().parent_chain(home.code)
    if not chain:
        return None  # the country: a bare 县/市/省 names no one division
    if level == "省":
        prov = chain[-1]
        return prov if prov.name.endswith("省") else None
    ends = {"市": ("市",), "县": ("县",), "区": ("区",), "旗": ("旗",), "州": ("州",), "盟": ("盟",)}[level]
    for d in chain:
        if d.name.endswith(ends):
            return d
    return None


def cppcc_name(region: Division) -> str:
    """The canonical name of a region's CPPCC committee; the country's is 全国政协.

    >>> cppcc_name(gazetteer().by_code["621223"]), cppcc_name(NATIONAL)
    ('宕昌县政协', '全国政协')
    """
    return "全国政协" if region.code == NATIONAL.code else f"{region.name}政协"


def canonical_body(region: Division | None, kind_suffix: str, kind: str) -> str:
    name = region.name if region is not None else ""
    return f"{name}{kind_suffix}"


def _region_ending_at(text: str, end: int, level: str | None) -> tuple[int, Division | None, str | None]:
    """Look back from `end` for a region name; returns (start, division, note)."""
    g = gazetteer()
    lo = max(0, end - 14)
    if end < 1:
        return end, None, None
    plain = g.lengths_to.get(text[end - 1], ())  # lengths of names ending where the candidate does
    leveled = g.lengths_to.get(level[-1], ()) if level else ()
    shift = len(level) if level else 0
    lengths = {n for n in plain if 2 <= n <= end - lo} | {n - shift for n in leveled if 2 <= n - shift <= end - lo}
    for start in sorted(end - n for n in lengths):  # longest candidate first
        cand = text[start:end]
        if level and len(cand) + len(level) in leveled:
            found = g.lookup(cand + level)
            if found:
                return start, found[0], None
        if len(cand) not in plain:
            continue
        found = g.lookup(cand)
        if found:
            d = found[0]
            note = None
            if level and not d.name.endswith(level) and level in "市县区旗":
                note = f"level corrected: {cand}{level} → {d.name}"
            return start, d, note
    return end, None, None


def find_bodies(text: str, home: Division | None) -> list[BodyMention]:
    """Every body mention in `text`, resolved against the article's place `home`.

    >>> g = gazetteer(); home = g.by_code["621223"]
    >>> [(b.surface, b.name) for b in find_bodies("宕昌县政协党组书记、县委常委王某", home)]
    [('宕昌县政协', '宕昌县政协'), ('县委', '宕昌县委')]
    >>> [b.name for b in find_bodies("陇西市政协召开会议", g.by_code["621122"])]
    ['陇西县政协']
    """
    short, long_form = _patterns()
    kinds = org_kinds()
    out: list[BodyMention] = []
    taken: list[tuple[int, int]] = []
    for m in _national_pattern().finditer(text):
        surface = m.group(0)
        name, kind = national_bodies()[surface]
        out.append(BodyMention(m.start(), m.end(), surface, name, kind, None))
        taken.append((m.start(), m.end()))
    for m in _PARTY_COMMITTEE.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or m.group(0).endswith("中央委员会"):
            continue
        out.append(BodyMention(m.start(), m.end(), m.group(0), m.group(0), "democratic_party", None))
        taken.append((m.start(), m.end()))
    for m in _MINISTRY.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or not title_at(text, m.end()):
            continue
        out.append(BodyMention(m.start(), m.end(), m.group(0), m.group(0), "government", NATIONAL))
        taken.append((m.start(), m.end()))
    for m in long_form.finditer(text):
        region_text = m.group("region")
        d = gazetteer().resolve(region_text, [home.code] if home else [])
        if d is None and region_text[-1] in LEVEL_CHARS:
            d = gazetteer().resolve(region_text[:-1], [home.code] if home else [])
        if d is None:
            continue
        out.append(BodyMention(m.start(), m.end(), m.group(0), f"{d.name}政协", "cppcc", d, None, region_text))
        taken.append((m.start(), m.end()))
    for m in short.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        level = m.group("level") or m.group("plevel")
        suffix = m.group("suffix") or m.group("psuffix")
        canon_suffix, kind = kinds[suffix]
        start_of_level = m.start()
        rstart, region, note = _region_ending_at(text, start_of_level, level)
        region_surface = text[rstart:start_of_level] + (level or "") if region is not None else None
        if region is None:
            if start_of_level > 0 and text[start_of_level - 1] in "全中" and suffix == "政协":
                continue  # 全国政协 handled above; 中共…
            if level is None and suffix != "工商联":
                continue  # bare 政协/政府 (政协委员, 党委政府) names no particular body
            region = division_at_level(level, home)
            if region is None:
                continue
            rstart = start_of_level
        if kind == "cppcc":
            name = f"{region.name}政协"
        else:
            name = f"{region.name}{canon_suffix}"
        out.append(BodyMention(rstart, m.end(), text[rstart : m.end()], name, kind, region, note, region_surface))
    out.sort(key=lambda b: (b.start, -b.end))
    return out


def find_regions(text: str) -> list[tuple[int, int, Division]]:
    """Region names in `text` (official names only, or short names followed by 县/市/区/…)."""
    g = gazetteer()
    out: list[tuple[int, int, Division]] = []
    i, n = 0, len(text)
    lengths_from = g.lengths_from
    while i < n:
        hit = None
        for length in lengths_from.get(text[i], ()):
            if length > 14 or length < 2 or i + length > n:
                continue
            cand = text[i : i + length]
            found = g.lookup(cand)
            if found and (found[0].name == cand or (i + length < len(text) and text[i + length] in LEVEL_CHARS)):
                hit = (i, i + length, found[0])
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


# Companies, institutes, cooperatives: named after a verb or a break, ended by their kind.
# 深入中科嘉业新能源有限公司 / 走访了甘谷县艺术雕刻厂、万丰种养农民专业合作社
_OTHER_ORG = re.compile(
    r"(?:(?<=[、,。;:“(\n与和及了在赴到访的])|^)"
    r"(?P<name>[\u4e00-\u9fff]{2,18}?(?P<kind>股份有限公司|有限责任公司|有限公司|集团|研究院|研究所|"
    r"专业合作社|合作社|大学|学院|医院|厂))(?![\u4e00-\u9fff]{0,2}(?:公司|集团))"
)
_OTHER_KIND = {"研究院": "institute", "研究所": "institute", "大学": "institute", "学院": "institute", "医院": "other"}


_LEAD_VERBS = {"深入", "走访", "来到", "前往", "考察", "调研", "参观", "位于", "赴", "到", "与", "并与", "同", "和", "及"}


def _trim_lead(name: str, start: int) -> tuple[str, int]:
    """Drop what jieba reads as a verb or conjunction before the organisation's own name."""
    tokens = segmenter().lcut(name)
    offset, cut = 0, 0
    for token in tokens[:-1]:
        offset += len(token)
        if token in _LEAD_VERBS or token in ("并", "先后", "一行"):
            cut = offset
    return name[cut:], start + cut


def find_other_orgs(text: str, home: Division | None) -> list[BodyMention]:
    """Companies, institutes and cooperatives; located where their name starts with a region.

    >>> [b.name for b in find_other_orgs("走访了甘谷县艺术雕刻厂、万丰种养农民专业合作社", None)]
    ['甘谷县艺术雕刻厂', '万丰种养农民专业合作社']
    """
    g = gazetteer()
    out: list[BodyMention] = []
    for m in _OTHER_ORG.finditer(text):
        name, start = m.group("name"), m.start("name")
        # 位于双桥经开区的重庆…公司 → 重庆…公司; 走访了甘谷县…厂 → 甘谷县…厂
        cut = max(name.rfind("的"), name.rfind("了"), name.rfind("在"))
        if cut >= 0:
            name, start = name[cut + 1 :], start + cut + 1
        name, start = _trim_lead(name, start)
        if len(name) - len(m.group("kind")) < 2 or name.startswith(("各", "全", "本", "该", "相关", "有关", "部分")):
            continue
        region = None
        for length in range(min(10, len(name) - 2), 1, -1):
            found = g.lookup(name[:length])
            # 甘谷县艺术雕刻厂, 四川张思德干部学院: an official name, or a province's or city's short one
            if found and (found[0].name == name[:length] or found[0].level != "county"):
                region = g.resolve(name[:length], [home.code] if home else [])
                break
        kind = _OTHER_KIND.get(m.group("kind"), "company")
        note = None
        if region is None and home is not None:
            # 万丰种养农民专业合作社 in a 甘谷 article: local unless its name says otherwise
            region, note = home, f"located by the article's place ({home.name})"
        out.append(BodyMention(start, m.end("name"), name, name, kind, region, note))
    return out
