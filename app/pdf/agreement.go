package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"frontdesk/app"
)

// Agreement is what a kit loan agreement prints.
type Agreement struct {
	Site            app.Site // name and phone; dates print in its time zone
	ParticipantName string   // in any script
	ParticipantCode string
	KitTag          string // e.g. "K-7K3VSET56GQ"
	KitKind         string // e.g. "Laptop + hotspot kit / Laptop y hotspot"
	// Kind is the kit's kind: the terms follow it (no word of erasing a
	// laptop for a hotspot alone, none of cutting data for a laptop alone).
	// Empty: guessed from KitKind, the hotspot line and the components.
	Kind       app.KitKind
	Components []AgreementItem
	// Costs is the replacement cost of each component, in US cents, by
	// AgreementItem.Name (matched ignoring case). A component without one
	// prints "—"; when none has one, the table has no cost column and the
	// terms say the center will tell the cost instead.
	Costs    map[string]int64
	LoanedAt time.Time
	DueAt    time.Time
	Session  string // the six-week session the kit is lent for; "" for none
	// HotspotLine (E.164, as "+13235550199") and Carrier of the kit's
	// hotspot; both "" for a kit without one.
	HotspotLine string
	Carrier     string
	Staff       string // the staff member lending the kit, printed under their line; may be ""
}

// AgreementItem is one component of a kit: the laptop, its charger, the
// hotspot and so on.
type AgreementItem struct {
	Name   string // e.g. "Laptop / Computadora portátil"
	Serial string // serial number or IMEI
}

// Loan agreement geometry, in millimetres: US Letter, portrait.
const (
	agMargin  = 16.0
	agTop     = 20.0  // the title's baseline
	agBottom  = 263.0 // nothing below this but the footer
	agFooterY = 270.0
	agRowH    = 6.5 // a row of the components table
	agHeadH   = 9.0 // its two-line header row
	agLabelW  = 52.0
	agTermPt  = 8.5
	agTermH   = 3.7  // a line of the terms
	agColGap  = 8.0  // between the English and Spanish terms
	agSignH   = 33.0 // the acknowledgement and signature lines, down to the last label
)

// LoanAgreement writes to w the loan agreement of a kit as a PDF to print
// and sign: US Letter, portrait, in English and Spanish. It has the site's
// name and phone; the participant's name (in any script the embedded fonts
// cover) and code; the kit's tag and kind; a table of its components with
// their serial numbers or IMEIs and replacement costs, and their total (no
// cost column when no component has a cost); the
// loan and due dates written out in both languages, in the site's time
// zone ("Tuesday, April 21, 2026 / martes, 21 de abril de 2026"); the
// session, if any; the hotspot's line and carrier, if any; the terms, in
// English and Spanish side by side (return by the due date; for a kit with
// a hotspot, its data is cut about a day after the kit is overdue and
// restored on return; replacement costs for lost or damaged items, or, when
// none are set, that the center tells the cost; for a kit with a laptop,
// nothing personal left on it is kept); and lines for the participant's and
// the staff member's signatures and the dates. Every page has "Page X of Y
// / Página X de Y"; a long list of components goes on to another page.
//
// The output depends only on a. It returns an EInvalid *app.Error, and
// writes nothing, when the participant's name or the kit's tag is missing,
// a date is missing or the due date is before the loan date.
func LoanAgreement(w io.Writer, a Agreement) error {
	switch {
	case strings.TrimSpace(a.ParticipantName) == "":
		return app.Errorf(app.EInvalid, "The agreement has no participant name.")
	case strings.TrimSpace(a.KitTag) == "":
		return app.Errorf(app.EInvalid, "The agreement has no kit tag.")
	case a.LoanedAt.IsZero() || a.DueAt.IsZero():
		return app.Errorf(app.EInvalid, "The agreement needs a loan date and a due date.")
	case a.DueAt.Before(a.LoanedAt):
		return app.Errorf(app.EInvalid, "The due date is before the loan date.")
	}
	// Lay out once to count the pages, then draw with the count known.
	pages := 0
	for pass := 0; pass < 2; pass++ {
		d := newAgreementDoc(a, pages)
		d.draw()
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("pdf: loan agreement: %w", err)
		}
		if pass == 1 {
			if err := d.f.Output(w); err != nil {
				return fmt.Errorf("pdf: writing the loan agreement: %w", err)
			}
		}
		pages = d.f.PageNo()
	}
	return nil
}

