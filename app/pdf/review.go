package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/app"
)

// Access review geometry, in millimetres: US Letter, portrait.
const (
	letterW = 215.9
	letterH = 279.4

	revMargin  = 15.0 // left and right
	revTop     = 18.0 // first baseline of a page
	revBottom  = 262.0
	revFooterY = 270.0

	revCellPad  = 1.6 // inside a table cell, left and top/bottom
	revLineH    = 3.6 // one line of table text
	revTextPt   = 7.5
	revHeadPt   = 7.5
	revHeadH    = 10.0 // the table's two-line header row
	revMarkW    = 1.2  // the red mark at the left of a flagged row
	revSignH    = 42.0 // the note and signature block at the end
	revFirstTop = 74.0 // where the table starts on the first page
	revNextTop  = 28.0 // and on the pages after it
)

// Colours of the review, as RGB.
var (
	colFlagFill = [3]int{0xFF, 0xF0, 0xC8} // light amber behind a flagged row
	colFlagMark = [3]int{0xB0, 0x1E, 0x1E} // dark red mark and flag text
	colStripe   = [3]int{0xF4, 0xF6, 0xF8} // every other unflagged row
	colRowRule  = [3]int{0xB4, 0xBA, 0xC0} // between rows, visible on the amber too
)

// reviewCol is one column of the review's table.
type reviewCol struct {
	en, es string
	w      float64
}

var reviewCols = []reviewCol{
	{"Username", "Usuario", 22},
	{"Name", "Nombre", 32},
	{"Roles", "Funciones", 27},
	{"Last sign-in", "Último acceso", 23},
	{"Confidentiality", "Confidencialidad", 24},
	{"Training", "Capacitación", 23},
	{"Flags", "Alertas", letterW - 2*revMargin - (22 + 32 + 27 + 23 + 24 + 23)},
}

// AccessReview writes to w the quarterly access review rev of site as a PDF
// to print and sign: on US Letter, portrait, a bilingual title, the site, the
// date and time the sample was drawn (in the site's time zone), the reviewer,
// the seed that draws the same sample again and "N of M active accounts";
// then a table of the sampled accounts (username, name, roles, last sign-in,
// confidentiality statement and training dates, flags) where flagged rows
// are shaded and marked in red; then lines for the reviewer's name,
// signature and date; and "Page X of Y" on every page. No password or
// password hash is ever part of it.
//
// The output depends only on its input.
func AccessReview(w io.Writer, site app.Site, rev app.AccessReview) error {
	f := newListPDF("Quarterly access review / Revisión trimestral de accesos", rev.At)
	t := newTextFonts(f)
	r := &reviewDoc{t: t, f: f, site: site, rev: rev}
	r.layout()
	for p := range r.pages {
		r.drawPage(p)
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: access review page %d: %w", p+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the access review: %w", err)
	}
	return nil
}

// reviewDoc is an access review being laid out and drawn.
type reviewDoc struct {
	t    *textFonts
	f    *gofpdf.Fpdf
	site app.Site
	rev  app.AccessReview

	cells [][][]cellLine // per row, per column: the wrapped lines
	pages [][]int        // per page: the rows on it
}

// cellLine is one line of text in a table cell, indented by indent mm.
type cellLine struct {
	text   string
	indent float64
}

// bullet starts each flag in the Flags column.
const bullet = "• "

// cellLines returns the text of row i's cells, one slice of lines each,
// wrapped to the columns. Each flag starts a bulleted item.
func (r *reviewDoc) cellLines(row app.AccessReviewRow) [][]cellLine {
	st := row.Staff
	loc := r.site.Location()
	last := "never / nunca"
	if st.LastSignInAt != nil {
		last = printedDay(st.LastSignInAt.In(loc))
	}
	date := func(d *time.Time) string {
		if d == nil {
			return "none / ninguna"
		}
		return printedDay(d.UTC()) // a day, kept as midnight UTC
	}
	roles := make([]string, len(st.Roles))
	for i, x := range st.Roles {
		roles[i] = string(x)
	}
	texts := [][]string{
		{st.Username},
		{st.DisplayName},
		{strings.Join(roles, ", ")},
		{last},
		{date(st.ConfidentialitySigned)},
		{date(st.TrainingCompleted)},
	}
	if len(row.Flags) == 0 {
		texts = append(texts, []string{"—"})
	} else {
		texts = append(texts, row.Flags)
	}
	out := make([][]cellLine, len(texts))
	for c, parts := range texts {
		style := ""
		if c == 0 {
			style = "B"
		}
		r.t.SetFont(style, revTextPt)
		w := reviewCols[c].w - 2*revCellPad
		if c == 0 {
			w -= revMarkW
		}
		if c == 6 && len(row.Flags) > 0 {
			ind := r.t.Width(bullet)
			for _, p := range parts {
				for k, line := range wrap(r.t, p, w-ind) {
					if k == 0 {
						out[c] = append(out[c], cellLine{text: bullet + line})
					} else {
						out[c] = append(out[c], cellLine{text: line, indent: ind})
					}
				}
			}
			continue
		}
		for _, p := range parts {
			for _, line := range wrap(r.t, p, w) {
				out[c] = append(out[c], cellLine{text: line})
			}
		}
	}
	return out
}

