package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/assets"
	"frontdesk/data/datatest"
)

// inSpanish makes the interface speak Spanish until the test ends, as it
// does on a computer whose language is Spanish.
func inSpanish(t *testing.T) {
	t.Helper()
	if err := loadTranslations(); err != nil {
		t.Fatal(err)
	}
	// Fyne picks the language from the environment whenever strings are
	// added: adding none for a language already loaded picks it again
	// without writing to the catalog, which the screens of earlier tests,
	// still refreshing, read from their own goroutines
	choose := func() {
		if err := lang.AddTranslationsForLocale(nil, fyne.Locale("es")); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(choose) // runs after the variables below are restored
	t.Setenv("LC_ALL", "es_US.UTF-8")
	t.Setenv("LANGUAGE", "es")
	choose()
	if got := lang.L("Sign in"); got == "Sign in" {
		t.Fatalf("the interface does not speak Spanish: %q", got)
	}
}

// untranslated knows the English strings that have a different Spanish
// translation: the interface's catalog and the messages of package app.
type untranslated map[string]bool

func newUntranslated(t *testing.T) untranslated {
	t.Helper()
	u := untranslated{}
	b, err := assets.Translations.ReadFile("translations/es.json")
	if err != nil {
		t.Fatal(err)
	}
	var es map[string]any
	if err := json.Unmarshal(b, &es); err != nil {
		t.Fatal(err)
	}
	for k, v := range es {
		switch v := v.(type) {
		case string:
			if v != k && !strings.Contains(k, "{{") {
				u[k] = true
			}
		case map[string]any: // plural forms: each English form
			if o, ok := v["other"].(string); ok && o != k && !strings.Contains(k, "{{") {
				u[k] = true
			}
		}
	}
	mb, _ := assets.MessageCatalog("es")
	c, err := app.ParseCatalog(mb)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.Formats {
		if v != k && len(app.Verbs(k)) == 0 {
			u[k] = true
		}
	}
	return u
}

// texts collects every string a person can read on o: texts drawn
// (labels, buttons, tabs, checks, list and table rows, placeholders and
// entries), and the options of selects and radio groups.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch x := x.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Select:
			out = append(out, x.Options...)
			out = append(out, x.PlaceHolder)
		case *widget.SelectEntry:
			out = append(out, x.PlaceHolder)
		case *widget.RadioGroup:
			out = append(out, x.Options...)
		case *widget.Entry:
			out = append(out, x.PlaceHolder)
		case *widget.Check:
			out = append(out, x.Text)
		case *container.AppTabs:
			for _, it := range x.Items {
				out = append(out, it.Text)
			}
		}
	}
	return out
}

// screenTexts is what the window shows, dialogs included. Fyne's own file
// dialogs are left out: they list the names of files and folders.
func screenTexts(w fyne.Window) []string {
	out := texts(w.Content())
	fileDialog := map[string]bool{}
	for _, what := range []string{"File", "Folder"} {
		for _, verb := range []string{"Open", "Save"} {
			fileDialog[lang.L(verb)+" "+lang.L(what)] = true
		}
	}
	for _, o := range w.Canvas().Overlays().List() {
		got := texts(o)
		if !slices.ContainsFunc(got, func(s string) bool { return fileDialog[s] }) {
			out = append(out, got...)
		}
	}
	return out
}

// left returns the strings of got that were left in English.
func (u untranslated) left(got []string) []string {
	var out []string
	for _, s := range got {
		if s = strings.TrimSpace(s); u[s] {
			out = append(out, s)
		}
	}
	return out
}

// check reports the strings of where that were left in English, each once.
func (u untranslated) check(t *testing.T, where string, got []string, seen map[string]bool) {
	t.Helper()
	for _, s := range u.left(got) {
		if !seen[s] {
			seen[s] = true
			t.Errorf("%s: %q is left in English", where, s)
		}
	}
}

var dump *os.File

// walker goes through the screens of one window and reports what was left
// in English on each.
type walker struct {
	t    *testing.T
	u    *UI
	w    fyne.Window
	un   untranslated
	es   map[string]string
	seen map[string]bool
	// looked counts the screens and dialogs looked at
	looked int
	// whole are the Spanish strings of the catalogue
	whole map[string]bool
}

// look checks what the window shows now. A string shown next to its own
// Spanish translation (the kiosk's and the consent's bilingual lines) is
// meant to be read in both languages.
func (wk *walker) look(where string) {
	wk.t.Helper()
	wk.looked++
	got := screenTexts(wk.w)
	if dump != nil {
		for _, s := range got {
			fmt.Fprintf(dump, "%s\t%s\n", where, s)
		}
	}
	shown := map[string]bool{}
	for _, s := range got {
		shown[strings.TrimSpace(s)] = true
	}
	var left []string
	for _, s := range got {
		s = strings.TrimSpace(s)
		if es, ok := wk.es[s]; ok && shown[es] {
			continue
		}
		left = append(left, s)
	}
	wk.un.check(wk.t, where, left, wk.seen)
	for _, s := range got {
		if cut := wk.cutShort(s); cut != "" && !wk.seen["cut:"+s] {
			wk.seen["cut:"+s] = true
			wk.t.Errorf("%s: %q is cut short (%q)", where, s, cut)
		}
	}
}

