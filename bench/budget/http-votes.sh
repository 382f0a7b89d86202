#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark: vote submissions per second over HTTP (issue 3: target >= 5,000/s).
#
# Builds the Almelo demo database (scripts/make-demo.sh; its demo round in the
# voting phase), starts wijkbasis on a loopback port, logs in as the demo
# beleidsadviseur, makes CODES one-time vote codes through the codes page,
# and runs wrk with bench/budget/votes.lua: every request is a real POST of
# the ballot form with a fresh code (each one BEGIN IMMEDIATE: check the code,
# mark it used, store the ballot, COMMIT). The rate reported is the number of
# ballots in the database afterwards divided by the run time, so refused or
# failed requests do not count. SQLite runs in WAL mode with
# synchronous=NORMAL: a committed vote survives a crash of the server, not
# necessarily a power cut of the machine.
#
# Usage: bench/budget/http-votes.sh [BINARY]     (default: build/wijkbasis)
# Environment: SHARED=DIR DURATION=10 THREADS=2 CONNS=32 CODES=100000
#              RESULTS=FILE (default bench/RESULTS-budget.md; a section is appended)
# Not a CTest test; wants an otherwise idle machine.
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/wijkbasis}
shared=${SHARED:-$here/../shared/data}
duration=${DURATION:-10}
threads=${THREADS:-2}
conns=${CONNS:-32}
ncodes=${CODES:-100000}
results=${RESULTS:-$here/bench/RESULTS-budget.md}

for tool in wrk curl sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "http-votes: $tool is missing" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "http-votes: no binary at $bin" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-votes.XXXXXX")
wb_pid=""
cleanup() {
	# Stop only the server this script started, by its process id.
	if [ -n "$wb_pid" ] && kill "$wb_pid" 2>/dev/null; then
		wait "$wb_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

db=$tmp/demo.db
"$here/scripts/make-demo.sh" "$bin" "$db" "$shared" >/dev/null 2>&1
round=$(sqlite3 "$db" "SELECT id FROM budget_rounds WHERE phase = 'stemmen' LIMIT 1")
project=$(sqlite3 "$db" "SELECT id FROM budget_projects WHERE round_id = $round AND status = 'accepted' ORDER BY cost LIMIT 1")
[ -n "$round" ] && [ -n "$project" ] || { echo "http-votes: no open demo round" >&2; exit 1; }

"$bin" serve --db "$db" --port 0 --log-level warn 2>"$tmp/server.log" &
wb_pid=$!
url=""
for _ in $(seq 1 50); do
	url=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\)\/.*/\1/p' "$tmp/server.log" | head -n 1)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "http-votes: server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }

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
have=$(wc -l <"$tmp/codes.txt")
[ "$have" -eq "$ncodes" ] || { echo "http-votes: got $have codes of $ncodes" >&2; exit 1; }

before=$(sqlite3 "$db" "SELECT COUNT(*) FROM budget_ballots WHERE round_id = $round")
# A fixed CSRF token for the double-submit check (cookie and field equal).
token=0123456789abcdef0123456789abcdef0123456789abcdef
WRK_THREADS=$threads CODES_FILE=$tmp/codes.txt PATH_VOTE=/buurtbudget/$round/stemmen PROJECT=$project TOKEN=$token \
	wrk -t "$threads" -c "$conns" -d "${duration}s" -s "$here/bench/budget/votes.lua" "$url" >"$tmp/wrk.txt"
after=$(sqlite3 "$db" "SELECT COUNT(*) FROM budget_ballots WHERE round_id = $round")
used=$(sqlite3 "$db" "SELECT COUNT(*) FROM budget_codes WHERE round_id = $round AND used = 1")
votes=$((after - before))
# wrk's own elapsed time ("N requests in 10.01s"), else the nominal duration.
secs=$(sed -n 's/.* requests in \([0-9.]*\)s.*/\1/p' "$tmp/wrk.txt")
secs=${secs:-$duration}
rate=$(awk -v v="$votes" -v d="$secs" 'BEGIN { printf "%.0f", v / d }')
load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo unknown)
cat "$tmp/wrk.txt"
echo "http-votes: $votes ballots stored in ${secs}s = $rate votes/s (codes used: $used, load $load)"

commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
	echo
	echo "## Vote submissions over HTTP ($(date -u +%Y-%m-%d), commit $commit)"
	echo
	echo "\`bench/budget/http-votes.sh\`: wrk, $threads threads, $conns connections, ${duration} s, one"
	echo "fresh vote code per request, $(nproc) cores. Each vote is one BEGIN IMMEDIATE transaction"
	echo "(code unused -> used, ballot stored); SQLite WAL, synchronous=NORMAL."
	echo "Load average before the run: $load (other work on the machine lowers the figure)."
	echo
	echo "| ballots stored | votes/s | target |"
	echo "|---:|---:|---:|"
	echo "| $votes | $rate | >= 5,000 |"
	echo
	echo '```'
	grep -E 'Latency|Requests/sec|requests in' "$tmp/wrk.txt" || true
	echo '```'
} >>"$results"
