package demo_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/demo"
	"frontdesk/data"
	"frontdesk/data/datatest"
)

// generate builds a 600-participant demo (2,400 check-ins) around
// datatest.Now in a fresh database.
func generate(t *testing.T, seed int64) (*data.Store, string, demo.Summary) {
	t.Helper()
	st, path := datatest.MustOpen(t)
	sum, err := demo.Generate(context.Background(), st, demo.Options{Participants: 600, Seed: seed, Now: datatest.Now})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return st, path, sum
}

// names lists the first n participants' names, by id.
func names(t *testing.T, st *data.Store, n int) []string {
	t.Helper()
	var out []string
	err := st.View(context.Background(), func(tx app.Tx) error {
		for id := int64(1); id <= int64(n); id++ {
			p, err := tx.Participant(context.Background(), id)
			if err != nil {
				return err
			}
			out = append(out, p.DisplayName())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// seed1Names are the first 20 participants of seed 1, as made by the demo
// before it had visits, enrolments and kits: what came before must not change.
var seed1Names = []string{"Inés Rodríguez", "Ji-woo Choi", "فاطمة الخوري", "Verónica Muñoz", "Jesús González",
	"Inés López", "Дмитрий Смирнова", "James Washington", "秀英 Chen", "Nguyễn Thị Phạm",
	"Nguyễn Thị Huỳnh", "Ольга Petrova", "秀英 王", "서연 박", "Óscar Hernández",
	"Armen Սարգսյան", "Ольга Смирнова", "Jose Rizal Bautista", "محمد Haddad", "서연 Lee"}

func TestSameSeedSamePeople(t *testing.T) {
	st1, _, sum1 := generate(t, 1)
	st2, _, sum2 := generate(t, 1)
	n1, n2 := names(t, st1, 20), names(t, st2, 20)
	if !slices.Equal(n1, seed1Names) {
		t.Errorf("seed 1 names changed:\n got %q\nwant %q", n1, seed1Names)
	}
	if !slices.Equal(n1, n2) {
		t.Errorf("two runs of seed 1 differ:\n%q\n%q", n1, n2)
	}
	if sum1 != sum2 {
		t.Errorf("two runs of seed 1 made %+v and %+v", sum1, sum2)
	}
}

func TestGenerateVisitsEnrolmentsKits(t *testing.T) {
	st, path, sum := generate(t, 7)
	now := datatest.Now
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	db := datatest.OpenRaw(t, path)
	var site app.Site
	if err := st.View(ctx, func(tx app.Tx) (err error) { site, err = tx.Site(ctx, sum.SiteID); return err }); err != nil {
		t.Fatal(err)
	}
	loc := site.Location()
	today := app.CalendarDay(now, loc)
	if sum.Visits != sum.CheckIns/10 || sum.Enrolments == 0 || sum.Kits != 40 || sum.Loans == 0 {
		t.Fatalf("summary %+v", sum)
	}

	t.Run("visits", func(t *testing.T) {
		rows, err := db.Query(`SELECT participant_id, site_id, reason, at, undone_at FROM visits ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n, undone := 0, 0
		type key struct {
			pid         int64
			reason, day string
		}
		active := map[key]bool{}
		for rows.Next() {
			var pid, siteID int64
			var reason, atText string
			var undoneAt sql.NullString
			if err := rows.Scan(&pid, &siteID, &reason, &atText, &undoneAt); err != nil {
				t.Fatal(err)
			}
			n++
			at, err := time.Parse(time.RFC3339, atText)
			if err != nil {
				t.Fatal(err)
			}
			local := at.In(loc)
			if siteID != sum.SiteID || !slices.Contains(app.VisitReasons, reason) || at.After(now) ||
				at.Before(now.AddDate(0, 0, -43)) || local.Weekday() == time.Saturday || local.Weekday() == time.Sunday ||
				local.Hour() < 9 || local.Hour() >= 17 {
				t.Errorf("visit by %d at site %d for %q at %s", pid, siteID, reason, local)
			}
			if undoneAt.Valid {
				undone++
				continue
			}
			k := key{pid, reason, local.Format(time.DateOnly)}
			if active[k] {
				t.Errorf("two active visits %v", k)
			}
			active[k] = true
		}
		if n != sum.Visits || undone == 0 || undone > n/10 {
			t.Errorf("%d visits (summary %d), %d undone", n, sum.Visits, undone)
		}
	})

	t.Run("enrolments", func(t *testing.T) {
		// every enrolment follows the participant's first check-in, at an
		// orientation, by 1 to 30 days, and is not in the future
		rows, err := db.Query(`SELECT sc.participant_id, sc.at, p.status,
			(SELECT c.at FROM checkins c WHERE c.participant_id = sc.participant_id ORDER BY c.at LIMIT 1),
			(SELECT e.kind FROM checkins c JOIN events e ON e.id = c.event_id WHERE c.participant_id = sc.participant_id ORDER BY c.at LIMIT 1)
			FROM status_changes sc JOIN participants p ON p.id = sc.participant_id WHERE sc.to_status = 'enrolled'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var pid int64
			var atText, status, firstText, kind string
			if err := rows.Scan(&pid, &atText, &status, &firstText, &kind); err != nil {
				t.Fatal(err)
			}
			n++
			at, _ := time.Parse(time.RFC3339, atText)
			first, _ := time.Parse(time.RFC3339, firstText)
			if kind != string(app.KindOrientation) || at.Sub(first) < 24*time.Hour || at.Sub(first) > 31*24*time.Hour || at.After(now) {
				t.Errorf("participant %d enrolled at %s, first check-in at %s (%s)", pid, at, first, kind)
			}
			if status == string(app.StatusNew) || status == string(app.StatusOriented) {
				t.Errorf("participant %d enrolled but %s", pid, status)
			}
		}
		if n != sum.Enrolments {
			t.Errorf("%d enrolments, summary %d", n, sum.Enrolments)
		}
	})

	t.Run("kits and loans", func(t *testing.T) {
		var kits []app.Kit
		var loans []app.Loan
		err := st.View(ctx, func(tx app.Tx) (err error) {
			if kits, err = tx.Kits(ctx, app.KitFilter{}); err != nil {
				return err
			}
			loans, err = tx.Loans(ctx, app.LoanFilter{})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(kits) != sum.Kits || len(loans) != sum.Loans {
			t.Fatalf("%d kits, %d loans; summary %+v", len(kits), len(loans), sum)
		}
		kinds := map[app.KitKind]int{}
		byID := map[int64]app.Kit{}
		for _, k := range kits {
			kinds[k.Kind]++
			byID[k.ID] = k
			if len(k.Components) == 0 || !k.CreatedAt.Before(now.AddDate(0, 0, -56)) {
				t.Errorf("kit %s: %d components, made %s", k.Tag, len(k.Components), k.CreatedAt)
			}
		}
		if kinds[app.KitLaptop] != 30 || kinds[app.KitHotspot] != 10 {
			t.Errorf("kits by kind %v", kinds)
		}
		open := map[int64]int{}
		last := map[int64]app.Loan{}
		lost, overdue, out := 0, 0, 0
		outPeople := map[int64]bool{}
		for _, l := range loans {
			k := byID[l.KitID]
			if l.OutAt.After(now) || l.OutAt.Before(now.AddDate(0, 0, -57)) || !l.Due.Equal(app.CalendarDay(l.OutAt, loc).AddDate(0, 0, 14)) {
				t.Errorf("loan %d: out %s, due %s", l.ID, l.OutAt, l.Due)
			}
			if prev, ok := last[l.KitID]; ok && (prev.ReturnedAt == nil || !prev.ReturnedAt.Before(l.OutAt)) {
				t.Errorf("kit %s lent (loan %d) before loan %d came back", k.Tag, l.ID, prev.ID)
			}
			last[l.KitID] = l
			if len(l.Components) != len(k.Components) {
				t.Errorf("loan %d has %d components, kit %d", l.ID, len(l.Components), len(k.Components))
			}
			switch l.Status {
			case app.LoanOpen:
				out++
				open[l.KitID]++
				if l.ReturnedAt != nil || k.Status != app.KitOnLoan {
					t.Errorf("open loan %d: returned %v, kit %s", l.ID, l.ReturnedAt, k.Status)
				}
				if today.After(l.Due) {
					overdue++
				}
				if outPeople[l.ParticipantID] {
					t.Errorf("participant %d has two kits out", l.ParticipantID)
				}
				outPeople[l.ParticipantID] = true
			case app.LoanLost:
				lost++
				if k.Status != app.KitLost || l.ReturnedAt == nil || !l.ReturnedAt.After(l.OutAt) || l.ReturnedAt.After(now) {
					t.Errorf("lost loan %d: kit %s, marked %v", l.ID, k.Status, l.ReturnedAt)
				}
			case app.LoanReturned:
				if l.ReturnedAt == nil || !l.ReturnedAt.After(l.OutAt) || l.ReturnedAt.After(now) {
					t.Errorf("loan %d out %s returned %v", l.ID, l.OutAt, l.ReturnedAt)
				}
			default:
				t.Errorf("loan %d is %s", l.ID, l.Status)
			}
		}
		for _, k := range kits {
			if open[k.ID] > 1 {
				t.Errorf("kit %s has %d open loans", k.Tag, open[k.ID])
			}
			switch l, ok := last[k.ID]; {
			case ok && l.Status == app.LoanOpen, ok && l.Status == app.LoanLost:
			case k.Status != app.KitAvailable:
				t.Errorf("kit %s is %s without an open or lost loan", k.Tag, k.Status)
			}
		}
		if out != 8 || overdue < 2 || overdue > 3 || lost != 2 {
			t.Errorf("%d out, %d overdue, %d lost", out, overdue, lost)
		}
	})

	t.Run("report", func(t *testing.T) {
		svc := app.NewService(st, func() time.Time { return now })
		r, err := svc.Report(ctx, app.ReportQuery{SiteID: sum.SiteID, From: today.AddDate(0, 0, -83), To: today})
		if err != nil {
			t.Fatal(err)
		}
		if r.Visits.Total == 0 || r.Visits.Visitors == 0 || len(r.Visits.ByReason) != len(app.VisitReasons) {
			t.Errorf("visits %+v", r.Visits)
		}
		if r.Conversion.Oriented == 0 || r.Conversion.Converted == 0 || r.Conversion.Rate <= 0 || r.Conversion.MedianLag < 1 {
			t.Errorf("conversion %+v", r.Conversion)
		}
		if r.Kits.Circulations == 0 || r.Kits.OpenLoans != 8 || r.Kits.Overdue < 2 || r.Kits.Lost != 2 || r.Kits.Utilisation <= 0 {
			t.Errorf("kits %+v", r.Kits)
		}
	})
}

// Every demo person can be saved again at the desk: their language is one
// the desk offers (a Greek name is registered with "other"), so editing
// them or importing them again is not refused.
func TestDemoPeopleSaveAgain(t *testing.T) {
	st, _, _ := generate(t, 1)
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	svc := app.NewService(st, func() time.Time { return datatest.Now })
	var greek int
	for id := int64(1); id <= 600; id++ {
		p, err := svc.Participant(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(p.FirstName, "Γιώργος") {
			greek++
		}
		p.SharedPhoneOK = true
		if _, err := svc.UpdateParticipant(ctx, p); err != nil {
			t.Fatalf("participant %d (%s, language %q) cannot be saved again: %v", id, p.DisplayName(), p.Language, err)
		}
	}
	if greek == 0 {
		t.Error("no Greek name among 600 demo people")
	}
}
