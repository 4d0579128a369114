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
// its check-ins record. An administrator renames it by pressing it (when
// the app can keep a new name: Options.RenameDesk); others see it only.
func (u *UI) deskNameBar() fyne.CanvasObject {
	name := u.svc.Desk()
	if !u.actor.Has(app.RoleAdministrator) || u.opts.RenameDesk == nil {
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

// renameDesk asks an administrator for this desk's new name and keeps it
// (Options.RenameDesk): check-ins from now on record it.
func (u *UI) renameDesk() {
	entry := newFormEntry(u.svc.Desk(), lang.L("Greeter, Resource room, Kiosk…"))
	errLine := newErrorLine()
	hint := widget.NewLabel(lang.L("Each check-in made here records this name, and other desks say it: \"already checked in at 9:02 at Resource room\"."))
	hint.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(lang.L("This desk's name"), entry))
	content := container.NewVBox(form, hint, errLine)
	showErr := func(err error) {
		errLine.Text = errorText(err)
		errLine.Refresh()
	}
	showFormDialog(lang.L("Name this desk"), lang.L("Save"), content, showErr, func() error {
		name, err := app.CleanDeskName(entry.Text)
		if err != nil {
			return err
		}
		if err := u.opts.RenameDesk(name); err != nil {
			return err
		}
		if err := u.svc.SetDesk(name); err != nil {
			return err
		}
		u.deskName.SetText(name)
		return nil
	}, nil, u.win)
	u.win.Canvas().Focus(entry)
}
