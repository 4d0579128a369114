package main

import (
	"flag"
	"fmt"
	"strings"

	"frontdesk/app"
)

// cmdSite runs "site show" and "site set".
func (e *env) cmdSite(sub string, args []string) error {
	switch sub {
	case "show":
		return e.cmdSiteShow(args)
	case "set":
		return e.cmdSiteSet(args)
	}
	return usageErrorf("unknown command: site %s (try: site show, site set)", sub)
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
