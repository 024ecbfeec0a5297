#!/usr/bin/env python3
"""Fits the ranked second stage's weights offline, under 2-fold cross-validation.

Input: the JSON Lines of `build/bench/search_quality --features FILE` (each
question's first-stage candidates with the features of proximity_rescore.h,
their completeness and near-copy similarities). The script replays the
searcher's second stage exactly (score = first_stage + weights x features,
stable sort, then the near-copy order of near_copy_order.h) so that a setting
scores here what search_quality scores it, and fits weights by coordinate
ascent on MRR@10 over a grid, on one fold of the questions, scored on the
other fold, both ways (the folds are search_quality's: the parity of the
qid's last hex digit).

usage: bench/fit_second_stage.py FEATURES.jsonl [--tune window,coverage,...]
           [--set title=-0.1,...] [--similarity 0.8]
Prints the defaults' figures (all questions, fold 0, fold 1), then for each
fold the fitted weights, their MRR@10 on that fold, on the held-out fold and
on all questions; then the weights fitted on all questions (in-sample). Standard library only.
"""
import argparse
import json

# Order of the "f" array written by search_quality --features.
FEATURES = ["first_stage", "window", "coverage", "quote", "title", "run", "length",
            "window9", "window39", "place", "figure"]
# SearcherOptions' defaults (proximity_rescore.h); first_stage stays 1.
DEFAULTS = {"first_stage": 1, "window": 0.5, "coverage": 0.2, "quote": 0.2, "place": 0.15,
            "figure": 0.15}
