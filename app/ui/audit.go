package ui

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/csvfile"
)

// auditLimit is how many audit records the screen lists at once.
const auditLimit = 1000

// auditScreen lists the audit log for administrators, checks its hash
// chain and exports it.
type auditScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject

	person, action, from, to *widget.Entry
	errLine                  *canvas.Text
	check                    *widget.Label // the chain check's answer
	count                    *widget.Label
	table                    *widget.Table
	rows                     []app.AuditEntry
}

// auditColumns are the table's columns and widths.
var auditColumns = []struct {
	title func() string
	width float32
}{
	{func() string { return lang.L("Time") }, 190},
	{func() string { return lang.L("Person") }, 130},
	{func() string { return lang.L("Action") }, 190},
	{func() string { return lang.L("Record") }, 130},
	{func() string { return lang.L("Detail") }, 420},
}

func newAuditScreen(u *UI) *auditScreen {
	s := &auditScreen{u: u, ctx: u.ctx}
	s.person = newEntry("", "")
	s.action = newEntry("", lang.L("e.g. signin or staff."))
	s.from = newDateEntry(time.Time{})
	s.to = newDateEntry(time.Time{})
	for _, e := range []*widget.Entry{s.person, s.action, s.from, s.to} {
		e.OnSubmitted = func(string) { s.refresh() }
	}
	s.errLine = newErrorLine()
	s.errLine.Hide()
	s.check = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.check.Wrapping = fyne.TextWrapWord // a problem or a missing key takes a sentence or two
	s.check.Hide()
	s.count = widget.NewLabel("")
	s.table = widget.NewTableWithHeaders(func() (int, int) { return len(s.rows), len(auditColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}, s.updateCell)
	s.table.ShowHeaderColumn = false
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(auditColumns) {
			o.(*widget.Label).SetText(auditColumns[id.Col].title())
		}
	}
	for i, c := range auditColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	filter := widget.NewButtonWithIcon(lang.L("Filter"), theme.SearchIcon(), s.refresh)
	verify := widget.NewButtonWithIcon(lang.L("Verify chain"), theme.ConfirmIcon(), s.verify)
	export := widget.NewButtonWithIcon(lang.L("Export CSV for Excel"), theme.DocumentSaveIcon(), s.exportDialog)
	field := func(label string, e *widget.Entry, o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewHBox(widget.NewLabel(label), container.NewGridWrap(fyne.NewSize(w, e.MinSize().Height), o))
	}
	// the filters wrap onto a second row on a narrow window (Spanish labels
	// are longer) rather than widen the whole window past the screen
	filters := container.New(layout.NewRowWrapLayout(), field(lang.L("Person"), s.person, s.person, 130), field(lang.L("Action starts with"), s.action, s.action, 150),
		field(lang.L("From"), s.from, u.withPicker(s.from), 160), field(lang.L("To"), s.to, u.withPicker(s.to), 160), filter)
	tools := container.NewHBox(verify, export, s.count)
	top := container.NewVBox(filters, s.errLine, tools, s.check)
	s.content = container.NewBorder(top, nil, nil, nil, s.table)
	s.refresh()
	return s
}

func (s *auditScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(s.rows) {
		return
	}
	o.(*widget.Label).SetText(auditCells(s.rows[id.Row], showDateTime(s.rows[id.Row].At.In(s.u.site.Location())))[id.Col])
}

// auditCells are one audit record as the table and the CSV show it, with
// its time written as at says (the table for people, the CSV sortable).
func auditCells(e app.AuditEntry, at string) []string {
	rec := e.Entity
	if e.Ref != "" {
		rec += " " + e.Ref
	}
	detail := e.Detail
	if e.Held {
		// first in the widest column, where it shows
		detail = strings.TrimSuffix("("+lang.L("waiting for the center's key")+") "+detail, " ")
	}
	return []string{at, e.Actor, e.Action, rec, detail}
}

