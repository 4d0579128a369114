#!/usr/bin/env bash
# Opens Front Desk's workbooks with another spreadsheet program (make
# check-workbook): builds frontdeskctl, makes a demo database, writes a
# year's director report and this quarter's follow-up roster as .xlsx (with
# their figures and rows as JSON from frontdeskctl --json), then has headless
# LibreOffice Calc convert each workbook to PDF and every sheet to CSV, as
# the cells are shown. scripts/check-workbook.py then checks that:
#   - every figure of the report LibreOffice shows matches frontdeskctl report
#     --json for the same range, written by the one rule (1,234; 63.4%; 12.3),
#     and the breakdown sheets add up to them; every language has a name;
#   - every row of the roster matches the roster's own rows (followup roster
#     --json); LibreOffice prints it landscape, every page with the header
#     row and all the columns (one page wide);
#   - no chart's anchor rectangle overlaps another's (the drawings' XML).
# Fails on the first difference. Installs LibreOffice first
# (scripts/deps.sh --libreoffice).
#
#   KEEP=1   keep the work folder (workbooks, JSON, PDFs, CSVs) and print its path
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
scripts/deps.sh --libreoffice
command -v soffice >/dev/null || { echo "check-workbook: no soffice after installing LibreOffice" >&2; exit 1; }
command -v pdftotext >/dev/null || scripts/deps.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-workbook.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	echo "check-workbook: keeping $WORK" >&2
else
	trap 'rm -rf "$WORK"' EXIT
fi
fail() {
	echo "check-workbook: FAIL: $*" >&2
	exit 1
}

echo "check-workbook: building frontdeskctl" >&2
CGO_ENABLED=0 $GO build -o "$WORK/frontdeskctl" ./cmd/frontdeskctl
ctl() { "$WORK/frontdeskctl" "$@" --db "$WORK/demo.db"; }

echo "check-workbook: demo database (3000 participants, 2000 check-ins: a roster of several pages)" >&2
ctl demo --participants 3000 --checkins 2000 >/dev/null 2>&1 || fail "frontdeskctl demo failed"
to=$(date +%F)
from=$(date -d "$to -1 year +1 day" +%F)
ctl report --from "$from" --to "$to" --out "$WORK/report.xlsx" --json >"$WORK/report.json" || fail "frontdeskctl report failed"
echo "check-workbook: report $from – $to: $(python3 -c 'import json,sys; print(", ".join("%s %s" % (f["figure"], f["value"]) for f in json.load(open(sys.argv[1]))["figures"][:1]))' "$WORK/report.json")" >&2
year=$(date +%Y)
quarter=$((($(date +%-m) - 1) / 3 + 1))
ctl followup roster --year "$year" --quarter "$quarter" --all --out "$WORK/roster.xlsx" --json >"$WORK/roster.json" || fail "frontdeskctl followup roster failed"
contacts=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["contacts"])' "$WORK/roster.json")
[ "$contacts" -gt 0 ] || fail "the demo's roster of $year Q$quarter lists no contacts"
echo "check-workbook: roster $year Q$quarter: $contacts contacts" >&2

# soffice keeps its profile in $HOME; give it a fresh one
lo() {
	timeout 300 soffice -env:UserInstallation="file://$WORK/profile" --headless --norestore "$@" >>"$WORK/soffice.log" 2>&1
}
# CSV of every sheet (-1), UTF-8, cells as shown: NAME-SHEET.csv
csv='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
for book in report roster; do
	echo "check-workbook: LibreOffice: $book.xlsx -> pdf, csv" >&2
	lo --convert-to pdf --outdir "$WORK" "$WORK/$book.xlsx" || fail "soffice --convert-to pdf failed: $(cat "$WORK/soffice.log")"
	[ -s "$WORK/$book.pdf" ] || fail "soffice wrote no $book.pdf: $(cat "$WORK/soffice.log")"
	lo --convert-to "$csv" --outdir "$WORK" "$WORK/$book.xlsx" || fail "soffice --convert-to csv failed: $(cat "$WORK/soffice.log")"
done

pdftotext -layout "$WORK/report.pdf" "$WORK/report-pdf.txt"
for want in "Director report" "People served" "Completion rate" "Opt-out rate" "Pre-registered" "What it counts" \
	"Check-ins by month" "Check-ins by event kind" "People served by language"; do
	grep -qF "$want" "$WORK/report-pdf.txt" || fail "the PDF LibreOffice made of the report has no \"$want\""
done
python3 scripts/check-workbook.py report "$WORK"
python3 scripts/check-workbook.py roster "$WORK"
python3 scripts/check-workbook.py pages "$WORK/roster.pdf" "Case manager" "Participant" "Notes / result"

pages=$(pdfinfo "$WORK/report.pdf" 2>/dev/null | awk '$1 == "Pages:" { print $2 }')
rpages=$(pdfinfo "$WORK/roster.pdf" 2>/dev/null | awk '$1 == "Pages:" { print $2 }')
echo "check-workbook: PASS ($(soffice --version 2>/dev/null | head -1); report PDF of ${pages:-?} pages, roster PDF of ${rpages:-?} pages)" >&2
