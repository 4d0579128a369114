package data

import (
	"context"
	"strings"

	"frontdesk/app"
)

// registrantCols are participantCols qualified with the participants
// table's alias "p", for joins.
var registrantCols = "p." + strings.ReplaceAll(participantCols, ",", ",p.")

// EventRegistrants lists the participants pre-registered for an event in
// name order: by the folded "last first" search key (so accents and case do
// not change the order), then id.
func (t *txn) EventRegistrants(ctx context.Context, eventID int64) ([]app.Participant, error) {
	return t.list(ctx, `SELECT `+registrantCols+` FROM registrations r
		JOIN participants p ON p.id = r.participant_id
		WHERE r.event_id = ?
		ORDER BY `+sheetOrder, eventID)
}
