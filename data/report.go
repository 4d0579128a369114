package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"frontdesk/app"
)

// The director report's figures (app.ReportTx). Every count is made here in
// SQL; Go only passes in the instants the service computed per site (table b)
// and per month (table m) as VALUES tables, so time zones and DST never reach
// SQLite. Queries start from b or m (CROSS JOIN fixes that order) and range
// over the time indexes (checkins_at, visits_site_at, events_site_start,
// loans_out, followup_contacts_day).

// reportWith returns the WITH clause that defines b(site_id, lo, hi, asof,
// asof_day) and, when months is set, m(site_id, label, lo, hi), and its args.
//
// The site ids are cast to INTEGER: a PostgreSQL server would otherwise
// take the VALUES' parameters for text.
func reportWith(r app.ReportRange, months bool) (string, []any) {
	var sb strings.Builder
	var args []any
	sb.WriteString("WITH b(site_id, lo, hi, asof, asof_day) AS (")
	if len(r.Sites) == 0 {
		sb.WriteString("SELECT CAST(NULL AS INTEGER), NULL, NULL, NULL, NULL WHERE false")
	} else {
		sb.WriteString("VALUES ")
		for i, s := range r.Sites {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(CAST(? AS INTEGER), ?, ?, ?, ?)")
			args = append(args, s.SiteID, ts(s.Lo), ts(s.Hi), ts(s.AsOf), dateText(s.AsOfDay))
		}
	}
	sb.WriteString(")")
	if months {
		sb.WriteString(",\nm(site_id, label, lo, hi) AS (")
		if len(r.Months) == 0 {
			sb.WriteString("SELECT CAST(NULL AS INTEGER), NULL, NULL, NULL WHERE false")
		} else {
			sb.WriteString("VALUES ")
			for i, m := range r.Months {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(CAST(? AS INTEGER), ?, ?, ?)")
				args = append(args, m.SiteID, m.Label, ts(m.Lo), ts(m.Hi))
			}
		}
		sb.WriteString(")")
	}
	return sb.String(), args
}

// SQL fragments over b.
const (
	// the active check-ins (at events not cancelled) made in the range, as pid
	sqlRangeCheckIns = `SELECT c.participant_id AS pid FROM b CROSS JOIN checkins c INDEXED BY checkins_at
		CROSS JOIN events e ON e.id = c.event_id
		WHERE c.at >= b.lo AND c.at < b.hi AND c.undone_at IS NULL AND e.site_id = b.site_id AND e.cancelled = 0`
	// the active visits made in the range, as pid
	sqlRangeVisits = `SELECT v.participant_id AS pid FROM b CROSS JOIN visits v
		WHERE v.site_id = b.site_id AND v.at >= b.lo AND v.at < b.hi AND v.undone_at IS NULL`
	// act: the participants served in the range
	sqlAct = `act AS (` + sqlRangeCheckIns + ` UNION ` + sqlRangeVisits + `)`
	// sqlEarlier is true when participant pid has an active check-in or
	// visit before the range (by its own site's days)
	sqlEarlier = `(EXISTS (SELECT 1 FROM b b2 CROSS JOIN checkins c2 INDEXED BY checkins_participant CROSS JOIN events e2 ON e2.id = c2.event_id
			WHERE c2.participant_id = %[1]s AND c2.at < b2.lo AND c2.undone_at IS NULL AND e2.site_id = b2.site_id AND e2.cancelled = 0)
		OR EXISTS (SELECT 1 FROM b b2 CROSS JOIN visits v2
			WHERE v2.participant_id = %[1]s AND v2.site_id = b2.site_id AND v2.at < b2.lo AND v2.undone_at IS NULL))`
	// rangeEvents: events starting in the range, not cancelled
	sqlRangeEvents = `SELECT e.id, e.end_at FROM b CROSS JOIN events e
		WHERE e.site_id = b.site_id AND e.start_at >= b.lo AND e.start_at < b.hi AND e.cancelled = 0`
	// o: the participants oriented in the range (pid, at) and when they
	// enrolled after it (NULL: not yet)
	sqlOriented = `fo AS MATERIALIZED (
		SELECT c.participant_id AS pid, min(c.at) AS at
		FROM b CROSS JOIN checkins c INDEXED BY checkins_at CROSS JOIN events e ON e.id = c.event_id
		WHERE c.at >= b.lo AND c.at < b.hi AND c.undone_at IS NULL AND e.site_id = b.site_id
			AND e.cancelled = 0 AND e.kind = 'orientation'
		GROUP BY c.participant_id),
	o AS MATERIALIZED (
		SELECT fo.pid AS pid, fo.at AS at,
			(SELECT min(x) FROM (
				SELECT en.at AS x FROM enrolments en WHERE en.participant_id = fo.pid AND en.at >= fo.at
				UNION ALL
				SELECT sc.at FROM status_changes sc WHERE sc.participant_id = fo.pid AND sc.to_status = 'enrolled' AND sc.at >= fo.at) AS later) AS enrolled
		FROM fo
		WHERE NOT EXISTS (SELECT 1 FROM b b2 CROSS JOIN checkins c2 INDEXED BY checkins_participant CROSS JOIN events e2 ON e2.id = c2.event_id
			WHERE c2.participant_id = fo.pid AND c2.at < b2.lo AND c2.undone_at IS NULL AND e2.site_id = b2.site_id
				AND e2.cancelled = 0 AND e2.kind = 'orientation'))`
	// loans out as of b.asof, with b
	sqlOpenLoans = `FROM b CROSS JOIN loans l INDEXED BY loans_out
		WHERE l.site_id = b.site_id AND l.out_at < b.asof AND (l.returned_at IS NULL OR l.returned_at >= b.asof)`
)

