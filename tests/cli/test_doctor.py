"""`kg doctor`: one line per check, a fix for each problem, exit 1 only when a required one fails."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import environment
from kg.cli import app
from kg.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SETUP = "run `make test` to install it (or `pip install -e '.[dev]'`)"


@pytest.fixture(autouse=True)
def no_neo4j_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_NEO4J_URI", raising=False)
    monkeypatch.delenv("KG_NEO4J_USER", raising=False)


def run_doctor(*args: str) -> tuple[int, list[str], str]:
    """`kg doctor ARGS` in this process: exit code, stdout lines, stderr."""
    result = CliRunner().invoke(app, ["doctor", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout.splitlines(), result.stderr.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_doctor_passes_on_a_machine_with_everything_kg_needs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "doctor", "--exports", str(tmp_path / "exports")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith(("missing", "failed"))] == []
    assert result.stderr.startswith("kg is ready: all ")


def test_json_lists_every_check_in_order(tmp_path: Path) -> None:
    code, lines, _ = run_doctor("--format", "json", "--exports", str(tmp_path))
    report = json.loads("\n".join(lines))
    required, dev = environment.requirements()
    assert [c["name"] for c in report["checks"]] == [
        "python",
        *(f"package:{environment._requirement(r).name.lower()}" for r in required),
        "gazetteer",
        "jieba-dictionary",
        "embedded-store",
        "exports",
        *(f"package:{environment._requirement(r).name.lower()}" for r in dev),
        "chromium",
        "cypher-lint",  # this is a source checkout
    ]
    assert {"networkx", "rdflib", "neo4j", "jieba", "pyvis", "falkordblite", "pyoxigraph", "orjson"} <= {
        c["label"] for c in report["checks"]
    }
    assert set(report["checks"][0]) == {"name", "label", "status", "detail", "fix", "required", "passed"}
    assert (code, report["ok"]) == (0, True)


def test_a_missing_package_is_a_missing_line_with_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    required, dev = environment.requirements()
    monkeypatch.setattr(environment, "requirements", lambda: ([*required, "kg-no-such-package>=1.0"], dev))
    code, lines, stderr = run_doctor("--exports", str(tmp_path))
    assert code == 1
    assert f"missing   kg-no-such-package: not installed → {SETUP}" in lines
    assert stderr == "1 required check failed: kg-no-such-package"


def test_a_package_older_than_kg_needs_is_a_failed_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(environment, "requirements", lambda: (["networkx>=99.0"], []))
    code, lines, _ = run_doctor("--exports", str(tmp_path))
    assert code == 1
    assert f"failed    networkx: {version('networkx')} is installed; kg needs >=99.0 → {SETUP}" in lines


def test_a_missing_browser_is_optional_and_the_exit_stays_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chromium() -> str:
        raise ConfigError(
            "no Chromium found (looked at $KG_CHROMIUM, /usr/bin/chromium, PATH); apt-get install chromium"
        )

    monkeypatch.setattr("kg.viewer.browser.chromium_path", no_chromium)
    code, lines, stderr = run_doctor("--exports", str(tmp_path))
    assert code == 0
    assert (
        "optional  Chromium: no Chromium found (looked at $KG_CHROMIUM, /usr/bin/chromium, PATH) "
        "→ apt-get install chromium; only `kg view --screenshot` and the viewer tests need it"
    ) in lines
    assert stderr.endswith("; 1 optional tool is missing")


def test_an_exports_folder_under_a_file_is_a_failed_line(tmp_path: Path) -> None:
    (tmp_path / "exports").write_text("not a folder", encoding="utf-8")
    code, lines, _ = run_doctor("--exports", str(tmp_path / "exports" / "web"))
    assert code == 1
    assert (
        f"failed    exports folder {tmp_path}/exports/web: {tmp_path}/exports is a file, not a folder "
        "→ move it or build elsewhere (kg build PATHS -o DIR, kg doctor -e DIR)"
    ) in lines


def test_an_unreachable_neo4j_is_one_failed_line_saying_what_to_do(tmp_path: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    code, lines, stderr = run_doctor("--exports", str(tmp_path), "--neo4j-uri", uri)
    assert code == 1
    (line,) = [line for line in lines if "Neo4j" in line]
    assert line.startswith(f"failed    Neo4j: cannot reach Neo4j at {uri} (")
    assert line.endswith(
        "Connection refused)) → start it (see docs/cypher.md for a docker run line) or pass --uri"
    )
    assert stderr == "1 required check failed: Neo4j"


def test_an_unreachable_neo4j_is_reported_within_10_seconds(tmp_path: Path) -> None:
    finished: list[tuple[str, float]] = []
    environment.check_environment(
        tmp_path,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        on_check=lambda c: finished.append((c.name, time.monotonic())),
    )
    names = [name for name, _ in finished]
    at = names.index("neo4j")
    assert finished[at][1] - finished[at - 1][1] < 10


def test_doctor_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["doctor", "--help"])
    assert result.exit_code == 0
    assert "Example: kg doctor --neo4j-uri bolt://localhost:7687" in result.stdout
