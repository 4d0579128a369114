package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// The follow-up schedule editor (administrators, from the Staff screen):
// the list of schedules with their rules described, and an editor that
// builds a schedule's rules from selects and entries, previews the contacts
// it would give and saves it through Service.SaveFollowupTemplate (which
// checks the role and the rules and writes the audit). The built-in
// schedules are shown but not editable. Case managers then choose a
// schedule in a follow-up file's Case tab.

// schedulesDialog is the list of follow-up schedules.
type schedulesDialog struct {
	u      *UI
	ctx    context.Context
	dialog *dialog.CustomDialog
	list   *fyne.Container
	newBtn *widget.Button
	tmpls  []app.FollowupTemplate
	edit   map[string]*widget.Button // Edit buttons of stored schedules, by key

	// editor is the last editor opened, for tests
	editor *scheduleEditor
}

// openSchedules shows the schedules dialog.
func openSchedules(u *UI) *schedulesDialog {
	d := &schedulesDialog{u: u, ctx: u.ctx, list: container.NewVBox()}
	d.newBtn = widget.NewButtonWithIcon(lang.L("New schedule"), theme.ContentAddIcon(), func() { d.openEditor(app.FollowupTemplate{}) })
	d.newBtn.Importance = widget.HighImportance
	note := widget.NewLabel(lang.L("Case managers choose a schedule in each follow-up file's Case tab. The built-in schedules cannot be changed; make a new one instead."))
	note.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(d.list)
	scroll.SetMinSize(fitSize(u.win, fyne.NewSize(700, 440)))
	content := container.NewBorder(container.NewVBox(note, container.NewHBox(d.newBtn)), nil, nil, nil, scroll)
	d.dialog = dialog.NewCustom(lang.L("Follow-up schedules"), lang.L("Close"), content, u.win)
	d.refresh()
	escapable(u.win, d.dialog)
	d.dialog.Show()
	return d
}

// refresh reloads the schedules.
func (d *schedulesDialog) refresh() {
	ts, err := d.u.svc.FollowupTemplates(d.ctx)
	if err != nil {
		d.u.showError(err)
		return
	}
	d.tmpls = ts
	d.edit = map[string]*widget.Button{}
	d.list.Objects = nil
	for i, t := range ts {
		if i > 0 {
			d.list.Add(widget.NewSeparator())
		}
		name := widget.NewLabelWithStyle(appWord(t.Name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		var right fyne.CanvasObject
		if t.Builtin {
			mark := widget.NewLabelWithStyle(lang.L("built-in"), fyne.TextAlignTrailing, fyne.TextStyle{Italic: true})
			asHint(mark)
			right = mark
		} else {
			t := t
			b := widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), func() { d.openEditor(t) })
			d.edit[t.Key] = b
			right = b
		}
		d.list.Add(container.NewBorder(nil, nil, nil, right, name))
		var lines []string
		for _, r := range t.Rules {
			lines = append(lines, "•  "+r.DescribeIn(messages()))
		}
		rules := widget.NewLabel(strings.Join(lines, "\n"))
		rules.Wrapping = fyne.TextWrapWord
		d.list.Add(rules)
	}
	d.list.Refresh()
}

// openEditor opens the editor on t (a new schedule when t.ID is 0).
func (d *schedulesDialog) openEditor(t app.FollowupTemplate) {
	d.editor = newScheduleEditor(d, t)
}

// Choices of the rule editor, in the order of their selects.
var (
	ruleKinds   = []app.RuleKind{app.RuleOffset, app.RuleQuarterStart, app.RuleQuarterEnd, app.RuleMonthly}
	ruleAnchors = []app.FollowupAnchor{app.AnchorEmployment, app.AnchorExit}
	ruleUnits   = []app.TimeUnit{app.UnitDays, app.UnitWeeks, app.UnitMonths}
)

func ruleKindLabels() []string {
	return []string{lang.L("A set time after the job starts or the exit"), lang.L("First week of a quarter after exit"),
		lang.L("Quarter-end follow-up form"), lang.L("Monthly contact")}
}

func ruleAnchorLabels() []string {
	return []string{lang.L("the job starts"), lang.L("the exit")}
}

func ruleUnitLabels() []string {
	return []string{lang.L("days"), lang.L("weeks"), lang.L("months")}
}

func monthlyEndLabels() []string {
	return []string{lang.L("at the end of quarter N after exit"), lang.L("after N months")}
}

