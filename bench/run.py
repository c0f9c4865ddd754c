"""`make bench`: build a synthetic corpus, measure every stage, print a table, keep a record.

    python bench/run.py [--size 10MB] [--workers N] [--keep DIR]

Each stage runs in its own process (`bench/stage.py`) so its peak RSS is its own. The
table compares the build's throughput with jieba's own segmentation of the same text,
measured in the same run, and checks the targets of the performance issue; the row is
appended to `bench/results.jsonl` with the machine, versions and git commit. Beside the
synthetic pages it builds real text: the visible records of ../shared/corpus (dev, web,
dense) repeated to 2 MB under new ids, with one worker, against jieba.lcut of the same text;
and a county's archive (`--county N`, default 20,000 short articles about one county, whose
region and 政协 are hub nodes with N relationships), built and loaded into the embedded store.
The builds (local and Dask) also run on the first tenth of the synthetic files: the cost
per million articles is taken from the slope between the two sizes, and the Dask build's
own process must stay within 1.2× of its peak at a tenth.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import __version__  # noqa: E402
from kg.parallel import default_workers  # noqa: E402
from kg.synth import parse_size, write_corpus, write_county_corpus  # noqa: E402

TARGETS = {
    "build / jieba.lcut": 0.5,  # whole build at least half of plain segmentation
    "real build / jieba.lcut": 0.30,  # real news, 1 worker: dense text costs more than synthetic

    "embedded facts/s": 20_000,
    "county embedded facts/s": 20_000,  # one county's archive: hub nodes of degree ~N (issue 17, case 5)
    "rdf triples/s": 100_000,
}
# targets a measure must stay at or under (issue 20: memory flat in corpus size)
CEILINGS = {
    "dask parent peak, ×10 corpus": 1.2,  # the build's own process at this size / at a tenth of it
    "rdf peak RSS MB": 1000,
    "html peak RSS MB": 1000,
}


def run_stage(stage: str, corpus: Path, out: Path, workers: int = 1) -> dict:
    """Run one stage in a child process; returns its JSON (with its own peak RSS in MB)."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "stage.py"), stage, str(corpus), str(out), str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"bench: stage {stage} failed:\n{stderr.strip()[-2000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


REAL_SETS = ("dev", "web", "dense")  # ../shared/corpus: the visible records with gold
REAL_SIZE = 2_000_000  # characters


def write_real_corpus(folder: Path, size: int = REAL_SIZE) -> bool:
    """The visible real records (gold left out), repeated under new ids to `size` characters,
    as one JSONL file; False when ../shared/corpus is not beside the repository."""
    shared = ROOT.parent / "shared" / "corpus"
    records = []
    for name in REAL_SETS:
        for path in sorted((shared / name).glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            record.pop("gold", None)
            records.append(record)
    if not records:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    written, copy = 0, 0
    with (folder / "records.jsonl").open("w", encoding="utf-8") as fh:
        while written < size:
            for record in records:
                fh.write(json.dumps({**record, "id": f"{record['id']}-{copy}"}, ensure_ascii=False) + "\n")
                written += len(record["text"])
            copy += 1
    return True


def tenth_of(corpus: Path, folder: Path) -> Path:
    """The first tenth of the corpus's files (hard links, or copies across file systems; kg
    reads no symbolic links): the same text at a tenth of the size, for the slope of the
    cost and the growth of memory between the two sizes."""
    files = sorted(corpus.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for path in files[: max(1, len(files) // 10)]:
        copy = folder / path.name
        if not copy.exists():
            try:
                os.link(path, copy)
            except OSError:
                shutil.copyfile(path, copy)
    return folder


def slope_core_hours(full: dict, tenth: dict, cores: int) -> float | None:
    """Core-hours per million articles from the slope between two sizes: the fixed costs
    (starting workers, loading dictionaries) cancel out."""
    articles = full["articles"] - tenth["articles"]
    return (full["seconds"] - tenth["seconds"]) * cores / articles * 1e6 / 3600 if articles > 0 else None


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="10MB", help="synthetic corpus size: 1MB, 10MB, 100MB (default 10MB)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="extraction processes (default: all cores)")
    parser.add_argument("--keep", type=Path, help="keep the corpus and build in this folder")
    parser.add_argument(
        "--dask", action=argparse.BooleanOptionalAction, default=True,
        help="also build with --engine dask --shards on a 2-worker LocalCluster of 1.5 GB a worker (default: yes)",
    )  # fmt: skip
    parser.add_argument(
        "--county", type=int, default=20_000,
        help="also build and load N short articles about one county (0: skip; the README's figure is 100000)",
    )  # fmt: skip
    args = parser.parse_args()
    size = parse_size(args.size)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus, out = work / "corpus", work / "build"
    print(f"bench: generating {args.size} of synthetic pages in {corpus} …", file=sys.stderr)
    if not corpus.is_dir() or not any(corpus.glob("*.txt")):
        write_corpus(corpus, size, seed=1)
    rows: dict[str, dict] = {}
    for stage in ("jieba", "posseg", "build", "embedded", "rdf-ttl", "rdf-nt", "html", "neo4j-import"):
        print(f"bench: {stage} …", file=sys.stderr)
        rows[stage] = run_stage(stage, corpus, out, args.workers)
    if args.dask:
        print("bench: build-dask …", file=sys.stderr)
        rows["build-dask"] = run_stage("build-dask", corpus, work / "build-dask", args.workers)
    # the same stages on a tenth of the corpus: cost per article from the slope, memory growth
    tenth = tenth_of(corpus, work / "corpus-tenth")
    print("bench: build of a tenth of the corpus …", file=sys.stderr)
    rows["build-tenth"] = run_stage("build", tenth, work / "build-tenth", args.workers)
    if args.dask:
        print("bench: build-dask of a tenth of the corpus …", file=sys.stderr)
        rows["build-dask-tenth"] = run_stage("build-dask", tenth, work / "build-dask-tenth", args.workers)
    real = work / "real"
    if (real.is_dir() and any(real.glob("*.jsonl"))) or write_real_corpus(real):
        for stage in ("jieba", "build"):
            print(f"bench: {stage} on real text …", file=sys.stderr)
            rows[f"{stage}-real"] = run_stage(stage, real, work / "build-real", 1)
    if args.county:
        county = work / f"county-{args.county}"
        if not county.is_dir():
            write_county_corpus(county, args.county, seed=1)
        for stage in ("build", "embedded"):
            print(f"bench: {stage} of {args.county:,} articles about one county …", file=sys.stderr)
            rows[f"{stage}-county"] = run_stage(stage, county, work / "build-county", args.workers)
    b, j, p = rows["build"], rows["jieba"], rows["posseg"]
    metrics: dict[str, float | None] = {
        "build chars/s": b["chars"] / b["seconds"],
        "build chars/s/core": b["chars"] / b["seconds"] / args.workers,
        "jieba.lcut chars/s": j["chars"] / j["seconds"],
        "jieba.posseg chars/s": p["chars"] / p["seconds"],
    }
    # what a million articles cost at this size's rate (the build is linear in articles)
    metrics["core-hours / million articles"] = b["seconds"] * args.workers / b["articles"] * 1e6 / 3600
    metrics["core-hours / million articles, slope"] = slope_core_hours(b, rows["build-tenth"], args.workers)
    if "build-dask" in rows:
        d, dt = rows["build-dask"], rows["build-dask-tenth"]
        metrics["dask build chars/s/core"] = d["chars"] / d["seconds"] / 2
        metrics["dask core-hours / million articles"] = d["seconds"] * 2 / d["articles"] * 1e6 / 3600
        metrics["dask core-hours / million, slope"] = slope_core_hours(d, dt, 2)
        metrics["dask parent peak RSS MB"] = d["peak_rss_mb"]
        metrics["dask parent peak, ×10 corpus"] = d["peak_rss_mb"] / dt["peak_rss_mb"]
        metrics["dask worker peak RSS MB"] = max(d.get("cluster_process_peaks_mb") or [0.0])
    metrics["build / jieba.lcut"] = metrics["build chars/s"] / metrics["jieba.lcut chars/s"]
    metrics["build / jieba.posseg"] = metrics["build chars/s"] / metrics["jieba.posseg chars/s"]
    if "build-real" in rows:
        br, jr = rows["build-real"], rows["jieba-real"]
        metrics["real build chars/s (1 worker)"] = br["chars"] / br["seconds"]
        metrics["real jieba.lcut chars/s"] = jr["chars"] / jr["seconds"]
        metrics["real build / jieba.lcut"] = metrics["real build chars/s (1 worker)"] / metrics["real jieba.lcut chars/s"]
    emb = rows["embedded"]
    metrics["embedded facts/s"] = emb["facts"] / emb["seconds"] if "seconds" in emb else None
    if "embedded-county" in rows:
        ce = rows["embedded-county"]
        metrics["county articles"] = rows["build-county"]["articles"]
        metrics["county build seconds"] = rows["build-county"]["seconds"]
        metrics["county embedded seconds"] = ce.get("seconds")
        metrics["county embedded facts/s"] = ce["facts"] / ce["seconds"] if "seconds" in ce else None
    for fmt in ("ttl", "nt"):
        r = rows[f"rdf-{fmt}"]
        triples = (r.get("counts") or {}).get("triples")
        metrics[f"rdf triples/s ({fmt})"] = triples / r["seconds"] if triples and "seconds" in r else None
    rdf_rates = [v for k, v in metrics.items() if k.startswith("rdf triples/s (") and v]
    metrics["rdf triples/s"] = min(rdf_rates) if rdf_rates else None
    metrics["html seconds"] = rows["html"].get("seconds")
    metrics["rdf peak RSS MB"] = max(rows[f"rdf-{fmt}"]["peak_rss_mb"] for fmt in ("ttl", "nt"))
    metrics["html peak RSS MB"] = rows["html"]["peak_rss_mb"]

    print(f"\nkg {__version__} @ {git_commit()} · {args.size} ({b['chars']:,} chars, {b['articles']:,} articles, "
          f"{b['facts']:,} facts, {b['nodes']:,} nodes) · {args.workers} workers · {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(f"{'measure':<36}{'value':>14}  {'target':>10}  ok")
    for name, value in metrics.items():
        target, ceiling = TARGETS.get(name), CEILINGS.get(name)
        shown = "n/a" if value is None else (f"{value:.2f}" if value < 100 else f"{value:,.0f}")
        ok = "" if target is None or value is None else ("yes" if value >= target else "NO")
        if ceiling is not None and value is not None:
            ok = "yes" if value <= ceiling else "NO"
        limit = f"≥ {target:,}" if target is not None else (f"≤ {ceiling:,}" if ceiling is not None else "")
        print(f"{name:<36}{shown:>14}  {limit:>10}  {ok}")
    print(f"\n{'stage':<12}{'seconds':>10}{'peak RSS MB':>14}{'worker peak MB':>16}")
    for stage, r in rows.items():
        seconds = f"{r['seconds']:.2f}" if "seconds" in r else "skipped"
        print(f"{stage:<12}{seconds:>10}{r['peak_rss_mb']:>14}{r['worker_peak_rss_mb']:>16}  {r.get('skipped', '')}")
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "commit": git_commit(),
        "kg": __version__,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "size": args.size,
        "workers": args.workers,
        "metrics": metrics,
        "stages": rows,
    }
    with (ROOT / "bench" / "results.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("\nappended to bench/results.jsonl", file=sys.stderr)


if __name__ == "__main__":
    main()
