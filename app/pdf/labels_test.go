package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// kitTag returns a fixed, valid kit code: "K-WR" and eight digits of i, then
// the one check character app.ParseCode accepts.
func kitTag(t testing.TB, i int) string {
	t.Helper()
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	stem := fmt.Sprintf("K-WR%08d", i)
	for _, c := range alphabet {
		code, prefix, err := app.ParseCode(stem + string(c))
		if err == nil && prefix == app.PrefixKit {
			return code
		}
	}
	t.Fatalf("no check character makes %s valid", stem)
	return ""
}

// kitLabels returns n labels with tags kitTag(0..n-1).
func kitLabels(t testing.TB, n int) []pdf.KitLabel {
	sites := []string{"East LA Library", "Chinatown Library", "Sorensen Library — Whittier"}
	ls := make([]pdf.KitLabel, n)
	for i := range ls {
		ls[i] = pdf.KitLabel{Tag: kitTag(t, i), Kind: "Laptop + hotspot kit / Laptop y hotspot", Site: sites[i%len(sites)]}
		if i%4 == 2 {
			// the center's own asset tag, printed under the code
			ls[i].AltTag = fmt.Sprintf("LAPL-HS-%04d", 40+i)
		}
	}
	return ls
}

// The published templates, in inches (Avery 5160 and 5163), kept apart
// from the package's own numbers so that the tests check them.
type stockSpec struct {
	cols, rows     int
	w, h           float64
	left, top      float64
	pitchX, pitchY float64
}

var stockSpecs = map[pdf.LabelStock]stockSpec{
	pdf.Avery5160: {3, 10, 2.625, 1, 0.1875, 0.5, 2.75, 1},
	pdf.Avery5163: {2, 5, 4, 2, 0.15625, 0.5, 4.1875, 2},
}

// rect returns the rectangle of label pos, in pixels at dpi, shrunk by
// inset mm on every side.
func (s stockSpec) rect(pos int, dpi, inset float64) image.Rectangle {
	x := (s.left + float64(pos%s.cols)*s.pitchX) * dpi
	y := (s.top + float64(pos/s.cols)*s.pitchY) * dpi
	in := inset / 25.4 * dpi
	return image.Rect(int(x+in+0.5), int(y+in+0.5), int(x+s.w*dpi-in+0.5), int(y+s.h*dpi-in+0.5))
}

func writeLabels(t *testing.T, stock pdf.LabelStock, ls []pdf.KitLabel, skip int) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.KitLabels(&buf, stock, ls, skip); err != nil {
		t.Fatalf("KitLabels: %v", err)
	}
	path := filepath.Join(t.TempDir(), "labels.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// renderPages renders every page of the PDF at path in grey at dpi.
func renderPages(t *testing.T, path string, dpi int) []*image.Gray {
	t.Helper()
	pdftoppm := needTool(t, "pdftoppm")
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, pdftoppm, "-r", fmt.Sprint(dpi), "-gray", "-png", path, prefix)
	files, _ := filepath.Glob(prefix + "-*.png")
	sort.Strings(files)
	var pages []*image.Gray
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		g := image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, image.Point{}, draw.Src)
		pages = append(pages, g)
	}
	return pages
}

// inked reports whether r of img has any pixel darker than light grey.
func inked(img *image.Gray, r image.Rectangle) bool {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y < 200 {
				return true
			}
		}
	}
	return false
}

