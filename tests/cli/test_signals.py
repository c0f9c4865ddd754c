"""Ctrl-C and SIGTERM on a running `kg`: one line, the conventional exit code, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLOW_QUERY = "UNWIND range(1, 300000000) AS x RETURN count(x)"


def _start(args: list[str], tmp: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, TMPDIR=str(tmp))
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
    )


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the command never got there"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    page = (ROOT / "examples" / "sample_page.txt").read_text(encoding="utf-8")
    for i in range(150):
        (folder / f"page_{i:03}.txt").write_text(
            page.replace("4月9日", f"4月{i % 28 + 1}日"), encoding="utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "examples"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def _interrupt_build(big_corpus: Path, tmp_path: Path, sig: int) -> tuple[subprocess.Popen[str], str, Path]:
    out = tmp_path / "out"
    proc = _start(["build", str(big_corpus), "-o", str(out), "--no-cache", "-j", "2"], tmp_path)
    _wait_for(lambda: out.is_dir() and any(out.glob(".build-*")))
    os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    return proc, stderr, out


def test_ctrl_c_on_kg_build_is_one_line_and_exit_130(big_corpus, tmp_path):
    proc, stderr, out = _interrupt_build(big_corpus, tmp_path, signal.SIGINT)
    assert proc.returncode == 130
    assert stderr.strip() == "Interrupted (Ctrl-C)."
    assert not list(out.glob(".build-*"))


def test_sigterm_on_kg_build_cleans_up_and_exits_143(big_corpus, tmp_path):
    proc, stderr, out = _interrupt_build(big_corpus, tmp_path, signal.SIGTERM)
    assert proc.returncode == 143
    assert stderr.strip() == "Terminated (SIGTERM)."
    assert not list(out.glob(".build-*"))
    assert not (out / "facts.jsonl").exists()


def _interrupt_query(store: Path, tmp_path: Path, sig: int) -> tuple[subprocess.Popen[str], str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = _start(["cypher", SLOW_QUERY, "-e", str(store), "--timeout", "120"], scratch)
    _wait_for(lambda: any(scratch.rglob("redis.socket")))
    time.sleep(0.5)  # the query has been sent
    os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    return proc, stderr


def test_ctrl_c_on_kg_cypher_is_one_line_and_exit_130(store, tmp_path):
    proc, stderr = _interrupt_query(store, tmp_path, signal.SIGINT)
    assert proc.returncode == 130
    assert stderr.strip() == "Interrupted (Ctrl-C)."


def test_sigterm_on_kg_cypher_leaves_no_copy_of_the_store_in_tmpdir(store, tmp_path):
    proc, stderr = _interrupt_query(store, tmp_path, signal.SIGTERM)
    assert proc.returncode == 143
    assert stderr.strip() == "Terminated (SIGTERM)."
    assert not [p for p in (tmp_path / "tmp").rglob("*") if p.suffix in (".rdb", ".falkordb")]
    assert not list((tmp_path / "tmp").glob("kg-cypher-*"))
