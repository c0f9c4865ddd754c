"""`kg export neo4j-import --scheduler ADDR`: the CSV shards written by a Dask cluster's workers (issue 20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cypher_fixtures import ROOT

import kg.parallel
from kg.cypher.neo4j_import import write_import_build
from kg.pipeline import build

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """A cluster of 2 worker processes, and a client of it to read its task log."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as c,
        distributed.Client(c) as client,
    ):
        yield c, client


def run_kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def shard_tasks(stream) -> list[tuple[str, str]]:
    """(task name, worker address) of each shard task in a `distributed.get_task_stream` log."""
    named = ((str(t["key"]).partition("-")[0], t["worker"]) for t in stream.data)
    return sorted((name, worker) for name, worker in named if name in ("_node_shard", "_fact_shard"))


def _refused(workers: int) -> None:  # the local pool, which must not be used
    raise AssertionError("the local process pool was used")


def test_the_workers_write_the_files_the_local_processes_write(examples_build, tmp_path, cluster):
    c, client = cluster
    local = write_import_build(tmp_path / "local", examples_build, shards=3)
    with pytest.MonkeyPatch.context() as patch, distributed.get_task_stream(client) as stream:
        patch.setattr(kg.parallel, "process_pool", _refused)
        dask = write_import_build(tmp_path / "dask", examples_build, shards=3, scheduler=c.scheduler_address)
    files = contents(tmp_path / "local")
    assert len([name for name in files if name.startswith("relationships_HOLDS")]) > 1  # several shards
    assert contents(tmp_path / "dask") == files  # every CSV, import.sh and schema.cypher
    assert (dask.node_count, dask.relationship_count, dask.command) == (
        local.node_count,
        local.relationship_count,
        local.command,
    )
    tasks = shard_tasks(stream)
    assert {name for name, _ in tasks} == {"_node_shard", "_fact_shard"}
    assert {worker for _, worker in tasks} <= set(c.scheduler.workers)


def test_a_dask_build_with_the_neo4j_import_sink_writes_it_on_the_workers(tmp_path, cluster):
    c, client = cluster
    with distributed.get_task_stream(client) as stream:
        build(
            [ROOT / "examples"],
            tmp_path / "build",
            stores=("neo4j-import",),
            engine="dask",
            scheduler=c.scheduler_address,
        )
    assert {name for name, _ in shard_tasks(stream)} == {"_node_shard", "_fact_shard"}
    # the cluster's 2 worker threads: 2 shards, as the local processes write them
    write_import_build(tmp_path / "local", tmp_path / "build", shards=2)
    assert contents(tmp_path / "build" / "neo4j-import") == contents(tmp_path / "local")


def test_an_unreachable_scheduler_is_one_error_line_and_nothing_written(examples_build, tmp_path):
    folder = tmp_path / "import"
    done = run_kg(
        "export",
        "neo4j-import",
        "-e",
        str(examples_build),
        "-o",
        str(folder),
        "--scheduler",
        "tcp://127.0.0.1:1",
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr  # no traceback
    assert list(tmp_path.iterdir()) == []


def test_the_help_explains_the_scheduler():
    done = run_kg("export", "neo4j-import", "--help")
    assert done.returncode == 0
    assert "--scheduler" in done.stdout
    text = " ".join(done.stdout.replace("│", " ").split())  # the words, without rich's box and wrapping
    assert "Dask scheduler address (tcp://host:8786): the cluster's workers write the CSV shards" in text
