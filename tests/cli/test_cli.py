"""The `kg` command as a user runs it: output, exit codes and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_version():
    result = kg("--version")
    assert result.returncode == 0
    assert result.stdout.strip().startswith("kg ")


def test_every_command_has_help_with_an_example():
    for command in ("build", "extract", "split", "eval"):
        result = kg(command, "--help")
        assert result.returncode == 0, command
        assert "Example:" in result.stdout, command


def test_build_writes_facts_for_the_examples(tmp_path):
    result = kg("build", str(ROOT / "examples"), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    facts = [json.loads(line) for line in (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    holds = {(f["subject"]["label"], f["object"]["label"]) for f in facts if f["predicate"] == "HOLDS"}
    assert ("郑国华", "临川区政协主席") in holds
    assert ("谢国强", "广昌县政协主席") in holds  # a traditional-script record, normalised
    assert all(f["evidence"]["sentence"] for f in facts)


def test_a_missing_path_is_one_line_and_exit_1(tmp_path):
    result = kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_a_failed_build_keeps_the_previous_exports(tmp_path):
    out = tmp_path / "out"
    assert kg("build", str(ROOT / "examples"), "-o", str(out)).returncode == 0
    before = (out / "facts.jsonl").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert kg("build", str(empty), "-o", str(out)).returncode == 1
    assert (out / "facts.jsonl").read_bytes() == before


def test_split_prints_articles_as_jsonl():
    result = kg("split", str(ROOT / "examples" / "sample_page.txt"), "--format", "jsonl")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["lines"] for r in records] == [[3, 9], [11, 17], [19, 25]]
    assert {"id", "title", "dateline", "authors", "text", "source", "lines"} <= set(records[0])


def test_readme_names_every_extractor_sink_and_command():
    from kg.extract import extractors
    from kg.sinks import sinks

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in extractors.names() + sinks.names():
        assert f"`{name}`" in readme, name
    import typer

    from kg.cli import app

    root = typer.main.get_command(app)
    commands = []
    for name, command in root.commands.items():
        if hasattr(command, "commands"):  # a group: `kg export …`
            commands += [f"{name} {sub}" for sub in command.commands]
        else:
            commands.append(name)
    assert {"build", "extract", "split", "eval"} <= set(commands)
    for command in commands:
        assert f"`kg {command}`" in readme, command


@pytest.mark.parametrize("target", ["run", "test"])
def test_makefile_has_the_two_commands(target):
    assert f"\n{target}:" in (ROOT / "Makefile").read_text()


def test_a_malformed_rules_table_is_one_line_and_keeps_the_exports(tmp_path):
    assert kg("build", str(ROOT / "examples"), "-o", str(tmp_path)).returncode == 0
    before = (tmp_path / "nodes.jsonl").read_bytes()
    rules = tmp_path / "rules.csv"
    rules.write_text("rule,action,confidence,reason\nsame_name_nested_regions,fuse,0.5,x\n", encoding="utf-8")
    result = kg("build", str(ROOT / "examples"), "-o", str(tmp_path), "--rules", str(rules))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {rules}: row 2: unknown action 'fuse' for same_name_nested_regions; "
        "use one of merge, possibly_same, keep_apart"
    )
    assert (tmp_path / "nodes.jsonl").read_bytes() == before


def test_a_usage_error_is_a_message_and_exit_2_without_a_traceback():
    result = kg("build", "--no-such-option", "x")
    assert result.returncode == 2
    assert "No such option: --no-such-option" in result.stderr
    assert "Traceback" not in result.stderr
