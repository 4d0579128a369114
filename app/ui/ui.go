package ui

import (
	"context"
	"errors"
	"log"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/assets"
)

// Options configure the interface.
type Options struct {
	// CardDir is the folder printouts (cards, agreements, sheets, rosters,
	// reports, labels, lists) are written to until the person chooses
	// another for a kind; "" means a folder in the system's temporary folder.
	CardDir string
	// Open hands a file or folder to the computer's viewer (viewer.Open in
	// the app); nil opens nothing, and the person is told so.
	Open func(path string) error
	// OnReady is called once, when the first usable screen (set-up or
	// sign-in) is shown.
	OnReady func()
	// Sounder plays the check-in desk's answer sounds when the
	// administrator's "Sounds on scan" setting is on; nil is silent.
	Sounder Sounder
	// SaveDesk keeps this desk's name (already checked with
	// app.CleanDeskName) and site on this computer; the interface then
	// gives them to the service (SetDesk, SetSite). nil: they cannot be
	// changed here.
	SaveDesk func(name string, siteID int64) error
	// DeskStatus, for a desk of a center server, says where it stands with
	// the server (offline, check-ins waiting, conflicts resolved); the
	// line across the top of the window follows it. nil for a desk with
	// its own file.
	DeskStatus func() app.DeskStatus
}

// mode is what the window shows.
type mode int

const (
	modeSetup  mode = iota // first start: site and first administrator
	modeSignIn             // nobody signed in, or the desk is locked
	modeChange             // forced password change after a temporary password
	modeDesk               // the signed-in person's tabs
	modeKiosk              // participants check themselves in
)

// UI is the main window's content. Nobody is signed in at first: a
// database without staff accounts shows the set-up (site and first
// administrator), otherwise the sign-in screen. Each signed-in person gets
// their own screens, built with a context carrying their app.Actor (u.ctx),
// so every service call runs as them. Locking keeps those screens out of
// sight; the same person signing back in gets them back as they were, and
// anyone else gets fresh ones (the previous person's are dropped).
type UI struct {
	svc  *app.Service
	base context.Context // carries no actor
	win  fyne.Window
	opts Options
	site app.Site
	mode mode
	// dbWait says "Waiting for the database…" above every screen.
	dbWait *dbWait
	// deskLine says "Offline — 12 check-ins waiting" above every screen of
	// a desk of a center server; nil for a desk with its own file.
	deskLine *deskLine

	// The signed-in (or locked-out) person.
	ctx      context.Context
	actor    app.Actor
	warnings []app.Text // said at their last sign-in

	setup    *setupScreen          // first start only
	recovery *recoveryScreen       // the recovery code, once, at set-up
	signin   *signInScreen         // the last sign-in screen shown
	change   *changePasswordScreen // the last forced password change shown
	kiosk    *kioskScreen          // while in kiosk mode

	// The person's screens; nil when nobody's are built.
	main         fyne.CanvasObject // top bar and tabs
	who          *widget.Label
	tabs         *container.AppTabs
	checkin      *checkInScreen
	paper        *paperScreen
	participants *participantsScreen
	events       *eventsScreen
	staff        *staffScreen
	siteTab      *siteScreen
	siteName     *widget.Label  // the site's name in the top bar
	deskName     *widget.Button // this desk's name in the top bar
	audit        *auditScreen
	export       *exportScreen
	dashboard    *dashboardScreen
	kits         *kitsScreen
	followups    *followupsScreen
	picker       *datePicker         // the last calendar opened
	hidden       []fyne.CanvasObject // their open dialogs, put away while locked

	printQ  *jobQueue    // hands printouts to the viewer, off the UI goroutine
	printed *printedNote // the last printout's dialog, for tests

	// autoLock, when > 0, replaces the administrator's auto-lock setting
	// (tests set it to a few milliseconds).
	autoLock time.Duration
	idle     *idleWatch
	// settings are the administrator's settings as read at sign-in (and
	// after the Staff screen saves them).
	settings app.Settings

	readyOnce sync.Once
}

