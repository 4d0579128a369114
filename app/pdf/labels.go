package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"

	"frontdesk/app"
)

// LabelStock is a sheet of adhesive labels kit labels are printed on. Both
// stocks are US Letter, portrait, filled row by row from the top left.
type LabelStock int

const (
	// Avery5160 is Avery 5160 (and compatible 5260, 5960, 8160, 18160…):
	// 30 labels of 1" × 2-5/8", 3 columns × 10 rows.
	Avery5160 LabelStock = iota + 1
	// Avery5163 is Avery 5163 (and compatible 5263, 8163, 18163…): 10
	// labels of 2" × 4", 2 columns × 5 rows.
	Avery5163
)

// String returns the stock's name, as "Avery 5160".
func (s LabelStock) String() string {
	switch s {
	case Avery5160:
		return "Avery 5160"
	case Avery5163:
		return "Avery 5163"
	}
	return fmt.Sprintf("LabelStock(%d)", int(s))
}

// PerPage returns the number of labels on one sheet of the stock, or 0 for
// an unknown stock.
func (s LabelStock) PerPage() int {
	g, ok := stockGeometry[s]
	if !ok {
		return 0
	}
	return g.cols * g.rows
}

// KitLabel is what one kit label prints.
type KitLabel struct {
	Tag string // the kit's code, e.g. "K-7K3VSET56GQ": the QR code and the big text
	// AltTag is the center's own asset tag of the kit ("WR-KIT-001"), if
	// any: printed small under the code, so staff can match the label to the
	// sticker already on the kit (typing it finds the kit too).
	AltTag string
	Kind   string // e.g. "Laptop + hotspot kit / Laptop y hotspot"
	Site   string // the lending site's name
}

// labelGeometry is the layout of a label stock, in millimetres. Labels are
// w × h; the first one's top-left corner is at (left, top); the next label
// in a row starts pitchX to the right and the next row pitchY lower.
type labelGeometry struct {
	cols, rows     int
	w, h           float64
	left, top      float64
	pitchX, pitchY float64

	inset  float64 // nothing is printed closer than this to a label's edge
	qr     float64 // the QR symbol's side, without its quiet zone
	quietV int     // quiet zone above and below the symbol, in modules, inside the label
	tagPt  float64 // the tag's size, at most
	textPt float64 // kind and site, at most
	lineH  float64 // between lines of kind and site
}

const inch = 25.4

// stockGeometry holds the published dimensions of each stock (Avery's
// templates for 5160 and 5163), converted to millimetres.
//
// On 5160 the labels touch one another vertically, so the QR code's quiet
// zone above and below is only 2 modules inside the label; the symbols of
// labels one above the other are still more than 4 modules apart, since
// every label has the same layout. Left and right of the symbol the quiet
// zone is the full 4 modules. A 21 mm symbol (1 mm modules for a short tag)
// scans reliably from print; much under 15 mm does not.
var stockGeometry = map[LabelStock]labelGeometry{
	Avery5160: {
		cols: 3, rows: 10,
		w: 2.625 * inch, h: 1 * inch,
		left: 0.1875 * inch, top: 0.5 * inch,
		pitchX: 2.75 * inch, pitchY: 1 * inch,
		inset: 1.6, qr: 21, quietV: 2,
		tagPt: 11, textPt: 7, lineH: 2.9,
	},
	Avery5163: {
		cols: 2, rows: 5,
		w: 4 * inch, h: 2 * inch,
		left: 0.15625 * inch, top: 0.5 * inch,
		pitchX: 4.1875 * inch, pitchY: 2 * inch,
		inset: 2.5, qr: 32, quietV: 4,
		tagPt: 16, textPt: 10, lineH: 4.2,
	},
}

// maxTagLen is the longest tag printed: longer ones would make the QR
// code's modules too small to scan on 5160 labels.
const maxTagLen = 32

// KitLabels writes to w a PDF of sheets of labels for kits, US Letter,
// portrait, laid out for stock. Labels fill the sheet row by row, left to
// right, after the first skip positions, which stay empty (for a sheet
// partly used before); further labels go on further sheets, from the first
// position. Each label has, on the left, a QR code of the kit's Tag, drawn
// as vector squares (21 mm on 5160, 32 mm on 5163) and, on the right, the
// tag in bold, the asset tag (if any) small under it, the kind and the
// site's name, set smaller or wrapped to fit;
// on 5163 labels "Return to / Devolver a:" comes before the site. Nothing is
// printed within 1.5 mm of a label's edge, so small printer offsets do not
// cut anything. Kind and site may be in any script the embedded fonts cover.
//
// The output depends only on its input. KitLabels returns an EInvalid
// *app.Error, and writes nothing, for an unknown stock, no labels, a label
// without a tag or with one longer than 32 characters, or skip outside
// 0 to one less than the labels on a sheet.
func KitLabels(w io.Writer, stock LabelStock, labels []KitLabel, skip int) error {
	g, ok := stockGeometry[stock]
	if !ok {
		return app.Errorf(app.EInvalid, "Unknown label stock.")
	}
	per := g.cols * g.rows
	if len(labels) == 0 {
		return app.Errorf(app.EInvalid, "There are no kits to print labels for.")
	}
	if skip < 0 || skip >= per {
		return app.Errorf(app.EInvalid, "The labels to skip must be from 0 to %d on a sheet of %d.", per-1, per)
	}
	qrs := make([][][]bool, len(labels))
	for i, l := range labels {
		tag := strings.TrimSpace(l.Tag)
		if tag == "" {
			return app.Errorf(app.EInvalid, "Kit %d of %d has no tag, so no label can be printed.", i+1, len(labels))
		}
		if len(tag) > maxTagLen {
			return app.Errorf(app.EInvalid, "The tag of kit %d of %d is too long for a label (at most %d characters).", i+1, len(labels), maxTagLen)
		}
		q, err := qrcode.New(tag, qrcode.Medium)
		if err != nil {
			return fmt.Errorf("pdf: QR code for kit %d: %w", i+1, err)
		}
		q.DisableBorder = true
		qrs[i] = q.Bitmap()
	}

	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: letterW, Ht: letterH}})
	f.SetCreationDate(creationDate)
	f.SetModificationDate(creationDate)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("Front Desk", true)
	f.SetCreator("Front Desk", true)
	f.SetTitle("Kit labels / Etiquetas de equipos ("+stock.String()+")", true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	t := newTextFonts(f)

	for i, l := range labels {
		pos := skip + i
		if i == 0 || pos%per == 0 {
			f.AddPage()
		}
		x, y := g.labelOrigin(pos % per)
		drawKitLabel(t, g, stock, x, y, l, qrs[i])
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: kit label %d: %w", i+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing kit labels: %w", err)
	}
	return nil
}

