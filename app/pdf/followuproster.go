package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/app"
)

// Follow-up roster geometry, in millimetres: US Letter, landscape. The
// table's cells, wrapping and row heights are the kit lists' and the access
// review's (listCol, wrap, rowHeight, fitText).
const (
	frW, frH     = letterH, letterW // landscape
	frMargin     = 12.0
	frTop        = 16.0 // first baseline of a page
	frFirstTop   = 56.0 // where the first section starts on the first page
	frNextTop    = 26.0 // and on the pages after it
	frBottom     = 198.0
	frFooterY    = 206.0
	frSectionH   = 8.0 // a case manager's heading, above their table
	frMinRowH    = 8.4 // room to write a note by hand
	frEmptyLineH = 9.0 // the "Nothing is due" line
	frTableW     = frW - 2*frMargin
)

// rosterCols are the roster's columns; the last, for handwriting, takes
// what is left.
var rosterCols = []listCol{
	{en: "Participant", es: "Participante", w: 36},
	{en: "Code", es: "Código", w: 26, tag: true},
	{en: "Phone", es: "Teléfono", w: 25},
	{en: "Contact", es: "Contacto", w: 40},
	{en: "Qtr", es: "Trim.", w: 10},
	{en: "Window", es: "Período", w: 26},
	{en: "Due", es: "Vence", w: 22},
	{en: "Status", es: "Estado", w: 24},
	{en: "Attempts", es: "Intentos", w: 16},
	{en: "Notes / result", es: "Notas / resultado", w: frTableW - (36 + 26 + 25 + 40 + 10 + 26 + 22 + 24 + 16), box: true},
}

// The column whose text is coloured by the row's status.
const rosterStatusCol = 7

// rosterEmpty is printed for a roster, or a case manager, with nothing due.
const rosterEmpty = "Nothing is due in this quarter. / No hay seguimientos pendientes en este trimestre."

// rosterItem is one thing drawn on a roster page.
type rosterItem struct {
	group int  // index in r.Groups; -1 for an empty roster
	row   int  // index in the group's rows; -1 for the section heading
	cont  bool // a heading repeated on a new page
}

// rosterDoc is a follow-up roster being laid out and drawn.
type rosterDoc struct {
	t *textFonts
	f *gofpdf.Fpdf
	r app.FollowupRoster

	cells [][][][]cellLine // per group, per row, per column
	pages [][]rosterItem
}

// WriteFollowupRoster writes to w the quarterly follow-up-due roster r as a
// PDF to print and write on: US Letter, landscape; a header with the site,
// "Follow-up due roster", the quarter (r.Title()), when and by whom it was
// made and how many contacts it lists; then one section per r.Groups entry,
// headed by the case manager (or "No case manager"), with a table of
// participant, code, phone, contact (its label; forms are marked "Form"),
// quarter after exit, window, due date, status (open, done, non-responsive;
// an open contact past due on the day r was made, at the site, is marked
// OVERDUE), failed attempts and an empty "Notes / result" column for
// handwriting, with a ruled box on every row. A table that runs onto a new page repeats its heading and
// header row; every page has "Page X of Y". A roster, or a case manager,
// with nothing due says so.
//
// The output depends only on r.
func WriteFollowupRoster(w io.Writer, r app.FollowupRoster) error {
	title := "Follow-up due roster / Lista de seguimientos pendientes"
	f := newPagePDF(title+" — "+r.Title(), r.Made, "L", letterW, letterH)
	d := &rosterDoc{f: f, r: r}
	d.t = newTextFonts(f)
	d.layout()
	for p := range d.pages {
		d.drawPage(p)
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: follow-up roster page %d: %w", p+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the follow-up roster: %w", err)
	}
	return nil
}

// managerName is how a group's case manager prints.
func managerName(g app.RosterGroup) string {
	if strings.TrimSpace(g.CaseManager) == "" {
		return "No case manager / Sin administrador de casos"
	}
	return strings.TrimSpace(g.CaseManager)
}

// shortDay formats a calendar day as "Jan 2".
func shortDay(t time.Time) string { return app.FormatDayMonth(t.UTC(), "en") }

// rosterStatus words a contact's status (in English; the legend at the
// top of the roster gives the Spanish).
func rosterStatus(r app.FollowupRoster, c app.DueFollowup) string {
	switch c.Status {
	case app.ContactDone:
		if c.DoneOn.IsZero() {
			return "done"
		}
		return "done " + shortDay(c.DoneOn)
	case app.ContactNonResponsive:
		return "non-responsive"
	}
	if r.Overdue(c) {
		return fmt.Sprintf("OVERDUE %d d", int(r.Today().Sub(c.Due.UTC()).Hours()/24))
	}
	return "open"
}

