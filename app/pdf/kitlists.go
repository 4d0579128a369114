package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/app"
	"frontdesk/app/csvfile"
)

// Kit list geometry, in millimetres (US Letter, portrait; see review.go).
const (
	klFirstTop = 44.0 // where the table starts on the first page
	klBoxSize  = 3.6  // the "done" checkbox
)

// listCol is one column of a kit list's table.
type listCol struct {
	en, es string
	w      float64
	box    bool // a checkbox for staff, no text
	tag    bool // the cell's first line is a kit tag: shrunk to fit, never broken
}

// listRow is one row of a kit list: its cells' texts ("\n" breaks a line).
type listRow struct {
	cells []string
}

// listDoc is a kit list (overdue loans, hotspot queue) being laid out and drawn.
type listDoc struct {
	t       *textFonts
	f       *gofpdf.Fpdf
	site    app.Site
	at      time.Time
	titleEn string
	titleEs string
	summary [][2]string
	cols    []listCol
	rows    []listRow
	empty   string // the line shown when there are no rows
	cells   [][][]cellLine
	pages   [][]int
}

// newListPDF starts a deterministic US Letter, portrait document dated at.
func newListPDF(title string, at time.Time) *gofpdf.Fpdf {
	return newPagePDF(title, at, "P", letterW, letterH)
}

// newPagePDF starts a deterministic document dated at, of pages w mm wide
// and h mm tall in portrait; orientation "L" turns them to landscape.
func newPagePDF(title string, at time.Time, orientation string, w, h float64) *gofpdf.Fpdf {
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: orientation, UnitStr: "mm", Size: gofpdf.SizeType{Wd: w, Ht: h}})
	f.SetCreationDate(at.UTC())
	f.SetModificationDate(at.UTC())
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("Front Desk", true)
	f.SetCreator("Front Desk", true)
	f.SetTitle(title, true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	return f
}

// write lays out and draws the list and writes it to w.
func (d *listDoc) write(w io.Writer, what string) error {
	d.layout()
	for p := range d.pages {
		d.drawPage(p)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf: %s page %d: %w", what, p+1, err)
		}
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the %s: %w", what, err)
	}
	return nil
}

func (d *listDoc) layout() {
	d.cells = make([][][]cellLine, len(d.rows))
	for i, row := range d.rows {
		d.cells[i] = make([][]cellLine, len(d.cols))
		for c, col := range d.cols {
			if col.box {
				d.cells[i][c] = []cellLine{{}}
				continue
			}
			style := ""
			if c == 0 {
				style = "B"
			}
			d.t.SetFont(style, revTextPt)
			for k, part := range strings.Split(row.cells[c], "\n") {
				if k == 0 && col.tag {
					d.cells[i][c] = append(d.cells[i][c], cellLine{text: part})
					continue
				}
				for _, line := range wrap(d.t, part, col.w-2*revCellPad) {
					d.cells[i][c] = append(d.cells[i][c], cellLine{text: line})
				}
			}
		}
	}
	y := klFirstTop + revHeadH
	cur := []int{}
	for i := range d.rows {
		h := rowHeight(d.cells[i])
		if y+h > revBottom && len(cur) > 0 {
			d.pages = append(d.pages, cur)
			cur, y = []int{}, revNextTop+revHeadH
		}
		cur = append(cur, i)
		y += h
	}
	d.pages = append(d.pages, cur)
}

