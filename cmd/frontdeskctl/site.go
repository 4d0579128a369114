package main

import (
	"flag"
	"fmt"
	"strings"

	"frontdesk/app"
)

// cmdSite runs "site show", "site set", "site add" and "site list".
func (e *env) cmdSite(sub string, args []string) error {
	switch sub {
	case "show":
		return e.cmdSiteShow(args)
	case "set":
		return e.cmdSiteSet(args)
	case "add":
		return e.cmdSiteAdd(args)
	case "list":
		return e.cmdSiteList(args)
	}
	return usageErrorf("unknown command: site %s (try: site show, site set, site add, site list)", sub)
}

// cmdSiteAdd adds another site (administrators): a city's server holds
// every center, each with its own details and time zone.
func (e *env) cmdSiteAdd(args []string) error {
	fs := e.flags("site add")
	var s app.Site
	siteFlags(fs, &s, "name")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("site add: unexpected argument %q", pos[0])
	}
	if s.Name == "" {
		return usageErrorf("site add needs --name")
	}
	if _, err := e.openSite(); err != nil { // the first site comes with init
		return err
	}
	site, err := e.svc.CreateSite(e.ctx, s)
	if err != nil {
		return err
	}
	return e.out(site, "Added\n"+siteText(site))
}

// siteFlags reads a new site's details into s (init and site add), its
// name from the flag nameFlag.
func siteFlags(fs *flag.FlagSet, s *app.Site, nameFlag string) {
	fs.StringVar(&s.Name, nameFlag, "", "the center's or branch's name")
	fs.StringVar(&s.Address, "address", "", "street address")
	fs.StringVar(&s.Phone, "phone", "", "phone number")
	fs.StringVar(&s.TimeZone, "tz", app.DefaultTimeZone, "IANA time zone, e.g. America/Los_Angeles")
	fs.StringVar(&s.ContactName, "contact-name", "", "point of contact for the reminder system")
	fs.StringVar(&s.ContactPhone, "contact-phone", "", "point of contact's phone")
	fs.StringVar(&s.ContactEmail, "contact-email", "", "point of contact's email")
}

// cmdSiteList lists every site, with its id (for --site).
func (e *env) cmdSiteList(args []string) error {
	fs := e.flags("site list")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("site list: unexpected argument %q", pos[0])
	}
	if _, err := e.openSite(); err != nil {
		return err
	}
	sites, err := e.svc.Sites(e.ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, x := range sites {
		fmt.Fprintf(&b, "%d\t%s\t%s\n", x.ID, x.Name, x.TimeZone)
	}
	return e.out(sites, b.String())
}

// siteText is the site's details, one per line.
func siteText(s app.Site) string {
	phone := func(p string) string {
		if p == "" {
			return ""
		}
		return app.FormatPhone(p)
	}
	return fmt.Sprintf("Site %d: %s\nAddress: %s\nPhone: %s\nTime zone: %s\nPoint of contact: %s\nContact phone: %s\nContact email: %s\n",
		s.ID, s.Name, s.Address, phone(s.Phone), s.TimeZone, s.ContactName, phone(s.ContactPhone), s.ContactEmail)
}

func (e *env) cmdSiteShow(args []string) error {
	fs := e.flags("site show")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("site show: unexpected argument %q", pos[0])
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	return e.out(site, siteText(site))
}

func (e *env) cmdSiteSet(args []string) error {
	fs := e.flags("site set")
	name := fs.String("name", "", "the center's or branch's name")
	address := fs.String("address", "", "street address")
	phone := fs.String("phone", "", "phone number")
	tz := fs.String("tz", "", "IANA time zone, e.g. America/Los_Angeles")
	cName := fs.String("contact-name", "", "point of contact for the reminder system")
	cPhone := fs.String("contact-phone", "", "point of contact's phone")
	cEmail := fs.String("contact-email", "", "point of contact's email")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("site set: unexpected argument %q", pos[0])
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	fields := []struct {
		flag string
		val  *string
	}{{"name", name}, {"address", address}, {"phone", phone}, {"tz", tz}, {"contact-name", cName}, {"contact-phone", cPhone}, {"contact-email", cEmail}}
	var any bool
	for _, f := range fields {
		any = any || given[f.flag]
	}
	if !any {
		return usageErrorf("site set needs at least one of --name, --address, --phone, --tz, --contact-name, --contact-phone, --contact-email")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	// flags not given keep the stored values
	into := map[string]*string{"name": &site.Name, "address": &site.Address, "phone": &site.Phone, "tz": &site.TimeZone,
		"contact-name": &site.ContactName, "contact-phone": &site.ContactPhone, "contact-email": &site.ContactEmail}
	var names []string
	for _, f := range fields {
		if given[f.flag] {
			*into[f.flag] = *f.val
			names = append(names, "--"+f.flag)
		}
	}
	site, err = e.svc.UpdateSite(e.ctx, site)
	if err != nil {
		return err
	}
	return e.out(site, "Saved "+strings.Join(names, ", ")+"\n"+siteText(site))
}
