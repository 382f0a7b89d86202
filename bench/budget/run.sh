#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# run.sh: the buurtbudget engine benchmark. Times `wijkbasis pb` (MES with cost
# satisfaction, no completion and add1; pabutools' add1e on Warszawa for a
# like-for-like comparison) on Warszawa 2026, Łódź 2022 and a synthetic
# 500,000-voter x 300-project instance. Each case runs REPEAT times (default 3;
# MES + add1 on the synthetic instance once, it takes tens of seconds);
# the median is printed as a Markdown table row: wall seconds of the whole
# command, and the CPU seconds of reading the file and of the rule (all
# threads), from `pb --timing`, and the 1-minute load average before the case
# (the machine may be shared: compare CPU columns, not wall).
#
# Usage: bench/budget/run.sh WIJKBASIS_BINARY [PABULIB_DIR] [REPEAT]
set -eu
BIN=${1:?usage: run.sh WIJKBASIS_BINARY [PABULIB_DIR] [REPEAT]}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${2:-$HERE/../../../shared/data/pabulib}
REPEAT=${3:-3}
SYN=${TMPDIR:-/tmp}/wb-bench-synthetic-500k.pb
[ -s "$SYN" ] || python3 "$HERE/gen_synthetic.py" "$SYN"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # repeat name file args...
	rep=$1; name=$2; file=$3; shift 3
	load=$(cut -d' ' -f1 /proc/loadavg)
	: > /tmp/wb-bench.$$.w; : > /tmp/wb-bench.$$.r; : > /tmp/wb-bench.$$.p
	i=0
	while [ $i -lt "$rep" ]; do
		t0=$(date +%s.%N)
		"$BIN" pb "$file" --quiet --timing "$@" > /tmp/wb-bench.$$.out 2> /tmp/wb-bench.$$.err
		t1=$(date +%s.%N)
		printf '%.3f\n' "$(echo "$t1 - $t0" | bc)" >> /tmp/wb-bench.$$.w
		sed -n 's/.*read \([0-9.]*\) s, rule \([0-9.]*\) s.*/\1 \2/p' /tmp/wb-bench.$$.err > /tmp/wb-bench.$$.t
		cut -d' ' -f1 /tmp/wb-bench.$$.t >> /tmp/wb-bench.$$.p
		cut -d' ' -f2 /tmp/wb-bench.$$.t >> /tmp/wb-bench.$$.r
		i=$((i + 1))
	done
	winners=$(sed -n 's/^winners (\([0-9]*\).*/\1/p' /tmp/wb-bench.$$.out)
	spent=$(sed -n 's/^spent: \([0-9.]*\) of.*/\1/p' /tmp/wb-bench.$$.out)
	runs=$(sed -n 's/.* \([0-9]*\) MES run.*/\1/p' /tmp/wb-bench.$$.err)
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$*" "$winners" "$spent" "$runs" \
		"$(median < /tmp/wb-bench.$$.w)" "$(median < /tmp/wb-bench.$$.p)" "$(median < /tmp/wb-bench.$$.r)" "$load"
}

echo "| instance | options | winners | spent | MES runs | wall s | read CPU s | rule CPU s | load |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
bench "$REPEAT" "Warszawa 2026" "$DATA/Poland_Warszawa_2026.pb" --completion none
bench "$REPEAT" "Warszawa 2026" "$DATA/Poland_Warszawa_2026.pb" --completion add1 --threads 2
bench "$REPEAT" "Warszawa 2026" "$DATA/Poland_Warszawa_2026.pb" --completion add1 --threads 1
bench "$REPEAT" "Warszawa 2026" "$DATA/Poland_Warszawa_2026.pb" --completion add1e --tie-break lexico
bench "$REPEAT" "Łódź 2022" "$DATA/Poland_Lodz_2022.pb" --completion none
bench "$REPEAT" "Łódź 2022" "$DATA/Poland_Lodz_2022.pb" --completion add1 --threads 2
bench "$REPEAT" "Łódź 2022" "$DATA/Poland_Lodz_2022.pb" --completion add1 --threads 1
bench "$REPEAT" "synthetic 500k x 300" "$SYN" --completion none
bench 1 "synthetic 500k x 300" "$SYN" --completion add1
rm -f /tmp/wb-bench.$$.*
