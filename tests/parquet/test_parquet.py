"""`kg export parquet`: DuckDB and pyarrow read the tables, and they count what `kg stats` counts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import orjson
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from kg.build_folder import load_build
from kg.errors import ConfigError
from kg.network import stats
from kg.parquet import MANIFEST, write_parquet
from kg.pipeline import build
from kg.tenure import read_spells

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ (the seed page, the records and the two terms of 资溪县政协), built and exported."""
    out = tmp_path_factory.mktemp("examples")
    build([ROOT / "examples"], out, stores=())
    write_parquet(load_build(out))
    return out


def sql(query: str) -> list[tuple[object, ...]]:
    return duckdb.sql(query).fetchall()


def table(exports: Path, name: str) -> str:
    """The DuckDB expression that reads one table of the export, as the README writes it."""
    if name in ("nodes", "facts"):
        return f"read_parquet('{exports}/parquet/{name}/**/*.parquet', hive_partitioning=true)"
    return f"read_parquet('{exports}/parquet/{name}/*.parquet')"


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT)


def test_duckdb_counts_the_nodes_of_each_type_that_kg_stats_counts(examples):
    rows = sql(f"select type, count(*) from {table(examples, 'nodes')} group by type order by type")
    assert dict(rows) == stats(load_build(examples))["nodes"]


def test_duckdb_counts_the_facts_of_each_predicate_that_kg_stats_counts(examples):
    rows = sql(
        f"select predicate, count(*) from {table(examples, 'facts')} group by predicate order by predicate"
    )
    assert dict(rows) == stats(load_build(examples))["facts"]


def test_distinct_subject_object_pairs_are_the_edges_of_kg_stats(examples):
    rows = sql(
        f"select predicate, count(distinct (subject, object)) from {table(examples, 'facts')} group by predicate"
    )
    assert dict(rows) == stats(load_build(examples))["edges"]


def test_the_articles_and_spells_are_all_there(examples):
    assert sql(f"select count(*) from {table(examples, 'articles')}") == [
        (len(load_build(examples).articles),)
    ]
    assert sql(f"select count(*) from {table(examples, 'spells')}") == [(len(read_spells(examples)),)]


def test_the_evidence_of_a_fact_round_trips(examples):
    rows = sql(
        f"select article, sentence, span_start, span_end, extractor, confidence, date, date_basis, tenure "
        f"from {table(examples, 'facts')} "
        "where predicate = 'HOLDS' and subject_label = '周文澜' and object_label = '资溪县政协主席' and tenure = 'start'"
    )
    [fact] = [
        f
        for f in load_build(examples).facts()
        if f.predicate == "HOLDS" and f.subject.label == "周文澜" and dict(f.extra).get("tenure") == "start"
    ]
    e = fact.evidence
    extra = dict(fact.extra)
    assert rows == [
        (
            e.article_id,
            e.sentence,
            e.start,
            e.end,
            e.extractor,
            fact.confidence,
            extra["date"],
            "meeting",
            "start",
        )
    ]


def test_a_span_cuts_the_surface_form_out_of_the_articles_text(examples):
    rows = sql(
        f"select substring(a.text, f.span_start + 1, f.span_end - f.span_start) "
        f"from {table(examples, 'facts')} f join {table(examples, 'articles')} a on a.id = f.article "
        "where f.predicate = 'HOLDS' and f.tenure = 'start' and f.subject_label = '周文澜'"
    )
    assert rows == [("周文澜当选为县政协主席",)]


def test_a_spell_keeps_its_dates_and_evidence(examples):
    rows = sql(
        f'select person, start, "end", status, end_known, len(evidence) from {table(examples, "spells")} '
        "where post = '资溪县政协主席' order by start"
    )
    expected = [
        (s.person, s.start, s.end, s.status, s.end_known, len(s.evidence))
        for s in read_spells(examples)
        if s.post == "资溪县政协主席"
    ]
    assert rows == expected
    assert [r[:3] for r in rows] == [("周文澜", "2021-01-10", "2026-01-15"), ("陈立言", "2026-01-15", None)]


def test_pyarrow_reads_the_same_nodes_with_their_properties(examples):
    nodes = ds.dataset(examples / "parquet" / "nodes", format="parquet", partitioning="hive").to_table()
    by_id = {row["id"]: row for row in nodes.to_pylist()}
    for node in load_build(examples).nodes.values():
        row = by_id[node.id]
        assert (row["type"], row["label"], row["mentions"]) == (node.type, node.label, node.prop("mentions"))
    region = next(n for n in load_build(examples).nodes.values() if n.type == "Region")
    assert by_id[region.id]["code"] == region.prop("code")
    assert by_id[region.id]["aliases"] == list(region.prop("aliases"))


