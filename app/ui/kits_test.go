package ui

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

var kitSerial atomic.Int64

// kitDesk is the Kits tab of a staff member with kit circulation and front
// desk, on a real database, with one participant and one laptop kit.
type kitDesk struct {
	t   *testing.T
	env *datatest.Env
	u   *UI
	s   *kitsScreen
	p   app.Participant
	kit app.Kit
}

func newKitDesk(t *testing.T) *kitDesk {
	t.Helper()
	return newKitDeskAs(t, app.RoleCirculation, app.RoleFrontDesk)
}

// newKitDeskAs is newKitDesk for a staff member holding roles.
func newKitDeskAs(t *testing.T, roles ...app.Role) *kitDesk {
	t.Helper()
	test.NewTempApp(t)
	e := datatest.New(t)
	p := e.Participant(t, "María", "González", "213-555-0142")
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	staff(t, e, "kim", "Kim Circulation", roles...)
	noAutoLock(t, e)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 720))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	signIn(t, u, "kim", deskPassword)
	if u.kits == nil {
		t.Fatal("no Kits tab for kit circulation")
	}
	for _, it := range u.tabs.Items {
		if it.Content == u.kits.content {
			u.tabs.Select(it)
		}
	}
	return &kitDesk{t: t, env: e, u: u, s: u.kits, p: p, kit: addKit(t, e, app.KitLaptop)}
}

// addKit adds a kit of kind with the standard components and fresh serials.
func addKit(t *testing.T, e *datatest.Env, kind app.KitKind) app.Kit {
	t.Helper()
	k := app.Kit{Kind: kind, SiteID: e.Site.ID, Components: app.StandardComponents(kind)}
	for i := range k.Components {
		if k.Components[i].Name != app.ComponentMaterials {
			k.Components[i].Serial = fmt.Sprintf("UI%06d", kitSerial.Add(1))
		}
	}
	k, err := e.Svc.AddKit(e.Ctx, k)
	if err != nil {
		t.Fatalf("add kit: %v", err)
	}
	return k
}

// scan types a code into a scan field and ends it with Enter, then waits
// for the screen's work.
func (d *kitDesk) scan(e *scanEntry, text string) {
	d.t.Helper()
	test.Type(e, text)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.s.checkout.q.wait()
	d.s.ret.q.wait()
}

func (d *kitDesk) enter(o fyne.Focusable) {
	d.t.Helper()
	o.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d.s.checkout.q.wait()
	d.s.ret.q.wait()
}

func wantPanel(t *testing.T, r *resultPanel, tn tone, title, detail string) {
	t.Helper()
	if r.tone != tn || !strings.Contains(r.title.Text, title) || !strings.Contains(r.detail.Text, detail) {
		t.Fatalf("result %q / %q (tone %d); want tone %d, %q / %q", r.title.Text, r.detail.Text, r.tone, tn, title, detail)
	}
}

func (d *kitDesk) outLoans() []app.Loan {
	d.t.Helper()
	ls, err := d.env.Svc.Loans(d.env.Ctx, app.LoanFilter{KitID: d.kit.ID, OutOnly: true})
	if err != nil {
		d.t.Fatal(err)
	}
	return ls
}

func TestKitCheckoutHappyPathAndAgreement(t *testing.T) {
	d := newKitDesk(t)
	c := d.s.checkout
	d.scan(c.scan, d.p.Code)
	if c.step != stepKit || !strings.Contains(c.who.Text, "María González") {
		t.Fatalf("after the card: step %d, %q", c.step, c.who.Text)
	}
	d.scan(c.scan, d.kit.Tag)
	if c.step != stepComponents || len(c.checks) != len(d.kit.Components) {
		t.Fatalf("after the kit: step %d, %d checks", c.step, len(c.checks))
	}
	if want := formatDay(app.CalendarDay(datatest.Now, d.u.site.Location()).AddDate(0, 0, app.DefaultLoanSettings.DefaultLoanDays)); c.due.Text != want {
		t.Fatalf("due %q, want %q", c.due.Text, want)
	}
	// Space ticks the focused one; Ctrl+A ticks them all; Enter in the due date lends
	c.checks[0].TypedRune(' ')
	if !c.checks[0].Checked {
		t.Fatal("space did not tick")
	}
	c.checks[0].TypedShortcut(&fyne.ShortcutSelectAll{})
	for _, ch := range c.checks {
		if !ch.Checked {
			t.Fatalf("%q not ticked by Ctrl+A", ch.Text)
		}
	}
	d.enter(c.due)
	wantPanel(t, c.result, toneGood, "Lent", "lent to María")
	ls := d.outLoans()
	if len(ls) != 1 || ls[0].ParticipantID != d.p.ID || len(ls[0].Components) != len(d.kit.Components) {
		t.Fatalf("loans %+v", ls)
	}
	if c.step != stepParticipant || c.printBtn.Disabled() {
		t.Fatalf("not ready for the next checkout: step %d", c.step)
	}
	c.printBtn.OnTapped()
	b, err := os.ReadFile(c.lastFile)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("agreement %q: %v", c.lastFile, err)
	}
	if log, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: app.ActionPrintAgreement}); len(log) != 1 || log[0].Ref != strconv.FormatInt(ls[0].ID, 10) {
		t.Fatalf("agreement print not audited with its loan: %+v", log)
	}
}

