"""`--workers N` gives the same bytes as one worker; an unchanged re-build extracts nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import build
from kg.synth import write_corpus

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    write_corpus(folder, 120_000, seed=3, page_bytes=30_000)
    return folder


def _outputs(out: Path) -> tuple[bytes, bytes, bytes]:
    return tuple((out / name).read_bytes() for name in ("facts.jsonl", "nodes.jsonl", "articles.jsonl"))


@pytest.mark.parametrize("source", ["generated", "seed-pages"])
def test_two_workers_write_the_same_bytes_as_one(tmp_path, generated, source):
    if source == "seed-pages":
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpus is not beside the repo")
        inputs = [CORPUS / "pages"]
    else:
        inputs = [generated]
    build(inputs, tmp_path / "one", stores=(), workers=1)
    report = build(inputs, tmp_path / "two", stores=(), workers=2)
    assert report.articles > 10
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")


def test_an_unchanged_rebuild_extracts_nothing_and_writes_the_same(tmp_path, generated):
    cache = tmp_path / "cache.sqlite"
    first = build([generated], tmp_path / "a", stores=(), cache=cache)
    second = build([generated], tmp_path / "b", stores=(), cache=cache)
    assert (first.extracted, first.cached) == (first.articles, 0)
    assert (second.extracted, second.cached) == (0, second.articles)
    assert _outputs(tmp_path / "a") == _outputs(tmp_path / "b")


def test_one_new_article_is_the_only_one_extracted(tmp_path, generated):
    cache = tmp_path / "cache.sqlite"
    first = build([generated], tmp_path / "a", stores=(), cache=cache)
    extra = tmp_path / "new.json"
    extra.write_text('{"id": "new-1", "text": "本报宜黄讯 5月8日,宜黄县政协主席黄立新主持召开主席会议。"}', encoding="utf-8")
    second = build([generated, extra], tmp_path / "b", stores=(), cache=cache)
    assert (second.extracted, second.cached) == (1, first.articles)


def test_a_corrupt_cache_is_rebuilt_not_an_error(tmp_path, generated):
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    report = build([generated], tmp_path / "a", stores=(), cache=cache)
    assert report.extracted == report.articles