var loadOnce sync.Once

// Keyboard shortcuts of the check-in screen. Ctrl+Z (Cmd+Z) reaches the
// window as the standard undo shortcut, not as a custom one: the desktop
// driver turns it into fyne.ShortcutUndo before anything sees it.
var (
	undoShortcut   fyne.Shortcut = &fyne.ShortcutUndo{}
	walkInShortcut               = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
)

// LoadTranslations registers the English and Spanish strings with Fyne's
// lang package. New calls it; it is safe to call more than once.
func LoadTranslations() { loadTranslations() }

// loadErr is what loading the translations said.
var loadErr error

// loadTranslations is LoadTranslations, saying whether the strings loaded.
// They are loaded once: loading writes the catalog that every string the
// interface shows is read from, from any goroutine.
func loadTranslations() error {
	loadOnce.Do(func() {
		if loadErr = lang.AddTranslationsFS(assets.Translations, "translations"); loadErr != nil {
			log.Printf("translations: %v", loadErr)
		}
	})
	return loadErr
}

// New builds the interface into w for svc. ctx is the base of every
// session's context (any actor in it is ignored). A database without staff
// accounts first shows the set-up of the site and first administrator;
// otherwise the sign-in screen.
func New(ctx context.Context, svc *app.Service, w fyne.Window, opts Options) *UI {
	LoadTranslations()
	u := &UI{svc: svc, base: ctx, win: w, opts: opts, printQ: newJobQueue(), dbWait: newDBWait()}
	u.idle = newIdleWatch(u)
	if opts.DeskStatus != nil {
		u.deskLine = newDeskLine(u)
		u.deskLine.follow(opts.DeskStatus)
	}
	u.installShortcuts()
	has, err := svc.HasStaff(ctx)
	if err != nil {
		log.Printf("staff accounts: %v", app.ErrorMessage(err))
	}
	if err == nil && !has {
		// The only time the app acts as the local operator: before any
		// account exists, to create the site and the first administrator.
		local := app.WithActor(ctx, app.LocalOperator)
		if sites, err := svc.Sites(local); err == nil && len(sites) > 0 {
			u.site = deskSite(sites, u.svc.DeskSiteID())
		} else if err != nil {
			log.Printf("sites: %v", app.ErrorMessage(err))
		}
		// the site too, even when it was saved on an earlier try whose
		// administrator step failed: its details can still be corrected
		u.showSetup(local, true, true)
	} else {
		u.showSignIn(false)
	}
	u.ready()
	return u
}

// deskSite is the site of sites with id (the desk's, app.Service.SetSite),
// else the first.
func deskSite(sites []app.Site, id int64) app.Site {
	for _, s := range sites {
		if s.ID == id {
			return s
		}
	}
	return sites[0]
}

// ready tells the caller, once, that a usable screen is shown.
func (u *UI) ready() {
	u.readyOnce.Do(func() {
		if u.opts.OnReady != nil {
			u.opts.OnReady()
		}
	})
}

// installShortcuts adds the check-in screen's shortcuts to the window; they
// do something only on the signed-in desk's Check-in tab.
func (u *UI) installShortcuts() {
	onCheckIn := func(f func(*checkInScreen)) func(fyne.Shortcut) {
		return func(fyne.Shortcut) {
			if u.mode == modeDesk && u.checkin != nil && u.tabs != nil && u.tabs.Selected() != nil &&
				u.tabs.Selected().Content == u.checkin.content {
				f(u.checkin)
			}
		}
	}
	undoCheckIn := onCheckIn((*checkInScreen).undo)
	u.win.Canvas().AddShortcut(undoShortcut, func(sc fyne.Shortcut) {
		// with the focus outside the row field, Ctrl+Z still undoes the
		// paper screen's last row there
		if u.mode == modeDesk && u.paper != nil && u.tabs != nil && u.tabs.Selected() != nil &&
			u.tabs.Selected().Content == u.paper.content {
			u.paper.undo()
			return
		}
		undoCheckIn(sc)
	})
	u.win.Canvas().AddShortcut(walkInShortcut, onCheckIn((*checkInScreen).walkIn))
}

