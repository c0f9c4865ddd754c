"""One benchmark stage in its own process, so its peak memory is its own.

    python bench/stage.py STAGE CORPUS_DIR BUILD_DIR [WORKERS]

Prints one JSON object: the stage's wall time and what it processed. Stages:
`build` (read, extract, resolve, write the JSONL files), `build-dask` (the same with
`--engine dask --shards` on a 2-worker LocalCluster of 1.5 GB a worker), `jieba` (jieba.lcut of the
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


def corpus_chars(corpus: Path) -> int:
    """The characters of `corpus_text(corpus)`, counted a file at a time (the build stages
    must not hold the corpus: their peak memory is what is measured)."""
    chars = sum(len(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt")))
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            chars += sum(len(json.loads(line)["text"]) for line in fh if line.strip())
    return chars


# The cluster of `build-dask`: 2 workers of 1.5 GB, in a process of its own, so the build's
# process is only the client (the one whose memory must not grow with the corpus).
_CLUSTER = """
import sys, time
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="1.5GB", host="127.0.0.1",
                       dashboard_address=":0")
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the bench closes it
cluster.close()
"""


class _TreeSampler:
    """Peak RSS of each process under `pid` (the cluster's workers), sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        import threading

        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(0.2):
            for proc in self.root.children(recursive=True):
                try:
                    rss = proc.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0.0), rss)

    def stop(self) -> list[float]:
        self._stop.set()
        self._thread.join()
        return sorted((round(v, 1) for v in self.peaks.values()), reverse=True)


def build_on_dask(corpus: Path, out: Path) -> dict[str, object]:
    """`kg build --engine dask --shards` against a 2-worker cluster in another process."""
    import subprocess

    from kg.pipeline import build

    cluster = subprocess.Popen([sys.executable, "-c", _CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        address = cluster.stdout.readline().strip()  # type: ignore[union-attr]
        sampler = _TreeSampler(cluster.pid)
        start = time.perf_counter()
        report = build([corpus], out, stores=(), engine="dask", scheduler=address, shards=True)
        seconds = time.perf_counter() - start
        peaks = sampler.stop()
    finally:
        cluster.stdin.close()  # type: ignore[union-attr]
        cluster.wait(timeout=60)
    return {"seconds": seconds, "chars": corpus_chars(corpus), "articles": report.articles,
            "facts": report.facts, "nodes": report.nodes, "cluster_process_peaks_mb": peaks}  # fmt: skip


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
        chars = corpus_chars(corpus)
        start = time.perf_counter()
        report = build([corpus], out, stores=(), workers=workers)
        result.update(
            seconds=time.perf_counter() - start, chars=chars, articles=report.articles, facts=report.facts, nodes=report.nodes
        )
    elif stage == "build-dask":
        result.update(build_on_dask(corpus, out))
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
                read = sum(1 for _ in build_.facts())
            result.update(seconds=seconds, facts=read, counts=report.counts, path=report.path)
    import resource

    # Linux reports KiB; the stage's own peak, and the peak of its largest worker process
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["worker_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
