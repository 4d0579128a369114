package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Moving a desk's file onto a center server (frontdeskctl migrate): every
// record of the file is copied into the server in one server transaction
// holding the center's write lock, so a failure anywhere leaves the server
// as it was. The file is only read (opened immutable, under its exclusive
// lock so no desk writes to it meanwhile) and never changed.
//
// Ids are remapped: every row gets a new id on the server (reserved from
// the table's identity, so nothing already there or written later
// collides), and every foreign key column is rewritten through the map.
// Some rows are the same thing on both sides and are merged rather than
// copied, the server's row kept as it is:
//
//   - a site of the same name (case and surrounding spaces ignored);
//   - a participant with the same card code (codes are unique: the same
//     code is the same card, so the same person); their records (check-ins,
//     visits, loans, follow-up…) join the server's participant, their
//     search rows are the server's, and a follow-up case or planned
//     contact the server already has for them is kept over the file's;
//   - a staff account with the same username, when the display names agree
//     (else refused, unless MergeStaff); its password history stays the
//     server's;
//   - a follow-up template with the same name and the same rules (the same
//     name with other rules is refused).
//
// A kit whose tag, asset tag or IMEI, or a component whose serial, is
// already on the server is refused: a kit is in one place at a time.
// Rows of an import that never finished (invisible in the file) are left
// behind; settings the server lacks are copied (never security.* or
// export.*: the recovery code and the roster export marks are the
// server's own). Event counts are counted on the server once the moved
// check-ins are in (see holdEventCounts), and checked against the file's.
//
// The old audit chain stays in the file, which becomes its sealed archive:
// it is verified first (a file whose chain does not verify is refused
// unless Force), and one "migrate.import" record on the server's chain
// names the file, its SHA-256, the old chain's row count, last id, head
// hash and key, and what moved.

// MoveAction is the audit action of the record a move writes on the server.
const MoveAction = "migrate.import"

// MoveOptions are the settings of MoveFile.
type MoveOptions struct {
	// Actor is the server account running the move, recorded in the audit.
	Actor string
	// Now is when the move happens (the audit record's time).
	Now time.Time
	// Force moves a file whose audit chain does not verify; the audit
	// record says so and what is wrong.
	Force bool
	// MergeStaff takes an account of the file for the server's account of
	// the same username even when their display names differ.
	MergeStaff bool
	// Progress, when set, hears how far each table is (rows done of total).
	Progress func(table string, done, total int)
}

// MoveReport says what MoveFile moved.
type MoveReport struct {
	File     string      `json:"file"`
	SHA256   string      `json:"sha256"`
	Server   string      `json:"server"`
	OldChain MoveChain   `json:"old_chain"`
	Tables   []MoveTable `json:"tables"`
	// Merges lists the rows of the file that were the server's own rows.
	Merges []MoveMerge `json:"merges"`
	// SettingsCopied are the settings the server lacked; SettingsKept
	// those it has with another value than the file's (the server's kept).
	SettingsCopied []string `json:"settings_copied"`
	SettingsKept   []string `json:"settings_kept"`
	// NewAccounts are the file's staff accounts the server did not have,
	// "username (roles)": they sign in to the server with their passwords
	// and roles from now on.
	NewAccounts []string `json:"new_accounts"`
	AuditID     int64    `json:"audit_id"` // the server's migrate.import record
	Seconds     float64  `json:"seconds"`
}

// MoveChain is the file's audit chain as the move found and sealed it.
type MoveChain struct {
	Rows     int    `json:"rows"`
	LastID   int64  `json:"last_id"`
	Head     string `json:"head"`
	KeyID    string `json:"key_id,omitempty"`
	Verified bool   `json:"verified"`
	Problem  string `json:"problem,omitempty"` // why it did not verify (moved with Force)
}

// MoveTable is what happened to one table's rows.
type MoveTable struct {
	Table   string `json:"table"`
	InFile  int    `json:"in_file"`
	Moved   int    `json:"moved"`              // new rows on the server
	Merged  int    `json:"merged"`             // the server's own rows (see Merges), or derived rows it has its own of
	Skipped int    `json:"skipped"`            // rows of an import that never finished
	FirstID int64  `json:"first_id,omitempty"` // the new ids given, when other tables refer to them
	LastID  int64  `json:"last_id,omitempty"`
}

// MoveMerge is one row of the file taken for a row the server has.
type MoveMerge struct {
	Table    string `json:"table"`
	FileID   int64  `json:"file_id"`
	ServerID int64  `json:"server_id"`
	Key      string `json:"key"`            // what matched: the code, name or username
	Note     string `json:"note,omitempty"` // what differs (the server's values were kept)
}

// moveSpec is how one table of the file is moved.
type moveSpec struct {
	table string
	cols  []string // copied columns besides id, named alike in both schemas
	// ids: rows get new ids reserved from the server's identity, which
	// other tables' columns are mapped through; without it the server
	// numbers the rows itself (in the file's order).
	ids  bool
	refs map[string]string // column → the table whose ids it holds
	// drop: ref columns whose target was merged or left behind drop the
	// row (rows derived from that target, which the server has its own of)
	drop  map[string]bool
	order string // the file's order
}