// agreementDoc is a loan agreement being drawn.
type agreementDoc struct {
	t     *textFonts
	f     *gofpdf.Fpdf
	a     Agreement
	loc   *time.Location
	pages int // in all; 0 while counting
	y     float64
}

func newAgreementDoc(a Agreement, pages int) *agreementDoc {
	f := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: letterW, Ht: letterH}})
	f.SetCreationDate(creationDate)
	f.SetModificationDate(creationDate)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetProducer("Front Desk", true)
	f.SetCreator("Front Desk", true)
	f.SetTitle("Kit loan agreement / Acuerdo de préstamo de equipo", true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	return &agreementDoc{t: newTextFonts(f), f: f, a: a, loc: a.Site.Location(), pages: pages}
}

const agTitle = "Kit loan agreement / Acuerdo de préstamo de equipo"

// KindLabel is a kit's kind as the bilingual agreement and labels print it.
func KindLabel(k app.KitKind) string {
	switch k {
	case app.KitLaptop:
		return "Laptop kit / Kit de computadora portátil"
	case app.KitHotspot:
		return "Hotspot kit / Kit de hotspot"
	case app.KitLaptopHotspot:
		return "Laptop + hotspot kit / Laptop y hotspot"
	}
	return string(k)
}

// NewAgreement returns the agreement of a loan just made: its kit and
// components with their serials (the IMEI for a hotspot without one), the
// participant, the dates (due at 11:59
// PM, site time, of the due day), the hotspot's line for a kit with one,
// and the replacement costs of the components lent (cents, by lower-case
// component name, as app.LoanSettings keeps them). session and staff may
// be "".
func NewAgreement(site app.Site, res app.CheckoutResult, costs map[string]int, session, staff string) Agreement {
	d := res.Loan.Due
	a := Agreement{Site: site, ParticipantName: res.Participant.DisplayName(), ParticipantCode: res.Participant.Code,
		KitTag: res.Kit.Tag, KitKind: KindLabel(res.Kit.Kind), Kind: res.Kit.Kind, Costs: map[string]int64{},
		LoanedAt: res.Loan.OutAt, DueAt: time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, site.Location()),
		Session: session, Staff: staff}
	if res.Kit.Kind.HasHotspot() {
		a.HotspotLine, a.Carrier = res.Kit.LineNumber, res.Kit.Carrier
	}
	serials := map[int64]string{}
	for _, c := range res.Kit.Components {
		serials[c.ID] = c.Serial
		if c.Serial == "" && strings.EqualFold(c.Name, app.ComponentHotspot) {
			serials[c.ID] = res.Kit.IMEI // the hotspot's own number
		}
	}
	for _, c := range res.Loan.Components {
		a.Components = append(a.Components, AgreementItem{Name: c.Name, Serial: serials[c.ComponentID]})
		if cents, ok := costs[strings.ToLower(c.Name)]; ok {
			a.Costs[c.Name] = int64(cents)
		}
	}
	return a
}

// cost returns the replacement cost of a component by name, ignoring case.
func (a Agreement) cost(name string) (int64, bool) {
	if v, ok := a.Costs[name]; ok {
		return v, true
	}
	for n, v := range a.Costs {
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(name)) {
			return v, true
		}
	}
	return 0, false
}

// costsListed counts the components that have a replacement cost.
func (a Agreement) costsListed() int {
	n := 0
	for _, c := range a.Components {
		if _, ok := a.cost(c.Name); ok {
			n++
		}
	}
	return n
}

