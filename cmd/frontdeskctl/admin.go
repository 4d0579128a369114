package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/data"
)

// cmdInit creates the first site and, with --admin, the first
// administrator.
func (e *env) cmdInit(args []string) error {
	fs := e.flags("init")
	var s app.Site
	siteFlags(fs, &s, "site")
	admin := fs.String("admin", "", "username of the first administrator to create")
	adminName := fs.String("admin-name", "", "the first administrator's display name")
	conf := fs.String("confidentiality", "", "with --admin: date the confidentiality statement was signed (YYYY-MM-DD)")
	train := fs.String("training", "", "with --admin: date security and privacy training was completed (YYYY-MM-DD)")
	recOut := fs.String("recovery-out", "", "with --admin: also write the recovery code's page to print, FILE.pdf")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("init: unexpected argument %q", pos[0])
	}
	if *admin != "" {
		return e.initAdmin(s, *admin, *adminName, *conf, *train, *recOut)
	}
	if *adminName != "" || *conf != "" || *train != "" || *recOut != "" {
		return usageErrorf("init: --admin-name, --confidentiality, --training and --recovery-out go with --admin USERNAME")
	}
	if s.Name == "" {
		return usageErrorf("init needs --site NAME")
	}
	return e.initNew(func() error {
		return e.initSite(s)
	})
}

// initNew runs set-up on the database, creating it when there is none; a
// set-up that fails leaves no new file behind (a database that was there
// already is left as it is). A center server's database is no file here:
// nothing local is removed for it.
func (e *env) initNew(setup func() error) (err error) {
	if e.dbPath == "" {
		e.dbPath = data.DefaultPath()
	}
	_, statErr := os.Stat(e.dbPath)
	fresh := !data.IsServer(e.dbPath) && errors.Is(statErr, os.ErrNotExist)
	e.create = true
	defer func() {
		if err != nil && fresh {
			if e.store != nil {
				e.store.Close()
				e.store = nil
			}
			for _, p := range append([]string{e.dbPath, e.dbPath + "-wal", e.dbPath + "-shm"}, data.AuditFiles(e.dbPath)...) {
				os.Remove(p)
			}
		}
	}()
	if err := e.open(); err != nil {
		return err
	}
	return setup()
}

// initSite creates the site of a database that has none.
func (e *env) initSite(s app.Site) error {
	if sites, err := e.svc.Sites(e.ctx); err != nil {
		return err
	} else if len(sites) > 0 {
		return usageErrorf("%s already has a site (%s); nothing was changed", data.Shown(e.dbPath), sites[0].Name)
	}
	site, err := e.svc.CreateSite(e.ctx, s)
	if err != nil {
		return err
	}
	return e.out(site, fmt.Sprintf("Set up %s (site %d) in %s", site.Name, site.ID, data.Shown(e.dbPath)))
}

// initAdmin creates the site when there is none yet, then the first
// administrator, with the password from FRONTDESK_PASSWORD or asked twice.
func (e *env) initAdmin(s app.Site, username, name, conf, train, out string) error {
	if e.user != "" {
		return usageErrorf("init --admin creates the first account: leave out --user")
	}
	if err := checkPDFOut(out); err != nil {
		return err
	}
	n := app.NewStaff{Username: username, DisplayName: name, Roles: []app.Role{app.RoleAdministrator}}
	if n.DisplayName == "" {
		n.DisplayName = username
	}
	var err error
	if n.ConfidentialitySigned, err = parseDate("confidentiality", conf); err != nil {
		return err
	}
	if n.TrainingCompleted, err = parseDate("training", train); err != nil {
		return err
	}
	e.auth = authNone
	return e.initNew(func() error {
		if has, err := e.svc.HasStaff(e.ctx); err != nil {
			return err
		} else if has {
			return usageErrorf("%s already has staff accounts: an administrator adds more with frontdeskctl user add; nothing was changed", data.Shown(e.dbPath))
		}
		sites, err := e.svc.Sites(e.ctx)
		if err != nil {
			return err
		}
		if len(sites) == 0 && s.Name == "" {
			return usageErrorf("%s has no site yet: give --site NAME as well", data.Shown(e.dbPath))
		}
		if len(sites) > 0 && s.Name != "" && s.Name != sites[0].Name {
			return usageErrorf("%s already has a site (%s): leave out --site to add only the administrator", data.Shown(e.dbPath), sites[0].Name)
		}
		if n.Password, err = newPassword(envPassword, "Password for "+strings.ToLower(username)); err != nil {
			return err
		}
		// Check the password before the site is made, so a refused one leaves
		// nothing half done.
		if err := app.CheckPasswordRules(strings.ToLower(strings.TrimSpace(username)), n.Password); err != nil {
			return err
		}
		site := app.Site{}
		if len(sites) > 0 {
			site = sites[0]
		} else if site, err = e.svc.CreateSite(e.ctx, s); err != nil {
			return err
		}
		sess, code, err := e.svc.CreateFirstAdministrator(e.ctx, n)
		if err != nil {
			return err
		}
		return e.showRecoveryCode(code, sess.Staff.Username, out, fmt.Sprintf("Set up %s (site %d) in %s with administrator %s. From now on every command needs --user NAME.",
			site.Name, site.ID, data.Shown(e.dbPath), sess.Staff.Username), map[string]any{"site": site, "administrator": staffToJSON(sess.Staff, e.svc.Now())})
	})
}

