//go:build linux

package main

// The real-window desk test: it builds this command, starts it under Xvfb on
// a fresh database and drives it with xdotool key events, the way a wedge
// scanner and a person at the desk do, checking the database after each
// step. The Fyne test driver does not see the desktop driver's shortcut
// mapping (Ctrl+Z arrives as the standard undo) or how overlays stack;
// this test does. Set FRONTDESK_SHOTS to a folder to keep a screenshot of
// each step.

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

const windowPassword = "real window desk test 2026"

// windowDesk is the running app under Xvfb and its database.
type windowDesk struct {
	t       *testing.T
	display string
	dbPath  string
	db      *sql.DB
	shots   string
	step    int
	logPath string // the app's standard output and error
	win     string // the window's X id
	bin     string // the app's binary
	app     *exec.Cmd
	locale  string // LANG and LC_ALL of the app; en_US.UTF-8 unless set
}

// needTools skips the test when the X tools are missing, unless
// FRONTDESK_REQUIRE_TOOLS is set (make test and CI set it).
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("FRONTDESK_REQUIRE_TOOLS") != "" {
				t.Fatalf("%s is not installed (scripts/deps.sh installs it)", tool)
			}
			t.Skipf("%s is not installed: the real-window test needs Xvfb, xdotool and ImageMagick (scripts/deps.sh)", tool)
		}
	}
}

// startDesk builds the app, writes a database with an event running now,
// starts Xvfb and the app on it, and waits for the window.
func startDesk(t *testing.T, setup func(ctx context.Context, svc *app.Service, site app.Site)) *windowDesk {
	t.Helper()
	return startDeskIn(t, "en_US.UTF-8", setup)
}

// startDeskIn is startDesk with the app speaking the language of locale
// (es_MX.UTF-8: Spanish).
func startDeskIn(t *testing.T, locale string, setup func(ctx context.Context, svc *app.Service, site app.Site)) *windowDesk {
	t.Helper()
	needTools(t, "Xvfb", "xdotool", "import")
	dir := t.TempDir()
	bin := filepath.Join(dir, "frontdesk")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	d := &windowDesk{t: t, dbPath: filepath.Join(dir, "frontdesk.db"), shots: os.Getenv("FRONTDESK_SHOTS"), locale: locale}

	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(ctx, d.dbPath, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(st, nil)
	site, err := svc.CreateSite(ctx, app.Site{Name: "Harbor WorkSource Center", Phone: "(310) 555-0100",
		TimeZone: app.DefaultTimeZone, ContactName: "Rosa Delgado", ContactPhone: "310-555-0101"})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -30)
	if _, _, err := svc.CreateFirstAdministrator(ctx, app.NewStaff{Username: "rosa", DisplayName: "Rosa Delgado",
		Roles: []app.Role{app.RoleAdministrator, app.RoleFrontDesk}, Password: windowPassword,
		ConfidentialitySigned: &day, TrainingCompleted: &day}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetSettings(ctx, app.Settings{AutoLockMinutes: 0, ScanSounds: true}); err != nil {
		t.Fatal(err)
	}
	setup(ctx, svc, site)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	d.db, err = sql.Open("sqlite", "file:"+d.dbPath+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.db.Close() })

	// a display of our own: Xvfb picks a free number itself (-displayfd)
	// and says which, so parallel runs and the leftovers of killed servers
	// never collide; it is stopped with SIGTERM, so it removes its socket
	// and lock file.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	xvfb.ExtraFiles = []*os.File{pw} // fd 3
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	t.Cleanup(func() {
		xvfb.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { xvfb.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			xvfb.Process.Kill()
			<-done
		}
	})
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(pr).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			t.Fatal("Xvfb did not say which display it took")
		}
		d.display = ":" + n
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	pr.Close()
	d.waitFor("the X display", func() bool {
		_, err := d.xdo("getdisplaygeometry") // answers once the server takes clients
		return err == nil
	})

	d.bin = bin
	d.launch()
	return d
}

