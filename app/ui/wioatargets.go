package ui

import (
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// targetsDialog is the Staff screen's "WIOA negotiated levels…" dialog: a
// program year's negotiated levels of performance (app.WIOATargets), which
// the Reports tab's WIOA preview shows beside its figures. Choosing a year
// loads its levels; Save checks every field first and saves them all at
// once (Service.SetWIOATargets, audited) or, on a mistake, none. An empty
// field is a level not negotiated.
type targetsDialog struct {
	u       *UI
	year    *escSelect
	years   []int // by year option
	q2, q4  *escEntry
	median  *escEntry
	cred    *escEntry
	errLine *widget.Label // wraps: a field's name and the text typed are long in Spanish
	dlg     formDialog
}

// wioaTargetYears is how many program years before and after today's the
// dialog offers.
const wioaTargetYears = 2

// openWIOATargets shows the dialog with today's program year's levels.
func openWIOATargets(u *UI) *targetsDialog {
	d := &targetsDialog{u: u, errLine: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	d.errLine.Importance = widget.DangerImportance
	d.errLine.Wrapping = fyne.TextWrapWord
	py := app.ProgramYearOf(app.CalendarDay(u.svc.Now(), u.site.Location()))
	var opts []string
	sel := 0
	for y := py + 1; y >= py-wioaTargetYears; y-- {
		if y == py {
			sel = len(opts)
		}
		d.years = append(d.years, y)
		opts = append(opts, programYearOption(y))
	}
	d.year = newFormSelect(opts, nil)
	d.year.SetSelectedIndex(sel)
	d.q2, d.q4 = newFormEntry("", "71.0"), newFormEntry("", "69.5")
	d.median, d.cred = newFormEntry("", "6,500.00"), newFormEntry("", "60.0")
	if !d.load() {
		return nil
	}
	d.year.OnChanged = func(string) { d.load() }
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Program year"), d.year),
		widget.NewFormItem(lang.L("Employment rate, 2nd quarter after exit")+" (%)", d.q2),
		widget.NewFormItem(lang.L("Employment rate, 4th quarter after exit")+" (%)", d.q4),
		widget.NewFormItem(lang.L("Median earnings, 2nd quarter after exit")+" ($)", d.median),
		widget.NewFormItem(lang.L("Credential attainment rate")+" (%)", d.cred))
	note := widget.NewLabel(lang.L("The levels of performance negotiated with the state for the local area. The Reports tab's WIOA preview shows them beside its figures. Leave a level empty when it has not been negotiated."))
	note.Wrapping = fyne.TextWrapWord
	show := func(err error) { d.errLine.SetText(errorText(err)) }
	d.dlg = showFormDialog(lang.L("WIOA negotiated levels"), lang.L("Save"), container.NewVBox(note, form, d.errLine), show, d.save, nil, u.win)
	u.win.Canvas().Focus(d.q2)
	return d
}

// load fills the fields with the chosen year's levels; it reports false
// when they could not be read (said in a message).
func (d *targetsDialog) load() bool {
	t, err := d.u.svc.WIOATargetsFor(d.u.ctx, d.years[max(d.year.SelectedIndex(), 0)])
	if err != nil {
		d.u.showError(err)
		return false
	}
	d.q2.SetText(percentField(t.EmploymentQ2))
	d.q4.SetText(percentField(t.EmploymentQ4))
	d.cred.SetText(percentField(t.Credential))
	d.median.SetText("")
	if t.MedianCents != 0 {
		d.median.SetText(app.FormatEarnings(t.MedianCents))
	}
	d.errLine.SetText("")
	return true
}

// percentField writes a level for its field: 0.695 → "69.5", none → "".
func percentField(rate float64) string {
	if rate == 0 {
		return ""
	}
	return strconv.FormatFloat(math.Round(rate*10000)/100, 'f', -1, 64)
}

// parsePercent reads a percentage typed in a field ("71", "69.5%", "69,5")
// as a fraction (0.695); "" gives 0, a level not negotiated. Anything else,
// or a number outside 0 to 100, is an EInvalid error naming field.
func parsePercent(field, text string) (float64, error) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "%"))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || !(v >= 0 && v <= 100) { // !(…) refuses NaN too
		return 0, app.Errorf(app.EInvalid, "%s", lang.L("{{.Field}}: “{{.Text}}” is not a percentage from 0 to 100. Write it like 71.5.",
			map[string]any{"Field": field, "Text": strings.TrimSpace(text)}))
	}
	return v / 100, nil
}

// value reads the fields: the year's levels, or the first mistake.
func (d *targetsDialog) value() (app.WIOATargets, error) {
	t := app.WIOATargets{ProgramYear: d.years[max(d.year.SelectedIndex(), 0)]}
	for _, f := range []struct {
		label string
		entry *escEntry
		v     *float64
	}{
		{lang.L("Employment rate, 2nd quarter after exit"), d.q2, &t.EmploymentQ2},
		{lang.L("Employment rate, 4th quarter after exit"), d.q4, &t.EmploymentQ4},
		{lang.L("Credential attainment rate"), d.cred, &t.Credential},
	} {
		v, err := parsePercent(f.label, f.entry.Text)
		if err != nil {
			return t, err
		}
		*f.v = v
	}
	cents, err := app.ParseEarnings(lang.L("Median earnings, 2nd quarter after exit"), d.median.Text)
	t.MedianCents = cents
	return t, err
}

// save checks every field and saves the levels, all or none.
func (d *targetsDialog) save() error {
	d.errLine.SetText("")
	t, err := d.value()
	if err != nil {
		return err
	}
	return d.u.svc.SetWIOATargets(d.u.ctx, t)
}