func (t *txn) ReportCheckIns(ctx context.Context, r app.ReportRange) (app.CheckInFigures, error) {
	with, args := reportWith(r, true)
	q := with + `,
	ce AS MATERIALIZED (
		SELECT m.site_id AS site_id, m.label AS label, c.event_id AS eid, count(*) AS n
		FROM m CROSS JOIN checkins c INDEXED BY checkins_at
		WHERE c.at >= m.lo AND c.at < m.hi AND c.undone_at IS NULL
		GROUP BY m.site_id, m.label, c.event_id),
	cm AS MATERIALIZED (
		SELECT ce.label AS label, e.kind AS kind, sum(ce.n) AS n
		FROM ce CROSS JOIN events e ON e.id = ce.eid
		WHERE e.site_id = ce.site_id AND e.cancelled = 0
		GROUP BY ce.label, e.kind)
	SELECT 'total', '', coalesce(sum(n), 0) FROM cm
	UNION ALL SELECT 'kind', kind, sum(n) FROM cm GROUP BY kind
	UNION ALL SELECT 'month', label, sum(n) FROM cm GROUP BY label`
	var f app.CheckInFigures
	kinds, months := map[string]int{}, map[string]int{}
	err := t.groups(ctx, q, args, func(fig, key string, n int) {
		switch fig {
		case "total":
			f.Total = n
		case "kind":
			kinds[key] = n
		case "month":
			months[key] = n
		}
	})
	if err != nil {
		return f, err
	}
	for _, k := range app.EventKinds {
		if n, ok := kinds[string(k)]; ok {
			f.ByKind = append(f.ByKind, app.CountRow{Key: string(k), Count: n})
			delete(kinds, string(k))
		}
	}
	for k, n := range kinds { // a kind this version does not know
		f.ByKind = append(f.ByKind, app.CountRow{Key: k, Count: n})
	}
	seen := map[string]bool{}
	for _, m := range r.Months {
		if !seen[m.Label] {
			seen[m.Label] = true
			f.ByMonth = append(f.ByMonth, app.CountRow{Key: m.Label, Count: months[m.Label]})
		}
	}
	return f, nil
}

// groups runs a query of (figure, key, count) rows.
func (t *txn) groups(ctx context.Context, q string, args []any, fn func(fig, key string, n int)) error {
	rows, err := t.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fig string
		var key sql.NullString
		var n int
		if err := rows.Scan(&fig, &key, &n); err != nil {
			return err
		}
		fn(fig, key.String, n)
	}
	return rows.Err()
}

