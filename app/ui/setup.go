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
	site    *siteForm
	name    *widget.Entry // the site's name, focused first
	errLine *canvas.Text
	save    *widget.Button
	admin   *staffForm // the first administrator
	content fyne.CanvasObject
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
	s := &setupScreen{site: newSiteForm(u.site)}
	s.name = s.site.name
	form := s.site.form
	s.errLine = newErrorLine()
	if withAdmin {
		s.admin = newStaffForm(u, app.NewStaff{Roles: []app.Role{app.RoleAdministrator, app.RoleFrontDesk}}, true)
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
		if withSite {
			// created, or saved again after a failed first try: the fields
			// stay editable until the set-up is done
			site, err := saveSite(ctx, u.svc, s.site.value(u.site.ID))
			if err != nil {
				fail(err)
				return
			}
			u.site = site
		}
		if !withAdmin { // an administrator set up the site: on to their desk
			if u.buildDesk() {
				u.showDesk()
			}
			return
		}
		n := s.admin.value()
		first, code, err := u.svc.CreateFirstAdministrator(u.base, n)
		if err != nil {
			fail(err)
			return
		}
		sess, err := u.svc.SignIn(u.base, n.Username, n.Password)
		if err != nil {
			fail(err)
			return
		}
		// The recovery code, once, before the desk.
		u.showRecoveryCode(code, first.Staff.Username, func() {
			u.recovery = nil
			u.signedIn(sess)
		})
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