// hasLaptop reports whether the kit has a laptop: by its kind, or when that
// is not given, a kind or component that names one.
func (a Agreement) hasLaptop() bool {
	if a.Kind != "" {
		return a.Kind == app.KitLaptop || a.Kind == app.KitLaptopHotspot
	}
	if k := strings.ToLower(a.KitKind); strings.Contains(k, "laptop") || strings.Contains(k, "computadora") {
		return true
	}
	for _, c := range a.Components {
		if n := strings.ToLower(c.Name); strings.Contains(n, "laptop") || strings.Contains(n, "computadora") {
			return true
		}
	}
	return false
}

// hasHotspot reports whether the kit has a hotspot: by its kind, or when
// that is not given, a line or carrier, or a component or kind that names one.
func (a Agreement) hasHotspot() bool {
	if a.Kind != "" {
		return a.Kind.HasHotspot()
	}
	if strings.TrimSpace(a.HotspotLine) != "" || strings.TrimSpace(a.Carrier) != "" {
		return true
	}
	if strings.Contains(strings.ToLower(a.KitKind), "hotspot") {
		return true
	}
	for _, c := range a.Components {
		if strings.Contains(strings.ToLower(c.Name), "hotspot") {
			return true
		}
	}
	return false
}

// draw draws the whole agreement.
func (d *agreementDoc) draw() {
	d.firstPage()
	d.details()
	d.components()
	d.terms()
	d.signatures()
	d.footer()
}

// newPage starts a page after the first, with a short header.
func (d *agreementDoc) newPage() {
	d.footer()
	d.f.AddPage()
	setText(d.f, colMuted)
	fitText(d.t, agMargin, agTop-4, letterW-2*agMargin, agTitle+" — "+strings.TrimSpace(d.a.KitTag), "B", 9, 7)
	d.y = agTop + 6
}

// need starts a new page unless h mm fit above the bottom.
func (d *agreementDoc) need(h float64) {
	if d.y+h > agBottom {
		d.newPage()
	}
}

// footer writes the page number and the kit's tag at the foot of the
// current page.
func (d *agreementDoc) footer() {
	if d.f.PageNo() == 0 {
		return
	}
	f, t := d.f, d.t
	total := d.pages
	if total == 0 {
		total = 99 // counting: the widest the number will be
	}
	n := f.PageNo()
	setDraw(f, colRule)
	f.SetLineWidth(0.2)
	f.Line(agMargin, agFooterY-4, letterW-agMargin, agFooterY-4)
	setText(f, colMuted)
	t.SetFont("", 7.5)
	t.Text(agMargin, agFooterY, "Kit / Equipo "+strings.TrimSpace(d.a.KitTag))
	page := fmt.Sprintf("Page %d of %d / Página %d de %d", n, total, n, total)
	t.Text(letterW-agMargin-t.Width(page), agFooterY, page)
}

// firstPage starts the first page: the title, the site and the rule below.
func (d *agreementDoc) firstPage() {
	f, t := d.f, d.t
	a := d.a
	f.AddPage()
	right := letterW - agMargin
	siteW := 62.0
	setText(f, colAccent)
	fitText(t, agMargin, agTop, right-agMargin-siteW-4, "Kit loan agreement", "B", 17, 12)
	setText(f, colText)
	fitText(t, agMargin, agTop+7, right-agMargin-siteW-4, "Acuerdo de préstamo de equipo", "B", 13, 10)

	// The site, right-aligned.
	name := strings.TrimSpace(a.Site.Name)
	size := fitSize(t, siteW, name, "B", 10.5, 7)
	t.SetFont("B", size)
	if t.Width(name) > siteW {
		fitText(t, right-siteW, agTop-1, siteW, name, "B", size, size)
	} else {
		t.Text(right-t.Width(name), agTop-1, name)
	}
	if phone := app.FormatPhone(a.Site.Phone); phone != "" {
		setText(f, colMuted)
		t.SetFont("", 9)
		t.Text(right-t.Width(phone), agTop+4.5, phone)
	}
	setDraw(f, colAccent)
	f.SetLineWidth(0.6)
	f.Line(agMargin, agTop+11, right, agTop+11)
	d.y = agTop + 18
}

// detail is one line of the details block.
type detail struct {
	label, value string
	bold         bool
}