func (t *txn) ReportEvents(ctx context.Context, r app.ReportRange) ([]app.EventRow, error) {
	with, args := reportWith(r, false)
	q := with + `
	SELECT id, site_id, title, kind, start_at, capacity, reg, att, walk, CASE WHEN ended THEN reg - att ELSE 0 END, checked, ended FROM (
		SELECT e.id, e.site_id, e.title, e.kind, e.start_at, e.capacity, e.end_at < ? AS ended,
			n.registered AS reg, n.checked_in - n.walk_ins AS att, n.walk_ins AS walk, n.checked_in AS checked
		FROM b CROSS JOIN events e JOIN event_counts n ON n.event_id = e.id
		WHERE e.site_id = b.site_id AND e.start_at >= b.lo AND e.start_at < b.hi AND e.cancelled = 0) AS ev
	ORDER BY start_at, id`
	args = append(args, ts(r.Now))
	return queryAll(ctx, t.q, func(sc rowScanner) (app.EventRow, error) {
		var e app.EventRow
		var kind, start string
		err := sc.Scan(&e.EventID, &e.SiteID, &e.Title, &kind, &start, &e.Capacity, &e.PreRegistered, &e.Attended, &e.WalkIns, &e.NoShows, &e.CheckedIn, &e.Ended)
		e.Kind, e.Start = app.EventKind(kind), parseTS(start)
		return e, err
	}, q, args...)
}

func (t *txn) ReportPeople(ctx context.Context, r app.ReportRange) (app.PeopleFigures, error) {
	with, args := reportWith(r, false)
	q := with + `, ` + sqlAct + `,
	ip AS MATERIALIZED (
		SELECT p.zip AS zip, p.language AS language, ` + fmt.Sprintf(sqlEarlier, "p.id") + ` AS ret
		FROM act JOIN participants p ON p.id = act.pid)
	SELECT 'returning', CASE WHEN ret THEN '1' ELSE '0' END, count(*) FROM ip GROUP BY ret
	UNION ALL SELECT 'zip', zip, count(*) FROM ip GROUP BY zip
	UNION ALL SELECT 'language', language, count(*) FROM ip GROUP BY language
	ORDER BY 1, 3 DESC, 2`
	var f app.PeopleFigures
	err := t.groups(ctx, q, args, func(fig, key string, n int) {
		switch fig {
		case "returning":
			if key == "1" {
				f.Returning = n
			} else {
				f.New = n
			}
			f.Unique += n
		case "zip":
			f.ByZIP = append(f.ByZIP, app.CountRow{Key: key, Count: n})
		case "language":
			f.ByLanguage = append(f.ByLanguage, app.CountRow{Key: key, Count: n})
		}
	})
	return f, err
}

func (t *txn) ReportVisits(ctx context.Context, r app.ReportRange) (app.VisitFigures, error) {
	with, args := reportWith(r, false)
	q := with + `,
	vv AS MATERIALIZED (SELECT v.participant_id AS pid, v.reason AS reason FROM b CROSS JOIN visits v
		WHERE v.site_id = b.site_id AND v.at >= b.lo AND v.at < b.hi AND v.undone_at IS NULL)
	SELECT 'total', '', count(*) FROM vv
	UNION ALL SELECT 'visitors', '', count(DISTINCT pid) FROM vv
	UNION ALL SELECT 'reason', reason, count(*) FROM vv GROUP BY reason`
	var f app.VisitFigures
	reasons := map[string]int{}
	err := t.groups(ctx, q, args, func(fig, key string, n int) {
		switch fig {
		case "total":
			f.Total = n
		case "visitors":
			f.Visitors = n
		case "reason":
			reasons[key] = n
		}
	})
	for _, k := range app.VisitReasons {
		if n, ok := reasons[k]; ok {
			f.ByReason = append(f.ByReason, app.CountRow{Key: k, Count: n})
			delete(reasons, k)
		}
	}
	for k, n := range reasons {
		f.ByReason = append(f.ByReason, app.CountRow{Key: k, Count: n})
	}
	return f, err
}

func (t *txn) ReportConversion(ctx context.Context, r app.ReportRange) (app.ConversionFigures, error) {
	with, args := reportWith(r, false)
	q := with + `, ` + sqlOriented + `,
	l AS MATERIALIZED (SELECT julianday(enrolled) - julianday(at) AS lag FROM o WHERE enrolled IS NOT NULL)
	SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM l), (SELECT avg(lag) FROM l),
		(SELECT avg(lag) FROM (SELECT lag FROM l ORDER BY lag
			LIMIT 2 - (SELECT count(*) FROM l) % 2 OFFSET ((SELECT count(*) FROM l) - 1) / 2) AS mid)`
	var f app.ConversionFigures
	var avg, med sql.NullFloat64
	if err := t.q.QueryRowContext(ctx, q, args...).Scan(&f.Oriented, &f.Converted, &avg, &med); err != nil {
		return f, err
	}
	f.AvgLag, f.MedianLag = avg.Float64, med.Float64
	if f.Oriented > 0 {
		f.Rate = float64(f.Converted) / float64(f.Oriented)
	}
	return f, nil
}

