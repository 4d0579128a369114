package pdf_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// sheetNames are participants with names in every script a sheet must
// print: Latin with accents, Vietnamese, Armenian, Cyrillic, Greek, Korean,
// Chinese, Japanese, Arabic (with a lam-alef), Persian (پ ژ گ چ ک ی) and
// Hebrew.
var sheetNames = []app.Participant{
	{FirstName: "María José", LastName: "Gómez-Núñez", Phone: "+13235550142", Email: "maria@example.org"},
	{FirstName: "Nguyễn Thị", LastName: "Ánh", Phone: "+12135550177"},
	{FirstName: "Արամ", LastName: "Պետրոսյան"},
	{FirstName: "Иван", LastName: "Петров", Email: "ivan.petrov@example.org"},
	{FirstName: "Αλέξανδρος", LastName: "Παπαδόπουλος"},
	{FirstName: "민준", LastName: "김"},
	{FirstName: "秀英", LastName: "王"},
	{FirstName: "さくら", LastName: "佐藤"},
	{FirstName: "علاء", LastName: "الحسن"},
	{FirstName: "پژمان", LastName: "گلچین"},
	{FirstName: "کیانا", LastName: "کوچکی"},
	{FirstName: "דוד", LastName: "כהן"},
}

var (
	sheetSite  = app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"}
	sheetEvent = app.Event{ID: 42, Title: "Job Readiness Orientation",
		Start:    time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC),
		End:      time.Date(2026, 3, 10, 18, 30, 0, 0, time.UTC),
		Location: "Room A", Facilitator: "Rosa Delgado"}
)

// renderSheet writes a sign-in sheet to a temporary file and returns its
// path.
func renderSheet(t *testing.T, s pdf.SheetOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.SignInSheet(&buf, s); err != nil {
		t.Fatalf("SignInSheet: %v", err)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// logical turns pdftotext's output into comparable text: poppler returns
// right-to-left words in logical order but wrapped in U+202B..U+202C
// (embedding controls), and Arabic letters as the presentation forms drawn,
// which NFKC maps back to the letters typed (lam-alef to lam, alef).
func logical(b []byte) string {
	s := strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "").Replace(string(b))
	return norm.NFKC.String(s)
}

func TestSignInSheetText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	path := renderSheet(t, pdf.SheetOptions{Site: sheetSite, Event: sheetEvent, Participants: sheetNames})
	got := run(t, pdftotext, "-layout", path, "-")

	golden := filepath.Join("..", "..", "testdata", "sheet", "prefilled.txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("pdftotext -layout differs from %s (run with -update if the change is intended)\ngot:\n%s\nwant:\n%s", golden, got, want)
	}

	text := logical(got)
	for i, p := range sheetNames {
		// Each name on its own numbered row, in the order typed.
		re := regexp.MustCompile(`(?m)^ *` + fmt.Sprint(i+1) + ` +` + regexp.QuoteMeta(p.DisplayName()) + ` *$`)
		if !re.MatchString(text) {
			t.Errorf("row %d is not %q:\n%s", i+1, p.DisplayName(), text)
		}
	}
	for _, s := range []string{
		"East LA WorkSource Center", "Sign-in sheet / Hoja de registro", "Job Readiness Orientation",
		"Tuesday, March 10, 2026 / martes, 10 de marzo de 2026", "10:00 AM – 11:30 AM PDT",
		"Room A", "Rosa Delgado", "Page 1 of 1 / Página 1 de 1", app.EventCode(42),
		"Name", "Nombre", "Phone", "Teléfono", "Email", "Correo", "Texts OK?", "¿Mensajes?", "Signature", "Firma",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("sheet lacks %q", s)
		}
	}
	// The consent wording, whatever its line breaks.
	flat := strings.Join(strings.Fields(text), " ")
	for _, s := range []string{pdf.SheetConsentEN, pdf.SheetConsentES} {
		if !strings.Contains(flat, s) {
			t.Errorf("sheet lacks the consent wording %q", s)
		}
	}
	// Contact columns are empty by default.
	for _, s := range []string{"555-0142", "maria@example.org", "555-0177", "ivan.petrov@"} {
		if strings.Contains(text, s) {
			t.Errorf("contact %q printed though ShowContacts is off", s)
		}
	}
}

func TestSignInSheetContacts(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	path := renderSheet(t, pdf.SheetOptions{Site: sheetSite, Event: sheetEvent, Participants: sheetNames, ShowContacts: true})
	text := logical(run(t, pdftotext, "-layout", path, "-"))
	for _, re := range []string{
		`(?m)^ *1 +María José Gómez-Núñez +\(323\) 555-0142 +maria@example\.org *$`,
		`(?m)^ *2 +Nguyễn Thị Ánh +\(213\) 555-0177 *$`,
		`(?m)^ *4 +Иван Петров +ivan\.petrov@example\.org *$`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no line matching %s:\n%s", re, text)
		}
	}
}

