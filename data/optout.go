package data

import (
	"context"
	"time"
)

// OptOutParticipant sets the participant's opt-out once: a participant who
// already opted out keeps their first date and source.
func (t *txn) OptOutParticipant(ctx context.Context, id int64, at time.Time, via string) (bool, error) {
	res, err := t.q.ExecContext(ctx, `UPDATE participant_rows SET opt_out_at=?, opt_out_via=?, updated_at=? WHERE id=? AND opt_out_at IS NULL`,
		ts(at), via, ts(at), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if n == 0 {
		if _, err := t.Participant(ctx, id); err != nil {
			return false, err
		}
	}
	return n == 1, nil
}