func (d *listDoc) drawPage(p int) {
	f, t := d.f, d.t
	f.AddPage()
	loc := d.site.Location()
	at := d.at.In(loc)
	title := d.titleEn + " / " + d.titleEs
	var y float64
	if p == 0 {
		setText(f, colAccent)
		fitText(t, revMargin, revTop+2, letterW-2*revMargin, title, "B", 16, 11)
		setText(f, colText)
		fitText(t, revMargin, revTop+10, letterW-2*revMargin, strings.TrimSpace(d.site.Name), "B", 12, 8)
		lines := append([][2]string{{"Printed / Impreso:", printedStamp(at) + " (" + loc.String() + ")"}}, d.summary...)
		labelLines(f, t, revTop+17.5, lines)
		setDraw(f, colRule)
		f.SetLineWidth(0.3)
		f.Line(revMargin, klFirstTop-4, letterW-revMargin, klFirstTop-4)
		y = klFirstTop
	} else {
		setText(f, colAccent)
		fitText(t, revMargin, revTop, letterW-2*revMargin, title, "B", 11, 8)
		setText(f, colMuted)
		fitText(t, revMargin, revTop+5, letterW-2*revMargin,
			strings.TrimSpace(d.site.Name)+" — "+printedDay(at)+" — continued / continuación", "", 8.5, 6)
		y = revNextTop
	}
	if len(d.rows) == 0 {
		setText(f, colMuted)
		fitText(t, revMargin, y+6, letterW-2*revMargin, d.empty, "", 10, 7)
	} else {
		y = d.drawHeader(y)
		for n, i := range d.pages[p] {
			y = d.drawRow(y, i, n)
		}
	}
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(revMargin, revFooterY-4, letterW-revMargin, revFooterY-4)
	setText(f, colMuted)
	left := "Front Desk — " + strings.TrimSpace(d.site.Name) + " — " + printedDay(at)
	fitText(t, revMargin, revFooterY, 120, left, "", 7.5, 5.5)
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, len(d.pages), p+1, len(d.pages))
	t.SetFont("", 7.5)
	t.Text(letterW-revMargin-t.Width(page), revFooterY, page)
}

func (d *listDoc) drawHeader(y float64) float64 {
	f, t := d.f, d.t
	setFill(f, colAccent)
	f.Rect(revMargin, y, letterW-2*revMargin, revHeadH, "F")
	f.SetTextColor(255, 255, 255)
	x := revMargin
	for _, col := range d.cols {
		fitText(t, x+revCellPad, y+4.2, col.w-2*revCellPad, col.en, "B", revHeadPt, 5)
		fitText(t, x+revCellPad, y+8.0, col.w-2*revCellPad, col.es, "", revHeadPt-0.5, 4.5)
		x += col.w
	}
	return y + revHeadH
}

func (d *listDoc) drawRow(y float64, i, n int) float64 {
	f, t := d.f, d.t
	cells := d.cells[i]
	h := rowHeight(cells)
	if n%2 == 1 {
		setFill(f, colStripe)
		f.Rect(revMargin, y, letterW-2*revMargin, h, "F")
	}
	x := revMargin
	for c, lines := range cells {
		col := d.cols[c]
		if col.box {
			setDraw(f, colText)
			f.SetLineWidth(0.3)
			f.Rect(x+(col.w-klBoxSize)/2, y+revCellPad-0.2, klBoxSize, klBoxSize, "D")
			x += col.w
			continue
		}
		style := ""
		if c == 0 {
			style = "B"
		}
		setText(f, colText)
		for k, line := range lines {
			fitText(t, x+revCellPad, y+revCellPad+2.6+float64(k)*revLineH, col.w-2*revCellPad, line.text, style, revTextPt, 5)
		}
		x += col.w
	}
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	f.Line(revMargin, y+h, letterW-revMargin, y+h)
	return y + h
}

// tableWidth is the width of the kit lists' tables.
const tableWidth = letterW - 2*revMargin

var overdueCols = []listCol{
	{en: "Days overdue", es: "Días de atraso", w: 17},
	{en: "Participant", es: "Participante", w: 38},
	{en: "Phone", es: "Teléfono", w: 26},
	{en: "Email", es: "Correo", w: 38},
	{en: "Kit", es: "Equipo", w: 30, tag: true},
	{en: "Due", es: "Vencimiento", w: 23},
	{en: "Called", es: "Llamado", w: tableWidth - (17 + 38 + 26 + 38 + 30 + 23), box: true},
}

