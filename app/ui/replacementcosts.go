package ui

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// costsDialog is the Staff screen's "Replacement costs…" dialog: a dollar
// amount for each kit component, printed on the loan agreement. An empty
// amount means no cost is set for that component.
type costsDialog struct {
	u       *UI
	names   []string                 // the components listed, lower case
	amounts map[string]*widget.Entry // by name
	newName *widget.Entry            // another component
	newCost *widget.Entry
	errLine *canvas.Text
	dlg     formDialog
}

// openReplacementCosts shows the dialog with the costs saved now.
func openReplacementCosts(u *UI) *costsDialog {
	ls, err := u.svc.LoanSettings(u.ctx)
	if err != nil {
		u.showError(err)
		return nil
	}
	d := &costsDialog{u: u, amounts: map[string]*widget.Entry{}, errLine: newErrorLine()}
	for _, k := range app.KitKinds {
		for _, c := range app.StandardComponents(k) {
			if !slices.Contains(d.names, c.Name) {
				d.names = append(d.names, c.Name)
			}
		}
	}
	var others []string
	for n := range ls.ReplacementCents {
		if !slices.Contains(d.names, n) {
			others = append(others, n)
		}
	}
	slices.Sort(others)
	d.names = append(d.names, others...)

	form := widget.NewForm()
	for _, n := range d.names {
		e := newEntry("", lang.L("no cost set"))
		if c, ok := ls.ReplacementCents[n]; ok {
			e.SetText(app.FormatMoney(c))
		}
		d.amounts[n] = e
		form.Append(n+"  $", e)
	}
	d.newName = newEntry("", lang.L("Name"))
	d.newCost = newEntry("", "0.00")
	form.Append(lang.L("Another component"), container.NewGridWithColumns(2, d.newName, d.newCost))
	note := widget.NewLabel(lang.L("The loan agreement lists these costs. Leave an amount empty when the center has not set one: the agreement then says the center will tell the borrower the cost."))
	note.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(note, form, d.errLine)
	show := func(err error) {
		d.errLine.Text = costsErrorText(err)
		d.errLine.Refresh()
	}
	d.dlg = showFormDialog(lang.L("Replacement costs"), lang.L("Save"), content, show, d.save, nil, u.win)
	return d
}

// costs reads the amounts typed: cents by component name.
func (d *costsDialog) costs() (map[string]int, error) {
	out := map[string]int{}
	for _, n := range d.names {
		text := strings.TrimSpace(d.amounts[n].Text)
		if text == "" {
			continue
		}
		c, err := app.ParseMoney(n, text)
		if err != nil {
			return nil, err
		}
		out[n] = c
	}
	name := strings.ToLower(strings.TrimSpace(d.newName.Text))
	cost := strings.TrimSpace(d.newCost.Text)
	switch {
	case name == "" && cost == "":
	case name == "":
		return nil, app.Errorf(app.EInvalid, "%s", lang.L("Write the other component's name, or clear its amount."))
	case cost == "":
		return nil, app.Errorf(app.EInvalid, "%s", lang.L("Write the cost of {{.Item}}, or clear its name.", map[string]any{"Item": name}))
	default:
		if slices.Contains(d.names, name) {
			return nil, app.Errorf(app.EInvalid, "%s", lang.L("{{.Item}} is listed above: write its cost there.", map[string]any{"Item": name}))
		}
		c, err := app.ParseMoney(name, cost)
		if err != nil {
			return nil, err
		}
		out[name] = c
	}
	return out, nil
}

// save checks every amount and saves them all, or none.
func (d *costsDialog) save() error {
	d.errLine.Text = ""
	d.errLine.Refresh()
	costs, err := d.costs()
	if err != nil {
		return err
	}
	return d.u.svc.SetReplacementCosts(d.u.ctx, costs)
}

// costsErrorText says what is wrong with an amount in the person's language.
func costsErrorText(err error) string {
	var me *app.MoneyError
	if !errors.As(err, &me) {
		return errorText(err)
	}
	data := map[string]any{"Item": me.Field, "Text": me.Text}
	switch me.Problem {
	case app.MoneyTooPrecise:
		return lang.L("{{.Item}}: “{{.Text}}” has more than two decimals. Write cents like 12.35.", data)
	case app.MoneyNegative:
		return lang.L("{{.Item}}: the cost must be $0 or more.", data)
	case app.MoneyTooLarge:
		return lang.L("{{.Item}}: the cost must be at most $10,000.", data)
	}
	return lang.L("{{.Item}}: “{{.Text}}” is not an amount of money. Write it like 350.00.", data)
}