// details writes the participant, kit, session, hotspot and dates.
func (d *agreementDoc) details() {
	f, t := d.f, d.t
	a := d.a
	kit := strings.TrimSpace(a.KitTag)
	if kind := strings.TrimSpace(a.KitKind); kind != "" {
		kit += "  ·  " + kind
	}
	lines := []detail{
		{"Participant / Participante", strings.TrimSpace(a.ParticipantName), true},
		{"Participant code / Código", dash(a.ParticipantCode), false},
		{"Kit / Equipo", kit, false},
	}
	if s := strings.TrimSpace(a.Session); s != "" {
		lines = append(lines, detail{"Session / Sesión", s, false})
	}
	if a.HotspotLine != "" || a.Carrier != "" {
		line := app.FormatPhone(a.HotspotLine)
		if line == "" {
			line = strings.TrimSpace(a.HotspotLine)
		}
		if c := strings.TrimSpace(a.Carrier); c != "" {
			if line != "" {
				line += "  ·  "
			}
			line += c
		}
		lines = append(lines, detail{"Hotspot line / Línea del hotspot", line, false})
	}
	loan, due := a.LoanedAt.In(d.loc), a.DueAt.In(d.loc)
	lines = append(lines,
		detail{"Loan date / Fecha del préstamo", dateEN(loan) + " / " + dateES(loan), false},
		detail{"Due date / Fecha de devolución", dateEN(due) + " / " + dateES(due), true},
	)
	vw := letterW - 2*agMargin - agLabelW
	for i, l := range lines {
		if i == len(lines)-1 {
			// The due date stands out.
			setFill(f, colFlagFill)
			f.Rect(agMargin-2, d.y-4.6, letterW-2*agMargin+4, 6.6, "F")
		}
		setText(f, colMuted)
		t.SetFont("", 8.5)
		fitText(t, agMargin, d.y, agLabelW-2, l.label, "", 8.5, 6.5)
		setText(f, colText)
		style, pt := "", 10.0
		if l.bold {
			style, pt = "B", 10.5
		}
		fitText(t, agMargin+agLabelW, d.y, vw, l.value, style, pt, 7)
		d.y += 5.9
	}
	d.y += 3
}

// components writes the table of the kit's components.
func (d *agreementDoc) components() {
	f, t := d.f, d.t
	a := d.a
	left, width := agMargin, letterW-2*agMargin
	withCosts := a.costsListed() > 0
	cols := []struct {
		en, es string
		w      float64
	}{
		{"Item", "Artículo", 72},
		{"Serial number or IMEI", "Número de serie o IMEI", 66},
		{"Replacement cost", "Costo de reposición", width - 72 - 66},
	}
	if !withCosts {
		// no costs set: no column of dashes and no $0.00 total
		cols = cols[:2]
		cols[1].w = width - cols[0].w
	}
	head := func() {
		setFill(f, colAccent)
		f.Rect(left, d.y, width, agHeadH, "F")
		f.SetTextColor(255, 255, 255)
		x := left
		for i, c := range cols {
			en, es := c.en, c.es
			if i == 2 {
				t.SetFont("B", 8)
				fitText(t, x+c.w-2-min(t.Width(en), c.w-4), d.y+4, c.w-4, en, "B", 8, 6)
				t.SetFont("", 7.5)
				fitText(t, x+c.w-2-min(t.Width(es), c.w-4), d.y+7.6, c.w-4, es, "", 7.5, 6)
			} else {
				fitText(t, x+2, d.y+4, c.w-4, en, "B", 8, 6)
				fitText(t, x+2, d.y+7.6, c.w-4, es, "", 7.5, 6)
			}
			x += c.w
		}
		d.y += agHeadH
	}
	d.need(agHeadH + 2*agRowH)
	head()
	var total int64
	for i, c := range a.Components {
		if d.y+agRowH > agBottom {
			d.newPage()
			head()
		}
		if i%2 == 1 {
			setFill(f, colStripe)
			f.Rect(left, d.y, width, agRowH, "F")
		}
		base := d.y + agRowH/2 + 1.3
		setText(f, colText)
		fitText(t, left+2, base, cols[0].w-4, strings.TrimSpace(c.Name), "", 9.5, 6.5)
		fitText(t, left+cols[0].w+2, base, cols[1].w-4, dash(c.Serial), "", 9.5, 6.5)
		if withCosts {
			cost := "—"
			if v, ok := a.cost(c.Name); ok {
				cost = money(v)
				total += v
			}
			t.SetFont("", 9.5)
			t.Text(left+width-2-t.Width(cost), base, cost)
		}
		d.y += agRowH
		setDraw(f, colRowRule)
		f.SetLineWidth(0.2)
		f.Line(left, d.y, left+width, d.y)
	}
	if len(a.Components) == 0 {
		setText(f, colMuted)
		t.SetFont("", 9)
		t.Text(left+2, d.y+agRowH/2+1.3, "No components listed / No se anotaron artículos")
		d.y += agRowH
	}
	if !withCosts {
		setDraw(f, colText)
		f.SetLineWidth(0.4)
		f.Line(left, d.y, left+width, d.y)
		d.y += 9
		return
	}
	// Total: of every component, or of those with a cost.
	d.need(agRowH)
	base := d.y + agRowH/2 + 1.3
	setText(f, colText)
	t.SetFont("B", 9.5)
	label := "Total replacement cost / Costo total de reposición"
	if a.costsListed() < len(a.Components) {
		label = "Total of the costs listed / Total de los costos indicados"
	}
	t.Text(left+width-cols[2].w-2-t.Width(label), base, label)
	tot := money(total)
	t.Text(left+width-2-t.Width(tot), base, tot)
	setDraw(f, colText)
	f.SetLineWidth(0.4)
	f.Line(left, d.y+agRowH, left+width, d.y+agRowH)
	d.y += agRowH + 6
}