var hotspotCols = []listCol{
	{en: "Action", es: "Acción", w: 32},
	{en: "Kit", es: "Equipo", w: 30, tag: true},
	{en: "Carrier", es: "Operador", w: 22},
	{en: "Line", es: "Línea", w: 26},
	{en: "IMEI", es: "IMEI", w: 30},
	{en: "Since", es: "Desde", w: 31},
	{en: "Done", es: "Hecho", w: tableWidth - (32 + 30 + 22 + 26 + 30 + 31), box: true},
}

// kindWords names a kit kind in English and Spanish.
func kindWords(k app.KitKind) string {
	switch k {
	case app.KitLaptop:
		return "laptop / portátil"
	case app.KitHotspot:
		return "hotspot"
	case app.KitLaptopHotspot:
		return "laptop + hotspot / portátil + hotspot"
	}
	return string(k)
}

// day formats a calendar day (midnight UTC carrying the local date).
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// OverdueList writes to w the overdue loans of site, as OverdueLoans returns
// them at at, as a PDF for staff to call from: on US Letter, a bilingual
// title, the site, when it was printed and how many loans, then a table of
// days overdue, participant, phone, email, kit (tag and kind), due date and
// a box to tick once called; "Page X of Y" on every page.
//
// The output depends only on its input.
func OverdueList(w io.Writer, site app.Site, lines []app.OverdueLine, at time.Time) error {
	title := "Overdue kits / Equipos atrasados"
	d := &listDoc{f: newListPDF(title, at), site: site, at: at, titleEn: "Overdue kits", titleEs: "Equipos atrasados",
		cols: overdueCols, empty: "No overdue loans. / No hay préstamos atrasados."}
	d.t = newTextFonts(d.f)
	d.summary = [][2]string{{"Loans / Préstamos:", fmt.Sprintf("%d overdue / %d atrasados", len(lines), len(lines))}}
	for _, l := range lines {
		d.rows = append(d.rows, listRow{cells: []string{
			strconv.Itoa(l.DaysOverdue), l.Name, app.FormatPhone(l.Phone), l.Email,
			l.KitTag + "\n" + kindWords(l.Kind), printedDay(l.Due.UTC()), ""}})
	}
	return d.write(w, "overdue list")
}

// hotspotLine is one row of the hotspot queue, for the PDF and the CSV.
type hotspotLine struct {
	action, actionWords string
	task                app.HotspotTask
	since               time.Time
	overdueHours        int
}

// hotspotLines flattens q: suspensions, then reactivations, then pending requests.
func hotspotLines(q app.HotspotQueues, at time.Time) []hotspotLine {
	var out []hotspotLine
	for _, t := range q.Suspend {
		l := hotspotLine{action: "suspend", actionWords: "Suspend / Suspender", task: t, since: t.Kit.UpdatedAt}
		if t.LoanID != 0 {
			l.since, l.overdueHours = at.Add(-t.Overdue), t.HoursOverdue
		}
		out = append(out, l)
	}
	for _, t := range q.Reactivate {
		out = append(out, hotspotLine{action: "reactivate", actionWords: "Reactivate / Reactivar", task: t, since: t.Kit.UpdatedAt})
	}
	for _, t := range q.Pending {
		words := "Pending: confirm / Pendiente: confirmar"
		out = append(out, hotspotLine{action: "pending", actionWords: words, task: t, since: t.Kit.UpdatedAt})
	}
	return out
}

// sinceWords says since when a hotspot task is waiting.
func (l hotspotLine) sinceWords(loc *time.Location) string {
	s := ""
	if !l.since.IsZero() {
		t := l.since.In(loc)
		s = printedDay(t) + "\n" + app.FormatTime(t, "en")
	}
	if l.overdueHours > 0 {
		s += fmt.Sprintf("\noverdue %dh / atraso %d h", l.overdueHours, l.overdueHours)
	} else if l.task.Kit.Status == app.KitLost {
		s += "\nlost / perdido"
	}
	return strings.TrimPrefix(s, "\n")
}

