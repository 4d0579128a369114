package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"

	"frontdesk/app"
)

// Card geometry, in millimetres. The page is an ISO/IEC 7810 ID-1 card.
const (
	cardW = 85.6
	cardH = 54.0

	margin   = 3.0  // to the card's edge, for text
	bandH    = 2.5  // coloured band along the top edge
	qrSize   = 25.0 // the QR symbol itself, without its quiet zone
	qrQuiet  = 4    // quiet zone, in modules, on every side
	qrLeft   = 1.5  // left edge of the quiet zone
	colGap   = 0.5  // between the quiet zone and the text column
	ellipsis = "…"
)

// creationDate is written into every document instead of the time of
// printing, so that the same cards always give the same bytes.
var creationDate = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// Colours, as RGB.
var (
	colAccent = [3]int{0x1F, 0x4E, 0x79} // dark blue
	colText   = [3]int{0x1A, 0x1A, 0x1A}
	colMuted  = [3]int{0x55, 0x5B, 0x61}
	colRule   = [3]int{0xC8, 0xCE, 0xD4}
)

// Instructions printed at the bottom of every card, in English and Spanish.
const (
	showEN = "Show this card at the front desk"
	showES = "Muestre esta tarjeta en la recepción"
)

// Cards writes to w a PDF with one credit-card-size page (85.6 × 54 mm,
// landscape) for each participant, in order. A page holds a QR code of the
// participant's Code on the left and, on the right, the participant's
// ShortName, the code in plain text, the site's name and phone and a line
// asking, in English and Spanish, to show the card at the front desk. Text too
// long for the card is set smaller and, if still too long, cut with "…".
//
// The output depends only on its input. Cards returns an EInvalid *app.Error
// when ps is empty or a participant has no code, and writes nothing then.
func Cards(w io.Writer, site app.Site, ps ...app.Participant) error {
	if len(ps) == 0 {
		return app.Errorf(app.EInvalid, "There are no participants to print cards for.")
	}
	qrs := make([]*qrcode.QRCode, len(ps))
	for i, p := range ps {
		code := strings.TrimSpace(p.Code)
		if code == "" {
			return app.Errorf(app.EInvalid, "Participant %d of %d has no code, so no card can be printed.", i+1, len(ps))
		}
		q, err := qrcode.New(code, qrcode.Medium)
		if err != nil {
			return fmt.Errorf("pdf: QR code for participant %d: %w", i+1, err)
		}
		q.DisableBorder = true
		qrs[i] = q
	}

	f := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "L",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: cardH, Ht: cardW},
	})
	f.SetCreationDate(creationDate)
	f.SetModificationDate(creationDate)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("Front Desk", true)
	f.SetCreator("Front Desk", true)
	f.SetTitle("Participant cards", true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	t := newTextFonts(f)

	for i, p := range ps {
		f.AddPage()
		drawCard(t, site, p, qrs[i])
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: card %d: %w", i+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing cards: %w", err)
	}
	return nil
}

// drawCard draws one participant's card on the current page.
func drawCard(t *textFonts, site app.Site, p app.Participant, q *qrcode.QRCode) {
	f := t.f
	// Top band.
	setFill(f, colAccent)
	f.Rect(0, 0, cardW, bandH, "F")

	// QR code, vertically centred below the band.
	bits := q.Bitmap()
	n := len(bits)
	mod := qrSize / float64(n)
	quiet := float64(qrQuiet) * mod
	box := qrSize + 2*quiet
	boxX := qrLeft
	boxY := bandH + (cardH-bandH-box)/2
	drawQR(f, bits, boxX, boxY, mod, quiet)

	// Text column.
	x := boxX + box + colGap
	w := cardW - margin - x

	setText(f, colText)
	fitName(t, x, 14.5, w, p)

	setText(f, colAccent)
	fitText(t, x, 20.5, w, strings.TrimSpace(p.Code), "B", 10.5, 7)

	setDraw(f, colRule)
	f.SetLineWidth(0.25)
	f.Line(x, 24.5, x+w, 24.5)

	setText(f, colText)
	y := 29.5
	lines := siteLines(t, w, strings.TrimSpace(site.Name))
	if len(lines) > 1 {
		y = 29.0
	}
	// Both lines of a long name get the same size, that of the wider one.
	size := float64(siteSize)
	for _, line := range lines {
		size = min(size, fitSize(t, w, line, "B", siteSize, 5.5))
	}
	for i, line := range lines {
		if i > 0 {
			y += 3.3
		}
		fitText(t, x, y, w, line, "B", size, 5.5)
	}
	setText(f, colMuted)
	fitText(t, x, y+4.0, w, app.FormatPhone(site.Phone), "", 8, 5.5)

	fitText(t, x, 43.5, w, showEN, "", 6.5, 4.5)
	fitText(t, x, 47.0, w, showES, "", 6.5, 4.5)
}

