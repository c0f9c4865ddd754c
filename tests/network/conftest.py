"""A small build of fictional news (real divisions of 江西 抚州, made-up people and meetings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build_folder import Build, load_build
from kg.pipeline import build

# 张文博 chairs 抚州市政协 (two meetings, two months); a 张文博 named in 临川区 (a county of
# 抚州) is only possibly the same man; 李春燕 and 王建德 attend one meeting.
RECORDS = [
    {
        "id": "fz-0402",
        "title": "抚州市政协召开五届八次常委会会议",
        "published": "2024-04-02",
        "text": "本报抚州讯 4月2日,抚州市政协主席张文博主持召开市政协五届八次常委会会议。"
        "市政协副主席李春燕、王建德出席会议。会议审议通过了《市政协2024年协商工作计划》。",
    },
    {
        "id": "lc-0409",
        "title": "张文博到临川区调研",
        "published": "2024-04-09",
        "text": "本报临川讯 4月9日,张文博同志到临川区调研乡村振兴工作。",
    },
    {
        "id": "fz-0515",
        "title": "抚州市政协召开主席会议",
        "published": "2024-05-15",
        "text": "本报抚州讯 5月15日,抚州市政协党组书记、主席张文博主持召开市政协五届二十次主席会议。",
    },
]


@pytest.fixture(scope="session")
def fuzhou(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("fuzhou")
    records = folder / "records.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    build([records], folder / "out", stores=())
    return load_build(folder / "out")


@pytest.fixture(scope="session")
def root() -> Path:
    return Path(__file__).resolve().parents[2]