func (t *txn) ReportKits(ctx context.Context, r app.ReportRange) (app.KitReportFigures, error) {
	with, args := reportWith(r, false)
	q := with + `
	SELECT
		(SELECT count(*) FROM b CROSS JOIN loans l INDEXED BY loans_out
			WHERE l.site_id = b.site_id AND l.out_at >= b.lo AND l.out_at < b.hi),
		(SELECT count(*) ` + sqlOpenLoans + `),
		(SELECT count(*) ` + sqlOpenLoans + ` AND l.due_date < b.asof_day),
		(SELECT count(*) FROM b CROSS JOIN loans l
			WHERE l.site_id = b.site_id AND l.status = 'lost' AND l.returned_at >= b.lo AND l.returned_at < b.hi),
		(SELECT total(max(0, julianday(min(coalesce(l.returned_at, b.asof), b.asof)) - julianday(max(l.out_at, b.lo))))
			FROM b CROSS JOIN loans l INDEXED BY loans_out
			WHERE l.site_id = b.site_id AND l.out_at < b.asof AND (l.returned_at IS NULL OR l.returned_at > b.lo)),
		(SELECT total(max(0, julianday(CASE WHEN k.status IN ('retired', 'lost') AND k.updated_at < b.asof THEN k.updated_at ELSE b.asof END)
				- julianday(max(k.created_at, b.lo))))
			FROM b CROSS JOIN kits k WHERE k.site_id = b.site_id AND k.created_at < b.asof),
		(SELECT count(*) FROM b CROSS JOIN loans l
			WHERE l.site_id = b.site_id AND l.status = 'returned' AND l.returned_at >= b.lo AND l.returned_at < b.hi),
		(SELECT avg(julianday(l.returned_at) - julianday(l.out_at)) FROM b CROSS JOIN loans l
			WHERE l.site_id = b.site_id AND l.status = 'returned' AND l.returned_at >= b.lo AND l.returned_at < b.hi)`
	var f app.KitReportFigures
	var avg sql.NullFloat64
	err := t.q.QueryRowContext(ctx, q, args...).Scan(&f.Circulations, &f.OpenLoans, &f.Overdue, &f.Lost, &f.LoanDays, &f.KitDays, &f.Returned, &avg)
	if err != nil {
		return f, err
	}
	f.AvgLoanDays = avg.Float64
	if f.KitDays > 0 {
		f.Utilisation = f.LoanDays / f.KitDays
	}
	return f, nil
}

func (t *txn) ReportFollowups(ctx context.Context, r app.ReportRange) (app.FollowupReportFigures, error) {
	with, args := reportWith(r, false)
	q := with + `
	SELECT count(*), count(*) FILTER (WHERE fc.status = 'done'), count(*) FILTER (WHERE fc.status = 'non_responsive'),
		count(*) FILTER (WHERE fc.status = 'open'), count(*) FILTER (WHERE fc.status = 'open' AND fc.due < b.asof_day)
	FROM followup_contacts fc INDEXED BY followup_contacts_day
		JOIN participants p ON p.id = fc.participant_id JOIN b ON b.site_id = p.site_id
	WHERE fc.due >= ? AND fc.due <= ?`
	args = append(args, dateText(r.From), dateText(r.To))
	var f app.FollowupReportFigures
	if err := t.q.QueryRowContext(ctx, q, args...).Scan(&f.Due, &f.Done, &f.NonResponsive, &f.Open, &f.Overdue); err != nil {
		return f, err
	}
	if f.Due > 0 {
		f.CompletionRate = float64(f.Done) / float64(f.Due)
	}
	return f, nil
}

