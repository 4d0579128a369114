package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/csvfile"
)

// auditJSON is one audit record as frontdeskctl prints it.
type auditJSON struct {
	ID     int64  `json:"id"`
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Entity string `json:"entity"`
	Ref    string `json:"ref,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Held: a center server's record of a desk without the center's
	// audit key, not in the chain yet (id 0)
	Held bool `json:"held,omitempty"`
}

func auditToJSON(a app.AuditEntry) auditJSON {
	return auditJSON{ID: a.ID, At: a.At.UTC().Format(time.RFC3339), Actor: a.Actor, Action: a.Action, Entity: a.Entity, Ref: a.Ref, Detail: a.Detail, Held: a.Held}
}

// auditFlags are the filters audit list and audit export share.
type auditFlags struct {
	person, action, from, to *string
	limit                    *int
}

func addAuditFlags(fs *flag.FlagSet, defLimit int) auditFlags {
	return auditFlags{
		person: fs.String("person", "", "only what this username did"),
		action: fs.String("action", "", "only actions starting with this (signin, staff., participant.add ...)"),
		from:   fs.String("from", "", "from this date (YYYY-MM-DD, the site's time zone)"),
		to:     fs.String("to", "", "up to and including this date"),
		limit:  fs.Int("limit", defLimit, "at most this many rows, newest first (0: all)"),
	}
}

// filter turns the flags into an AuditFilter; dates are days in the site's
// time zone (UTC before there is a site). Call after open.
func (e *env) auditFilter(af auditFlags) (app.AuditFilter, error) {
	f := app.AuditFilter{Actor: strings.ToLower(strings.TrimSpace(*af.person)), Action: strings.TrimSpace(*af.action)}
	if *af.limit < 0 {
		return f, usageErrorf("--limit cannot be negative")
	}
	loc := time.UTC
	if sites, err := e.svc.Sites(e.ctx); err == nil && len(sites) > 0 {
		loc = sites[0].Location()
	}
	day := func(flag, s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return time.Time{}, usageErrorf("--%s: %q is not a date like 2026-03-10", flag, s)
		}
		return d, nil
	}
	var err error
	if f.From, err = day("from", *af.from); err != nil {
		return f, err
	}
	if f.To, err = day("to", *af.to); err != nil {
		return f, err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the filter's To is exclusive
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, usageErrorf("--from is after --to")
	}
	return f, nil
}

// auditRows returns the rows matching f, newest first, paging through the
// log; limit 0 means all of them.
func (e *env) auditRows(f app.AuditFilter, limit int) ([]app.AuditEntry, error) {
	const page = 1000
	var out []app.AuditEntry
	for {
		f.Limit = page
		if limit > 0 && limit-len(out) < page {
			f.Limit = limit - len(out)
		}
		rows, err := e.svc.AuditLog(e.ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(rows) < f.Limit || (limit > 0 && len(out) >= limit) {
			return out, nil
		}
		f.BeforeID = rows[len(rows)-1].ID
		if f.BeforeID == 0 {
			// a page of records held back: the chain's rows come next
			f.BeforeID = math.MaxInt64
		}
	}
}

// cmdAuditList prints audit records, newest first.
func (e *env) cmdAuditList(args []string) error {
	fs := e.flags("audit list")
	af := addAuditFlags(fs, 50)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("audit list: unexpected argument %q", pos[0])
	}
	if err := e.open(); err != nil {
		return err
	}
	f, err := e.auditFilter(af)
	if err != nil {
		return err
	}
	rows, err := e.auditRows(f, *af.limit)
	if err != nil {
		return err
	}
	if e.json {
		out := make([]auditJSON, len(rows))
		for i, r := range rows {
			out[i] = auditToJSON(r)
		}
		return e.out(out, "")
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAT (UTC)\tACTOR\tACTION\tENTITY\tREF\tDETAIL")
	for _, r := range rows {
		id := strconv.FormatInt(r.ID, 10)
		if r.Held {
			id = "held" // waiting for a desk with the center's audit key
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, r.At.UTC().Format("2006-01-02 15:04:05"), r.Actor, r.Action, r.Entity, r.Ref, oneLine(r.Detail))
	}
	tw.Flush()
	return e.out(nil, b.String())
}

// cmdAuditVerify checks the audit log's hash chain: exit 0 when intact,
// exit 1 naming the first bad row when not.
func (e *env) cmdAuditVerify(args []string) error {
	fs := e.flags("audit verify")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("audit verify: unexpected argument %q", pos[0])
	}
	if err := e.open(); err != nil {
		return err
	}
	c, err := e.svc.VerifyAudit(e.ctx)
	if err != nil {
		return err
	}
	if c.OK {
		text := fmt.Sprintf("ok: %d rows, head %s (row %d, audit key %s)", c.Rows, c.Head, c.LastID, c.KeyID)
		if c.Held > 0 {
			text += fmt.Sprintf("; %d records of desks without the center's audit key wait for a desk that holds it", c.Held)
		}
		return e.out(map[string]any{"ok": true, "rows": c.Rows, "last_id": c.LastID, "head": c.Head, "key_id": c.KeyID, "held": c.Held}, text)
	}
	if e.json {
		if err := e.out(map[string]any{"ok": false, "rows": c.Rows, "first_bad_id": c.FirstBadID, "problem": c.Problem, "key_missing": c.KeyMissing}, ""); err != nil {
			return err
		}
	}
	if c.KeyMissing {
		return usageErrorf("the audit log cannot be checked on this computer: %s", c.Problem)
	}
	return usageErrorf("the audit log is BROKEN at row %d: %s (%d rows checked)", c.FirstBadID, c.Problem, c.Rows)
}

// cmdAuditExport writes the matching audit records to a CSV file.
func (e *env) cmdAuditExport(args []string) error {
	fs := e.flags("audit export")
	af := addAuditFlags(fs, 0)
	out := fs.String("out", "", "the CSV file to write")
	csvKind := csvKindFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	kind, err := csvKind()
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("audit export: unexpected argument %q", pos[0])
	}
	if *out == "" {
		return usageErrorf("audit export needs --out FILE.csv")
	}
	if err := e.open(); err != nil {
		return err
	}
	f, err := e.auditFilter(af)
	if err != nil {
		return err
	}
	rows, err := e.auditRows(f, *af.limit)
	if err != nil {
		return err
	}
	err = writeFileAtomic(*out, func(file *os.File) error {
		w := csvfile.NewWriter(file, kind)
		w.Write([]string{"id", "at_utc", "actor", "action", "entity", "ref", "detail"})
		for _, r := range rows {
			w.WriteText([]string{strconv.FormatInt(r.ID, 10), r.At.UTC().Format(time.RFC3339), r.Actor, r.Action, r.Entity, r.Ref, r.Detail})
		}
		if err := w.Flush(); err != nil {
			return err
		}
		// Audited before the file appears, so no export goes unrecorded.
		return e.svc.RecordExport(e.ctx, app.RoleAdministrator, "audit.export", "audit", len(rows))
	})
	if err != nil {
		return err
	}
	return e.out(map[string]any{"out": *out, "rows": len(rows)}, fmt.Sprintf("Wrote %d audit records to %s", len(rows), *out))
}
