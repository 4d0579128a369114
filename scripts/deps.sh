#!/bin/sh
# Installs the Debian/Ubuntu packages Front Desk needs to build and test,
# but only those that are missing (PostgreSQL: the test suite runs its store
# tests on a throwaway server too, scripts/pgtest.sh; pg_dump and pg_restore
# back a center server up and restore it). Runs apt-get through sudo when not root.
#   scripts/deps.sh            build + test packages
#   scripts/deps.sh --windows  also the MinGW-w64 cross compiler
#   scripts/deps.sh --libreoffice  also headless LibreOffice Calc (scripts/check-workbook.sh)
set -eu

PKGS="gcc pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick zbar-tools poppler-utils sqlite3 fonts-dejavu-core fonts-nanum fonts-droid-fallback xdotool libasound2-dev postgresql postgresql-common postgresql-client"
case "${1:-}" in
--windows) PKGS="$PKGS gcc-mingw-w64-x86-64" ;;
--libreoffice) PKGS="$PKGS libreoffice-calc-nogui" ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian/Ubuntu system; install the equivalents of: $PKGS" >&2
	exit 0
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	exit 0
fi

echo "deps: installing$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
