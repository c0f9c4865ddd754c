"""Score facts against gold: precision, recall and F1 per fact type.

Mirrors `../shared/tools/score.py`, the reference scorer of the acceptance checks: the
same matching (sets over the union of all gold files, names in simplified script with
whitespace removed, bodies tolerant of the long form `政协X委员会`, dates by month-day).
It also counts identity errors the scorer cannot see: duplicate nodes (one gold person
split into several Person nodes with the same post) and wrong merges (one Person node
holding posts of two gold persons in different bodies), and four diagnostics (`diagnose`):
evidence that does not name its person, meeting nodes that merge gold meetings, meeting
nodes with no gold meeting, and documents linked to no meeting or body.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from kg.build_folder import export_files, fact_files_at
from kg.errors import InputError

__all__ = [
    "DIAGNOSTICS",
    "KEYS",
    "diagnose",
    "diagnostics_table",
    "evaluate",
    "load_gold",
    "load_predictions",
    "score_table",
]

KEYS = ["persons", "roles", "positions", "authors", "meetings", "presided", "documents", "doc_rel"]


@cache
def _t2s() -> Any:
    from opencc import OpenCC  # no type hints: see [tool.mypy] in pyproject.toml

    return OpenCC("t2s")


def norm(s: Any) -> str:
    if s is None:
        return ""
    text = re.sub(r"\s+", "", str(_t2s().convert(str(s))))
    return text.strip("《》“”\"'")


def norm_body(s: Any) -> str:
    s = norm(s)
    m = re.fullmatch(r"(?:中国人民政治协商会议|政协)(.+?)委员会", s)
    return m.group(1) + "政协" if m else s


def norm_date(d: Any) -> tuple[str, str]:
    d = norm(d)
    m = re.search(r"(\d{4})?-?-?(\d{1,2})-(\d{1,2})$", d)
    if not m:
        return d, d
    y, mo, da = m.group(1), int(m.group(2)), int(m.group(3))
    md = f"--{mo:02d}-{da:02d}"
    return (f"{y}-{mo:02d}-{da:02d}" if y else md), md


def load_gold(gold_dir: Path) -> dict[str, set[Any]]:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise InputError(
            f"no gold records (*.json) in {gold_dir}; point kg eval at a folder like ../shared/corpus/dev"
        )
    gold: dict[str, set[Any]] = defaultdict(set)
    for f in files:
        g = json.loads(f.read_text(encoding="utf-8")).get("gold", {})
        for p in g.get("persons", []):
            gold["persons"].add(norm(p))
        for p, r, b in g.get("positions", []):
            gold["positions"].add((norm(p), norm(r), norm_body(b)))
            gold["roles"].add((norm(p), norm(r)))
        for p in g.get("authors", []):
            gold["authors"].add(norm(p))
        for m in g.get("meetings", []):
            _, md = norm_date(m.get("date"))
            gold["meetings"].add((norm_body(m.get("body")), md))
            for p in m.get("presided_by") or []:
                gold["presided"].add((norm_body(m.get("body")), md, norm(p)))
        for _meeting, title, rel in g.get("documents", []):
            gold["documents"].add(norm(title))
            gold["doc_rel"].add((norm(title), norm(rel)))
    return gold


def _json_lines(files: list[Path]) -> Iterator[dict[str, Any]]:
    for file in files:
        with file.open(encoding="utf-8") as fh:
            yield from (json.loads(line) for line in fh if line.strip())


def _fact_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The facts at `path`: a facts.jsonl, a folder of its shards or a build folder."""
    return _json_lines(fact_files_at(path))


def _articles_beside(facts: Path) -> list[Path]:
    """The articles of the build the facts at `facts` are of (its articles.jsonl or shards)."""
    folder = facts if facts.is_dir() and export_files(facts, "facts") else facts.parent
    return export_files(folder, "articles")


def _read_facts(path: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, str]] = []
    for f in _fact_lines(path):
        s, o = f["subject"], f["object"]
        nodes.setdefault(s["id"], s)
        nodes.setdefault(o["id"], o)
        edges.append((s["id"], f["predicate"], o["id"]))
    return nodes, edges


