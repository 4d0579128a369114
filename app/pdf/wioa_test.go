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

// previewRate is a rate indicator: num of den (the rate 0 when den is),
// noInfo unknown, excl excluded.
func previewRate(num, den, noInfo, excl int, complete bool) app.WIOARate {
	return app.WIOARate{Rate: float64(num) / float64(max(den, 1)), Numerator: num, Denominator: den, NoInfo: noInfo,
		Excluded: excl, Complete: complete}
}

// previewGroup is the i-th group of a breakdown, n exiters, its figures
// made up from i and n (every group's different, none of them empty).
func previewGroup(key, label string, i, n int) app.WIOAGroup {
	den := n - i%2
	q2 := den * (60 + 3*i%30) / 100
	return app.WIOAGroup{Key: key, Label: label, WIOAIndicators: app.WIOAIndicators{
		Exiters:      n,
		EmploymentQ2: previewRate(q2, den, i%4, n-den, true),
		EmploymentQ4: previewRate(q2*4/5, den, 1+i%3, n-den, i%3 != 0),
		EarningsQ2: app.WIOAEarnings{Employed: q2, Known: q2 - i%3, Estimated: min(i%5, q2-i%3), NoInfo: i % 3,
			MedianCents: int64(640000 + 12345*i), Complete: true},
		Credential: previewRate(den/3, den/2, i%2, n-den, i%2 == 0),
	}}
}

// wioaPreview is PY 2025's preview of three sites as of Dec 15, 2026, made
// by hand: 120 exiters, Q2 86 of 117 (73.5%, meets its level of 70%),
// Q4 running and short of its level, median earnings $8,060.01 (14 of 80
// estimated), no credential level; six case managers (one with a Spanish
// name, and nobody's), 40 ZIP codes (so the ZIP table runs onto another
// page) and five languages.
func wioaPreview() app.WIOAPreview {
	q := app.WIOAQuery{Year: 2025}
	p := app.WIOAPreview{Query: q, Today: time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)}
	p.First, p.Last, p.Cohort = q.Cohort()
	p.Overall = app.WIOAIndicators{Exiters: 120,
		EmploymentQ2: previewRate(86, 117, 9, 3, true),
		EmploymentQ4: previewRate(70, 117, 21, 3, false),
		EarningsQ2:   app.WIOAEarnings{Employed: 86, Known: 80, Estimated: 14, NoInfo: 6, MedianCents: 806001, Complete: true},
		Credential:   previewRate(31, 52, 7, 3, false),
	}
	p.Targets = app.WIOATargets{ProgramYear: 2025, EmploymentQ2: 0.70, EmploymentQ4: 0.68, MedianCents: 700000}
	for i, s := range []string{"East LA WorkSource Center", "Bronx", "Boyle Heights"} {
		p.BySite = append(p.BySite, previewGroup(fmt.Sprint(i+1), s, i, 60-20*i))
	}
	for i, m := range []string{"Carla Ruiz", "Dev Patel", "María José Gómez-Núñez", "Ana Lee", "Sam Okafor", ""} {
		key := fmt.Sprint(10 + i)
		if m == "" {
			key, m = "", "(none)"
		}
		p.ByManager = append(p.ByManager, previewGroup(key, m, i, 30-4*i))
	}
	for i := 0; i < 40; i++ {
		z := fmt.Sprintf("900%02d", i)
		p.ByZIP = append(p.ByZIP, previewGroup(z, z, i, 8-i/6))
	}
	for i, l := range []string{"es", "en", "ko", "hy", ""} {
		p.ByLanguage = append(p.ByLanguage, previewGroup(l, app.LanguageName(l, "en"), i, 50-10*i))
	}
	return p
}

// wioaPDF writes p as a PDF to a temporary file and returns its path.
// FRONTDESK_WIOA_PDF=path also keeps a copy there, to look at.
func wioaPDF(t *testing.T, p app.WIOAPreview) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.WriteWIOA(&buf, p); err != nil {
		t.Fatalf("WriteWIOA: %v", err)
	}
	path := filepath.Join(t.TempDir(), "wioa.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("FRONTDESK_WIOA_PDF"); keep != "" {
		if err := os.WriteFile(keep, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), path
}

