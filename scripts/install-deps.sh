#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Installs what wijkbasis needs on Debian 12 when it is missing: the C libraries,
# the Dutch locale, Chromium for the browser tests and the npm packages
# (NL Design System CSS, playwright-core, axe-core). Safe to run repeatedly.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkg-config gettext locales libmicrohttpd-dev libsqlite3-dev sqlite3
libsodium-dev libjansson-dev libcmocka-dev libstemmer-dev libglpk-dev coinor-libclp-dev coinor-libcbc-dev clang libclang-rt-14-dev chromium
nodejs npm"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# nodejs/npm may come from outside Debian's packages; accept any working node + npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' ')
fi
missing=$(echo "$missing" | xargs || true)
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "install-deps: installing $missing"
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi

# The Dutch locale: gettext needs it to pick the nl catalogue per thread.
if ! locale -a 2>/dev/null | grep -qi '^nl_NL\.utf-\?8$'; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "install-deps: creating locale nl_NL.UTF-8"
	$SUDO localedef -i nl_NL -f UTF-8 nl_NL.UTF-8
fi

# npm packages (CSS for the pages, browser test tools). Lock file pins versions.
if [ ! -d node_modules/@utrecht/component-library-css ] || [ ! -d node_modules/playwright-core ] \
	|| [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "install-deps: npm ci"
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