// money formats cents as "$1,299.00".
func money(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := fmt.Sprint(cents / 100)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	s = fmt.Sprintf("$%s.%02d", s, cents%100)
	if neg {
		s = "-" + s
	}
	return s
}

// termsText returns the terms in English and in Spanish, item by item.
func (d *agreementDoc) termsText() (en, es []string) {
	a := d.a
	site := strings.TrimSpace(a.Site.Name)
	due := a.DueAt.In(d.loc)
	en = append(en, fmt.Sprintf("Return the kit, with every item listed above, to %s by the due date, %s.", site, dateEN(due)))
	es = append(es, fmt.Sprintf("Devuelva el equipo, con todos los artículos de la lista, a %s a más tardar en la fecha de devolución, el %s.", site, dateES(due)))
	if a.hasHotspot() {
		en = append(en, "If the kit is overdue, the hotspot's data service is cut off about one day after the due date. It is restored when the kit is returned.")
		es = append(es, "Si el equipo se devuelve tarde, el servicio de datos del hotspot se corta aproximadamente un día después de la fecha de devolución. Se restablece cuando se devuelve el equipo.")
	}
	switch listed := a.costsListed(); {
	case listed == 0:
		en = append(en, fmt.Sprintf("Items that are lost, stolen or damaged beyond normal wear may be charged for. %s will tell you the replacement cost of an item if you ask.", site))
		es = append(es, fmt.Sprintf("Los artículos perdidos, robados o dañados más allá del desgaste normal pueden cobrarse. %s le dirá el costo de reposición de un artículo si lo pregunta.", site))
	case listed < len(a.Components):
		en = append(en, fmt.Sprintf("Items that are lost, stolen or damaged beyond normal wear may be charged at the replacement cost listed above; ask %s the cost of an item without one.", site))
		es = append(es, fmt.Sprintf("Los artículos perdidos, robados o dañados más allá del desgaste normal pueden cobrarse al costo de reposición indicado arriba; pregunte a %s el costo de los demás.", site))
	default:
		en = append(en, "Items that are lost, stolen or damaged beyond normal wear may be charged at the replacement cost listed above.")
		es = append(es, "Los artículos perdidos, robados o dañados más allá del desgaste normal pueden cobrarse al costo de reposición indicado arriba.")
	}
	if a.hasLaptop() {
		en = append(en, "The laptop is erased when it is returned: no personal data left on the device is kept. Save your files somewhere else, such as your email or a USB drive.")
		es = append(es, "La computadora se borra cuando se devuelve: no se guarda ningún dato personal que quede en el equipo. Guarde sus archivos en otro lugar, como su correo electrónico o una memoria USB.")
	}
	en = append(en, fmt.Sprintf("The kit belongs to %s. Do not lend, sell or give it to anyone else.", site))
	es = append(es, fmt.Sprintf("El equipo es propiedad de %s. No lo preste, venda ni regale a nadie.", site))
	if phone := app.FormatPhone(a.Site.Phone); phone != "" {
		phone = strings.ReplaceAll(phone, " ", nbsp) // "(323) 555-0100" stays on one line
		en = append(en, fmt.Sprintf("Questions or problems with the kit? Call %s.", phone))
		es = append(es, fmt.Sprintf("¿Preguntas o problemas con el equipo? Llame al %s.", phone))
	}
	return en, es
}

