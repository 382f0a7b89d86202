#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""gen_pool.py: writes a synthetic sortition pool and quotas for the panel
benchmark, deterministic for a seed: N volunteers with 6 features (age band,
gender, wijk, education, origin, housing) with skewed, correlated shares (the
young, the low-educated and some wijken volunteer less, as in real pools), and
quotas in the replication format: each value's share of the *population*
(uniform-ish targets) times k, rounded, plus or minus a tolerance.

With --values V every feature keeps only its first V values (shares
renormalised), e.g. --values 2 gives at most 2^6 = 64 distinct feature vectors.

Usage: gen_pool.py OUT_DIR [--people N] [--size K] [--seed S] [--tolerance T] [--values V]
Writes OUT_DIR/categories.csv and OUT_DIR/respondents.csv.
"""
import argparse
import os
import random

FEATURES = [
    ("age", ["16-24", "25-39", "40-54", "55-69", "70+"], [0.08, 0.17, 0.24, 0.30, 0.21]),
    ("gender", ["vrouw", "man", "anders"], [0.52, 0.46, 0.02]),
    ("wijk", ["Centrum", "Noord", "Oost", "Zuid", "West", "Haven"], [0.25, 0.20, 0.12, 0.18, 0.15, 0.10]),
    ("education", ["laag", "middelbaar", "hoog"], [0.18, 0.35, 0.47]),
    ("origin", ["nl", "migratie"], [0.80, 0.20]),
    ("housing", ["koop", "huur-sociaal", "huur-vrij"], [0.55, 0.30, 0.15]),
]
# population shares the quotas aim at
TARGET = {
    "age": [0.14, 0.24, 0.25, 0.22, 0.15],
    "gender": [0.50, 0.48, 0.02],
    "wijk": [0.20, 0.18, 0.16, 0.18, 0.16, 0.12],
    "education": [0.30, 0.38, 0.32],
    "origin": [0.72, 0.28],
    "housing": [0.45, 0.35, 0.20],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--tolerance", type=int, default=2)
    ap.add_argument("--values", type=int, default=0)
    a = ap.parse_args()
    if a.values > 0:
        cut = []
        for name, values, shares in FEATURES:
            t = TARGET[name][: a.values]
            TARGET[name] = [x / sum(t) for x in t]
            s = shares[: a.values]
            cut.append((name, values[: a.values], [x / sum(s) for x in s]))
        FEATURES[:] = cut
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "respondents.csv"), "w") as f:
        f.write("id," + ",".join(name for name, _, _ in FEATURES) + "\n")
        for i in range(a.people):
            row = []
            for name, values, shares in FEATURES:
                w = list(shares)
                # correlation: the young rent more and are less often "hoog"
                if name == "housing" and row and row[0] == "16-24":
                    w = [0.1, 0.4, 0.5][: len(values)]
                if name == "education" and row and row[0] == "70+":
                    w = [0.35, 0.40, 0.25][: len(values)]
                row.append(rnd.choices(values, w)[0])
            f.write("p%05d," % i + ",".join(row) + "\n")
    with open(os.path.join(a.out, "categories.csv"), "w") as f:
        f.write("category,feature,min,max\n")
        for name, values, _ in FEATURES:
            for v, share in zip(values, TARGET[name]):
                mid = round(share * a.size)
                lo, hi = max(0, mid - a.tolerance), mid + a.tolerance
                f.write("%s,%s,%d,%d\n" % (name, v, lo, hi))


if __name__ == "__main__":
    main()
