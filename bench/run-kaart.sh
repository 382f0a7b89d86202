#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark: wijkbasis against nginx serving the same bytes from a file.
#
# Builds the Almelo demo database (scripts/make-demo.sh), starts wijkbasis on a
# loopback port, saves the sociale kaart list page of the wijk with the most
# items (HTML and JSON), serves exactly those bytes from nginx on another
# loopback port, and runs wrk against both, interleaved, RUNS times each.
# Reports the median req/s, the ratio wijkbasis/nginx (target >= 0.5) and
# wijkbasis's resident memory after the runs, and writes bench/RESULTS.md.
#
# Usage: bench/run-kaart.sh [BINARY]      (default: build/wijkbasis)
# Environment (all optional):
#   SHARED=DIR        CBS open data (default: ../shared/data beside the repo)
#   BENCH_PATH=/x     page to measure instead of the kaart list (e.g. /gebieden)
#   DURATION=10s THREADS=2 CONNS=64 RUNS=3 WARMUP=3s
#   ITEMS=50          items on the measured page; when the busiest wijk of the
#                     demo has fewer, copies of demo items are imported into it
#   PAGE_PARAM=k=v    query parameter for the page size (default per_page=$ITEMS)
#   RESULTS=FILE      where to write the report (default bench/RESULTS.md)
#   BIN_COMMIT=abc123 the commit the binary was built from, for the report
#                     (default: this tree's HEAD, flagged when it has local changes)
#
# Not a CTest test: it takes a few minutes and wants an otherwise idle machine.
# Everything listens on 127.0.0.1 only; all files go to a temporary directory
# that is removed at the end.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/wijkbasis}
shared=${SHARED:-$here/../shared/data}
duration=${DURATION:-10s}
threads=${THREADS:-2}
conns=${CONNS:-64}
runs=${RUNS:-3}
warmup=${WARMUP:-3s}
results=${RESULTS:-$here/bench/RESULTS.md}
items=${ITEMS:-50}
copies=0

for tool in wrk nginx curl sqlite3 ss; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
		echo "run-kaart: $tool is missing (Debian: apt-get install wrk nginx curl sqlite3 iproute2)" >&2
		exit 1
	}
done
nginx_bin=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[ -x "$bin" ] || { echo "run-kaart: no binary at $bin (run make build)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wb-bench.XXXXXX")
wb_pid=""
ng_pid=""
cleanup() {
	# Stop only the two servers this script started, by their process id.
	if [ -n "$wb_pid" ] && kill "$wb_pid" 2>/dev/null; then
		wait "$wb_pid" 2>/dev/null || true
	fi
	if [ -n "$ng_pid" ] && kill -QUIT "$ng_pid" 2>/dev/null; then
		wait "$ng_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() { # a loopback TCP port nobody listens on
	while :; do
		p=$(awk 'BEGIN {srand(); print 20000 + int(rand() * 40000)}')
		ss -Hltn "sport = :$p" | grep -q . || { echo "$p"; return; }
		sleep 1
	done
}

# --- 1. demo database ---------------------------------------------------------
db=$tmp/bench.db
echo "run-kaart: building the demo database"
data_note="the Almelo demo database (\`scripts/make-demo.sh\`)"
if ! "$here/scripts/make-demo.sh" "$bin" "$db" "$shared" >"$tmp/make-demo.log" 2>&1; then
	cat "$tmp/make-demo.log" >&2
	if [ -z "${BENCH_PATH:-}" ]; then
		echo "run-kaart: scripts/make-demo.sh failed" >&2
		exit 1
	fi
	# Only to try the script itself on another page while modules are missing.
	echo "run-kaart: make-demo failed; measuring $BENCH_PATH on an empty database" >&2
	rm -f "$db" "$db-wal" "$db-shm"
	"$bin" init --db "$db" >/dev/null
	data_note="an EMPTY database (\`wijkbasis init\`; make-demo.sh failed)"