def test_the_manifest_counts_every_table_and_partition(examples):
    manifest = orjson.loads((examples / "parquet" / MANIFEST).read_bytes())
    assert manifest["tables"]["facts"]["partitions"] == stats(load_build(examples))["facts"]
    assert manifest["tables"]["nodes"]["rows"] == len(load_build(examples).nodes)


def test_small_batches_write_several_row_groups_and_the_same_rows(examples, tmp_path):
    export = write_parquet(load_build(examples), tmp_path / "small", batch_rows=7)
    holds = pq.ParquetFile(tmp_path / "small" / "facts" / "predicate=HOLDS" / "part-0.parquet")
    assert holds.metadata.num_row_groups > 1
    same = sql(
        f"select count(*) from read_parquet('{tmp_path}/small/facts/**/*.parquet', hive_partitioning=true)"
    )
    assert same == sql(f"select count(*) from {table(examples, 'facts')}") == [(export.rows["facts"],)]


def test_a_property_of_an_unexpected_type_goes_to_the_json_column(tmp_path):
    node = {"id": "person:甲", "type": "Person", "label": "甲", "mentions": "many", "hobby": "书法"}
    (tmp_path / "nodes.jsonl").write_bytes(orjson.dumps(node) + b"\n")
    (tmp_path / "facts.jsonl").write_bytes(b"")
    write_parquet(load_build(tmp_path))
    rows = sql(f"select mentions, props from {table(tmp_path, 'nodes')}")
    assert rows == [(None, '{"hobby":"书法","mentions":"many"}')]


def test_a_second_export_replaces_the_first_and_keeps_the_users_files(examples, tmp_path):
    out = tmp_path / "pq"
    write_parquet(load_build(examples), out)
    (out / "notes.txt").write_text("mine")
    (out / "facts" / "predicate=STALE").mkdir()
    write_parquet(load_build(examples), out)
    assert (out / "notes.txt").read_text() == "mine"
    assert not (out / "facts" / "predicate=STALE").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq"]  # no staging folder left


def test_a_failed_export_leaves_the_earlier_one_intact(examples, tmp_path, monkeypatch):
    out = tmp_path / "pq"
    write_parquet(load_build(examples), out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def broken(exports: object) -> list[object]:
        raise OSError("disk full")

    monkeypatch.setattr("kg.parquet.read_spells", broken)
    with pytest.raises(OSError):
        write_parquet(load_build(examples), out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq"]


def test_a_folder_kg_did_not_write_is_refused(examples, tmp_path):
    (tmp_path / "mine.csv").write_text("a,b\n")
    with pytest.raises(ConfigError, match="was not written by `kg export parquet`"):
        write_parquet(load_build(examples), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]


def test_kg_export_parquet_prints_what_it_wrote(examples, tmp_path):
    result = kg("export", "parquet", "--exports", str(examples), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    b = load_build(examples)
    facts = sum(1 for _ in b.facts())
    spells = len(read_spells(examples))
    expected = f"wrote {len(b.nodes)} nodes, {facts} facts, {len(b.articles)} articles, {spells} spells → {tmp_path / 'out'}/"
    assert result.stderr.strip() == expected


def test_kg_export_parquet_without_a_build_is_one_line_and_exit_1(tmp_path):
    result = kg("export", "parquet", "--exports", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: no build in {tmp_path}/ (facts.jsonl and nodes.jsonl missing); "
        f"run `kg build PATHS -o {tmp_path}` first, or pass --exports DIR"
    )
    assert not (tmp_path / "parquet").exists()


def test_without_pyarrow_the_error_says_what_to_install(examples):
    hide_pyarrow = (
        "import sys; sys.modules['pyarrow'] = None; from kg.cli import main; "
        f"sys.argv = ['kg', 'export', 'parquet', '--exports', {str(examples)!r}]; main()"
    )
    result = subprocess.run([sys.executable, "-c", hide_pyarrow], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: the Parquet export needs pyarrow: pip install 'kg[parquet]'"


def readme_queries() -> list[tuple[str, list[list[str]]]]:
    """The README's DuckDB queries on the Parquet export, each with the table printed under it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Parquet for DuckDB, Spark and pandas", 1)[1].split("\n## ", 1)[0]
    found = []
    for query, after in re.findall(r"```sql\n(.*?)```\n(.*?)(?=```|\Z)", section, re.S):
        rows = [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in after.splitlines()
            if line.startswith("|") and not re.fullmatch(r"\|[\s|:-]+\|", line.strip())
        ]
        found.append((query, rows[1:]))  # without the header
    return found


def test_the_readme_has_two_duckdb_queries_with_their_answers():
    assert [len(rows) for _, rows in readme_queries()] == [3, 4]


@pytest.mark.parametrize("number", [0, 1])
def test_a_readme_query_gives_the_rows_it_shows_on_the_examples(examples, number):
    query, expected = readme_queries()[number]
    rows = sql(query.replace("exports/parquet/", f"{examples}/parquet/"))
    assert [["" if v is None else str(v) for v in row] for row in rows] == expected
