package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"frontdesk/app"
)

// Opening hours of the demo site (local time): visits, loans and returns
// happen on weekdays between them.
const (
	openHour  = 9
	openHours = 8
)

// opening returns a random instant during opening hours of the calendar day
// (see app.CalendarDay) in loc, as UTC.
func opening(rng *rand.Rand, day time.Time, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), openHour, 0, 0, 0, loc).
		Add(time.Duration(rng.IntN(openHours*60)) * time.Minute).UTC()
}

// weekday moves a calendar day back to the Friday before when it falls on a
// weekend.
func weekday(day time.Time) time.Time {
	switch day.Weekday() {
	case time.Saturday:
		return day.AddDate(0, 0, -1)
	case time.Sunday:
		return day.AddDate(0, 0, -2)
	}
	return day
}

// visits records n general visits over the weekdays of the past six weeks,
// during opening hours and never after now, each by a random participant
// for a random reason; about one in 50 is undone a few minutes later. Like
// the desk, it records at most one visit per participant, reason and day.
func visits(ctx context.Context, st app.Store, rng *rand.Rand, siteID int64, ids []int64, n int, now time.Time, loc *time.Location, progress func(string, int, int)) (int, error) {
	today := app.CalendarDay(now, loc)
	var days []time.Time // calendar days open before now
	for d := today.AddDate(0, 0, -42); !d.After(today); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if time.Date(d.Year(), d.Month(), d.Day(), openHour, 0, 0, 0, loc).Before(now) {
			days = append(days, d)
		}
	}
	if n == 0 || len(ids) == 0 || len(days) == 0 {
		return 0, nil
	}
	type key struct {
		pid    int64
		reason int
		day    int
	}
	seen := make(map[key]bool, n)
	made := 0
	for made < n {
		m := min(batch, n-made)
		err := st.Update(ctx, func(tx app.Tx) error {
			for i := 0; i < m; i++ {
				var k key
				for try := 0; ; try++ {
					k = key{ids[rng.IntN(len(ids))], rng.IntN(len(app.VisitReasons)), rng.IntN(len(days))}
					if !seen[k] {
						break
					}
					if try > 50 {
						return app.Errorf(app.EInvalid, "Too many visits for %d participants.", len(ids))
					}
				}
				seen[k] = true
				day := days[k.day]
				at := opening(rng, day, loc)
				if at.After(now) { // today, later than now: earlier today instead
					open := time.Date(day.Year(), day.Month(), day.Day(), openHour, 0, 0, 0, loc).UTC()
					at = open.Add(time.Duration(rng.Int64N(int64(now.Sub(open)) + 1))).Truncate(time.Second)
				}
				v := app.Visit{SiteID: siteID, ParticipantID: k.pid, Reason: app.VisitReasons[k.reason], At: at, By: "demo"}
				if err := tx.InsertVisit(ctx, &v); err != nil {
					return err
				}
				if rng.IntN(50) == 0 {
					undo := at.Add(time.Duration(1+rng.IntN(10)) * time.Minute)
					if undo.After(now) {
						undo = now
					}
					if err := tx.UndoVisit(ctx, v.ID, undo, "demo"); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return made, err
		}
		made += m
		progress("visits", made, n)
	}
	return made, nil
}

// enrolments enrols about a third of the participants whose first check-in
// was at an orientation: a status change to "enrolled" 1 to 30 days after
// that check-in (never after now); participants still new or oriented take
// the status. It returns how many it recorded.
func enrolments(ctx context.Context, st app.Store, rng *rand.Rand, ids []int64, first map[int64]firstCheckIn, now time.Time) (int, error) {
	type enrol struct {
		pid int64
		at  time.Time
	}
	var todo []enrol
	for _, pid := range ids { // in id order: map order is random
		f, ok := first[pid]
		if !ok || !f.orientation || rng.IntN(3) > 0 {
			continue
		}
		maxDays := min(30, int(now.Sub(f.at)/(24*time.Hour)))
		if maxDays < 1 {
			continue
		}
		at := f.at.Add(time.Duration(1+rng.IntN(maxDays))*24*time.Hour + time.Duration(rng.IntN(240))*time.Minute)
		if at.After(now) {
			at = now
		}
		todo = append(todo, enrol{pid, at})
	}
	for done := 0; done < len(todo); {
		chunk := todo[done:min(done+batch, len(todo))]
		err := st.Update(ctx, func(tx app.Tx) error {
			for _, e := range chunk {
				p, err := tx.Participant(ctx, e.pid)
				if err != nil {
					return err
				}
				if err := tx.AddStatusChange(ctx, &app.StatusChange{ParticipantID: p.ID, From: p.Status, To: app.StatusEnrolled, At: e.at, By: "demo"}); err != nil {
					return err
				}
				if p.Status == app.StatusNew || p.Status == app.StatusOriented {
					p.Status = app.StatusEnrolled
					if e.at.After(p.UpdatedAt) {
						p.UpdatedAt = e.at
					}
					if err := tx.UpdateParticipant(ctx, &p); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += len(chunk)
	}
	return len(todo), nil
}

// Demo kit fleet.
const (
	demoLaptops   = 30
	demoHotspots  = 10
	demoOut       = 8 // kits on loan at now
	demoLost      = 2 // kits lost
	demoLoanDays  = 14
	demoLoanWeeks = 8 // loans over the past eight weeks
)

var laptopModels = []string{"Dell Latitude 3540", "Lenovo ThinkPad E14", "HP ProBook 440"}

// kitsAndLoans adds 30 laptop and 10 hotspot kits, made ten weeks before
// now, and their loans of two weeks over the past eight: most returned on
// time, some late; 8 kits are still out (2 or 3 of them overdue) and 2 were
// lost. A kit's loans never overlap and its status matches its last loan.
// It returns how many kits and loans it made.
func kitsAndLoans(ctx context.Context, st app.Store, rng *rand.Rand, siteID int64, ids []int64, now time.Time, loc *time.Location) (int, int, error) {
	if len(ids) < demoOut {
		return 0, 0, nil
	}
	today := app.CalendarDay(now, loc)
	created := now.AddDate(0, 0, -70)
	start := today.AddDate(0, 0, -7*demoLoanWeeks)
	kits := make([]app.Kit, 0, demoLaptops+demoHotspots)
	for i := 0; i < demoLaptops+demoHotspots; i++ {
		k := app.Kit{Tag: app.NewCode(app.PrefixKit), Status: app.KitAvailable, SiteID: siteID, CreatedAt: created, UpdatedAt: created}
		if i < demoLaptops {
			k.Kind = app.KitLaptop
			k.Notes = laptopModels[rng.IntN(len(laptopModels))]
		} else {
			k.Kind = app.KitHotspot
			k.Carrier, k.Service = "T-Mobile", app.ServiceActive
			k.LineNumber = fmt.Sprintf("+1213555%04d", 2000+i)
			k.IMEI = imei(fmt.Sprintf("35%06d%06d", 123456, 100+i))
		}
		k.Components = app.StandardComponents(k.Kind)
		for j := range k.Components {
			c := &k.Components[j]
			switch c.Name {
			case app.ComponentLaptop:
				c.Serial = fmt.Sprintf("DEMO-LT-%04d", i+1)
			case app.ComponentCharger:
				c.Serial = fmt.Sprintf("DEMO-CH-%04d", i+1)
			case app.ComponentHotspot:
				c.Serial = k.IMEI
			}
		}
		kits = append(kits, k)
	}

	// each kit's fate at now: out (overdue or not), lost, or back
	const (
		fateBack = iota
		fateOut
		fateOverdue
		fateLost
	)
	fate := make([]int, len(kits))
	perm := rng.Perm(len(kits))
	overdue := 2 + rng.IntN(2)
	for j, i := range perm {
		switch {
		case j < overdue:
			fate[i] = fateOverdue
		case j < demoOut:
			fate[i] = fateOut
		case j < demoOut+demoLost:
			fate[i] = fateLost
		}
	}

	// Each kit's loans, built backwards from its last one, by calendar day.
	type plan struct {
		kit           int
		out, back     time.Time // calendar days; back zero: still out
		status        app.LoanStatus
		outAt, backAt time.Time
	}
	var plans []plan
	outPeople := map[int64]bool{} // nobody has two kits out
	for i := range kits {
		var last []plan
		end := today.AddDate(0, 0, -1) // the day before which earlier loans are back
		switch fate[i] {
		case fateOut, fateOverdue:
			ago := 1 + rng.IntN(11) // out 1–11 days ago: due in the future
			if fate[i] == fateOverdue {
				ago = 15 + rng.IntN(10) // out 15–24 days ago: past due
			}
			out := weekday(today.AddDate(0, 0, -ago))
			last = append(last, plan{kit: i, out: out, status: app.LoanOpen})
			end = out.AddDate(0, 0, -1)
		case fateLost:
			out := weekday(today.AddDate(0, 0, -28-rng.IntN(13)))
			lost := weekday(out.AddDate(0, 0, demoLoanDays+7+rng.IntN(6)))
			last = append(last, plan{kit: i, out: out, back: lost, status: app.LoanLost})
			end = out.AddDate(0, 0, -1)
		}
		for {
			back := weekday(end.AddDate(0, 0, -rng.IntN(5)))
			days := demoLoanDays - rng.IntN(4) // on time
			if rng.IntN(5) == 0 {
				days = demoLoanDays + 1 + rng.IntN(7) // late
			}
			out := weekday(back.AddDate(0, 0, -days))
			if out.Before(start) {
				break
			}
			last = append(last, plan{kit: i, out: out, back: back, status: app.LoanReturned})
			end = out.AddDate(0, 0, -1)
		}
		slices.Reverse(last)
		plans = append(plans, last...)
	}
	for i := range plans {
		p := &plans[i]
		p.outAt = opening(rng, p.out, loc)
		if !p.back.IsZero() {
			p.backAt = opening(rng, p.back, loc)
		}
	}
	slices.SortStableFunc(plans, func(a, b plan) int { return a.outAt.Compare(b.outAt) })

	loans := 0
	err := st.Update(ctx, func(tx app.Tx) error {
		for i := range kits {
			if err := tx.CreateKit(ctx, &kits[i]); err != nil {
				return err
			}
		}
		for _, p := range plans {
			k := &kits[p.kit]
			pid := ids[rng.IntN(len(ids))]
			if p.status.Out() {
				for outPeople[pid] {
					pid = ids[rng.IntN(len(ids))]
				}
				outPeople[pid] = true
			}
			l := app.Loan{KitID: k.ID, ParticipantID: pid, SiteID: siteID, OutAt: p.outAt, OutBy: "demo",
				Due: p.out.AddDate(0, 0, demoLoanDays), Status: p.status}
			for _, c := range k.Components {
				lc := app.LoanComponent{ComponentID: c.ID, Name: c.Name}
				if p.status == app.LoanReturned {
					lc.Back, lc.Condition = true, app.ConditionOK
				}
				l.Components = append(l.Components, lc)
			}
			if !p.back.IsZero() {
				back := p.backAt
				l.ReturnedAt, l.ReturnedBy = &back, "demo"
			}
			if err := tx.CreateLoan(ctx, &l); err != nil {
				return err
			}
			loans++
			switch p.status {
			case app.LoanOpen:
				k.Status, k.UpdatedAt = app.KitOnLoan, p.outAt
			case app.LoanLost:
				k.Status, k.UpdatedAt = app.KitLost, p.backAt
				if k.Kind.HasHotspot() {
					k.Service = app.ServiceSuspended
				}
			default:
				k.Status, k.UpdatedAt = app.KitAvailable, p.backAt
			}
		}
		for i := range kits {
			if err := tx.UpdateKit(ctx, &kits[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return len(kits), loans, nil
}

// imei completes 14 digits with their Luhn check digit.
func imei(body string) string {
	sum := 0
	for i := 0; i < len(body); i++ {
		v := int(body[len(body)-1-i] - '0')
		if i%2 == 0 { // doubled: every second digit from the check digit's left
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return body + fmt.Sprint((10-sum%10)%10)
}
