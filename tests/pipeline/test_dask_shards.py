"""`kg build --engine dask --shards`: resolution and writing on the workers, and shards that
read back as the files of a local build, byte for byte (issue 20).

One local build and one sharded build on a real `LocalCluster` (2 workers, 1.5 GB each),
of a small corpus with merges, links and several shards of each kind; every test reads them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.distributed_build
from kg.build_folder import Build, load_build
from kg.cli import app
from kg.errors import ConfigError
from kg.eval import evaluate
from kg.pipeline import build
from kg.sinks import sinks
from kg.synth import write_corpus

distributed = pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev"  # gold records, read in place

# Same-name persons folded into the one anchored by a post wherever a rule allows it, so
# merges (and links) cross the cluster's partitions.
RULES = """rule,action,confidence,reason
same_name_nested_regions,merge,0.6,one place contains the other
same_name_national_and_regional,possibly_same,0.5,a national post and a region
same_name_one_unplaced,merge,0.4,one mention has no known place
same_name_unrelated_regions,possibly_same,0.2,places that do not contain each other
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(local folder, sharded folder, their reports), of one corpus; the sharded build is
    written over a copy of the local one."""
    tmp = tmp_path_factory.mktemp("shards")
    corpus = tmp / "corpus"
    write_corpus(corpus, 80_000, seed=11, page_bytes=12_000)
    for example in EXAMPLES.iterdir():
        shutil.copy(example, corpus / example.name)
    inputs = [corpus, DEV] if DEV.is_dir() else [corpus]
    rules = tmp / "rules.csv"
    rules.write_text(RULES, encoding="utf-8")
    local = build(inputs, tmp / "local", rules=rules, stores=())
    shutil.copytree(tmp / "local", tmp / "sharded")  # the shards replace a build of single files
    with (
        pytest.MonkeyPatch.context() as patch,
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, memory_limit="1.5GB"
        ) as cluster,
    ):
        patch.setattr(kg.distributed_build, "NODE_SHARD_LINES", 500)  # several node shards
        sharded = build(
            inputs, tmp / "sharded", rules=rules, stores=(), engine="dask", scheduler=cluster.scheduler_address, shards=True
        )
    return tmp / "local", tmp / "sharded", local, sharded


@pytest.mark.parametrize("name", ["facts", "nodes", "articles"])
def test_the_shards_in_order_are_the_local_file_byte_for_byte(builds, name):
    local, sharded, _, _ = builds
    shards = sorted((sharded / name).glob("part-*.jsonl"))
    assert len(shards) > 1
    assert not (sharded / f"{name}.jsonl").exists()
    assert b"".join(p.read_bytes() for p in shards) == (local / f"{name}.jsonl").read_bytes()


def test_the_spells_are_the_local_ones_byte_for_byte(builds):
    local, sharded, _, _ = builds
    spells = (local / "spells.jsonl").read_bytes()
    assert spells.count(b"\n") > 10
    assert (sharded / "spells.jsonl").read_bytes() == spells


def test_the_corpus_has_merges_and_links_across_partitions(builds):
    _, _, local, sharded = builds
    assert local.merged > 0 and local.links > 0
    counts = ("articles", "facts", "nodes", "links", "merged", "files_read")
    assert {c: getattr(sharded, c) for c in counts} == {c: getattr(local, c) for c in counts}


def test_the_last_facts_shard_holds_the_possibly_same_as_links(builds):
    _, sharded, _, report = builds
    last = sorted((sharded / "facts").glob("part-*.jsonl"))[-1]
    predicates = {json.loads(line)["predicate"] for line in last.read_text(encoding="utf-8").splitlines()}
    assert predicates == {"POSSIBLY_SAME_AS"} and len(last.read_bytes().splitlines()) == report.links


def test_load_build_reads_the_shards_as_the_local_files(builds):
    local, sharded, _, _ = builds
    a, b = load_build(local), load_build(sharded)
    assert b.fact_files != a.fact_files and len(b.node_files) > 1
    assert list(b.facts()) == list(a.facts())
    assert b.nodes == a.nodes
    assert b.articles == a.articles


def test_kg_stats_says_the_same_of_both(builds, monkeypatch):
    local, sharded, _, _ = builds
    # betweenness sampled from a few sources (seeded, so still equal for equal graphs): the
    # exact one over this build's ~2,000 entities took most of the suite's 45 s here
    monkeypatch.setattr("kg.network._EXACT_BETWEENNESS_LIMIT", 100)
    monkeypatch.setattr("kg.network._BETWEENNESS_SAMPLE", 50)
    runs = [CliRunner().invoke(app, ["stats", "--exports", str(d), "--format", "json"]) for d in (local, sharded)]
    assert [r.exit_code for r in runs] == [0, 0]
    assert runs[0].output == runs[1].output


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus is not beside the repo")
def test_kg_eval_scores_the_shards_as_the_local_file(builds):
    local, sharded, _, _ = builds
    assert evaluate(DEV, sharded) == evaluate(DEV, local / "facts.jsonl")
    runs = [
        CliRunner().invoke(app, ["eval", str(DEV), "--facts", str(facts), "--json"])
        for facts in (local / "facts.jsonl", sharded, sharded / "facts")
    ]
    assert [r.exit_code for r in runs] == [0, 0, 0]
    assert runs[0].output == runs[1].output == runs[2].output


@pytest.mark.parametrize("max_nodes", [None, 50], ids=["whole", "overview"])
def test_the_html_sink_draws_the_sharded_build_as_the_local_one(builds, tmp_path, max_nodes):
    local, sharded, _, _ = builds
    html = sinks.get("html")
    reports = [html(tmp_path / f"{i}.html", max_nodes=max_nodes).write(Build(d)) for i, d in enumerate((local, sharded))]
    assert reports[1].facts == reports[0].facts > 0
    assert reports[1].counts == reports[0].counts
    assert (tmp_path / "1.html").stat().st_size > 0


def test_shards_are_written_by_the_cluster_only(tmp_path):
    with pytest.raises(ConfigError, match="use --shards with --engine dask"):
        build([EXAMPLES / "records.jsonl"], tmp_path, stores=(), shards=True)