// terms writes the terms, English on the left and Spanish on the right,
// each item beside its translation.
func (d *agreementDoc) terms() {
	f, t := d.f, d.t
	colW := (letterW - 2*agMargin - agColGap) / 2
	xs := [2]float64{agMargin, agMargin + colW + agColGap}
	en, es := d.termsText()
	d.need(12 + 3*agTermH)
	setText(f, colAccent)
	t.SetFont("B", 11)
	t.Text(xs[0], d.y, "Terms")
	t.Text(xs[1], d.y, "Condiciones")
	d.y += 6
	const num = 5.0 // the item number's column
	for i := range en {
		t.SetFont("", agTermPt)
		a := wrapSpaces(t, en[i], colW-num)
		b := wrapSpaces(t, es[i], colW-num)
		h := float64(max(len(a), len(b))) * agTermH
		d.need(h)
		setText(f, colText)
		for k, lines := range [2][]string{a, b} {
			t.SetFont("B", agTermPt)
			t.Text(xs[k], d.y, fmt.Sprintf("%d.", i+1))
			t.SetFont("", agTermPt)
			for j, line := range lines {
				t.Text(xs[k]+num, d.y+float64(j)*agTermH, line)
			}
		}
		d.y += h + 1.3
	}
	d.y += 2
}

// signatures writes the acknowledgement and the signature and date lines.
func (d *agreementDoc) signatures() {
	f, t := d.f, d.t
	d.need(agSignH)
	setText(f, colText)
	fitText(t, agMargin, d.y, letterW-2*agMargin, "I have received the kit described above and agree to these terms.", "B", 9, 6.5)
	fitText(t, agMargin, d.y+4.2, letterW-2*agMargin, "He recibido el equipo descrito arriba y acepto estas condiciones.", "B", 9, 6.5)
	d.y += 15
	sigW, dateX := 112.0, agMargin+122
	dateW := letterW - agMargin - dateX
	for _, s := range []struct{ en, es, name string }{
		{"Participant signature", "Firma del participante", strings.TrimSpace(d.a.ParticipantName)},
		{"Staff signature", "Firma del personal", strings.TrimSpace(d.a.Staff)},
	} {
		setDraw(f, colText)
		f.SetLineWidth(0.3)
		f.Line(agMargin, d.y, agMargin+sigW, d.y)
		f.Line(dateX, d.y, dateX+dateW, d.y)
		setText(f, colMuted)
		label := s.en + " / " + s.es
		if s.name != "" {
			label += ": " + s.name
		}
		fitText(t, agMargin, d.y+4, sigW, label, "", 8, 6)
		fitText(t, dateX, d.y+4, dateW, "Date / Fecha", "", 8, 6)
		d.y += 14
	}
}

// nbsp is a no-break space: wrapSpaces never breaks a line at one.
const nbsp = "\u00a0"

// wrapSpaces breaks s into lines no wider than w in the current font, like
// wrap, but only at plain spaces: never at a no-break space.
func wrapSpaces(t *textFonts, s string, w float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' }) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur == "" || t.Width(try) <= w {
			cur = try
			continue
		}
		lines = append(lines, cur)
		cur = word
	}
	return append(lines, cur)
}