// launch starts the app on the desk's display and database and waits for
// its window, 1280×800 at the top left and focused.
func (d *windowDesk) launch() {
	t := d.t
	t.Helper()
	appCmd := exec.Command(d.bin, "--db", d.dbPath)
	appCmd.Env = append(os.Environ(), "DISPLAY="+d.display, "LANG="+d.locale, "LC_ALL="+d.locale, "LANGUAGE=", "FRONTDESK_DB=",
		"FRONTDESK_DESK_SETTINGS="+filepath.Join(filepath.Dir(d.dbPath), "desk.json"))
	log, err := os.Create(filepath.Join(t.TempDir(), "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	appCmd.Stdout, appCmd.Stderr = log, log
	d.logPath = log.Name()
	if err := appCmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		appCmd.Process.Kill()
		appCmd.Wait()
		log.Close()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("app log:\n%s", b)
		}
	})
	d.waitFor("the Front Desk window", func() bool {
		out, err := d.xdo("search", "--name", "Front Desk")
		d.win = strings.TrimSpace(strings.Split(out, "\n")[0])
		return err == nil && d.win != ""
	})
	d.app = appCmd
	// resized once the app has drawn its first screen (before that it may
	// still set its own size), at the top left, where the whole 1280×800
	// fits the screen
	d.waitFor("the first screen to be drawn", d.drawn)
	d.xdo("windowmove", "--sync", d.win, "0", "0")
	d.resize(1280, 800)
	d.xdo("windowfocus", "--sync", d.win)
}

// resize makes the window w by h pixels and waits until it is, and stays,
// that size: a window found just after it appeared may still be resized
// back by the app as it lays out its first screen.
func (d *windowDesk) resize(w, h int) {
	d.t.Helper()
	stable, gw, gh := 0, 0, 0
	defer func() {
		if d.t.Failed() {
			d.t.Logf("the window was last %d×%d", gw, gh)
		}
	}()
	d.waitFor(fmt.Sprintf("the window to be %d×%d", w, h), func() bool {
		if gw, gh = d.geometry(); gw == w && gh == h {
			stable++
			return stable >= 3
		}
		stable = 0
		if out, err := d.xdo("windowsize", "--sync", d.win, fmt.Sprint(w), fmt.Sprint(h)); err != nil {
			d.t.Fatalf("xdotool windowsize: %v %s", err, out)
		}
		return false
	})
	time.Sleep(300 * time.Millisecond) // laid out again
}

