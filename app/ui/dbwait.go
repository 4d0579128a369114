package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dbWait is the line across the top of the window that says "Waiting for
// the database…" while a change waits for another program (a backup, an
// import, frontdeskctl) to finish writing. The change is not lost: it is
// saved as soon as the database is free.
type dbWait struct {
	bar     *fyne.Container
	text    *widget.Label
	waiting int // changes waiting now (UI goroutine)
}

func newDBWait() *dbWait {
	w := &dbWait{text: widget.NewLabelWithStyle(lang.L("Waiting for the database…"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	w.text.Importance = widget.WarningImportance
	w.bar = container.NewHBox(widget.NewIcon(theme.WarningIcon()), w.text,
		widget.NewLabel(lang.L("Another program is writing to it; this change is saved as soon as it is free.")))
	w.bar.Hide()
	return w
}

// SetWaiting shows (true) or, once every waiting change got through
// (false as often as true), hides "Waiting for the database…". It may be
// called from any goroutine; the app wires it to data.Options.OnWait.
func (u *UI) SetWaiting(waiting bool) {
	fyne.Do(func() {
		if waiting {
			u.dbWait.waiting++
		} else if u.dbWait.waiting > 0 {
			u.dbWait.waiting--
		}
		if u.dbWait.waiting > 0 {
			u.dbWait.bar.Show()
		} else {
			u.dbWait.bar.Hide()
		}
	})
}