// moveSpecs are the tables moved, parents before children.
var moveSpecs = []moveSpec{
	{table: "sites", ids: true, cols: strings.Split("name,address,phone,time_zone,contact_name,contact_phone,contact_email,created_at", ",")},
	{table: "staff", ids: true, cols: strings.Split("username,display_name,roles,password_hash,password_temporary,password_expires_at,password_changed_at,failed_attempts,locked_until,active,deactivated_at,deactivated_by,confidentiality_signed,training_completed,last_sign_in_at,created_at,created_by", ",")},
	{table: "password_history", cols: []string{"staff_id", "hash", "at"}, refs: map[string]string{"staff_id": "staff"}, drop: map[string]bool{"staff_id": true}, order: "rowid"},
	{table: "followup_templates", ids: true, cols: []string{"name", "rules", "created_at", "created_by"}},
	{table: "participant_rows", ids: true, cols: strings.Split("code,site_id,first_name,last_name,phone,email,language,zip,consent_given,consent_at,consent_method,consent_by,consent_wording,opt_out_at,opt_out_via,caljobs_id,status,created_at,updated_at,name_key,name_key_rev,phone_national,phone_rev", ","),
		refs: map[string]string{"site_id": "sites"}},
	{table: "participant_words", cols: []string{"word", "sort", "participant_id", "name"}, refs: map[string]string{"participant_id": "participant_rows"}, drop: map[string]bool{"participant_id": true}},
	{table: "participant_word_pairs", cols: []string{"pair", "sort", "participant_id", "name"}, refs: map[string]string{"participant_id": "participant_rows"}, drop: map[string]bool{"participant_id": true}},
	{table: "participant_phone_parts", cols: []string{"part", "sort", "participant_id"}, refs: map[string]string{"participant_id": "participant_rows"}, drop: map[string]bool{"participant_id": true}},
	{table: "events", ids: true, cols: strings.Split("site_id,kind,title,start_at,end_at,location,virtual_link,capacity,facilitator,language,cancelled,created_at,revision,updated_at", ","),
		refs: map[string]string{"site_id": "sites"}},
	{table: "registrations", cols: []string{"event_id", "participant_id", "at", "by"}, refs: map[string]string{"event_id": "events", "participant_id": "participant_rows"}},
	{table: "checkins", cols: strings.Split("event_id,participant_id,method,at,by,walk_in,undone_at,undone_by,desk,client_id", ","),
		refs: map[string]string{"event_id": "events", "participant_id": "participant_rows"}, order: "id"},
	{table: "visits", cols: strings.Split("site_id,participant_id,reason,note,at,by,undone_at,undone_by,client_id", ","),
		refs: map[string]string{"site_id": "sites", "participant_id": "participant_rows"}, order: "id"},
	{table: "sessions", ids: true, cols: strings.Split("site_id,name,start_date,end_date,created_at,created_by", ","), refs: map[string]string{"site_id": "sites"}},
	{table: "session_events", cols: []string{"session_id", "event_id"}, refs: map[string]string{"session_id": "sessions", "event_id": "events"}},
	{table: "enrolments", cols: []string{"session_id", "participant_id", "at", "by"}, refs: map[string]string{"session_id": "sessions", "participant_id": "participant_rows"}},
	{table: "kit_rows", ids: true, cols: strings.Split("tag,kind,status,site_id,notes,carrier,line_number,imei,service_state,created_at,updated_at,alt_tag", ","),
		refs: map[string]string{"site_id": "sites"}},
	{table: "kit_components", ids: true, cols: []string{"kit_id", "position", "name", "serial", "required"}, refs: map[string]string{"kit_id": "kit_rows"}, drop: map[string]bool{"kit_id": true}},
	{table: "loans", ids: true, cols: strings.Split("kit_id,participant_id,site_id,session_id,out_at,out_by,due_date,renewals,status,returned_at,returned_by,condition_note", ","),
		refs: map[string]string{"kit_id": "kit_rows", "participant_id": "participant_rows", "site_id": "sites", "session_id": "sessions"}},
	{table: "loan_components", cols: []string{"loan_id", "component_id", "name", "back", "condition", "note"}, refs: map[string]string{"loan_id": "loans", "component_id": "kit_components"}},
	{table: "holds", cols: strings.Split("site_id,kind,participant_id,placed_at,placed_by,status,kit_id,ready_at,closed_at,closed_by", ","),
		refs: map[string]string{"site_id": "sites", "participant_id": "participant_rows", "kit_id": "kit_rows"}, order: "id"},
	{table: "followup_cases", cols: strings.Split("participant_id,case_manager_id,template_key,employment_start,employer,job_title,wage_cents,hours_per_week,exit_date,exit_reason,updated_at,updated_by,exit_exclusion,in_training,credential_type,credential_date", ","),
		refs: map[string]string{"participant_id": "participant_rows", "case_manager_id": "staff"}, order: "participant_id"},
	{table: "followup_contacts", ids: true, cols: strings.Split("participant_id,key,kind,label,quarter,window_start,due,status,attempts,done_on,done_by", ","),
		refs: map[string]string{"participant_id": "participant_rows"}},
	{table: "followup_attempts", cols: strings.Split("participant_id,contact_id,day,staff,method,outcome,still_employed,employer,wage_cents,document,notes,created_at", ","),
		refs: map[string]string{"participant_id": "participant_rows", "contact_id": "followup_contacts"}, order: "id"},
	{table: "followup_forms", cols: strings.Split("participant_id,contact_id,quarter,day,staff,employed,employer,job_title,wage_cents,hours_per_week,document,notes,created_at,quarter_earnings_cents", ","),
		refs: map[string]string{"participant_id": "participant_rows", "contact_id": "followup_contacts"}, order: "id"},
	{table: "status_changes", cols: strings.Split("participant_id,from_status,to_status,at,by,note", ","), refs: map[string]string{"participant_id": "participant_rows"}, order: "id"},
}

// moveNotCopied are the file's tables no spec copies, and why.
var moveNotCopied = map[string]string{
	"audit_log":           "sealed in the file, referenced by the server's migrate.import record",
	"event_counts":        "counted on the server from the moved registrations and check-ins, then checked against the file's",
	"settings":            "copied key by key where the server has none (moveSettings)",
	"pending_imports":     "imports that never finished: their rows are left behind",
	"participant_changes": "an import's changes to people on file: those of imports that never finished are left behind, and a file with published ones still to apply is refused (checkMoveSource)",
	"sqlite_sequence":     "SQLite's own",
	"desk_queue":          "a desk's offline queue: must be empty (a desk's own file never uses it)",
	"desk_deliveries":     "the server's record of offline groups delivered",
}

// moveDroppedColumns are columns of moved tables that are not copied.
var moveDroppedColumns = map[string]string{
	"audit_later": "marks a check-in whose audit record was still to join the file's chain: a file with any waiting is refused (checkMoveSource)",
	"import_id":   "the file's import numbers mean nothing on the server; only published rows move",
}

