"""Properties that hold for any text: extraction never raises, evidence points inside the text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import extract_article
from kg.model import Article

# News-like alphabet: titles, bodies, levels, punctuation, digits, a few surnames.
PIECES = st.sampled_from(
    ["县", "市", "区", "政协", "主席", "副主席", "党组书记", "、", ",", "。", "《", "》", "召开", "会议", "主持",
     "3月", "15日", "王", "海明", "李", "华亭", "陇西", "常委会会议", "十届六次", "\n", "(", ")", "同志", "委员",
     "审议通过了", "学习", "本报", "讯", "通讯员", "·", "强调"]
)
NEWSY = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=NEWSY, locality=st.sampled_from([None, "华亭市", "陇西县", "甘肃省"]))
def test_extraction_never_raises_and_evidence_points_inside_the_text(text, locality):
    article = Article(id="h", text=text, locality=locality)
    for fact in extract_article(article):
        ev = fact.evidence
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start : ev.end] in ev.sentence
