package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// setupScreen asks for the site on the first start.
type setupScreen struct {
	name, address, phone, tz *widget.Entry
	errLine                  *canvas.Text
	save                     *widget.Button
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

func newSetupScreen(u *UI, done func(app.Site)) *setupScreen {
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
	s.save = widget.NewButton(lang.L("Save and start"), func() {
		site, err := u.svc.CreateSite(u.ctx, app.Site{Name: s.name.Text, Address: s.address.Text, Phone: s.phone.Text,
			TimeZone: s.tz.Text, ContactName: cName.Text, ContactPhone: cPhone.Text, ContactEmail: cEmail.Text})
		if err != nil {
			s.errLine.Text = errorText(err)
			s.errLine.Refresh()
			return
		}
		done(site)
	})
	s.save.Importance = widget.HighImportance
	submitOnEnter(form, s.save.OnTapped)
	title := widget.NewLabelWithStyle(lang.L("Welcome to Front Desk"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	intro := widget.NewLabel(lang.L("First, tell us about this center. The point of contact is who the city's reminder system writes to."))
	intro.Wrapping = fyne.TextWrapWord
	s.content = container.NewPadded(container.NewVBox(title, intro, form, s.errLine, container.NewHBox(s.save)))
	return s
}
