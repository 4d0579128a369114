package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// agreement is a laptop + hotspot kit lent for a six-week session. Its due
// date is 11:59 PM on April 21 in Los Angeles, already April 22 in UTC.
func agreement(t testing.TB) pdf.Agreement {
	return pdf.Agreement{
		Site:            app.Site{Name: "East LA Library", Phone: "+13235550100", TimeZone: "America/Los_Angeles"},
		ParticipantName: "김민준 (Minjun Kim)",
		ParticipantCode: codeMaria,
		KitTag:          kitTag(t, 7),
		KitKind:         "Laptop + hotspot kit / Laptop y hotspot",
		Components: []pdf.AgreementItem{
			{Name: "Laptop / Computadora portátil", Serial: "5CD1234XYZ"},
			{Name: "Laptop charger / Cargador", Serial: "CHG-88412"},
			{Name: "Wi-Fi hotspot", Serial: "IMEI 356938035643809"},
			{Name: "Hotspot charger / Cargador del hotspot", Serial: "HSC-2291"},
			{Name: "Carrying case / Estuche", Serial: ""},
		},
		Costs: map[string]int64{
			"Laptop / Computadora portátil":          34900,
			"Laptop charger / Cargador":              3500,
			"Wi-Fi hotspot":                          12000,
			"Hotspot charger / Cargador del hotspot": 1500,
			"Carrying case / Estuche":                2000,
		},
		LoanedAt:    time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC),
		DueAt:       time.Date(2026, 4, 22, 6, 59, 0, 0, time.UTC),
		Session:     "Work Ready — Spring 2026, session 2",
		HotspotLine: "+13235550199",
		Carrier:     "T-Mobile",
		Staff:       "Rosa Delgado",
	}
}

func writeAgreement(t *testing.T, a pdf.Agreement) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.LoanAgreement(&buf, a); err != nil {
		t.Fatalf("LoanAgreement: %v", err)
	}
	path := filepath.Join(t.TempDir(), "agreement.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantRows checks that each of rows (regular expressions) matches a whole
// line of text, between spaces.
func wantRows(t *testing.T, text string, rows ...string) {
	t.Helper()
	for _, row := range rows {
		if !regexp.MustCompile(`(?m)^ *` + row + ` *$`).MatchString(text) {
			t.Errorf("no row matching %s", row)
		}
	}
}

// flat joins text's words with single spaces, whatever its line breaks,
// with no-break spaces as plain ones.
func flat(text string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")), " ")
}

func TestLoanAgreementText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdffonts := needTool(t, "pdffonts")
	a := agreement(t)
	path := writeAgreement(t, a)
	got := run(t, pdftotext, "-layout", path, "-")
	compareGolden(t, "agreement", "agreement.txt", got)

	text := string(got)
	if n := strings.Count(text, "\f"); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	// Every component on its own row with its serial and cost.
	wantRows(t, text,
		`Laptop / Computadora portátil +5CD1234XYZ +\$349\.00`,
		`Laptop charger / Cargador +CHG-88412 +\$35\.00`,
		`Wi-Fi hotspot +IMEI 356938035643809 +\$120\.00`,
		`Hotspot charger / Cargador del hotspot +HSC-2291 +\$15\.00`,
		`Carrying case / Estuche +— +\$20\.00`,
		`Total replacement cost / Costo total de reposición +\$539\.00`)
	for _, s := range []string{
		"Kit loan agreement", "Acuerdo de préstamo de equipo",
		"East LA Library", "(323) 555-0100",
		"김민준 (Minjun Kim)", codeMaria, a.KitTag, "Laptop + hotspot kit / Laptop y hotspot",
		"Work Ready — Spring 2026, session 2", "(323) 555-0199 · T-Mobile",
		"Tuesday, March 10, 2026 / martes, 10 de marzo de 2026",
		// The due date in the site's zone, not UTC's April 22.
		"Due date / Fecha de devolución", "Tuesday, April 21, 2026 / martes, 21 de abril de 2026",
		"Terms", "Condiciones",
		"Participant signature / Firma del participante: 김민준 (Minjun Kim)",
		"Staff signature / Firma del personal: Rosa Delgado", "Date / Fecha",
		"Page 1 of 1 / Página 1 de 1",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("agreement lacks %q", s)
		}
	}
	if strings.Contains(text, "April 22") || strings.Contains(text, "22 de abril") {
		t.Error("the due date is printed in UTC, not the site's time zone")
	}
	// The terms, whatever their line breaks, in reading order (without
	// -layout, pdftotext reads each column of the terms as a block).
	words := flat(string(run(t, pdftotext, path, "-")))
	for _, s := range []string{
		"by the due date, Tuesday, April 21, 2026.",
		"a más tardar en la fecha de devolución, el martes, 21 de abril de 2026.",
		"the hotspot's data service is cut off about one day after the due date. It is restored when the kit is returned.",
		"el servicio de datos del hotspot se corta aproximadamente un día después de la fecha de devolución. Se restablece cuando se devuelve el equipo.",
		"may be charged at the replacement cost listed above",
		"pueden cobrarse al costo de reposición indicado arriba",
		"no personal data left on the device is kept",
		"no se guarda ningún dato personal que quede en el equipo",
		"Call (323) 555-0100.", "Llame al (323) 555-0100.",
	} {
		if !strings.Contains(words, s) {
			t.Errorf("terms lack %q", s)
		}
	}
	// Hangul is drawn in Nanum Gothic, embedded.
	fonts := embeddedFonts(t, pdffonts, path)
	if !fonts["utf8nanumB"] || !fonts["utf8nanum"] || !fonts["utf8dejavu"] {
		t.Errorf("fonts: %v", fonts)
	}
}

