#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark: durable vote submissions per second over HTTP (issue 3: target
# >= 5,000/s).
#
# Builds the Almelo demo database (scripts/make-demo.sh; its demo round in the
# voting phase), starts wijkbasis on a loopback port, logs in as the demo
# beleidsadviseur and makes CODES one-time vote codes through the codes page.
# Then, RUNS times, on a fresh copy of that database (so every run starts
# equal): starts the server, runs wrk with bench/budget/votes.lua (every
# request a real POST of the ballot form with a fresh code) and counts the
# ballots stored. The rate is ballots in the database / wrk's run time, so
# refused or failed requests do not count.
#
# What a vote costs on the server: the request thread validates the form and
# queues the ballot (src/budget/vote_queue.c); one committer thread writes all
# queued ballots (code check-and-burn, ballot) in one transaction and answers
# each request once that commit is on disk: the committer's connection runs
# with synchronous=FULL (WAL), so a vote reported as counted survives a power
# cut, not only a crash of the server.
#
# Usage: bench/budget/http-votes.sh [BINARY]     (default: build/wijkbasis)
# Environment: SHARED=DIR DURATION=10 THREADS=2 CONNS=32 CODES=100000 RUNS=3
#              RESULTS=FILE (default bench/RESULTS-budget-http.md; a section is
#              appended; RESULTS=/dev/null to leave it alone)
# Not a CTest test; wants an otherwise idle machine (the load average before
# every run is printed beside its figure).
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/wijkbasis}
shared=${SHARED:-$here/../shared/data}
duration=${DURATION:-10}
threads=${THREADS:-2}
conns=${CONNS:-32}
ncodes=${CODES:-100000}
runs=${RUNS:-3}
results=${RESULTS:-$here/bench/RESULTS-budget-http.md}

for tool in wrk curl sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "http-votes: $tool is missing" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "http-votes: no binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-votes.XXXXXX")
wb_pid=""
stop_server() {
	# Stop only the server this script started, by its process id.
	if [ -n "$wb_pid" ] && kill "$wb_pid" 2>/dev/null; then
		wait "$wb_pid" 2>/dev/null || true
	fi
	wb_pid=""
}
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Starts the server on $1 and sets $url.
start_server() {
	: >"$tmp/server.log"
	"$bin" serve --db "$1" --port 0 --log-level warn 2>"$tmp/server.log" &
	wb_pid=$!
	url=""
	for _ in $(seq 1 50); do
		url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\)\/.*/\1/p' "$tmp/server.log" | head -n 1)
		[ -n "$url" ] && return 0
		sleep 0.1
	done
	echo "http-votes: server did not start" >&2
	cat "$tmp/server.log" >&2
	exit 1
}

db=$tmp/demo.db
"$here/scripts/make-demo.sh" "$bin" "$db" "$shared" >/dev/null 2>&1
round=$(sqlite3 "$db" "SELECT id FROM budget_rounds WHERE phase = 'stemmen' LIMIT 1")
project=$(sqlite3 "$db" "SELECT id FROM budget_projects WHERE round_id = $round AND status = 'accepted' ORDER BY cost LIMIT 1")
[ -n "$round" ] && [ -n "$project" ] || { echo "http-votes: no open demo round" >&2; exit 1; }

