"""kg plug-ins from outside kg: survey visits (调研) and an edge list.

- `SurveyExtractor` (`surveys`): 调研乡村旅游发展情况 → a `Meeting` of kind 调研 that the
  article mentions.
- `EdgeListSink` (`edge-csv`): `DIR/edges.csv`, one row per fact: subject, predicate, object.

Only kg's public API is used: `kg.Article`, `kg.Node`, `kg.Fact`, `kg.Evidence`,
`kg.Build`, `kg.WriteReport`, `kg.atomic_writer`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg import Build, Evidence, Fact, Node, WriteReport, atomic_writer, stable_id

__all__ = ["EdgeListSink", "SurveyExtractor"]

# 带队调研乡村旅游发展情况 → topic 乡村旅游
_SURVEY = re.compile(r"调研(?P<topic>[\u4e00-\u9fff]{2,12}?)(?:发展)?(?:情况|工作)")


class SurveyExtractor:
    """A `Meeting` (kind 调研) for every survey visit an article reports."""

    name = "surveys"
    version = "1"

    def __call__(self, analysis: Any) -> Iterator[Fact]:
        article = analysis.article
        text = article.text
        node = Node(f"article:{article.id}", "Article", article.title or article.id)
        for m in _SURVEY.finditer(text):
            start = text.rfind("。", 0, m.start()) + 1
            end = text.find("。", m.end())
            sentence = text[start : end + 1 if end >= 0 else len(text)].strip()
            topic = m.group("topic")
            survey = Node(
                stable_id("Meeting", f"调研:{topic}@{article.id}"),
                "Meeting",
                f"调研{topic}",
                (("kind", "调研"), ("name", f"调研{topic}")),
            )
            evidence = Evidence(article.id, sentence, m.start("topic"), m.end("topic"), f"{self.name}.v{self.version}")
            yield Fact(node, "MENTIONS", survey, evidence, 0.8)


class EdgeListSink:
    """`DIR/edges.csv`: subject label, predicate, object label; one row per fact."""

    name = "edges-csv"
    on_build = False

    def __init__(self, out: Path, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else Path(out) / "edges.csv"

    def write(self, build: Build) -> WriteReport:
        count = 0
        with atomic_writer(self.path) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["subject", "predicate", "object"])
            for fact in build.facts():
                writer.writerow([fact.subject.label, fact.predicate, fact.object.label])
                count += 1
        return WriteReport(self.name, count, str(self.path))
