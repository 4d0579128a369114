package data

import (
	"context"
	"time"

	"frontdesk/app"
)

// wioaCohort is the WHERE clause of an exit cohort (?1 first day, ?2 last
// day, ?3 the site or 0), over followup_cases c and participants p.
const wioaCohort = `c.exit_date >= ?1 AND c.exit_date <= ?2 AND (?3 = 0 OR p.site_id = ?3)`

// WIOAExits reads an exit cohort for the WIOA preview in three statements:
// the cases with their people, then the cohort's forms, then its contact
// log from each exit on.
func (t *txn) WIOAExits(ctx context.Context, siteID int64, first, last time.Time) ([]app.WIOAExit, error) {
	args := []any{dateText(first), dateText(last), siteID}
	exits, err := queryAll(ctx, t.q, func(sc rowScanner) (app.WIOAExit, error) {
		var x app.WIOAExit
		var err error
		x.Participant, err = scanParticipant(scanFunc(func(pDest ...any) (err error) {
			// the person's columns, then the case's
			x.Case, err = scanFollowupCase(prefixScanner{sc, pDest})
			return err
		}))
		return x, err
	}, `SELECT `+prefixed("p.", participantCols)+`, `+followupCaseCols+` FROM followup_cases c
		JOIN participants p ON p.id = c.participant_id LEFT JOIN staff s ON s.id = c.case_manager_id
		WHERE `+wioaCohort+` ORDER BY c.exit_date, c.participant_id`, args...)
	if err != nil || len(exits) == 0 {
		return exits, err
	}
	at := map[int64]int{}
	for i, x := range exits {
		at[x.Participant.ID] = i
	}
	forms, err := queryAll(ctx, t.q, scanFollowupForm, `SELECT `+prefixed("f.", followupFormCols)+` FROM followup_forms f
		JOIN followup_cases c ON c.participant_id = f.participant_id JOIN participants p ON p.id = c.participant_id
		WHERE `+wioaCohort+` ORDER BY f.participant_id, f.day, f.id`, args...)
	if err != nil {
		return nil, err
	}
	for _, f := range forms {
		x := &exits[at[f.ParticipantID]]
		x.Forms = append(x.Forms, f)
	}
	attempts, err := queryAll(ctx, t.q, scanFollowupAttempt, `SELECT `+prefixed("a.", followupAttemptCols)+` FROM followup_attempts a
		JOIN followup_cases c ON c.participant_id = a.participant_id JOIN participants p ON p.id = c.participant_id
		WHERE `+wioaCohort+` AND a.day >= c.exit_date ORDER BY a.participant_id, a.day, a.id`, args...)
	if err != nil {
		return nil, err
	}
	for _, a := range attempts {
		x := &exits[at[a.ParticipantID]]
		x.Attempts = append(x.Attempts, a)
	}
	return exits, nil
}