// setContent shows o in the window in mode m.
func (u *UI) setContent(m mode, o fyne.CanvasObject) {
	u.mode = m
	top := fyne.CanvasObject(u.dbWait.bar)
	if u.deskLine != nil {
		top = container.NewVBox(u.dbWait.bar, u.deskLine.bar)
	}
	u.win.SetContent(container.NewBorder(top, nil, nil, nil, newActivityArea(o, u.idle.touch)))
}

// showSignIn shows the sign-in screen. With keepName the signed-in
// person's username is filled in (Lock); otherwise the field is empty
// (Switch user, Sign out, start).
func (u *UI) showSignIn(keepName bool) {
	u.idle.stop()
	s := newSignInScreen(lang.L("Sign in to Front Desk"), func(user, pw string) error {
		sess, err := u.svc.SignIn(u.base, user, pw)
		if err != nil {
			return err
		}
		u.signedIn(sess)
		return nil
	})
	// the desk says which center it serves before anyone signs in
	if name, err := u.svc.SignInSiteName(u.base); err != nil {
		log.Printf("site name: %v", app.ErrorMessage(err))
	} else if name != "" {
		s.site.SetText(name)
		s.site.Show()
	}
	if u.main != nil && u.actor.Name != "" {
		s.note.SetText(lang.L("Locked. {{.Name}}'s screens are kept for them; if someone else signs in, they are closed.", map[string]any{"Name": u.actor.Name}))
		s.note.Show()
	}
	u.signin = s
	u.setContent(modeSignIn, s.content)
	if keepName && u.main != nil {
		s.username.SetText(u.actor.Username)
		u.win.Canvas().Focus(s.password)
	} else {
		u.win.Canvas().Focus(s.username)
	}
}

// signedIn continues after a successful sign-in: a temporary password is
// changed first; the same person as before gets their screens back, anyone
// else fresh ones.
func (u *UI) signedIn(sess app.Session) {
	if sess.Actor.MustChangePassword {
		u.showChangePassword(sess)
		return
	}
	same := u.main != nil && sess.Actor.ID == u.actor.ID && slices.Equal(sess.Actor.Roles, u.actor.Roles) &&
		sess.Actor.Restricted == u.actor.Restricted
	if !same {
		u.dropDesk()
		u.actor = sess.Actor
		u.ctx = app.WithActor(u.base, sess.Actor)
	}
	u.warnings = sess.Warnings
	if !same && !u.buildDesk() {
		return
	}
	u.showDesk()
	if len(u.warnings) > 0 {
		lines := make([]string, len(u.warnings))
		for i, w := range u.warnings {
			lines[i] = warningText(w)
		}
		showInformation(lang.L("Please note"), strings.Join(lines, "\n"), u.win)
	}
	if !same && u.followups != nil {
		u.followups.remind() // shown over the warnings, when there are any
	}
}

// dropDesk forgets the previous person's screens and dialogs.
func (u *UI) dropDesk() {
	if u.checkin != nil {
		go u.checkin.stopFollowing() // it may be waiting for this goroutine
	}
	u.main, u.who, u.tabs = nil, nil, nil
	u.checkin, u.participants, u.events, u.staff, u.audit = nil, nil, nil, nil, nil
	u.export = nil
	u.dashboard = nil
	u.kits = nil
	u.followups = nil
	u.paper = nil
	u.siteTab, u.siteName = nil, nil
	u.hidden = nil
	u.kiosk = nil
	u.actor, u.ctx, u.warnings = app.Actor{}, nil, nil
}