def load_predictions(path: Path) -> dict[str, set[Any]]:
    nodes, edges = _read_facts(path)
    pred: dict[str, set[Any]] = defaultdict(set)

    def label(i: str) -> str:
        n = nodes[i]
        return norm(n.get("label") or n.get("name") or n.get("title"))

    def title(i: str) -> str:
        return norm(nodes[i].get("title") or nodes[i].get("label"))

    post_in: dict[str, set[str]] = defaultdict(set)
    held_by: dict[str, set[str]] = defaultdict(set)
    for s, p, o in edges:
        if p == "POST_IN":
            post_in[s].add(norm_body(label(o)))
        elif p == "HELD":
            held_by[o].add(norm_body(label(s)))
    related: set[str] = set()
    for s, p, o in edges:
        if p == "HOLDS":
            role = norm(nodes[o].get("role"))
            pred["roles"].add((label(s), role))
            for b in post_in.get(o, {""}):
                pred["positions"].add((label(s), role, b))
        elif p == "AUTHORED_BY":
            pred["authors"].add(label(o))
        elif p in ("ADOPTED", "STUDIED", "ISSUED", "CITED"):
            pred["doc_rel"].add((title(o), "other" if p == "CITED" else p.lower()))
            related.add(o)
        elif p == "PRESIDED_BY":
            _, md = norm_date(nodes[s].get("date"))
            for b in held_by.get(s, {""}):
                pred["presided"].add((b, md, label(o)))
    for i, n in nodes.items():
        if n.get("type") == "Person":
            pred["persons"].add(label(i))
        elif n.get("type") == "Document":
            pred["documents"].add(title(i))
            if i not in related:
                pred["doc_rel"].add((title(i), "other"))
        elif n.get("type") == "Meeting":
            _, md = norm_date(n.get("date"))
            for b in held_by.get(i, {""}):
                pred["meetings"].add((b, md))
    return pred


def _identity_errors(gold_dir: Path, facts: Path) -> dict[str, int]:
    """Duplicates: a gold (person, body) held by several Person nodes. Wrong merges: one
    Person node holding posts in bodies of different regions' gold persons of that name."""
    nodes, edges = _read_facts(facts)
    post_body = {s: nodes[o]["label"] for s, p, o in edges if p == "POST_IN"}
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    bodies_of: dict[str, set[str]] = defaultdict(set)
    for s, p, o in edges:
        if p == "HOLDS" and o in post_body:
            body = norm_body(post_body[o])
            holders[(norm(nodes[s]["label"]), body)].add(s)
            bodies_of[s].add(body)
    gold_people: dict[str, set[str]] = defaultdict(set)
    for f in sorted(Path(gold_dir).glob("*.json")):
        for p, _r, b in json.loads(f.read_text(encoding="utf-8")).get("gold", {}).get("positions", []):
            gold_people[norm(p)].add(norm_body(b))
    duplicates = sum(1 for ids in holders.values() if len(ids) > 1)
    wrong = 0
    for node_id, bodies in bodies_of.items():
        name = norm(nodes[node_id]["label"])
        cppcc = {b for b in bodies if b.endswith("政协")}
        if len(cppcc) > 1 and len(gold_people.get(name, set())) >= 1:
            wrong += 1
    return {"duplicate_nodes": duplicates, "wrong_merges": wrong}


def evaluate(gold_dir: Path | str, facts: Path | str, examples: int = 5) -> dict[str, Any]:
    """P/R/F1 per fact type as the reference scorer counts them, plus identity errors and
    the `diagnose` counts (with up to `examples` examples each) under ``"diagnostics"``."""
    gold = load_gold(Path(gold_dir))
    pred = load_predictions(Path(facts))
    out: dict[str, Any] = {}
    for key in KEYS:
        g, p = gold[key], pred[key]
        tp = len(g & p)
        precision = tp / len(p) if p else 0.0
        recall = tp / len(g) if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[key] = {
            "p": round(precision, 3),
            "r": round(recall, 3),
            "f1": round(f1, 3),
            "tp": tp,
            "gold": len(g),
            "pred": len(p),
            "missed": sorted(map(str, g - p)),
            "spurious": sorted(map(str, p - g)),
        }
    out["identity"] = _identity_errors(Path(gold_dir), Path(facts))
    out["diagnostics"] = diagnose(gold_dir, facts, examples=examples)
    return out


