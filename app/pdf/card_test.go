package pdf_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/card")

// Fixed, valid participant codes (made once with app.NewCode).
const (
	codeMaria = "P-7K3VSET56GQ"
	codeOther = "P-1CL1QKDKMVJ"
)

var site = app.Site{Name: "East LA WorkSource Center", Phone: "+13235550100"}

var maria = app.Participant{FirstName: "María José", LastName: "Gómez-Núñez", Code: codeMaria}

// needTool returns the path of an external program the test needs. When it is
// missing the test is skipped, or fails if FRONTDESK_REQUIRE_TOOLS=1.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("FRONTDESK_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is required but not installed (apt-get install poppler-utils zbar-tools)", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils zbar-tools)", name)
	}
	return path
}

// run runs a program and returns its standard output.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// compareGolden compares got with the golden file testdata/dir/name at the
// top of the repository, rewriting it first when the test runs with -update.
func compareGolden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	file := filepath.Join("..", "..", "testdata", dir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("pdftotext -layout differs from %s (run with -update if the change is intended)\ngot:\n%s\nwant:\n%s", file, got, want)
	}
}

// render writes the cards to a PDF file in a temporary directory.
func render(t *testing.T, ps ...app.Participant) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Cards(&buf, site, ps...); err != nil {
		t.Fatalf("Cards: %v", err)
	}
	path := filepath.Join(t.TempDir(), "cards.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCodesAreValid(t *testing.T) {
	for _, c := range []string{codeMaria, codeOther} {
		got, prefix, err := app.ParseCode(c)
		if err != nil || got != c || prefix != app.PrefixParticipant {
			t.Errorf("ParseCode(%q) = %q, %q, %v", c, got, prefix, err)
		}
	}
}

func TestCardText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	path := render(t, maria)
	got := run(t, pdftotext, "-layout", path, "-")

	compareGolden(t, "card", "card.txt", got)
	for _, s := range []string{
		"María José G.", codeMaria, "East LA WorkSource Center", "(323) 555-0100",
		"Show this card at the front desk", "Muestre esta tarjeta en la recepción",
	} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("card text lacks %q:\n%s", s, got)
		}
	}
}

func TestCardQRCodesScan(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm")
	zbarimg := needTool(t, "zbarimg")
	ps := []app.Participant{
		maria,
		{FirstName: "Ana", LastName: "Lee", Code: codeOther},
	}
	path := render(t, ps...)
	prefix := filepath.Join(filepath.Dir(path), "page")
	run(t, pdftoppm, "-r", "300", "-png", path, prefix)

	pages, err := filepath.Glob(prefix + "-*.png")
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != len(ps) {
		t.Fatalf("pdftoppm made %d pages, want %d: %v", len(pages), len(ps), pages)
	}
	// pdftoppm numbers pages with equal-width digits, so names sort in order.
	for i, page := range pages {
		got := strings.TrimSpace(string(run(t, zbarimg, "--quiet", "--raw", page)))
		if got != ps[i].Code {
			t.Errorf("page %d: QR code reads %q, want exactly %q", i+1, got, ps[i].Code)
		}
	}
}

