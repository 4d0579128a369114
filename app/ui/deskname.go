package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// deskNameBar is this desk's name in the top bar ("Resource room"), which
// its check-ins record. An administrator renames it, or on a database of
// several sites chooses the site it serves, by pressing it (when the app
// can keep them: Options.SaveDesk); others see it only.
func (u *UI) deskNameBar() fyne.CanvasObject {
	name := u.svc.Desk()
	if !u.actor.Has(app.RoleAdministrator) || u.opts.SaveDesk == nil {
		if name == "" {
			return widget.NewLabel("")
		}
		u.deskName = widget.NewButtonWithIcon(name, theme.ComputerIcon(), nil)
		u.deskName.Importance = widget.LowImportance
		u.deskName.Disable()
		return u.deskName
	}
	if name == "" {
		name = lang.L("Name this desk")
	}
	u.deskName = widget.NewButtonWithIcon(name, theme.ComputerIcon(), u.renameDesk)
	u.deskName.Importance = widget.LowImportance
	return u.deskName
}

// renameDesk asks an administrator for this desk's name and, on a
// database of several sites, the site it serves, and keeps them
// (Options.SaveDesk): check-ins from now on record the name; the desk's
// screens, exports and sign-in serve the site.
func (u *UI) renameDesk() {
	entry := newFormEntry(u.svc.Desk(), lang.L("Greeter, Resource room, Kiosk…"))
	errLine := newErrorLine()
	hint := widget.NewLabel(lang.L("Each check-in made here records this name, and other desks say it: \"already checked in at 9:02 at Resource room\"."))
	hint.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(lang.L("This desk's name"), entry))
	sites, err := u.svc.Sites(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	var siteSel *widget.Select
	if len(sites) > 1 {
		names := make([]string, len(sites))
		for i, x := range sites {
			names[i] = x.Name
		}
		siteSel = widget.NewSelect(names, nil)
		for i, x := range sites {
			if x.ID == u.site.ID {
				siteSel.SetSelectedIndex(i)
			}
		}
		form.Append(lang.L("Site this desk serves"), siteSel)
	}
	content := container.NewVBox(form, hint, errLine)
	showErr := func(err error) {
		errLine.Text = errorText(err)
		errLine.Refresh()
	}
	showFormDialogThen(lang.L("Name this desk"), lang.L("Save"), content, showErr, func() (func(), error) {
		name, err := app.CleanDeskName(entry.Text)
		if err != nil {
			return nil, err
		}
		site := u.site
		if siteSel != nil && siteSel.SelectedIndex() >= 0 {
			site = sites[siteSel.SelectedIndex()]
		}
		// on the record first: a desk renamed where the audit log cannot
		// be written (the server out of reach) is not renamed
		if err := u.svc.RecordDeskChange(u.ctx, u.svc.Desk(), name, u.site.ID, site.ID); err != nil {
			return nil, err
		}
		if err := u.opts.SaveDesk(name, site.ID); err != nil {
			return nil, err
		}
		if err := u.svc.SetDesk(name); err != nil {
			return nil, err
		}
		u.deskName.SetText(name)
		if site.ID == u.site.ID {
			return nil, nil
		}
		// another site: the desk's screens are built again for it, once
		// the dialog is gone
		u.svc.SetSite(site.ID)
		return func() {
			sess, err := u.svc.RefreshSession(u.ctx)
			if err != nil {
				u.showError(err)
				return
			}
			u.rebuildDesk(sess)
		}, nil
	}, nil, u.win)
	u.win.Canvas().Focus(entry)
}