// cmdDemo fills the database with a synthetic site.
func (e *env) cmdDemo(args []string) error {
	fs := e.flags("demo")
	var o demo.Options
	fs.IntVar(&o.Participants, "participants", 500, "participants (up to 100000)")
	fs.IntVar(&o.CheckIns, "checkins", 0, "check-ins (up to 1000000; default 4 per participant)")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("demo: unexpected argument %q", pos[0])
	}
	e.create = true
	if err := e.open(); err != nil {
		return err
	}
	if sites, err := e.svc.Sites(e.ctx); err != nil {
		return err
	} else if len(sites) > 0 {
		return usageErrorf("demo data goes into a new, empty database; %s already has %s (use --db NEW.db)", data.Shown(e.dbPath), sites[0].Name)
	}
	last := time.Now()
	o.Progress = func(stage string, done, total int) {
		if e.json || (time.Since(last) < time.Second && done < total) {
			return
		}
		last = time.Now()
		fmt.Fprintf(e.stderr, "demo: %s %d/%d\n", stage, done, total)
	}
	sum, err := demo.Generate(e.ctx, e.store, o)
	if err != nil {
		return err
	}
	return e.out(sum, fmt.Sprintf("Demo site %d: %d participants, %d events, %d check-ins, %d visits, %d enrolments, %d kits, %d loans",
		sum.SiteID, sum.Participants, sum.Events, sum.CheckIns, sum.Visits, sum.Enrolments, sum.Kits, sum.Loans))
}

// cmdBackup writes a consistent copy of the database.
func (e *env) cmdBackup(args []string) error {
	fs := e.flags("backup")
	out := fs.String("out", "", "the backup file to write")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("backup: unexpected argument %q", pos[0])
	}
	if *out == "" {
		return usageErrorf("backup needs --out FILE")
	}
	if err := e.open(); err != nil {
		return err
	}
	if err := e.requireAdministrator(); err != nil {
		return err
	}
	// A backup holds every record: it needs current confidentiality and
	// training dates, checked before anything is written.
	if err := e.svc.CheckExport(e.ctx, app.RoleAdministrator); err != nil {
		return err
	}
	path, err := e.store.BackupTo(e.ctx, *out)
	if err != nil {
		return err
	}
	if err := e.svc.RecordBackup(e.ctx, path); err != nil {
		return err
	}
	return e.out(map[string]string{"backup": path}, "Backed up to "+path)
}

// cmdRestore replaces the database with a checked backup. An
// administrator signs in against the database being replaced or, when that
// is damaged or missing, against the backup's own accounts. The restore
// refuses while Front Desk or another command has the database open.
func (e *env) cmdRestore(args []string) error {
	fs := e.flags("restore")
	otherSite := fs.Bool("other-site", false, "accept a backup of another site than the database it replaces")
	force := fs.Bool("force", false, "accept a backup whose audit log does not verify (audited)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("restore needs exactly one backup FILE")
	}
	if e.dbPath == "" {
		e.dbPath = data.DefaultPath()
	}
	var flags []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "other-site" || f.Name == "force" {
			flags = append(flags, "--"+f.Name)
		}
	})
	res, err := data.Restore(e.ctx, pos[0], e.dbPath, data.RestoreOptions{
		Now:       clock(),
		OtherSite: *otherSite,
		Force:     *force,
		Flags:     strings.Join(flags, " "),
		Authorize: func(ctx context.Context, st *data.Store) (context.Context, error) {
			// The services and sign-in run on st for as long as this
			// takes; Restore closes it.
			e.ctx, e.store, e.svc = ctx, st, app.NewService(st, clock)
			defer func() { e.store, e.svc = nil, nil }()
			if err := e.authenticate(); err != nil {
				return ctx, err
			}
			return e.ctx, e.requireAdministrator()
		},
	})
	if err != nil {
		return err
	}
	text := "Restored " + data.Shown(e.dbPath) + " from " + pos[0] + " (sha256 " + res.Checksum + ")"
	switch {
	case res.Damaged:
		text += "; the damaged database was set aside as " + res.Kept
	case res.Kept != "":
		text += "; the database it replaced is kept as " + res.Kept
	}
	if !res.Chain.OK {
		text += "; its audit log does not verify (" + res.Chain.Problem + "): restored because of --force"
	}
	return e.out(map[string]any{"restored": data.Shown(e.dbPath), "from": pos[0], "sha256": res.Checksum, "kept": res.Kept, "damaged": res.Damaged, "audit_chain_ok": res.Chain.OK}, text)
}