func (t *txn) ReportSMS(ctx context.Context, r app.ReportRange) (app.SMSFigures, error) {
	with, args := reportWith(r, false)
	const consented = `p.consent_given = 1 AND (p.consent_at IS NULL OR p.consent_at < b.hi)`
	q := with + `
	SELECT count(*),
		count(*) FILTER (WHERE ` + consented + `),
		count(*) FILTER (WHERE p.opt_out_at < b.hi),
		count(*) FILTER (WHERE ` + consented + ` AND p.phone IS NOT NULL AND (p.opt_out_at IS NULL OR p.opt_out_at >= b.hi)),
		count(*) FILTER (WHERE p.consent_given = 1 AND p.consent_at >= b.lo AND p.consent_at < b.hi),
		count(*) FILTER (WHERE p.opt_out_at >= b.lo AND p.opt_out_at < b.hi)
	FROM b CROSS JOIN participants p
	WHERE p.site_id = b.site_id AND p.created_at < b.hi`
	var f app.SMSFigures
	if err := t.q.QueryRowContext(ctx, q, args...).Scan(&f.Participants, &f.Consented, &f.OptedOut, &f.Textable, &f.NewConsents, &f.NewOptOuts); err != nil {
		return f, err
	}
	if f.Participants > 0 {
		f.ConsentRate = float64(f.Consented) / float64(f.Participants)
		f.OptOutRate = float64(f.OptedOut) / float64(f.Participants)
	}
	return f, nil
}

func (t *txn) ReportParticipants(ctx context.Context, r app.ReportRange, figure, key string, limit int) ([]app.Participant, error) {
	with, args := reportWith(r, false)
	var ctes, sel string // extra CTEs (", x AS (...)") and the query of participant ids
	eventFilter := ""
	switch figure {
	case app.FigureAttended, app.FigureWalkIns, app.FigureNoShows:
		if key != "" {
			id, err := strconv.ParseInt(key, 10, 64)
			if err != nil || id <= 0 {
				return nil, app.FieldErrorf("key", "%q is not an event number", key)
			}
			eventFilter = fmt.Sprintf(" AND e.id = %d", id)
		}
	}
	switch figure {
	case app.FigureUnique:
		ctes, sel = `, `+sqlAct, `SELECT pid FROM act`
	case app.FigureNew:
		ctes, sel = `, `+sqlAct, `SELECT pid FROM act WHERE NOT `+fmt.Sprintf(sqlEarlier, "act.pid")
	case app.FigureReturning:
		ctes, sel = `, `+sqlAct, `SELECT pid FROM act WHERE `+fmt.Sprintf(sqlEarlier, "act.pid")
	case app.FigureZIP, app.FigureLanguage:
		col := "zip"
		if figure == app.FigureLanguage {
			col = "language"
		}
		ctes, sel = `, `+sqlAct, `SELECT act.pid FROM act JOIN participants p ON p.id = act.pid WHERE p.`+col+` = ?`
		args = append(args, key)
	case app.FigureAttended:
		sel = `SELECT c.participant_id FROM (` + sqlRangeEvents + eventFilter + `) e JOIN checkins c ON c.event_id = e.id
			AND c.undone_at IS NULL AND c.walk_in = 0`
	case app.FigureNoShows:
		sel = `SELECT rg.participant_id FROM (` + sqlRangeEvents + eventFilter + `) e JOIN registrations rg ON rg.event_id = e.id
			WHERE e.end_at < ? AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.event_id = rg.event_id AND c.participant_id = rg.participant_id AND c.undone_at IS NULL AND c.walk_in = 0)`
		args = append(args, ts(r.Now))
	case app.FigureWalkIns:
		sel = `SELECT c.participant_id FROM (` + sqlRangeEvents + eventFilter + `) e JOIN checkins c ON c.event_id = e.id
			AND c.undone_at IS NULL AND c.walk_in = 1`
	case app.FigureOriented:
		ctes, sel = `, `+sqlOriented, `SELECT pid FROM o`
	case app.FigureConverted:
		ctes, sel = `, `+sqlOriented, `SELECT pid FROM o WHERE enrolled IS NOT NULL`
	case app.FigureNonResponsive:
		sel = `SELECT fc.participant_id FROM followup_contacts fc INDEXED BY followup_contacts_day
			JOIN participants p ON p.id = fc.participant_id JOIN b ON b.site_id = p.site_id
			WHERE fc.due >= ? AND fc.due <= ? AND fc.status = 'non_responsive'`
		args = append(args, dateText(r.From), dateText(r.To))
	case app.FigureOverdueLoans:
		sel = `SELECT l.participant_id ` + sqlOpenLoans + ` AND l.due_date < b.asof_day`
	default:
		return nil, app.FieldErrorf("figure", "%q is not a figure that lists people", figure)
	}
	q := with + ctes + `, ids(id) AS (` + sel + `)
		SELECT ` + participantCols + ` FROM participants WHERE id IN (SELECT id FROM ids)
		ORDER BY last_name, first_name, id LIMIT ?`
	args = append(args, limit)
	return t.list(ctx, q, args...)
}
