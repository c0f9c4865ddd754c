"""Score facts against gold: precision, recall and F1 per fact type.

Mirrors `../shared/tools/score.py`, the reference scorer of the acceptance checks: the
same matching (sets over the union of all gold files, names in simplified script with
whitespace removed, bodies tolerant of the long form `政协X委员会`, dates by month-day).
It also counts identity errors the scorer cannot see: duplicate nodes (one gold person
split into several Person nodes with the same post) and wrong merges (one Person node
holding posts of two gold persons in different bodies).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import InputError

__all__ = ["KEYS", "evaluate", "load_gold", "load_predictions", "score_table"]

KEYS = ["persons", "roles", "positions", "authors", "meetings", "presided", "documents", "doc_rel"]


@cache
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def norm(s: Any) -> str:
    if s is None:
        return ""
    s = _t2s().convert(str(s))
    s = re.sub(r"\s+", "", s)
    return s.strip("《》“”\"'")


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
        raise InputError(f"no gold records (*.json) in {gold_dir}; point kg eval at a folder like ../shared/corpus/dev")
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


def _read_facts(path: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, str]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            f = json.loads(line)
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
        elif p in ("ADOPTED", "STUDIED", "ISSUED"):
            pred["doc_rel"].add((title(o), p.lower()))
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


def evaluate(gold_dir: Path | str, facts: Path | str) -> dict[str, Any]:
    """P/R/F1 per fact type, plus identity errors, as the reference scorer counts them."""
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
    return out


def score_table(scores: dict[str, Any]) -> str:
    """The scorer's table, line for line."""
    lines = [f"{'set':10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'gold':>5} {'pred':>5}"]
    for key in KEYS:
        v = scores[key]
        lines.append(f"{key:10} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['tp']:5} {v['gold']:5} {v['pred']:5}")
    return "\n".join(lines)