// labelOrigin returns the top-left corner of the label at position pos on
// a sheet (from 0, row by row).
func (g labelGeometry) labelOrigin(pos int) (x, y float64) {
	return g.left + float64(pos%g.cols)*g.pitchX, g.top + float64(pos/g.cols)*g.pitchY
}

// drawKitLabel draws one label whose top-left corner is at (x, y).
func drawKitLabel(t *textFonts, g labelGeometry, stock LabelStock, x, y float64, l KitLabel, bits [][]bool) {
	f := t.f
	n := len(bits)
	mod := g.qr / float64(n)
	quietV := float64(g.quietV) * mod
	quietH := 4 * mod
	// The symbol, centred vertically. Its quiet zone is the label's white
	// paper: quietV modules above and below, at least 4 at the sides.
	symX := x + max(g.inset, quietH)
	symY := y + max((g.h-g.qr)/2, quietV)
	drawQRModules(f, bits, symX, symY, mod)

	tx := symX + g.qr + quietH
	tw := x + g.w - g.inset - tx
	top, bottom := y+g.inset, y+g.h-g.inset

	// Lay out the text first, then centre the block vertically.
	tagPt := fitSize(t, tw, strings.TrimSpace(l.Tag), "B", g.tagPt, g.tagPt*0.6)
	tagH := tagPt * 0.3528 // points to mm
	t.SetFont("", g.textPt)
	kind := wrapLimit(t, strings.TrimSpace(l.Kind), tw, 2)
	var site []string
	if s := strings.TrimSpace(l.Site); s != "" {
		if stock == Avery5163 {
			site = append(site, "Return to / Devolver a:")
		}
		site = append(site, wrapLimit(t, s, tw, 2)...)
	}
	alt := strings.TrimSpace(l.AltTag)
	altH := 0.0
	if alt != "" {
		altH = g.lineH * 1.05
	}
	gap := g.lineH * 0.6
	blockH := tagH + altH + gap + float64(len(kind)+len(site))*g.lineH
	if len(site) > 0 && len(kind) > 0 {
		blockH += gap * 0.5
	}
	textPtMM := g.textPt * 0.3528
	// Baselines: the tag's first; the block ends at the last baseline plus
	// the descent, about a quarter of the size.
	by := top + (bottom-top-blockH-textPtMM*0.25)/2 + tagH*0.8
	by = max(by, top+tagH*0.8)

	setText(f, colText)
	fitText(t, tx, by, tw, strings.TrimSpace(l.Tag), "B", tagPt, tagPt)
	if alt != "" {
		by += altH
		setText(f, colMuted)
		fitText(t, tx, by, tw, alt, "", g.textPt, g.textPt*0.6)
	}
	by += gap + g.lineH*0.9
	setText(f, colText)
	for _, line := range kind {
		fitText(t, tx, by, tw, line, "", g.textPt, g.textPt*0.7)
		by += g.lineH
	}
	if len(kind) > 0 {
		by += gap * 0.5
	}
	setText(f, colMuted)
	for i, line := range site {
		style := ""
		if stock == Avery5163 && i > 0 {
			style = "B"
		}
		if by > bottom {
			break
		}
		fitText(t, tx, by, tw, line, style, g.textPt, g.textPt*0.7)
		by += g.lineH
	}
}

// drawQRModules draws the dark modules of a QR symbol whose top-left corner
// is at (x, y), with no quiet zone.
func drawQRModules(f *gofpdf.Fpdf, bits [][]bool, x, y, mod float64) {
	f.SetFillColor(0, 0, 0)
	for r, row := range bits {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			f.Rect(x+float64(start)*mod, y+float64(r)*mod, float64(c-start)*mod, mod, "F")
		}
	}
}

// wrapLimit wraps s to width w in the current font like wrap, in at most
// max lines: the last one holds the rest and is cut with "…" when drawn by
// fitText. Empty s gives no lines.
func wrapLimit(t *textFonts, s string, w float64, limit int) []string {
	if s == "" {
		return nil
	}
	// A bilingual "English / Español" breaks after the slash first.
	lines := wrap(t, s, w)
	if len(lines) > 1 {
		if en, es, ok := strings.Cut(s, " / "); ok && t.Width(en+" /") <= w && t.Width(es) <= w {
			lines = []string{en + " /", es}
		}
	}
	if len(lines) > limit {
		lines = append(lines[:limit-1], strings.Join(lines[limit-1:], " "))
	}
	return lines
}