// ruleEditor edits one rule of a schedule.
type ruleEditor struct {
	box    *fyne.Container
	title  *widget.Label
	kind   *widget.Select
	remove *widget.Button

	// offset
	offset                *fyne.Container
	amount, window        *widget.Entry
	unit, anchor          *widget.Select
	quarters              *fyne.Container // quarter rules
	quarter, through      *widget.Entry
	monthly               *fyne.Container
	monthAnchor, monthEnd *widget.Select
	endCount              *widget.Entry
	label                 *widget.Entry
}

// numberEntry is a short entry for a whole number.
func numberEntry(text, placeholder string) *widget.Entry {
	return newEntry(text, placeholder)
}

// fixedWidth gives o a fixed width (entries in a row otherwise shrink to
// nothing).
func fixedWidth(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func newRuleEditor(r app.FollowupRule, changed func(), remove func(*ruleEditor)) *ruleEditor {
	e := &ruleEditor{}
	e.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.kind = widget.NewSelect(ruleKindLabels(), nil)
	e.remove = widget.NewButtonWithIcon(lang.L("Remove rule"), theme.DeleteIcon(), func() { remove(e) })
	e.remove.Importance = widget.LowImportance

	e.amount = numberEntry(strconv.Itoa(r.Amount), "0")
	e.unit = widget.NewSelect(ruleUnitLabels(), nil)
	e.anchor = widget.NewSelect(ruleAnchorLabels(), nil)
	window := r.Window
	if window == 0 {
		window = 7
	}
	e.window = numberEntry(strconv.Itoa(window), "7")
	e.offset = container.NewHBox(fixedWidth(64, e.amount), fixedWidth(120, e.unit), widget.NewLabel(lang.L("after")), fixedWidth(190, e.anchor),
		widget.NewLabel(lang.L("open for")), fixedWidth(56, e.window), widget.NewLabel(lang.L("days")))

	q := r.Quarter
	if q == 0 {
		q = 1
	}
	e.quarter = numberEntry(strconv.Itoa(q), "1")
	through := ""
	if r.Through > r.Quarter {
		through = strconv.Itoa(r.Through)
	}
	e.through = numberEntry(through, "")
	e.quarters = container.NewHBox(widget.NewLabel(lang.L("Quarters after exit: from")), fixedWidth(56, e.quarter),
		widget.NewLabel(lang.L("to")), fixedWidth(56, e.through), widget.NewLabel(lang.L("(empty: just that one)")))

	e.monthAnchor = widget.NewSelect(ruleAnchorLabels(), nil)
	e.monthEnd = widget.NewSelect(monthlyEndLabels(), nil)
	e.endCount = numberEntry("", "N")
	e.monthly = container.NewVBox(container.NewHBox(widget.NewLabel(lang.L("Each month after")), fixedWidth(190, e.monthAnchor)),
		container.NewHBox(widget.NewLabel(lang.L("ends")), fixedWidth(380, e.monthEnd), fixedWidth(56, e.endCount)))

	e.label = newEntry(r.Label, lang.L("What case managers read (optional)"))

	// fill in from r
	sel := func(s *widget.Select, i int) { s.SetSelectedIndex(max(i, 0)) }
	sel(e.kind, indexOf(ruleKinds, r.Kind))
	sel(e.unit, indexOf(ruleUnits, r.Unit))
	sel(e.anchor, indexOf(ruleAnchors, r.Anchor))
	monthAnchor := indexOf(ruleAnchors, r.Anchor)
	if r.Anchor == "" {
		monthAnchor = 1 // monthly contacts usually run after the exit
	}
	sel(e.monthAnchor, monthAnchor)
	if r.UntilMonths > 0 {
		e.monthEnd.SetSelectedIndex(1)
		e.endCount.SetText(strconv.Itoa(r.UntilMonths))
	} else {
		e.monthEnd.SetSelectedIndex(0)
		e.endCount.SetText(itoaOrEmpty(r.UntilQuarter))
	}

	labelRow := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Label")), nil, e.label)
	e.box = container.NewVBox(container.NewBorder(nil, nil, e.title, e.remove, fixedWidth(440, e.kind)),
		e.offset, e.quarters, e.monthly, labelRow)
	e.showKind()

	e.kind.OnChanged = func(string) { e.showKind(); changed() }
	for _, s := range []*widget.Select{e.unit, e.anchor, e.monthAnchor, e.monthEnd} {
		s.OnChanged = func(string) { changed() }
	}
	for _, en := range []*widget.Entry{e.amount, e.window, e.quarter, e.through, e.endCount, e.label} {
		en.OnChanged = func(string) { changed() }
	}
	return e
}

func indexOf[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// showKind shows the fields of the selected kind of rule.
func (e *ruleEditor) showKind() {
	k := e.selectedKind()
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(e.offset, k == app.RuleOffset)
	show(e.quarters, k == app.RuleQuarterStart || k == app.RuleQuarterEnd)
	show(e.monthly, k == app.RuleMonthly)
	e.box.Refresh()
}

func (e *ruleEditor) selectedKind() app.RuleKind {
	if i := e.kind.SelectedIndex(); i >= 0 {
		return ruleKinds[i]
	}
	return app.RuleOffset
}

// value is the rule the editor shows (rule n of the schedule); a number
// that is not one is an error naming the rule and the field.
func (e *ruleEditor) value(n int) (app.FollowupRule, error) {
	r := app.FollowupRule{Kind: e.selectedKind(), Label: strings.TrimSpace(e.label.Text)}
	num := func(field string, en *widget.Entry) (int, error) {
		s := strings.TrimSpace(en.Text)
		if s == "" {
			return 0, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return 0, &app.Error{Code: app.EInvalid, Message: lang.L("Rule {{.N}}: {{.Field}} must be a whole number, like 2 (not “{{.Text}}”).",
				map[string]any{"N": n, "Field": field, "Text": s})}
		}
		return v, nil
	}
	var err error
	switch r.Kind {
	case app.RuleOffset:
		r.Anchor = ruleAnchors[max(e.anchor.SelectedIndex(), 0)]
		r.Unit = ruleUnits[max(e.unit.SelectedIndex(), 0)]
		if r.Amount, err = num(lang.L("the number of days, weeks or months"), e.amount); err != nil {
			return r, err
		}
		if r.Window, err = num(lang.L("the days open"), e.window); err != nil {
			return r, err
		}
	case app.RuleQuarterStart, app.RuleQuarterEnd:
		if r.Quarter, err = num(lang.L("the quarter"), e.quarter); err != nil {
			return r, err
		}
		if r.Through, err = num(lang.L("the last quarter"), e.through); err != nil {
			return r, err
		}
	case app.RuleMonthly:
		r.Anchor = ruleAnchors[max(e.monthAnchor.SelectedIndex(), 0)]
		field := lang.L("the last quarter")
		if e.monthEnd.SelectedIndex() == 1 {
			field = lang.L("the number of months")
		}
		count, err := num(field, e.endCount)
		if err != nil {
			return r, err
		}
		if e.monthEnd.SelectedIndex() == 1 {
			r.UntilMonths = count
		} else {
			r.UntilQuarter = count
		}
	}
	return r, nil
}

// scheduleEditor is the form of one schedule: its name and rules, a
// preview and the error line.
type scheduleEditor struct {
	d       *schedulesDialog
	orig    app.FollowupTemplate
	name    *widget.Entry
	rules   []*ruleEditor
	ruleBox *fyne.Container
	addRule *widget.Button
	preview *widget.Label
	errLine *canvas.Text
	dlg     formDialog
	saved   bool // set when the schedule was saved

	sampleStart, sampleExit time.Time
}

func newScheduleEditor(d *schedulesDialog, t app.FollowupTemplate) *scheduleEditor {
	ed := &scheduleEditor{d: d, orig: t}
	ed.name = newEntry(t.Name, lang.L("e.g. WIOA youth, 12 months"))
	ed.ruleBox = container.NewVBox()
	ed.addRule = widget.NewButtonWithIcon(lang.L("Add rule"), theme.ContentAddIcon(), func() {
		ed.add(app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Unit: app.UnitDays, Window: 7})
		ed.changed()
	})
	for _, r := range t.Rules {
		ed.add(r)
	}
	if len(t.Rules) == 0 {
		ed.add(app.FollowupRule{Kind: app.RuleOffset, Anchor: app.AnchorEmployment, Unit: app.UnitDays, Window: 7})
	}
	// the sample case: a job from the 1st of this month, an exit two months later
	now := app.CalendarDay(d.u.svc.Now(), d.u.site.Location())
	ed.sampleStart = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	ed.sampleExit = ed.sampleStart.AddDate(0, 2, 0)
	ed.preview = widget.NewLabel("")
	ed.preview.Wrapping = fyne.TextWrapWord
	ed.errLine = newErrorLine()

	nameRow := container.NewBorder(nil, nil, widget.NewLabelWithStyle(lang.L("Name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, ed.name)
	heading := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	sample := widget.NewLabel(lang.L("Preview: a job that starts on {{.Start}} and an exit on {{.Exit}} give these contacts:",
		map[string]any{"Start": showDate(ed.sampleStart), "Exit": showDate(ed.sampleExit)}))
	sample.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{nameRow, heading(lang.L("Rules")), ed.ruleBox, container.NewHBox(ed.addRule), widget.NewSeparator()}
	if t.ID != 0 {
		hint := widget.NewLabel(lang.L("Cases already on this schedule keep the contacts planned for them until their case is next saved."))
		hint.Wrapping = fyne.TextWrapWord
		asHint(hint)
		parts = append(parts, hint)
	}
	parts = append(parts, sample, ed.preview)
	content := container.NewVBox(parts...)

	title := lang.L("New follow-up schedule")
	if t.ID != 0 {
		title = lang.L("Edit {{.Name}}", map[string]any{"Name": t.Name})
	}
	ed.open(title, content)
	ed.changed()
	d.u.win.Canvas().Focus(ed.name)
	return ed
}

// open shows the editor: the form scrolls, the error line stays in sight
// above the buttons however far the rules are scrolled.
func (ed *scheduleEditor) open(title string, content fyne.CanvasObject) {
	var dlg *dialog.CustomDialog
	ok := widget.NewButton(lang.L("Save"), func() {
		if err := ed.save(); err != nil {
			ed.errLine.Text = errorText(err)
			ed.errLine.Refresh()
			return
		}
		dlg.Hide()
	})
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { dlg.Hide() })
	submitOnEnter(content, ok.OnTapped)
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fitSize(ed.d.u.win, fyne.NewSize(760, 500)))
	dlg = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewPadded(ed.errLine), nil, nil, scroll), ed.d.u.win)
	dlg.SetButtons([]fyne.CanvasObject{cancel, ok})
	escapable(ed.d.u.win, dlg)
	dlg.Show()
	ed.dlg = formDialog{dialog: dlg, confirm: ok}
}

