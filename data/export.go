package data

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"
)

// rosterSelect is the roster's one query: the participants who may be
// texted, with their flags from correlated subqueries that each read one
// participant's rows through an index (checkins_participant,
// visits_participant, registrations_participant, events' primary key), so
// the whole roster is one pass over the site's participants.
const rosterSelect = `SELECT p.id, p.first_name, p.last_name, p.phone, COALESCE(p.email,''), p.language, p.status, p.created_at,
	EXISTS(SELECT 1 FROM checkins c JOIN events e ON e.id=c.event_id
		WHERE c.participant_id=p.id AND c.undone_at IS NULL AND e.kind='orientation'),
	(SELECT max(c.at) FROM checkins c WHERE c.participant_id=p.id AND c.undone_at IS NULL),
	(SELECT max(v.at) FROM visits v WHERE v.participant_id=p.id AND v.undone_at IS NULL),
	ne.start_at, ne.title
FROM participants p
LEFT JOIN events ne ON ne.id=(SELECT r.event_id FROM registrations r JOIN events e ON e.id=r.event_id
	WHERE r.participant_id=p.id AND e.cancelled=0 AND e.start_at>=?1 AND e.start_at<?2
	ORDER BY e.start_at, e.id LIMIT 1)`

// rosterWhere picks the participants a roster may hold (and, with a
// ChangedSince, only those whose record, check-ins, visits or
// registrations changed after it).
func rosterWhere(q app.RosterQuery) (string, []any) {
	var b strings.Builder
	// A STOP comes from a phone: nobody sharing a phone that opted out is
	// texted (participants_phone index).
	b.WriteString(` WHERE p.site_id=?3 AND p.consent_given=1 AND p.opt_out_at IS NULL AND p.phone IS NOT NULL AND p.phone<>''
		AND NOT EXISTS(SELECT 1 FROM participants o WHERE o.phone=p.phone AND o.opt_out_at IS NOT NULL)`)
	args := []any{ts(q.NextFrom), ts(q.NextTo), q.SiteID}
	if !q.ChangedSince.IsZero() {
		b.WriteString(` AND (p.updated_at>?4 OR p.created_at>?4
			OR EXISTS(SELECT 1 FROM checkins c WHERE c.participant_id=p.id AND (c.at>?4 OR c.undone_at>?4))
			OR EXISTS(SELECT 1 FROM visits v WHERE v.participant_id=p.id AND (v.at>?4 OR v.undone_at>?4))
			OR EXISTS(SELECT 1 FROM registrations r WHERE r.participant_id=p.id AND r.at>?4))`)
		args = append(args, ts(q.ChangedSince))
	}
	return b.String(), args
}

// RosterRows streams the roster (see app.Tx).
func (t *txn) RosterRows(ctx context.Context, q app.RosterQuery, fn func(*app.RosterRow) error) error {
	if err := t.bigCache(ctx); err != nil {
		return err
	}
	where, args := rosterWhere(q)
	order := ` ORDER BY p.id`
	if q.ByPhone {
		order = ` ORDER BY p.phone, p.id`
	}
	rows, err := t.q.QueryContext(ctx, rosterSelect+where+order, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r app.RosterRow
	var status, created string
	var lastCheckIn, lastVisit, nextStart, nextTitle sql.NullString
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.FirstName, &r.LastName, &r.Phone, &r.Email, &r.Language, &status, &created,
			&r.Oriented, &lastCheckIn, &lastVisit, &nextStart, &nextTitle); err != nil {
			return err
		}
		r.Status = app.Status(status)
		r.CreatedAt = parseTS(created)
		last := lastCheckIn.String
		if lastVisit.String > last {
			last = lastVisit.String
		}
		r.LastVisit = parseOptTS(last)
		r.NextEventStart = parseOptTS(nextStart.String)
		r.NextEventTitle = nextTitle.String
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountRosterRows counts the roster (see app.Tx).
func (t *txn) CountRosterRows(ctx context.Context, q app.RosterQuery) (int, error) {
	if err := t.bigCache(ctx); err != nil {
		return 0, err
	}
	where, args := rosterWhere(q)
	var n int
	// the ?1 and ?2 of the full query are not used here, but keep the
	// numbering of the arguments (cast: a server must know their type)
	err := t.q.QueryRowContext(ctx, `SELECT count(*) FROM participants p`+where+` AND CAST(?1 AS TEXT) IS NOT NULL AND CAST(?2 AS TEXT) IS NOT NULL`, args...).Scan(&n)
	return n, err
}

// parseOptTS parses a stored instant, or gives the zero time for "".
func parseOptTS(s string) (t0 time.Time) {
	if s == "" {
		return t0
	}
	return parseTS(s)
}

// exportCacheKiB is the page cache of a connection that has run a roster
// export: large enough that the count and the rows of a 100k-participant
// roster read the file once (SQLite's default, 2 MiB, reads it twice from
// the operating system). The memory is only taken as pages are read.
const exportCacheKiB = 64 << 10

// bigCache raises the connection's page cache to exportCacheKiB (a
// SQLite file's; a server has its own).
func (t *txn) bigCache(ctx context.Context) error {
	if onServer(t.q) {
		return nil
	}
	_, err := t.q.ExecContext(ctx, `PRAGMA cache_size=-`+strconv.Itoa(exportCacheKiB))
	return err
}
