#!/usr/bin/env python3
# SPDX-License-Identifier: EUPL-1.2
"""run.py: the LEXIMIN engine benchmark. Runs `wijkbasis panel select --json`
on every public instance REPEAT times (default 3) and on synthetic pools, and
prints Markdown table rows: median wall and CPU seconds of the whole command,
the engine's own figures (rounds, oracle calls, LP solves, panels), the minimum
probability, Σ π, and the largest difference to reference/leximin_scipy_highs/
where that exists, with the load average at the start and the end. A
synthetic pool that hits the 60 s (wall) limit is run once more without it.
CPU seconds are the child's user+sys (os.times deltas), which stay
comparable when other work shares the machine; wall seconds do not.

Usage: run.py WIJKBASIS_BINARY [SHARED_DATA_DIR] [REPEAT]
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(binary, quotas, pool, k, extra=()):
    cmd = [binary, "panel", "select", "--categories", quotas, "--respondents", pool,
           "--size", str(k), "--seed", "1", "--json", "--quiet", *extra]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    wall = time.monotonic() - t0
    return p.returncode, out, err, wall


def cpu_children():
    r = os.times()
    return r.children_user + r.children_system


def bench(binary, name, quotas, pool, k, repeat, reference=None, extra=()):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        c0 = cpu_children()
        rc, out, err, wall = run(binary, quotas, pool, k, extra)
        cpus.append(cpu_children() - c0)
        walls.append(wall)
        if rc != 0:
            print("| %s | failed after %.1f s wall, %.1f s CPU: %s |" % (
                name, wall, cpus[-1], err.decode().strip().splitlines()[-1:]))
            return False
        result = json.loads(out)
    probs = list(result["probabilities"].values())
    diff = "—"
    if reference and os.path.exists(reference):
        with open(reference) as f:
            ref = [float(r["leximin_probability"]) for r in csv.DictReader(f)]
        diff = "%.1e" % max(abs(a - b) for a, b in zip(probs, ref))
    s = result["stats"]
    print("| %s | %d | %d | %d | %.3f | %.3f | %.3f | %d | %d | %d | %d | %.6f | %.6f | %s |" % (
        name, len(probs), k, result["types"], statistics.median(walls), statistics.median(cpus),
        s["seconds"],
        s["rounds"], s["oracle_calls"], s["lp_solves"], s["columns"], result["min_probability"],
        sum(probs), diff))
    sys.stdout.flush()
    return True


def loadavg():
    return "load average %.2f / %.2f / %.2f (1 / 5 / 15 min)" % os.getloadavg()


def main():
    binary = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "../../../shared/data")
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    inst = os.path.join(data, "sortition/instances")
    ref = os.path.join(data, "sortition/reference/leximin_scipy_highs")
    print("Start: %s, %s" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), loadavg()))
    print()
    print("| instance | n | k | types | wall s (median) | CPU s (median) | engine s (last run) "
          "| rounds | oracle calls | LP solves | panels generated | min π | Σ π "
          "| max abs diff to reference |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, q, p, k in [("sfscot_22", "features.csv", "candidates.csv", 22),
                          ("example_small_20", "categories.csv", "respondents.csv", 20),
                          ("geneva_30", "categories.csv", "respondents.csv", 30),
                          ("example_large_200", "categories.csv", "respondents.csv", 200)]:
        bench(binary, name, os.path.join(inst, name, q), os.path.join(inst, name, p), k, repeat,
              os.path.join(ref, name + "_leximin_probs.csv"))
    tmp = tempfile.mkdtemp(prefix="wb-panel-bench-")
    for people, values, k in [(20000, 2, 100), (2000, 3, 50), (20000, 3, 100)]:
        d = os.path.join(tmp, "syn_%d_%d" % (people, values))
        subprocess.run([sys.executable, os.path.join(HERE, "gen_pool.py"), d, "--people",
                        str(people), "--values", str(values), "--size", str(k)], check=True)
        name = "synthetic %d people, 6 features x %d values" % (people, values)
        files = (os.path.join(d, "categories.csv"), os.path.join(d, "respondents.csv"))
        if not bench(binary, name, *files, k, 1, extra=("--time-limit", "60")):
            # the limit is wall time: on a shared machine, say what it costs
            bench(binary, name + " (no time limit)", *files, k, 1)
    print()
    print("End: %s, %s" % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), loadavg()))


if __name__ == "__main__":
    main()