func TestSignInSheetQRScans(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm")
	zbarimg := needTool(t, "zbarimg")
	for _, a4 := range []bool{false, true} {
		path := renderSheet(t, pdf.SheetOptions{Site: sheetSite, Event: sheetEvent, Participants: sheetNames[:3], A4: a4})
		prefix := filepath.Join(t.TempDir(), "page")
		run(t, pdftoppm, "-r", "300", "-png", "-f", "1", "-l", "1", path, prefix)
		pages, _ := filepath.Glob(prefix + "*.png")
		if len(pages) != 1 {
			t.Fatalf("pdftoppm made %v", pages)
		}
		got := strings.TrimSpace(string(run(t, zbarimg, "--quiet", "--raw", pages[0])))
		if got != app.EventCode(42) {
			t.Errorf("A4 %v: QR reads %q, want %q", a4, got, app.EventCode(42))
		}
		if id, err := app.EventIDFromCode(got); err != nil || id != 42 {
			t.Errorf("EventIDFromCode(%q) = %d, %v", got, id, err)
		}
	}
}

func TestSignInSheetPages(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdfinfo := needTool(t, "pdfinfo")
	many := make([]app.Participant, 50)
	for i := range many {
		many[i] = app.Participant{FirstName: fmt.Sprintf("Person%02d", i+1), LastName: "Ramírez"}
	}
	for _, tc := range []struct {
		name      string
		s         pdf.SheetOptions
		pages     int
		rows      int // the last row number
		paperSize string
	}{
		// 21 rows a Letter page: 50 names, then the rest of page 3 empty
		{"prefilled", pdf.SheetOptions{Participants: many}, 3, 63, "letter"},
		{"prefilled+rows", pdf.SheetOptions{Participants: many, BlankRows: 30}, 4, 80, "letter"},
		{"blank", pdf.SheetOptions{}, 2, 42, "letter"},
		{"blank 5", pdf.SheetOptions{BlankRows: 5}, 1, 5, "letter"},
		{"blank A4", pdf.SheetOptions{A4: true}, 2, 46, "A4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.s.Site, tc.s.Event = sheetSite, sheetEvent
			path := renderSheet(t, tc.s)
			info := string(run(t, pdfinfo, path))
			if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages: +%d$`, tc.pages)).MatchString(info) || !strings.Contains(info, "("+tc.paperSize+")") {
				t.Fatalf("pdfinfo:\n%s", info)
			}
			txt := string(run(t, pdftotext, "-layout", path, "-"))
			pages := strings.Split(strings.TrimSuffix(txt, "\f"), "\f")
			if len(pages) != tc.pages {
				t.Fatalf("%d pages of text, want %d", len(pages), tc.pages)
			}
			for p, page := range pages {
				want := fmt.Sprintf("Page %d of %d / Página %d de %d", p+1, tc.pages, p+1, tc.pages)
				if !strings.Contains(page, want) {
					t.Errorf("page %d lacks %q", p+1, want)
				}
				// Every page repeats the header, the table head and the consent.
				for _, s := range []string{"Job Readiness Orientation", app.EventCode(42), "Signature", "Reply STOP"} {
					if !strings.Contains(page, s) {
						t.Errorf("page %d lacks %q", p+1, s)
					}
				}
			}
			nums := regexp.MustCompile(`(?m)^ *(\d+)(?: |$)`).FindAllStringSubmatch(txt, -1)
			if len(nums) != tc.rows || nums[len(nums)-1][1] != fmt.Sprint(tc.rows) {
				t.Errorf("%d numbered rows, the last %v; want %d", len(nums), nums[len(nums)-1], tc.rows)
			}
			for i, p := range tc.s.Participants {
				if !regexp.MustCompile(fmt.Sprintf(`(?m)^ *%d +%s *$`, i+1, p.DisplayName())).MatchString(txt) {
					t.Errorf("row %d is not %s", i+1, p.DisplayName())
				}
			}
		})
	}
}

func TestSignInSheetDeterministicAndInvalid(t *testing.T) {
	s := pdf.SheetOptions{Site: sheetSite, Event: sheetEvent, Participants: sheetNames}
	var a, b bytes.Buffer
	if err := pdf.SignInSheet(&a, s); err != nil {
		t.Fatal(err)
	}
	if err := pdf.SignInSheet(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same sheet gave different bytes")
	}
	for _, bad := range []pdf.SheetOptions{
		{Site: sheetSite, Event: app.Event{Title: "No id"}},
		{Site: sheetSite, Event: sheetEvent, BlankRows: -1},
	} {
		var buf bytes.Buffer
		if err := pdf.SignInSheet(&buf, bad); app.ErrorCode(err) != app.EInvalid || buf.Len() != 0 {
			t.Errorf("SignInSheet(%+v) = %v, %d bytes; want EInvalid and nothing written", bad.Event, err, buf.Len())
		}
	}
}

// BenchmarkSignInSheet100Pages renders a 100-page pre-filled sheet (2,100
// names, a fifth of them in Korean, Chinese, Arabic and Persian).
func BenchmarkSignInSheet100Pages(b *testing.B) {
	const perPage = 21
	ps := make([]app.Participant, 100*perPage)
	for i := range ps {
		p := sheetNames[i%len(sheetNames)]
		p.LastName += fmt.Sprint(" ", i)
		ps[i] = p
	}
	s := pdf.SheetOptions{Site: sheetSite, Event: sheetEvent, Participants: ps, ShowContacts: true}
	b.ReportAllocs()
	for b.Loop() {
		if err := pdf.SignInSheet(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}
