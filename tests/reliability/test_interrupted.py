"""A build killed with SIGKILL midway: what is left of the previous exports, and of the build.

A finished build of examples/ is the "previous" build. A second `kg build` of a larger
(synthetic) corpus into the same folder is killed at a point the test can see on disk:

- `writers open`: the staging folder `.build-*/` holds facts.jsonl;
- `extracting`: the staged articles.jsonl has articles in it;
- `loading the store`: the embedded engine of the staged `.graph.falkordb.*/` is running.

kg/pipeline.py writes everything (JSONL files, then the stores) into `.build-*/` and
moves it into the folder only when the build succeeded, so none of these kills may
change the previous exports; the next build clears what the killed one left.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from kg.build_folder import load_build
from kg.synth import write_corpus

ROOT = Path(__file__).resolve().parents[2]
_KEPT = (".cache", ".kg.lock")  # the fact cache, and the lock file builds take turns on
EXPORTS = ("facts.jsonl", "nodes.jsonl", "articles.jsonl", "graph.html", "graph.falkordb")


def _engine_pidfiles(out: Path) -> list[Path]:
    """The pid files of the embedded engines that `.graph.falkordb.*/` folders were loaded by."""
    files = []
    for settings in [*out.glob(".graph.falkordb.*/graph.rdb.settings"), *out.glob(".build-*/.graph.falkordb.*/graph.rdb.settings")]:
        try:
            files.append(Path(json.loads(settings.read_text(encoding="utf-8"))["pidfile"]))
        except (ValueError, KeyError, OSError):  # being written
            continue
    return files


def _engine_running(out: Path) -> bool:
    return any(p.is_file() and p.read_text().strip() for p in _engine_pidfiles(out))


def _engine_loading(out: Path, since: dict[str, float] = {}) -> bool:  # noqa: B006 - a memo on purpose
    """The engine has been up for 0.3 s: past its start-up (the ~0.1 s before kg's
    watchdog guards it, a window the README names) and into the load."""
    key = str(out)
    if key not in since:
        if not _engine_running(out):
            return False
        since[key] = time.monotonic()
    return time.monotonic() - since[key] > 0.3


POINTS = {
    "writers open": lambda out: any(out.glob(".build-*/facts.jsonl")),
    "extracting": lambda out: any(p.stat().st_size > 0 for p in out.glob(".build-*/articles.jsonl")),
    "loading the store": _engine_loading,
}


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def node_count(out: Path) -> int:
    done = kg("cypher", "-e", str(out), "-f", "json", "MATCH (n) WHERE NOT n:Spell RETURN count(n) AS n")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["n"]


@dataclass
class Snapshot:
    """A build folder's exports, byte for byte, and what the reading commands make of them."""

    files: dict[str, bytes]
    listing: list[str]
    nodes: int  # `kg cypher` MATCH (n) WHERE NOT n:Spell RETURN count(n): the nodes of nodes.jsonl
    loaded: int  # len(load_build(DIR).nodes)

    @classmethod
    def of(cls, out: Path) -> Snapshot:
        return cls(
            {name: (out / name).read_bytes() for name in EXPORTS},
            sorted(p.name for p in out.iterdir()),
            node_count(out),
            len(load_build(out).nodes),
        )


@dataclass
class Killed:
    out: Path
    after: Snapshot
    leftovers: list[str]  # hidden temporary names the killed build left
    leaked: dict[str, list[int]] = field(default_factory=dict)  # processes still running after the kill


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Snapshot]:
    out = tmp_path_factory.mktemp("previous")
    done = kg("build", str(ROOT / "examples"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out, Snapshot.of(out)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(folder, 250_000, seed=1)
    return folder


def _stop_leaked(out: Path) -> dict[str, list[int]]:
    """End (by pid) what the killed build started and left running; say what it was.

    Its workers are forked copies of `kg build … -o OUT` (this test's own folder); its
    engine's pid is in the pid file that `.graph.falkordb.*/graph.rdb.settings` names.
    Both are given three seconds to go by themselves first (they are told when the build dies).
    """
    found: dict[str, list[psutil.Process]] = {"workers": [], "engines": []}
    for proc in psutil.process_iter(["cmdline", "status"]):
        if proc.info["status"] != psutil.STATUS_ZOMBIE and str(out) in (proc.info["cmdline"] or []):
            found["workers"].append(proc)
    pidfiles = _engine_pidfiles(out)
    for pidfile in pidfiles:
        try:
            engine = psutil.Process(int(pidfile.read_text().strip()))
            if "redis-server" in engine.name():
                found["engines"].append(engine)
        except (OSError, ValueError, psutil.Error):
            pass
    leaked: dict[str, list[int]] = {}
    for kind, procs in found.items():
        _, alive = psutil.wait_procs(procs, timeout=3)
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for p in alive:
            p.kill()
        leaked[kind] = [p.pid for p in alive]
    for pidfile in pidfiles:
        shutil.rmtree(pidfile.parent, ignore_errors=True)  # its socket folder under /tmp
    return leaked


@pytest.fixture(scope="module", params=list(POINTS))
def killed(request, previous, corpus, tmp_path_factory) -> Killed:
    """The previous build's folder after a second build into it was killed at `request.param`."""
    out = tmp_path_factory.mktemp("killed")
    shutil.copytree(previous[0], out, dirs_exist_ok=True)
    arrived = POINTS[request.param]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not arrived(out) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    code = proc.wait()
    leaked = _stop_leaked(out)
    assert code == -signal.SIGKILL, f"the build ended by itself before {request.param!r}"
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in _KEPT)
    return Killed(out, Snapshot.of(out), leftovers, leaked)


@pytest.fixture(scope="module")
def rebuilt(killed, previous, tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """examples/ built again, to completion, into a copy of the killed build's folder."""
    out = tmp_path_factory.mktemp("rebuilt")
    shutil.copytree(killed.out, out, dirs_exist_ok=True)
    return kg("build", str(ROOT / "examples"), "-o", str(out)), out


@pytest.fixture
def killed_point(request) -> str:
    return request.node.callspec.params["killed"]


def test_the_kill_happened_while_the_build_was_under_way(killed, killed_point):
    assert [name for name in killed.leftovers if name.startswith(".build-")]


def test_a_killed_build_keeps_the_previous_exports_byte_for_byte(killed, previous):
    assert killed.after.files == previous[1].files


def test_after_a_kill_kg_cypher_still_answers_with_the_previous_store(killed, previous):
    assert killed.after.nodes == previous[1].nodes


def test_after_a_kill_the_build_still_loads_and_agrees_with_its_store(killed):
    assert killed.after.loaded == killed.after.nodes


def test_the_next_build_succeeds_and_writes_what_a_clean_build_writes(rebuilt, previous):
    done, out = rebuilt
    assert done.returncode == 0, done.stderr
    for name in ("facts.jsonl", "nodes.jsonl", "articles.jsonl", "graph.html"):
        assert (out / name).read_bytes() == previous[1].files[name], name
    assert node_count(out) == previous[1].nodes


def test_the_next_build_cleans_up_what_the_killed_one_left(rebuilt):
    _, out = rebuilt
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in _KEPT] == []


def test_no_process_of_a_killed_build_runs_on(killed, killed_point):
    leaked = dict(killed.leaked)
    if killed_point == "writers open":
        del leaked["workers"]  # whether the pool has started yet is a matter of timing
    assert leaked == dict.fromkeys(leaked, [])