fi

# --- 2. which page ------------------------------------------------------------
# fill_csv WIJK N: N copies of the demo items as import CSV, spread over the
# buurten of WIJK (or the wijk itself when it has none), named "... (benchkopie K)".
fill_csv() {
	sqlite3 "$db" <<EOF
.import --csv --schema temp $here/demo/kaart-almelo.csv demo_src
CREATE TEMP TABLE places AS
	SELECT code, row_number() OVER (ORDER BY code) - 1 AS i FROM areas WHERE parent = '$1'
	UNION ALL SELECT '$1', 0 WHERE NOT EXISTS (SELECT 1 FROM areas WHERE parent = '$1');
CREATE TEMP TABLE src AS SELECT *, row_number() OVER () - 1 AS i FROM temp.demo_src;
.headers on
.mode csv
WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n + 1 < $2)
SELECT s.name || ' (benchkopie ' || (k.n + 1) || ')' AS name, s.description, s.kind,
	p.code AS area_code, s.themes, s.pillars, s.contact, s.when_where, s.accessibility,
	s.source, s.last_checked, s.show_contact
FROM k JOIN src s ON s.i = k.n % (SELECT count(*) FROM src)
JOIN places p ON p.i = k.n % (SELECT count(*) FROM places);
EOF
}
# The wijk with the most published items, counting items in its buurten too.
if [ -n "${BENCH_PATH:-}" ]; then
	html_path=$BENCH_PATH
	json_path=""
	wijk="(none)"
	nitems="n/a"