def score_table(scores: dict[str, Any]) -> str:
    """The scorer's table, line for line."""
    lines = [f"{'set':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}"]
    for key in KEYS:
        v = scores[key]
        lines.append(
            f"{key:10} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['tp']:5} {v['gold']:5} {v['pred']:5}"
        )
    return "\n".join(lines)


# -- diagnostics: what P/R/F1 over sets cannot show ------------------------------------

DIAGNOSTICS = {
    "unnamed_evidence": "person-linking facts whose evidence does not name the person",
    "merged_meetings": "meeting nodes that stand for two or more gold meetings",
    "unmatched_meetings": "meeting nodes with no gold meeting (body + date) in their articles",
    "unlinked_documents": "documents linked to no meeting or body",
}
_PERSON_LINKS = {
    "HOLDS": "subject",
    "PRESIDED_BY": "object",
    "ATTENDED_BY": "object",
    "AUTHORED_BY": "object",
}
# A pinyin note a script-conversion site left inside a name, 刘学(xué)安; gold ignores it.
_PINYIN_NOTE = re.compile(r"[((][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[))]")
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("•・‧∙⋅･.", "·"))


def _norm_text(s: Any) -> str:
    """`norm`, with pinyin notes dropped and every middle dot written `·` (帕巴拉·格列朗杰)."""
    return _PINYIN_NOTE.sub("", norm(s)).translate(_MIDDLE_DOTS)


