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
        # a shell's foreground job takes Ctrl-C: undo an ignored SIGINT inherited from a
        # test run started in the background (`make test &`), which Python would keep
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
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


# A cross product the SPARQL engine works on in native code for minutes (5,961³ rows).
SLOW_SPARQL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


@pytest.fixture(scope="module")
def graph(store) -> Path:
    """The store's build with its graph.ttl written, so a query starts at once."""
    subprocess.run([sys.executable, "-m", "kg", "sparql", "-e", str(store), "ASK {}"], check=True, capture_output=True)
    return store


def test_ctrl_c_on_a_long_kg_sparql_query_is_one_line_and_exit_130(graph, tmp_path):
    proc = _start(["sparql", SLOW_SPARQL, "-e", str(graph), "--timeout", "300"], tmp_path)
    time.sleep(3)  # loaded, and deep in the query
    started = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.strip() == "Interrupted (Ctrl-C)."
    assert time.monotonic() - started < 5, "Ctrl-C waited for the query to end"


def test_a_kg_sparql_query_past_its_timeout_is_stopped_with_one_line(graph, tmp_path):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", SLOW_SPARQL, "-e", str(graph), "--timeout", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: query stopped after 1 s (--timeout); narrow it (LIMIT, a bound subject) or raise --timeout"
    assert time.monotonic() - started < 30
