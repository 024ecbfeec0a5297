#!/usr/bin/env python3
"""A non-linear second stage, fitted and held out: boosted regression trees over the features.

Input: the JSON Lines of `build/bench/search_quality --features FILE`. Where
bench/fit_second_stage.py fits the weights of the searcher's linear second
stage, this fits LambdaMART-style boosted trees (pairwise lambdas weighted by
the change in reciprocal rank) on top of the shipped scores: the trees learn
corrections to first_stage + weights x features, over the 11 features plus
six per-candidate ones derived from the list (log completeness, score and
first-stage score below the question's best, near-copy group size,
completeness over the group's best, first-stage rank). The answer's rank is
then taken after the searcher's near-copy order, replayed by
fit_second_stage.py, so a model with no trees scores what the searcher does.

Each (depth, learning rate) setting is fitted on one fold and scored on the
other, both ways; the held-out figures are printed after 20, 50, 100, 200 and
300 trees. It answers one question: does any learned combination of what the
second stage measures reach the goal held out? It is not shipped.

usage: bench/fit_boosted_trees.py FEATURES.jsonl [--settings 1:0.1,2:0.1,2:0.05,3:0.1]
Standard library only; about 10 s per setting.
"""
import argparse
import bisect
import importlib.util
import math
import os

_spec = importlib.util.spec_from_file_location(
    "fit_second_stage", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "fit_second_stage.py"))
replay = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(replay)

SIMILAR = 0.8  # near_copies.similarity, as shipped.
CHECKPOINTS = (20, 50, 100, 200, 300)


def prepare(questions):
    """Adds each candidate's shipped score ("base") and feature row ("x")."""
    weights = [replay.DEFAULTS.get(name, 0) for name in replay.FEATURES]
    for q in questions:
        q["x"], q["base"] = [], []
        n = len(q["f"])
        if not n or not q["f"][0]:
            continue  # A keyword question: no second stage to learn.
        base = [sum(w * v for w, v in zip(weights, f)) for f in q["f"]]
        best, best_first = max(base), max(f[0] for f in q["f"])
        for i, f in enumerate(q["f"]):
            group = [j for j in range(n) if j != i and
                     q["similar"].get((min(i, j), max(i, j)), 0) >= SIMILAR]
            most = max([q["shingles"][j] for j in group] + [q["shingles"][i], 1])
            q["x"].append(list(f) + [math.log1p(q["shingles"][i]), base[i] - best,
                                     f[0] - best_first, len(group), q["shingles"][i] / most, i])
        q["base"] = base


def mrr(questions, score):
    total = 0.0
    for q in questions:
        if q["answer"] < 0:
            continue
        if not q["x"]:
            total += 1 / (q["answer"] + 1) if q["answer"] < 10 else 0
            continue
        s = score(q)
        order = sorted(range(len(s)), key=lambda i: -s[i])
        order = replay.order_near_copies(order, q, SIMILAR, replay.DEFAULTS)
        if q["answer"] in order[:10]:
            total += 1 / (order.index(q["answer"]) + 1)
    return total / len(questions)


def predict(tree, x):
    while "leaf" not in tree:
        tree = tree["left"] if x[tree["feature"]] <= tree["cut"] else tree["right"]
    return tree["leaf"]


def grow(rows, x, g, h, cuts, depth, lam=1.0):
    """A regression tree on gradients g and hessians h (Newton leaves), cut at quantiles."""
    gs, hs = sum(g[r] for r in rows), sum(h[r] for r in rows)
    if depth == 0 or len(rows) < 20:
        return {"leaf": gs / (hs + lam)}
    best = (0.0, None, None)
    for k, at in enumerate(cuts):
        hg, hh = [0.0] * (len(at) + 1), [0.0] * (len(at) + 1)
        for r in rows:
            b = bisect.bisect_left(at, x[r][k])
            hg[b] += g[r]
            hh[b] += h[r]
        gl = hl = 0.0
        for b in range(len(at)):
            gl, hl = gl + hg[b], hl + hh[b]
            gr, hr = gs - gl, hs - hl
            if hl < 1e-3 or hr < 1e-3:
                continue
            gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - gs * gs / (hs + lam)
            if gain > best[0]:
                best = (gain, k, at[b])
    if best[1] is None:
        return {"leaf": gs / (hs + lam)}
    k, cut = best[1], best[2]
    left = [r for r in rows if x[r][k] <= cut]
    right = [r for r in rows if x[r][k] > cut]
    return {"feature": k, "cut": cut, "left": grow(left, x, g, h, cuts, depth - 1, lam),
            "right": grow(right, x, g, h, cuts, depth - 1, lam)}


def train(questions, trees, depth, rate, sharpness=10.0):
    chosen = [q for q in questions if q["x"] and q["answer"] >= 0]
    x = [row for q in chosen for row in q["x"]]
    starts, at = [], 0
    for q in chosen:
        starts.append(at)
        at += len(q["x"])
    cuts = []
    for k in range(len(x[0])):
        values = sorted(row[k] for row in x)
        cuts.append(sorted({values[len(values) * p // 32] for p in range(1, 32)}))
    score = [s for q in chosen for s in q["base"]]
    model = []
    for _ in range(trees):
        g, h = [0.0] * len(x), [0.0] * len(x)
        for q, o in zip(chosen, starts):
            m, a = len(q["x"]), q["answer"]
            s = score[o:o + m]
            rank = [1 + sum(1 for t in s if t > v) for v in s]
            for j in range(m):
                if j == a:
                    continue
                delta = max(abs(1 / rank[a] - 1 / rank[j]), 0.01)
                rho = 1 / (1 + math.exp(min(50.0, (s[a] - s[j]) * sharpness)))
                g[o + a] += rho * delta
                g[o + j] -= rho * delta
                w = rho * (1 - rho) * delta * sharpness
                h[o + a] += w
                h[o + j] += w
        tree = grow(list(range(len(x))), x, g, h, cuts, depth)
        model.append(tree)
        for r in range(len(x)):
            score[r] += rate * predict(tree, x[r])
    return model


def scorer(model, rate):
    return lambda q: [b + rate * sum(predict(t, x) for t in model)
                      for b, x in zip(q["base"], q["x"])]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("features")
    p.add_argument("--settings", default="1:0.1,2:0.1,2:0.05,3:0.1",
                   help="depth:learning-rate pairs")
    a = p.parse_args()
    questions = replay.read(a.features)
    prepare(questions)
    folds = [[q for q in questions if q["fold"] == k] for k in (0, 1)]
    print("shipped second stage: fold 0 %.4f, fold 1 %.4f, mean %.4f" % (
        mrr(folds[0], lambda q: q["base"]), mrr(folds[1], lambda q: q["base"]),
        (mrr(folds[0], lambda q: q["base"]) + mrr(folds[1], lambda q: q["base"])) / 2))
    for setting in a.settings.split(","):
        depth, rate = int(setting.split(":")[0]), float(setting.split(":")[1])
        held = {}
        for fitted in (0, 1):
            model = train(folds[fitted], max(CHECKPOINTS), depth, rate)
            for n in CHECKPOINTS:
                held.setdefault(n, []).append(mrr(folds[1 - fitted], scorer(model[:n], rate)))
        print("depth %d, rate %.2f: held-out fold 1 / fold 0 / mean after N trees: %s" % (
            depth, rate, "  ".join("%d: %.4f / %.4f / %.4f" % (n, v[0], v[1], sum(v) / 2)
                                   for n, v in held.items())), flush=True)


if __name__ == "__main__":
    main()