// rowHeight is the height of a row with the given cells.
func rowHeight(cells [][]cellLine) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return float64(n)*revLineH + 2*revCellPad - 0.4
}

// layout wraps every cell and splits the rows into pages, leaving room for
// the signature block on the last.
func (r *reviewDoc) layout() {
	r.cells = make([][][]cellLine, len(r.rev.Rows))
	for i, row := range r.rev.Rows {
		r.cells[i] = r.cellLines(row)
	}
	y := revFirstTop + revHeadH
	cur := []int{}
	for i := range r.rev.Rows {
		h := rowHeight(r.cells[i])
		if y+h > revBottom && len(cur) > 0 {
			r.pages = append(r.pages, cur)
			cur, y = []int{}, revNextTop+revHeadH
		}
		cur = append(cur, i)
		y += h
	}
	r.pages = append(r.pages, cur)
	if y+revSignH > revBottom {
		r.pages = append(r.pages, nil) // the signature block alone
	}
}

// drawPage draws page p (from 0).
func (r *reviewDoc) drawPage(p int) {
	f, t := r.f, r.t
	f.AddPage()
	loc := r.site.Location()
	at := r.rev.At.In(loc)
	var y float64
	if p == 0 {
		flagged := 0
		for _, row := range r.rev.Rows {
			if len(row.Flags) > 0 {
				flagged++
			}
		}
		setText(f, colAccent)
		fitText(t, revMargin, revTop+2, letterW-2*revMargin, "Quarterly access review / Revisión trimestral de accesos", "B", 16, 11)
		setText(f, colText)
		fitText(t, revMargin, revTop+10, letterW-2*revMargin, strings.TrimSpace(r.site.Name), "B", 12, 8)
		lines := [][2]string{
			{"Date / Fecha:", printedStamp(at) + " (" + loc.String() + ")"},
			{"Reviewer / Revisor:", r.rev.By},
			{"Sample / Muestra:", fmt.Sprintf("%d of %d active accounts / %d de %d cuentas activas", len(r.rev.Rows), r.rev.ActiveAccounts, len(r.rev.Rows), r.rev.ActiveAccounts)},
			{"Flagged / Con alertas:", fmt.Sprintf("%d of %d / %d de %d", flagged, len(r.rev.Rows), flagged, len(r.rev.Rows))},
			{"Seed / Semilla:", fmt.Sprintf("%d (the same seed draws the same sample / la misma semilla da la misma muestra)", r.rev.Seed)},
			{"Audit log / Auditoría:", fmt.Sprintf("%d records up to #%d, this review included / %d registros hasta el n.º %d, con esta revisión", r.rev.Audit.Rows, r.rev.Audit.LastID, r.rev.Audit.Rows, r.rev.Audit.LastID)},
			{"Audit head / Cabeza:", r.rev.Audit.Head},
		}
		labelLines(f, t, revTop+17.5, lines)
		setDraw(f, colRule)
		f.SetLineWidth(0.3)
		f.Line(revMargin, revFirstTop-4, letterW-revMargin, revFirstTop-4)
		y = revFirstTop
	} else {
		setText(f, colAccent)
		fitText(t, revMargin, revTop, letterW-2*revMargin, "Quarterly access review / Revisión trimestral de accesos", "B", 11, 8)
		setText(f, colMuted)
		fitText(t, revMargin, revTop+5, letterW-2*revMargin,
			strings.TrimSpace(r.site.Name)+" — "+printedDay(at)+" — continued / continuación", "", 8.5, 6)
		y = revNextTop
	}
	if len(r.pages[p]) > 0 {
		y = r.drawHeader(y)
		for n, i := range r.pages[p] {
			y = r.drawRow(y, i, n)
		}
	}
	if p == len(r.pages)-1 {
		r.drawSignature(y)
	}
	// Footer.
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(revMargin, revFooterY-4, letterW-revMargin, revFooterY-4)
	setText(f, colMuted)
	t.SetFont("", 7.5)
	left := "Front Desk — " + strings.TrimSpace(r.site.Name) + " — " + printedDay(at)
	fitText(t, revMargin, revFooterY, 120, left, "", 7.5, 5.5)
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, len(r.pages), p+1, len(r.pages))
	t.SetFont("", 7.5)
	t.Text(letterW-revMargin-t.Width(page), revFooterY, page)
}

