"""`kg stats`, `kg who` and `kg export graphml|gexf` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True)


def test_stats_json_is_for_scripts(fuzhou):
    result = kg("stats", "--exports", str(fuzhou.dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["top_degree"]["persons"][0]["label"] == "张文博"


def test_stats_text_names_the_most_connected(fuzhou):
    result = kg("stats", "--exports", str(fuzhou.dir))
    assert result.returncode == 0, result.stderr
    assert "most connected persons by degree" in result.stdout
    assert "抚州市政协: 2024-04 1, 2024-05 1" in result.stdout


def test_who_prints_both_namesakes_and_the_link(fuzhou):
    result = kg("who", "张文博", "--exports", str(fuzhou.dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("possibly the same as 张文博") == 2
    assert "2024-04-02  presided  市政协五届八次常委会会议" in result.stdout


def test_who_an_unknown_name_is_one_error_line(fuzhou):
    result = kg("who", "无此人", "--exports", str(fuzhou.dir))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"Error: no person named '无此人' in {fuzhou.dir}/; try `kg stats` to see who is there"
    )


def test_stats_without_a_build_says_how_to_make_one(tmp_path):
    result = kg("stats", "--exports", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no build in ")
    assert "Traceback" not in result.stderr


def test_export_graphml_and_gexf_write_beside_the_build(fuzhou, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"g.{fmt}"
        result = kg("export", fmt, "--exports", str(fuzhou.dir), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0
        assert f"wrote {out}:" in result.stderr


def test_the_commands_have_help_with_an_example():
    for command in (["stats"], ["who"], ["view"], ["export", "graphml"], ["export", "gexf"]):
        result = kg(*command, "--help")
        assert result.returncode == 0, command
        assert "Example:" in result.stdout, command
