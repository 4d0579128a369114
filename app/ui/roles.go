package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// roleReason disables controls when the signed-in person holds none of
// roles (the service would refuse them) and returns a small label saying
// why, to put next to them; it returns nil, leaving the controls alone,
// when the person may use them. The reason is shown, not left to a hover
// tooltip: Fyne has none in core, and a desk worked from the keyboard or a
// touch screen never hovers. Controls a role can never need are hidden by
// their screen instead.
func roleReason(u *UI, reason string, roles []app.Role, controls ...fyne.Disableable) *widget.Label {
	for _, r := range roles {
		if u.actor.Has(r) {
			return nil
		}
	}
	for _, c := range controls {
		c.Disable()
	}
	l := widget.NewLabelWithStyle(reason, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}
