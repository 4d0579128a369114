package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"frontdesk/app"
)

// The search index: participant_words, participant_word_pairs and
// participant_phone_parts (see
// migration 0009_search.sql), written from the participant's stored search
// keys by the same two statements for one participant (where "id = ?") and,
// in the migration, for everyone (where "1"). They read the participant
// from %[1]s: participant_rows, where an import's hidden rows are too, or,
// in migration 0009 (before there was a participant_rows), participants.
// A split's first word is substr(name_key, 1, 0), an empty text of the
// key's own collation, which PostgreSQL needs of a recursive column.
const (
	fillWordsSQL = `WITH RECURSIVE split(id, sort, name, word, rest) AS (
		SELECT id, name_key_rev, name_key, substr(name_key, 1, 0), name_key || ' ' FROM %[1]s WHERE %[2]s
		UNION ALL
		SELECT id, sort, name, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> '')
	INSERT INTO participant_words(word, sort, participant_id, name) SELECT word, sort, id, name FROM split WHERE word <> ''
	ON CONFLICT DO NOTHING`
	fillWordPairsSQL = `WITH RECURSIVE split(id, sort, name, word, rest) AS (
		SELECT id, name_key_rev, name_key, substr(name_key, 1, 0), name_key || ' ' FROM %[1]s WHERE %[2]s
		UNION ALL
		SELECT id, sort, name, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> ''),
	words(id, sort, name, word) AS (SELECT id, sort, name, word FROM split WHERE word <> '')
	INSERT INTO participant_word_pairs(pair, sort, participant_id, name)
		SELECT a.word || ' ' || b.word, a.sort, a.id, a.name FROM words a JOIN words b ON b.id = a.id AND b.word <> a.word WHERE true
	ON CONFLICT DO NOTHING`
	fillPhonePartsSQL = `WITH RECURSIVE suffix(id, sort, part) AS (
		SELECT id, name_key_rev, phone_national FROM %[1]s WHERE length(phone_national) >= 3 AND %[2]s
		UNION ALL
		SELECT id, sort, substr(part, 2) FROM suffix WHERE length(part) > 3)
	INSERT INTO participant_phone_parts(part, sort, participant_id) SELECT part, sort, id FROM suffix WHERE true
	ON CONFLICT DO NOTHING`
)

// searchTables hold a participant's search rows (migration 0009).
var searchTables = []string{"participant_words", "participant_word_pairs", "participant_phone_parts"}

