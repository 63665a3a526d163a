#!/usr/bin/env python3
"""Two profiles of profile.sh side by side: each symbol's µs a request in A and in B, sorted by A minus B.
Usage: profile-diff.py A B [ROWS]   (A and B without the .txt suffix: /tmp/flexiai-profiles/after ...)"""
import collections
import re
import sys


def load(path):
    requests = int(open(path + ".requests").read().split()[0])
    counts = collections.Counter()
    for line in open(path + ".txt"):
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            symbol = re.sub(r"\(/tmp/perf-\d+\.map\)|\[(OptimizedTier1|Optimized|QuickJitted|Tier0|Tier1|PreJIT)\]", "", parts[1])
            counts[symbol.strip()] += 1
    # 999 Hz: one sample is about 1 ms of CPU.
    return {symbol: samples * 1000.0 / requests for symbol, samples in counts.items()}


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    print("total µs a request: A %.1f, B %.1f" % (sum(a.values()), sum(b.values())))
    print("  A - B       A       B  symbol")
    symbols = sorted(set(a) | set(b), key=lambda s: -(a.get(s, 0) - b.get(s, 0)))
    for symbol in symbols[:rows] + ["..."] + symbols[-rows // 2:]:
        if symbol == "...":
            print("  ...")
            continue
        print("%7.2f %7.2f %7.2f  %s" % (a.get(symbol, 0) - b.get(symbol, 0), a.get(symbol, 0), b.get(symbol, 0), symbol[:160]))


if __name__ == "__main__":
    main()
