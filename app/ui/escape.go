package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// escapeStacks are each window's open dialogs that Escape closes, the
// newest last.
var escapeStacks = map[fyne.Window][]dialog.Dialog{}

// escapable makes Escape close d while it is the newest such dialog open
// in w: pressed where no field has the cursor, the window hands it to the
// canvas (installed here); pressed in a form's field, the field hands it on
// (escEntry). Call it before d is shown.
func escapable(w fyne.Window, d dialog.Dialog) {
	if _, ok := escapeStacks[w]; !ok {
		c := w.Canvas()
		prev := c.OnTypedKey()
		c.SetOnTypedKey(func(k *fyne.KeyEvent) {
			if k.Name == fyne.KeyEscape && closeNewestDialog(w) {
				return
			}
			if prev != nil {
				prev(k)
			}
		})
	}
	escapeStacks[w] = append(escapeStacks[w], d)
	d.SetOnClosed(func() {
		s := escapeStacks[w]
		if i := slices.Index(s, d); i >= 0 {
			escapeStacks[w] = slices.Delete(s, i, i+1)
		}
	})
}

// closeNewestDialog closes w's newest open dialog that Escape closes, if
// one is in view; it reports whether it closed one. Dialogs put away while
// the desk is locked are not in view and stay.
func closeNewestDialog(w fyne.Window) bool {
	s := escapeStacks[w]
	if len(s) == 0 || w.Canvas().Overlays().Top() == nil {
		return false
	}
	s[len(s)-1].Hide()
	return true
}

// showInformation is dialog.ShowInformation that Escape closes.
func showInformation(title, message string, w fyne.Window) {
	d := dialog.NewInformation(title, message, w)
	escapable(w, d)
	d.Show()
}

// escHook is the Escape handling the form fields made here share: Escape
// runs onEscape (closing their dialog) when it is set.
type escHook struct {
	onEscape func()
}

// escaped runs onEscape for Escape and reports whether it did.
func (h *escHook) escaped(k *fyne.KeyEvent) bool {
	if k.Name != fyne.KeyEscape || h.onEscape == nil {
		return false
	}
	h.onEscape()
	return true
}

func (h *escHook) setOnEscape(f func()) { h.onEscape = f }

// escEntry is a form field that hands Escape to its dialog, which closes
// (a stock entry keeps Escape to itself).
type escEntry struct {
	widget.Entry
	escHook
}

// newFormEntry is a single-line form field holding text, with a
// placeholder.
func newFormEntry(text, placeholder string) *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

// newPasswordFormEntry is a form field for a password: the characters are
// hidden until its eye button is pressed.
func newPasswordFormEntry() *escEntry {
	e := &escEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	var eye *widget.Button
	eye = widget.NewButtonWithIcon("", theme.VisibilityOffIcon(), func() {
		e.Password = !e.Password
		if e.Password {
			eye.SetIcon(theme.VisibilityOffIcon())
		} else {
			eye.SetIcon(theme.VisibilityIcon())
		}
		e.Refresh()
	})
	eye.Importance = widget.LowImportance
	e.ActionItem = eye
	return e
}

// newNotesFormEntry is a form field for a few lines of notes.
func newNotesFormEntry(rows int) *escEntry {
	e := &escEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(rows)
	return e
}

// TypedKey closes the dialog on Escape; other keys edit as usual.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if !e.escaped(k) {
		e.Entry.TypedKey(k)
	}
}

// escCheck is a form's check box that hands Escape to its dialog (a stock
// check box, focused with Tab, keeps every key to itself).
type escCheck struct {
	widget.Check
	escHook
}

// newFormCheck is a form's check box labelled label.
func newFormCheck(label string, changed func(bool)) *escCheck {
	c := &escCheck{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey closes the dialog on Escape.
func (c *escCheck) TypedKey(k *fyne.KeyEvent) {
	if !c.escaped(k) {
		c.Check.TypedKey(k)
	}
}

// escSelect is a form's drop-down list that hands Escape to its dialog.
type escSelect struct {
	widget.Select
	escHook
}

// newFormSelect is a form's drop-down list of options.
func newFormSelect(options []string, changed func(string)) *escSelect {
	s := &escSelect{}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey closes the dialog on Escape; the arrows and Space work as usual.
func (s *escSelect) TypedKey(k *fyne.KeyEvent) {
	if !s.escaped(k) {
		s.Select.TypedKey(k)
	}
}

// escapeCloses makes Escape in every form field of o (entries, check boxes
// and drop-down lists made by newForm…) run close.
func escapeCloses(o fyne.CanvasObject, close func()) {
	eachField(o, func(f fyne.CanvasObject) {
		if h, ok := f.(interface{ setOnEscape(func()) }); ok {
			h.setOnEscape(close)
		}
	})
}
