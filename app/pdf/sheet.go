package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"

	"frontdesk/app"
	"frontdesk/assets"
)

// SheetOptions is what a sign-in sheet prints.
type SheetOptions struct {
	Site  app.Site
	Event app.Event // must have an ID: its EventCode is the sheet's QR
	// Participants pre-fill the first rows, in order (usually the event's
	// pre-registered participants, from Service.EventRoster). None: a blank
	// sheet.
	Participants []app.Participant
	// ShowContacts prints pre-filled participants' phones and emails
	// (Settings.SheetContactColumns). Off: only their names; the contact
	// columns stay empty for people to write in.
	ShowContacts bool
	// BlankRows is the number of empty rows after the pre-filled ones.
	// 0: two pages of them on a blank sheet, and on a pre-filled one the
	// rest of its last page (for walk-ins).
	BlankRows int
	// A4 prints on ISO A4 instead of US Letter. Both are portrait.
	A4 bool
}

// Short consent wording at the foot of every sign-in sheet, for the
// "Texts OK?" tick box. The full wording is app.ConsentWordingEN/ES; this
// says the same in the room a sheet has.
const (
	SheetConsentEN = "Texts OK? Tick the box to get text-message reminders about this center's workshops, orientations, recruitments and job fairs. Message and data rates may apply. Reply STOP at any time to stop."
	SheetConsentES = "¿Mensajes? Marque la casilla para recibir recordatorios por mensaje de texto sobre los talleres, orientaciones, reclutamientos y ferias de empleo de este centro. Pueden aplicarse tarifas de mensajes y datos. Responda STOP en cualquier momento para dejarlos."
)

// Sign-in sheet geometry, in millimetres.
const (
	shMargin   = 12.0 // left, right and top
	shBottom   = 9.0  // below the footer's last line
	shLogo     = 14.0 // the logo square
	shQR       = 22.0 // the QR symbol, without its quiet zone (≥ 20 mm)
	shTableTop = 53.0 // the table's header row
	shHeadH    = 10.0 // its height (English and Spanish lines)
	shRowH     = 9.0  // one row: room to handwrite
	shFootLine = 3.1  // one line of the consent footer
	shFootGap  = 3.0  // between the table and the footer
	shTickBox  = 4.5  // the tick box's side
	shNamePt   = 10.5 // a pre-filled name, at most

	a4W = 210.0
	a4H = 297.0
)

// sheetCol is a column of the sign-in table: its heads in English and
// Spanish and its width.
type sheetCol struct {
	en, es string
	w      float64
}

// sheetCols returns the table's columns for a content width of width mm:
// #, Name, Phone, Email, Texts OK?, Signature.
func sheetCols(width float64) []sheetCol {
	cols := []sheetCol{
		{"#", "", 8},
		{"Name", "Nombre", 52},
		{"Phone", "Teléfono", 30},
		{"Email", "Correo", 44},
		{"Texts OK?", "¿Mensajes?", 19},
		{"Signature", "Firma", 0},
	}
	used := 0.0
	for _, c := range cols {
		used += c.w
	}
	cols[len(cols)-1].w = width - used
	return cols
}

