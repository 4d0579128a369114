package export_test

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/app/export"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// The roster benchmarks run on a 100k-participant demo database, kept in
// the system's temporary folder between runs (it takes ~20 s to make).
//
//	go test -run NONE -bench Roster -benchtime 5x ./app/export/
//
// Each export is compared with its floor in the same run: the same SQL
// rows written by plain encoding/csv to io.Discard, and the same cells
// written by a plain excelize StreamWriter to io.Discard. An export ends
// with a write (its audit record), which makes SQLite drop every reader's
// page cache; each floor iteration makes the same small write first, so
// both read the database as an export does in real use, once, cold.

var (
	benchOnce  sync.Once
	benchStore *data.Store
	benchErr   error
)

func benchDB(b *testing.B) (*app.Service, context.Context) {
	b.Helper()
	benchOnce.Do(func() {
		path := filepath.Join(os.TempDir(), "frontdesk-export-bench-100k.db")
		_, statErr := os.Stat(path)
		benchStore, benchErr = data.Open(context.Background(), path, data.Options{})
		if benchErr != nil || statErr == nil {
			return
		}
		t0 := time.Now()
		_, benchErr = demo.Generate(context.Background(), benchStore, demo.Options{Participants: 100_000, CheckIns: 20_000, Seed: 1, Now: datatest.Now})
		b.Logf("made the 100k database in %v", time.Since(t0))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	svc := app.NewService(benchStore, func() time.Time { return datatest.Now })
	return svc, app.WithActor(context.Background(), app.Actor{Username: "bench", Roles: []app.Role{app.RoleDirector}})
}

func benchOptions(b *testing.B, profile string) export.Options {
	return export.Options{Dir: b.TempDir(), Profile: profile, From: la(2026, 3, 10, 0, 0), To: la(2026, 6, 10, 0, 0)}
}

// benchRows streams the roster's rows straight from the store, as the
// export reads them.
func benchRows(b *testing.B, svc *app.Service, byPhone bool, fn func(site app.Site, loc *time.Location, r *app.RosterRow) error) {
	ctx := context.Background()
	err := benchStore.Update(ctx, func(tx app.Tx) error { return tx.SetSetting(ctx, "bench.floor", time.Now().String()) })
	if err != nil {
		b.Fatal(err)
	}
	err = benchStore.View(ctx, func(tx app.Tx) error {
		sites, err := tx.Sites(ctx)
		if err != nil {
			return err
		}
		from, to, _ := app.DayRange(la(2026, 3, 10, 0, 0), la(2026, 6, 10, 0, 0), sites[0].Location())
		q := app.RosterQuery{SiteID: sites[0].ID, NextFrom: datatest.Now, NextTo: to, ByPhone: byPhone}
		_ = from
		loc := sites[0].Location()
		return tx.RosterRows(ctx, q, func(r *app.RosterRow) error { return fn(sites[0], loc, r) })
	})
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkRosterSQLOnly(b *testing.B) {
	svc, _ := benchDB(b)
	for b.Loop() {
		n := 0
		benchRows(b, svc, false, func(app.Site, *time.Location, *app.RosterRow) error { n++; return nil })
		b.ReportMetric(float64(n), "rows")
	}
}

func BenchmarkRosterCSVFloor(b *testing.B) {
	svc, _ := benchDB(b)
	for b.Loop() {
		cw := csv.NewWriter(io.Discard)
		rec := make([]string, len(export.ParticipantHeader))
		cw.Write(export.ParticipantHeader)
		benchRows(b, svc, false, func(site app.Site, loc *time.Location, r *app.RosterRow) error {
			rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = r.FirstName, r.LastName, r.Phone, r.Email, r.Language, site.Name
			rec[6], rec[7], rec[8] = r.CreatedAt.In(loc).Format("2006-01-02"), "n", "n"
			rec[9], rec[10], rec[11] = "", "", r.NextEventTitle
			if !r.LastVisit.IsZero() {
				rec[9] = r.LastVisit.In(loc).Format("2006-01-02")
			}
			if !r.NextEventStart.IsZero() {
				rec[10] = r.NextEventStart.In(loc).Format(time.RFC3339)
			}
			return cw.Write(rec)
		})
		cw.Flush()
	}
}

func BenchmarkRosterCSV(b *testing.B) {
	svc, ctx := benchDB(b)
	o := benchOptions(b, app.ProfileCSV)
	for b.Loop() {
		res, err := export.Roster(ctx, svc, o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Participants), "rows")
	}
}

func BenchmarkRosterRapidProFloor(b *testing.B) {
	svc, _ := benchDB(b)
	for b.Loop() {
		var f *excelize.File
		var sw *excelize.StreamWriter
		rows := 0
		flush := func() {
			if sw == nil {
				return
			}
			if err := sw.Flush(); err != nil {
				b.Fatal(err)
			}
			if _, err := f.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
			sw = nil
		}
		head := export.RapidProHeader()
		hrow := make([]any, len(head))
		for i, h := range head {
			hrow[i] = h
		}
		cells := make([]any, len(head))
		last := ""
		benchRows(b, svc, true, func(site app.Site, loc *time.Location, r *app.RosterRow) error {
			if r.Phone == last {
				return nil
			}
			last = r.Phone
			if sw != nil && rows == export.MaxContactsPerFile {
				flush()
			}
			if sw == nil {
				f = excelize.NewFile()
				var err error
				if sw, err = f.NewStreamWriter("Sheet1"); err != nil {
					return err
				}
				sw.SetRow("A1", hrow)
				rows = 0
			}
			cells[0], cells[1], cells[2] = r.Phone, r.FirstName+" "+r.LastName, export.Lang3(r.Language)
			cells[3], cells[4], cells[5], cells[6] = r.FirstName, r.LastName, r.Email, site.Name
			cells[7], cells[8], cells[9], cells[10] = r.CreatedAt.In(loc).Format("2006-01-02"), "n", "n", ""
			cells[11], cells[12] = "", r.NextEventTitle
			rows++
			cell, _ := excelize.CoordinatesToCellName(1, rows+1)
			return sw.SetRow(cell, cells)
		})
		flush()
	}
}

func BenchmarkRosterRapidPro(b *testing.B) {
	svc, ctx := benchDB(b)
	o := benchOptions(b, app.ProfileRapidPro)
	for b.Loop() {
		res, err := export.Roster(ctx, svc, o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Contacts), "rows")
	}
}

// BenchmarkRosterCount is the count the export makes first, for its
// progress bar.
func BenchmarkRosterCount(b *testing.B) {
	benchDB(b)
	ctx := context.Background()
	for b.Loop() {
		err := benchStore.View(ctx, func(tx app.Tx) error {
			sites, err := tx.Sites(ctx)
			if err != nil {
				return err
			}
			n, err := tx.CountRosterRows(ctx, app.RosterQuery{SiteID: sites[0].ID, NextFrom: datatest.Now, NextTo: datatest.Now})
			b.ReportMetric(float64(n), "rows")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