// HotspotQueue writes to w the carrier calls to make at site, as
// HotspotQueues returns them at at, as a PDF: on US Letter, a bilingual
// title, the site, when it was printed and how many of each, then a table of
// action (suspend, reactivate, pending), kit tag, carrier, line, IMEI, since
// when, and a box for staff to tick when done; "Page X of Y" on every page.
//
// The output depends only on its input.
func HotspotQueue(w io.Writer, site app.Site, q app.HotspotQueues, at time.Time) error {
	title := "Hotspot service queue / Cola de servicio de hotspots"
	d := &listDoc{f: newListPDF(title, at), site: site, at: at, titleEn: "Hotspot service queue", titleEs: "Cola de servicio de hotspots",
		cols: hotspotCols, empty: "No carrier calls to make. / No hay llamadas al operador pendientes."}
	d.t = newTextFonts(d.f)
	d.summary = [][2]string{{"Calls / Llamadas:", fmt.Sprintf("%d suspend, %d reactivate, %d pending / %d suspender, %d reactivar, %d pendientes",
		len(q.Suspend), len(q.Reactivate), len(q.Pending), len(q.Suspend), len(q.Reactivate), len(q.Pending))}}
	loc := site.Location()
	for _, l := range hotspotLines(q, at) {
		k := l.task.Kit
		d.rows = append(d.rows, listRow{cells: []string{l.actionWords, k.Tag, k.Carrier, app.FormatPhone(k.LineNumber), k.IMEI, l.sinceWords(loc), ""}})
	}
	return d.write(w, "hotspot queue")
}

func writeCSV(w io.Writer, kind csvfile.Kind, header []string, rows [][]string) error {
	cw := csvfile.NewWriter(w, kind)
	cw.Write(header)
	for _, r := range rows {
		cw.WriteText(r)
	}
	return cw.Flush()
}

// OverdueCSV writes the overdue loans as CSV of kind (csvfile.Excel for a
// person), one row a loan, with a header row; text a spreadsheet could take
// for a formula is neutralised. Phones stay E.164 (a leading + is quoted
// with ').
func OverdueCSV(w io.Writer, kind csvfile.Kind, lines []app.OverdueLine) error {
	var rows [][]string
	for _, l := range lines {
		rows = append(rows, []string{strconv.Itoa(l.DaysOverdue), l.Name, l.Phone, l.Email, l.Language,
			l.KitTag, string(l.Kind), day(l.Due), strconv.FormatInt(l.Loan.ID, 10)})
	}
	return writeCSV(w, kind, []string{"days_overdue", "name", "phone", "email", "language", "kit", "kind", "due", "loan"}, rows)
}

// HotspotCSV writes the hotspot queue as CSV of kind (csvfile.Excel for a
// person), one row a task, with a header row (times in the site's zone);
// text a spreadsheet could take for a formula is neutralised.
func HotspotCSV(w io.Writer, kind csvfile.Kind, site app.Site, q app.HotspotQueues, at time.Time) error {
	loc := site.Location()
	var rows [][]string
	for _, l := range hotspotLines(q, at) {
		k := l.task.Kit
		since := ""
		if !l.since.IsZero() {
			since = l.since.In(loc).Format("2006-01-02 15:04")
		}
		hours := ""
		if l.overdueHours > 0 {
			hours = strconv.Itoa(l.overdueHours)
		}
		rows = append(rows, []string{l.action, k.Tag, k.Carrier, k.LineNumber, k.IMEI, string(k.Service), string(l.task.Next), since, hours})
	}
	return writeCSV(w, kind, []string{"action", "kit", "carrier", "line", "imei", "service", "next", "since", "hours_overdue"}, rows)
}