// SignInSheet writes to w the sign-in sheet of an event as a PDF, portrait
// US Letter (or A4), in English and Spanish. Every page has a header with
// the site's name and logo (the app icon), the event's title, date and time
// (in the site's time zone), location and facilitator, "Page X of Y /
// Página X de Y" and the event's QR code (app.EventCode: no personal data,
// at least 20 mm, drawn as vector squares); a table of numbered rows tall
// enough to write in, with columns #, Name, Phone, Email, a "Texts OK?"
// tick box and Signature; and at the foot the short consent wording
// (SheetConsentEN/ES). Rows are pre-filled with s.Participants' names (and
// contacts if s.ShowContacts), then s.BlankRows empty ones; pages are added
// as needed, numbering rows across them. Names print in any script the
// embedded fonts cover, right-to-left ones shaped and in visual order.
//
// The output depends only on s: the creation date written is fixed. It
// returns an EInvalid *app.Error, and writes nothing, when the event has no
// id or BlankRows is negative.
func SignInSheet(w io.Writer, s SheetOptions) error {
	code := app.EventCode(s.Event.ID)
	if code == "" {
		return app.Errorf(app.EInvalid, "The event has no id yet, so its sign-in sheet has no code to print.")
	}
	if s.BlankRows < 0 {
		return app.Errorf(app.EInvalid, "The number of empty rows cannot be negative.")
	}
	q, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdf: QR code of event %d: %w", s.Event.ID, err)
	}
	q.DisableBorder = true

	pageW, pageH := letterW, letterH
	if s.A4 {
		pageW, pageH = a4W, a4H
	}
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: pageW, Ht: pageH}})
	f.SetCreationDate(creationDate)
	f.SetModificationDate(creationDate)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("Front Desk", true)
	f.SetCreator("Front Desk", true)
	f.SetTitle("Sign-in sheet / Hoja de registro", true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	d := &sheetDoc{t: newTextFonts(f), f: f, s: s, code: code, bits: q.Bitmap(), pageW: pageW, pageH: pageH}
	d.layout()
	if logo := sheetLogo(); logo != nil {
		f.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(logo))
		d.logo = f.Ok()
	}
	for p := 0; p < d.pages; p++ {
		d.drawPage(p)
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: sign-in sheet page %d: %w", p+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the sign-in sheet: %w", err)
	}
	return nil
}

// sheetDoc is a sign-in sheet being drawn.
type sheetDoc struct {
	t            *textFonts
	f            *gofpdf.Fpdf
	s            SheetOptions
	code         string
	bits         [][]bool
	pageW, pageH float64
	logo         bool

	cols    []sheetCol
	foot    []string // the footer's lines
	perPage int      // rows on a page
	rows    int      // rows in all
	pages   int
}

// layout wraps the footer and works out the rows and pages.
func (d *sheetDoc) layout() {
	width := d.pageW - 2*shMargin
	d.cols = sheetCols(width)
	d.t.SetFont("", 7.5)
	d.foot = append(wrap(d.t, SheetConsentEN, width), wrap(d.t, SheetConsentES, width)...)
	bottom := d.footTop() - shFootGap
	d.perPage = int((bottom - shTableTop - shHeadH) / shRowH)
	n := len(d.s.Participants)
	blank := d.s.BlankRows
	if blank == 0 {
		if n == 0 {
			blank = 2 * d.perPage
		} else if r := n % d.perPage; r != 0 {
			blank = d.perPage - r
		}
	}
	d.rows = n + blank
	d.pages = max(1, (d.rows+d.perPage-1)/d.perPage)
}

// footTop is the top of the footer: the rule above the consent wording.
func (d *sheetDoc) footTop() float64 {
	return d.pageH - shBottom - float64(len(d.foot))*shFootLine - 2.5
}

// drawPage draws page p (from 0).
func (d *sheetDoc) drawPage(p int) {
	d.f.AddPage()
	d.drawHeader(p)
	y := d.drawTableHead(shTableTop)
	first := p * d.perPage
	for i := first; i < min(first+d.perPage, d.rows); i++ {
		y = d.drawRow(y, i)
	}
	d.drawFooter()
}

