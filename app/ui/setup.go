package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// setupScreen asks for the site on the first start.
type setupScreen struct {
	name, address, phone, tz *widget.Entry
	errLine                  *canvas.Text
	save                     *widget.Button
	admin                    *staffForm // the first administrator
	content                  fyne.CanvasObject
}

// siteEntries makes the entries of a site form filled from s.
func siteEntries(s app.Site) (name, address, phone, tz, cName, cPhone, cEmail *widget.Entry) {
	mk := newEntry
	ph := s.Phone
	if ph != "" {
		ph = app.FormatPhone(ph)
	}
	if s.TimeZone == "" {
		s.TimeZone = app.DefaultTimeZone
	}
	return mk(s.Name, ""), mk(s.Address, ""), mk(ph, ""), mk(s.TimeZone, app.DefaultTimeZone),
		mk(s.ContactName, ""), mk(s.ContactPhone, ""), mk(s.ContactEmail, "")
}

// showSetup shows the set-up: the site (withSite) and the first
// administrator (withAdmin), saved as ctx's actor (the local operator on
// first start, or an administrator when an account exists but no site).
func (u *UI) showSetup(ctx context.Context, withSite, withAdmin bool) {
	u.idle.stop()
	u.setup = newSetupScreen(u, ctx, withSite, withAdmin)
	u.setContent(modeSetup, u.setup.content)
	if withSite {
		u.win.Canvas().Focus(u.setup.name)
	} else {
		u.win.Canvas().Focus(u.setup.admin.username)
	}
}

func newSetupScreen(u *UI, ctx context.Context, withSite, withAdmin bool) *setupScreen {
	s := &setupScreen{}
	var cName, cPhone, cEmail *widget.Entry
	s.name, s.address, s.phone, s.tz, cName, cPhone, cEmail = siteEntries(app.Site{})
	s.errLine = newErrorLine()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Center or branch name"), s.name),
		widget.NewFormItem(lang.L("Address"), s.address),
		widget.NewFormItem(lang.L("Phone"), s.phone),
		widget.NewFormItem(lang.L("Time zone"), s.tz),
		widget.NewFormItem(lang.L("Point of contact"), cName),
		widget.NewFormItem(lang.L("Contact phone"), cPhone),
		widget.NewFormItem(lang.L("Contact email"), cEmail),
	)
	if withAdmin {
		s.admin = newStaffForm(app.NewStaff{Roles: []app.Role{app.RoleAdministrator, app.RoleFrontDesk}}, true)
		s.admin.roles[app.RoleAdministrator].Disable()
	}
	fail := func(err error) {
		s.errLine.Text = errorText(err)
		s.errLine.Refresh()
	}
	s.save = widget.NewButton(lang.L("Save and start"), func() {
		if withAdmin {
			if err := s.admin.check(); err != nil {
				fail(err)
				return
			}
		}
		if withSite && u.site.ID == 0 {
			site, err := u.svc.CreateSite(ctx, app.Site{Name: s.name.Text, Address: s.address.Text, Phone: s.phone.Text,
				TimeZone: s.tz.Text, ContactName: cName.Text, ContactPhone: cPhone.Text, ContactEmail: cEmail.Text})
			if err != nil {
				fail(err)
				return
			}
			u.site = site
			for _, it := range form.Items {
				if e, ok := it.Widget.(*widget.Entry); ok {
					e.Disable()
				}
			}
		}
		if !withAdmin { // an administrator set up the site: on to their desk
			if u.buildDesk() {
				u.showDesk()
			}
			return
		}
		n := s.admin.value()
		if _, err := u.svc.CreateFirstAdministrator(u.base, n); err != nil {
			fail(err)
			return
		}
		sess, err := u.svc.SignIn(u.base, n.Username, n.Password)
		if err != nil {
			fail(err)
			return
		}
		u.signedIn(sess)
	})
	s.save.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(lang.L("Welcome to Front Desk"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	box := container.NewVBox(title)
	if withSite {
		intro := widget.NewLabel(lang.L("First, tell us about this center. The point of contact is who the city's reminder system writes to."))
		intro.Wrapping = fyne.TextWrapWord
		box.Add(intro)
		box.Add(form)
		submitOnEnter(form, s.save.OnTapped)
	}
	if withAdmin {
		head := widget.NewLabelWithStyle(lang.L("The first administrator"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		intro := widget.NewLabel(lang.L("This person signs in to create the other staff accounts. Choose your own password: at least 12 characters."))
		intro.Wrapping = fyne.TextWrapWord
		box.Add(widget.NewSeparator())
		box.Add(head)
		box.Add(intro)
		box.Add(s.admin.content)
		submitOnEnter(s.admin.content, s.save.OnTapped)
	}
	box.Add(s.errLine)
	box.Add(container.NewHBox(s.save))
	s.content = container.NewVScroll(container.NewPadded(box))
	return s
}
