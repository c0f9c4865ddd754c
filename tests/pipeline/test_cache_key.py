"""The fact cache's key covers everything that shapes facts (issue 15): edit any of it and
the next build extracts again."""

import shutil

import pytest

from kg import cache as fact_cache
from kg.cache import fingerprint_sources
from kg.pipeline import build

PAGE = "本报金溪讯 3月2日,金溪县政协主席郝仁杰主持召开县政协十届五次常委会会议,副主席卓雅、严明轩出席。\n"

# one file of each kind that shapes facts, by how its path ends
KINDS = {
    "extraction code": "extract/positions.py",
    "resolution code": "resolve/persons.py",
    "reading code": "ingest/bylines.py",
    "a lexicon": "lexicons/roles.csv",
    "the gazetteer's table": "adcodes.csv",
    "jieba's dictionary": "jieba/dict.txt",
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_key_lists_a_source_of_each_kind(kind):
    assert any(path.as_posix().endswith(KINDS[kind]) for path in fingerprint_sources())


@pytest.mark.parametrize("kind", KINDS)
def test_editing_a_source_of_each_kind_extracts_again(kind, tmp_path, monkeypatch):
    corpus = tmp_path / "pages"
    corpus.mkdir()
    (corpus / "page.txt").write_text(PAGE, encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    real = fingerprint_sources()
    edited = tmp_path / "edited"
    edited.mkdir()

    def sources_with(text: str):
        # the same list, with the file of this kind replaced by a copy holding `text` at its end
        path = next(p for p in real if p.as_posix().endswith(KINDS[kind]))
        copy = edited / path.name
        shutil.copyfile(path, copy)
        with copy.open("a", encoding="utf-8") as fh:
            fh.write(text)
        return [copy if p == path else p for p in real]

    def build_with(text: str):
        monkeypatch.setattr(fact_cache, "fingerprint_sources", lambda: sources_with(text))
        fact_cache._fingerprint.cache_clear()
        return build([corpus], tmp_path / "out", stores=(), cache=cache)

    try:
        first = build_with("")
        unchanged = build_with("")
        edited_once = build_with("\n")
    finally:
        fact_cache._fingerprint.cache_clear()
    assert (first.extracted, unchanged.extracted) == (first.articles, 0)
    assert edited_once.extracted == edited_once.articles > 0
