#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark: the result page of a buurtbudget round with 400,000 ballots
# (issue 3: GET /buurtbudget/{id}/uitslag, p95 latency < 50 ms).
#
# 1. builds the Almelo demo database (scripts/make-demo.sh) in a temporary
#    directory;
# 2. writes a synthetic approval instance with bench/budget/gen_synthetic.py
#    (VOTERS ballots, PROJECTS projects, 1-10 approvals per ballot, seed 2026)
#    and loads it as a round in the voting phase with bench/budget/pb_to_sql.py
#    and the sqlite3 CLI in one transaction (`wijkbasis budget import` commits
#    every ballot on its own); every 20th ballot is a paper ballot;
# 3. starts `wijkbasis serve` on a loopback port, logs in as the demo
#    beleidsadviseur and closes the round through POST /buurtbudget/{id}/fase,
#    so the server computes (MES) and stores the result the normal way;
# 4. for each MODE (cache: the default server, whose anonymous response cache
#    answers repeated GETs from memory; nocache: `serve --no-cache`, every
#    request reads the round, the stored result and counts the ballots per
#    channel), warms the page up and runs RUNS times
#    `wrk -t THREADS -c CONNS -d DURATION --latency -s bench/budget/latency.lua`
#    without cookies (an anonymous visitor), and reports the median of the
#    runs for req/s and p50/p90/p95/p99 (wrk's own percentiles, printed by the
#    Lua done() hook);
# 5. appends a section to RESULTS (default bench/RESULTS-budget-http.md).
#
# Usage: bench/budget/http-result.sh [BINARY]     (default: build/wijkbasis)
# Environment: SHARED=DIR VOTERS=400000 PROJECTS=100 DURATION=10 THREADS=2
#              CONNS=8 RUNS=3 MODES="cache nocache" TIMEOUT=30 RESULTS=FILE
#              DB_OUT=FILE (keep a copy of the database, for looking at the queries)
# wrk's --timeout is TIMEOUT seconds (wrk's default of 2 s would turn every slow
# response into an error that is left out of the percentiles).
# Both servers listen on 127.0.0.1 only and are stopped by their process id.
# Not a CTest test; wants an otherwise idle machine.
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/wijkbasis}
shared=${SHARED:-$here/../shared/data}
voters=${VOTERS:-400000}
nproj=${PROJECTS:-100}
duration=${DURATION:-10}
threads=${THREADS:-2}
conns=${CONNS:-8}
runs=${RUNS:-3}
timeout=${TIMEOUT:-30}
modes=${MODES:-cache nocache}
results=${RESULTS:-$here/bench/RESULTS-budget-http.md}