// rosterTexts returns the texts of a row's cells ("\n" breaks a line).
func rosterTexts(r app.FollowupRoster, c app.DueFollowup) []string {
	contact := strings.TrimSpace(c.Label)
	if c.Kind == app.KindForm {
		contact = "Form / Formulario: " + contact
	}
	q := "—"
	if c.Quarter > 0 {
		q = "Q" + strconv.Itoa(c.Quarter)
	}
	window := shortDay(c.WindowStart) + " – " + shortDay(c.Due)
	attempts := strconv.Itoa(c.Attempts)
	return []string{strings.TrimSpace(c.Participant), c.Code, app.FormatPhone(c.Phone), contact, q, window, printedDay(c.Due.UTC()),
		rosterStatus(r, c), attempts, ""}
}

// layout wraps every cell and splits the sections into pages: a section's
// heading is never the last thing on a page, and a page that continues a
// section repeats its heading.
func (d *rosterDoc) layout() {
	d.cells = make([][][][]cellLine, len(d.r.Groups))
	for g, grp := range d.r.Groups {
		d.cells[g] = make([][][]cellLine, len(grp.Rows))
		for i, row := range grp.Rows {
			d.cells[g][i] = d.rowCells(rosterTexts(d.r, row))
		}
	}
	if d.r.Count() == 0 && len(d.r.Groups) == 0 {
		d.pages = [][]rosterItem{{{group: -1, row: -1}}}
		return
	}
	y := frFirstTop
	var cur []rosterItem
	newPage := func() {
		d.pages = append(d.pages, cur)
		cur, y = nil, frNextTop
	}
	for g, grp := range d.r.Groups {
		first := frEmptyLineH
		if len(grp.Rows) > 0 {
			first = revHeadH + d.rowH(g, 0)
		}
		if y+frSectionH+first > frBottom && len(cur) > 0 {
			newPage()
		}
		cur = append(cur, rosterItem{group: g, row: -1})
		y += frSectionH + revHeadH
		if len(grp.Rows) == 0 {
			y += frEmptyLineH - revHeadH
		}
		for i := range grp.Rows {
			h := d.rowH(g, i)
			if y+h > frBottom && len(cur) > 0 {
				newPage()
				cur = append(cur, rosterItem{group: g, row: -1, cont: true})
				y += frSectionH + revHeadH
			}
			cur = append(cur, rosterItem{group: g, row: i})
			y += h
		}
		y += 4 // between sections
	}
	d.pages = append(d.pages, cur)
}

// rowCells wraps a row's texts to the columns.
func (d *rosterDoc) rowCells(texts []string) [][]cellLine {
	cells := make([][]cellLine, len(rosterCols))
	for c, col := range rosterCols {
		if col.box {
			cells[c] = []cellLine{{}}
			continue
		}
		style := ""
		if c == 0 {
			style = "B"
		}
		d.t.SetFont(style, revTextPt)
		for k, part := range strings.Split(texts[c], "\n") {
			if k == 0 && col.tag {
				cells[c] = append(cells[c], cellLine{text: part})
				continue
			}
			for _, line := range wrap(d.t, part, col.w-2*revCellPad) {
				cells[c] = append(cells[c], cellLine{text: line})
			}
		}
	}
	return cells
}

func (d *rosterDoc) rowH(g, i int) float64 {
	return max(rowHeight(d.cells[g][i]), frMinRowH)
}

// drawPage draws page p (from 0).
func (d *rosterDoc) drawPage(p int) {
	f, t, r := d.f, d.t, d.r
	f.AddPage()
	loc := r.Site.Location()
	made := r.Made.In(loc)
	site := strings.TrimSpace(r.Site.Name)
	var y float64
	if p == 0 {
		setText(f, colAccent)
		fitText(t, frMargin, frTop+2, frTableW, "Follow-up due roster / Lista de seguimientos pendientes", "B", 16, 11)
		setText(f, colText)
		fitText(t, frMargin, frTop+10, frTableW, site, "B", 12, 8)
		by := strings.TrimSpace(r.MadeBy)
		if by == "" {
			by = "—"
		}
		lines := [][2]string{
			{"Quarter / Trimestre:", r.Title()},
			{"Made / Preparado:", printedStamp(made) + " (" + loc.String() + ") by / por " + by},
			{"Contacts / Contactos:", fmt.Sprintf("%d due, %d overdue / %d pendientes, %d atrasados", r.Count(), d.overdueCount(), r.Count(), d.overdueCount())},
			{"Key / Clave:", "Qtr = quarter after exit / trimestre tras la salida; Attempts = failed attempts / intentos fallidos"},
			{"", "open = pendiente; done = hecho; non-responsive = sin respuesta (3 failed attempts / 3 intentos fallidos); OVERDUE = atrasado"},
		}
		y = frTop + 16.5
		for _, l := range lines {
			setText(f, colMuted)
			t.SetFont("", 9)
			t.Text(frMargin, y, l[0])
			setText(f, colText)
			fitText(t, frMargin+40, y, frTableW-40, l[1], "", 9, 6.5)
			y += 4.4
		}
		setDraw(f, colRule)
		f.SetLineWidth(0.3)
		f.Line(frMargin, frFirstTop-4, frW-frMargin, frFirstTop-4)
		y = frFirstTop
	} else {
		setText(f, colAccent)
		fitText(t, frMargin, frTop, frTableW, "Follow-up due roster / Lista de seguimientos pendientes — "+r.Title(), "B", 11, 8)
		setText(f, colMuted)
		fitText(t, frMargin, frTop+5, frTableW, site+" — "+printedDay(made)+" — continued / continuación", "", 8.5, 6)
		y = frNextTop
	}
	n := 0
	for _, it := range d.pages[p] {
		switch {
		case it.group < 0:
			setText(f, colMuted)
			fitText(t, frMargin, y+6, frTableW, rosterEmpty, "", 10, 7)
		case it.row < 0:
			y = d.drawSection(y, it)
			n = 0
		default:
			y = d.drawRow(y, it.group, it.row, n)
			n++
		}
	}
	// Footer.
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(frMargin, frFooterY-4, frW-frMargin, frFooterY-4)
	setText(f, colMuted)
	left := "Front Desk — " + site + " — " + r.Title() + " — made " + printedDay(made)
	fitText(t, frMargin, frFooterY, 160, left, "", 7.5, 5.5)
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, len(d.pages), p+1, len(d.pages))
	t.SetFont("", 7.5)
	t.Text(frW-frMargin-t.Width(page), frFooterY, page)
}

