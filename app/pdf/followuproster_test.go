package pdf_test

import (
	"bytes"
	"fmt"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// followupRoster is a roster of 2027 Q1 made on 10 February 2027: two case
// managers and participants with nobody assigned, every status, forms, an
// accented and a Korean name, and enough rows for two pages.
func followupRoster() app.FollowupRoster {
	d := func(m time.Month, day int) time.Time { return time.Date(2027, m, day, 0, 0, 0, 0, time.UTC) }
	row := func(name, code, phone string, kind app.ContactKind, label string, q int, from, due time.Time, st app.ContactStatus, attempts int) app.DueFollowup {
		c := app.DueFollowup{Participant: name, Code: code, Phone: phone,
			FollowupContact: app.FollowupContact{Kind: kind, Label: label, Quarter: q, WindowStart: from, Due: due, Status: st, Attempts: attempts}}
		if st == app.ContactDone {
			c.DoneOn, c.DoneBy = due.AddDate(0, 0, -3), "ana"
		}
		return c
	}
	monthly := "Monthly contact"
	form := "Quarter-end follow-up form"
	r := app.FollowupRoster{
		Site:   app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"},
		Query:  app.FollowupRosterQuery{SiteID: 1, Year: 2027, Quarter: 1},
		From:   d(1, 1),
		To:     d(3, 31),
		Made:   time.Date(2027, 2, 10, 18, 0, 0, 0, time.UTC),
		MadeBy: "Dana Director",
	}
	ana := app.RosterGroup{CaseManager: "Ana Ruiz"}
	ana.Rows = append(ana.Rows,
		row("María José Gómez-Núñez", "P-7K3VSET56GQ", "+12135550142", app.KindContact, "First week of the 1st quarter after exit", 1, d(1, 1), d(1, 7), app.ContactDone, 1),
		row("김민준", "P-1CL1QKDKMVJ", "+12135550177", app.KindContact, monthly, 1, d(1, 1), d(1, 31), app.ContactNonResponsive, 3),
		row("Tran Van Minh", "P-2B7Q9X4K8MZ", "+13235550118", app.KindContact, monthly, 1, d(1, 1), d(1, 31), app.ContactOpen, 2),
		row("Robert Johnson", "P-3C8R0Y5L9NA", "+13235550119", app.KindContact, "One month after employment", 0, d(2, 2), d(2, 8), app.ContactOpen, 1),
	)
	for i := 0; i < 10; i++ {
		ana.Rows = append(ana.Rows, row(fmt.Sprintf("Client A%02d", i+1), fmt.Sprintf("P-4D9S1Z6M%02dB", i), fmt.Sprintf("+1323555%04d", 200+i),
			app.KindContact, monthly, 1, d(2, 1), d(2, 28), app.ContactOpen, i%3))
	}
	ana.Rows = append(ana.Rows,
		row("María José Gómez-Núñez", "P-7K3VSET56GQ", "+12135550142", app.KindForm, form, 1, d(3, 1), d(3, 31), app.ContactOpen, 0),
		row("김민준", "P-1CL1QKDKMVJ", "+12135550177", app.KindForm, form, 1, d(3, 1), d(3, 31), app.ContactDone, 0),
	)
	luis := app.RosterGroup{CaseManager: "Luis Ortega"}
	for i := 0; i < 6; i++ {
		st := []app.ContactStatus{app.ContactOpen, app.ContactDone, app.ContactNonResponsive}[i%3]
		luis.Rows = append(luis.Rows, row(fmt.Sprintf("Luis Client %d", i+1), fmt.Sprintf("P-5E0T2A7N%02dC", i), fmt.Sprintf("+1213555%04d", 300+i),
			app.KindContact, monthly, 2, d(1, 1), d(1, 31), st, []int{1, 0, 3}[i%3]))
	}
	luis.Rows = append(luis.Rows, row("Luis Client 1", "P-5E0T2A7N00C", "+12135550300", app.KindForm, form, 2, d(3, 1), d(3, 31), app.ContactOpen, 0))
	nobody := app.RosterGroup{Rows: []app.DueFollowup{
		row("Chen Wei", "P-6F1V3B8P00D", "", app.KindContact, "Within one week of employment", 0, d(2, 15), d(2, 21), app.ContactOpen, 0),
		row("Ngozi Okafor", "P-6F1V3B8P01D", "+13105550100", app.KindContact, monthly, 1, d(1, 1), d(1, 31), app.ContactOpen, 0),
	}}
	r.Groups = []app.RosterGroup{ana, luis, nobody}
	return r
}

// rosterGolden compares got with testdata/followuproster/name (rewriting it with -update).
func rosterGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	compareGolden(t, "followuproster", name, got)
}