// cutShort returns the Spanish string s is the cut-off start of ("Todos
// los e…" of "Todos los estados"), or "" when s is whole.
func (wk *walker) cutShort(s string) string {
	head, ok := strings.CutSuffix(strings.TrimSpace(s), "…")
	if !ok || head == "" || wk.whole[strings.TrimSpace(s)] {
		return ""
	}
	for v := range wk.whole {
		if len(v) > len(head) && strings.HasPrefix(v, head) {
			return v
		}
	}
	return ""
}

// settle lets the work a tap started in the background finish (reports,
// exports, printouts, searches) before the screen is read.
func (wk *walker) settle() {
	time.Sleep(50 * time.Millisecond)
	u := wk.u
	u.printQ.wait()
	if u.dashboard != nil {
		u.dashboard.wait()
	}
	if u.export != nil {
		u.export.wait()
	}
	if u.checkin != nil {
		u.checkin.wait()
	}
}

// closeDialogs removes every dialog from the window.
func (wk *walker) closeDialogs() {
	ov := wk.w.Canvas().Overlays()
	for top := ov.Top(); top != nil; top = ov.Top() {
		ov.Remove(top)
	}
}

// topBar are the buttons that leave the desk; the walk uses them on their own.
func topBar() map[string]bool {
	return map[string]bool{lang.L("Lock"): true, lang.L("Switch user"): true, lang.L("Sign out"): true}
}

// visit looks at the tab item's screen, each of its inner tabs, and each
// dialog or form its buttons open.
func (wk *walker) visit(where string, content fyne.CanvasObject) {
	wk.look(where)
	var inner []*container.AppTabs
	var buttons []*widget.Button
	for _, o := range test.LaidOutObjects(content) {
		switch o := o.(type) {
		case *container.AppTabs:
			if o != wk.u.tabs {
				inner = append(inner, o)
			}
		case *widget.Button:
			if !o.Disabled() && o.Visible() && !topBar()[o.Text] {
				buttons = append(buttons, o)
			}
		}
	}
	// a chosen row enables the buttons that act on it (and may open its form)
	for _, o := range test.LaidOutObjects(content) {
		if l, ok := o.(*widget.List); ok && l.Length != nil && l.Length() > 0 && l.OnSelected != nil {
			l.Select(0)
			wk.settle()
			wk.look(where + " → first row")
			wk.closeDialogs()
			wk.backToDesk()
		}
	}
	for _, o := range test.LaidOutObjects(content) {
		if b, ok := o.(*widget.Button); ok && !b.Disabled() && b.Visible() && !topBar()[b.Text] && !slices.Contains(buttons, b) {
			buttons = append(buttons, b)
		}
	}
	for _, b := range buttons {
		name := b.Text
		if name == "" {
			name = fmt.Sprintf("%T icon", b.Icon)
		}
		test.Tap(b)
		wk.settle()
		wk.look(where + " → " + name)
		// the dialog's main button, with the form as it came: its messages
		if top := wk.w.Canvas().Overlays().Top(); top != nil {
			for _, o := range test.LaidOutObjects(top) {
				if ok, isB := o.(*widget.Button); isB && ok.Importance == widget.HighImportance && !ok.Disabled() && ok.Visible() {
					test.Tap(ok)
					wk.settle()
					wk.look(where + " → " + name + " → " + ok.Text)
					break
				}
			}
		}
		wk.closeDialogs()
		wk.backToDesk()
	}
	for _, tabs := range inner {
		for _, it := range tabs.Items {
			tabs.Select(it)
			wk.visit(where+" / "+it.Text, it.Content)
		}
	}
}

// backToDesk returns to the signed-in desk after a button left it (the
// kiosk, the sign-in screen).
func (wk *walker) backToDesk() {
	switch wk.u.mode {
	case modeDesk:
	case modeSignIn:
		signIn(wk.t, wk.u, "ines", deskPassword)
	default:
		wk.u.showDesk()
	}
}