// mover is one move under way.
type mover struct {
	ctx  context.Context
	src  *sql.Tx   // the file: one read snapshot
	t    *txn      // the server transaction
	conn *sql.Conn // its connection, for COPY
	opt  MoveOptions
	rep  *MoveReport
	// per table: file id → server id; the file's rows that are the
	// server's own (merged); rows left behind (unfinished imports)
	ids     map[string]map[int64]int64
	merged  map[string]map[int64]bool
	skipped map[string]map[int64]bool
	types   map[string]map[string]string // the server's column types
	// serverCases are the server participants with a follow-up case
	// already (among the merged)
	serverCases map[int64]bool
	table       *MoveTable
}

// MoveFile moves every record of the desk's SQLite file at path onto this
// store, which must be a center server: see the comment at the top of
// migratepg.go. It returns what moved; on any error the server is left as
// it was.
func (s *Store) MoveFile(ctx context.Context, path string, opt MoveOptions) (MoveReport, error) {
	began := time.Now()
	rep := MoveReport{File: path, Server: s.path}
	if !s.pg {
		return rep, app.Errorf(app.EInvalid, "A desk's file moves onto a center server (a postgres:// address), not into another file.")
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	src, release, err := openMoveSource(ctx, path)
	if err != nil {
		return rep, err
	}
	defer release()
	if rep.SHA256, err = fileSHA256(path); err != nil {
		return rep, app.Errorf(app.EInvalid, "Cannot read %s: %v", path, err)
	}
	stx, err := src.BeginTx(ctx, nil)
	if err != nil {
		return rep, app.Errorf(app.EInvalid, "Cannot read %s: %v", path, err)
	}
	defer stx.Rollback()
	if err := checkMoveSource(ctx, stx, path); err != nil {
		return rep, err
	}
	if rep.OldChain, err = sealedChain(ctx, stx, path, opt.Force); err != nil {
		return rep, err
	}
	conn, err := s.writer.Conn(ctx)
	if err != nil {
		return rep, serverError(s.path, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return rep, serverError(s.path, err)
	}
	if err := s.lockPG(ctx, tx); err != nil {
		tx.Rollback()
		return rep, err
	}
	m := &mover{ctx: ctx, src: stx, t: &txn{q: pgQuerier{tx: tx}, s: s}, conn: conn, opt: opt, rep: &rep,
		ids: map[string]map[int64]int64{}, merged: map[string]map[int64]bool{}, skipped: map[string]map[int64]bool{}, types: map[string]map[string]string{}}
	err = s.finish(tx, time.Now(), m.t, func(app.Tx) error { return m.run() })
	if err != nil {
		return rep, err
	}
	rep.Seconds = time.Since(began).Seconds()
	return rep, nil
}

// openMoveSource opens the file at path for reading only, holding its lock
// exclusively (no desk has it open, none can open it meanwhile). The file
// is opened immutable: nothing is written beside it (no -shm, no log).
func openMoveSource(ctx context.Context, path string) (*sql.DB, func(), error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, app.Errorf(app.EInvalid, "Cannot read the desk's file %s: %v", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, nil, app.Errorf(app.EInvalid, "%s is not a regular file, so it cannot be a desk's database.", path)
	}
	lock, err := lockExclusive(path)
	if err != nil {
		if app.ErrorCode(err) == app.EConflict {
			return nil, nil, app.Errorf(app.EConflict, "%s is in use by Front Desk or another frontdeskctl command. Close Front Desk on every computer using this file first. Nothing was moved.", path)
		}
		return nil, nil, err
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		lock.release()
		return nil, nil, app.Errorf(app.EInvalid, "%s has changes not yet folded into it (%s, left by a program that stopped): open it once with Front Desk or run frontdeskctl audit verify --db %s, then move it. Nothing was moved.", path, filepath.Base(path)+"-wal", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		lock.release()
		return nil, nil, app.Errorf(app.EInvalid, "Cannot read %s: %v", path, err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro&immutable=1"}
	db, err := sql.Open("sqlite", u.String()+"&_pragma=query_only(1)")
	if err != nil {
		lock.release()
		return nil, nil, app.Errorf(app.EInternal, "open %s: %v", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		lock.release()
		return nil, nil, corrupt(path, err)
	}
	return db, func() { db.Close(); lock.release() }, nil
}

// checkMoveSource refuses another program's file, a file of another
// schema version than this build's, a damaged one, and a desk's offline
// copy of a server.
func checkMoveSource(ctx context.Context, q *sql.Tx, path string) error {
	var appID, version int
	if err := q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return corrupt(path, err)
	}
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return corrupt(path, err)
	}
	if appID != ApplicationID {
		return app.Errorf(app.EInvalid, "%s is not a Front Desk database. Nothing was moved.", path)
	}
	if want := SchemaVersion(); version != want {
		if version > want {
			return app.Errorf(app.EInvalid, "%s was written by a newer version of Front Desk (schema %d; this version knows up to %d). Move it with that version. Nothing was moved.", path, version, want)
		}
		return app.Errorf(app.EInvalid, "%s is at schema %d, this version writes %d: open it once with this version of Front Desk (or run frontdeskctl audit verify --db %s), which brings it up to date, then move it. Nothing was moved.", path, version, want, path)
	}
	var res string
	if err := q.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res); err != nil || res != "ok" {
		if err == nil {
			err = errors.New(res)
		}
		return corrupt(path, err)
	}
	var through, waiting int64
	if err := q.QueryRowContext(ctx, `SELECT coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0)`, checkInsAuditedKey).Scan(&through); err != nil {
		return corrupt(path, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM checkins WHERE id > ? AND audit_later <> 0`, through).Scan(&waiting); err != nil {
		return corrupt(path, err)
	}
	if waiting > 0 {
		return app.Errorf(app.EInvalid, "%s has %d check-ins whose audit records were not added yet (left by a program that stopped): open it once with Front Desk or run frontdeskctl audit verify --db %s, then move it. Nothing was moved.", path, waiting, path)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM participant_changes WHERE `+changesPublished).Scan(&waiting); err != nil {
		return corrupt(path, err)
	}
	if waiting > 0 {
		return app.Errorf(app.EInvalid, "%s has %d changes of a finished import still to be written (left by a program that stopped): open it once with Front Desk or run frontdeskctl audit verify --db %s, then move it. Nothing was moved.", path, waiting, path)
	}
	if n, err := countIfTable(ctx, q, "desk_queue"); err != nil {
		return err
	} else if n > 0 {
		return app.Errorf(app.EInvalid, "%s is a desk's offline copy of a center server's records (it has %d changes queued for the server), not a desk's own file. Nothing was moved.", path, n)
	}
	return nil
}

// countIfTable counts the rows of table in the file, 0 when it has no such
// table.
func countIfTable(ctx context.Context, q *sql.Tx, table string) (int, error) {
	var exists int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type='table' AND name=?`, table).Scan(&exists); err != nil || exists == 0 {
		return 0, err
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n)
	return n, err
}

// sealedChain verifies the file's audit chain with its key and anchor
// files and says where it ends. A chain that does not verify is refused
// unless force.
func sealedChain(ctx context.Context, q *sql.Tx, path string, force bool) (MoveChain, error) {
	c, err := verifyFileChain(ctx, q, path)
	if err != nil {
		return MoveChain{}, app.Errorf(app.EInvalid, "Cannot read the audit log of %s: %v", path, err)
	}
	h, err := chainHead(ctx, q)
	if err != nil {
		return MoveChain{}, app.Errorf(app.EInvalid, "Cannot read the audit log of %s: %v", path, err)
	}
	mc := MoveChain{Rows: h.Rows, LastID: h.LastID, Head: h.Head, KeyID: h.KeyID, Verified: c.OK}
	if !c.OK {
		mc.Problem = c.Problem
		if !force {
			return mc, app.Errorf(app.EInvalid, "The audit log of %s does not verify: %s Nothing was moved. To move it anyway, give --force (the server's audit records that it was forced, and why).", path, c.Problem)
		}
	}
	return mc, nil
}

// run is the move inside the server transaction.
func (m *mover) run() error {
	if err := m.refuseMovedBefore(); err != nil {
		return err
	}
	for _, sp := range moveSpecs {
		m.table = &MoveTable{Table: sp.table}
		if err := m.moveTable(sp); err != nil {
			return err
		}
		m.rep.Tables = append(m.rep.Tables, *m.table)
	}
	if err := m.moveSettings(); err != nil {
		return err
	}
	if err := m.rebuildEventCounts(); err != nil {
		return err
	}
	return m.audit()
}

// refuseMovedBefore refuses a file the server already took: one whose
// audit chain holds the head a migrate.import record sealed (the same file
// again, or the same desk's file after more work on it, whose earlier
// records are on the server already).
func (m *mover) refuseMovedBefore() error {
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT id, at, ref FROM audit_log WHERE action = ? AND ref <> '' ORDER BY id`, MoveAction)
	if err != nil {
		return m.writeErr("audit_log", err)
	}
	type sealed struct {
		id       int64
		at, head string
	}
	var all []sealed
	for rows.Next() {
		var r sealed
		if err := rows.Scan(&r.id, &r.at, &r.head); err != nil {
			rows.Close()
			return m.writeErr("audit_log", err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m.writeErr("audit_log", err)
	}
	for _, r := range all {
		var row int64
		err := m.src.QueryRowContext(m.ctx, `SELECT id FROM audit_log WHERE hash = ?`, r.head).Scan(&row)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return m.readErr("audit_log", err)
		}
		when := parseTS(r.at).Format("2006-01-02 15:04 MST")
		if row == m.rep.OldChain.LastID {
			return app.Errorf(app.EConflict, "%s was moved onto the center server already, on %s (the server's audit record %d): moving it again would record everything twice. Nothing was moved.", m.rep.File, when, r.id)
		}
		return app.Errorf(app.EConflict, "The records of %s up to its audit row %d were moved onto the center server on %s (the server's audit record %d), and the desk went on writing to the file: a move cannot take only what came after. Nothing was moved.", m.rep.File, row, when, r.id)
	}
	return nil
}

// progress reports a table's rows done.
func (m *mover) progress(done, total int) {
	if m.opt.Progress != nil {
		m.opt.Progress(m.table.Table, done, total)
	}
}

// moveTable plans (for tables with ids: merges, new ids) and copies one
// table.
func (m *mover) moveTable(sp moveSpec) error {
	n, err := countIfTable(m.ctx, m.src, sp.table)
	if err != nil {
		return m.readErr(sp.table, err)
	}
	m.table.InFile = n
	m.progress(0, n)
	m.ids[sp.table], m.merged[sp.table], m.skipped[sp.table] = map[int64]int64{}, map[int64]bool{}, map[int64]bool{}
	if sp.ids {
		if err := m.plan(sp); err != nil {
			return err
		}
	}
	switch sp.table {
	case "followup_cases":
		if err := m.findServerCases(); err != nil {
			return err
		}
	}
	if err := m.copyRows(sp, n); err != nil {
		return err
	}
	if sp.table == "events" {
		return m.holdEventCounts()
	}
	return nil
}

// plan decides, for a table whose rows get new ids, which rows are left
// behind, which are the server's own, and the new ids of the rest.
func (m *mover) plan(sp moveSpec) error {
	staged := ""
	for _, st := range stagedTables {
		if st.rows == sp.table {
			staged = ` AND import_id IN (SELECT id FROM pending_imports)`
		}
	}
	var all []int64
	if err := m.fileIDs(&all, `SELECT id FROM `+sp.table+` ORDER BY id`); err != nil {
		return m.readErr(sp.table, err)
	}
	if staged != "" {
		var left []int64
		if err := m.fileIDs(&left, `SELECT id FROM `+sp.table+` WHERE 1=1`+staged); err != nil {
			return m.readErr(sp.table, err)
		}
		for _, id := range left {
			m.skipped[sp.table][id] = true
		}
		m.table.Skipped = len(left)
	}
	if err := m.match(sp.table); err != nil {
		return err
	}
	var fresh []int64
	for _, id := range all {
		if !m.skipped[sp.table][id] && !m.merged[sp.table][id] {
			fresh = append(fresh, id)
		}
	}
	newIDs, err := m.reserveIDs(sp.table, len(fresh))
	if err != nil {
		return err
	}
	for i, id := range fresh {
		m.ids[sp.table][id] = newIDs[i]
	}
	if len(newIDs) > 0 {
		m.table.FirstID, m.table.LastID = newIDs[0], newIDs[len(newIDs)-1]
	}
	return nil
}

// fileIDs reads a column of ids from the file.
func (m *mover) fileIDs(out *[]int64, q string, args ...any) error {
	rows, err := m.src.QueryContext(m.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		*out = append(*out, id)
	}
	return rows.Err()
}

// reserveIDs takes n new ids from table's identity, in ascending order.
// Every program writing an id itself moves the identity past it, so they
// are free; a server where one did not is refused.
func (m *mover) reserveIDs(table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, table, n)
	if err != nil {
		return nil, m.writeErr(table, err)
	}
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, m.writeErr(table, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, m.writeErr(table, err)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var max int64
	if err := m.t.q.QueryRowContext(m.ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&max); err != nil {
		return nil, m.writeErr(table, err)
	}
	if ids[0] <= max {
		return nil, app.Errorf(app.EInternal, "The center server's %s ids are behind its rows (next %d, highest %d): a program wrote ids without moving the identity on. Nothing was moved.", table, ids[0], max)
	}
	return ids, nil
}

// match finds the rows of table that are the server's own (see the top
// of this file) and refuses conflicts the move cannot settle.
func (m *mover) match(table string) error {
	switch table {
	case "sites":
		return m.matchBy(table, `SELECT id, name, '' FROM sites`, func(name, _ string) string {
			return strings.ToLower(strings.TrimSpace(name))
		}, nil)
	case "staff":
		var refused []string
		err := m.matchBy(table, `SELECT id, username, display_name FROM staff`, func(u, _ string) string { return strings.ToLower(u) },
			func(mg *MoveMerge, fileName, serverName string) {
				if !strings.EqualFold(strings.TrimSpace(fileName), strings.TrimSpace(serverName)) {
					mg.Note = fmt.Sprintf("display names differ: file %q, server %q", fileName, serverName)
					refused = append(refused, fmt.Sprintf("%s (%q in the file, %q on the server)", mg.Key, fileName, serverName))
				}
			})
		if err == nil && len(refused) > 0 && !m.opt.MergeStaff {
			return app.Errorf(app.EConflict, "The server has accounts of the same username as the file's but another person's name: %s. Nothing was moved. If each is the same person, give --merge-staff (the server's account is kept); if not, give one of them another account first.", strings.Join(refused, "; "))
		}
		if err != nil {
			return err
		}
		return m.listNewAccounts()
	case "followup_templates":
		var refused []string
		err := m.matchBy(table, `SELECT id, name, rules FROM followup_templates`, func(name, _ string) string { return strings.ToLower(name) },
			func(mg *MoveMerge, fileRules, serverRules string) {
				if fileRules != serverRules {
					refused = append(refused, fmt.Sprintf("%q (server custom-%d)", mg.Key, mg.ServerID))
				}
			})
		if err == nil && len(refused) > 0 {
			return app.Errorf(app.EConflict, "The server has follow-up schedules of the same name as the file's but other rules: %s. Nothing was moved. Rename one of them first (frontdeskctl followup template edit --key custom-N --name NAME).", strings.Join(refused, "; "))
		}
		return err
	case "participant_rows":
		return m.matchBy(table, `SELECT id, code, first_name || ' ' || last_name FROM participant_rows WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM pending_imports)`,
			func(code, _ string) string { return code },
			func(mg *MoveMerge, fileName, serverName string) {
				if app.FoldName(fileName) != app.FoldName(serverName) {
					mg.Note = fmt.Sprintf("names differ: file %q, server %q (the server's kept)", fileName, serverName)
				}
			})
	case "kit_rows":
		return m.refuseTaken(table, "kits", `SELECT tag, alt_tag, imei FROM kit_rows WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM pending_imports)`,
			[]string{"tag", "alt_tag", "imei"})
	case "kit_components":
		return m.refuseTaken(table, "kit components", `SELECT serial FROM kit_components c WHERE NOT EXISTS (
			SELECT 1 FROM kit_rows k WHERE k.id = c.kit_id AND k.import_id IN (SELECT id FROM pending_imports))`, []string{"serial"})
	case "followup_contacts":
		return m.matchContacts()
	}
	return nil
}

// listNewAccounts notes the file's accounts that the server did not have.
func (m *mover) listNewAccounts() error {
	m.rep.NewAccounts = []string{}
	rows, err := m.src.QueryContext(m.ctx, `SELECT id, username, roles FROM staff ORDER BY id`)
	if err != nil {
		return m.readErr("staff", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var user, roles string
		if err := rows.Scan(&id, &user, &roles); err != nil {
			return m.readErr("staff", err)
		}
		if !m.merged["staff"][id] {
			m.rep.NewAccounts = append(m.rep.NewAccounts, user+" ("+roles+")")
		}
	}
	return rows.Err()
}

// matchBy merges the file's rows of table with the server's rows of the
// same key: q (run on both) reads id, key text and a value compared by
// check, if given, which may note a difference on the merge.
func (m *mover) matchBy(table, q string, key func(k, v string) string, check func(mg *MoveMerge, fileVal, serverVal string)) error {
	type row struct {
		id   int64
		k, v string
	}
	read := func(qr querier, query string, args ...any) ([]row, error) {
		rows, err := qr.QueryContext(m.ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.k, &r.v); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	file, err := read(m.src, q)
	if err != nil {
		return m.readErr(table, err)
	}
	server := map[string]row{}
	if table == "participant_rows" {
		// the server may hold many more people: ask for the file's codes
		const chunk = 5000
		for i := 0; i < len(file); i += chunk {
			var codes []string
			for _, r := range file[i:min(i+chunk, len(file))] {
				codes = append(codes, r.k)
			}
			got, err := read(m.t.q, `SELECT id, code, first_name || ' ' || last_name FROM participant_rows WHERE code = ANY(?)`, codes)
			if err != nil {
				return m.writeErr(table, err)
			}
			for _, r := range got {
				server[key(r.k, r.v)] = r
			}
		}
	} else {
		got, err := read(m.t.q, q)
		if err != nil {
			return m.writeErr(table, err)
		}
		for _, r := range got {
			server[key(r.k, r.v)] = r
		}
	}
	for _, f := range file {
		sr, ok := server[key(f.k, f.v)]
		if !ok {
			continue
		}
		mg := MoveMerge{Table: table, FileID: f.id, ServerID: sr.id, Key: f.k}
		if check != nil {
			check(&mg, f.v, sr.v)
		}
		m.merged[table][f.id] = true
		m.ids[table][f.id] = sr.id
		m.rep.Merges = append(m.rep.Merges, mg)
		m.table.Merged++
	}
	return nil
}

// refuseTaken refuses the move when a value of the file's rows of table
// (the columns of q, empty values aside) is already on the server.
func (m *mover) refuseTaken(table, what, q string, cols []string) error {
	rows, err := m.src.QueryContext(m.ctx, q)
	if err != nil {
		return m.readErr(table, err)
	}
	vals := make([][]string, len(cols))
	for rows.Next() {
		dest := make([]any, len(cols))
		got := make([]string, len(cols))
		for i := range dest {
			dest[i] = &got[i]
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return m.readErr(table, err)
		}
		for i, v := range got {
			if v != "" {
				vals[i] = append(vals[i], v)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m.readErr(table, err)
	}
	var taken []string
	for i, col := range cols {
		if len(vals[i]) == 0 {
			continue
		}
		var found []string
		r, err := m.t.q.QueryContext(m.ctx, `SELECT `+col+` FROM `+table+` WHERE `+col+` = ANY(?) ORDER BY 1 LIMIT 10`, vals[i])
		if err != nil {
			return m.writeErr(table, err)
		}
		for r.Next() {
			var v string
			if err := r.Scan(&v); err != nil {
				r.Close()
				return m.writeErr(table, err)
			}
			found = append(found, v)
		}
		r.Close()
		if len(found) > 0 {
			taken = append(taken, col+" "+strings.Join(found, ", "))
		}
	}
	if len(taken) > 0 {
		return app.Errorf(app.EConflict, "Some of the file's %s are already on the server (%s): a kit is in one place at a time. Nothing was moved. Retire or re-tag them on one side first.", what, strings.Join(taken, "; "))
	}
	return nil
}

// matchContacts takes the file's planned follow-up contacts of a merged
// participant for the server's contact of the same key, which is kept.
func (m *mover) matchContacts() error {
	var people []int64
	for fileID := range m.merged["participant_rows"] {
		people = append(people, m.ids["participant_rows"][fileID])
	}
	if len(people) == 0 {
		return nil
	}
	server := map[string]int64{}
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT id, participant_id, key FROM followup_contacts WHERE participant_id = ANY(?)`, people)
	if err != nil {
		return m.writeErr("followup_contacts", err)
	}
	for rows.Next() {
		var id, pid int64
		var key string
		if err := rows.Scan(&id, &pid, &key); err != nil {
			rows.Close()
			return m.writeErr("followup_contacts", err)
		}
		server[fmt.Sprint(pid, "/", key)] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m.writeErr("followup_contacts", err)
	}
	frows, err := m.src.QueryContext(m.ctx, `SELECT id, participant_id, key FROM followup_contacts ORDER BY id`)
	if err != nil {
		return m.readErr("followup_contacts", err)
	}
	defer frows.Close()
	for frows.Next() {
		var id, pid int64
		var key string
		if err := frows.Scan(&id, &pid, &key); err != nil {
			return m.readErr("followup_contacts", err)
		}
		if !m.merged["participant_rows"][pid] {
			continue
		}
		if sid, ok := server[fmt.Sprint(m.ids["participant_rows"][pid], "/", key)]; ok {
			m.merged["followup_contacts"][id], m.ids["followup_contacts"][id] = true, sid
			m.table.Merged++
		}
	}
	return frows.Err()
}

// findServerCases notes which merged participants have a follow-up case on
// the server already: theirs is kept over the file's.
func (m *mover) findServerCases() error {
	m.serverCases = map[int64]bool{}
	var people []int64
	for fileID := range m.merged["participant_rows"] {
		people = append(people, m.ids["participant_rows"][fileID])
	}
	if len(people) == 0 {
		return nil
	}
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT participant_id FROM followup_cases WHERE participant_id = ANY(?)`, people)
	if err != nil {
		return m.writeErr("followup_cases", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return m.writeErr("followup_cases", err)
		}
		m.serverCases[id] = true
	}
	return rows.Err()
}

// copyRows streams the table's rows from the file into the server with
// COPY, mapping ids as planned.
func (m *mover) copyRows(sp moveSpec, total int) error {
	if total == 0 {
		return nil
	}
	types, err := m.columnTypes(sp.table)
	if err != nil {
		return err
	}
	sel := strings.Join(sp.cols, ",")
	cols := append([]string(nil), sp.cols...)
	if sp.ids {
		sel = "id," + sel
		cols = append([]string{"id"}, cols...)
	}
	order := sp.order
	if order == "" && sp.ids {
		order = "id"
	}
	q := `SELECT ` + sel + ` FROM ` + sp.table
	if order != "" {
		q += ` ORDER BY ` + order
	}
	rows, err := m.src.QueryContext(m.ctx, q)
	if err != nil {
		return m.readErr(sp.table, err)
	}
	defer rows.Close()
	colTypes := make([]string, len(cols))
	for i, c := range cols {
		if colTypes[i] = types[c]; colTypes[i] == "" {
			return app.Errorf(app.EInternal, "The center server's table %s has no column %s: is its schema current? Nothing was moved.", sp.table, c)
		}
	}
	src := &moveSource{m: m, sp: sp, rows: rows, cols: cols, types: colTypes, total: total}
	var copied int64
	err = m.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		var err error
		copied, err = c.Conn().CopyFrom(m.ctx, pgx.Identifier{sp.table}, cols, src)
		return err
	})
	if src.err != nil {
		return src.err
	}
	if err != nil {
		return m.writeErr(sp.table, err)
	}
	if err := rows.Err(); err != nil {
		return m.readErr(sp.table, err)
	}
	m.table.Moved = int(copied)
	m.progress(total, total)
	return nil
}

// columnTypes reads the server's column types of table.
func (m *mover) columnTypes(table string) (map[string]string, error) {
	if t, ok := m.types[table]; ok {
		return t, nil
	}
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`, table)
	if err != nil {
		return nil, m.writeErr(table, err)
	}
	defer rows.Close()
	t := map[string]string{}
	for rows.Next() {
		var c, typ string
		if err := rows.Scan(&c, &typ); err != nil {
			return nil, m.writeErr(table, err)
		}
		t[c] = typ
	}
	m.types[table] = t
	return t, rows.Err()
}

// moveSource feeds COPY the file's rows, mapped.
type moveSource struct {
	m           *mover
	sp          moveSpec
	rows        *sql.Rows
	cols, types []string
	vals        []any
	done, total int
	err         error // a row the move refuses (COPY stops on it)
}

func (s *moveSource) Next() bool {
	for s.rows.Next() {
		s.done++
		if s.done%20000 == 0 {
			s.m.progress(s.done, s.total)
		}
		raw := make([]any, len(s.cols))
		dest := make([]any, len(raw))
		for i := range raw {
			dest[i] = &raw[i]
		}
		if err := s.rows.Scan(dest...); err != nil {
			s.err = s.m.readErr(s.sp.table, err)
			return false
		}
		keep, err := s.m.mapRow(s.sp, s.cols, raw)
		if err != nil {
			s.err = err
			return false
		}
		if !keep {
			continue
		}
		for i, v := range raw {
			if raw[i], err = pgValue(v, s.types[i]); err != nil {
				s.err = app.Errorf(app.EInvalid, "The file's %s row %d has a %s that does not fit the server (%v). Nothing was moved.", s.sp.table, s.done, s.cols[i], err)
				return false
			}
		}
		s.vals = raw
		return true
	}
	return false
}

func (s *moveSource) Values() ([]any, error) { return s.vals, nil }

func (s *moveSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// mapRow rewrites one row's id and references for the server, and says
// whether it is copied at all.
func (m *mover) mapRow(sp moveSpec, cols []string, vals []any) (bool, error) {
	if sp.ids {
		id, _ := vals[0].(int64)
		if m.skipped[sp.table][id] || m.merged[sp.table][id] {
			return false, nil
		}
		vals[0] = m.ids[sp.table][id]
	}
	for i, c := range cols {
		ref, ok := sp.refs[c]
		if !ok || vals[i] == nil {
			continue
		}
		id, ok := vals[i].(int64)
		if !ok {
			return false, app.Errorf(app.EInvalid, "The file's %s has a %s that is not a number (%v). Nothing was moved.", sp.table, c, vals[i])
		}
		if m.skipped[ref][id] {
			if sp.drop[c] {
				m.table.Skipped++
				return false, nil
			}
			return false, app.Errorf(app.EInvalid, "The file's %s refers to %s %d, of an import that never finished. Nothing was moved.", sp.table, ref, id)
		}
		if m.merged[ref][id] && sp.drop[c] {
			m.table.Merged++
			return false, nil
		}
		nid, ok := m.ids[ref][id]
		if !ok {
			return false, app.Errorf(app.EInvalid, "The file's %s refers to %s %d, which the file does not have. Nothing was moved.", sp.table, ref, id)
		}
		vals[i] = nid
	}
	if sp.table == "followup_cases" {
		pid := vals[0].(int64)
		if m.serverCases[pid] {
			m.table.Merged++ // the server's case is kept
			return false, nil
		}
		if key, ok := vals[2].(string); ok && strings.HasPrefix(key, "custom-") {
			old, err := strconv.ParseInt(strings.TrimPrefix(key, "custom-"), 10, 64)
			nid, ok := m.ids["followup_templates"][old]
			if err != nil || !ok {
				return false, app.Errorf(app.EInvalid, "The file's follow-up case of participant %d names the schedule %s, which the file does not have. Nothing was moved.", pid, key)
			}
			vals[2] = customTemplateKey(nid)
		}
	}
	return true, nil
}

// pgValue is a value read from SQLite, as the server's column of type typ
// takes it.
func pgValue(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == float64(int64(x)) {
				return int64(x), nil
			}
		case bool:
			return int64(boolInt(x)), nil
		}
	case "double precision", "real":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	}
	return nil, fmt.Errorf("%T %v for a %s column", v, v, typ)
}

// moveSettings copies the settings the server does not have, except the
// server's own (security.*, export.*).
func (m *mover) moveSettings() error {
	n, err := countIfTable(m.ctx, m.src, "settings")
	if err != nil || n == 0 {
		return m.readErr("settings", err)
	}
	rows, err := m.src.QueryContext(m.ctx, `SELECT key, value FROM settings ORDER BY key`)
	if err != nil {
		return m.readErr("settings", err)
	}
	file := map[string]string{}
	var keys []string
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return m.readErr("settings", err)
		}
		file[k] = v
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m.readErr("settings", err)
	}
	m.rep.SettingsCopied, m.rep.SettingsKept = []string{}, []string{}
	for _, k := range keys {
		if strings.HasPrefix(k, "security.") || strings.HasPrefix(k, "export.") || k == checkInsAuditedKey {
			continue
		}
		cur, err := m.t.Setting(m.ctx, k)
		if err != nil {
			return m.writeErr("settings", err)
		}
		switch {
		case cur == "":
			if err := m.t.SetSetting(m.ctx, k, file[k]); err != nil {
				return m.writeErr("settings", err)
			}
			m.rep.SettingsCopied = append(m.rep.SettingsCopied, k)
		case cur != file[k]:
			m.rep.SettingsKept = append(m.rep.SettingsKept, k)
		}
	}
	return nil
}

// newEventIDs are the server ids of the moved events.
func (m *mover) newEventIDs() []int64 {
	var ids []int64
	for _, id := range m.ids["events"] {
		ids = append(ids, id)
	}
	return ids
}

// holdEventCounts removes the count rows the server's trigger made for
// the moved events, before their registrations and check-ins go in: the
// triggers then have no row to update. A million updates of a few hundred
// rows in one transaction leave each a chain of a few thousand versions
// that every next update walks (the move ran for over a quarter of an
// hour); rebuildEventCounts puts the rows back.
func (m *mover) holdEventCounts() error {
	if ids := m.newEventIDs(); len(ids) > 0 {
		if _, err := m.t.q.ExecContext(m.ctx, `DELETE FROM event_counts WHERE event_id = ANY(?)`, ids); err != nil {
			return m.writeErr("event_counts", err)
		}
	}
	return nil
}

// rebuildEventCounts counts the moved events' registrations and active
// check-ins on the server, as the triggers would have, and checks each
// event's counts against the file's (kept there by SQLite's triggers).
func (m *mover) rebuildEventCounts() error {
	ids := m.newEventIDs()
	if len(ids) == 0 {
		return nil
	}
	if _, err := m.t.q.ExecContext(m.ctx, `INSERT INTO event_counts(event_id, registered, checked_in, walk_ins)
		SELECT e.id,
			(SELECT count(*) FROM registrations r WHERE r.event_id = e.id),
			(SELECT count(*) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL),
			(SELECT coalesce(sum(c.walk_in), 0) FROM checkins c WHERE c.event_id = e.id AND c.undone_at IS NULL)
		FROM events e WHERE e.id = ANY(?)`, ids); err != nil {
		return m.writeErr("event_counts", err)
	}
	type counts struct{ registered, checkedIn, walkIns int64 }
	server := map[int64]counts{}
	rows, err := m.t.q.QueryContext(m.ctx, `SELECT event_id, registered, checked_in, walk_ins FROM event_counts WHERE event_id = ANY(?)`, ids)
	if err != nil {
		return m.writeErr("event_counts", err)
	}
	for rows.Next() {
		var id int64
		var c counts
		if err := rows.Scan(&id, &c.registered, &c.checkedIn, &c.walkIns); err != nil {
			rows.Close()
			return m.writeErr("event_counts", err)
		}
		server[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return m.writeErr("event_counts", err)
	}
	frows, err := m.src.QueryContext(m.ctx, `SELECT event_id, registered, checked_in, walk_ins FROM event_counts`)
	if err != nil {
		return m.readErr("event_counts", err)
	}
	defer frows.Close()
	n := 0
	for frows.Next() {
		var id int64
		var c counts
		if err := frows.Scan(&id, &c.registered, &c.checkedIn, &c.walkIns); err != nil {
			return m.readErr("event_counts", err)
		}
		n++
		if got := server[m.ids["events"][id]]; got != c {
			return app.Errorf(app.EInvalid, "The file's counts of its event %d (registered %d, checked in %d, walk-ins %d) are not what its registrations and check-ins add up to (%d, %d, %d). Nothing was moved.",
				id, c.registered, c.checkedIn, c.walkIns, got.registered, got.checkedIn, got.walkIns)
		}
	}
	if err := frows.Err(); err != nil {
		return m.readErr("event_counts", err)
	}
	m.rep.Tables = append(m.rep.Tables, MoveTable{Table: "event_counts", InFile: n, Moved: len(server)})
	return nil
}

// audit appends the migrate.import record that seals the file's chain into
// the server's.
func (m *mover) audit() error {
	c := m.rep.OldChain
	var b strings.Builder
	fmt.Fprintf(&b, "moved desk file %s (sha256 %s); its audit chain, kept in the file: %d rows to row %d, head %s", filepath.Base(m.rep.File), m.rep.SHA256, c.Rows, c.LastID, c.Head)
	if c.KeyID != "" {
		fmt.Fprintf(&b, ", key %s", c.KeyID)
	}
	if !c.Verified {
		fmt.Fprintf(&b, "; FORCED: it does not verify: %s", c.Problem)
	}
	b.WriteString("; moved:")
	for _, t := range m.rep.Tables {
		if t.InFile == 0 {
			continue
		}
		fmt.Fprintf(&b, " %s %d", t.Table, t.Moved)
		if t.Merged > 0 {
			fmt.Fprintf(&b, " (+%d merged)", t.Merged)
		}
		if t.Skipped > 0 {
			fmt.Fprintf(&b, " (%d left)", t.Skipped)
		}
		b.WriteString(",")
	}
	detail := strings.TrimSuffix(b.String(), ",")
	if err := m.t.AppendAudit(m.ctx, app.AuditEntry{At: m.opt.Now, Actor: m.opt.Actor, Action: MoveAction, Entity: "database", Ref: c.Head, Detail: detail}); err != nil {
		return m.writeErr("audit_log", err)
	}
	if m.t.head != nil {
		m.rep.AuditID = m.t.head.LastID
	}
	return nil
}

// readErr explains a failure to read the file's table.
func (m *mover) readErr(table string, err error) error {
	if err == nil {
		return nil
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return err
	}
	return app.Errorf(app.EInvalid, "Cannot read the %s of %s (%v). Nothing was moved.", table, m.rep.File, err)
}

// writeErr explains a failure on the server while moving table.
func (m *mover) writeErr(table string, err error) error {
	if err == nil {
		return nil
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return err
	}
	if pgCode(err) == "42501" {
		return serverError(m.rep.Server, err)
	}
	return app.Errorf(app.EInvalid, "The center server refused the file's %s (%v). Nothing was moved; the server is as it was.", table, shortErr(err))
}