func TestLoanAgreementArabicNoHotspot(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	a := agreement(t)
	a.ParticipantName = "علاء الحسن"
	a.KitKind = "Laptop kit / Laptop"
	a.Components = a.Components[:2]
	a.HotspotLine, a.Carrier, a.Session, a.Staff = "", "", "", ""
	a.Site.Phone = ""
	text := logical(run(t, pdftotext, "-layout", writeAgreement(t, a), "-"))
	for _, s := range []string{"علاء الحسن", "$384.00", "5CD1234XYZ", "CHG-88412",
		"Participant signature / Firma del participante: علاء الحسن"} {
		if !strings.Contains(text, s) {
			t.Errorf("agreement lacks %q:\n%s", s, text)
		}
	}
	for _, s := range []string{"Hotspot line", "hotspot's data", "Session / Sesión", "Call ", "Staff signature / Firma del personal:"} {
		if strings.Contains(text, s) {
			t.Errorf("a kit without a hotspot, session, staff name or site phone prints %q", s)
		}
	}
}

func TestLoanAgreementPages(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	a := agreement(t)
	a.Components = nil
	a.Costs = map[string]int64{}
	for i := 0; i < 45; i++ {
		name := fmt.Sprintf("Part %02d", i+1)
		a.Components = append(a.Components, pdf.AgreementItem{Name: name, Serial: fmt.Sprintf("SN-%05d", i*37)})
		a.Costs[name] = int64(1000 + i*100)
	}
	text := string(run(t, pdftotext, "-layout", writeAgreement(t, a), "-"))
	pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("45 components fit on %d page", len(pages))
	}
	for p, page := range pages {
		want := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, len(pages), p+1, len(pages))
		if !strings.Contains(page, want) || !strings.Contains(page, a.KitTag) {
			t.Errorf("page %d lacks %q or the kit tag", p+1, want)
		}
	}
	for i, c := range a.Components {
		row := regexp.MustCompile(`(?m)^ *` + c.Name + ` +` + c.Serial + ` +\$` + fmt.Sprintf("%d", 10+i) + `\.00 *$`)
		if len(row.FindAllString(text, -1)) != 1 {
			t.Errorf("%s is not on one row with its serial and cost", c.Name)
		}
	}
	// The header row is repeated on a page the table goes on to.
	if strings.Count(text, "Serial number or IMEI") < 2 {
		t.Error("the table's header is not repeated")
	}
	// 45 × $10 + $1 × (0+…+44) = $450 + $990
	if !regexp.MustCompile(`Total replacement cost / Costo total de reposición +\$1,440\.00`).MatchString(text) {
		t.Error("wrong total")
	}
	if strings.Index(text, "Staff signature") < strings.Index(text, "Part 45") {
		t.Error("the signatures are not after the last component")
	}
}

