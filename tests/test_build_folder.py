"""A build folder read back from one file per export or from its shards (issue 20)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build_folder import Build, iter_facts, load_build
from kg.errors import InputError
from kg.pipeline import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _split_into_shards(folder: Path, name: str, parts: int) -> None:
    """NAME.jsonl cut into `parts` shards NAME/part-….jsonl, as a cluster leaves them."""
    lines = (folder / f"{name}.jsonl").read_bytes().splitlines(keepends=True)
    (folder / f"{name}.jsonl").unlink()
    (folder / name).mkdir()
    size = -(-len(lines) // parts)
    for i in range(parts):
        (folder / name / f"part-{i:05d}.jsonl").write_bytes(b"".join(lines[i * size : (i + 1) * size]))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """(a build with one file each, the same build in shards)."""
    tmp = tmp_path_factory.mktemp("build")
    build([EXAMPLES], tmp / "single", stores=())
    shutil.copytree(tmp / "single", tmp / "sharded")
    (tmp / "sharded" / "build.json").unlink(missing_ok=True)  # its sizes name the single files
    for name, parts in (("facts", 3), ("nodes", 2), ("articles", 2)):
        _split_into_shards(tmp / "sharded", name, parts)
    return tmp / "single", tmp / "sharded"


def test_a_sharded_build_reads_as_the_single_files(folders):
    single, sharded = load_build(folders[0]), load_build(folders[1])
    assert [p.name for p in sharded.fact_files] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert list(sharded.facts()) == list(single.facts())
    assert sharded.nodes == single.nodes
    assert sharded.articles == single.articles


def test_iter_facts_takes_a_file_a_folder_of_shards_or_a_build_folder(folders):
    single, sharded = folders
    expected = list(iter_facts(single / "facts.jsonl"))
    assert list(iter_facts(sharded / "facts")) == list(iter_facts(sharded)) == expected


def test_a_folder_without_facts_or_their_shards_is_no_build(tmp_path):
    (tmp_path / "facts").mkdir()  # an empty shard folder is not a build either
    with pytest.raises(InputError, match=r"no build in .* \(facts.jsonl and nodes.jsonl missing\)"):
        load_build(tmp_path)


def test_the_single_file_wins_over_shards_beside_it(folders, tmp_path):
    shutil.copytree(folders[1], tmp_path / "both")
    shutil.copy(folders[0] / "facts.jsonl", tmp_path / "both" / "facts.jsonl")
    assert Build(tmp_path / "both").fact_files == [tmp_path / "both" / "facts.jsonl"]
