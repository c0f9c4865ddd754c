"""One benchmark stage in its own process, so its peak memory is its own.

    python bench/stage.py STAGE CORPUS_DIR BUILD_DIR [WORKERS]

Prints one JSON object: the stage's wall time and what it processed. Stages:
`build` (read, extract, resolve, write the JSONL files), `jieba` (jieba.lcut of the
same text), `posseg` (jieba.posseg.lcut of a sample), and one per sink (`embedded`,
`rdf-ttl`, `rdf-nt`, `html`) run over the build.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

POSSEG_SAMPLE = 1_000_000  # characters: part-of-speech tagging is slow, a sample suffices


def corpus_text(corpus: Path) -> str:
    """The text of a corpus folder: its pages, and the `text` of its JSONL records."""
    pages = "".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    records = "".join(
        json.loads(line)["text"]
        for p in sorted(corpus.glob("*.jsonl"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return pages + records


def main() -> None:
    stage, corpus, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    result: dict[str, object] = {"stage": stage}
    if stage in ("jieba", "posseg"):
        import jieba
        import jieba.posseg

        jieba.initialize()
        text = corpus_text(corpus)
        if stage == "posseg":
            text = text[:POSSEG_SAMPLE]
        cut = jieba.lcut if stage == "jieba" else jieba.posseg.lcut
        start = time.perf_counter()
        cut(text)
        result.update(seconds=time.perf_counter() - start, chars=len(text))
    elif stage == "build":
        from kg.extract.text import segmenter
        from kg.pipeline import build

        segmenter()  # dictionary loading is start-up, not throughput
        chars = len(corpus_text(corpus))
        start = time.perf_counter()
        report = build([corpus], out, stores=(), workers=workers)
        result.update(
            seconds=time.perf_counter() - start, chars=chars, articles=report.articles, facts=report.facts, nodes=report.nodes
        )
    else:
        from kg.build_folder import Build, load_build
        from kg.sinks import sinks

        name, fmt = ("rdf", stage[4:]) if stage.startswith("rdf-") else (stage, "")
        if name not in sinks:
            result.update(skipped=f"no sink named {name!r} in this version")
        else:
            build_ = load_build(out)
            options = {"format": fmt} if fmt else {}
            read = 0

            class Counted(Build):  # the build, counting the facts the sink reads
                def facts(self):  # noqa: ANN202 - a bench helper
                    nonlocal read
                    for item in super().facts():
                        read += 1
                        yield item

            start = time.perf_counter()
            # streamed from facts.jsonl, as `kg build` and `kg export` do: reading is part of the work
            report = sinks.get(name)(out, **options).write(Counted(build_.dir))
            seconds = time.perf_counter() - start
            if read == 0:  # a sink that reads the build's files itself (neo4j-import)
                read = sum(1 for _ in open(build_.facts_path, "rb"))
            result.update(seconds=seconds, facts=read, counts=report.counts, path=report.path)
    import resource

    # Linux reports KiB; the stage's own peak, and the peak of its largest worker process
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["worker_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
