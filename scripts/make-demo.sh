#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Builds the demo database for gemeente Almelo (GM0141) from the real CBS open
# data in ../shared/data, plus the clearly marked demo sociale kaart and one
# demo account per role. Usage: scripts/make-demo.sh BINARY DB SHARED_DATA_DIR
set -eu
bin=$1
db=$2
data=$3
here=$(cd "$(dirname "$0")/.." && pwd)

rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
"$bin" import cbs "$data/nl/cbs-kwb/nl_kwb_2024_leeftijd_geslacht.csv" --gemeente GM0141 --db "$db"
"$bin" import geojson "$data/nl/geo/almelo_wijken_2021_wgs84.geojson" --db "$db"
"$bin" import geojson "$data/nl/geo/almelo_buurten_2021_wgs84.geojson" --db "$db"
"$bin" import kaart "$here/demo/kaart-almelo.csv" --demo --db "$db"
for acct in "pro@demo.wijkbasis.nl Petra professional" \
	"beleid@demo.wijkbasis.nl Bram beleidsadviseur" \
	"beheer@demo.wijkbasis.nl Anna beheerder"; do
	set -- $acct
	echo "demo-wachtwoord" | "$bin" user add --db "$db" --email "$1" --name "$2 (demo)" --role "$3" --password-stdin
done
# Buurtbudget: two clearly marked demo rounds with the real votes of Assen's
# youth budget (pabulib), one closed with its result and one open for voting.
"$bin" budget import "$data/pabulib/Netherlands_Assen_2025.pb" --area WK014110 --phase uitslag --demo \
	--title "Demo: buurtbudget met de echte stemmen van Assen Top Idee 2025" --db "$db" >/dev/null
"$bin" budget import "$data/pabulib/Netherlands_Assen_2024.pb" --area WK014110 --phase stemmen --demo \
	--title "Demo: stemronde met de projecten van Assen Top Idee 2024" --db "$db" >/dev/null
# Burgerraad: a clearly marked demo panel with the published example pool
# example_small_20 (no real people), drawn with the public seed 31415.
"$bin" panel demo --db "$db" --instance "$data/sortition/instances/example_small_20" --area GM0141 >/dev/null
echo "make-demo: $db ready"