GRID = {
    "window": [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5],
    "coverage": [0, 0.1, 0.2, 0.3, 0.5, 0.8],
    "quote": [0, 0.1, 0.2, 0.3, 0.5],
    "title": [-0.2, -0.1, 0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "run": [-0.2, -0.1, 0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "length": [-0.2, -0.1, -0.05, -0.02, 0, 0.02, 0.05, 0.1],
    "window9": [0, 0.1, 0.2, 0.3, 0.5],
    "window39": [0, 0.1, 0.2, 0.3, 0.5],
    "place": [0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "figure": [0, 0.05, 0.1, 0.15, 0.2, 0.3],
}


def read(path):
    questions = []
    for line in open(path, encoding="utf-8"):
        q = json.loads(line)
        ids = [h["id"] for h in q["hits"]]
        questions.append({
            "fold": q["fold"],
            "answer": ids.index(q["answer"]) if q["answer"] in ids else -1,
            "f": [h["f"] for h in q["hits"]],
            "shingles": [h["shingles"] for h in q["hits"]],
            "similar": {(i, j): s for i, j, s in q["similar"]},
        })
    return questions


def order_near_copies(order, q, threshold, weights=None):
    """near_copy_order.h OrderNearCopies, with the searcher's precedence (the
    weighted place and figure shares) before completeness."""
    if threshold > 1:
        return order
    leader, groups = list(range(len(order))), {}
    for k in range(len(order)):
        for j in range(k):
            a, b = sorted((order[k], order[j]))
            if leader[j] == j and q["similar"].get((a, b), 0) >= threshold:
                leader[k] = j
                break
        groups.setdefault(leader[k], []).append(k)
    out = list(order)
    for members in groups.values():
        ranked = sorted(members, key=lambda r: (-particulars(q, order[r], weights),
                                                -q["shingles"][order[r]]))
        for slot, r in zip(members, ranked):
            out[slot] = order[r]
    return out


def particulars(q, i, weights):
    """proximity_rescore.h ParticularsOf of candidate i (0 without features)."""
    if not weights or not q["f"][i]:
        return 0
    f = q["f"][i]
    share = (weights.get("place", 0) * f[FEATURES.index("place")] +
             weights.get("figure", 0) * f[FEATURES.index("figure")])
    return int(share * 1e9 + 0.5)  # As near_copy_order.cc compares them.


def rank(q, weights, threshold):
    """The answer's rank in the top 10 (0 = not there)."""
    n = len(q["f"])
    if n and q["f"][0]:
        # RescoreOf's order of addition: the other features, then the
        # places and figures as one term (ParticularsOf).
        own = [name for name in FEATURES if name not in ("place", "figure")]
        w = [weights.get(name, 0) for name in own]
        at = [FEATURES.index(name) for name in own]
        pw, fw = weights.get("place", 0), weights.get("figure", 0)
        pi, fi = FEATURES.index("place"), FEATURES.index("figure")
        scores = []
        for f in q["f"]:
            s = 0.0
            for a, k in zip(w, at):
                s += a * f[k]
            scores.append(s + (pw * f[pi] + fw * f[fi]))
        order = sorted(range(n), key=lambda i: -scores[i])
        order = order_near_copies(order, q, threshold, weights)
    else:  # Keyword question (or nothing to measure): first-stage order.
        order = list(range(n))
    if q["answer"] < 0 or q["answer"] not in order[:10]:
        return 0
    return order.index(q["answer"]) + 1


def mrr(questions, weights, threshold, fold=None):
    chosen = [q for q in questions if fold is None or q["fold"] == fold]
    ranks = [rank(q, weights, threshold) for q in chosen]
    return sum(1 / r for r in ranks if r) / len(chosen), sum(1 for r in ranks if r) / len(chosen)


def ascend(questions, fold, tune, start, threshold, passes=3):
    """Coordinate ascent on the fold's MRR@10 (ties keep the current value)."""
    weights, best = dict(start), mrr(questions, start, threshold, fold)[0]
    for _ in range(passes):
        changed = False
        for name in tune:
            for value in GRID[name]:
                trial = dict(weights, **{name: value})
                score = mrr(questions, trial, threshold, fold)[0]
                if score > best + 1e-12:
                    weights, best, changed = trial, score, True
        if not changed:
            break
    return weights, best


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("features")
    p.add_argument("--tune", default="window,coverage,quote")
    p.add_argument("--set", default="", help="start weights, e.g. title=-0.1,run=0.05")
    p.add_argument("--similarity", type=float, default=0.8)
    a = p.parse_args()
    questions = read(a.features)
    start = dict(DEFAULTS)
    for item in filter(None, a.set.split(",")):
        name, value = item.split("=")
        start[name] = float(value)
    tune = [t for t in a.tune.split(",") if t]
    print("%d questions (fold 0: %d, fold 1: %d)" % (
        len(questions), sum(q["fold"] == 0 for q in questions),
        sum(q["fold"] == 1 for q in questions)))
    print("start %s: MRR@10 %.4f, fold 0 %.4f, fold 1 %.4f" % (
        start, mrr(questions, start, a.similarity)[0],
        mrr(questions, start, a.similarity, 0)[0], mrr(questions, start, a.similarity, 1)[0]))
    held = []
    for tuned in (0, 1):
        weights, inside = ascend(questions, tuned, tune, start, a.similarity)
        out, recall = mrr(questions, weights, a.similarity, 1 - tuned)
        held.append(out)
        fitted = {k: v for k, v in weights.items() if k in tune}
        print("tuned on fold %d: %s  MRR@10 there %.4f, held-out fold %d %.4f (R@10 %.4f), "
              "all %.4f" % (tuned, fitted, inside, 1 - tuned, out, recall,
                            mrr(questions, weights, a.similarity)[0]))
    print("mean held-out MRR@10 %.4f" % (sum(held) / 2))
    weights, inside = ascend(questions, None, tune, start, a.similarity)
    print("tuned on all questions (in-sample): %s  MRR@10 %.4f, R@10 %.4f" % (
        {k: v for k, v in weights.items() if k in tune}, inside,
        mrr(questions, weights, a.similarity)[1]))


if __name__ == "__main__":
    main()