// rosterText writes r as a PDF and returns its bytes and pdftotext -layout text.
func rosterText(t *testing.T, r app.FollowupRoster) ([]byte, string, string) {
	t.Helper()
	pdftotext := needTool(t, "pdftotext")
	var buf bytes.Buffer
	if err := pdf.WriteFollowupRoster(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "roster.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), string(run(t, pdftotext, "-layout", path, "-")), path
}

func TestFollowupRosterPDF(t *testing.T) {
	r := followupRoster()
	raw, text, path := rosterText(t, r)
	var again bytes.Buffer
	if err := pdf.WriteFollowupRoster(&again, followupRoster()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again.Bytes()) {
		t.Fatal("the same roster gave different bytes")
	}
	rosterGolden(t, "roster.txt.golden", []byte(text))

	pages := strings.Count(text, "\f")
	if pages != 2 {
		t.Errorf("%d pages, want 2", pages)
	}
	for p := 1; p <= pages; p++ {
		if !strings.Contains(text, fmt.Sprintf("Page %d of %d", p, pages)) {
			t.Errorf("no \"Page %d of %d\"", p, pages)
		}
	}
	// landscape US Letter: 792 × 612 points
	info := string(run(t, needTool(t, "pdfinfo"), path))
	if !regexp.MustCompile(`Page size:\s+792 x 612 pts \(letter\)`).MatchString(info) || !regexp.MustCompile(`Pages:\s+2\n`).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	for _, want := range []string{"Follow-up due roster", "East LA WorkSource Center", r.Title(), "Dana Director", "Feb 10, 2027 / 10 feb 2027, 10:00 AM PST",
		"Ana Ruiz (16)", "Luis Ortega (7)", "No case manager", "María José", "Gómez-Núñez", "김민준", "(213) 555-0142",
		"Form / Formulario:", "non-responsive", "done Jan 4", "open ", "OVERDUE 10 d", "OVERDUE 2 d", "Notes / result", "Q1", "Jan 31, 2027"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	// the table's header is repeated on the second page, with the section
	second := text[strings.Index(text, "\f"):]
	if !strings.Contains(second, "Participant") || !strings.Contains(second, "continued") {
		t.Errorf("the second page does not repeat the header:\n%s", second)
	}
	// groups in the roster's order; nobody assigned last
	if a, l, n := strings.Index(text, "Ana Ruiz ("), strings.Index(text, "Luis Ortega ("), strings.Index(text, "No case manager"); !(a < l && l < n) {
		t.Errorf("sections out of order: %d %d %d", a, l, n)
	}
	// Tran Van Minh's January contact is overdue on 10 February; the form
	// due on 31 March is not, nor are done or non-responsive contacts.
	// Tran Van Minh, Luis Clients 1 and 4 and Ngozi Okafor (January) and
	// Robert Johnson (8 February) are open past due on 10 February; forms
	// due in March, done and non-responsive contacts are not overdue.
	if n := len(regexp.MustCompile(`OVERDUE \d+ d`).FindAllString(text, -1)); n != 5 {
		t.Errorf("%d rows marked overdue, want 5:\n%s", n, text)
	}
	if !strings.Contains(text, "25 due, 5 overdue") {
		t.Errorf("no count of contacts in\n%s", text)
	}
}

func TestFollowupRosterEmpty(t *testing.T) {
	r := followupRoster()
	r.Groups = nil
	_, text, _ := rosterText(t, r)
	if strings.Count(text, "\f") != 1 || !strings.Contains(text, "Nothing is due in this quarter.") || !strings.Contains(text, "Page 1 of 1") {
		t.Errorf("empty roster:\n%s", text)
	}
	// a case manager with nothing due says so too
	r = followupRoster()
	r.Groups = []app.RosterGroup{{CaseManager: "Ana Ruiz"}}
	_, text, _ = rosterText(t, r)
	if !strings.Contains(text, "Ana Ruiz (0)") || !strings.Contains(text, "Nothing is due in this quarter.") {
		t.Errorf("empty group:\n%s", text)
	}
}

// bboxWord is a word of pdftotext -bbox, in points from the page's top left.
type bboxWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

// pageWords returns the words of page p of the PDF at path (pdftotext -bbox).
func pageWords(t *testing.T, path string, p int) []bboxWord {
	t.Helper()
	out := run(t, needTool(t, "pdftotext"), "-bbox", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var words []bboxWord
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		w := bboxWord{text: html.UnescapeString(m[5])}
		for i, v := range []*float64{&w.xMin, &w.yMin, &w.xMax, &w.yMax} {
			*v, _ = strconv.ParseFloat(m[i+1], 64)
		}
		words = append(words, w)
	}
	return words
}

// TestFollowupRosterNotesRuled renders every page of the roster (pdftoppm)
// and looks down the middle of the handwritten "Notes / result" column:
// between one row and the next there is exactly one ruled line, so every
// row has a box of its own to write in.
func TestFollowupRosterNotesRuled(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm")
	_, text, path := rosterText(t, followupRoster())
	pages := strings.Count(text, "\f")
	const dpi = 144 // 2 pixels a point
	code := regexp.MustCompile(`^P-[0-9A-Z]{11}$`)
	checked := 0
	for p := 1; p <= pages; p++ {
		prefix := filepath.Join(t.TempDir(), "page")
		run(t, pdftoppm, "-png", "-gray", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), "-singlefile", path, prefix)
		fh, err := os.Open(prefix + ".png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		words := pageWords(t, path, p)
		var notesX float64
		var rows []bboxWord // each row's participant code, top to bottom
		for _, w := range words {
			switch {
			case w.text == "Notas" && notesX == 0:
				notesX = w.xMin + 40 // inside the notes column, clear of its edges
			case code.MatchString(w.text):
				rows = append(rows, w)
			}
		}
		if notesX == 0 || len(rows) < 2 {
			t.Fatalf("page %d: no notes column or too few rows (%d)", p, len(rows))
		}
		px := int(notesX * dpi / 72)
		// rules crossed going down from y0 to y1 (points)
		rules := func(y0, y1 float64) int {
			n, in := 0, false
			for y := int(y0 * dpi / 72); y < int(y1*dpi/72); y++ {
				r, _, _, _ := img.At(px, y).RGBA()
				dark := r>>8 < 235
				if dark && !in {
					n++
				}
				in = dark
			}
			return n
		}
		for i := 1; i < len(rows); i++ {
			a, b := rows[i-1], rows[i]
			if b.yMin-a.yMin > 60 { // a section heading and header row between them
				continue
			}
			if n := rules(a.yMin, b.yMin); n != 1 {
				t.Errorf("page %d: %d ruled lines in the notes column between the rows of %s and %s, want 1", p, n, a.text, b.text)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d row boundaries checked", checked)
	}
}