// indexParticipant writes participant id's rows of the search index,
// replacing the old ones when replace is set.
func (t *txn) indexParticipant(ctx context.Context, id int64, replace bool) error {
	if replace {
		for _, table := range searchTables {
			if _, err := t.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE participant_id = ?`, id); err != nil {
				return err
			}
		}
	}
	for _, q := range []string{fillWordsSQL, fillWordPairsSQL, fillPhonePartsSQL} {
		if _, err := t.q.ExecContext(ctx, fmt.Sprintf(q, "participant_rows", "id = ?"), id); err != nil {
			return err
		}
	}
	return nil
}

// fillSearchIndex indexes every participant (the step of migration
// 0009_search.sql).
func fillSearchIndex(ctx context.Context, t *txn) error {
	for _, q := range []string{fillWordsSQL, fillWordPairsSQL, fillPhonePartsSQL} {
		if _, err := t.q.ExecContext(ctx, fmt.Sprintf(q, "participants", "1")); err != nil {
			return err
		}
	}
	return nil
}

// sheetOrder is the order of a pre-filled sign-in sheet's rows (the
// participants p pre-registered, by folded last and first name, then id).
const sheetOrder = `p.name_key_rev, p.id`

// searchScan is the range scan that finds a search's matches: the rows of
// table whose column col starts with val, in the index's order, keeping
// those whose name (column name, when words) has a word starting with each
// of words.
type searchScan struct {
	table, col, pid, order string
	val                    string
	words                  []string
}

// newSearchScan picks the index a search scans: one word of a name is the
// start of some word (participant_words); more words scan the pairs of words
// (participant_word_pairs) for the last two typed, the one before the last
// a whole word and the last the start of one, and check the others in the
// row (wordScan is the slower way when that finds nothing); phone digits
// scan the endings of the numbers; an email the participants' emails.
func newSearchScan(q app.SearchTerms) (searchScan, bool) {
	switch {
	case q.Name != "":
		w := strings.Fields(q.Name)
		if len(w) == 1 {
			return searchScan{"participant_words", "word", "participant_id", "word, sort, participant_id", w[0], nil}, true
		}
		n := len(w)
		return searchScan{"participant_word_pairs", "pair", "participant_id", "pair, sort, participant_id", w[n-2] + " " + w[n-1], w[:n-2]}, true
	case q.Digits != "":
		return searchScan{"participant_phone_parts", "part", "participant_id", "part, sort, participant_id", q.Digits, nil}, true
	case q.Email != "":
		return searchScan{"participants", "email", "id", "email, id", q.Email, nil}, true
	}
	return searchScan{}, false
}

// wordScan finds every word typed as the start of some word of the name,
// whole or not ("pe gu" finds Guadalupe Pérez): it scans the longest word's
// range and checks the others in the row.
func wordScan(q app.SearchTerms) searchScan {
	w := strings.Fields(q.Name)
	long := len(w) - 1
	for i := range w {
		if len(w[i]) > len(w[long]) {
			long = i
		}
	}
	rest := append(append([]string(nil), w[:long]...), w[long+1:]...)
	return searchScan{"participant_words", "word", "participant_id", "word, sort, participant_id", w[long], rest}
}

// query lists the ids (column pid) of everyone matching, in index order.
func (d searchScan) query() (string, []any) {
	query := fmt.Sprintf(`SELECT d.%s AS pid FROM %s d WHERE d.%s >= ? AND d.%s < ?`, d.pid, d.table, d.col, d.col)
	if d.table != "participants" {
		// the search rows of an import not yet published are left out;
		// with none pending (nearly always) the first test, made once per
		// statement, settles it
		query += ` AND (NOT EXISTS (SELECT 1 FROM pending_imports) OR NOT EXISTS (SELECT 1 FROM participant_rows x
			WHERE x.id = d.` + d.pid + ` AND x.import_id IN (SELECT id FROM pending_imports)))`
	}
	args := []any{d.val, d.val + prefixEnd}
	for _, w := range d.words {
		query += ` AND instr(' ' || d.name, ?) > 0`
		args = append(args, " "+w)
	}
	return query, args
}

// SearchParticipants answers search-as-you-type (see app.SearchTerms).
// Everyone matching is counted up to app.SearchCountCap; the hits are the
// event's pre-registered matches in sheet order, then the others in the
// order of the first term's index (the matching word, then the name). Every
// step is a range scan of an index, so a keystroke costs about the same
// whatever the size of the database.
func (t *txn) SearchParticipants(ctx context.Context, q app.SearchTerms) (app.SearchPage, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	var page app.SearchPage
	ids := make([]int64, 0, limit)
	seen := make(map[int64]bool, limit)
	add := func(id int64) {
		if !seen[id] && len(ids) < limit {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	rowID := int64(0)
	if q.Sheet && q.Row > 0 && q.EventID != 0 {
		err := t.q.QueryRowContext(ctx, `SELECT r.participant_id FROM registrations r JOIN participants p ON p.id = r.participant_id
			WHERE r.event_id = ? ORDER BY `+sheetOrder+` LIMIT 1 OFFSET ?`, q.EventID, q.Row-1).Scan(&rowID)
		if err != nil && err != sql.ErrNoRows {
			return page, err
		}
		if rowID != 0 {
			add(rowID)
			page.Total = 1
		}
	}
	if sc, ok := newSearchScan(q); ok {
		list, args := sc.query()
		// one scan of the first matches counts them, names the event's
		// pre-registered people among them (listed first) and lists them
		// all in index order, in one row: the event's registrations are
		// read once into a small in-memory index, not looked up again for
		// each match, and no second statement walks the same range again
		var raw, distinct int
		var registered, all sql.NullString
		// the cap is written into the statement, not bound: with a bound
		// LIMIT the same statement ran about 1.6 times as long (151 µs
		// against 94 µs for "mar" at 100,000 people)
		count := func() error {
			return t.q.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT pid),
				group_concat(CASE WHEN pid IN (SELECT r.participant_id FROM registrations r WHERE r.event_id = ?1) THEN pid END),
				group_concat(pid)
				FROM (`+list+` ORDER BY `+prefixed("d.", sc.order)+` LIMIT `+strconv.Itoa(app.SearchCountCap+1)+`) AS hits`,
				append([]any{q.EventID}, args...)...).Scan(&raw, &distinct, &registered, &all)
		}
		if err := count(); err != nil {
			return page, err
		}
		if raw == 0 && sc.table == "participant_word_pairs" {
			sc = wordScan(q)
			list, args = sc.query()
			if err := count(); err != nil {
				return page, err
			}
		}
		page.More = raw > app.SearchCountCap
		page.Total = min(distinct, app.SearchCountCap)
		if rowID != 0 {
			// the sheet row's person counts once, whether the number matches them otherwise or not
			var has bool
			if err := t.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM (`+list+`) AS hits WHERE pid = ?)`, append(args, rowID)...).Scan(&has); err != nil {
				return page, err
			}
			if !has {
				page.Total++
			}
		}
		eachID(registered.String, -1, add)
		if len(ids) < limit {
			// twice the room: one person can match on two words
			want := 2*limit + len(ids)
			if want <= raw || !page.More {
				eachID(all.String, want, add)
			} else {
				// more wanted than the count's scan read (a limit past
				// app.SearchCountCap / 2)
				more, err := queryAll(ctx, t.q, scanID, list+` ORDER BY `+prefixed("d.", sc.order)+` LIMIT ?`, append(args, want)...)
				if err != nil {
					return page, err
				}
				for _, id := range more {
					add(id)
				}
			}
		}
	}
	if len(ids) == 0 {
		return page, nil
	}
	hits, err := t.searchHits(ctx, q, ids)
	if err != nil {
		return page, err
	}
	if rowID != 0 && len(hits) > 0 && hits[0].ID == rowID {
		hits[0].RowMatch = true
	}
	page.Hits = hits
	return page, nil
}

// eachID calls fn with each id of a comma-separated list (group_concat's),
// in order, the first n of them (all when n < 0).
func eachID(list string, n int, fn func(int64)) {
	for list != "" && n != 0 {
		f := list
		if i := strings.IndexByte(list, ','); i >= 0 {
			f, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			fn(id)
			n--
		}
	}
}

// prefixed qualifies each column of a comma-separated list with alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i := range parts {
		parts[i] = alias + strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ", ")
}

func scanID(sc rowScanner) (int64, error) {
	var id int64
	err := sc.Scan(&id)
	return id, err
}

// extraScanner scans a row's leading participant columns with
// scanParticipant and the columns after them into extra.
type extraScanner struct {
	sc    rowScanner
	extra []any
}

func (e extraScanner) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

// searchHits reads the hits ids, in that order, with what the desk needs
// about each for q's event.
func (t *txn) searchHits(ctx context.Context, q app.SearchTerms, ids []int64) ([]app.SearchHit, error) {
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := []any{q.EventID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := t.q.QueryContext(ctx, `SELECT `+participantCols+`,
		EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = ?1 AND r.participant_id = p.id),
		(SELECT c.at FROM checkins c WHERE c.event_id = ?1 AND c.participant_id = p.id AND c.undone_at IS NULL)
		FROM participants p WHERE p.id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// each hit goes straight to its place in ids' order (found marks
	// the places filled), scanned through one reused row
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	out := make([]app.SearchHit, len(ids))
	found := make([]bool, len(ids))
	var h app.SearchHit
	var at sql.NullString
	for rows.Next() {
		h = app.SearchHit{}
		if err := scanParticipantInto(rows, &h.Participant, &h.PreRegistered, &at); err != nil {
			return nil, err
		}
		h.CheckedInAt = parseTSPtr(at)
		if i, ok := pos[h.ID]; ok {
			out[i], found[i] = h, true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if q.Sheet {
		// the rows of the pre-filled sheet, numbered in its order
		type sheetRow struct{ id, n int64 }
		rs, err := queryAll(ctx, t.q, func(sc rowScanner) (r sheetRow, err error) { return r, sc.Scan(&r.id, &r.n) },
			`SELECT pid, n FROM (SELECT r.participant_id AS pid, row_number() OVER (ORDER BY `+sheetOrder+`) AS n
				FROM registrations r JOIN participants p ON p.id = r.participant_id WHERE r.event_id = ?1) AS sheet
			WHERE pid IN (`+marks+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if i, ok := pos[r.id]; ok {
				out[i].SheetRow = int(r.n)
			}
		}
	}
	n := 0
	for i := range out {
		if found[i] {
			out[n] = out[i]
			n++
		}
	}
	out = out[:n]
	return out, nil
}