// siteSize is the largest size of the site's name, in points.
const siteSize = 8

// siteLines splits a site's name into one line or, when it does not fit in
// width w even at 7 points, two lines broken between words. The second line
// may still be too wide; fitText cuts it.
func siteLines(t *textFonts, w float64, name string) []string {
	t.SetFont("B", 7)
	words := strings.Fields(name)
	if len(words) < 2 || t.Width(name) <= w {
		return []string{name}
	}
	t.SetFont("B", siteSize)
	// The longest first line that fits at full size, but at least one word.
	cut := 1
	for i := 2; i < len(words); i++ {
		if t.Width(strings.Join(words[:i], " ")) > w {
			break
		}
		cut = i
	}
	return []string{strings.Join(words[:cut], " "), strings.Join(words[cut:], " ")}
}

// fitName writes the participant's ShortName like fitText, but when it must
// be cut it cuts the first name and keeps the last initial: "Maximiliana
// Guada… V.".
func fitName(t *textFonts, x, y, w float64, p app.Participant) {
	const maxPt, minPt = 17, 9
	name := strings.TrimSpace(p.ShortName())
	first := strings.TrimSpace(p.FirstName)
	initial := strings.TrimSpace(strings.TrimPrefix(name, first))
	t.SetFont("B", minPt)
	if initial == "" || first == "" || t.Width(name) <= w {
		fitText(t, x, y, w, name, "B", maxPt, minPt)
		return
	}
	tail := ellipsis + " " + initial
	r := []rune(first)
	for len(r) > 1 && t.Width(strings.TrimRight(string(r), " ")+tail) > w {
		r = r[:len(r)-1]
	}
	fitText(t, x, y, w, strings.TrimRight(string(r), " ")+tail, "B", maxPt, minPt)
}

// drawQR draws the QR symbol bits as filled squares of side mod, inside a
// white quiet zone of width quiet whose top-left corner is at (x, y).
func drawQR(f *gofpdf.Fpdf, bits [][]bool, x, y, mod, quiet float64) {
	n := float64(len(bits))
	f.SetFillColor(255, 255, 255)
	f.Rect(x, y, n*mod+2*quiet, n*mod+2*quiet, "F")
	f.SetFillColor(0, 0, 0)
	x0, y0 := x+quiet, y+quiet
	for r, row := range bits {
		// Join runs of dark modules in a row into one rectangle: fewer
		// operators and no hairline seams between neighbours.
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			f.Rect(x0+float64(start)*mod, y0+float64(r)*mod, float64(c-start)*mod, mod, "F")
		}
	}
}

// fitSize returns the size, in points, at which s in the given style fits in
// width w: maxPt if it fits at that size, else the largest quarter point that
// fits, but never less than minPt.
func fitSize(t *textFonts, w float64, s, style string, maxPt, minPt float64) float64 {
	t.SetFont(style, maxPt)
	sw := t.Width(s)
	if sw <= w {
		return maxPt
	}
	size := float64(int(maxPt*w/sw*4)) / 4 // quarter points, rounded down
	return max(size, minPt)
}

// fitText writes s with its baseline at (x, y) in the given style, at size
// maxPt or smaller (down to minPt) so that it fits in width w, and cut with
// an ellipsis if it is still too wide at minPt.
func fitText(t *textFonts, x, y, w float64, s, style string, maxPt, minPt float64) {
	if s == "" {
		return
	}
	t.SetFont(style, fitSize(t, w, s, style, maxPt, minPt))
	if t.Width(s) > w {
		r := []rune(s)
		for len(r) > 0 && t.Width(strings.TrimRight(string(r), " ")+ellipsis) > w {
			r = r[:len(r)-1]
		}
		s = strings.TrimRight(string(r), " ") + ellipsis
	}
	t.Text(x, y, s)
}

func setFill(f *gofpdf.Fpdf, c [3]int) { f.SetFillColor(c[0], c[1], c[2]) }
func setDraw(f *gofpdf.Fpdf, c [3]int) { f.SetDrawColor(c[0], c[1], c[2]) }
func setText(f *gofpdf.Fpdf, c [3]int) { f.SetTextColor(c[0], c[1], c[2]) }