start_server "$db"
jar=$tmp/cookies
curl -s -c "$jar" -b "$jar" -o /dev/null "$url/"
csrf=$(awk '$6 == "wb_csrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "email=beleid@demo.wijkbasis.nl" --data-urlencode "password=demo-wachtwoord" "$url/login"
csrf=$(awk '$6 == "wb_csrf" { print $7 }' "$jar")   # login gives a new token
: >"$tmp/codes.txt"
made=0
while [ "$made" -lt "$ncodes" ]; do
	n=$((ncodes - made)); [ "$n" -gt 5000 ] && n=5000
	curl -s -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "count=$n" \
		"$url/buurtbudget/$round/codes" |
		grep -o 'wb-vote-code">[A-Z2-9-]*<' | sed 's/.*">//; s/<$//' >>"$tmp/codes.txt"
	made=$((made + n))
done
stop_server
have=$(wc -l <"$tmp/codes.txt")
[ "$have" -eq "$ncodes" ] || { echo "http-votes: got $have codes of $ncodes" >&2; exit 1; }
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# A fixed CSRF token for the double-submit check (cookie and field equal).
token=0123456789abcdef0123456789abcdef0123456789abcdef
: >"$tmp/rows.txt"
i=1
while [ "$i" -le "$runs" ]; do
	cp "$db" "$tmp/run.db"
	rm -f "$tmp/run.db-wal" "$tmp/run.db-shm"
	start_server "$tmp/run.db"
	before=$(sqlite3 "$tmp/run.db" "SELECT COUNT(*) FROM budget_ballots WHERE round_id = $round")
	load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
	cpu0=$(awk '{ print $14 + $15 }' "/proc/$wb_pid/stat")
	WRK_THREADS=$threads CODES_FILE=$tmp/codes.txt PATH_VOTE=/buurtbudget/$round/stemmen PROJECT=$project TOKEN=$token \
		wrk -t "$threads" -c "$conns" -d "${duration}s" -s "$here/bench/budget/votes.lua" "$url" >"$tmp/wrk.txt"
	cpu1=$(awk '{ print $14 + $15 }' "/proc/$wb_pid/stat")
	stop_server # also finishes votes still in flight
	after=$(sqlite3 "$tmp/run.db" "SELECT COUNT(*) FROM budget_ballots WHERE round_id = $round")
	used=$(sqlite3 "$tmp/run.db" "SELECT COUNT(*) FROM budget_codes WHERE round_id = $round AND used = 1")
	votes=$((after - before))
	# wrk's own elapsed time ("N requests in 10.01s"), else the nominal duration.
	secs=$(sed -n 's/.* requests in \([0-9.]*\)s.*/\1/p' "$tmp/wrk.txt")
	secs=${secs:-$duration}
	rate=$(awk -v v="$votes" -v d="$secs" 'BEGIN { printf "%.0f", v / d }')
	# Server CPU (user + system, all threads) per stored vote, in microseconds.
	hz=$(getconf CLK_TCK)
	cpu=$(awk -v c="$((cpu1 - cpu0))" -v hz="$hz" -v v="$votes" 'BEGIN { printf "%.0f", v ? c / hz * 1e6 / v : 0 }')
	lat=$(awk '/Latency/ { print $2 " / " $4 }' "$tmp/wrk.txt")
	echo "http-votes: run $i: $votes ballots in ${secs}s = $rate votes/s (codes used $used; server CPU ${cpu} us/vote; latency avg/max $lat; load before $load)"
	echo "| $i | $load | $votes | $secs | $rate | $cpu | $lat |" >>"$tmp/rows.txt"
	i=$((i + 1))
done
median=$(awk -F'|' '{ print $6 }' "$tmp/rows.txt" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "http-votes: median of $runs runs: $median votes/s"

commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
	echo
	echo "## Durable votes per second ($(date -u '+%Y-%m-%d %H:%M') UTC, commit $commit)"
	echo
	echo "\`bench/budget/http-votes.sh\`: wrk, $threads threads, $conns connections, ${duration} s per run, one"
	echo "fresh vote code per request, $(nproc) cores, $runs runs each on a fresh copy of the database."
	echo "Votes go through the group-commit queue; the answer is sent once the commit is on disk"
	echo "(synchronous=FULL on the committer's connection)."
	echo
	echo "| run | load avg before | ballots stored | s | votes/s | server CPU µs/vote | latency avg / max |"
	echo "|---|---|---:|---:|---:|---:|---|"
	cat "$tmp/rows.txt"
	echo "| **median** | | | | **$median** | | |"
} >>"$results"
