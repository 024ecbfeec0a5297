#!/usr/bin/env python3
"""Latency of pages past the result cache's kept hits, over HTTP, beside another build.

For each server URL given (two builds, each serving a copy of one data
directory), searches each keyword once (page 1: the cache keeps its hits),
then asks pages 11 to 45 (offsets 200..880, 20 a page) of each, three times
over, and prints p50 and p90 wall time per page. The servers are asked in
turn, twice, so load that drifts during the run falls on both.

usage: bench/deep_pages.py URL [URL ...] [--words 小区,电梯,公交]
Standard library only. The words should have more than 900 matches (the
demo data's 小区, 电梯, 公交 have).
"""
import argparse
import time
import urllib.parse
import urllib.request


def timed(url, params):
    start = time.perf_counter()
    with urllib.request.urlopen(url + "/api/v1/search?" + urllib.parse.urlencode(params)) as r:
        r.read()
    return (time.perf_counter() - start) * 1000


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("urls", nargs="+")
    p.add_argument("--words", default="小区,电梯,公交")
    a = p.parse_args()
    words = a.words.split(",")
    for url in a.urls * 2:
        for w in words:
            timed(url, {"q": w, "mode": "all", "limit": 20})
        times = sorted(timed(url, {"q": w, "mode": "all", "limit": 20, "offset": offset})
                       for _ in range(3) for w in words for offset in range(200, 900, 20))
        print("%s: %d deep pages, p50 %.2f ms, p90 %.2f ms" % (
            url, len(times), times[len(times) // 2], times[int(len(times) * 0.9)]))


if __name__ == "__main__":
    main()
