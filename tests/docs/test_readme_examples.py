"""The README's worked examples run in order, as written, after `make run` (issue 19).

`make run` builds `examples/` into `exports/`; "Using it on a real corpus" builds the seed
pages and web records (into folders of their own); the Cypher and SPARQL sections then
query `exports/`. Each command must exit 0, and each query print rows.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## Using it on a real corpus", "## Cypher: the embedded store and Neo4j", "## RDF and SPARQL")
SHARED = ROOT.parent / "shared"


def readme_commands() -> list[str]:
    """The `.venv/bin/kg …` lines of the sections, as written (but `kg serve`, which runs on)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for title in SECTIONS:
        section = text.split(title, 1)[1].split("\n## ", 1)[0]
        for block in re.findall(r"```bash\n(.*?)```", section, re.S):
            for line in block.splitlines():
                args = shlex.split(line, comments=True)
                if not args or args[0] != ".venv/bin/kg" or args[1] == "serve":
                    continue
                if title.startswith("## Using") and args[1] != "build":
                    continue  # only the builds change what the next sections query
                commands.append(line)
    return commands


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory) -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the repo")
    cwd = tmp_path_factory.mktemp("clone") / "main"
    cwd.mkdir()
    (cwd.parent / "shared").symlink_to(SHARED)
    (cwd / ".venv" / "bin").mkdir(parents=True)
    (cwd / ".venv" / "bin" / "kg").symlink_to(Path(sys.executable).parent / "kg")
    build = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "examples"), "-o", "exports/"],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    return cwd


def test_the_readme_has_cypher_and_sparql_examples():
    names = [shlex.split(line)[1] for line in readme_commands()]
    assert names.count("cypher") >= 3 and names.count("sparql") >= 3


def test_the_readme_examples_run_in_order_on_the_build_make_run_wrote(after_make_run):
    for line in readme_commands():
        result = subprocess.run(["bash", "-c", line], cwd=after_make_run, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stderr)
        if shlex.split(line)[1] in ("cypher", "sparql"):
            assert "刘志强" in result.stdout or "市" in result.stdout, (line, result.stdout)
            assert not re.search(r"^0 rows", result.stderr, re.M), (line, result.stderr)