def _article_ids(
    gold_dir: Path, articles: list[Path]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """Gold meetings by gold id, and the gold id of each built article.

    A built article is its gold record when the ids agree (`web-01`, or its `source_id`);
    an article split from a page (`000_9343…-05-a4b4c2b6`) is the gold record of that page
    whose line span overlaps it most (`p1-05`, page `000_9343….txt`, lines 55-63).
    """
    meetings: dict[str, list[dict[str, Any]]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for f in sorted(Path(gold_dir).glob("*.json")):
        record = json.loads(f.read_text(encoding="utf-8"))
        gid = str(record.get("id") or f.stem)
        meetings[gid] = list(record.get("gold", {}).get("meetings", []))
        if record.get("page") and record.get("lines"):
            first, last = record["lines"]
            spans[Path(record["page"]).name].append((first, last, gid))
    to_gold = {gid: gid for gid in meetings}
    for a in _json_lines(articles):
        if a["id"] in meetings:
            continue
        if a.get("source_id") in meetings:
            to_gold[a["id"]] = a["source_id"]
        elif a.get("source") and a.get("lines"):
            first, last = a["lines"]
            overlaps = [
                (min(last, e) - max(first, s), gid) for s, e, gid in spans.get(Path(a["source"]).name, [])
            ]
            best = max(overlaps, default=(0, ""))
            if best[0] >= 0 and best[1]:
                to_gold[a["id"]] = best[1]
    return meetings, to_gold


def _found(examples: list[dict[str, str]], limit: int) -> dict[str, Any]:
    return {"count": len(examples), "examples": examples[:limit]}


def _short(sentence: str, width: int = 40) -> str:
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"


def _unnamed_evidence(lines: list[dict[str, Any]], to_gold: dict[str, str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for f in lines:
        side = _PERSON_LINKS.get(f["predicate"])
        if side is None or f[side].get("type") != "Person":
            continue
        person, ev = f[side], f.get("evidence") or {}
        key = (
            f["predicate"],
            f["subject"]["id"],
            f["object"]["id"],
            str(ev.get("article")),
            str(ev.get("sentence")),
        )
        if key in seen:
            continue
        seen.add(key)
        names = {
            _norm_text(n) for n in [person.get("label"), person.get("name"), *(person.get("aliases") or [])]
        }
        sentence = _norm_text(ev.get("sentence"))
        if not any(n and n in sentence for n in names):
            article = str(ev.get("article"))
            out.append(
                {
                    "article": to_gold.get(article, article),
                    "what": f"{f['predicate']} {person.get('label')}: evidence 「{_short(str(ev.get('sentence')))}」 does not name them",
                }
            )
    return out


def _meeting_diagnostics(
    nodes: dict[str, dict[str, Any]],
    lines: list[dict[str, Any]],
    gold_meetings: dict[str, list[dict[str, Any]]],
    to_gold: dict[str, str],
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Merged and unmatched meeting nodes, matched as the scorer matches (body + month-day)
    inside each article a node is cited in.

    In one article, fewer nodes than gold meetings of one body and day means those nodes
    stand for several (`分别主持召开党组会议和主席会议` → one node). A node cited in
    several articles stands for the gold meeting it matches in each; where it matches none,
    for that article's first gold meeting of its body that no node matched (a merged node
    keeps one session's date: 九届二次 and 九届三次 of one body in one node). Gold meetings
    of different articles with the same body and day are one meeting unless their years differ.
    """
    bodies: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for f in lines:
        s, o = f["subject"], f["object"]
        if f["predicate"] == "HELD" and o.get("type") == "Meeting":
            bodies[o["id"]].add(norm_body(s.get("label")))
        article = to_gold.get(str((f.get("evidence") or {}).get("article")))
        for n in (s, o):
            if n.get("type") == "Meeting" and article is not None:
                cited[n["id"]].add(article)

    def keys(mid: str) -> set[tuple[str, str]]:
        md = norm_date(nodes[mid].get("date"))[1]
        return {(b, md) for b in bodies[mid]}

    def gold_key(g: dict[str, Any]) -> tuple[str, str]:
        return norm_body(g.get("body")), norm_date(g.get("date"))[1]

    stands_for: dict[str, set[tuple[str, int]]] = defaultdict(set)
    matched: set[str] = set()
    in_article: dict[str, list[str]] = defaultdict(list)
    for mid in sorted(cited):
        for gid in cited[mid]:
            in_article[gid].append(mid)
    for gid, mids in sorted(in_article.items()):
        golds = gold_meetings.get(gid, [])
        by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, g in enumerate(golds):
            by_key[gold_key(g)].append(i)
        taken: set[int] = set()
        for key, refs in by_key.items():
            here = [m for m in mids if key in keys(m)]
            if not here:
                continue
            taken.update(refs)
            matched.update(here)
            for n, mid in enumerate(here):
                # as many nodes as gold meetings: one each; fewer: each stands for them all
                stands_for[mid].update((gid, i) for i in (refs if len(here) < len(refs) else refs[n : n + 1]))
        for mid in mids:
            if len(cited[mid]) > 1 and not keys(mid) & set(by_key):
                left = [i for i, g in enumerate(golds) if i not in taken and gold_key(g)[0] in bodies[mid]]
                stands_for[mid].update((gid, i) for i in left[:1])

    def same(a: tuple[str, int], b: tuple[str, int]) -> bool:
        if a[0] == b[0]:
            return a[1] == b[1]
        ga, gb = gold_meetings[a[0]][a[1]], gold_meetings[b[0]][b[1]]
        if gold_key(ga) != gold_key(gb):
            return False
        (fa, ma), (fb, mb) = norm_date(ga.get("date")), norm_date(gb.get("date"))
        return fa == ma or fb == mb or fa == fb  # a year on both sides must agree

    def describe(mid: str) -> str:
        n = nodes[mid]
        return f"meeting {n.get('label')} ({'、'.join(sorted(bodies[mid])) or 'no body'}, {n.get('date') or 'no date'})"

    merged: list[dict[str, str]] = []
    unmatched: list[dict[str, str]] = []
    for mid in sorted(cited, key=lambda m: (sorted(cited[m]), m)):
        where = ", ".join(sorted(cited[mid]))
        distinct: list[tuple[str, int]] = []
        for ref in sorted(stands_for.get(mid, ())):
            if not any(same(ref, d) for d in distinct):
                distinct.append(ref)
        if len(distinct) > 1:
            cites = "; ".join(
                f"{gold_meetings[g][i].get('name')} ({gold_meetings[g][i].get('date')}, {g})"
                for g, i in distinct
            )
            merged.append(
                {
                    "article": where,
                    "what": f"{describe(mid)} stands for {len(distinct)} gold meetings: {cites}",
                }
            )
        if mid not in matched:
            there = [
                f"{g.get('name')} ({g.get('body')}, {g.get('date')})"
                for a in sorted(cited[mid])
                for g in gold_meetings.get(a, [])
            ]
            unmatched.append(
                {
                    "article": where,
                    "what": f"{describe(mid)} matches no gold meeting; gold there: {'; '.join(there) or 'none'}",
                }
            )
    return merged, unmatched


def _unlinked_documents(lines: list[dict[str, Any]], to_gold: dict[str, str]) -> list[dict[str, str]]:
    linked: set[str] = set()
    where: dict[str, tuple[str, str]] = {}
    for f in lines:
        s, o = f["subject"], f["object"]
        for doc, other in ((s, o), (o, s)):
            if doc.get("type") != "Document":
                continue
            if other.get("type") in ("Meeting", "Organization"):
                linked.add(doc["id"])
            article = str((f.get("evidence") or {}).get("article"))
            where.setdefault(
                doc["id"], (to_gold.get(article, article), str(doc.get("title") or doc.get("label")))
            )
    return [
        {"article": article, "what": f"document 《{title}》 is linked to no meeting or body"}
        for doc_id, (article, title) in sorted(where.items(), key=lambda kv: (kv[1], kv[0]))
        if doc_id not in linked
    ]


def diagnose(
    gold_dir: Path | str, facts: Path | str, articles: Path | str | None = None, examples: int = 5
) -> dict[str, Any]:
    """Count the four kinds of error that P/R/F1 over sets cannot see, each with examples.

    - ``unnamed_evidence``: HOLDS, PRESIDED_BY, ATTENDED_BY and AUTHORED_BY facts whose
      evidence sentence does not contain the person's name or an alias (compared in
      simplified script, whitespace and pinyin notes removed);
    - ``merged_meetings``: Meeting nodes that stand for two or more gold meetings;
    - ``unmatched_meetings``: Meeting nodes matching no gold meeting (body + month-day, as
      the scorer matches) of the articles they are cited in;
    - ``unlinked_documents``: Document nodes that no fact links to a Meeting or an
      Organization (only an Article mentions them).

    Meetings are matched per article: `articles` (the build's articles.jsonl, by default
    beside `facts`) maps each built article to its gold record; nodes cited only in
    articles without a gold record are not judged.

    Returns:
        ``{name: {"count": int, "examples": [{"article": id, "what": text}, …]}}``, at most
        `examples` examples each.
    """
    facts = Path(facts)
    article_files = _articles_beside(facts) if articles is None else [p for p in [Path(articles)] if p.is_file()]
    gold_meetings, to_gold = _article_ids(Path(gold_dir), article_files)
    lines = list(_fact_lines(facts))
    nodes: dict[str, dict[str, Any]] = {}
    for f in lines:
        nodes.setdefault(f["subject"]["id"], f["subject"])
        nodes.setdefault(f["object"]["id"], f["object"])
    merged, unmatched = _meeting_diagnostics(nodes, lines, gold_meetings, to_gold)
    return {
        "unnamed_evidence": _found(_unnamed_evidence(lines, to_gold), examples),
        "merged_meetings": _found(merged, examples),
        "unmatched_meetings": _found(unmatched, examples),
        "unlinked_documents": _found(_unlinked_documents(lines, to_gold), examples),
    }


def diagnostics_table(diagnostics: dict[str, Any]) -> str:
    """One line per diagnostic with its count, then its examples indented.

    >>> found = {key: {"count": 0, "examples": []} for key in DIAGNOSTICS}
    >>> found["unlinked_documents"] = {"count": 1, "examples": [{"article": "t-01", "what": "《甲》 …"}]}
    >>> print(diagnostics_table(found).splitlines()[-2:])
    ['  unlinked_documents       1  documents linked to no meeting or body', '      t-01: 《甲》 …']
    """
    lines = ["diagnostics"]
    for key, label in DIAGNOSTICS.items():
        d = diagnostics[key]
        lines.append(f"  {key:20} {d['count']:5}  {label}")
        lines.extend(f"      {e['article']}: {e['what']}" for e in d["examples"])
    return "\n".join(lines)
