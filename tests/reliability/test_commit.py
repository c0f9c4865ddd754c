"""A build's commit is one step, and nothing derived from an earlier build passes for the new one.

A build of examples/records.jsonl is the "old" build; a build of examples/ (one more file)
is the "new" one. The new build is SIGKILLed *during its final moves* (after the k-th file
of the staging folder has replaced the folder's, or after its manifest moved): whoever
reads the folder next must see the whole new build, never a mix (README, Failure
behaviour: "killed while committing").

Then the stale answers of the adversarial run: a graph.ttl written from the old build
after the new one committed (a query that ran during the build), and the store and page
that a `--no-stores` build used to leave behind.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build_folder import load_build
from kg.errors import InputError
from kg.manifest import JOURNAL, MANIFEST, read_manifest

ROOT = Path(__file__).resolve().parents[2]
OLD_INPUT = [str(ROOT / "examples" / "records.jsonl")]
NEW_INPUT = [str(ROOT / "examples")]
JSONL = ("facts.jsonl", "nodes.jsonl", "articles.jsonl", "spells.jsonl")

# A build in a child process that kills itself with SIGKILL inside kg.manifest's moves:
# at the K-th staged entry replaced ("replace K"), or once the manifest moved ("manifest").
_KILLED_BUILD = """
import os, signal, sys
import kg.manifest as m
point, out, *paths = sys.argv[1:]
def die(): os.kill(os.getpid(), signal.SIGKILL)
if point.startswith("replace"):
    k, done, real = int(point.split()[1]), [0], m._replace
    def replace(source, target):
        real(source, target); done[0] += 1
        if done[0] == k: die()
    m._replace = replace
else:
    real_rmtree = m.shutil.rmtree
    def rmtree(path, *a, **kw):
        if os.path.basename(path).startswith(".build-") and os.path.exists(os.path.join(out, m.MANIFEST)): die()
        return real_rmtree(path, *a, **kw)
    m.shutil.rmtree = rmtree
from kg.pipeline import build
build(paths, out, stores=(), cache=None)
"""


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)


def jsonl_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in JSONL}


@pytest.fixture(scope="module")
def clean_new(tmp_path_factory) -> Path:
    """The new build, built to completion: what a reader must see after a kill in its commit."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("clean-new")
    build(NEW_INPUT, out, stores=())
    return out


def old_build(folder: Path) -> Path:
    from kg.pipeline import build

    build(OLD_INPUT, folder, stores=())
    return folder


@pytest.mark.parametrize("point", ["replace 1", "replace 3", "manifest"])
def test_a_build_killed_during_its_final_moves_is_read_whole(point, clean_new, tmp_path):
    out = old_build(tmp_path / "out")
    old_id = read_manifest(out).build_id
    killed = subprocess.run([sys.executable, "-c", _KILLED_BUILD, point, str(out), *NEW_INPUT], cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    assert (out / JOURNAL).exists(), "the kill came after the commit point: the journal says so"

    stats = kg("stats", "--exports", str(out), "--format", "json")  # the next reader finishes the commit

    assert stats.returncode == 0, stats.stderr
    assert jsonl_bytes(out) == jsonl_bytes(clean_new)
    assert read_manifest(out).build_id != old_id
    assert not (out / JOURNAL).exists()
    assert not list(out.glob(".build-*")), "the staging folder is cleared once its files moved"


def test_the_next_build_finishes_a_commit_a_kill_left_and_then_builds(clean_new, tmp_path):
    out = old_build(tmp_path / "out")
    subprocess.run([sys.executable, "-c", _KILLED_BUILD, "replace 2", str(out), *NEW_INPUT], cwd=ROOT)
    old_build(out)  # the old corpus again: must end as a clean build of it, nothing of the kill left

    assert jsonl_bytes(out) == jsonl_bytes(old_build(tmp_path / "reference"))
    assert not (out / JOURNAL).exists() and not list(out.glob(".build-*"))


def test_a_file_that_is_not_the_one_its_build_wrote_is_refused_in_one_line(clean_new, tmp_path):
    out = old_build(tmp_path / "out")
    shutil.copy(clean_new / "facts.jsonl", out / "facts.jsonl")  # a mixed folder: new facts, old nodes

    with pytest.raises(InputError, match="not one whole build: facts.jsonl"):
        load_build(out)
    done = kg("stats", "--exports", str(out))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "kg build" in done.stderr


def test_a_graph_ttl_of_the_previous_build_is_never_answered_from(tmp_path):
    from kg.pipeline import build

    out = tmp_path / "out"
    build(NEW_INPUT, out, stores=())
    assert kg("sparql", "--exports", str(out), "SELECT * WHERE { ?s ?p ?o } LIMIT 1").returncode == 0
    old_graph = (out / "graph.ttl").read_bytes()
    build(OLD_INPUT, out, stores=())
    # a query that ran during that build wrote the old build's graph.ttl after the commit
    (out / "graph.ttl").write_bytes(old_graph)

    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://example.org/kg/ontology#Article> }"
    done = kg("sparql", "--exports", str(out), "--format", "json", query)

    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stderr, "graph.ttl was written again, from the build in the folder"
    assert _count(done.stdout) == len(load_build(out).articles) == 5


def _count(sparql_json: str) -> int:
    data = json.loads(sparql_json)
    rows = data if isinstance(data, list) else data["results"]["bindings"]
    value = rows[0]["n"]
    return int(value["value"] if isinstance(value, dict) else value)


def test_a_no_stores_build_leaves_no_store_or_page_of_the_build_before(tmp_path):
    from kg.pipeline import build

    out = tmp_path / "out"
    build(NEW_INPUT, out)  # with the store and the page
    assert (out / "graph.falkordb").is_file() and (out / "graph.html").is_file()
    build(OLD_INPUT, out, stores=())

    assert not (out / "graph.falkordb").exists() and not (out / "graph.html").exists()
    done = kg("cypher", "--exports", str(out), "MATCH (n) RETURN count(n)")
    assert done.returncode == 1 and "no embedded Cypher store" in done.stderr


def test_a_store_another_build_wrote_is_refused(tmp_path):
    from kg.pipeline import build

    first, second = tmp_path / "first", tmp_path / "second"
    build(NEW_INPUT, first)
    build(OLD_INPUT, second)
    shutil.copy(first / "graph.falkordb", second / "graph.falkordb")

    done = kg("cypher", "--exports", str(second), "MATCH (n) RETURN count(n)")

    assert done.returncode == 1
    assert "another build wrote it" in done.stderr and done.stderr.strip().count("\n") == 0


def test_the_manifest_lists_every_file_of_the_build_with_its_size(clean_new):
    manifest = read_manifest(clean_new)

    assert set(manifest.files) == {
        p.name for p in clean_new.iterdir() if p.is_file() and not p.name.startswith(".")
    } - {MANIFEST, "graph.ttl"}
    assert all(manifest.files[name] == (clean_new / name).stat().st_size for name in manifest.files)
