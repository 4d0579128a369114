package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// inLanguage makes the screens' dates English or Spanish for one test.
func inLanguage(t *testing.T, code string) {
	t.Helper()
	old := uiLanguage
	uiLanguage = func() string { return code }
	t.Cleanup(func() { uiLanguage = old })
}

// dateForms are March 10, 2026 as a person may type it in each language.
var dateForms = map[string][]string{
	"en": {"03/10/2026", "3/10/2026", "2026-03-10"},
	"es": {"10/03/2026", "10/3/2026", "2026-03-10"},
}

// Every date field on every screen reads its language's numeric form and
// ISO, and what it reads is what the screen then uses or saves.
func TestDateFieldsOnEveryScreenTakeBothForms(t *testing.T) {
	march10 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, code := range []string{"en", "es"} {
		t.Run(code, func(t *testing.T) {
			inLanguage(t, code)
			test.NewTempApp(t)
			e := datatest.New(t)
			u := signedInAs(t, e, "all", app.RoleAdministrator, app.RoleDirector, app.RoleFrontDesk)
			loc := u.site.Location()
			for _, text := range dateForms[code] {
				// Events: the event's date
				u.events.open(app.Event{SiteID: e.Site.ID, Title: "Resume Writing", Kind: app.KindWorkshop, Start: at(14, 0).AddDate(0, 1, 0), End: at(15, 0).AddDate(0, 1, 0), Language: "en"})
				if u.events.form.date.PlaceHolder != app.DateFieldFormat(code) {
					t.Errorf("event date placeholder %q", u.events.form.date.PlaceHolder)
				}
				u.events.form.date.SetText(text)
				ev, err := u.events.form.value()
				if err != nil || !ev.Start.Equal(at(14, 0).UTC()) {
					t.Errorf("event date %q: start %v, %v", text, ev.Start.In(loc), err)
				}
				// Set-up and Staff: the confidentiality and training dates
				f := newStaffForm(u, app.NewStaff{}, false)
				f.conf.SetText(text)
				f.training.SetText(text)
				if err := f.check(); err != nil {
					t.Errorf("staff dates %q: %v", text, err)
				} else if v := f.value(); v.ConfidentialitySigned == nil || !v.ConfidentialitySigned.Equal(march10) || !v.TrainingCompleted.Equal(march10) {
					t.Errorf("staff dates %q: %+v", text, v)
				}
				// Export: events from
				u.export.from.SetText(text)
				if r, ok := u.export.options(); !ok || !r.forSite(u.site, "").From.Equal(time.Date(2026, 3, 10, 0, 0, 0, 0, loc)) {
					t.Errorf("export from %q: %v (%q)", text, r.forSite(u.site, "").From, u.export.errLine.Text)
				}
				// Audit: from
				u.audit.from.SetText(text)
				if af, err := u.audit.filter(); err != nil || !af.From.Equal(time.Date(2026, 3, 10, 0, 0, 0, 0, loc)) {
					t.Errorf("audit from %q: %v, %v", text, af.From, err)
				}
				// Reports: from and to
				u.dashboard.from.SetText(text)
				u.dashboard.to.SetText(text)
				if q, ok := u.dashboard.query(); !ok || !q.From.Equal(march10) || !q.To.Equal(march10) {
					t.Errorf("report days %q: %+v (%q)", text, q, u.dashboard.errLine.Text)
				}
			}
			// a day the calendar lacks is refused on each screen, naming the field
			u.dashboard.from.SetText("2026-02-30")
			if _, ok := u.dashboard.query(); ok || !strings.Contains(u.dashboard.errLine.Text, app.DateFieldFormat(code)) {
				t.Errorf("report from 2026-02-30: %q", u.dashboard.errLine.Text)
			}
			u.export.to.SetText("31/31/2026")
			if _, ok := u.export.options(); ok || !strings.Contains(u.export.errLine.Text, app.DateFieldFormat(code)) {
				t.Errorf("export to 31/31/2026: %q", u.export.errLine.Text)
			}
		})
	}
}