// TestWIOAPDF reads the printed preview back with pdftotext: the header
// and legend in both languages, the indicators with their counts, levels
// and status, each breakdown's table with its bilingual heading and
// columns, the ZIP table continued on the next page with its header, and
// every page's title and page number. The same preview gives the same
// bytes, and the text is the golden file's.
func TestWIOAPDF(t *testing.T) {
	pdftotext, pdfinfo := needTool(t, "pdftotext"), needTool(t, "pdfinfo")
	p := wioaPreview()
	raw, path := wioaPDF(t, p)
	var again bytes.Buffer
	if err := pdf.WriteWIOA(&again, wioaPreview()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again.Bytes()) {
		t.Fatal("the same preview gave different bytes")
	}
	text := run(t, pdftotext, "-layout", path, "-")
	compareGolden(t, "wioa", "wioa.txt.golden", text)

	info := string(run(t, pdfinfo, path))
	if !regexp.MustCompile(`Page size:\s+612 x 792 pts \(letter\)`).MatchString(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
	all := string(text)
	pages := strings.Split(strings.TrimSuffix(all, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d pages; the ZIP codes should run onto a second", len(pages))
	}
	for i, page := range pages {
		for _, want := range []string{"WIOA performance preview / Avance del desempeño WIOA", "PY 2025 (Jul 1, 2025 – Jun 30, 2026)",
			fmt.Sprintf("Page %d of %d / Página %d de %d", i+1, len(pages), i+1, len(pages))} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d has no %q", i+1, want)
			}
		}
	}
	for _, want := range []string{
		// header and legend
		`All sites / Todos los sitios · figures as of Dec 15, 2026 / cifras al 15 dic 2026`,
		`Negotiated levels / Niveles negociados: program year 2025 / año del programa 2025`,
		`no information, counted as not employed`, `sin información`, `Running: the period measured`, `En curso:`,
		`hourly wage × hours a week × 13`,
		// the indicators: rate, numerator, denominator, no information,
		// excluded, level, meets, status
		`Indicators / Indicadores\s+120 exiters · 3 excluded / excluidas`,
		`Indicator\s+Figure\s+Numerator\s+Denominator\s+No information\s+Excluded\s+Level\s+Meets\s+Status\n`,
		`Indicador\s+Cifra\s+Numerador\s+Denominador\s+Sin información\s+Excluidas\s+Nivel\s+Cumple\s+Estado\n`,
		`Employment rate, 2nd\s+73\.5%\s+86\s+117\s+9\s+3\s+70\.0%\s+Yes\s+Complete\n\s+quarter after exit\s+Sí\s+Completo\n\s+Tasa de empleo, 2\.º\n`,
		`Employment rate, 4th\s+59\.8% \*\s+70\s+117\s+21\s+3\s+68\.0%\s+No\s+Running\n\s+quarter after exit\s+En curso\n`,
		`Median earnings, 2nd\s+\$8,060\.01\s+80\s+86\s+6\s+3\s+\$7,000\.00\s+Yes\s+Complete\n`,
		`earnings known for 80 of\s+86 employed · 14\s+estimated`,
		`Credential attainment\s+59\.6% \*\s+31\s+52\s+7\s+3\s+—\s+—\s+Running\n\s+Obtención de\s+En curso\n\s+credenciales\n`,
		// the breakdowns
		`By site / Por sede\s+3 groups`,
		`Site\s+Exiters\s+Employment Q2\s+Employment Q4\s+Median earnings Q2\s+Credential`,
		`Sede\s+Salidas\s+Empleo T2\s+Empleo T4\s+Mediana de ingresos T2\s+Credenciales`,
		`East LA WorkSource Center\s+60\s+60\.0%\s+46\.7% \*\s+\$6,400\.00\s+66\.7%\n`,
		`36 of 60 · 0 no info\s+28 of 60 · 1 no info\s+36 of 36 · 0 no info\s+20 of 30 · 0 no info`,
		`By case manager / Por administrador de casos\s+6 groups`,
		`María José Gómez-Núñez`, `\(none\)`,
		`By ZIP code / Por código postal\s+40 groups`,
		`By ZIP code / Por código postal \(continued / continuación\)`,
		`By language / Por idioma\s+5 groups`,
		`Spanish\s+50`, `Armenian`,
	} {
		if !regexp.MustCompile(want).MatchString(all) {
			t.Errorf("no %q in the preview", want)
		}
	}
}