// filter is the listing asked for by the filter fields.
func (s *auditScreen) filter() (app.AuditFilter, error) {
	f := app.AuditFilter{Actor: strings.ToLower(strings.TrimSpace(s.person.Text)), Action: strings.TrimSpace(s.action.Text), Limit: auditLimit}
	loc := s.u.site.Location()
	for _, d := range []struct {
		name string
		e    *widget.Entry
		out  *time.Time
		add  int
	}{{lang.L("From"), s.from, &f.From, 0}, {lang.L("To"), s.to, &f.To, 1}} {
		day, err := readDay(d.name, d.e.Text, true)
		if err != nil || day.IsZero() {
			if err != nil {
				return f, err
			}
			continue
		}
		*d.out = app.DayStart(day, loc).AddDate(0, 0, d.add)
	}
	return f, nil
}

// refresh lists the records matching the filters, newest first.
func (s *auditScreen) refresh() {
	f, err := s.filter()
	if err == nil {
		s.rows, err = s.u.svc.AuditLog(s.ctx, f)
	}
	s.errLine.Text = ""
	s.errLine.Hide()
	if err != nil {
		s.errLine.Text = errorText(err)
		s.errLine.Show()
	}
	s.errLine.Refresh()
	s.count.SetText(plural("{{.N}} records", len(s.rows)))
	if len(s.rows) >= auditLimit {
		s.count.SetText(lang.L("The newest {{.N}} records: narrow the filters to see older ones.", map[string]any{"N": len(s.rows)}))
	}
	s.table.Refresh()
}

// verify checks the hash chain and shows the answer.
func (s *auditScreen) verify() {
	c, err := s.u.svc.VerifyAudit(s.ctx)
	switch {
	case err != nil:
		s.check.Importance = widget.DangerImportance
		s.check.Text = errorText(err)
	case c.OK:
		s.check.Importance = widget.SuccessImportance
		s.check.Text = lang.L("Chain OK: {{.Records}}; newest hash {{.Head}}", map[string]any{"Records": plural("{{.N}} records", c.Rows), "Head": c.Head})
		if c.Held > 0 {
			s.check.Text += " · " + plural("{{.N}} records of desks without the center's audit key wait for a desk that holds it", c.Held)
		}
	case c.KeyMissing:
		// nothing found wrong: this computer cannot check the signed rows
		s.check.Importance = widget.WarningImportance
		s.check.Text = lang.L("This computer cannot check the chain yet: it does not hold the center's audit key. It gets it when someone who signed in at a desk that holds it signs in here.")
	default:
		s.check.Importance = widget.DangerImportance
		s.check.Text = lang.L("Chain BROKEN at record {{.Row}}: {{.Problem}}", map[string]any{"Row": c.FirstBadID, "Problem": c.Problem})
	}
	s.check.Show()
	s.check.Refresh()
	s.refresh() // the check itself is a new record
}

// exportDialog asks where to save the listed records as CSV.
func (s *auditScreen) exportDialog() {
	// Refused before a file is chosen (and made): an export needs current
	// confidentiality and training dates.
	if err := s.u.svc.CheckExport(s.ctx, app.RoleAdministrator); err != nil {
		s.u.showError(err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		if w == nil {
			return // cancelled
		}
		if err := s.export(w); err != nil {
			s.u.showError(err)
			return
		}
		showInformation(lang.L("Exported"), plural("{{.N}} audit records were saved.", len(s.rows)), s.u.win)
	}, s.u.win)
	d.SetFileName("audit-" + s.u.svc.Now().In(s.u.site.Location()).Format("2006-01-02") + ".csv")
	d.Show()
}

// export writes the listed records to w as CSV, closes it and records the
// export in the audit log.
func (s *auditScreen) export(w io.WriteCloser) error {
	n, err := writeAuditCSV(w, s.rows, s.u.site.Location())
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return app.Errorf(app.EInternal, "audit export: %v", err)
	}
	return s.u.svc.RecordExport(s.ctx, app.RoleAdministrator, "audit.export", "audit", n)
}

// writeAuditCSV writes rows as a CSV file for a person to open in a
// spreadsheet (csvfile.Excel), with a header, neutralising cells a
// spreadsheet would run as formulas; it returns the number of rows.
func writeAuditCSV(w io.Writer, rows []app.AuditEntry, loc *time.Location) (int, error) {
	cw := csvfile.NewWriter(w, csvfile.Excel)
	cw.Write([]string{"time", "person", "action", "record", "detail", "id"})
	for _, r := range rows {
		cw.WriteText(append(auditCells(r, r.At.In(loc).Format("2006-01-02 15:04:05")), strconv.FormatInt(r.ID, 10)))
	}
	return len(rows), cw.Flush()
}