func TestCardsDeterministicAndCardSize(t *testing.T) {
	var a, b bytes.Buffer
	if err := pdf.Cards(&a, site, maria); err != nil {
		t.Fatal(err)
	}
	if err := pdf.Cards(&b, site, maria); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("two renderings of the same card differ (%d and %d bytes)", a.Len(), b.Len())
	}

	pdfinfo := needTool(t, "pdfinfo")
	path := filepath.Join(t.TempDir(), "card.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	info := string(run(t, pdfinfo, path))
	m := regexp.MustCompile(`Page size:\s+([0-9.]+) x ([0-9.]+) pts`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gave no page size:\n%s", info)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	const wantW, wantH = 85.6 / 25.4 * 72, 54 / 25.4 * 72 // 242.6 × 153.1 pt
	if abs(w-wantW) > 0.5 || abs(h-wantH) > 0.5 {
		t.Errorf("page size %.1f × %.1f pt, want %.1f × %.1f (85.6 × 54 mm, landscape)", w, h, wantW, wantH)
	}
	if !regexp.MustCompile(`(?m)^Pages:\s+1$`).MatchString(info) {
		t.Errorf("want 1 page:\n%s", info)
	}
}

func TestCardsLongNamesFit(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	long := app.Participant{
		FirstName: "Maximiliana Guadalupe Esperanza Concepción",
		LastName:  "Villaseñor",
		Code:      codeOther,
	}
	longSite := app.Site{Name: "South Los Angeles Regional WorkSource and Library Learning Center", Phone: "+13235550100"}
	var buf bytes.Buffer
	if err := pdf.Cards(&buf, longSite, long); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "long.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// -bbox gives each word's box in points; none may leave the page.
	out := string(run(t, pdftotext, "-bbox", path, "-"))
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
	words := re.FindAllStringSubmatch(out, -1)
	if len(words) == 0 {
		t.Fatalf("no words found:\n%s", out)
	}
	const pageW, pageH = 85.6 / 25.4 * 72, 54 / 25.4 * 72
	for _, m := range words {
		x1, _ := strconv.ParseFloat(m[3], 64)
		y1, _ := strconv.ParseFloat(m[4], 64)
		if x1 > pageW-3 || y1 > pageH-3 {
			t.Errorf("word %q ends at (%.1f, %.1f), outside the card's %.1f × %.1f pt", m[5], x1, y1, pageW, pageH)
		}
	}
	if !strings.Contains(out, "…") {
		t.Errorf("long name not cut with an ellipsis:\n%s", out)
	}
	if !strings.Contains(out, ">V.</word>") {
		t.Errorf("cut name lost its last initial:\n%s", out)
	}
}

// embeddedFonts returns the names of the fonts pdffonts lists for a PDF
// file, with whether each is embedded.
func embeddedFonts(t *testing.T, pdffonts, path string) map[string]bool {
	t.Helper()
	lines := strings.Split(string(run(t, pdffonts, path)), "\n")
	if len(lines) < 2 {
		t.Fatalf("pdffonts printed no table for %s", path)
	}
	emb := strings.Index(lines[0], "emb")
	if emb < 0 {
		t.Fatalf("pdffonts header lacks the emb column:\n%s", strings.Join(lines, "\n"))
	}
	fonts := map[string]bool{}
	for _, line := range lines[2:] {
		if len(line) < emb+3 {
			continue
		}
		fonts[strings.Fields(line)[0]] = line[emb:emb+3] == "yes"
	}
	return fonts
}

// TestCardsScripts checks that names in Hangul, Han and Kana are set in the
// fallback fonts and that those are embedded only in documents that use them.
// The text check alone would not catch missing glyphs: gofpdf's ToUnicode map
// makes pdftotext print "민준 김." even when DejaVu draws empty boxes, so the
// font checks are what matter.
func TestCardsScripts(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	pdffonts := needTool(t, "pdffonts")
	const nanum, droid = "utf8nanumB", "utf8droidfallback"
	for _, tc := range []struct {
		name   string
		p      app.Participant
		site   string
		text   []string // in pdftotext's output
		embed  []string // fallback fonts the document must embed
		absent []string // fallback fonts it must not have
	}{
		{"latin", maria, site.Name, []string{"María José G."}, nil, []string{nanum, droid, "utf8nanum"}},
		{"korean", app.Participant{FirstName: "민준", LastName: "김", Code: codeMaria}, site.Name,
			[]string{"민준 김."}, []string{nanum}, []string{droid}},
		{"chinese", app.Participant{FirstName: "秀英", LastName: "王", Code: codeMaria}, site.Name,
			[]string{"秀英 王."}, []string{droid}, []string{nanum}},
		{"japanese", app.Participant{FirstName: "さくら", LastName: "佐藤", Code: codeMaria}, site.Name,
			[]string{"さくら 佐."}, []string{droid}, []string{nanum}},
		// A site name in Hangul uses the fallback too, and a long name in
		// runs of several fonts is still cut with an ellipsis before the
		// last initial.
		{"mixed", app.Participant{FirstName: "Nguyễn 민준 さくら 王秀英 Ἀλέξανδρος", LastName: "김", Code: codeMaria},
			"한인타운 WorkSource 센터", []string{"Nguyễn 민준", "… 김.", "한인타운 WorkSource 센터"}, []string{nanum, droid}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := pdf.Cards(&buf, app.Site{Name: tc.site, Phone: site.Phone}, tc.p); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), tc.name+".pdf")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			got := string(run(t, pdftotext, path, "-"))
			for _, s := range tc.text {
				if !strings.Contains(got, s) {
					t.Errorf("card text lacks %q:\n%s", s, got)
				}
			}
			fonts := embeddedFonts(t, pdffonts, path)
			for _, name := range []string{"utf8dejavu", "utf8dejavuB"} {
				if !fonts[name] {
					t.Errorf("font %s not embedded: %v", name, fonts)
				}
			}
			for _, name := range tc.embed {
				if !fonts[name] {
					t.Errorf("font %s not embedded: %v", name, fonts)
				}
			}
			for _, name := range tc.absent {
				if _, ok := fonts[name]; ok {
					t.Errorf("font %s in a card that does not need it: %v", name, fonts)
				}
			}
			t.Logf("%s: %d bytes, fonts %v", tc.name, buf.Len(), fonts)
		})
	}
}

func TestCardsErrors(t *testing.T) {
	for name, ps := range map[string][]app.Participant{
		"no participants": nil,
		"empty code":      {maria, {FirstName: "Ana", LastName: "Lee"}},
		"blank code":      {{FirstName: "Ana", LastName: "Lee", Code: "  "}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			err := pdf.Cards(&buf, site, ps...)
			if err == nil {
				t.Fatal("Cards succeeded, want an error")
			}
			var e *app.Error
			if !errors.As(err, &e) || e.Code != app.EInvalid {
				t.Errorf("error %v (%T), want an EInvalid *app.Error", err, err)
			}
			if buf.Len() != 0 {
				t.Errorf("Cards wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
