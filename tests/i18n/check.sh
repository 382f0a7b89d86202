#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# check.sh: fails when a user-visible text in src/ has no Dutch translation.
#
#   tests/i18n/check.sh SOURCE_DIR [WORK_DIR]
#
# Extracts every msgid from src/**/*.c with xgettext (_(), N_(), ngettext()),
# merges all module catalogues po/nl/*.po the way the build does (msgcat
# --use-first), and lists every msgid that is missing, untranslated or fuzzy
# in the result, with the source lines that use it. Each module keeps its own
# po/nl/<module>.po; add the missing msgids listed here to yours.
# Registered as the CTest test i18n_nl.
set -eu

src=${1:?usage: check.sh SOURCE_DIR [WORK_DIR]}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
pot="$work/wijkbasis.pot"
merged="$work/nl-merged.po"
checked="$work/nl-checked.po"
status=0

# 1. Every catalogue must be valid on its own (msgfmt names the file and line).
for po in "$src"/po/nl/*.po; do
	if ! msgfmt --check -o /dev/null "$po"; then
		echo "i18n: $po is not a valid catalogue (see above)"
		status=1
	fi
done

# 2. The template: all msgids in the C sources, sorted by file for stable output.
find "$src/src" -name '*.c' | LC_ALL=C sort > "$work/files.txt"
(cd "$src" && sed "s|^$src/||" "$work/files.txt" | xgettext --keyword=_ --keyword=N_ \
	--keyword=ngettext:1,2 --from-code=UTF-8 -L C --no-wrap --force-po \
	-f - -o "$pot")

# 3. The merged Dutch catalogue, as the build makes it.
msgcat --use-first --force-po --no-wrap -o "$merged" "$src"/po/nl/*.po

# 4. Put the translations on the template: msgids missing from the catalogue
#    come out untranslated; fuzzy ones stay fuzzy. No fuzzy matching: a
#    near-miss must not count as translated.
msgmerge --quiet --no-fuzzy-matching --no-wrap --force-po -o "$checked" "$merged" "$pot"

report() {
	# $1: title, $2: msgattrib option. Prints each entry's source lines and msgid.
	out=$(msgattrib "$2" --no-wrap --no-obsolete "$checked" | grep -E '^(#:|msgid )' | grep -v '^msgid ""$' || true)
	if [ -n "$out" ]; then
		n=$(printf '%s\n' "$out" | grep -c '^msgid ')
		echo "i18n: $n msgid(s) $1 in po/nl/*.po:"
		printf '%s\n' "$out" | sed 's/^/  /'
		status=1
	fi
}
report "missing or untranslated" --untranslated
report "marked fuzzy (check the Dutch, then remove the fuzzy flag)" --only-fuzzy

# 5. Warn (do not fail) when two catalogues translate one msgid differently:
#    the build keeps the first file's text (alphabetical order).
msgcat --more-than=1 --no-wrap -o "$work/shared.po" "$src"/po/nl/*.po 2>/dev/null || true
if [ -f "$work/shared.po" ]; then
	clash=$(awk '/^msgid /{id=$0} /^"#-#-#-#-#/ && id!="" && id!="msgid \"\"" {print id; id=""}' "$work/shared.po")
	if [ -n "$clash" ]; then
		echo "i18n: warning: these msgids have different Dutch texts in two po/nl files (the first file wins):"
		printf '%s\n' "$clash" | sed 's/^/  /'
	fi
fi

total=$(grep -c '^msgid ' "$pot" || true)
if [ "$status" -eq 0 ]; then
	echo "i18n: all $((total - 1)) msgids in src/ have a Dutch translation"
fi
exit "$status"
