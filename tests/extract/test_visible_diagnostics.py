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


OTHER = "a document with relation 'other' gets no fact from its meeting or body"
# (set, diagnostic) pairs not at zero today, with why
PENDING = {
    ("dev", "unmatched_meetings"): "a 讲堂 dated where gold has none (p1-02); an undated 常委会会议 (p2-01)",
    ("dev", "unlinked_documents"): OTHER,
    ("web", "merged_meetings"): "党组会议 and 主席会议 of one body and day become one node (web-12)",
    ("web", "unmatched_meetings"): "an undated 会议 (web-15), the wrong body (web-19) or date (web-04)",
    ("web", "unlinked_documents"): OTHER,
    ("dense", "unmatched_meetings"): "undated meetings (dense-05, dense-20), ones gold has not (dense-13)",
    ("dense", "unlinked_documents"): OTHER,
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