// scanLabels returns, for each position of a 300 dpi page of stock, what
// zbarimg reads in that label's rectangle alone (padded with white), or ""
// when the label is blank. A label with ink but no code fails the test.
func scanLabels(t *testing.T, page *image.Gray, stock pdf.LabelStock) []string {
	t.Helper()
	zbarimg := needTool(t, "zbarimg")
	s := stockSpecs[stock]
	dir := t.TempDir()
	out := make([]string, s.cols*s.rows)
	for pos := range out {
		r := s.rect(pos, 300, 0)
		if !inked(page, r) {
			continue
		}
		const pad = 60
		crop := image.NewGray(image.Rect(0, 0, r.Dx()+2*pad, r.Dy()+2*pad))
		draw.Draw(crop, crop.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(crop, r.Sub(r.Min).Add(image.Pt(pad, pad)), page, r.Min, draw.Src)
		file := filepath.Join(dir, fmt.Sprintf("label%02d.png", pos))
		var buf bytes.Buffer
		if err := png.Encode(&buf, crop); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSpace(string(run(t, zbarimg, "--raw", "-q", file)))
		if got == "" || strings.Contains(got, "\n") {
			t.Fatalf("label %d: zbarimg read %q", pos+1, got)
		}
		out[pos] = got
	}
	return out
}

// underTag reports whether, in pdftotext -layout output, alt starts on the
// line under the one holding tag, in the same column.
func underTag(text, tag, alt string) bool {
	lines := strings.Split(text, "\n")
	for i, line := range lines[:len(lines)-1] {
		if col := strings.Index(line, tag); col >= 0 {
			return strings.Index(lines[i+1], alt) == col
		}
	}
	return false
}

func TestKitTagsValid(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 40; i++ {
		tag := kitTag(t, i)
		if !regexp.MustCompile(`^K-[0-9A-Z]{11}$`).MatchString(tag) || seen[tag] {
			t.Errorf("tag %d: %q", i, tag)
		}
		seen[tag] = true
	}
}

func TestKitLabelsText(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	for _, tc := range []struct {
		stock  pdf.LabelStock
		n      int
		golden string
	}{
		{pdf.Avery5160, 30, "avery5160.txt"},
		{pdf.Avery5163, 10, "avery5163.txt"},
	} {
		t.Run(tc.stock.String(), func(t *testing.T) {
			ls := kitLabels(t, tc.n)
			ls[1].Site = "Biblioteca Pública de 한국타운"
			path := writeLabels(t, tc.stock, ls, 0)
			got := run(t, pdftotext, "-layout", path, "-")
			compareGolden(t, "labels", tc.golden, got)
			text := string(got)
			for _, l := range ls {
				if strings.Count(text, l.Tag) != 1 {
					t.Errorf("tag %s is not printed exactly once", l.Tag)
				}
				if l.AltTag != "" && !underTag(text, l.Tag, l.AltTag) {
					t.Errorf("asset tag %s is not printed on the line under %s:\n%s", l.AltTag, l.Tag, text)
				}
			}
			if n := strings.Count(text, "LAPL-HS-"); n != (tc.n+1)/4 {
				t.Errorf("%d asset tags printed, want %d", n, (tc.n+1)/4)
			}
			if strings.Count(text, "Laptop y hotspot") != tc.n || !strings.Contains(text, "한국타운") {
				t.Errorf("kinds or sites missing:\n%s", text)
			}
		})
	}
}

// TestKitLabelsScanAndFit renders a full sheet of each stock at 300 dpi and
// checks that zbarimg reads every tag on the page, that each label's own
// rectangle (from the published template) holds exactly its tag's code,
// and that no ink falls within 1.5 mm of any label's edge or off the labels.
func TestKitLabelsScanAndFit(t *testing.T) {
	zbarimg := needTool(t, "zbarimg")
	for _, stock := range []pdf.LabelStock{pdf.Avery5160, pdf.Avery5163} {
		t.Run(stock.String(), func(t *testing.T) {
			s := stockSpecs[stock]
			n := s.cols * s.rows
			if stock.PerPage() != n {
				t.Fatalf("PerPage() = %d, want %d", stock.PerPage(), n)
			}
			ls := kitLabels(t, n)
			path := writeLabels(t, stock, ls, 0)
			pages := renderPages(t, path, 300)
			if len(pages) != 1 {
				t.Fatalf("%d pages, want 1", len(pages))
			}

			// The whole page at once: the set of payloads is the set of tags.
			file := filepath.Join(t.TempDir(), "page.png")
			var buf bytes.Buffer
			png.Encode(&buf, pages[0])
			os.WriteFile(file, buf.Bytes(), 0o644)
			got := strings.Fields(string(run(t, zbarimg, "--raw", "-q", file)))
			sort.Strings(got)
			var want []string
			for _, l := range ls {
				want = append(want, l.Tag)
			}
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("zbarimg read %d codes %v,\nwant the %d tags %v", len(got), got, len(want), want)
			}

			// Each label alone holds its own tag, in order.
			for pos, tag := range scanLabels(t, pages[0], stock) {
				if tag != ls[pos].Tag {
					t.Errorf("label %d reads %q, want %q", pos+1, tag, ls[pos].Tag)
				}
			}

			// No ink outside the labels' safe areas (1.5 mm in from each
			// edge, less a pixel for anti-aliasing).
			img := pages[0]
			safe := make([]image.Rectangle, n)
			for pos := range safe {
				safe[pos] = s.rect(pos, 300, 1.5).Inset(-1)
			}
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if img.GrayAt(x, y).Y >= 200 {
						continue
					}
					p := image.Pt(x, y)
					in := false
					for _, r := range safe {
						if p.In(r) {
							in = true
							break
						}
					}
					if !in {
						t.Fatalf("ink at (%.2f, %.2f) mm is not inside any label's safe area", float64(x)*25.4/300, float64(y)*25.4/300)
					}
				}
			}
		})
	}
}

