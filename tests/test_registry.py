"""Plug-ins from other packages: entry points in `kg.extractors` and `kg.sinks`.

A fake installed distribution (a `.dist-info` folder with `entry_points.txt`, on
`sys.path`) stands for `pip install some-plugin`; tests/packaging installs a real one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.errors import ConfigError, UnknownPluginError
from kg.registry import Registry

PLUGIN = '''
class Shout:
    name = "shout"
    version = "1"
'''


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A distribution `kg-fake` offering `shout` (loads) and `broken` (fails to import)."""
    (tmp_path / "kg_fake.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "kg_fake-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kg-fake\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[kg.things]\nshout = kg_fake:Shout\nbroken = kg_fake_missing:Nothing\nbuiltin = kg_fake:Shout\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "kg_fake", raising=False)
    return tmp_path


def things() -> Registry[type]:
    registry: Registry[type] = Registry("thing")

    @registry.register("builtin")
    class Builtin:
        pass

    return registry


def test_a_plugin_is_found_by_its_entry_point_name(installed: Path) -> None:
    registry = things()
    assert registry.get("shout").__name__ == "Shout"
    assert not registry.is_builtin("shout")


def test_names_list_plugins_without_importing_them(installed: Path) -> None:
    registry = things()
    assert registry.names() == ["broken", "builtin", "shout"]
    assert "kg_fake" not in sys.modules
    assert "shout" in registry and "nope" not in registry


def test_an_unknown_name_lists_the_plugins_too(installed: Path) -> None:
    with pytest.raises(UnknownPluginError) as caught:
        things().get("nope")
    assert str(caught.value) == "no thing named 'nope'; available: broken, builtin, shout"


def test_a_plugin_that_fails_to_import_is_one_error_naming_its_package(installed: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        things().get("broken")
    assert str(caught.value).startswith(
        "the thing plug-in 'broken' from kg_fake_missing:Nothing (package kg-fake) does not load: "
    )
    assert str(caught.value).endswith("; reinstall that package, or uninstall it")


def test_a_plugin_cannot_take_a_name_kg_uses(installed: Path) -> None:
    assert things().get("builtin").__name__ == "Builtin"


def test_kg_looks_in_the_kg_extractors_and_kg_sinks_groups() -> None:
    from kg.extract import extractors
    from kg.sinks import sinks

    assert (extractors.group, sinks.group) == ("kg.extractors", "kg.sinks")


def test_a_default_build_runs_only_kgs_own_sinks(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.sinks import build_sinks, sinks

    monkeypatch.setattr(sinks, "group", "kg.things")  # every plug-in of the fake package is a "sink" now
    assert build_sinks() == ["embedded", "html"]
