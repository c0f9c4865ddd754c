"""The extractors as a set: independent of each other's order, and of the host's jieba."""

import subprocess
import sys

from kg.extract import extract_article
from kg.model import Article

ARTICLE = Article(id="t", text="本报金溪讯 3月2日,金溪县政协主席郝仁杰主持召开县政协常委会会议。", dateline="金溪")


def located(names):
    return {
        (f.subject.label, f.object.label)
        for f in extract_article(ARTICLE, names)
        if f.predicate == "LOCATED_IN" and f.evidence.extractor.startswith("bodies")
    }


def test_bodies_locates_its_bodies_whichever_extractor_ran_first():
    alone = located(["bodies"])
    assert ("金溪县政协", "金溪县") in alone
    assert located(["positions", "meetings", "bodies"]) == alone


def test_importing_kg_leaves_the_host_applications_jieba_as_it_was():
    # kg segments with a jieba.Tokenizer of its own: the global one never learns kg's words
    script = (
        "import jieba; before = jieba.lcut('县政协党组书记王海明');"
        "from kg.extract.text import segmenter; segmenter();"
        "from kg.extract import extract_article; from kg.model import Article;"
        "extract_article(Article(id='x', text='宕昌县政协主席王海明主持会议。'));"
        "print(jieba.lcut('县政协党组书记王海明') == before, '宕昌县' not in jieba.dt.FREQ or jieba.dt.FREQ['宕昌县'] != 2000)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


def test_evidence_from_a_text_without_full_stops_is_a_window_around_the_fact():
    # issue 17, case 6: a page on one line must not repeat its whole text in every fact
    text = "会议议程" * 1000 + "县政协主席郝仁杰主持会议" + "专题协商" * 1000
    facts = extract_article(Article(id="t", text=text, locality="金溪县"))
    holds = [f for f in facts if f.predicate == "HOLDS"]
    assert holds and all("郝仁杰" in f.evidence.sentence for f in holds)
    assert max(len(f.evidence.sentence) for f in facts) <= 500