// buildDesk builds the signed-in person's top bar and the tabs their roles
// can use. It reports false when it showed something else instead (the site
// set-up for an administrator when there is no site yet).
func (u *UI) buildDesk() bool {
	sites, err := u.svc.Sites(u.ctx)
	if err != nil {
		u.showError(err)
	}
	if len(sites) == 0 && u.actor.Has(app.RoleAdministrator) {
		u.showSetup(u.ctx, true, false)
		return false
	}
	if len(sites) > 0 {
		u.site = deskSite(sites, u.svc.DeskSiteID())
	}
	a := u.actor
	var items []*container.TabItem
	var first *container.TabItem // the tab to land on, when not the first
	// with personal data closed (dates not on record or run out) only the
	// administrator's screens are built: the others would refuse every action
	if u.site.ID != 0 && !a.Restricted {
		if a.Has(app.RoleFrontDesk) {
			u.checkin = newCheckInScreen(u)
			u.checkin.scan.shortcuts = map[string]func(){
				undoShortcut.ShortcutName():   u.checkin.undo,
				walkInShortcut.ShortcutName(): u.checkin.walkIn,
			}
			items = append(items, container.NewTabItem(lang.L("Check-in"), u.checkin.content))
			u.paper = newPaperScreen(u)
			items = append(items, container.NewTabItem(lang.L("Paper sheets"), u.paper.content))
		}
		if a.Has(app.RoleFrontDesk) || a.Has(app.RoleCaseManager) {
			u.participants = newParticipantsScreen(u)
			items = append(items, container.NewTabItem(lang.L("Participants"), u.participants.content))
		}
		if a.Has(app.RoleCaseManager) || a.Has(app.RoleDirector) {
			u.followups = newFollowupsScreen(u)
			items = append(items, container.NewTabItem(lang.L("Follow-ups"), u.followups.content))
		}
		if a.Has(app.RoleFrontDesk) || a.Has(app.RoleDirector) {
			u.events = newEventsScreen(u)
			items = append(items, container.NewTabItem(lang.L("Events"), u.events.content))
		}
		if a.Has(app.RoleCirculation) {
			u.kits = newKitsScreen(u)
			items = append(items, container.NewTabItem(lang.L("Kits"), u.kits.content))
		}
		if a.Has(app.RoleDirector) {
			u.dashboard = newDashboardScreen(u)
			reports := container.NewTabItem(lang.L("Reports"), u.dashboard.content)
			items = append(items, reports)
			// a director who does not work the desk comes for the reports
			if !a.Has(app.RoleFrontDesk) {
				first = reports
			}
			u.export = newExportScreen(u)
			items = append(items, container.NewTabItem(lang.L("Export"), u.export.content))
		}
	}
	if a.Has(app.RoleAdministrator) {
		u.staff = newStaffScreen(u)
		u.audit = newAuditScreen(u)
		items = append(items, container.NewTabItem(lang.L("Staff"), u.staff.content),
			container.NewTabItem(lang.L("Audit"), u.audit.content))
		if u.site.ID != 0 {
			u.siteTab = newSiteScreen(u)
			items = append(items, container.NewTabItem(lang.L("Site"), u.siteTab.content))
		}
	}
	var body fyne.CanvasObject
	if len(items) == 0 {
		msg := widget.NewLabel(lang.L("There is nothing here for your roles yet. Ask an administrator if you need more."))
		if u.site.ID == 0 {
			msg.SetText(lang.L("This center is not set up yet: an administrator must sign in first."))
		} else if a.Restricted {
			msg.SetText(restrictedText())
		}
		msg.Wrapping = fyne.TextWrapWord
		body = container.NewPadded(msg)
	} else {
		u.tabs = container.NewAppTabs(items...)
		if first != nil {
			u.tabs.Select(first)
		}
		u.tabs.OnSelected = func(t *container.TabItem) {
			u.idle.touch()
			u.tabShown(t)
		}
		body = u.tabs
	}
	u.who = widget.NewLabelWithStyle(a.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lock := widget.NewButtonWithIcon(lang.L("Lock"), theme.VisibilityOffIcon(), func() { u.lock(true) })
	switchUser := widget.NewButtonWithIcon(lang.L("Switch user"), theme.AccountIcon(), func() { u.lock(false) })
	signOut := widget.NewButtonWithIcon(lang.L("Sign out"), theme.LogoutIcon(), u.signOut)
	left := container.NewHBox(widget.NewIcon(theme.AccountIcon()), u.who)
	u.siteName = widget.NewLabel("")
	if u.site.Name != "" {
		u.siteName.SetText("·  " + u.site.Name)
	}
	left.Add(u.siteName)
	left.Add(u.deskNameBar())
	bar := container.NewBorder(nil, nil, left, container.NewHBox(lock, switchUser, signOut))
	top := container.NewVBox(bar)
	if a.Restricted {
		r := newErrorLine()
		r.Text = restrictedText()
		top.Add(r)
	}
	top.Add(widget.NewSeparator())
	u.main = container.NewBorder(top, nil, nil, nil, body)
	return true
}

// refreshSession takes the signed-in person's account as it is stored now
// (after their own confidentiality or training date was recorded): when
// that lifts or sets the block on personal data, the desk is rebuilt with
// the tabs it now allows, on the same tab.
func (u *UI) refreshSession() {
	sess, err := u.svc.RefreshSession(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	if sess.Actor.Restricted == u.actor.Restricted {
		return
	}
	u.rebuildDesk(sess)
}

// rebuildDesk builds the signed-in person's desk again, as sess says they
// are now, on the tab they were on.
func (u *UI) rebuildDesk(sess app.Session) {
	tab := ""
	if u.tabs != nil && u.tabs.Selected() != nil {
		tab = u.tabs.Selected().Text
	}
	u.dropDesk()
	u.actor, u.ctx, u.warnings = sess.Actor, app.WithActor(u.base, sess.Actor), sess.Warnings
	if !u.buildDesk() {
		return
	}
	if u.tabs != nil {
		for _, it := range u.tabs.Items {
			if it.Text == tab {
				u.tabs.Select(it)
			}
		}
	}
	u.showDesk()
}

// tabShown sets up the tab t as it comes into view: fresh lists, and the
// cursor in the field a scanner types into.
func (u *UI) tabShown(t *container.TabItem) {
	switch {
	case u.checkin != nil && t.Content == u.checkin.content:
		u.checkin.refreshEvents()
		u.checkin.focus()
	case u.paper != nil && t.Content == u.paper.content:
		u.paper.refresh()
		u.paper.focus()
	case u.participants != nil && t.Content == u.participants.content:
		u.participants.refresh()
	case u.followups != nil && t.Content == u.followups.content:
		u.followups.refresh()
	case u.events != nil && t.Content == u.events.content:
		u.events.refresh()
	case u.staff != nil && t.Content == u.staff.content:
		u.staff.refresh()
	case u.audit != nil && t.Content == u.audit.content:
		u.audit.refresh()
	case u.siteTab != nil && t.Content == u.siteTab.content:
		u.siteTab.refresh()
	case u.export != nil && t.Content == u.export.content:
		u.export.refresh()
	case u.dashboard != nil && t.Content == u.dashboard.content:
		u.dashboard.shown()
	case u.kits != nil && t.Content == u.kits.content:
		u.kits.shown()
	}
}

// showDesk shows the signed-in person's screens, with their dialogs, as
// they left them.
func (u *UI) showDesk() {
	u.kiosk = nil
	u.setContent(modeDesk, u.main)
	for _, o := range u.hidden {
		u.win.Canvas().Overlays().Add(o)
	}
	u.hidden = nil
	if u.checkin != nil {
		u.checkin.showCounts(nil) // others may have checked people in meanwhile (the kiosk, too)
	}
	// the tab in view gets what choosing it gives (no OnSelected for the
	// first tab after sign-in): its lists, and the scan field's cursor
	if u.tabs != nil && u.tabs.Selected() != nil {
		u.tabShown(u.tabs.Selected())
	}
	u.startIdle()
}

// startIdle arms the auto-lock for the desk.
// It reads the administrator's settings, which the desk then follows.
func (u *UI) startIdle() {
	st, err := u.svc.Settings(u.ctx)
	if err != nil {
		log.Printf("settings: %v", app.ErrorMessage(err))
		st = app.DefaultSettings
	}
	u.settings = st
	after := u.autoLock
	if after <= 0 {
		after = st.AutoLockAfter()
	}
	u.idle.start(after)
}

// putAwayDialogs removes the open dialogs from the window, keeping them to
// show again to the same person.
func (u *UI) putAwayDialogs() {
	ov := u.win.Canvas().Overlays()
	var got []fyne.CanvasObject
	for top := ov.Top(); top != nil; top = ov.Top() {
		got = append(got, top)
		ov.Remove(top)
	}
	slices.Reverse(got)
	u.hidden = append(u.hidden, got...)
}

// lock hides the desk behind the sign-in screen. keepName fills in the
// person's username (Lock); Switch user leaves it empty.
func (u *UI) lock(keepName bool) {
	if u.main == nil || u.mode != modeDesk {
		return
	}
	u.putAwayDialogs()
	u.showSignIn(keepName)
}

// signOut drops the person's screens and shows the sign-in screen.
func (u *UI) signOut() {
	u.putAwayDialogs()
	u.dropDesk()
	u.showSignIn(false)
}

// warningText is a sign-in warning as the desk says it: the one about a
// missing recovery code points to the Staff tab.
func warningText(w app.Text) string {
	if w.Format == app.NoRecoveryCodeWarning.Format {
		return lang.L("There is no recovery code yet: without one, nobody can get back in if every administrator is locked out. Make one on the Staff tab (Recovery code…), print it and keep it in the director's safe.")
	}
	return messages().Text(w)
}

// showError shows err's message (a generic one for internal errors, which
// are logged without personal data).
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	showInformation(lang.L("Something went wrong"), errorText(err), u.win)
}

// restrictedText says why personal data is closed to the signed-in person.
func restrictedText() string {
	return lang.L("Your confidentiality statement or training is not on record or has expired: personal data is closed to you until an administrator records the dates.")
}

// ErrorText is what a person is told about err, in the interface's
// language: a generic sentence for an internal error (logged), otherwise
// the message of package app, translated.
func ErrorText(err error) string { return errorText(err) }

// errorText is what a person is told about err.
func errorText(err error) string {
	if app.ErrorCode(err) == app.EInternal {
		log.Printf("internal error: %v", err)
		return lang.L("Something went wrong and nothing was saved. Please try again; if it keeps happening, call IT.")
	}
	var noKit *app.NoKitTagError
	if errors.As(err, &noKit) {
		return lang.L("No kit has tag {{.Tag}}.", map[string]any{"Tag": noKit.Tag})
	}
	return messages().Message(err)
}

// plural says a number of things with the plural form the number needs in
// the interface's language: plural("{{.N}} participants", 1) is "1
// participant" or "1 participante". key is the English plural with {{.N}}
// for the number (written with thousands separators); the catalogues give
// its "one" and "other" forms (Spanish "many" too, for millions). Every
// count the screens show goes through it.
func plural(key string, n int) string {
	return lang.N(key, n, map[string]any{"N": app.FormatCount(n)})
}

// appWord says a word or name of package app (a status, a built-in
// schedule or contact) in the interface's language; anything else, such as
// what a person wrote, stays as it is.
func appWord(s string) string { return messages().Word(s) }

// catalogs caches the parsed message catalogs by language code.
var catalogs sync.Map // string → *app.Catalog

// messages is the catalog that says package app's messages in the
// language the interface speaks (nil, English, when it has none).
func messages() *app.Catalog {
	code := lang.SystemLocale().LanguageString()
	if c, ok := catalogs.Load(code); ok {
		return c.(*app.Catalog)
	}
	var c *app.Catalog
	if b, ok := assets.MessageCatalog(code); ok {
		var err error
		if c, err = app.ParseCatalog(b); err != nil {
			log.Printf("messages: %v", err)
		}
	}
	catalogs.Store(code, c)
	return c
}
