"""Synthetic newspaper pages in the style of county CPPCC news, of any size, for scale runs.

Every name is made up (a surname from `schema/lexicons/surnames.txt` and two given-name
characters from a fixed pool); places are real counties drawn from the gazetteer;
meetings, posts, 《》 titles, bylines and column breaks follow the patterns of the
project's own `examples/`. The same seed gives the same corpus, byte for byte.

    >>> pages = list(generate_pages(3_000, seed=1))
    >>> sum(len(p.encode("utf-8")) for p in pages) >= 3_000
    True
    >>> "本报" in pages[0] and "政协" in pages[0]
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from kg.gazetteer import gazetteer, short_forms
from kg.lexicons import surnames

__all__ = ["generate_pages", "write_corpus", "write_county_corpus", "parse_size"]

_GIVEN = "明华建国志伟海涛丽娟春燕光文静立新晓东秀英德军庆云峰玉兰永红宏斌翠萍俊杰欣怡雪梅家豪思远振宇"
_CN_DIGITS = "一二三四五六七八九十"
_HEADLINES = ("凝聚共识谋发展 担当作为促振兴", "聚焦民生实事 彰显政协担当", "以学促干 为高质量发展聚力", "履职尽责 建言献策")
_FILLER = (
    "会议强调,要坚持把学习贯彻党的二十大精神作为首要政治任务,围绕{party}中心工作深入开展调查研究。",
    "会议要求,全体政协委员要提高政治站位,主动作为、勇挑重担,以饱满的精神状态投入到本职工作中。",
    "会议指出,要把握新时代政协工作的新要求,努力把政协制度优势转化为治理效能。",
    "与会人员围绕乡村振兴、生态保护和民生改善等议题进行了交流研讨,提出意见建议{n}条。",
)
_DOCS = ("{year}年工作要点", "{year}年协商工作计划", "关于开展委员履职积分管理的通知", "关于加强{topic}工作的实施意见")
_TOPICS = ("乡村振兴", "文旅融合", "生态保护", "基层协商", "民生实事", "营商环境")


def parse_size(text: str) -> int:
    """'10MB' → 10_000_000 bytes (KB, MB, GB are powers of 1000).

    >>> parse_size("1MB"), parse_size("250KB"), parse_size("4096")
    (1000000, 250000, 4096)
    """
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9}
    text = text.strip().upper()
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self._rosters: dict[str, list[str]] = {}
        self.surnames = sorted(s for s in surnames() if len(s) == 1)  # sorted: sets vary by process
        self.counties = sorted(
            (d for d in gazetteer().by_code.values() if d.level == "county" and d.name.endswith("县")),
            key=lambda d: d.code,
        )

    def name(self) -> str:
        given = "".join(self.rng.choice(_GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(self.surnames) + given

    def roster(self, code: str) -> list[str]:
        """A county's people: chair, six vice-chairs, secretary-general, then reporters.

        Fixed per county (as in real papers, the same officials recur), so the number of
        distinct people grows with the counties covered, not with the pages written."""
        people = self._rosters.get(code)
        if people is None:
            saved, self.rng = self.rng, random.Random(f"{self.seed}-{code}")
            people = self._rosters[code] = [self.name() for _ in range(12)]
            self.rng = saved
        return people

    def cn(self, n: int) -> str:
        return _CN_DIGITS[n - 1] if n <= 10 else "十" + _CN_DIGITS[n - 11]

    def article(self) -> str:
        rng = self.rng
        county = rng.choice(self.counties)
        short = min(short_forms(county.name) or [county.name], key=len)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        session = f"{self.cn(rng.randint(8, 12))}届{self.cn(rng.randint(1, 15))}次"
        kind = rng.choice(("常委会会议", "主席会议", "党组会议"))
        roster = self.roster(county.code)
        chair, reporter = roster[0], rng.choice(roster[8:])
        deputies = "、".join(rng.sample(roster[1:7], rng.randint(2, 4)))
        year = rng.choice((2023, 2024, 2025))
        docs = "".join(
            "《" + rng.choice(_DOCS).format(year=year, topic=rng.choice(_TOPICS)) + "》" for _ in range(rng.randint(1, 2))
        )
        body = (
            f"本报{short}讯(通讯员{reporter}){month}月{day}日,{county.name}政协召开{session}{kind}。"
            f"县政协党组书记、主席{chair}主持会议。县政协副主席{deputies},秘书长{roster[7]}出席会议。"
            f"会议审议通过了{docs}。"
        )
        body += "".join(rng.choice(_FILLER).format(party="县委", n=rng.randint(5, 30)) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.5:  # a column break cuts a word in half
            cut = rng.randint(len(body) // 2, len(body) - 2)
            body = body[:cut] + "\n\n" + body[cut:]
        return f"{county.name}政协召开{session}{kind}\n\n## {rng.choice(_HEADLINES)}\n\n{body}\n"

    def page(self, size: int) -> str:
        parts: list[str] = []
        total = 0
        while total < size:
            text = self.article()
            parts.append(text)
            total += len(text.encode("utf-8")) + 1
        return "\n".join(parts)


def generate_pages(total_bytes: int, seed: int = 0, page_bytes: int = 100_000) -> Iterator[str]:
    """Pages of about `page_bytes` each until `total_bytes` of UTF-8 text are made."""
    writer = _Writer(seed)
    made = 0
    while made < total_bytes:
        page = writer.page(min(page_bytes, total_bytes - made))
        made += len(page.encode("utf-8"))
        yield page


def write_county_corpus(folder: Path | str, articles: int, seed: int = 0, per_page: int = 200) -> list[Path]:
    """`articles` short articles all about one county's 政协, `per_page` a page: a county
    site's archive, where one region, one body and their posts are in every article (the
    hub nodes whose degree grows with the corpus). Returns the pages written.

    >>> import tempfile
    >>> pages = write_county_corpus(tempfile.mkdtemp(), 3, per_page=2)
    >>> len(pages), pages[0].read_text(encoding="utf-8").count("## ")
    (2, 2)
    """
    writer = _Writer(seed)
    writer.counties = writer.counties[:1]
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, start in enumerate(range(0, articles, per_page), start=1):
        path = out / f"county-{i:05d}.txt"
        path.write_text("\n".join(writer.article() for _ in range(min(per_page, articles - start))), encoding="utf-8")
        paths.append(path)
    return paths


def write_corpus(folder: Path | str, total_bytes: int, seed: int = 0, page_bytes: int = 100_000) -> list[Path]:
    """Write a synthetic corpus as `page-00001.txt`… into `folder`; returns the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, page in enumerate(generate_pages(total_bytes, seed, page_bytes), start=1):
        path = out / f"page-{i:05d}.txt"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths
