package ui

import (
	"context"
	"log"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"frontdesk/app"
	"frontdesk/assets"
)

// Options configure the interface.
type Options struct {
	// CardDir is where printed participant cards are written before they are
	// opened; "" means the system's temporary folder.
	CardDir string
	// OnReady is called once the main screens are built and shown.
	OnReady func()
}

// UI is the main window's content: the site set-up on first start, then the
// Check-in, Participants and Events tabs.
type UI struct {
	svc  *app.Service
	ctx  context.Context
	win  fyne.Window
	opts Options
	site app.Site

	setup        *setupScreen // first start only
	tabs         *container.AppTabs
	checkin      *checkInScreen
	participants *participantsScreen
	events       *eventsScreen
}

var loadOnce sync.Once

// Keyboard shortcuts of the check-in screen.
var (
	undoShortcut   = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}
	walkInShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
)

// LoadTranslations registers the English and Spanish strings with Fyne's
// lang package. New calls it; it is safe to call more than once.
func LoadTranslations() {
	loadOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
			log.Printf("translations: %v", err)
		}
	})
}

// New builds the interface into w for svc, acting as the staff member in ctx
// (the local operator until accounts exist). A database without a site
// first shows the site set-up form.
func New(ctx context.Context, svc *app.Service, w fyne.Window, opts Options) *UI {
	LoadTranslations()
	u := &UI{svc: svc, ctx: ctx, win: w, opts: opts}
	sites, err := svc.Sites(ctx)
	if err != nil || len(sites) == 0 {
		if err != nil {
			log.Printf("sites: %v", app.ErrorMessage(err))
		}
		u.setup = newSetupScreen(u, func(s app.Site) { u.start(s) })
		w.SetContent(u.setup.content)
		w.Canvas().Focus(u.setup.name)
		return u
	}
	u.start(sites[0])
	return u
}

// start shows the main tabs for site.
func (u *UI) start(site app.Site) {
	u.site = site
	u.checkin = newCheckInScreen(u)
	u.participants = newParticipantsScreen(u)
	u.events = newEventsScreen(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Check-in"), u.checkin.content),
		container.NewTabItem(lang.L("Participants"), u.participants.content),
		container.NewTabItem(lang.L("Events"), u.events.content),
	)
	u.tabs.OnSelected = func(t *container.TabItem) {
		switch t.Content {
		case u.checkin.content:
			u.checkin.refreshEvents()
			u.checkin.focus()
		case u.participants.content:
			u.participants.refresh()
		case u.events.content:
			u.events.refresh()
		}
	}
	u.win.SetContent(u.tabs)
	onCheckIn := func(f func()) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			if u.tabs.Selected().Content == u.checkin.content {
				f()
			}
		}
	}
	u.win.Canvas().AddShortcut(undoShortcut, onCheckIn(u.checkin.undo))
	u.win.Canvas().AddShortcut(walkInShortcut, onCheckIn(u.checkin.walkIn))
	u.checkin.scan.shortcuts = map[string]func(){
		undoShortcut.ShortcutName():   u.checkin.undo,
		walkInShortcut.ShortcutName(): u.checkin.walkIn,
	}
	u.checkin.focus()
	if u.opts.OnReady != nil {
		u.opts.OnReady()
	}
}

// showError shows err's message (a generic one for internal errors, which
// are logged without personal data).
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	dialog.ShowInformation(lang.L("Something went wrong"), errorText(err), u.win)
}

// errorText is what a person is told about err.
func errorText(err error) string {
	if app.ErrorCode(err) == app.EInternal {
		log.Printf("internal error: %v", err)
		return lang.L("Something went wrong and nothing was saved. Please try again; if it keeps happening, call IT.")
	}
	return app.ErrorMessage(err)
}