else
	row=$(sqlite3 -separator ' ' "$db" "
		SELECT w.code, count(*) FROM kaart_items k
		JOIN areas a ON a.code = k.area_code
		JOIN areas w ON w.code = CASE WHEN a.level = 'wijk' THEN a.code ELSE a.parent END
		WHERE k.status = 'published' AND w.level = 'wijk'
		GROUP BY w.code ORDER BY count(*) DESC, w.code LIMIT 1")
	wijk=${row%% *}
	nitems=${row#* }
	[ -n "$wijk" ] || { echo "run-kaart: the demo has no kaart items in a wijk" >&2; exit 1; }
	# The demo spreads its items over all wijken; for a page of realistic size
	# the bench database gets copies of demo items in this wijk's buurten, loaded
	# through the normal importer (validation, search index) and marked demo.
	if [ "$nitems" -lt "$items" ]; then
		fill_csv "$wijk" $((items - nitems)) >"$tmp/fill.csv"
		"$bin" import kaart "$tmp/fill.csv" --demo --db "$db" >>"$tmp/make-demo.log" 2>&1 || {
			cat "$tmp/make-demo.log" >&2
			echo "run-kaart: could not add the bench copies" >&2
			exit 1
		}
		copies=$((items - nitems))
		nitems=$items
	fi
	html_path="/kaart?area=$wijk"
	json_path="/api/v1/kaart?area=$wijk"
fi

# --- 3. wijkbasis -------------------------------------------------------------
"$bin" serve --db "$db" --port 0 --log-level warn >/dev/null 2>"$tmp/wijkbasis.log" &
wb_pid=$!
wb_url=""
for _ in $(seq 1 100); do
	wb_url=$(sed -n 's|.*listening on \(http://[0-9.]*:[0-9]*\)/.*|\1|p' "$tmp/wijkbasis.log" | head -n 1)
	[ -n "$wb_url" ] && break
	kill -0 "$wb_pid" 2>/dev/null || { cat "$tmp/wijkbasis.log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$wb_url" ] || { echo "run-kaart: wijkbasis did not start" >&2; exit 1; }

# Show every item of the wijk on one page: the list is paged (20 by default);
# per_page raises that when the kaart module accepts it.
if [ -n "$json_path" ]; then
	page_param=${PAGE_PARAM:-per_page=$items}
	code=$(curl -s -o /dev/null -w '%{http_code}' "$wb_url$html_path&$page_param")
	if [ "$code" = 200 ]; then
		html_path="$html_path&$page_param"
		json_path="$json_path&$page_param"
	else
		echo "run-kaart: $page_param not accepted ($code); measuring the first page" >&2
	fi
fi

mkdir -p "$tmp/www"
fetch() { # path file -> saves the body, fails unless 200
	code=$(curl -s -o "$2" -w '%{http_code}' "$wb_url$1")
	[ "$code" = 200 ] || { echo "run-kaart: GET $1 answered $code" >&2; exit 1; }
}
fetch "$html_path" "$tmp/www/page.html"
html_bytes=$(wc -c <"$tmp/www/page.html")
json_bytes=""
shown="n/a"
if [ -n "$json_path" ]; then
	fetch "$json_path" "$tmp/www/page.json"
	json_bytes=$(wc -c <"$tmp/www/page.json")
	# Items on this page (the list is paged; the JSON has the same page).
	shown=$(grep -o '{"id":' "$tmp/www/page.json" | wc -l || true)
fi

# --- 4. nginx with the same bytes ---------------------------------------------
ng_port=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	types { text/html html; application/json json; }
	server {
		listen 127.0.0.1:$ng_port;
		root $tmp/www;
	}
}
EOF
# nginx's workers drop to an unprivileged user when started as root.
chmod 755 "$tmp" "$tmp/www"
chmod 644 "$tmp/www"/*
"$nginx_bin" -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
ng_pid=$!
ng_url="http://127.0.0.1:$ng_port"
for _ in $(seq 1 50); do
	curl -s -o /dev/null "$ng_url/page.html" && break
	sleep 0.1
done
curl -s "$ng_url/page.html" | cmp -s - "$tmp/www/page.html" ||
	{ echo "run-kaart: nginx does not serve the saved page" >&2; exit 1; }

# --- 5. wrk ---------------------------------------------------------------------
# One measurement: prints req/s, or "invalid" when any response was not 2xx/3xx.
measure() { # url
	out=$(wrk -t"$threads" -c"$conns" -d"$duration" "$1")
	echo "$out" >>"$tmp/wrk.log"
	echo "$out" | sed -n "s|^ *Socket errors: \(.*\)|$1: \1|p" >>"$tmp/socket-errors"
	if echo "$out" | grep -q 'Non-2xx or 3xx responses'; then
		echo invalid
	else
		echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f\n", $2}'
	fi
}
slashed() { # " a b c" -> "a / b / c"
	echo "$1" | sed 's/^ *//; s/ \+/ \/ /g'
}
median() { # values...
	printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo "run-kaart: warming up ($warmup each)"
wrk -t"$threads" -c"$conns" -d"$warmup" "$wb_url$html_path" >/dev/null
wrk -t"$threads" -c"$conns" -d"$warmup" "$ng_url/page.html" >/dev/null

wb_html="" ng_html="" wb_json="" ng_json=""
for i in $(seq 1 "$runs"); do
	echo "run-kaart: run $i of $runs"
	wb_html="$wb_html $(measure "$wb_url$html_path")"
	ng_html="$ng_html $(measure "$ng_url/page.html")"
	if [ -n "$json_path" ]; then
		wb_json="$wb_json $(measure "$wb_url$json_path")"
		ng_json="$ng_json $(measure "$ng_url/page.json")"
	fi
done
case "$wb_html $ng_html $wb_json $ng_json" in
*invalid*) cat "$tmp/wrk.log" >&2; echo "run-kaart: some responses were errors" >&2; exit 1 ;;
esac

rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$wb_pid/status")
hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$wb_pid/status")