// drawHeader draws the page header: logo, site, title, details, page
// number and QR.
func (d *sheetDoc) drawHeader(p int) {
	f, t := d.f, d.t
	ev, site := d.s.Event, d.s.Site
	loc := site.Location()

	// QR at the top right; its quiet zone (white) reaches into the margin.
	n := len(d.bits)
	mod := shQR / float64(n)
	quiet := 4 * mod
	qx := d.pageW - shMargin - shQR
	drawQR(f, d.bits, qx-quiet, shMargin-quiet, mod, quiet)
	setText(f, colMuted)
	t.SetFont("", 7)
	t.Text(qx+(shQR-t.Width(d.code))/2, shMargin+shQR+3.2, d.code)
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, d.pages, p+1, d.pages)
	setText(f, colText)
	t.SetFont("B", 8)
	t.Text(d.pageW-shMargin-t.Width(page), shMargin+shQR+8.2, page)

	textRight := qx - 5 // text stays clear of the QR's quiet zone
	x := shMargin
	if d.logo {
		f.ImageOptions("logo", shMargin, shMargin, shLogo, shLogo, false, gofpdf.ImageOptions{}, 0, "")
	} else {
		setDraw(f, colRule)
		f.SetLineWidth(0.3)
		f.Rect(shMargin, shMargin, shLogo, shLogo, "D")
	}
	x += shLogo + 3
	setText(f, colAccent)
	fitText(t, x, shMargin+5.5, textRight-x, strings.TrimSpace(site.Name), "B", 13, 8)
	setText(f, colMuted)
	fitText(t, x, shMargin+11.5, textRight-x, "Sign-in sheet / Hoja de registro", "", 9.5, 7)

	// Event title and details.
	title := strings.TrimSpace(ev.Title)
	if ev.Cancelled {
		title += " — CANCELLED / CANCELADO"
	}
	setText(f, colText)
	d.drawTitle(title, textRight-shMargin)
	start, end := ev.Start.In(loc), ev.End.In(loc)
	details := [][2]string{
		{"Date / Fecha:", dateEN(start) + " / " + dateES(start)},
		{"Time / Hora:", timeRange(start, end)},
		{"Location / Lugar:", dash(ev.Location)},
		{"Facilitator / Facilitador:", dash(ev.Facilitator)},
	}
	y := shMargin + 26.5
	labelW := 37.0
	for _, l := range details {
		setText(f, colMuted)
		t.SetFont("", 8.5)
		t.Text(shMargin, y, l[0])
		setText(f, colText)
		fitText(t, shMargin+labelW, y, textRight-shMargin-labelW, l[1], "", 8.5, 6)
		y += 3.8
	}
}

// drawTitle writes the event's title below the logo in width w: on one
// line at 14 points, or down to 11 if need be; a longer title on two lines
// at 10 points, the second cut with "…" if it is still too long.
func (d *sheetDoc) drawTitle(title string, w float64) {
	t := d.t
	if fitSize(t, w, title, "B", 14, 8) >= 11 {
		fitText(t, shMargin, shMargin+21, w, title, "B", 14, 11)
		return
	}
	t.SetFont("B", 10)
	lines := wrap(t, title, w)
	fitText(t, shMargin, shMargin+17.6, w, lines[0], "B", 10, 10)
	if len(lines) > 1 {
		fitText(t, shMargin, shMargin+21.6, w, strings.Join(lines[1:], " "), "B", 10, 10)
	}
}

// drawTableHead draws the table's header row at y and returns the y below.
func (d *sheetDoc) drawTableHead(y float64) float64 {
	f, t := d.f, d.t
	setFill(f, colAccent)
	f.Rect(shMargin, y, d.pageW-2*shMargin, shHeadH, "F")
	f.SetTextColor(255, 255, 255)
	x := shMargin
	for _, c := range d.cols {
		fitText(t, x+1.5, y+4.3, c.w-3, c.en, "B", 8, 5.5)
		fitText(t, x+1.5, y+8.2, c.w-3, c.es, "", 7.5, 5)
		x += c.w
	}
	return y + shHeadH
}

// drawRow draws row i (from 0, across pages) at y and returns the y below.
func (d *sheetDoc) drawRow(y float64, i int) float64 {
	f, t := d.f, d.t
	left, right := shMargin, d.pageW-shMargin
	setDraw(f, colRowRule)
	f.SetLineWidth(0.25)
	f.Line(left, y+shRowH, right, y+shRowH)
	// Column rules.
	x := left
	f.SetLineWidth(0.15)
	setDraw(f, colRule)
	for k, c := range d.cols {
		if k > 0 {
			f.Line(x, y, x, y+shRowH)
		}
		x += c.w
	}
	f.Line(left, y, left, y+shRowH)
	f.Line(right, y, right, y+shRowH)

	base := y + shRowH/2 + 1.3 // the text baseline, vertically centred
	// #
	num := fmt.Sprint(i + 1)
	setText(f, colMuted)
	t.SetFont("", 8)
	t.Text(left+d.cols[0].w-1.5-t.Width(num), base, num)
	// Tick box.
	x = left
	for _, c := range d.cols[:4] {
		x += c.w
	}
	setDraw(f, colText)
	f.SetLineWidth(0.3)
	f.Rect(x+(d.cols[4].w-shTickBox)/2, y+(shRowH-shTickBox)/2, shTickBox, shTickBox, "D")

	if i >= len(d.s.Participants) {
		return y + shRowH
	}
	p := d.s.Participants[i]
	x = left + d.cols[0].w
	setText(f, colText)
	fitText(t, x+1.5, base, d.cols[1].w-3, strings.TrimSpace(p.DisplayName()), "", shNamePt, 6.5)
	if d.s.ShowContacts {
		x += d.cols[1].w
		fitText(t, x+1.5, base, d.cols[2].w-3, app.FormatPhone(p.Phone), "", 8.5, 6)
		x += d.cols[2].w
		fitText(t, x+1.5, base, d.cols[3].w-3, p.Email, "", 8.5, 5.5)
	}
	return y + shRowH
}