// The kit's due date and a follow-up case's dates take both forms too, and
// are saved as typed.
func TestKitAndFollowupDatesTakeBothForms(t *testing.T) {
	for _, code := range []string{"en", "es"} {
		t.Run(code, func(t *testing.T) {
			inLanguage(t, code)
			forms := dateForms[code]
			// Kits: the due date of a loan, a month out
			d := newKitDesk(t)
			c := d.s.checkout
			kits := []app.Kit{d.kit, addKit(t, d.env, app.KitLaptop)}
			for i, form := range []string{forms[0], forms[2]} {
				p := d.p
				if i > 0 {
					p = d.env.Participant(t, "José", "Gómez", "213-555-0199")
				}
				d.scan(c.scan, p.Code)
				if !c.dueCal.Disabled() {
					t.Error("the due date's calendar is on before there is a kit")
				}
				d.scan(c.scan, kits[i].Tag)
				if c.dueCal.Disabled() {
					t.Error("the due date's calendar is off with a kit to lend")
				}
				if c.due.PlaceHolder != app.DateFieldFormat(code) || !strings.HasPrefix(c.dueHint.Text, app.DateFieldFormat(code)) {
					t.Errorf("due date asks for %q / %q", c.due.PlaceHolder, c.dueHint.Text)
				}
				c.allPresent()
				c.due.SetText(strings.Replace(form, "03", "04", 1))
				d.enter(c.due)
				wantPanel(t, c.result, toneGood, "Lent", "")
			}
			loans, err := d.env.Svc.Loans(d.env.Ctx, app.LoanFilter{OutOnly: true})
			if err != nil || len(loans) != 2 {
				t.Fatalf("%d loans out, %v", len(loans), err)
			}
			for _, l := range loans {
				if !l.Due.Equal(time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("loan due %v, want April 10", l.Due)
				}
			}
			// Follow-ups: the employment start and exit date of a case
			fd := newFollowupDesk(t)
			ff := fd.open(fd.ana)
			ff.start.SetText(forms[1])
			ff.exit.SetText(forms[2])
			ff.exitReason.SetText("Found work")
			ff.saveCase()
			fd.s.q.wait()
			got := fd.file(fd.ana).Case
			if !got.EmploymentStart.Equal(calDay(2026, 3, 10)) || !got.ExitDate.Equal(calDay(2026, 3, 10)) {
				t.Errorf("case dates %v / %v (%q)", got.EmploymentStart, got.ExitDate, ff.caseErr.Text)
			}
			if ff.start.Text != app.FormatDateField(calDay(2026, 3, 10), code) {
				t.Errorf("employment start shown back as %q", ff.start.Text)
			}
		})
	}
}

// The calendar button opens a month of days in the person's language; the
// keyboard moves and picks, and the field gets the day in its form.
func TestDatePickerFillsTheField(t *testing.T) {
	for _, c := range []struct{ code, month, first, picked string }{
		{"en", "March 2026", "Sun", "03/11/2026"},
		{"es", "marzo de 2026", "lun", "11/03/2026"},
	} {
		t.Run(c.code, func(t *testing.T) {
			inLanguage(t, c.code)
			d := newDesk(t, nil)
			u := d.u
			u.events.open(app.Event{SiteID: d.env.Site.ID, Title: "Resume Writing", Kind: app.KindWorkshop, Start: at(14, 0), End: at(15, 0), Language: "en"})
			f := u.events.form
			found := findObject(f.content, func(o fyne.CanvasObject) bool {
				_, ok := o.(*calendarButton)
				return ok
			})
			if found == nil {
				t.Fatal("no calendar button beside the event's date")
			}
			btn := found.(*calendarButton)
			if _, ok := fyne.CanvasObject(btn).(fyne.Focusable); ok {
				t.Error("the calendar button takes the keyboard: Tab would stop on it")
			}
			test.Tap(btn)
			p := u.picker
			if p == nil || d.win.Canvas().Focused() != p {
				t.Fatalf("the calendar did not open with the keyboard in it")
			}
			if p.title.Text != c.month {
				t.Errorf("month %q, want %q", p.title.Text, c.month)
			}
			if l, ok := p.grid.Objects[0].(*widget.Label); !ok || l.Text != c.first {
				t.Errorf("first weekday %v, want %q", p.grid.Objects[0], c.first)
			}
			// today (the 10th, also the field's day) is marked
			if p.days[10].Importance != widget.HighImportance {
				t.Errorf("the field's day is not marked")
			}
			// Page Down and Page Up come back to March; Right moves a day
			p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
			if !strings.Contains(p.title.Text, map[string]string{"en": "April", "es": "abril"}[c.code]) {
				t.Errorf("after Page Down: %q", p.title.Text)
			}
			p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp})
			p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
			if p.days[11].Importance != widget.HighImportance || p.days[10].Importance != widget.WarningImportance {
				t.Errorf("after Right: the 11th %v, today %v", p.days[11].Importance, p.days[10].Importance)
			}
			p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			if f.date.Text != c.picked {
				t.Errorf("picked %q, want %q", f.date.Text, c.picked)
			}
			if d.win.Canvas().Focused() != f.date {
				t.Errorf("the cursor is not back in the field")
			}
			ev, err := f.value()
			if err != nil || ev.Start.In(u.site.Location()).Day() != 11 {
				t.Errorf("the form reads %v, %v", ev.Start, err)
			}
			// Escape closes it and leaves the field as it was; a tapped day fills it
			test.Tap(btn)
			top := d.win.Canvas().Overlays().Top()
			u.picker.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			if d.win.Canvas().Overlays().Top() == top || f.date.Text != c.picked {
				t.Errorf("Escape: calendar still open or field changed to %q", f.date.Text)
			}
			test.Tap(btn)
			test.Tap(u.picker.days[20])
			if f.date.Text != app.FormatDateField(calDay(2026, 3, 20), c.code) {
				t.Errorf("tapped the 20th: %q", f.date.Text)
			}
		})
	}
}