# shellcheck disable=SC2086
m_wb_html=$(median $wb_html)
# shellcheck disable=SC2086
m_ng_html=$(median $ng_html)
ratio_html=$(awk -v a="$m_wb_html" -v b="$m_ng_html" 'BEGIN {printf "%.2f", a / b}')
if [ -n "$json_path" ]; then
	# shellcheck disable=SC2086
	m_wb_json=$(median $wb_json)
	# shellcheck disable=SC2086
	m_ng_json=$(median $ng_json)
	ratio_json=$(awk -v a="$m_wb_json" -v b="$m_ng_json" 'BEGIN {printf "%.2f", a / b}')
fi
verdict() { awk -v r="$1" 'BEGIN {print (r >= 0.5) ? "meets the target (>= 0.5)" : "BELOW the target of 0.5"}'; }

# --- 6. report ----------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem_mb=$(awk '/^MemTotal:/ {printf "%.0f", $2 / 1024}' /proc/meminfo)
load=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -n "${BIN_COMMIT:-}" ]; then
	commit=$BIN_COMMIT
else
	commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
	dirty=$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null | head -n 1)
	[ -n "$dirty" ] && commit="$commit (work tree has uncommitted changes)"
fi

{
	echo "# Benchmark: sociale kaart list page, wijkbasis vs nginx"
	echo
	echo "Written by \`bench/run-kaart.sh\`; do not edit by hand, run the script again."
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Machine: $(nproc) CPU ($cpu), ${mem_mb} MiB memory, $(uname -sr); load average before the runs: $load"
	echo "- wijkbasis: $("$bin" version), commit $commit; $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')"
	echo "- Data: $data_note; wijk \`$wijk\` with $nitems published items"
	[ "$copies" -gt 0 ] && echo "  ($copies of them are copies of demo items, imported by the script with \`wijkbasis import kaart --demo\` so the wijk has $items items)"
	echo "- Page: \`$html_path\` ($html_bytes bytes of HTML; it shows $shown items)"
	[ -n "$json_path" ] && echo "- JSON: \`$json_path\` ($json_bytes bytes)"
	echo "- Command (each target, interleaved, $runs runs, median taken): \`wrk -t$threads -c$conns -d$duration URL\`, after a $warmup warm-up"
	echo "- wijkbasis: \`wijkbasis serve --db bench.db --port 0 --log-level warn\` (thread per connection, SQLite in WAL mode)"
	echo "- nginx: the same bytes as static files; \`worker_processes 2\`, \`access_log off\`, \`sendfile on\`, \`keepalive_requests 100000\`"
	echo "- Load generator and servers share the same $(nproc) cores and the loopback interface:"
	echo "  read the numbers as a ratio under equal conditions, not as capacity."
	echo
	echo "| target | wijkbasis req/s (median) | nginx req/s (median) | ratio wijkbasis/nginx | runs wijkbasis | runs nginx |"
	echo "|---|---:|---:|---:|---|---|"
	echo "| HTML list page | $m_wb_html | $m_ng_html | **$ratio_html** | $(slashed "$wb_html") | $(slashed "$ng_html") |"
	[ -n "$json_path" ] &&
		echo "| JSON list | $m_wb_json | $m_ng_json | **$ratio_json** | $(slashed "$wb_json") | $(slashed "$ng_json") |"
	echo
	echo "HTML: $(verdict "$ratio_html")."
	[ -n "$json_path" ] && echo "JSON: $(verdict "$ratio_json")."
	echo
	echo "wijkbasis memory after the runs (from /proc/PID/status): VmRSS $((rss_kb / 1024)) MiB ($rss_kb kB), peak VmHWM $((hwm_kb / 1024)) MiB."
	if [ -s "$tmp/socket-errors" ]; then
		echo
		echo "wrk reported socket errors (ports replaced by PORT):"
		echo
		sed 's|^http://127.0.0.1:[0-9]*|- http://127.0.0.1:PORT|' "$tmp/socket-errors"
	fi
} >"$results.tmp"
mv "$results.tmp" "$results"
cat "$results"
