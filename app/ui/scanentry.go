package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// scanEntry is the check-in screen's one input: barcode scanners type into
// it like a keyboard and end with Enter, Tab or nothing; people type names,
// phone digits or emails. Tab submits instead of moving focus, and the arrow
// keys and Escape go to the screen.
type scanEntry struct {
	widget.Entry
	onKey func(fyne.KeyName)
	// shortcuts are the screen's keyboard shortcuts, by name. A focused
	// entry receives every shortcut before the window does, so the screen's
	// own (Ctrl+Z, Ctrl+N) must be handled here too.
	shortcuts map[string]func()
	// blockShortcuts drops every shortcut (the kiosk).
	blockShortcuts bool
}

func newScanEntry() *scanEntry {
	e := &scanEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab keeps Tab in the field: scanners may end a code with it.
func (e *scanEntry) AcceptsTab() bool { return true }

// TypedKey handles Tab like Enter and hands navigation keys to the screen.
func (e *scanEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyTab:
		if e.OnSubmitted != nil {
			e.OnSubmitted(e.Text)
		}
		return
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyEscape:
		if e.onKey != nil {
			e.onKey(k.Name)
			return
		}
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut runs the screen's shortcuts, and the entry's own otherwise.
func (e *scanEntry) TypedShortcut(s fyne.Shortcut) {
	if e.blockShortcuts {
		return
	}
	if f, ok := e.shortcuts[s.ShortcutName()]; ok {
		f()
		return
	}
	e.Entry.TypedShortcut(s)
}
