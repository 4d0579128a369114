package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// staffButton shows the Staff screen and returns its button labelled text.
func staffButton(t *testing.T, d *desk, text string) *widget.Button {
	t.Helper()
	showTab(d.u, d.u.staff.content)
	for _, o := range test.LaidOutObjects(d.u.staff.content) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %s button on the Staff screen", text)
	return nil
}

// openScheduleEditor opens the Staff screen's schedules dialog and a new
// schedule in it.
func openScheduleEditor(t *testing.T, d *desk) (*schedulesDialog, *scheduleEditor) {
	t.Helper()
	s := d.u.staff
	test.Tap(staffButton(t, d, "Follow-up schedules…"))
	sd := s.schedules
	if sd == nil || len(sd.tmpls) != 2 || len(sd.edit) != 0 {
		t.Fatalf("schedules dialog: %+v", sd)
	}
	test.Tap(sd.newBtn)
	if sd.editor == nil || len(sd.editor.rules) != 1 {
		t.Fatal("no editor with one rule")
	}
	return sd, sd.editor
}

func storedSchedules(t *testing.T, d *desk) []app.FollowupTemplate {
	t.Helper()
	ts, err := d.env.Svc.FollowupTemplates(d.env.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ts[len(app.BuiltinTemplates):]
}

func TestScheduleEditorCreatesASchedule(t *testing.T) {
	d := newDesk(t, nil)
	sd, ed := openScheduleEditor(t, d)
	markup := test.RenderToMarkup(d.win.Canvas())
	for _, want := range []string{"SETA WIA Directive 02-09", "built-in", "Quarter-end follow-up form (form in the last month of quarters 1–3 after exit)"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the schedules dialog does not show %q", want)
		}
	}

	test.Type(ed.name, "Six months after exit")
	// rule 1: two weeks after the job starts, open ten days
	r1 := ed.rules[0]
	r1.amount.SetText("")
	test.Type(r1.amount, "2")
	r1.unit.SetSelectedIndex(1) // weeks
	r1.window.SetText("10")
	test.Type(r1.label, "Two weeks in")
	// rule 2: monthly after the exit, for six months
	test.Tap(ed.addRule)
	if len(ed.rules) != 2 {
		t.Fatalf("rules %d after Add rule", len(ed.rules))
	}
	r2 := ed.rules[1]
	r2.kind.SetSelectedIndex(3)
	if r2.monthly.Hidden || !r2.offset.Hidden {
		t.Fatal("a monthly rule shows the offset fields")
	}
	r2.monthAnchor.SetSelectedIndex(1)
	r2.monthEnd.SetSelectedIndex(1)
	test.Type(r2.endCount, "6")
	// the preview: the contacts of a job from the 1st of this month
	if !strings.Contains(ed.preview.Text, "Two weeks in") || !strings.Contains(ed.preview.Text, "Monthly contact") {
		t.Errorf("preview %q", ed.preview.Text)
	}
	// a rule added and removed again is gone
	test.Tap(ed.addRule)
	test.Tap(ed.rules[2].remove)
	if len(ed.rules) != 2 {
		t.Fatalf("rules %d after Remove rule", len(ed.rules))
	}

	test.Tap(ed.dlg.confirm)
	if ed.errLine.Text != "" {
		t.Fatalf("save: %q", ed.errLine.Text)
	}
	got := storedSchedules(t, d)
	if len(got) != 1 {
		t.Fatalf("stored %+v", got)
	}
	want := []app.FollowupRule{
		{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Amount: 2, Unit: app.UnitWeeks, Window: 10, Label: "Two weeks in"},
		{Kind: app.RuleMonthly, Anchor: app.AnchorExit, UntilMonths: 6, Label: "Monthly contact"},
	}
	if g := got[0]; g.Name != "Six months after exit" || len(g.Rules) != 2 || g.Rules[0] != want[0] || g.Rules[1] != want[1] {
		t.Fatalf("stored %+v", g)
	}
	audit, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "followup.template"})
	if err != nil || len(audit) != 1 || audit[0].Actor != "desk" || !strings.Contains(audit[0].Detail, "Six months after exit; 2 rules") {
		t.Fatalf("audit %+v %v", audit, err)
	}
	// the list shows it, with an Edit button; editing keeps the rules
	if len(sd.tmpls) != 3 || sd.edit[got[0].Key] == nil {
		t.Fatalf("list after save: %d schedules", len(sd.tmpls))
	}
	test.Tap(sd.edit[got[0].Key])
	ed2 := sd.editor
	if ed2 == ed || ed2.name.Text != "Six months after exit" || len(ed2.rules) != 2 || ed2.rules[1].endCount.Text != "6" ||
		ed2.rules[1].monthEnd.SelectedIndex() != 1 || ed2.rules[0].unit.SelectedIndex() != 1 {
		t.Fatal("the editor does not show the stored schedule")
	}
	ed2.rules[1].endCount.SetText("9")
	test.Tap(ed2.dlg.confirm)
	if ed2.errLine.Text != "" {
		t.Fatalf("edit: %q", ed2.errLine.Text)
	}
	if got := storedSchedules(t, d); len(got) != 1 || got[0].Rules[1].UntilMonths != 9 {
		t.Fatalf("after edit %+v", got)
	}
}

func TestScheduleEditorRefusesBadRules(t *testing.T) {
	d := newDesk(t, nil)
	_, ed := openScheduleEditor(t, d)
	test.Type(ed.name, "Forever")
	r := ed.rules[0]
	// a monthly rule with no end
	r.kind.SetSelectedIndex(3)
	if !strings.Contains(ed.preview.Text, "never end") {
		t.Errorf("preview of a rule that never ends: %q", ed.preview.Text)
	}
	test.Tap(ed.dlg.confirm)
	if !strings.Contains(ed.errLine.Text, "Rule 1: Monthly contacts never end") {
		t.Fatalf("a rule that never ends: %q", ed.errLine.Text)
	}
	// a number that is not one
	r.kind.SetSelectedIndex(0)
	r.amount.SetText("two")
	test.Tap(ed.dlg.confirm)
	if !strings.Contains(ed.errLine.Text, "Rule 1: the number of days, weeks or months must be a whole number, like 2 (not “two”)") {
		t.Fatalf("amount two: %q", ed.errLine.Text)
	}
	if !strings.Contains(ed.preview.Text, "whole number") {
		t.Errorf("preview of a bad number: %q", ed.preview.Text)
	}
	r.amount.SetText("-3")
	test.Tap(ed.dlg.confirm)
	if !strings.Contains(ed.errLine.Text, "whole number") {
		t.Fatalf("amount -3: %q", ed.errLine.Text)
	}
	// no rules at all
	test.Tap(r.remove)
	test.Tap(ed.dlg.confirm)
	if !strings.Contains(ed.errLine.Text, "at least one rule") {
		t.Fatalf("no rules: %q", ed.errLine.Text)
	}
	if got := storedSchedules(t, d); len(got) != 0 {
		t.Fatalf("stored %+v", got)
	}
	if audit, _ := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: "followup.template"}); len(audit) != 0 {
		t.Fatalf("audit %+v", audit)
	}
	if d.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the editor closed")
	}
}