func TestKitCheckoutWrongScansAndRefusals(t *testing.T) {
	d := newKitDesk(t)
	c := d.s.checkout
	// a kit label where the card goes
	d.scan(c.scan, d.kit.Tag)
	wantPanel(t, c.result, toneBad, "That is a kit label", "participant's card")
	if c.step != stepParticipant {
		t.Fatalf("step %d", c.step)
	}
	d.scan(c.scan, "hello")
	wantPanel(t, c.result, toneBad, "not a participant card", "")
	// a card where the kit goes
	d.scan(c.scan, d.p.Code)
	d.scan(c.scan, d.p.Code)
	wantPanel(t, c.result, toneBad, "That is a participant card", "kit's label")
	if c.step != stepKit {
		t.Fatalf("step %d", c.step)
	}
	// a due date in the past
	d.scan(c.scan, d.kit.Tag)
	c.allPresent()
	c.due.SetText("03/01/2026")
	d.enter(c.due)
	wantPanel(t, c.result, toneBad, "Not lent", "in the past")
	// a required component not ticked
	c.due.SetText(formatDay(c.defaultDue))
	c.checks[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter unticks the laptop
	d.enter(c.due)
	wantPanel(t, c.result, toneBad, "Not lent", "laptop not ticked")
	if len(d.outLoans()) != 0 {
		t.Fatal("a refused checkout lent the kit")
	}
	// Escape starts over
	c.checks[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.step != stepParticipant || len(c.checks) != 0 {
		t.Fatalf("Escape: step %d", c.step)
	}
	// the kit is lent to someone else: not available
	other := d.env.Participant(t, "Luis", "Ramírez", "")
	if _, err := d.env.Svc.Checkout(d.env.Ctx, app.CheckoutRequest{ParticipantID: other.ID, KitScan: d.kit.Tag, Components: []int64{d.kit.Components[0].ID, d.kit.Components[1].ID, d.kit.Components[2].ID}}); err != nil {
		t.Fatal(err)
	}
	d.scan(c.scan, d.p.Code)
	d.scan(c.scan, d.kit.Tag)
	c.allPresent()
	d.enter(c.due)
	wantPanel(t, c.result, toneBad, "Not lent", "not available")
	// Luis already has a laptop kit
	second := addKit(t, d.env, app.KitLaptop)
	c.reset()
	d.scan(c.scan, other.Code)
	d.scan(c.scan, second.Tag)
	c.allPresent()
	d.enter(c.due)
	wantPanel(t, c.result, toneBad, "Not lent", "already has a laptop kit")
}

func TestKitReturnPartialThenComplete(t *testing.T) {
	d := newKitDesk(t)
	if _, err := d.env.Svc.Checkout(d.env.Ctx, app.CheckoutRequest{ParticipantID: d.p.ID, KitScan: d.kit.Tag, Components: func() (ids []int64) {
		for _, c := range d.kit.Components {
			ids = append(ids, c.ID)
		}
		return ids
	}()}); err != nil {
		t.Fatal(err)
	}
	r := d.s.ret
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, d.kit.Tag)
	if len(r.checks) != len(d.kit.Components) {
		t.Fatalf("%d components listed", len(r.checks))
	}
	var charger *kitCheck
	for _, ch := range r.checks {
		if !ch.Checked {
			t.Fatalf("%q not ticked by default", ch.Text)
		}
		if strings.HasPrefix(ch.Text, app.ComponentCharger) {
			charger = ch
		}
	}
	charger.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // not back
	test.Type(r.note, "scratch on the lid")
	d.enter(r.note)
	wantPanel(t, r.result, toneWarn, "Partial return", "missing: charger")
	ls := d.outLoans()
	if len(ls) != 1 || ls[0].Status != app.LoanPartial || ls[0].ConditionNote != "scratch on the lid" {
		t.Fatalf("loan after a partial return: %+v", ls)
	}
	// the Loans list shows it
	d.s.tabs.SelectIndex(2)
	if all := strings.Join(d.s.loans.lines, "\n"); !strings.Contains(all, "Partly returned (1)") || !strings.Contains(all, "charger (missing)") {
		t.Fatalf("loans list:\n%s", all)
	}
	// the charger comes back
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, d.kit.Tag)
	if len(r.checks) != 1 || !strings.HasPrefix(r.checks[0].Text, app.ComponentCharger) {
		t.Fatalf("still out: %d checks", len(r.checks))
	}
	d.enter(r.note)
	wantPanel(t, r.result, toneGood, "kit available", "is available")
	if len(d.outLoans()) != 0 {
		t.Fatal("the loan is still open")
	}
	k, err := d.env.Svc.KitByTag(d.env.Ctx, d.kit.Tag)
	if err != nil || k.Status != app.KitAvailable {
		t.Fatalf("kit %s: %v", k.Status, err)
	}
	// a kit that is not out
	d.scan(r.scan, d.kit.Tag)
	wantPanel(t, r.result, toneBad, "Not on loan", "available")
}