// add adds a rule editor for r.
func (ed *scheduleEditor) add(r app.FollowupRule) {
	re := newRuleEditor(r, ed.changed, ed.removeRule)
	ed.rules = append(ed.rules, re)
	ed.layoutRules()
}

func (ed *scheduleEditor) removeRule(re *ruleEditor) {
	for i, x := range ed.rules {
		if x == re {
			ed.rules = append(ed.rules[:i], ed.rules[i+1:]...)
			break
		}
	}
	ed.layoutRules()
	ed.changed()
}

func (ed *scheduleEditor) layoutRules() {
	ed.ruleBox.Objects = nil
	for i, re := range ed.rules {
		re.title.SetText(lang.L("Rule {{.N}}", map[string]any{"N": i + 1}))
		ed.ruleBox.Add(widget.NewCard("", "", re.box))
	}
	ed.ruleBox.Refresh()
}

// value is the schedule the form shows.
func (ed *scheduleEditor) value() (app.FollowupTemplate, error) {
	t := ed.orig
	t.Name = ed.name.Text
	t.Rules = nil
	for i, re := range ed.rules {
		r, err := re.value(i + 1)
		if err != nil {
			return t, err
		}
		t.Rules = append(t.Rules, r)
	}
	return t, nil
}

// changed updates the preview (and clears an error shown before).
func (ed *scheduleEditor) changed() {
	if ed.preview == nil {
		return // still being built
	}
	t, err := ed.value()
	var plan []app.PlannedContact
	if err == nil {
		if strings.TrimSpace(t.Name) == "" {
			t.Name = "preview" // the name is not the preview's business
		}
		plan, err = app.PlanFollowups(t, ed.sampleStart, ed.sampleExit)
	}
	if err != nil {
		ed.preview.Importance = widget.DangerImportance
		ed.preview.SetText(errorText(err))
		return
	}
	ed.preview.Importance = widget.MediumImportance
	var b strings.Builder
	for i, c := range plan {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(showDate(c.WindowStart) + " – " + showDate(c.Due) + "   " + c.Label)
		if c.Kind == app.KindForm {
			b.WriteString(" (" + lang.L("form") + ")")
		}
	}
	if len(plan) == 0 {
		b.WriteString(lang.L("No contacts."))
	}
	ed.preview.SetText(b.String())
}

// save stores the schedule; the dialog stays open with the message when
// something is wrong, and nothing is saved.
func (ed *scheduleEditor) save() error {
	ed.errLine.Text = ""
	ed.errLine.Refresh()
	t, err := ed.value()
	if err != nil {
		return err
	}
	if _, err := ed.d.u.svc.SaveFollowupTemplate(ed.d.ctx, t); err != nil {
		return err
	}
	ed.saved = true
	ed.d.refresh()
	return nil
}
