"""`kg build --engine dask` on a real local Dask cluster writes what a local build writes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.pipeline import build
from kg.synth import write_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as c:
        yield c


def test_a_dask_build_writes_the_same_files_as_a_local_one(tmp_path, cluster):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60_000, seed=5, page_bytes=15_000)
    local = build([corpus], tmp_path / "local", stores=())
    dask = build([corpus], tmp_path / "dask", stores=(), engine="dask", scheduler=cluster.scheduler_address)
    assert dask.articles == local.articles > 10
    for name in ("facts.jsonl", "nodes.jsonl", "articles.jsonl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_an_unreachable_scheduler_is_a_config_error_within_ten_seconds(tmp_path):
    started = time.monotonic()
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        build([Path(__file__)], tmp_path, stores=(), engine="dask", scheduler="tcp://127.0.0.1:9")
    assert time.monotonic() - started < 15
