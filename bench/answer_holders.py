#!/usr/bin/env python3
"""How many of the ranked misses are copies: documents that hold the answer's text.

Input: the JSON Lines of `build/bench/search_quality --dump FILE` (each
question's text, the qrels' document and the top 100 hits) and the corpus
directory (policy-qa-docs.jsonl, and policy-qa-queries-dev.jsonl for the
answer strings, which nothing else reads: this is analysis, not ranking).

A document "holds the answer" when its body holds the first 12 characters of
the question file's answer string, white space removed on both sides (answers
shorter than 4 characters are left out of the holder figures). Prints:
  - MRR@10 as the qrels count it, and as it would be if any document holding
    the answer counted (an upper bound on what telling copies apart can gain);
  - of the questions whose top 10 holds two or more holders, one of them the
    qrels' document: how often the qrels' document is the first holder
    listed, against what choosing one holder at random would get, by group size.

usage: bench/answer_holders.py DUMP.jsonl [--corpus ../shared/corpus]
Standard library only.
"""
import argparse
import json
import os
import re


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dump")
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "shared", "corpus"))
    p.add_argument("--prefix", type=int, default=12, help="answer characters to look for")
    a = p.parse_args()
    bodies = {}
    for line in open(os.path.join(a.corpus, "policy-qa-docs.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        bodies[d["id"]] = squeeze(d["body"])
    answers = {}
    for line in open(os.path.join(a.corpus, "policy-qa-queries-dev.jsonl"), encoding="utf-8"):
        q = json.loads(line)
        answers[q["query"]] = squeeze(q["answer"])[:a.prefix]

    n = 0
    mrr = mrr_any = 0.0
    by_size = {}  # holders in the top 10 -> [qrels' document first, not first]
    for line in open(a.dump, encoding="utf-8"):
        r = json.loads(line)
        n += 1
        ids = [h[0] for h in r["hits"]][:10]
        truth = r["answer"]
        rr = 1 / (ids.index(truth) + 1) if truth in ids else 0
        mrr += rr
        text = answers.get(r["query"], "")
        if len(text) < 4:
            mrr_any += rr
            continue
        holders = [i for i in ids if i == truth or text in bodies.get(i, "")]
        mrr_any += 1 / (ids.index(holders[0]) + 1) if holders else 0
        if truth in holders and len(holders) >= 2 and text in bodies.get(truth, ""):
            by_size.setdefault(len(holders), [0, 0])[holders[0] != truth] += 1

    print("%d questions: MRR@10 %.4f; if any document holding the answer's text counted: %.4f"
          % (n, mrr / n, mrr_any / n))
    first = sum(v[0] for v in by_size.values())
    total = sum(v[0] + v[1] for v in by_size.values())
    chance = sum((v[0] + v[1]) / k for k, v in by_size.items())
    print("questions with 2+ holders in the top 10, the qrels' document among them: %d; "
          "it is the first holder listed in %d (choosing at random: %.1f)" % (total, first, chance))
    for k in sorted(by_size):
        right, wrong = by_size[k]
        print("  %2d holders: %3d questions, first in %3d (%.0f%%; at random %.0f%%)"
              % (k, right + wrong, right, 100 * right / (right + wrong), 100 / k))


if __name__ == "__main__":
    main()