// drawFooter draws the consent wording at the foot of the page.
func (d *sheetDoc) drawFooter() {
	f, t := d.f, d.t
	top := d.footTop()
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(shMargin, top, d.pageW-shMargin, top)
	setText(f, colMuted)
	y := top + 3.2
	t.SetFont("", 7.5)
	for _, line := range d.foot {
		t.Text(shMargin, y, line)
		y += shFootLine
	}
}

// dash returns s trimmed, or an em dash when it is empty.
func dash(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return "—"
	}
	return s
}

// dateEN formats a day as "Tuesday, March 10, 2026".
func dateEN(t time.Time) string { return app.FormatLongDate(t, "en") }

// dateES formats a day as "martes, 10 de marzo de 2026".
func dateES(t time.Time) string { return app.FormatLongDate(t, "es") }

// timeRange formats "10:00 AM – 11:30 AM PDT" (the end's day too when it
// ends on another day).
func timeRange(start, end time.Time) string {
	s := start.Format("3:04 PM")
	if end.IsZero() || !end.After(start) {
		return s + " " + start.Format("MST")
	}
	y1, m1, d1 := start.Date()
	if y2, m2, d2 := end.Date(); y1 != y2 || m1 != m2 || d1 != d2 {
		return s + " – " + printedDay(end) + ", " + end.Format("3:04 PM MST")
	}
	return s + " – " + end.Format("3:04 PM MST")
}

var (
	logoOnce sync.Once
	logoPNG  []byte
)

// sheetLogo returns the app icon as an 8-bit RGB PNG of 128 × 128 pixels,
// flattened onto white (the embedded icon is 16-bit RGBA, which gofpdf
// cannot read), or nil if it cannot be read. It is made once.
func sheetLogo() []byte {
	logoOnce.Do(func() {
		src, err := png.Decode(bytes.NewReader(assets.Icon))
		if err != nil {
			return
		}
		const size = 128
		b := src.Bounds()
		dst := image.NewRGBA(image.Rect(0, 0, size, size))
		sx, sy := b.Dx()/size, b.Dy()/size
		if sx < 1 || sy < 1 {
			return
		}
		for y := 0; y < size; y++ {
			for x := 0; x < size; x++ {
				// Average the source block, composited over white.
				var r, g, bl uint64
				for j := 0; j < sy; j++ {
					for i := 0; i < sx; i++ {
						c := color.NRGBA64Model.Convert(src.At(b.Min.X+x*sx+i, b.Min.Y+y*sy+j)).(color.NRGBA64)
						a := uint64(c.A)
						r += (uint64(c.R)*a + 0xFFFF*(0xFFFF-a)) / 0xFFFF
						g += (uint64(c.G)*a + 0xFFFF*(0xFFFF-a)) / 0xFFFF
						bl += (uint64(c.B)*a + 0xFFFF*(0xFFFF-a)) / 0xFFFF
					}
				}
				n := uint64(sx * sy * 257)
				dst.Set(x, y, color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), 255})
			}
		}
		var buf bytes.Buffer
		if png.Encode(&buf, dst) == nil {
			logoPNG = buf.Bytes()
		}
	})
	return logoPNG
}
