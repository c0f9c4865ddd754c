"""`kg export ftm` (issue 18): every entity loads and validates with the followthemoney package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ftm = pytest.importorskip("followthemoney")


def _entities(build: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", "ftm", "--exports", str(build)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_entity_validates_against_its_schema(tenure_build: Path) -> None:
    from followthemoney import model

    entities = _entities(tenure_build)
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None, data
        assert set(data["properties"]) <= set(schema.properties), data
        assert set(schema.required) <= set(data["properties"]), data
        schema.validate(data)  # raises InvalidData
        proxy = model.get_proxy(data, cleaned=False)
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (data["id"], prop.name)


def test_occupancies_carry_holder_post_dates_and_status(tenure_build: Path) -> None:
    entities = _entities(tenure_build)
    by_id = {e["id"]: e for e in entities}
    chairs = [
        (
            by_id[o["properties"]["holder"][0]]["properties"]["name"][0],
            o["properties"].get("endDate"),
            o["properties"]["status"],
        )
        for o in entities
        if o["schema"] == "Occupancy"
        and by_id[o["properties"]["post"][0]]["properties"]["name"] == ["资溪县政协主席"]
    ]
    assert sorted(chairs) == [("周文澜", ["2026-01-15"], ["ended"]), ("陈立言", None, ["current"])]


def test_positions_name_their_region_and_government_level(tenure_build: Path) -> None:
    (chair,) = [e for e in _entities(tenure_build) if e["properties"].get("name") == ["资溪县政协主席"]]
    assert chair["properties"]["subnationalArea"] == ["资溪县"]
    assert chair["properties"]["topics"] == ["gov.muni"]