// An empty cohort prints its header, its indicators with no figures (a
// dash) and empty breakdowns, and says no levels are entered.
func TestWIOAPDFEmpty(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	q := app.WIOAQuery{Year: 2026, Quarter: 3, SiteID: 4}
	p := app.WIOAPreview{Query: q, Today: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), Targets: app.WIOATargets{ProgramYear: 2026}}
	p.First, p.Last, p.Cohort = q.Cohort()
	p.Overall = app.SummarizeWIOA(nil, p.Today) // as the service makes it: nothing running
	_, path := wioaPDF(t, p)
	text := string(run(t, pdftotext, "-layout", path, "-"))
	for _, want := range []string{"2026 Q3 (Jul 1 – Sep 30, 2026)", "Site 4 · figures as of Aug 1, 2026", "Page 1 of 1",
		"none entered for program year 2026", "0 exiters", "None in this range.", "By language / Por idioma", "Complete"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the empty preview:\n%s", want, text)
		}
	}
	if regexp.MustCompile(`\d+\.\d%`).MatchString(text) || strings.Contains(text, "Running ") {
		t.Errorf("an empty preview prints a rate:\n%s", text)
	}
}

// TestReportPDFWithWIOA: a director report carrying a WIOA preview prints
// the preview's pages after its own, as WriteWIOA draws them, numbered on
// from the report's; one carrying none never mentions WIOA.
func TestReportPDFWithWIOA(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	_, plainPath := reportPDF(t, directorReport())
	plain := string(run(t, pdftotext, "-layout", plainPath, "-"))
	if strings.Contains(plain, "WIOA") {
		t.Error("a report without a preview mentions WIOA")
	}
	own := len(strings.Split(strings.TrimSuffix(plain, "\f"), "\f"))
	_, alonePath := wioaPDF(t, wioaPreview())
	alone := strings.Split(strings.TrimSuffix(string(run(t, pdftotext, "-layout", alonePath, "-")), "\f"), "\f")

	rep := directorReport()
	rep.WIOA = wioaPreview()
	_, path := reportPDF(t, rep)
	pages := strings.Split(strings.TrimSuffix(string(run(t, pdftotext, "-layout", path, "-")), "\f"), "\f")
	if len(pages) != own+len(alone) {
		t.Fatalf("%d pages, want the report's %d and the preview's %d", len(pages), own, len(alone))
	}
	footPage := regexp.MustCompile(`Page \d+ of \d+ / Página \d+ de \d+`)
	for i, page := range pages {
		if want := fmt.Sprintf("Page %d of %d / Página %d de %d", i+1, len(pages), i+1, len(pages)); !strings.Contains(page, want) {
			t.Errorf("page %d has no %q", i+1, want)
		}
		if !strings.Contains(page, "Front Desk — Director report — "+rep.Title()) {
			t.Errorf("page %d's footer does not name the report", i+1)
		}
		if i < own {
			if strings.Contains(page, "WIOA") {
				t.Errorf("the report's page %d mentions WIOA", i+1)
			}
			continue
		}
		// the preview's page, as WriteWIOA prints it but for the footer
		// (and the spaces between its columns)
		a := alone[i-own]
		trim := func(s string) string {
			lines := strings.Split(strings.TrimRight(s, "\n "), "\n")
			var out []string
			for _, l := range lines {
				if !footPage.MatchString(l) {
					// pdftotext spaces columns by where they fall
					out = append(out, strings.Join(strings.Fields(l), " "))
				}
			}
			return strings.Join(out, "\n")
		}
		if trim(page) != trim(a) {
			t.Errorf("page %d is not the preview's page %d:\n%s\n---\n%s", i+1, i-own+1, page, a)
		}
	}
	if !strings.Contains(pages[own], "WIOA performance preview / Avance del desempeño WIOA") || !strings.Contains(pages[own], "PY 2025 (Jul 1, 2025 – Jun 30, 2026)") {
		t.Errorf("the preview's first page:\n%s", pages[own])
	}
}