func TestKitLabelsSkipAndPages(t *testing.T) {
	pdfinfo := needTool(t, "pdfinfo")
	for _, tc := range []struct {
		name  string
		stock pdf.LabelStock
		n     int
		skip  int
		// want[p][pos] is the index of the label at position pos of page
		// p, or -1 for a blank position.
		pages int
	}{
		{"5160 skip 28", pdf.Avery5160, 5, 28, 2},
		{"5160 31 labels", pdf.Avery5160, 31, 0, 2},
		{"5160 skip 7", pdf.Avery5160, 3, 7, 1},
		{"5163 skip 9", pdf.Avery5163, 2, 9, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls := kitLabels(t, tc.n)
			path := writeLabels(t, tc.stock, ls, tc.skip)
			info := string(run(t, pdfinfo, path))
			if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages: +%d$`, tc.pages)).MatchString(info) || !strings.Contains(info, "(letter)") {
				t.Fatalf("pdfinfo:\n%s", info)
			}
			pages := renderPages(t, path, 300)
			per := tc.stock.PerPage()
			for p, page := range pages {
				got := scanLabels(t, page, tc.stock)
				for pos, tag := range got {
					i := p*per + pos - tc.skip // the label that belongs here
					want := ""
					if i >= 0 && i < tc.n {
						want = ls[i].Tag
					}
					if tag != want {
						t.Errorf("page %d, position %d reads %q, want %q", p+1, pos+1, tag, want)
					}
				}
			}
		})
	}
}

func TestKitLabelsDeterministicAndInvalid(t *testing.T) {
	ls := kitLabels(t, 12)
	var a, b bytes.Buffer
	if err := pdf.KitLabels(&a, pdf.Avery5160, ls, 3); err != nil {
		t.Fatal(err)
	}
	if err := pdf.KitLabels(&b, pdf.Avery5160, ls, 3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same labels gave different bytes")
	}
	for _, tc := range []struct {
		name  string
		stock pdf.LabelStock
		ls    []pdf.KitLabel
		skip  int
	}{
		{"unknown stock", pdf.LabelStock(0), ls, 0},
		{"no labels", pdf.Avery5160, nil, 0},
		{"negative skip", pdf.Avery5160, ls, -1},
		{"skip a whole sheet", pdf.Avery5160, ls, 30},
		{"skip a whole 5163 sheet", pdf.Avery5163, ls, 10},
		{"no tag", pdf.Avery5160, []pdf.KitLabel{{Tag: "  ", Kind: "Laptop"}}, 0},
		{"tag too long", pdf.Avery5160, []pdf.KitLabel{{Tag: strings.Repeat("K", 33)}}, 0},
	} {
		var buf bytes.Buffer
		if err := pdf.KitLabels(&buf, tc.stock, tc.ls, tc.skip); app.ErrorCode(err) != app.EInvalid || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes; want EInvalid and nothing written", tc.name, err, buf.Len())
		}
	}
}
