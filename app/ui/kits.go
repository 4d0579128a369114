package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"frontdesk/app"
)

// Keyboard shortcuts of the Kits tab. Ctrl+A arrives as fyne's SelectAll.
var (
	confirmShortcut    = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	confirmShortcutPad = &desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault}
	printShortcut      = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	kitTabShortcuts    = []*desktop.CustomShortcut{
		{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault},
	}
	selectAllName = (&fyne.ShortcutSelectAll{}).ShortcutName()
)

// kitsScreen is the kit circulation tab: Checkout, Return and the Loans
// list, each a tab of its own (Ctrl+1, Ctrl+2, Ctrl+3).
type kitsScreen struct {
	u       *UI
	content fyne.CanvasObject
	tabs    *container.AppTabs

	checkout *kitCheckoutScreen
	ret      *kitReturnScreen
	loans    *loansList
	loanAct  *loanActions
	inv      *kitInventory
	hotspots *hotspotQueue
}

func newKitsScreen(u *UI) *kitsScreen {
	s := &kitsScreen{u: u}
	s.checkout = newKitCheckoutScreen(u, s)
	s.ret = newKitReturnScreen(u, s)
	s.loans = newLoansList(u)
	s.loanAct = newLoanActions(u, s)
	s.inv = newKitInventory(u, s)
	s.hotspots = newHotspotQueue(u)
	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Checkout (Ctrl+1)"), s.checkout.content),
		container.NewTabItem(lang.L("Return (Ctrl+2)"), s.ret.content),
		container.NewTabItem(lang.L("Loans (Ctrl+3)"), container.NewBorder(nil, s.loanAct.content, nil, nil, s.loans.content)),
		container.NewTabItem(lang.L("Inventory"), s.inv.content),
		container.NewTabItem(lang.L("Hotspots"), s.hotspots.content),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.shown() }
	s.content = s.tabs
	return s
}

// shown refreshes and focuses the inner tab on screen.
func (s *kitsScreen) shown() {
	switch s.tabs.SelectedIndex() {
	case 0:
		s.checkout.focus()
	case 1:
		s.ret.focus()
	case 2:
		s.loans.refresh()
		s.loanAct.refresh()
	case 3:
		s.inv.refresh()
	case 4:
		s.hotspots.refresh()
	}
}

// onScreen reports whether the Kits tab is the one shown.
func (s *kitsScreen) onScreen() bool {
	u := s.u
	return u.mode == modeDesk && u.kits == s && u.tabs != nil && u.tabs.Selected() != nil && u.tabs.Selected().Content == s.content
}

// shortcuts returns the tab's shortcuts with a screen's own added.
func (s *kitsScreen) shortcuts(own map[string]func()) map[string]func() {
	m := map[string]func(){}
	for i, sc := range kitTabShortcuts {
		i := i
		m[sc.ShortcutName()] = func() { s.tabs.SelectIndex(i) }
	}
	for k, f := range own {
		m[k] = f
	}
	return m
}

// focusOn focuses o when the Kits tab is on screen.
func (s *kitsScreen) focusOn(o fyne.Focusable) {
	if !s.onScreen() || o == nil {
		return
	}
	if c := s.u.win.Canvas(); c != nil {
		c.Focus(o)
	}
}

// kitCheck is a component's tick box: Space or Enter ticks it, Escape and
// the screen's shortcuts go to the screen.
type kitCheck struct {
	escCheck  // Escape runs onEscape
	id        int64
	shortcuts map[string]func()
}

func newKitCheck(id int64, label string, onEscape func(), shortcuts map[string]func()) *kitCheck {
	c := &kitCheck{id: id, shortcuts: shortcuts}
	c.Text, c.onEscape = label, onEscape
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey ticks or unticks on Enter; Escape starts over.
func (c *kitCheck) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	default:
		c.escCheck.TypedKey(k)
	}
}

// TypedShortcut runs the screen's shortcuts.
func (c *kitCheck) TypedShortcut(s fyne.Shortcut) {
	if f, ok := c.shortcuts[s.ShortcutName()]; ok {
		f()
	}
}

// kitEntry is an entry whose Escape and screen shortcuts go to the screen.
type kitEntry struct {
	escEntry  // Escape runs onEscape
	shortcuts map[string]func()
}

func newKitEntry() *kitEntry {
	e := &kitEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *kitEntry) TypedShortcut(s fyne.Shortcut) {
	if f, ok := e.shortcuts[s.ShortcutName()]; ok && s.ShortcutName() != selectAllName {
		f()
		return
	}
	e.Entry.TypedShortcut(s)
}

// componentLabel is how a component is listed: its name, serial and
// whether it must go out and come back.
func componentLabel(name, serial string, required bool) string {
	l := name
	if serial != "" {
		l += "  ·  " + serial
	}
	if required {
		l += "  ·  " + lang.L("required")
	}
	return l
}

// kitName is a kit as a line of the screen names it: its label's code, and
// the center's asset tag after it when it has one ("K-7K3… (WR-KIT-001)").
func kitName(k app.Kit) string {
	if k.AltTag == "" {
		return k.Tag
	}
	return k.Tag + " (" + k.AltTag + ")"
}

// borrowerWords is who has a loan or hold as the kit desk calls them: the
// name and the phone, or "no phone" when none is on record. A left-to-right
// mark ends the name, so an Arabic or Persian name does not pull the phone
// after it into its right-to-left run (the digits would come out of order).
func borrowerWords(b app.Borrower) string {
	phone := app.FormatPhone(b.Phone)
	if b.Phone == "" {
		phone = lang.L("no phone")
	}
	return b.DisplayName() + ltrMark + "  ·  " + phone
}

// ltrMark is U+200E LEFT-TO-RIGHT MARK: invisible, it ends a right-to-left
// run inside a left-to-right line.
const ltrMark = "\u200e"

// kitKindLabel names a kind of kit.
func kitKindLabel(k app.KitKind) string {
	switch k {
	case app.KitLaptop:
		return lang.L("Laptop kit")
	case app.KitHotspot:
		return lang.L("Hotspot kit")
	case app.KitLaptopHotspot:
		return lang.L("Laptop + hotspot kit")
	}
	return string(k)
}
