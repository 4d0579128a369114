package main

import (
	"fmt"
	"time"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/data"
)

// cmdInit creates the first site.
func (e *env) cmdInit(args []string) error {
	fs := e.flags("init")
	var s app.Site
	fs.StringVar(&s.Name, "site", "", "the center's or branch's name")
	fs.StringVar(&s.Address, "address", "", "street address")
	fs.StringVar(&s.Phone, "phone", "", "phone number")
	fs.StringVar(&s.TimeZone, "tz", app.DefaultTimeZone, "IANA time zone")
	fs.StringVar(&s.ContactName, "contact-name", "", "point of contact for the reminder system")
	fs.StringVar(&s.ContactPhone, "contact-phone", "", "point of contact's phone")
	fs.StringVar(&s.ContactEmail, "contact-email", "", "point of contact's email")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("init: unexpected argument %q", pos[0])
	}
	if s.Name == "" {
		return usageErrorf("init needs --site NAME")
	}
	if err := e.open(); err != nil {
		return err
	}
	if sites, err := e.svc.Sites(e.ctx); err != nil {
		return err
	} else if len(sites) > 0 {
		return usageErrorf("%s already has a site (%s); nothing was changed", e.dbPath, sites[0].Name)
	}
	site, err := e.svc.CreateSite(e.ctx, s)
	if err != nil {
		return err
	}
	return e.out(site, fmt.Sprintf("Set up %s (site %d) in %s", site.Name, site.ID, e.dbPath))
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
	if err := e.open(); err != nil {
		return err
	}
	if sites, err := e.svc.Sites(e.ctx); err != nil {
		return err
	} else if len(sites) > 0 {
		return usageErrorf("demo data goes into a new, empty database; %s already has %s (use --db NEW.db)", e.dbPath, sites[0].Name)
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
	return e.out(sum, fmt.Sprintf("Demo site %d: %d participants, %d events, %d check-ins", sum.SiteID, sum.Participants, sum.Events, sum.CheckIns))
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
	path, err := e.store.BackupTo(e.ctx, *out)
	if err != nil {
		return err
	}
	return e.out(map[string]string{"backup": path}, "Backed up to "+path)
}

// cmdRestore replaces the database with a checked backup.
func (e *env) cmdRestore(args []string) error {
	fs := e.flags("restore")
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
	kept, err := data.Restore(e.ctx, pos[0], e.dbPath, time.Now())
	if err != nil {
		return err
	}
	text := "Restored " + e.dbPath + " from " + pos[0]
	if kept != "" {
		text += "; the database it replaced is kept as " + kept
	}
	return e.out(map[string]string{"restored": e.dbPath, "from": pos[0], "kept": kept}, text)
}
