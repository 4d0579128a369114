package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// A director who does not work the desk lands on Reports, with the report
// computed; one who also works the desk still lands on Check-in.
func TestDirectorLandsOnReports(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	dashboardFixture(t, e)
	u := directorUI(t, e, fyne.NewSize(1024, 600))
	if u.dashboard == nil || u.tabs.Selected().Content != u.dashboard.content {
		t.Fatalf("a director lands on %q, want Reports", u.tabs.Selected().Text)
	}
	u.dashboard.wait()
	if u.dashboard.rep == nil {
		t.Fatal("the report was not computed on landing")
	}

	e2 := datatest.New(t)
	u2 := signedInAs(t, e2, "dana", app.RoleFrontDesk, app.RoleDirector)
	if u2.checkin == nil || u2.tabs.Selected().Content != u2.checkin.content {
		t.Fatalf("a director at the desk lands on %q, want Check-in", u2.tabs.Selected().Text)
	}
}

// The sign-in screen names the center before anyone signs in.
func TestSignInNamesTheSite(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	staff(t, e, "admin", "Ada Admin", app.RoleAdministrator)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := New(t.Context(), e.Svc, w, Options{CardDir: t.TempDir()})
	if u.mode != modeSignIn {
		t.Fatalf("mode %d, want the sign-in screen", u.mode)
	}
	if e.Site.Name == "" || u.signin.site.Text != e.Site.Name || !u.signin.site.Visible() {
		t.Fatalf("the sign-in screen names %q (shown %v), want %q", u.signin.site.Text, u.signin.site.Visible(), e.Site.Name)
	}
}

// At 1024×600 the Reports filters wrap so Show is inside the window, and
// every headline caption and bar-chart label is shown whole; at 1600 the
// sections sit side by side, captions still whole.
func TestReportsFitSmallScreen(t *testing.T) {
	test.NewTempApp(t)
	for _, size := range []fyne.Size{fyne.NewSize(1024, 600), fyne.NewSize(1600, 1000)} {
		e := datatest.New(t)
		dashboardFixture(t, e)
		// general visits, for the chart of visits by reason
		ana, err := e.Svc.SearchParticipants(e.Ctx, "Ana", 1)
		if err != nil || len(ana) != 1 {
			t.Fatalf("Ana: %v %v", ana, err)
		}
		for _, r := range app.VisitReasons {
			if _, err := e.Svc.CheckInParticipant(e.Ctx, app.Target{SiteID: e.Site.ID, Reason: r}, ana[0].ID, app.MethodSearch); err != nil {
				t.Fatal(err)
			}
		}
		u := directorUI(t, e, size)
		s := u.dashboard
		s.wait()
		u.win.Resize(size) // lay out again with the report in place
		d := fyne.CurrentApp().Driver()
		pos := d.AbsolutePositionForObject(s.show)
		if !s.show.Visible() || pos.X < 0 || pos.X+s.show.Size().Width > size.Width || pos.Y+s.show.Size().Height > size.Height {
			t.Fatalf("at %v the Show button is at %v, %v: outside the window", size, pos, s.show.Size())
		}
		captions, barLabels := 0, 0
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			if c, ok := o.(*fyne.Container); ok {
				if _, ok := c.Layout.(*barRowLayout); ok {
					barLabels++
					checkBarLabel(t, size, c)
					return
				}
			}
			switch o := o.(type) {
			case *widget.Label:
				if o.SizeName != theme.SizeNameCaptionText {
					return
				}
				captions++
				need := fyne.MeasureText(o.Text, theme.CaptionTextSize(), o.TextStyle).Width + 2*theme.InnerPadding()
				if o.Size().Width < need {
					t.Errorf("at %v the caption %q has %.0f px of the %.0f it needs: it is cut", size, o.Text, o.Size().Width, need)
				}
			case *fyne.Container:
				for _, c := range o.Objects {
					walk(c)
				}
			}
		}
		walk(s.body)
		if barLabels < len(app.VisitReasons) {
			t.Fatalf("at %v found %d bar labels, want at least the %d visit reasons", size, barLabels, len(app.VisitReasons))
		}
		if captions < 20 {
			t.Fatalf("at %v found %d headline captions, want the report's 28", size, captions)
		}
		// Show, reached by keyboard, computes the report again
		before := s.rep.GeneratedAt
		test.Tap(s.show)
		s.wait()
		if s.rep == nil || s.rep.GeneratedAt.Before(before) {
			t.Fatal("Show did not compute the report")
		}
	}
}

// A form dialog fits a 1024×600 window, and Escape closes it from a field
// without saving; Escape with no field focused closes a message.
func TestEscapeClosesDialogs(t *testing.T) {
	test.NewTempApp(t)
	e := datatest.New(t)
	u := signedInAs(t, e, "casey", app.RoleCaseManager)
	u.win.Resize(fyne.NewSize(1024, 600))
	before, err := e.Svc.Participants(u.ctx, app.ParticipantFilter{})
	if err != nil {
		t.Fatal(err)
	}
	u.participants.add()
	ov := u.win.Canvas().Overlays()
	top := ov.Top()
	if top == nil {
		t.Fatal("Add participant opened no dialog")
	}
	if sz := top.MinSize(); sz.Width > 1024 || sz.Height > 600 {
		t.Fatalf("the participant form needs %v, more than the 1024×600 window", sz)
	}
	f := u.participants.form
	test.Type(f.first, "Zed")
	u.win.Canvas().Focus(f.first)
	f.first.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ov.Top() != nil {
		t.Fatal("Escape in the first-name field left the form open")
	}
	after, err := e.Svc.Participants(u.ctx, app.ParticipantFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("Escape saved someone: %d participants, were %d", len(after), len(before))
	}

	u.showError(app.Errorf(app.EInvalid, "Site name is required."))
	if ov.Top() == nil {
		t.Fatal("no message shown")
	}
	u.win.Canvas().Unfocus()
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ov.Top() != nil {
		t.Fatal("Escape left the message open")
	}
}

// checkBarLabel fails t when the label of the bar-chart row c is cut.
func checkBarLabel(t *testing.T, size fyne.Size, c *fyne.Container) {
	t.Helper()
	l := c.Objects[0].(*widget.Label)
	need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	if l.Size().Width < need {
		t.Errorf("at %v the bar label %q has %.0f px of the %.0f it needs: it is cut", size, l.Text, l.Size().Width, need)
	}
}

// A bar chart's labels are as wide as the widest needs: the Spanish
// "Uso de computadora" in a half-width chart at 1024 pixels is whole.
func TestBarChartLabelsWhole(t *testing.T) {
	test.NewTempApp(t)
	s := &dashboardScreen{drills: map[string]*numberButton{}}
	chart := s.barChart([]chartBar{{label: "Sala de recursos", count: 28}, {label: "Cita", count: 43},
		{label: "Uso de computadora", count: 33}, {label: "Otro motivo", count: 44}})
	size := fyne.NewSize(490, 300)
	w := test.NewTempWindow(t, chart)
	w.Resize(size)
	rows := chart.(*fyne.Container).Objects
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		checkBarLabel(t, size, r.(*fyne.Container))
	}
}