func (d *rosterDoc) overdueCount() int {
	n := 0
	for _, g := range d.r.Groups {
		for _, c := range g.Rows {
			if d.r.Overdue(c) {
				n++
			}
		}
	}
	return n
}

// drawSection draws a case manager's heading and their table's header row
// (or, when they have nothing due, the line that says so) at y.
func (d *rosterDoc) drawSection(y float64, it rosterItem) float64 {
	f, t := d.f, d.t
	g := d.r.Groups[it.group]
	head := fmt.Sprintf("Case manager / Administrador de casos: %s (%d)", managerName(g), len(g.Rows))
	if it.cont {
		head += " — continued / continuación"
	}
	setText(f, colAccent)
	fitText(t, frMargin, y+5.2, frTableW, head, "B", 10.5, 7)
	y += frSectionH
	if len(g.Rows) == 0 {
		setText(f, colMuted)
		fitText(t, frMargin+2, y+4.5, frTableW-2, rosterEmpty, "", 9, 7)
		return y + frEmptyLineH
	}
	setFill(f, colAccent)
	f.Rect(frMargin, y, frTableW, revHeadH, "F")
	f.SetTextColor(255, 255, 255)
	x := frMargin
	for _, col := range rosterCols {
		fitText(t, x+revCellPad, y+4.2, col.w-2*revCellPad, col.en, "B", revHeadPt, 5)
		fitText(t, x+revCellPad, y+8.0, col.w-2*revCellPad, col.es, "", revHeadPt-0.5, 4.5)
		x += col.w
	}
	return y + revHeadH
}

// drawRow draws row i of group g, the n-th of its table on the page, at y.
func (d *rosterDoc) drawRow(y float64, g, i, n int) float64 {
	f, t := d.f, d.t
	row := d.r.Groups[g].Rows[i]
	cells := d.cells[g][i]
	h := d.rowH(g, i)
	late := d.r.Overdue(row)
	switch {
	case late:
		setFill(f, colFlagFill)
		f.Rect(frMargin, y, frTableW, h, "F")
		setFill(f, colFlagMark)
		f.Rect(frMargin, y, revMarkW, h, "F")
	case n%2 == 1:
		setFill(f, colStripe)
		f.Rect(frMargin, y, frTableW, h, "F")
	}
	x := frMargin
	for c, lines := range cells {
		col := rosterCols[c]
		if col.box {
			// the handwriting column: white, ruled off from the rest, a box
			// of its own on every row: the white fill covers the rule under
			// the row above, so the row draws that rule again on top of it
			// (its own rule below is drawn across the table at the end)
			f.SetFillColor(255, 255, 255)
			f.Rect(x, y, col.w, h, "F")
			setDraw(f, colRowRule)
			f.SetLineWidth(0.25)
			f.Line(x, y, x, y+h)
			f.Line(x+col.w, y, x+col.w, y+h)
			if n > 0 {
				f.Line(x, y, x+col.w, y)
			}
			x += col.w
			continue
		}
		style := ""
		setText(f, colText)
		if c == 0 {
			style = "B"
		}
		if c == rosterStatusCol {
			switch {
			case late:
				setText(f, colFlagMark)
				style = "B"
			case row.Status == app.ContactOpen:
				setText(f, colText)
			default:
				setText(f, colMuted)
			}
		}
		for k, line := range lines {
			fitText(t, x+revCellPad, y+revCellPad+2.6+float64(k)*revLineH, col.w-2*revCellPad, line.text, style, revTextPt, 5)
		}
		x += col.w
	}
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	f.Line(frMargin, y+h, frW-frMargin, y+h)
	return y + h
}