func TestLoanAgreementDeterministicAndInvalid(t *testing.T) {
	a := agreement(t)
	var x, y bytes.Buffer
	if err := pdf.LoanAgreement(&x, a); err != nil {
		t.Fatal(err)
	}
	if err := pdf.LoanAgreement(&y, a); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("the same agreement gave different bytes")
	}
	for name, change := range map[string]func(*pdf.Agreement){
		"no name":      func(a *pdf.Agreement) { a.ParticipantName = " " },
		"no tag":       func(a *pdf.Agreement) { a.KitTag = "" },
		"no loan date": func(a *pdf.Agreement) { a.LoanedAt = time.Time{} },
		"no due date":  func(a *pdf.Agreement) { a.DueAt = time.Time{} },
		"due before":   func(a *pdf.Agreement) { a.DueAt = a.LoanedAt.Add(-time.Hour) },
	} {
		b := agreement(t)
		change(&b)
		var buf bytes.Buffer
		if err := pdf.LoanAgreement(&buf, b); app.ErrorCode(err) != app.EInvalid || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes; want EInvalid and nothing written", name, err, buf.Len())
		}
	}
}

// checkout is a loan just made of a kit of kind with the standard
// components, as app.Service.Checkout returns it.
func checkout(t testing.TB, kind app.KitKind) app.CheckoutResult {
	k := app.Kit{ID: 7, Tag: kitTag(t, 11), Kind: kind, Components: app.StandardComponents(kind)}
	serials := map[string]string{app.ComponentLaptop: "5CD1234XYZ", app.ComponentCharger: "CHG-88412",
		app.ComponentHotspot: "356938035643809", app.ComponentHotspotCharger: "HSC-2291"}
	l := app.Loan{ID: 31, KitID: k.ID, OutAt: time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC), OutBy: "kim",
		Due: time.Date(2026, 4, 21, 0, 0, 0, 0, time.UTC), Status: app.LoanOpen}
	for i := range k.Components {
		c := &k.Components[i]
		c.ID, c.Serial = int64(100+i), serials[c.Name]
		l.Components = append(l.Components, app.LoanComponent{ComponentID: c.ID, Name: c.Name})
	}
	if kind.HasHotspot() {
		k.LineNumber, k.Carrier = "+13235550199", "T-Mobile"
	}
	return app.CheckoutResult{Loan: l, Kit: k, Participant: app.Participant{FirstName: "María José", LastName: "Gómez-Núñez", Code: codeMaria}}
}

var agreementSite = app.Site{Name: "East LA Library", Phone: "+13235550100", TimeZone: "America/Los_Angeles"}

// agreementText writes a and returns pdftotext's text with -layout, and
// without it with words on one line (the terms in reading order).
func agreementText(t *testing.T, a pdf.Agreement) (layout []byte, words string) {
	t.Helper()
	pdftotext := needTool(t, "pdftotext")
	path := writeAgreement(t, a)
	return run(t, pdftotext, "-layout", path, "-"), flat(string(run(t, pdftotext, path, "-")))
}

// TestAgreementHotspotWithoutCosts is the agreement of a hotspot-only kit
// when no replacement costs are set: nothing about erasing a laptop, no
// cost column, no "$0.00", no "cost listed above"; the terms say, in
// English and Spanish, that the center tells the cost.
func TestAgreementHotspotWithoutCosts(t *testing.T) {
	a := pdf.NewAgreement(agreementSite, checkout(t, app.KitHotspot), map[string]int{}, "Work Ready — Spring 2026", "Kim Lee")
	got, words := agreementText(t, a)
	compareGolden(t, "agreement", "hotspot-no-costs.txt", got)
	text := string(got)
	for _, s := range []string{"Hotspot kit / Kit de hotspot", "356938035643809", "(323) 555-0199 · T-Mobile",
		"Tuesday, April 21, 2026 / martes, 21 de abril de 2026", "Page 1 of 1 / Página 1 de 1"} {
		if !strings.Contains(text, s) {
			t.Errorf("agreement lacks %q", s)
		}
	}
	for _, s := range []string{
		"the hotspot's data service is cut off about one day after the due date",
		"el servicio de datos del hotspot se corta aproximadamente un día después",
		"may be charged for. East LA Library will tell you the replacement cost of an item if you ask.",
		"pueden cobrarse. East LA Library le dirá el costo de reposición de un artículo si lo pregunta.",
		"The kit belongs to East LA Library.", "El equipo es propiedad de East LA Library.",
	} {
		if !strings.Contains(words, s) {
			t.Errorf("terms lack %q", s)
		}
	}
	for _, s := range []string{"$", "cost listed above", "costo de reposición indicado arriba", "Total",
		"laptop", "erased", "computadora", "se borra"} {
		if strings.Contains(strings.ToLower(words), strings.ToLower(s)) {
			t.Errorf("a hotspot-only agreement without costs says %q", s)
		}
	}
	if !regexp.MustCompile(`(?m)^ *Item +Serial number or IMEI *$`).MatchString(text) {
		t.Error("the components table has a cost column without costs")
	}
}

