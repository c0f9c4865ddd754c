"""Messages that say what happened to what (issue 17, item 14): a full disk names the file."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import kg.cypher.script
from kg.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "examples"), "-o", str(out), "--no-stores"],
        check=True,
        capture_output=True,
    )
    return out


def test_a_full_disk_names_the_file_being_written(exports, tmp_path, monkeypatch, capsys):
    def lines_until_the_disk_fills(*args, **kwargs):
        yield "// the first line fits"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.cypher.script, "script_lines", lines_until_the_disk_fills)
    target = tmp_path / "graph.cypher"
    monkeypatch.setattr(sys, "argv", ["kg", "export", "cypher", "-e", str(exports), "-o", str(target)])
    sigterm = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
    finally:
        signal.signal(signal.SIGTERM, sigterm)
    assert stopped.value.code == 1
    line = capsys.readouterr().err.strip()
    assert line == (
        f"Error: no space left on the device while writing {target}; free some space or write elsewhere (-o DIR)"
    )
    assert not target.exists()