for tool in wrk curl sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "http-result: $tool is missing" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "http-result: no binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-result.XXXXXX")
wb_pid=""
stop_server() {
	# Stop only the server this script started, by its process id.
	if [ -n "$wb_pid" ] && kill "$wb_pid" 2>/dev/null; then
		wait "$wb_pid" 2>/dev/null || true
	fi
	wb_pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT INT TERM

url=""
start_server() {   # $@: extra serve options
	: >"$tmp/server.log"
	"$bin" serve --db "$db" --port 0 --log-level warn "$@" 2>"$tmp/server.log" &
	wb_pid=$!
	url=""
	for _ in $(seq 1 50); do
		url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\)\/.*/\1/p' "$tmp/server.log" | head -n 1)
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { echo "http-result: server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
	case $url in http://127.0.0.1:*) ;; *) echo "http-result: not on loopback: $url" >&2; exit 1 ;; esac
}

db=$tmp/demo.db
echo "http-result: demo database" >&2
"$here/scripts/make-demo.sh" "$bin" "$db" "$shared" >/dev/null 2>&1
echo "http-result: synthetic instance, $voters ballots x $nproj projects" >&2
python3 "$here/bench/budget/gen_synthetic.py" "$tmp/syn.pb" --voters "$voters" --projects "$nproj" --seed 2026
round=$(sqlite3 "$db" "SELECT COALESCE(MAX(id), 0) + 1 FROM budget_rounds")
pid0=$(sqlite3 "$db" "SELECT COALESCE(MAX(id), 0) + 1 FROM budget_projects")
python3 "$here/bench/budget/pb_to_sql.py" "$tmp/syn.pb" "$round" "$pid0" WK014110 \
	"Benchmark: synthetische ronde met $voters stemmen" >"$tmp/load.sql"
t0=$(date +%s.%N)
sqlite3 "$db" <"$tmp/load.sql"
t1=$(date +%s.%N)
rm -f "$tmp/load.sql" "$tmp/syn.pb"
nballots=$(sqlite3 "$db" "SELECT COUNT(*) FROM budget_ballots WHERE round_id = $round")
napprovals=$(sqlite3 "$db" "SELECT SUM(length(choices) - length(replace(choices, ',', '')) + 1) FROM budget_ballots WHERE round_id = $round")
load_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "http-result: round $round: $nballots ballots, $napprovals approvals, loaded in ${load_secs}s" >&2

# Close the round through the web form: the server computes and stores the result.
start_server
jar=$tmp/cookies
curl -s -c "$jar" -b "$jar" -o /dev/null "$url/"
csrf=$(awk '$6 == "wb_csrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "email=beleid@demo.wijkbasis.nl" --data-urlencode "password=demo-wachtwoord" "$url/login"
csrf=$(awk '$6 == "wb_csrf" { print $7 }' "$jar")
close=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' --data-urlencode "csrf=$csrf" \
	"$url/buurtbudget/$round/fase")
phase=$(sqlite3 "$db" "SELECT phase FROM budget_rounds WHERE id = $round")
[ "$phase" = uitslag ] || { echo "http-result: round not closed ($close, phase $phase)" >&2; exit 1; }
echo "http-result: closed (computed the result) in ${close#* }s (HTTP ${close%% *})" >&2
stop_server
[ -z "${DB_OUT:-}" ] || sqlite3 "$db" ".backup '$DB_OUT'"

page=/buurtbudget/$round/uitslag
summary=$tmp/summary.txt
: >"$summary"
for mode in $modes; do
	case $mode in
	cache) start_server ;;
	nocache) start_server --no-cache ;;
	*) echo "http-result: unknown mode $mode" >&2; exit 1 ;;
	esac
	code=$(curl -s -o "$tmp/page.html" -w '%{http_code}' "$url$page")
	[ "$code" = 200 ] || { echo "http-result: $page gave $code" >&2; exit 1; }
	size=$(wc -c <"$tmp/page.html")
	grep -q "$voters" "$tmp/page.html" || grep -q "$(echo "$voters" | sed 's/\(...\)$/.\1/')" "$tmp/page.html" ||
		echo "http-result: warning: the page does not show $voters" >&2
	single=$(curl -s -o /dev/null -w '%{time_total}' "$url$page")
	wrk -t "$threads" -c "$conns" -d 3s --timeout "${timeout}s" "$url$page" >/dev/null   # warm-up
	i=0
	while [ "$i" -lt "$runs" ]; do
		i=$((i + 1))
		load=$(cut -d ' ' -f 1-3 /proc/loadavg)
		wrk -t "$threads" -c "$conns" -d "${duration}s" --timeout "${timeout}s" --latency -s "$here/bench/budget/latency.lua" \
			"$url$page" >"$tmp/wrk-$mode-$i.txt"
		line=$(grep '^RESULT' "$tmp/wrk-$mode-$i.txt")
		echo "$mode run $i (load $load): $line" >&2
		echo "$mode $i $load $line" >>"$summary"
	done
	rss=$(awk '/^VmHWM/ { print $2 " " $3 }' "/proc/$wb_pid/status")
	stop_server
	# Median per column over the runs.
	med() { grep "^$mode " "$summary" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
	echo "$mode size=$size single=$single rps=$(med rps) p50=$(med p50) p90=$(med p90) p95=$(med p95) p99=$(med p99) errors=$(med errors) hwm=$rss" >>"$tmp/medians.txt"
done
cat "$tmp/medians.txt"

commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
	echo
	echo "## Result page of a round with $nballots ballots ($(date -u '+%Y-%m-%d %H:%M') UTC, commit $commit)"
	echo
	echo "\`bench/budget/http-result.sh $bin\`: GET $page of a synthetic round with $nballots"
	echo "ballots ($napprovals approvals, $nproj projects; gen_synthetic.py seed 2026, loaded with sqlite3"
	echo "in one transaction in ${load_secs}s, closed through POST /fase in ${close#* }s), anonymous visitor,"
	echo "\`wrk -t$threads -c$conns -d${duration}s --timeout ${timeout}s --latency -s bench/budget/latency.lua\`, $runs runs per mode,"
	echo "median per column. Machine: $(nproc) cores, $cpu, $mem."
	echo
	echo "| mode | page bytes | one request alone (curl) s | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | server VmHWM |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	while read -r m size single rps p50 p90 p95 p99 errs hwm; do
		echo "| $m | ${size#size=} | ${single#single=} | ${rps#rps=} | ${p50#p50=} | ${p90#p90=} | ${p95#p95=} | ${p99#p99=} | ${errs#errors=} | ${hwm#hwm=} |"
	done <"$tmp/medians.txt"
	echo
	echo "Runs (load average 1/5/15 min before each):"
	echo
	echo '```'
	cat "$summary"
	echo '```'
} >>"$results"