// geometry is the window's width and height in pixels.
func (d *windowDesk) geometry() (w, h int) {
	d.t.Helper()
	out, err := d.xdo("getwindowgeometry", d.win)
	if err != nil {
		d.t.Fatalf("xdotool getwindowgeometry: %v %s", err, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if g, ok := strings.CutPrefix(strings.TrimSpace(l), "Geometry: "); ok {
			fmt.Sscanf(g, "%dx%d", &w, &h)
		}
	}
	return w, h
}

// xdo runs xdotool on the desk's display.
func (d *windowDesk) xdo(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.display)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keys sends key presses (xdotool key names: Return, ctrl+z, Tab).
func (d *windowDesk) keys(names ...string) {
	d.t.Helper()
	for _, k := range names {
		if out, err := d.xdo("key", "--delay", "40", k); err != nil {
			d.t.Fatalf("xdotool key %s: %v %s", k, err, out)
		}
	}
}

// typeText types s as a keyboard-wedge scanner would: key by key.
func (d *windowDesk) typeText(s string) {
	d.t.Helper()
	if out, err := d.xdo("type", "--delay", "20", s); err != nil {
		d.t.Fatalf("xdotool type: %v %s", err, out)
	}
}

// waitFor polls ok for up to 15 seconds.
func (d *windowDesk) waitFor(what string, ok func() bool) {
	d.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			d.shot("timeout")
			d.t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// count runs a COUNT query on the app's database.
func (d *windowDesk) count(query string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.QueryRow(query, args...).Scan(&n); err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// waitCount waits until query counts want.
func (d *windowDesk) waitCount(what string, want int, query string, args ...any) {
	d.t.Helper()
	d.waitFor(what, func() bool { return d.count(query, args...) == want })
}

// drawn reports whether the screen shows more than a blank window.
func (d *windowDesk) drawn() bool {
	cmd := exec.Command("sh", "-c", "import -window root png:- | identify -format %k -")
	cmd.Env = append(os.Environ(), "DISPLAY="+d.display)
	out, err := cmd.Output()
	var n int
	fmt.Sscan(string(out), &n)
	return err == nil && n >= 8
}

// shot keeps a screenshot of the screen when FRONTDESK_SHOTS is set, and
// always checks that the window is drawn (not a blank screen); it returns
// the file.
func (d *windowDesk) shot(name string) string {
	d.t.Helper()
	d.step++
	dir := d.shots
	if dir == "" {
		dir = d.t.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("window-%02d-%s.png", d.step, name))
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = append(os.Environ(), "DISPLAY="+d.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		d.t.Errorf("screenshot %s: %v %s", name, err, out)
		return path
	}
	colors := exec.Command("identify", "-format", "%k", path)
	if out, err := colors.Output(); err == nil {
		var n int
		fmt.Sscan(string(out), &n)
		if n < 8 {
			d.t.Errorf("screenshot %s has %d colours: the window is not drawn", name, n)
		}
	}
	return path
}

// signIn types the username, Tab, the password and Enter, and waits for
// the sign-in to be recorded.
func (d *windowDesk) signIn(user string) {
	d.t.Helper()
	before := d.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'signin'`)
	d.typeText(user)
	d.keys("Tab")
	d.typeText(windowPassword)
	d.keys("Return")
	d.waitCount("the sign-in", before+1, `SELECT COUNT(*) FROM audit_log WHERE action = 'signin'`)
	time.Sleep(700 * time.Millisecond) // the desk is built after the sign-in is recorded
}

// orientationNow adds an orientation that began 15 minutes ago and runs two
// hours, with 30 seats.
func orientationNow(t *testing.T, ctx context.Context, svc *app.Service, site app.Site) app.Event {
	t.Helper()
	start := time.Now().Add(-15 * time.Minute).Truncate(time.Minute)
	ev, err := svc.AddEvent(ctx, app.Event{SiteID: site.ID, Kind: app.KindOrientation, Title: "WorkSource Orientation",
		Start: start, End: start.Add(2 * time.Hour), Capacity: 30, Language: "en", Location: "Room A"})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestRealWindowDesk(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	var ev app.Event
	var maria app.Participant
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		var err error
		ev = orientationNow(t, ctx, svc, site)
		maria, err = svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "María", LastName: "González", Phone: "213-555-0142", Language: "es"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Register(ctx, ev.ID, maria.ID); err != nil {
			t.Fatal(err)
		}
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.shot("sign-in")
	d.signIn("rosa")
	d.shot("desk")

	active := `SELECT COUNT(*) FROM checkins WHERE event_id = ? AND participant_id = ? AND undone_at IS NULL`
	// a card code typed by a scanner, then Enter: checked in
	d.typeText(maria.Code)
	d.keys("Return")
	d.waitCount("María's check-in", 1, active, ev.ID, maria.ID)
	d.shot("scanned")

	// two bad scans in a row: nothing recorded, and the desk goes on. This
	// machine has no sound device: the app said so once in its log and
	// plays nothing, without holding up a scan.
	d.typeText("P-XQ")
	d.keys("Return")
	d.typeText("P-XQ")
	d.keys("Return")
	time.Sleep(300 * time.Millisecond)
	d.shot("scan-again-twice")
	if _, err := os.Stat("/dev/snd"); os.IsNotExist(err) {
		b, _ := os.ReadFile(d.logPath)
		if n := strings.Count(string(b), "scans stay silent"); n != 1 {
			t.Fatalf("the log says %d times that scans stay silent, want once:\n%s", n, b)
		}
	}

	// Ctrl+Z undoes it (the reversal is kept on record)
	d.keys("ctrl+z")
	d.waitCount("the undo", 0, active, ev.ID, maria.ID)
	if n := d.count(`SELECT COUNT(*) FROM checkins WHERE participant_id = ? AND undone_at IS NOT NULL`, maria.ID); n != 1 {
		t.Fatalf("%d undone check-ins on record, want 1", n)
	}
	d.shot("undone")

	// a walk-in: type the name, Ctrl+N opens the form prefilled, Enter
	// registers and checks in, and the card offer follows
	d.typeText("Lupe Ramirez")
	time.Sleep(400 * time.Millisecond) // the search runs as you type
	d.keys("ctrl+n")
	time.Sleep(500 * time.Millisecond)
	d.shot("walk-in-form")
	d.keys("Return")
	walkIn := `SELECT COUNT(*) FROM checkins c JOIN participants p ON p.id = c.participant_id
		WHERE c.event_id = ? AND p.first_name = 'Lupe' AND p.last_name = 'Ramirez' AND c.walk_in = 1 AND c.undone_at IS NULL`
	d.waitCount("the walk-in's check-in", 1, walkIn, ev.ID)
	time.Sleep(500 * time.Millisecond)
	d.shot("card-offer")
	// the offer's buttons: Tab reaches "Not now" then "Print card"; Space presses it
	prints := `SELECT COUNT(*) FROM audit_log WHERE action = 'card.print'`
	before := d.count(prints)
	d.keys("Tab", "Tab", "space")
	d.waitCount("the card print", before+1, prints)
	cards := filepath.Join(filepath.Dir(d.dbPath), "cards")
	d.waitFor("the card PDF", func() bool {
		m, _ := filepath.Glob(filepath.Join(cards, "card-*.pdf"))
		return len(m) == 1
	})
	d.shot("card-printed")
}

// A kit-circulation account signs in and the first wedge scan, with no
// click, goes into Checkout: card, kit label, Ctrl+A (all present),
// Ctrl+Enter lends the kit.
func TestRealWindowKitDesk(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	var person, second app.Participant
	var kit, kit2 app.Kit
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		var err error
		person, err = svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Ana", LastName: "Ruiz", Phone: "323-555-0100", Language: "es"})
		if err != nil {
			t.Fatal(err)
		}
		second, err = svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Ben", LastName: "Cho", Phone: "323-555-0101", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		kit, err = svc.AddKit(ctx, app.Kit{Kind: app.KitLaptop, SiteID: site.ID, Components: app.StandardComponents(app.KitLaptop)})
		if err != nil {
			t.Fatal(err)
		}
		kit2, err = svc.AddKit(ctx, app.Kit{Kind: app.KitLaptop, SiteID: site.ID, Components: app.StandardComponents(app.KitLaptop)})
		if err != nil {
			t.Fatal(err)
		}
		// a kit-circulation account with a password of its own
		addStaff(t, ctx, svc, "kim", "Kim Lee", app.RoleCirculation)
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("kim")
	d.shot("kit-desk")
	d.lendByKeys("the loan", person.Code, kit.Tag, kit.ID, person.ID)
	d.shot("kit-lent")
	// Ctrl+P writes the agreement beside the database and a dialog says
	// where; Escape closes it and the scan field has the keyboard again:
	// the next loan goes by scanner keys alone
	d.keys("ctrl+p")
	agreements := filepath.Join(filepath.Dir(d.dbPath), "cards", "agreement-*.pdf")
	d.waitFor("the agreement file", func() bool { m, _ := filepath.Glob(agreements); return len(m) == 1 })
	d.waitCount("the agreement print in the audit log", 1, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, app.ActionPrintAgreement)
	time.Sleep(time.Second) // the viewer is tried before the dialog shows
	d.shot("kit-agreement-saved")
	d.keys("Escape")
	time.Sleep(300 * time.Millisecond)
	d.lendByKeys("the second loan after the dialog", second.Code, kit2.Tag, kit2.ID, second.ID)
}

// lendByKeys lends a kit on Checkout as a wedge scanner and the keyboard
// do: the card, the kit label, Ctrl+A (all present), Ctrl+Enter; then waits
// for the loan in the database.
func (d *windowDesk) lendByKeys(what, card, label string, kitID, personID int64) {
	d.t.Helper()
	d.typeText(card)
	d.keys("Return")
	time.Sleep(500 * time.Millisecond)
	d.typeText(label)
	d.keys("Return")
	time.Sleep(500 * time.Millisecond)
	d.keys("ctrl+a", "ctrl+Return")
	d.waitCount(what, 1, `SELECT COUNT(*) FROM loans WHERE kit_id = ? AND participant_id = ? AND returned_at IS NULL`, kitID, personID)
}

// Three people called Guadalupe Pérez, the second pre-registered: typed
// keys in the real window, then Enter, check in the pre-registered one (the
// list puts her first), not a namesake as a walk-in.
func TestRealWindowNamesakes(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	var ev app.Event
	var reg app.Participant
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		ev = orientationNow(t, ctx, svc, site)
		for i := 0; i < 3; i++ {
			p, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Guadalupe", LastName: "Pérez",
				Phone: fmt.Sprintf("323-555-01%02d", i), SharedPhoneOK: true})
			if err != nil {
				t.Fatal(err)
			}
			if i == 1 {
				reg = p
			}
		}
		if err := svc.Register(ctx, ev.ID, reg.ID); err != nil {
			t.Fatal(err)
		}
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("rosa")
	d.typeText("guadalupe perez")
	time.Sleep(600 * time.Millisecond) // the search runs as you type
	d.shot("namesakes")
	d.keys("Return")
	d.waitCount("the pre-registered namesake's check-in", 1,
		`SELECT COUNT(*) FROM checkins WHERE event_id = ? AND participant_id = ? AND walk_in = 0 AND undone_at IS NULL`, ev.ID, reg.ID)
	if n := d.count(`SELECT COUNT(*) FROM checkins WHERE event_id = ? AND undone_at IS NULL`, ev.ID); n != 1 {
		t.Fatalf("%d check-ins, want only the pre-registered one", n)
	}
}

// addStaff creates username with roles and windowPassword (its temporary
// password already changed), as the first administrator.
func addStaff(t *testing.T, ctx context.Context, svc *app.Service, username, name string, roles ...app.Role) {
	t.Helper()
	admin, err := svc.SignIn(ctx, "rosa", windowPassword)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -30)
	const temp = "temporary for the desk test"
	if _, err := svc.CreateStaff(app.WithActor(ctx, admin.Actor), app.NewStaff{Username: username, DisplayName: name,
		Roles: roles, Password: temp, ConfidentialitySigned: &day, TrainingCompleted: &day}); err != nil {
		t.Fatal(err)
	}
	sess, err := svc.SignIn(ctx, username, temp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ChangePassword(app.WithActor(ctx, sess.Actor), temp, windowPassword); err != nil {
		t.Fatal(err)
	}
}

// A director on a 1024×600 laptop lands on Reports with the cursor in the
// first day; types a new first day, reaches Show with Tab and presses it
// with Space; the report is computed for the new days (the drill-down
// behind Unique participants, reached with Tab and Space, is recorded with
// them); Escape closes that list.
func TestRealWindowReportsAt1024(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		start := time.Now().Add(-15 * time.Minute).Truncate(time.Minute)
		ev, err := svc.AddEvent(ctx, app.Event{SiteID: site.ID, Kind: app.KindOrientation, Title: "WorkSource Orientation",
			Start: start, End: start.Add(2 * time.Hour), Capacity: 30, Language: "en", Location: "Room A"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Ana", LastName: "Ruiz", Phone: "323-555-0100", Language: "es"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CheckInParticipant(ctx, app.Target{SiteID: site.ID, EventID: ev.ID}, p.ID, app.MethodSearch); err != nil {
			t.Fatal(err)
		}
		addStaff(t, ctx, svc, "dora", "Dora Director", app.RoleDirector)
	})
	d.resize(1024, 600)
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("dora")
	time.Sleep(time.Second) // the report of this month is computed
	d.shot("reports-1024")

	// the cursor is in the first day: a new one, then Tab, Tab, Tab to Show
	from := time.Now().AddDate(0, 0, -90)
	d.keys("ctrl+a")
	d.typeText(from.Format("01/02/2006"))
	d.keys("Tab", "Tab", "Tab", "space")
	time.Sleep(time.Second)
	d.shot("reports-shown")
	// on from Show: Export Excel, Print PDF, then Unique participants' number
	drills := `SELECT COUNT(*) FROM audit_log WHERE action = 'report.drill' AND detail LIKE ?`
	like := "figure=unique %from=" + from.Format(time.DateOnly) + " %count=1"
	d.keys("Tab", "Tab", "Tab", "space")
	d.waitCount("the drill-down of the new days", 1, drills, like)
	time.Sleep(500 * time.Millisecond) // the list opens once it is read
	d.shot("drill-down")
	// Escape closes the list: Space on the number opens it again
	d.keys("Escape")
	time.Sleep(400 * time.Millisecond)
	d.shot("drill-closed")
	d.keys("space")
	d.waitCount("the drill-down opened again after Escape", 2, drills, like)
}

// An administrator who works only in Spanish signs in on a 1024×600 window:
// the window stays 1024 wide. Its tabs ask for the width of the widest of
// them, selected or not; Auditoría's filters once made that 1,060 and
// pushed "Cerrar sesión" off the screen.
func TestRealWindowSpanishAdministratorAt1024(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	d := startDeskIn(t, "es_MX.UTF-8", func(ctx context.Context, svc *app.Service, site app.Site) {
		addStaff(t, ctx, svc, "ada", "Ada Administradora", app.RoleAdministrator)
	})
	d.resize(1024, 600)
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("ada")
	w, h := d.geometry()
	d.shot("es-admin-1024")
	if w == 0 || w > 1024 || h > 600 {
		t.Fatalf("signed in, the window is %d×%d, want it to stay within 1024×600", w, h)
	}
}

// click clicks the left button at x, y of the 1280×800 window.
func (d *windowDesk) click(x, y int) {
	d.t.Helper()
	if out, err := d.xdo("mousemove", fmt.Sprint(x), fmt.Sprint(y), "click", "1"); err != nil {
		d.t.Fatalf("xdotool click %d,%d: %v %s", x, y, err, out)
	}
	time.Sleep(600 * time.Millisecond)
}

// grab takes a screenshot with the pointer parked where it lights nothing
// up, and returns its file.
func (d *windowDesk) grab(name string) string {
	d.t.Helper()
	d.xdo("mousemove", "700", "40")
	time.Sleep(300 * time.Millisecond)
	return d.shot(name)
}

// differ counts the pixels that differ between two screenshots.
func (d *windowDesk) differ(a, b string) int {
	d.t.Helper()
	out, _ := exec.Command("compare", "-metric", "AE", a, b, "null:").CombinedOutput() // exit 1 when they differ
	var n float64
	if _, err := fmt.Sscan(string(out), &n); err != nil {
		d.t.Fatalf("compare %s %s: %s", a, b, out)
	}
	return int(n)
}

// Escape closes a form from inside its fields in the real window (the
// desktop driver hands keys to the focused widget, not to the window): the
// Events form from its Title field, the new-account form from a role's
// check box reached with Tab, and the kiosk's Staff sign-in from its
// username and password; after each, the screen is as it was before the
// form opened and the next key goes where it should. A PC without sound
// says so in one log line and nothing more.
func TestRealWindowEscapeClosesForms(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	var ev app.Event
	var people []app.Participant
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		ev = orientationNow(t, ctx, svc, site)
		for i, n := range []string{"Ana", "Ben", "Cruz"} {
			p, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: n, LastName: "Ortiz", Phone: fmt.Sprintf("323-555-02%02d", i)})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("rosa")
	d.resize(1280, 800)                  // the places clicked below are in a 1280×800 window
	const opened, closed = 100000, 20000 // pixels changed: a dialog on screen, or only a caret and a hover
	// the tabs of an administrator at the front desk, at 1280×800:
	// Check-in, Paper sheets, Participants, Events, Staff, …
	events, staff, checkIn := [2]int{330, 67}, [2]int{390, 67}, [2]int{40, 67}

	// Events: Add event, the Title field, Escape
	d.click(events[0], events[1])
	before := d.grab("events")
	d.click(1220, 107) // Add event
	d.click(688, 165)  // its Title field
	d.typeText("Escape test")
	if n := d.differ(before, d.grab("event-form")); n < opened {
		t.Fatalf("the event form did not open (%d pixels changed)", n)
	}
	d.keys("Escape")
	if n := d.differ(before, d.grab("event-form-escaped")); n > closed {
		t.Fatalf("Escape in the event's Title field left the form open (%d pixels changed)", n)
	}
	// were the form still open, Enter in its field would save it
	d.keys("Return")
	time.Sleep(500 * time.Millisecond)
	titled := `SELECT COUNT(*) FROM events WHERE title = ?`
	if n := d.count(titled, "Escape test"); n != 0 {
		t.Fatalf("%d events saved after Escape", n)
	}
	d.click(1220, 107)
	d.click(688, 165)
	d.typeText("Saved by Enter")
	d.keys("Return")
	d.waitCount("the event saved by Enter in its Title field", 1, titled, "Saved by Enter")

	// Staff: Add account puts the cursor in Username; six Tabs reach the
	// Administrator box
	d.click(staff[0], staff[1])
	before = d.grab("staff")
	d.click(67, 270) // Add account
	d.typeText("escuser")
	d.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab")
	if n := d.differ(before, d.grab("account-form")); n < opened {
		t.Fatalf("the account form did not open (%d pixels changed)", n)
	}
	d.keys("Escape")
	if n := d.differ(before, d.grab("account-form-escaped")); n > closed {
		t.Fatalf("Escape on a role's box left the account form open (%d pixels changed)", n)
	}
	if n := d.count(`SELECT COUNT(*) FROM staff WHERE username = 'escuser'`); n != 0 {
		t.Fatal("Escape created the account")
	}

	// the kiosk: Staff opens the sign-in with the cursor in Username;
	// Escape closes it and the next card scans
	d.click(checkIn[0], checkIn[1])
	d.click(1215, 778) // Kiosk mode
	active := `SELECT COUNT(*) FROM checkins WHERE event_id = ? AND participant_id = ? AND undone_at IS NULL`
	d.typeText(people[0].Code)
	d.keys("Return")
	d.waitCount("the first kiosk check-in", 1, active, ev.ID, people[0].ID)
	for i, password := range []bool{false, true} {
		d.click(1238, 774) // Staff
		d.typeText("rosa")
		if password {
			d.keys("Tab")
			d.typeText("not the password")
		}
		d.shot("kiosk-staff")
		d.keys("Escape")
		time.Sleep(300 * time.Millisecond)
		p := people[i+1]
		d.typeText(p.Code)
		d.keys("Return")
		d.waitCount("a kiosk check-in right after Escape closed the staff sign-in", 1, active, ev.ID, p.ID)
	}
	d.shot("kiosk-after-escape")
	if n := d.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'signin.failed'`); n != 0 {
		t.Fatalf("%d failed sign-ins: the password was submitted", n)
	}

	// no sound device here: one line says so, and ALSA prints nothing
	if _, err := os.Stat("/dev/snd"); os.IsNotExist(err) {
		b, _ := os.ReadFile(d.logPath)
		if n := strings.Count(string(b), "scans stay silent"); n != 1 {
			t.Fatalf("the log says %d times that scans stay silent, want once:\n%s", n, b)
		}
		if strings.Contains(string(b), "ALSA lib") || strings.Contains(string(b), "Unknown PCM") {
			t.Fatalf("ALSA printed its own errors:\n%s", b)
		}
	}
}

// A case manager opens a follow-up file from the keyboard (the name in
// "Open a participant", Enter); the cursor is in the file's first field and
// Escape closes the file.
func TestRealWindowEscapeClosesFollowupFile(t *testing.T) {
	if testing.Short() {
		t.Skip("real window: not in -short")
	}
	d := startDesk(t, func(ctx context.Context, svc *app.Service, site app.Site) {
		if _, err := svc.AddParticipant(ctx, app.Participant{SiteID: site.ID, FirstName: "Zoe", LastName: "Quintero", Phone: "323-555-0301"}); err != nil {
			t.Fatal(err)
		}
		addStaff(t, ctx, svc, "carla", "Carla Case", app.RoleCaseManager)
	})
	d.waitFor("the sign-in screen to be drawn", d.drawn)
	d.signIn("carla")
	d.resize(1280, 800)
	d.click(154, 67)  // the Follow-ups tab
	d.click(600, 147) // Open a participant…
	d.typeText("quintero")
	time.Sleep(600 * time.Millisecond) // the search runs as you type
	before := d.grab("followups-found")
	const opened, closed = 100000, 20000
	// twice: Escape from the first field the file puts the cursor in (a
	// date), then from the case manager's list reached with Tab
	for i, tabs := range [][]string{nil, {"Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"}} {
		d.keys("Return")
		time.Sleep(700 * time.Millisecond)
		d.typeText("12/01/2026")
		d.keys(tabs...)
		if n := d.differ(before, d.grab("followup-file")); n < opened {
			t.Fatalf("the follow-up file did not open (%d pixels changed)", n)
		}
		d.keys("Escape")
		if n := d.differ(before, d.grab("followup-file-escaped")); n > closed {
			t.Fatalf("round %d: Escape left the follow-up file open (%d pixels changed)", i+1, n)
		}
		d.click(600, 147) // back in Open a participant…, which still says quintero
	}
	if n := d.count(`SELECT COUNT(*) FROM followup_cases`); n != 0 {
		t.Fatalf("Escape saved %d follow-up cases", n)
	}
}
