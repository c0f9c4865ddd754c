"""Properties that hold for any text: extraction never raises, evidence points inside the text.

Any text means `st.text()` (every Unicode character but surrogates) as well as a news-like
mix of the words, titles and credits the extractors look for. Pages go through
`split_page` first, so the offsets checked are those into each article's normalised text.
"""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.extract import extract_article
from kg.ingest.split import split_page
from kg.model import Article, Fact

# News-like alphabet: titles, bodies, levels, punctuation, digits, a few surnames.
PIECES = st.sampled_from(
    ["县", "市", "区", "政协", "主席", "副主席", "党组书记", "、", ",", "。", "《", "》", "召开", "会议", "主持",
     "3月", "15日", "王", "海明", "李", "华亭", "陇西", "常委会会议", "十届六次", "\n", "(", ")", "同志", "委员",
     "审议通过了", "学习", "本报", "讯", "通讯员", "·", "强调"]
)  # fmt: skip
NEWSY = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)

# Document titles with spaces, quotes and brackets inside, and credits as papers print them.
TITLES = st.builds(
    "《{}》".format, st.text(st.sampled_from([*"关于意见办法 \u3000\t\n王海明《》“”x"]), max_size=8)
)
CREDITS = st.sampled_from(
    [
        "(王 青)",
        "(记者 李明远)",
        "(通讯员 王海明 李 华)",
        "□ 石宽",
        "通讯员 陆小鸥 摄影报道",
        "本报华亭讯(通讯员 安鹏伟)",
    ]
)
# Whole clauses, so that posts, meetings and attendance lists occur, cut and joined at random.
CLAUSES = st.sampled_from(
    [
        "本报华亭讯 3月5日,",
        "华亭市政协党组书记、主席王海明主持召开市政协十届六次常委会会议。",
        "县政协副主席李 华出席会议并讲话。",
        "陇西县政协召开主席会议,",
        "王海明、刘志强、陈立军等参加会议。",
        "张建国同志强调,",
        "会议审议通过了《县政协常委会2024年工作要点》。",
    ]
)
PAGES = st.one_of(
    st.text(),
    st.lists(st.one_of(PIECES, TITLES, CREDITS, CLAUSES, st.text(max_size=3)), max_size=40).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(text=NEWSY, locality=st.sampled_from([None, "华亭市", "陇西县", "甘肃省"]))
def test_extraction_never_raises_and_evidence_points_inside_the_text(text, locality):
    article = Article(id="h", text=text, locality=locality)
    for fact in extract_article(article):
        ev = fact.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start : ev.end] in ev.sentence


def facts_of(page: str) -> list[tuple[Article, Fact]]:
    """Every fact of every article `split_page` finds in `page`, with its article."""
    return [(article, fact) for article in split_page(page, "p.txt") for fact in extract_article(article)]


def _bare(text: str) -> str:
    """Without whitespace: a name printed `王 青` is the person 王青."""
    return "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(page=PAGES)
def test_any_page_splits_and_extracts_with_every_span_inside_its_article(page):
    for article, fact in facts_of(page):
        assert 0 <= fact.evidence.start <= fact.evidence.end <= len(article.text)


@settings(max_examples=300, deadline=None)
@given(page=PAGES)
def test_the_evidence_sentence_is_the_stretch_of_text_around_the_surface(page):
    for article, fact in facts_of(page):
        ev, text = fact.evidence, article.text
        # some occurrence of the sentence in the text covers [start, end)
        starts = range(max(0, ev.end - len(ev.sentence)), ev.start + 1)
        assert any(text.startswith(ev.sentence, at) for at in starts), (text, ev)


def _names_its_fact(fact: Fact, surface: str) -> bool:
    """Whether `surface` (the text at the evidence span) is how the text names the fact.

    Names (persons, credits) are compared without whitespace; a span may be empty where a
    fact comes from the article's place rather than its words (a region's PART_OF chain).
    """
    kind, s, o = fact.evidence.extractor.split(".")[0], fact.subject, fact.object
    if kind in ("persons", "bylines"):
        return _bare(surface) == o.label
    if kind == "meetings" and fact.predicate in ("HELD", "MENTIONS"):
        # a sub-meeting's label puts its plenary before the name as written
        return surface == o.label or o.label.endswith(surface)
    if kind == "meetings" and fact.predicate in ("PRESIDED_BY", "ATTENDED_BY"):
        return _bare(surface) == o.label  # the evidence is on the person
    if fact.predicate == "HOLDS":
        return _bare(surface).endswith(s.label)  # the post's title chain, then the name
    if kind == "bodies" and fact.predicate == "MENTIONS" and surface:
        return surface in (o.label, *(o.prop("aliases") or ()))
    return True


@settings(max_examples=300, deadline=None)
@given(page=PAGES)
def test_the_text_at_the_evidence_span_names_the_fact(page):
    for article, fact in facts_of(page):
        surface = article.text[fact.evidence.start : fact.evidence.end]
        assert _names_its_fact(fact, surface), (
            fact.predicate,
            fact.evidence,
            fact.subject.label,
            fact.object.label,
        )
        for byline in article.authors:
            assert _bare(article.text[byline.start : byline.end]) == byline.name, byline


@settings(max_examples=300, deadline=None)
@given(page=PAGES)
@example(page="县政协审议通过了《x 》。")
def test_a_document_s_surface_is_its_title_as_written(page):
    for article, fact in facts_of(page):
        if fact.evidence.extractor.startswith("documents"):
            assert article.text[fact.evidence.start : fact.evidence.end] == fact.object.label
