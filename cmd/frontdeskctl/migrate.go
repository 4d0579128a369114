package main

import (
	"fmt"
	"strings"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

// cmdMigrate moves a desk's SQLite file onto a center server (see
// data.Store.MoveFile): all or nothing, ids remapped, the file's audit
// chain sealed and referenced from the server's. An administrator of the
// server runs it, signed in against the server's accounts; the file is
// only read.
func (e *env) cmdMigrate(args []string) error {
	fs := e.flags("migrate")
	from := fs.String("from", "", "the desk's database file to move (only read, never changed)")
	to := fs.String("to", "", "the center server, postgres://USER@HOST/DATABASE (default --db or $FRONTDESK_DB)")
	force := fs.Bool("force", false, "move a file whose audit log does not verify (the server's audit records it)")
	mergeStaff := fs.Bool("merge-staff", false, "take the file's accounts for the server's of the same username even when their names differ")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("migrate: unexpected argument %q", pos[0])
	}
	if *from == "" {
		return usageErrorf("migrate needs --from FILE.db (the desk's database file)")
	}
	switch {
	case *to != "" && e.dbPath != "" && *to != e.dbPath:
		return usageErrorf("migrate: --to and --db name different databases; give only --to")
	case *to == "":
		*to = e.dbPath
	}
	if *to == "" {
		*to = data.DefaultPath()
	}
	if !data.IsServer(*to) {
		return usageErrorf("migrate moves a desk's file onto a center server: --to postgres://USER@HOST/DATABASE (the server set up as README's \"A center server\" says)")
	}
	if data.IsServer(*from) {
		return usageErrorf("migrate --from names the desk's database file, not a server")
	}
	e.dbPath = *to
	if err := e.open(); err != nil {
		return err
	}
	if !e.signedIn {
		return usageErrorf("%s has no staff accounts yet: set it up first with frontdeskctl init --db URL --site NAME --admin USERNAME, then move the file as that administrator", data.Shown(e.dbPath))
	}
	if err := e.requireAdministrator(); err != nil {
		return err
	}
	// the move reads every record of the file: as a backup, it needs
	// current confidentiality and training dates
	if err := e.svc.CheckExport(e.ctx, app.RoleAdministrator); err != nil {
		return err
	}
	actor, _ := app.ActorFrom(e.ctx)
	last := time.Time{}
	opt := data.MoveOptions{Actor: actor.Username, Now: clock(), Force: *force, MergeStaff: *mergeStaff,
		Progress: func(table string, done, total int) {
			if time.Since(last) < time.Second && done < total {
				return
			}
			if done == 0 || (done == total && total < 1000) {
				return // small tables: no line of their own
			}
			last = time.Now()
			fmt.Fprintf(e.stderr, "migrate: %s %d/%d\n", table, done, total)
		}}
	rep, err := e.store.MoveFile(e.ctx, *from, opt)
	if err != nil {
		return err
	}
	return e.out(rep, moveText(rep))
}

// moveText is the report of a move for people.
func moveText(r data.MoveReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Moved %s onto %s in %.1f s (one transaction; audit record %d).\n", r.File, r.Server, r.Seconds, r.AuditID)
	c := r.OldChain
	fmt.Fprintf(&b, "Old audit chain, sealed in the file (sha256 %s): %d rows to row %d, head %s", r.SHA256, c.Rows, c.LastID, c.Head)
	if c.KeyID != "" {
		fmt.Fprintf(&b, ", key %s", c.KeyID)
	}
	if !c.Verified {
		fmt.Fprintf(&b, "\nFORCED: the old chain does not verify: %s", c.Problem)
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%-24s %9s %9s %9s %9s  %s\n", "table", "in file", "moved", "merged", "left", "new ids")
	for _, t := range r.Tables {
		ids := ""
		if t.FirstID > 0 {
			ids = fmt.Sprintf("%d–%d", t.FirstID, t.LastID)
		}
		fmt.Fprintf(&b, "%-24s %9d %9d %9d %9d  %s\n", t.Table, t.InFile, t.Moved, t.Merged, t.Skipped, ids)
	}
	if len(r.Merges) > 0 {
		fmt.Fprintf(&b, "\n%d rows of the file were the server's own (the server's rows kept):\n", len(r.Merges))
		const shown = 20
		for i, m := range r.Merges {
			if i == shown {
				fmt.Fprintf(&b, "  … and %d more (--json lists them all)\n", len(r.Merges)-shown)
				break
			}
			fmt.Fprintf(&b, "  %s %s: file id %d = server id %d", m.Table, m.Key, m.FileID, m.ServerID)
			if m.Note != "" {
				b.WriteString(" — " + m.Note)
			}
			b.WriteString("\n")
		}
	}
	if len(r.NewAccounts) > 0 {
		fmt.Fprintf(&b, "\nAccounts new to the server (they sign in with their passwords and roles; deactivate any not wanted): %s\n", strings.Join(r.NewAccounts, ", "))
	}
	if len(r.SettingsCopied) > 0 {
		fmt.Fprintf(&b, "\nSettings copied (the server had none): %s\n", strings.Join(r.SettingsCopied, ", "))
	}
	if len(r.SettingsKept) > 0 {
		fmt.Fprintf(&b, "Settings kept as the server has them (the file's differ): %s\n", strings.Join(r.SettingsKept, ", "))
	}
	b.WriteString("\nKeep the file with its .key and .audit-head files as the old desk's audit archive, and point the desk at the server.")
	return b.String()
}
