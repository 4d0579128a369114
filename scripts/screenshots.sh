#!/bin/sh
# Takes the README's screenshots under Xvfb, on a fresh demo database: the
# check-in screen mid-use (English and Spanish), docs/checkin.png and
# docs/checkin-es.png, and the director's Reports tab, docs/dashboard.png.
# "scripts/screenshots.sh dashboard" takes only the last. Needs the packages
# scripts/deps.sh installs. SHOTS_DISPLAY picks the X display (:98).
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
go build -o bin/frontdesk ./cmd/frontdesk
CGO_ENABLED=0 go build -o bin/frontdeskctl ./cmd/frontdeskctl
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/demo.db"
bin/frontdeskctl demo --db "$db" --participants 3000 --seed 7 >/dev/null 2>&1
# a first administrator who also works the desk and directs the center
export FRONTDESK_PASSWORD="desk photos only 2026"
bin/frontdeskctl init --db "$db" --admin rosa --admin-name "Rosa Delgado" \
	--confidentiality "$(date -d '-60 days' +%F)" --training "$(date -d '-60 days' +%F)" >/dev/null
bin/frontdeskctl user set-roles rosa --roles front_desk,administrator,director --user rosa --db "$db" >/dev/null
event=$(sqlite3 "$db" "SELECT id FROM events WHERE title LIKE '%(now)'")
codes=$(sqlite3 "$db" "SELECT p.code FROM registrations r JOIN participants p ON p.id = r.participant_id
	WHERE r.event_id = $event AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = $event AND c.participant_id = p.id)
	AND p.first_name GLOB '[A-Z]*' ORDER BY p.id LIMIT 4")
walkin=$(sqlite3 "$db" "SELECT code FROM participants p WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = $event AND r.participant_id = p.id) ORDER BY id DESC LIMIT 1")
display=${SHOTS_DISPLAY:-:98}
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
sleep 1
export DISPLAY="$display"

shoot() { # LANG, output, last code
	LANG=$1 LC_ALL=$1 bin/frontdesk --db "$db" >"$work/app.log" 2>&1 &
	app=$!
	sleep 3
	win=$(xdotool search --sync --name "Front Desk" | head -1)
	xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0
	sleep 0.5
	xdotool type --delay 15 rosa
	xdotool key Tab
	xdotool type --delay 15 "$FRONTDESK_PASSWORD"
	xdotool key Return
	sleep 1.5
	for c in $4; do
		xdotool type --delay 15 "$c"
		xdotool key Return
		sleep 0.4
	done
	xdotool type --delay 15 "$walkin"
	xdotool key Tab
	sleep 0.4
	xdotool type --delay 15 "$3"
	xdotool key Return
	sleep 0.4
	xdotool type --delay 60 "jos"
	sleep 1
	import -window root "$2"
	kill "$app"
	wait "$app" 2>/dev/null || true
}
# the Reports tab for this quarter; the clicks are at the places of the
# 1280x800 window: the Reports tab, the presets, "This quarter", Show
dashboard() {
	LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 bin/frontdesk --db "$db" >"$work/app.log" 2>&1 &
	app=$!
	sleep 3
	win=$(xdotool search --sync --name "Front Desk" | head -1)
	xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0
	sleep 0.5
	xdotool type --delay 15 rosa
	xdotool key Tab
	xdotool type --delay 15 "$FRONTDESK_PASSWORD"
	xdotool key Return
	sleep 1.5
	xdotool mousemove 496 67 click 1
	sleep 3
	xdotool mousemove 810 107 click 1
	sleep 0.5
	xdotool mousemove 790 219 click 1
	sleep 0.3
	xdotool mousemove 938 107 click 1
	sleep 4
	xdotool mousemove 640 147
	sleep 0.3
	import -window root docs/dashboard.png
	kill "$app"
	wait "$app" 2>/dev/null || true
}
mkdir -p docs
if [ "${1:-}" = dashboard ]; then
	dashboard
	echo "wrote docs/dashboard.png"
	exit 0
fi
set -- $codes
first=$1
rest="$2 $3"
shoot en_US.UTF-8 docs/checkin.png "$4" "$first $rest"
shoot es_MX.UTF-8 docs/checkin-es.png "$first" "$walkin"
dashboard
echo "wrote docs/checkin.png docs/checkin-es.png docs/dashboard.png"