// drawHeader draws the table's header row at y and returns the y below it.
func (r *reviewDoc) drawHeader(y float64) float64 {
	f, t := r.f, r.t
	setFill(f, colAccent)
	f.Rect(revMargin, y, letterW-2*revMargin, revHeadH, "F")
	f.SetTextColor(255, 255, 255)
	x := revMargin
	for c, col := range reviewCols {
		pad := revCellPad
		if c == 0 {
			pad += revMarkW
		}
		fitText(t, x+pad, y+4.2, col.w-pad-revCellPad, col.en, "B", revHeadPt, 5.5)
		fitText(t, x+pad, y+8.0, col.w-pad-revCellPad, col.es, "", revHeadPt-0.5, 5)
		x += col.w
	}
	return y + revHeadH
}

// drawRow draws row i, the n-th on its page, at y and returns the y below.
func (r *reviewDoc) drawRow(y float64, i, n int) float64 {
	f, t := r.f, r.t
	cells := r.cells[i]
	flagged := len(r.rev.Rows[i].Flags) > 0
	h := rowHeight(cells)
	width := letterW - 2*revMargin
	switch {
	case flagged:
		setFill(f, colFlagFill)
		f.Rect(revMargin, y, width, h, "F")
		setFill(f, colFlagMark)
		f.Rect(revMargin, y, revMarkW, h, "F")
	case n%2 == 1:
		setFill(f, colStripe)
		f.Rect(revMargin, y, width, h, "F")
	}
	// The rule above the row, over its fill; the one below is drawn
	// again by the next row, whose fill covers half of it.
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	if n > 0 {
		f.Line(revMargin, y, letterW-revMargin, y)
	}
	x := revMargin
	for c, lines := range cells {
		style := ""
		setText(f, colText)
		pad := revCellPad
		if c == 0 {
			style = "B"
			pad += revMarkW
		}
		if c == 6 {
			if flagged {
				setText(f, colFlagMark)
			} else {
				setText(f, colMuted)
			}
		}
		for k, line := range lines {
			fitText(t, x+pad+line.indent, y+revCellPad+2.6+float64(k)*revLineH, reviewCols[c].w-pad-revCellPad-line.indent, line.text, style, revTextPt, 5)
		}
		x += reviewCols[c].w
	}
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	f.Line(revMargin, y+h, letterW-revMargin, y+h)
	return y + h
}

// drawSignature draws the legend and the reviewer's signature lines below
// the table, starting at y.
func (r *reviewDoc) drawSignature(y float64) {
	f, t := r.f, r.t
	y += 6
	setFill(f, colFlagFill)
	f.Rect(revMargin, y-2.8, 4, 3.6, "F")
	setFill(f, colFlagMark)
	f.Rect(revMargin, y-2.8, revMarkW, 3.6, "F")
	setText(f, colMuted)
	fitText(t, revMargin+6, y, letterW-2*revMargin-6,
		"Shaded rows with a red mark need a look. / Las filas sombreadas con marca roja requieren revisión.", "", 8, 6)
	y += 4.5
	fitText(t, revMargin+6, y, letterW-2*revMargin-6,
		"Fix or explain every flag, then sign. / Corrija o explique cada alerta y luego firme.", "", 8, 6)
	y += 20
	setDraw(f, colText)
	f.SetLineWidth(0.3)
	cols := []struct {
		x, w   float64
		en, es string
	}{
		{revMargin, 62, "Reviewer (print name)", "Revisor (nombre)"},
		{revMargin + 70, 62, "Signature", "Firma"},
		{revMargin + 140, letterW - 2*revMargin - 140, "Date", "Fecha"},
	}
	for _, c := range cols {
		f.Line(c.x, y, c.x+c.w, y)
		setText(f, colMuted)
		fitText(t, c.x, y+4, c.w, c.en+" / "+c.es, "", 8, 6)
	}
}

// wrap breaks s into lines no wider than w in the current font, between
// words where it can and inside a word too long for a line.
func wrap(t *textFonts, s string, w float64) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := ""
	for _, word := range words {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if t.Width(try) <= w {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		// A word wider than a line is broken.
		for t.Width(word) > w {
			r := []rune(word)
			k := len(r) - 1
			for k > 1 && t.Width(string(r[:k])) > w {
				k--
			}
			lines = append(lines, string(r[:k]))
			word = string(r[k:])
		}
		cur = word
	}
	return append(lines, cur)
}

// labelLines writes a first page's "Label: value" lines from y down, one
// every 5 mm: the label in grey, the value shrunk to fit the page width.
func labelLines(f *gofpdf.Fpdf, t *textFonts, y float64, lines [][2]string) {
	for _, l := range lines {
		setText(f, colMuted)
		t.SetFont("", 9)
		t.Text(revMargin, y, l[0])
		setText(f, colText)
		fitText(t, revMargin+40, y, letterW-2*revMargin-40, l[1], "", 9, 6.5)
		y += 5
	}
}