// TestAgreementLaptopHotspotWithCosts is the agreement of a laptop +
// hotspot kit with a cost set for each component (named in lower case, as
// the settings keep them): both kinds' terms, every cost and the total.
func TestAgreementLaptopHotspotWithCosts(t *testing.T) {
	costs := map[string]int{"laptop": 34900, "charger": 3500, "hotspot": 12000, "hotspot charger": 1500, "bag": 2000, "printed materials": 0}
	a := pdf.NewAgreement(agreementSite, checkout(t, app.KitLaptopHotspot), costs, "Work Ready — Spring 2026", "Kim Lee")
	got, words := agreementText(t, a)
	compareGolden(t, "agreement", "laptop-hotspot-costs.txt", got)
	text := string(got)
	// the usual kit for a session, with every term: the signatures stay on the one page
	if !strings.Contains(text, "Page 1 of 1 / Página 1 de 1") {
		t.Error("a laptop + hotspot kit's agreement does not fit on one page")
	}
	wantRows(t, text,
		`laptop +5CD1234XYZ +\$349\.00`, `charger +CHG-88412 +\$35\.00`, `hotspot +356938035643809 +\$120\.00`,
		`hotspot charger +HSC-2291 +\$15\.00`, `bag +— +\$20\.00`, `printed materials +— +\$0\.00`,
		`Total replacement cost / Costo total de reposición +\$539\.00`)
	for _, s := range []string{
		"the hotspot's data service is cut off", "el servicio de datos del hotspot se corta",
		"may be charged at the replacement cost listed above.", "pueden cobrarse al costo de reposición indicado arriba.",
		"The laptop is erased when it is returned", "La computadora se borra cuando se devuelve",
	} {
		if !strings.Contains(words, s) {
			t.Errorf("terms lack %q", s)
		}
	}
	if strings.Contains(words, "will tell you") {
		t.Error("with every cost set, the terms still say the center will tell the cost")
	}
}

// TestAgreementTermsFollowTheKind checks the clauses of each kind and of
// costs set for only some components.
func TestAgreementTermsFollowTheKind(t *testing.T) {
	a := pdf.NewAgreement(agreementSite, checkout(t, app.KitLaptop), map[string]int{"laptop": 35000}, "", "")
	got, words := agreementText(t, a)
	if strings.Contains(words, "hotspot") || !strings.Contains(words, "The laptop is erased") {
		t.Errorf("laptop-only terms:\n%s", words)
	}
	if !regexp.MustCompile(`(?m)^ *laptop +5CD1234XYZ +\$350\.00 *$`).Match(got) || !regexp.MustCompile(`(?m)^ *charger +CHG-88412 +— *$`).Match(got) ||
		!regexp.MustCompile(`Total of the costs listed / Total de los costos indicados +\$350\.00`).Match(got) {
		t.Errorf("some costs set:\n%s", got)
	}
	if !strings.Contains(words, "at the replacement cost listed above; ask East LA Library the cost of an item without one.") ||
		!strings.Contains(words, "al costo de reposición indicado arriba; pregunte a East LA Library el costo de los demás.") {
		t.Errorf("some costs set, terms:\n%s", words)
	}
	// a hotspot registered with its IMEI only shows the IMEI as its number
	res := checkout(t, app.KitHotspot)
	res.Kit.Components[0].Serial, res.Kit.IMEI = "", "490154203237518"
	if a := pdf.NewAgreement(agreementSite, res, nil, "", ""); a.Components[0].Name != app.ComponentHotspot || a.Components[0].Serial != "490154203237518" {
		t.Errorf("hotspot without a serial: %+v", a.Components[0])
	}
	// the kind given wins over a component's name
	b := agreement(t)
	b.Kind = app.KitHotspot
	if _, words := agreementText(t, b); strings.Contains(words, "erased") {
		t.Error("Kind hotspot still has the laptop clause")
	}
}
