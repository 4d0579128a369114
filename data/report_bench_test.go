package data_test

import (
	"database/sql"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

// benchReportQuery is a year of the 100k demo, ending on the demo's today,
// all sites.
var benchReportQuery = app.ReportQuery{
	From: time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC),
	To:   time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC),
}

// BenchmarkReportYear is the director report (svc.Report) for a year on the
// 100,000-participant, 1,000,000-check-in demo database. Target: well under 5 s.
func BenchmarkReportYear(b *testing.B) {
	w := benchWork(b)
	// The benchmarks before this one leave tens of megabytes of writes in
	// the working copy's WAL (their open readers keep SQLite's automatic
	// checkpoint from finishing); fold them in, as a desk's database is
	// between bursts of check-ins, so the report reads the database file.
	db, err := sql.Open("sqlite", w.store.Path())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	db.Close()
	rep, err := w.svc.Report(benchCtx, benchReportQuery)
	if err != nil {
		b.Fatal(err)
	}
	if rep.CheckIns.Total < 900_000 || rep.People.Unique == 0 {
		b.Fatalf("implausible report: %d check-ins, %d people", rep.CheckIns.Total, rep.People.Unique)
	}
	b.Logf("check-ins %d, events %d, unique %d (new %d), oriented %d", rep.CheckIns.Total, rep.EventTotals.Events, rep.People.Unique, rep.People.New, rep.Conversion.Oriented)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.svc.Report(benchCtx, benchReportQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWIOAProgramYear is the WIOA preview (svc.WIOAPreview) of the
// program year the demo's today falls in, every site, on the same database:
// its exits with their forms and contact log, each exiter's outcome and the
// four breakdowns. Target: the year report's (≤ 5 s).
func BenchmarkWIOAProgramYear(b *testing.B) {
	w := benchWork(b)
	q := app.WIOAQuery{Year: app.ProgramYearOf(benchNow)}
	p, err := w.svc.WIOAPreview(benchCtx, q)
	if err != nil {
		b.Fatal(err)
	}
	if p.Overall.Exiters < 100 || p.Overall.Credential.Denominator == 0 || p.Overall.EmploymentQ2.Excluded == 0 {
		b.Fatalf("implausible preview: %+v", p.Overall)
	}
	b.Logf("%s: %d exits, Q2 %d/%d (%d with no information), credential %d/%d", p.Cohort, p.Overall.Exiters,
		p.Overall.EmploymentQ2.Numerator, p.Overall.EmploymentQ2.Denominator, p.Overall.EmploymentQ2.NoInfo,
		p.Overall.Credential.Numerator, p.Overall.Credential.Denominator)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.svc.WIOAPreview(benchCtx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(p.Overall.Exiters), "exits")
}

// BenchmarkReportParts times each of the report's store queries alone, to
// tell where the time goes.
func BenchmarkReportParts(b *testing.B) {
	benchReportParts(b, benchWork(b).store)
}

// benchReportParts runs one sub-benchmark per report query on st (a file
// or a server).
func benchReportParts(b *testing.B, st *data.Store) {
	var sites []app.Site
	if err := st.View(benchCtx, func(tx app.Tx) (err error) { sites, err = tx.Sites(benchCtx); return err }); err != nil {
		b.Fatal(err)
	}
	r := app.BuildReportRange(sites, benchReportQuery.From, benchReportQuery.To, benchNow)
	parts := []struct {
		name string
		fn   func(tx app.Tx) error
	}{
		{"checkins", func(tx app.Tx) error { _, err := tx.ReportCheckIns(benchCtx, r); return err }},
		{"events", func(tx app.Tx) error { _, err := tx.ReportEvents(benchCtx, r); return err }},
		{"people", func(tx app.Tx) error { _, err := tx.ReportPeople(benchCtx, r); return err }},
		{"visits", func(tx app.Tx) error { _, err := tx.ReportVisits(benchCtx, r); return err }},
		{"conversion", func(tx app.Tx) error { _, err := tx.ReportConversion(benchCtx, r); return err }},
		{"kits", func(tx app.Tx) error { _, err := tx.ReportKits(benchCtx, r); return err }},
		{"followups", func(tx app.Tx) error { _, err := tx.ReportFollowups(benchCtx, r); return err }},
		{"sms", func(tx app.Tx) error { _, err := tx.ReportSMS(benchCtx, r); return err }},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := st.View(benchCtx, p.fn); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