// lendAndQueue lends the desk's kit to its participant through Checkout,
// after check (run once the card is scanned), then puts Ana Flores (no
// phone) on the laptop waitlist.
func (d *kitDesk) lendAndQueue(check func(c *kitCheckoutScreen)) {
	d.t.Helper()
	c := d.s.checkout
	d.scan(c.scan, d.p.Code)
	if check != nil {
		check(c)
	}
	d.scan(c.scan, d.kit.Tag)
	c.allPresent()
	d.enter(c.due)
	wantPanel(d.t, c.result, toneGood, "Lent", "")
	waiting := d.env.Participant(d.t, "Ana", "Flores", "")
	if _, err := d.env.Svc.PlaceHold(d.env.Ctx, d.env.Site.ID, waiting.ID, app.KitLaptop); err != nil {
		d.t.Fatal(err)
	}
}

func TestKitReturnToHoldShelfAndOverdueList(t *testing.T) {
	d := newKitDesk(t)
	d.lendAndQueue(nil)
	d.env.Clock = d.env.Clock.AddDate(0, 0, 50)
	d.s.tabs.SelectIndex(2)
	all := strings.Join(d.s.loans.lines, "\n")
	if !strings.Contains(all, "Overdue (1)") || !strings.Contains(all, "8 days overdue") || !strings.Contains(all, "Holds (1)") || !strings.Contains(all, "Ana Flores") {
		t.Fatalf("loans list:\n%s", all)
	}
	// the overdue list prints and exports (a CSV for Excel: the byte-order
	// mark, CRLF), audited
	test.Tap(d.s.loans.listBtns[1])
	if b, err := os.ReadFile(d.s.loans.lastList); err != nil || !strings.Contains(string(b), d.p.LastName) ||
		!strings.HasPrefix(string(b), "\uFEFFdays_overdue,") || !strings.Contains(string(b), "\r\n") {
		t.Fatalf("overdue CSV %q: %v\n%s", d.s.loans.lastList, err, b)
	}
	test.Tap(d.s.loans.listBtns[0])
	if !strings.HasSuffix(d.s.loans.lastList, ".pdf") {
		t.Fatalf("overdue PDF %q", d.s.loans.lastList)
	}
	if log, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: app.ActionPrintKitList}); len(log) != 2 || log[0].Detail != "1 items" {
		t.Fatalf("list prints not audited: %+v", log)
	}
	r := d.s.ret
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, d.kit.Tag)
	d.enter(r.note)
	wantPanel(t, r.result, toneWarn, "Hold shelf for Ana Flores", "hold shelf")
}
