#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""pb_to_sql.py: writes one SQL transaction that loads an approval .pb file as
a buurtbudget round in the voting phase (round, accepted projects, ballots
without codes), for bench/budget/http-result.sh. `wijkbasis budget import`
writes one transaction per ballot, which takes minutes for 400,000 ballots;
this writes them all in one.

Ballots are split over channels deterministically: every 20th is 'papier'
(entered by staff, without a code), the rest 'online' with a code.

Usage: pb_to_sql.py FILE.pb ROUND_ID FIRST_PROJECT_ID AREA_CODE TITLE > out.sql
"""
import sys


def main():
    path, round_id, pid0, area, title = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    meta, projects, votes = {}, [], []
    section, header = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line in ("META", "PROJECTS", "VOTES"):
                section, header = line, None
                continue
            cols = line.split(";")
            if header is None:
                header = cols
                continue
            row = dict(zip(header, cols))
            if section == "META":
                meta[row["key"]] = row["value"]
            elif section == "PROJECTS":
                projects.append((row["project_id"], int(row["cost"]), row.get("name", row["project_id"])))
            else:
                votes.append(row["vote"])
    if meta.get("vote_type") != "approval":
        sys.exit("pb_to_sql: only approval files")
    q = lambda s: "'" + s.replace("'", "''") + "'"
    out = sys.stdout
    out.write("BEGIN IMMEDIATE;\n")
    out.write("INSERT INTO budget_rounds (id, area_code, title, amount, phase, ballot, rule) "
              "VALUES (%d, %s, %s, %d, 'stemmen', 'approval', 'mes');\n"
              % (round_id, q(area), q(title), int(meta["budget"])))
    ids = {}
    for i, (pid, cost, name) in enumerate(projects):
        ids[pid] = pid0 + i
        out.write("INSERT INTO budget_projects (id, round_id, title, cost, area_code, status) "
                  "VALUES (%d, %d, %s, %d, %s, 'accepted');\n"
                  % (pid0 + i, round_id, q("Project " + name), cost, q(area)))
    for v, vote in enumerate(votes):
        choices = ",".join("%d:1" % ids[p] for p in vote.split(",") if p)
        if not choices:
            continue
        paper = v % 20 == 19
        out.write("INSERT INTO budget_ballots (round_id, choices, channel, with_code, cast_on) "
                  "VALUES (%d,'%s','%s',%d,'2026-11-20');\n"
                  % (round_id, choices, "papier" if paper else "online", 0 if paper else 1))
    out.write("COMMIT;\n")


if __name__ == "__main__":
    main()
