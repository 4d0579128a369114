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

// siteForm is the form of a site's details: the first-start set-up and the
// Site screen share it.
type siteForm struct {
	name, address, phone, tz, cName, cPhone, cEmail *widget.Entry
	form                                            *widget.Form
}

func newSiteForm(s app.Site) *siteForm {
	f := &siteForm{}
	mk := newEntry
	if s.TimeZone == "" {
		s.TimeZone = app.DefaultTimeZone
	}
	f.name, f.address, f.phone, f.tz = mk(s.Name, ""), mk(s.Address, ""), mk(formatPhoneOrEmpty(s.Phone), ""), mk(s.TimeZone, app.DefaultTimeZone)
	f.cName, f.cPhone, f.cEmail = mk(s.ContactName, ""), mk(formatPhoneOrEmpty(s.ContactPhone), ""), mk(s.ContactEmail, "")
	f.form = widget.NewForm(
		widget.NewFormItem(lang.L("Center or branch name"), f.name),
		widget.NewFormItem(lang.L("Address"), f.address),
		widget.NewFormItem(lang.L("Phone"), f.phone),
		widget.NewFormItem(lang.L("Time zone"), f.tz),
		widget.NewFormItem(lang.L("Point of contact"), f.cName),
		widget.NewFormItem(lang.L("Contact phone"), f.cPhone),
		widget.NewFormItem(lang.L("Contact email"), f.cEmail),
	)
	return f
}

// formatPhoneOrEmpty shows a stored E.164 phone as people write it.
func formatPhoneOrEmpty(p string) string {
	if p == "" {
		return ""
	}
	return app.FormatPhone(p)
}

// value is the site as the form says, with id.
func (f *siteForm) value(id int64) app.Site {
	return app.Site{ID: id, Name: f.name.Text, Address: f.address.Text, Phone: f.phone.Text, TimeZone: f.tz.Text,
		ContactName: f.cName.Text, ContactPhone: f.cPhone.Text, ContactEmail: f.cEmail.Text}
}

// set fills the form from s.
func (f *siteForm) set(s app.Site) {
	g := newSiteForm(s)
	for _, p := range [][2]*widget.Entry{{f.name, g.name}, {f.address, g.address}, {f.phone, g.phone}, {f.tz, g.tz},
		{f.cName, g.cName}, {f.cPhone, g.cPhone}, {f.cEmail, g.cEmail}} {
		p[0].SetText(p[1].Text)
	}
}

// saveSite creates the site (id 0) or saves changes to it, as ctx's actor.
func saveSite(ctx context.Context, svc *app.Service, s app.Site) (app.Site, error) {
	if s.ID == 0 {
		return svc.CreateSite(ctx, s)
	}
	return svc.UpdateSite(ctx, s)
}

// siteScreen lets administrators change the site's details after set-up:
// they print on every card and agreement and go to the city with every
// export.
type siteScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject
	form    *siteForm
	errLine *canvas.Text
	saved   *widget.Label
	save    *widget.Button
}

func newSiteScreen(u *UI) *siteScreen {
	s := &siteScreen{u: u, ctx: u.ctx, form: newSiteForm(u.site)}
	s.errLine = newErrorLine()
	s.saved = widget.NewLabel("")
	s.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), s.submit)
	s.save.Importance = widget.HighImportance
	submitOnEnter(s.form.form, s.submit)
	intro := widget.NewLabel(lang.L("These details print on every card, sign-in sheet and agreement, and go to the city's reminder system with every export. The point of contact is who the city writes to."))
	intro.Wrapping = fyne.TextWrapWord
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(intro, s.form.form, s.errLine,
		container.NewHBox(s.save, s.saved))))
	return s
}

// refresh shows the stored details.
func (s *siteScreen) refresh() {
	sites, err := s.u.svc.Sites(s.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	for _, site := range sites {
		if site.ID == s.u.site.ID {
			s.u.site = site
		}
	}
	s.form.set(s.u.site)
	s.errLine.Text = ""
	s.errLine.Refresh()
	s.saved.SetText("")
}

// submit saves the form.
func (s *siteScreen) submit() {
	site, err := saveSite(s.ctx, s.u.svc, s.form.value(s.u.site.ID))
	if err != nil {
		s.errLine.Text = errorText(err)
		s.errLine.Refresh()
		s.saved.SetText("")
		return
	}
	s.u.site = site
	s.form.set(site)
	s.errLine.Text = ""
	s.errLine.Refresh()
	s.saved.SetText(lang.L("Saved."))
	if s.u.siteName != nil {
		s.u.siteName.SetText("·  " + site.Name)
	}
}
