#!/usr/bin/env bash
# Opens a director report workbook with another spreadsheet program
# (make check-workbook): builds frontdeskctl, makes a demo database, writes
# a year's report as .xlsx, then has headless LibreOffice Calc convert it to
# PDF (every sheet, charts included) and to CSV (the Summary sheet). Fails
# when a conversion fails or its output lacks the report's sheets, figures
# or chart titles. Installs LibreOffice first (scripts/deps.sh --libreoffice).
#
#   KEEP=1   keep the work folder (workbook, PDF, CSV) and print its path
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

echo "check-workbook: demo database (500 participants, 2000 check-ins)" >&2
ctl demo --participants 500 --checkins 2000 >/dev/null 2>&1 || fail "frontdeskctl demo failed"
to=$(date +%F)
from=$(date -d "$to -1 year +1 day" +%F)
ctl report --from "$from" --to "$to" --out "$WORK/report.xlsx" >"$WORK/report.txt" || fail "frontdeskctl report failed"
# the check-in total as the command printed it (first "Check-ins" line)
total=$(awk '$1 == "Check-ins" && NF == 2 { print $2; exit }' "$WORK/report.txt")
people=$(awk '$1 == "People" && $2 == "served" { print $3; exit }' "$WORK/report.txt")
[ -n "$total" ] && [ "$total" -gt 0 ] || fail "the report counted no check-ins: $(cat "$WORK/report.txt")"
echo "check-workbook: report $from – $to: $total check-ins, $people people served" >&2

# soffice keeps its profile in $HOME; give it a fresh one
lo() {
	timeout 300 soffice -env:UserInstallation="file://$WORK/profile" --headless --norestore "$@" >>"$WORK/soffice.log" 2>&1
}
echo "check-workbook: LibreOffice: xlsx -> pdf" >&2
lo --convert-to pdf --outdir "$WORK" "$WORK/report.xlsx" || fail "soffice --convert-to pdf failed: $(cat "$WORK/soffice.log")"
[ -s "$WORK/report.pdf" ] || fail "soffice wrote no PDF: $(cat "$WORK/soffice.log")"
pdftotext -layout "$WORK/report.pdf" "$WORK/report-pdf.txt"
for want in "Director report" "People served" "Completion rate" "Opt-out rate" "Pre-registered" "What it counts" \
	"Check-ins by month" "Check-ins by event kind" "People served by language"; do
	grep -qF "$want" "$WORK/report-pdf.txt" || fail "the PDF LibreOffice made has no \"$want\""
done

echo "check-workbook: LibreOffice: xlsx -> csv (Summary)" >&2
lo --convert-to csv --outdir "$WORK" "$WORK/report.xlsx" || fail "soffice --convert-to csv failed: $(cat "$WORK/soffice.log")"
[ -s "$WORK/report.csv" ] || fail "soffice wrote no CSV"
# Check-ins,Check-ins,"1,234": the value LibreOffice shows, separators dropped
shown=$(awk -F, '$1 == "Check-ins" && $2 == "Check-ins" { v = substr($0, length("Check-ins,Check-ins,") + 1); gsub(/[",]/, "", v); print v; exit }' "$WORK/report.csv")
[ "$shown" = "$total" ] || fail "LibreOffice shows $shown check-ins in the Summary, frontdeskctl printed $total: $(head -20 "$WORK/report.csv")"
grep -q '^People,People served,' "$WORK/report.csv" || fail "the Summary CSV has no People served row"
grep -q '^Conversion,Conversion rate,[0-9.]*%' "$WORK/report.csv" || fail "the conversion rate is not shown as a percentage: $(grep 'Conversion rate' "$WORK/report.csv")"

pages=$(pdfinfo "$WORK/report.pdf" 2>/dev/null | awk '$1 == "Pages:" { print $2 }')
echo "check-workbook: PASS ($(soffice --version 2>/dev/null | head -1); PDF of ${pages:-?} pages)" >&2