// numericDate is a date written in digits, ISO or US style.
var numericDate = regexp.MustCompile(`\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b`)

// shownTexts are the texts o shows a person, leaving out what is typed in
// fields (a date field holds its date in digits).
func shownTexts(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	if _, ok := o.(interface{ SetPlaceHolder(string) }); ok {
		return
	}
	switch x := o.(type) {
	case *widget.Label:
		*out = append(*out, x.Text)
		return
	case *canvas.Text:
		*out = append(*out, x.Text)
		return
	case *widget.Button:
		*out = append(*out, x.Text)
		return
	case *widget.Select:
		*out = append(*out, x.Selected)
		*out = append(*out, x.Options...)
		return
	case *fyne.Container:
		for _, c := range x.Objects {
			shownTexts(c, out)
		}
		return
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			shownTexts(c, out)
		}
	}
}

// No screen shows a date in digits: every tab of a person with every role,
// on a desk with events, loans, follow-ups, staff dates and an audit log.
func TestNoScreenShowsANumericDate(t *testing.T) {
	for _, code := range []string{"en", "es"} {
		t.Run(code, func(t *testing.T) {
			inLanguage(t, code)
			test.NewTempApp(t)
			e := datatest.New(t)
			dashboardFixture(t, e)
			staff(t, e, "cm", "Carla Case", app.RoleCaseManager)
			d := &fuDesk{t: t, env: e}
			d.carla = staff(t, e, "carla", "Carla Case", app.RoleCaseManager)
			ana, _ := e.Svc.SearchParticipants(e.Ctx, "Ana", 1)
			d.newCase(ana[0], calDay(2026, 3, 2))
			kit := addKit(t, e, app.KitLaptop)
			if _, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{KitScan: kit.Tag, ParticipantID: ana[0].ID, Components: componentIDs(kit)}); err != nil {
				t.Fatalf("checkout: %v", err)
			}
			u := signedInAs(t, e, "every", app.RoleAdministrator, app.RoleDirector, app.RoleFrontDesk, app.RoleCirculation, app.RoleCaseManager)
			u.win.Resize(fyne.NewSize(1600, 1000))
			// the audit log's details are the records as written, key=value
			// and verbatim (the chain's hashes cover them), as in its CSV
			stored := map[string]bool{}
			log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range log {
				stored[r.Detail] = true
			}
			for _, it := range u.tabs.Items {
				u.tabs.Select(it)
				waitScreens(u)
				if u.followups != nil && it.Content == u.followups.content {
					u.followups.open(ana[0].ID)
					waitScreens(u)
				}
				var texts []string
				shownTexts(it.Content, &texts)
				for _, s := range texts {
					if m := numericDate.FindString(s); m != "" && !stored[s] {
						t.Errorf("%s tab shows %q in %q", it.Text, m, s)
					}
				}
			}
		})
	}
}

// waitScreens waits for the screens' work in the background.
func waitScreens(u *UI) {
	if u.dashboard != nil {
		u.dashboard.wait()
	}
	if u.followups != nil {
		u.followups.q.wait()
	}
	if u.kits != nil {
		u.kits.checkout.q.wait()
		u.kits.ret.q.wait()
	}
}

func componentIDs(k app.Kit) []int64 {
	ids := make([]int64, len(k.Components))
	for i, c := range k.Components {
		ids[i] = c.ID
	}
	return ids
}
