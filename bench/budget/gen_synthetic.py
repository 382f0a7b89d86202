#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""gen_synthetic.py: writes a synthetic approval .pb instance for the budget
benchmark (default 500,000 voters x 300 projects), deterministic for a seed.

Popularity is skewed (a few projects are liked by many, most by few), ballots
hold 1-10 projects, costs are 10,000-500,000 and the budget is 20% of the total
cost, roughly like a city-wide Polish PB.

Usage: gen_synthetic.py OUT.pb [--voters N] [--projects M] [--seed S]
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--voters", type=int, default=500_000)
    ap.add_argument("--projects", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    m, n = a.projects, a.voters
    costs = [rnd.randrange(10_000, 500_001, 100) for _ in range(m)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(m)]
    rnd.shuffle(weights)
    budget = sum(costs) // 5
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    ballots = []
    votes = [0] * m
    for _ in range(n):
        k = rnd.randint(1, 10)
        chosen = set()
        while len(chosen) < k:
            chosen.update(rnd.choices(range(m), cum_weights=cum, k=k - len(chosen)))
        b = sorted(chosen)
        for p in b:
            votes[p] += 1
        ballots.append(b)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("META\nkey;value\ndescription;synthetic benchmark instance\ncountry;Worldwide\n")
        f.write("unit;Synthetic\ninstance;bench\nnum_projects;%d\nnum_votes;%d\nbudget;%d\n" % (m, n, budget))
        f.write("vote_type;approval\nrule;equalshares/add1\ndate_begin;2026\ndate_end;2026\n")
        f.write("PROJECTS\nproject_id;cost;votes\n")
        for p in range(m):
            f.write("s%d;%d;%d\n" % (p, costs[p], votes[p]))
        f.write("VOTES\nvoter_id;vote\n")
        for v, b in enumerate(ballots):
            f.write("%d;%s\n" % (v, ",".join("s%d" % p for p in b)))


if __name__ == "__main__":
    main()