// Every screen, tab and dialog of the interface speaks Spanish when the
// computer does: the first start, the sign-in screen and its messages, each
// role's tabs and inner tabs, and every dialog or form a button opens
// (walk-in, participants, staff, events, kits, follow-ups, reports,
// export, site, audit, kiosk, lock). Any string that is an English
// catalogue key with a different Spanish translation fails the test.
func TestEveryScreenSpeaksSpanish(t *testing.T) {
	test.NewTempApp(t)
	inSpanish(t)
	if p := os.Getenv("SPANISH_DUMP"); p != "" {
		dump, _ = os.Create(p)
		defer dump.Close()
	}
	b, _ := assets.Translations.ReadFile("translations/es.json")
	es := map[string]string{}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for k, v := range raw {
		if s, ok := v.(string); ok {
			es[k] = s
		}
	}
	st, _ := datatest.MustOpen(t)
	e := &datatest.Env{Store: st, Clock: datatest.Now, Ctx: app.WithActor(t.Context(), app.LocalOperator)}
	e.Svc = app.NewService(st, func() time.Time { return e.Clock })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 600)) // the smallest screen a desk has
	wk := &walker{t: t, w: w, un: newUntranslated(t), es: es, seen: map[string]bool{}, whole: map[string]bool{}}
	for _, v := range es {
		wk.whole[v] = true
	}
	if got := wk.un.left([]string{"Sign in", "Iniciar sesión", "Inés Ortega", "Wrong username or password."}); !slices.Equal(got, []string{"Sign in", "Wrong username or password."}) {
		t.Fatalf("the check finds %q left in English", got)
	}

	// first start, and its messages
	wk.u = New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	if wk.u.mode != modeSetup {
		t.Fatalf("first start: mode %d", wk.u.mode)
	}
	wk.look("first start")
	test.Tap(wk.u.setup.save)
	wk.look("first start, nothing filled in")
	if got := wk.u.setup.errLine.Text; got == "" || strings.Contains(got, "required") {
		t.Errorf("first start: the message %q is not in Spanish", got)
	}

	sum, err := demo.Generate(e.Ctx, st, demo.Options{Participants: 40, Seed: 7, Now: datatest.Now})
	if err != nil {
		t.Fatal(err)
	}
	sites, _ := e.Svc.Sites(e.Ctx)
	for _, s := range sites {
		if s.ID == sum.SiteID {
			e.Site = s
		}
	}
	staff(t, e, "ines", "Inés Ortega", app.RoleAdministrator, app.RoleFrontDesk, app.RoleCirculation, app.RoleCaseManager, app.RoleDirector)
	noAutoLock(t, e)

	// the sign-in screen, and a wrong password
	wk.u = New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	wk.look("sign-in")
	signIn(t, wk.u, "ines", "not the password")
	wk.look("sign-in, wrong password")
	if got := wk.u.signin.errLine.Text; !strings.Contains(got, "contraseña") {
		t.Errorf("a wrong password says %q, not in Spanish", got)
	}
	signIn(t, wk.u, "ines", deskPassword)
	if wk.u.mode != modeDesk {
		t.Fatalf("not signed in: mode %d", wk.u.mode)
	}

	// every tab, inner tab and button
	for _, it := range slices.Clone(wk.u.tabs.Items) {
		wk.u.tabs.Select(it)
		wk.settle()
		wk.visit(it.Text, it.Content)
		if wk.u.tabs.Selected() != it { // a button moved to another tab
			wk.u.tabs.Select(it)
		}
	}

	// lock and switch user
	wk.u.lock(true)
	wk.look("locked")
	signIn(t, wk.u, "ines", deskPassword)
	if wk.looked < 60 {
		t.Errorf("looked at only %d screens and dialogs", wk.looked)
	}
	var left []string
	for s := range wk.seen {
		if !strings.HasPrefix(s, "cut:") {
			left = append(left, s)
		}
	}
	sort.Strings(left)
	t.Logf("looked at %d screens and dialogs; %d strings left in English", wk.looked, len(left))
}

// Counts read right for one and for many in both languages, with the
// Spanish "many" form for millions.
func TestCountsHaveTheirPluralForms(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations()
	type want struct {
		key    string
		n      int
		en, es string
	}
	cases := []want{
		{"{{.N}} participants", 1, "1 participant", "1 participante"},
		{"{{.N}} participants", 2, "2 participants", "2 participantes"},
		{"{{.N}} participants", 0, "0 participants", "0 participantes"},
		{"{{.N}} participants", 1000000, "1,000,000 participants", "1,000,000 participantes"},
		{"Labels for {{.N}} kits saved.", 1, "Label for 1 kit saved.", "Etiqueta de 1 kit guardada."},
		{"{{.N}} days overdue", 1, "1 day overdue", "1 día de retraso"},
		{"{{.N}} days overdue", 11, "11 days overdue", "11 días de retraso"},
		{"{{.N}} people in your caseload", 1, "1 person in your caseload", "1 persona en sus casos"},
		{"{{.N}} had opted out before", 1, "1 had opted out before", "1 ya se había dado de baja"},
	}
	for _, c := range cases {
		if got := plural(c.key, c.n); got != c.en {
			t.Errorf("English %q with %d: %q, want %q", c.key, c.n, got, c.en)
		}
	}
	inSpanish(t)
	for _, c := range cases {
		if got := plural(c.key, c.n); got != c.es {
			t.Errorf("Spanish %q with %d: %q, want %q", c.key, c.n, got, c.es)
		}
	}
}
