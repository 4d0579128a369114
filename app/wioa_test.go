package app_test

import (
	"testing"
	"time"

	"frontdesk/app"
)

func cday(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestQuartersAndProgramYears(t *testing.T) {
	for _, c := range []struct {
		day  time.Time
		q    string
		py   int
		q2   [2]time.Time // 2nd quarter after an exit on day
		q4   [2]time.Time
		last time.Time // the quarter's last day
	}{
		// the last day of a quarter: its 2nd quarter after is Q3
		{cday(2026, 3, 31), "2026 Q1", 2025, [2]time.Time{cday(2026, 7, 1), cday(2026, 9, 30)}, [2]time.Time{cday(2027, 1, 1), cday(2027, 3, 31)}, cday(2026, 3, 31)},
		// the first day of the next: any day of Q2 → Q4 of the same year
		{cday(2026, 4, 1), "2026 Q2", 2025, [2]time.Time{cday(2026, 10, 1), cday(2026, 12, 31)}, [2]time.Time{cday(2027, 4, 1), cday(2027, 6, 30)}, cday(2026, 6, 30)},
		// June 30 is the last day of PY 2025, July 1 the first of PY 2026
		{cday(2026, 6, 30), "2026 Q2", 2025, [2]time.Time{cday(2026, 10, 1), cday(2026, 12, 31)}, [2]time.Time{cday(2027, 4, 1), cday(2027, 6, 30)}, cday(2026, 6, 30)},
		{cday(2026, 7, 1), "2026 Q3", 2026, [2]time.Time{cday(2027, 1, 1), cday(2027, 3, 31)}, [2]time.Time{cday(2027, 7, 1), cday(2027, 9, 30)}, cday(2026, 9, 30)},
		// a leap day, and the year's last day
		{cday(2028, 2, 29), "2028 Q1", 2027, [2]time.Time{cday(2028, 7, 1), cday(2028, 9, 30)}, [2]time.Time{cday(2029, 1, 1), cday(2029, 3, 31)}, cday(2028, 3, 31)},
		{cday(2026, 12, 31), "2026 Q4", 2026, [2]time.Time{cday(2027, 4, 1), cday(2027, 6, 30)}, [2]time.Time{cday(2027, 10, 1), cday(2027, 12, 31)}, cday(2026, 12, 31)},
	} {
		q := app.QuarterOf(c.day)
		if q.String() != c.q || !q.Last().Equal(c.last) || app.ProgramYearOf(c.day) != c.py {
			t.Errorf("%s: quarter %s (last %s), PY %d; want %s (last %s), PY %d", c.day.Format(time.DateOnly), q, q.Last().Format(time.DateOnly),
				app.ProgramYearOf(c.day), c.q, c.last.Format(time.DateOnly), c.py)
		}
		for n, want := range map[int][2]time.Time{2: c.q2, 4: c.q4} {
			first, last := app.QuarterAfterExit(c.day, n)
			if !first.Equal(want[0]) || !last.Equal(want[1]) || !q.Add(n).First().Equal(first) {
				t.Errorf("%s: quarter %d after exit %s – %s, want %s – %s", c.day.Format(time.DateOnly), n,
					first.Format(time.DateOnly), last.Format(time.DateOnly), want[0].Format(time.DateOnly), want[1].Format(time.DateOnly))
			}
		}
	}
	first, last := app.ProgramYearDays(2025)
	if !first.Equal(cday(2025, 7, 1)) || !last.Equal(cday(2026, 6, 30)) {
		t.Errorf("PY 2025: %s – %s", first, last)
	}
}

// wioaFixture are eight exits worked out by hand (today is 2027-12-15):
//
//	A exit 2026-03-31 (a quarter's last day): Q2 after = 2026 Q3, Q4 after =
//	  2027 Q1. The Q2 form says employed, earnings $7,800.01 recorded; a
//	  contact on 2027-02-10 says still employed (Q4 yes). In training, a
//	  credential dated 2027-03-31: exactly a year after exit, counted.
//	B exit 2026-04-01 (a quarter's first day): Q2 after = 2026 Q4, Q4 after =
//	  2027 Q2. A contact on 2026-12-31 (Q2's last day) says still employed;
//	  no earnings recorded: the job's $20.00 × 32 h × 13 = $8,320.00,
//	  estimated. The Q4 form says not employed. In training, a credential a
//	  year and a day after exit: not counted, and the year is over (no).
//	C exit 2026-06-30 (PY 2025's last day): nothing recorded since: no
//	  information on Q2 and Q4.
//	D exit 2026-07-01 (PY 2026's first day): Q2 after = 2027 Q1: a contact on
//	  2027-01-01 notes a pay stub seen (yes); the Q2 form has $18.00 × 40 h
//	  (no earnings): $9,360.00 estimated. Q4 after = 2027 Q3: a contact on
//	  2027-06-30 is a day before it: no information. In training, no
//	  credential, the year over: no.
//	E exit 2026-05-15, deceased: excluded from everything.
//	F exit 2026-09-30 (2026 Q3): Q2 after = 2027 Q1: the job started
//	  2027-01-01, in it (yes); earnings from the job: $16.50 × 20 h × 13 =
//	  $4,290.00 estimated. Q4 after = 2027 Q3: no information. In training, no
//	  credential, the year over (2027-09-30): no.
//	G exit 2026-08-10: the Q2 form says employed, with no earnings, wage or
//	  job: employed, earnings unknown. Q4: no information.
//	H exit 2027-06-30: nothing yet; Q2 after (2027 Q4) and Q4 after are not
//	  over, and the credential year neither (in training: no information).
//
// Counted (not E): 7. Q2: yes A B D F G = 5 of 7, no information C H;
// not complete (H). Q4: yes A = 1 of 7, no B, no information C D F G H.
// Earnings: employed in Q2 5, known 4 (A recorded; B D F estimated),
// unknown G; median of 4,290.00 7,800.01 8,320.00 9,360.00 = the mean of
// the middle two, 8,060.005 → $8,060.01; complete. Credential: in training
// A B D F H = 5, attained A = 1, no information H; not complete.
func wioaFixture() []app.WIOAExit {
	person := func(id int64) app.Participant { return app.Participant{ID: id, SiteID: 1} }
	exit := func(id int64, d time.Time) app.WIOAExit {
		return app.WIOAExit{Participant: person(id), Case: app.FollowupCase{ParticipantID: id, ExitDate: d, ExitReason: "Exited"}}
	}
	a := exit(1, cday(2026, 3, 31))
	a.Forms = []app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, QuarterEarningsCents: 780001}}
	a.Attempts = []app.FollowupAttempt{{Day: cday(2027, 2, 10), StillEmployed: app.AnswerYes}}
	a.Case.InTraining, a.Case.CredentialType, a.Case.CredentialDate = true, "Certified Nursing Assistant", cday(2027, 3, 31)
	b := exit(2, cday(2026, 4, 1))
	b.Case.EmploymentStart, b.Case.Employer, b.Case.WageCents, b.Case.HoursPerWeek = cday(2026, 3, 1), "Acme", 2000, 32
	b.Attempts = []app.FollowupAttempt{{Day: cday(2026, 12, 31), StillEmployed: app.AnswerYes}, {Day: cday(2027, 1, 1), StillEmployed: app.AnswerNo}}
	b.Forms = []app.FollowupForm{{Quarter: 4, Employed: app.AnswerNo}}
	b.Case.InTraining, b.Case.CredentialType, b.Case.CredentialDate = true, "Forklift operator", cday(2027, 4, 2)
	c := exit(3, cday(2026, 6, 30))
	d := exit(4, cday(2026, 7, 1))
	d.Case.EmploymentStart, d.Case.Employer = cday(2026, 5, 1), "Beta"
	d.Attempts = []app.FollowupAttempt{{Day: cday(2027, 1, 1), Document: "pay stub"}, {Day: cday(2027, 6, 30), StillEmployed: app.AnswerYes}}
	d.Forms = []app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, WageCents: 1800, HoursPerWeek: 40}}
	d.Case.InTraining = true
	e := exit(5, cday(2026, 5, 15))
	e.Case.ExitExclusion = app.ExclusionDeceased
	e.Forms = []app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes, QuarterEarningsCents: 100}}
	f := exit(6, cday(2026, 9, 30))
	f.Case.EmploymentStart, f.Case.Employer, f.Case.WageCents, f.Case.HoursPerWeek = cday(2027, 1, 1), "Gamma", 1650, 20
	f.Case.InTraining = true
	g := exit(7, cday(2026, 8, 10))
	g.Forms = []app.FollowupForm{{Quarter: 2, Employed: app.AnswerYes}}
	h := exit(8, cday(2027, 6, 30))
	h.Case.InTraining = true
	return []app.WIOAExit{a, b, c, d, e, f, g, h}
}

func TestWIOAIndicatorsByHand(t *testing.T) {
	today := cday(2027, 12, 15)
	var outs []app.WIOAOutcome
	for _, x := range wioaFixture() {
		outs = append(outs, app.EvaluateWIOAExit(x, today))
	}
	y, n, u := app.EvidenceYes, app.EvidenceNo, app.NoInformation
	want := []struct {
		q2, q4, cred     app.Evidence
		cents            int64
		known, estimated bool
		excluded         string
	}{
		{y, y, y, 780001, true, false, ""},
		{y, n, n, 832000, true, true, ""},
		{u, u, u, 0, false, false, ""},
		{y, u, n, 936000, true, true, ""},
		{y, u, u, 100, true, false, app.ExclusionDeceased},
		{y, u, n, 429000, true, true, ""},
		{y, u, u, 0, false, false, ""},
		{u, u, u, 0, false, false, ""},
	}
	for i, o := range outs {
		w := want[i]
		if o.EmployedQ2 != w.q2 || o.EmployedQ4 != w.q4 || o.EarningsQ2Cents != w.cents || o.EarningsKnown != w.known ||
			o.EarningsEstimated != w.estimated || o.Excluded != w.excluded {
			t.Errorf("exit %c: %+v, want %+v", 'A'+i, o, w)
		}
		if o.InTraining && o.Credential != w.cred {
			t.Errorf("exit %c: credential %v, want %v", 'A'+i, o.Credential, w.cred)
		}
	}
	got := app.SummarizeWIOA(outs, today)
	wantInd := app.WIOAIndicators{
		Exiters:      8,
		EmploymentQ2: app.WIOARate{Excluded: 1, Denominator: 7, Numerator: 5, NoInfo: 2, Rate: 5.0 / 7, Complete: false},
		EmploymentQ4: app.WIOARate{Excluded: 1, Denominator: 7, Numerator: 1, NoInfo: 5, Rate: 1.0 / 7, Complete: false},
		EarningsQ2:   app.WIOAEarnings{Employed: 5, Known: 4, Estimated: 3, NoInfo: 1, MedianCents: 806001, Complete: true},
		Credential:   app.WIOARate{Excluded: 1, Denominator: 5, Numerator: 1, NoInfo: 1, Rate: 0.2, Complete: false},
	}
	if got != wantInd {
		t.Errorf("indicators:\n got %+v\nwant %+v", got, wantInd)
	}
	// a year later every period is over: H's rates complete, its credential
	// a no, nothing else moves
	later := app.SummarizeWIOA(func() []app.WIOAOutcome {
		var o []app.WIOAOutcome
		for _, x := range wioaFixture() {
			o = append(o, app.EvaluateWIOAExit(x, cday(2028, 12, 15)))
		}
		return o
	}(), cday(2028, 12, 15))
	if !later.EmploymentQ2.Complete || !later.EmploymentQ4.Complete || !later.Credential.Complete || later.Credential.NoInfo != 0 ||
		later.Credential.Numerator != 1 || later.EmploymentQ2.Numerator != 5 {
		t.Errorf("a year later: %+v", later)
	}
	if none := app.SummarizeWIOA(nil, today); none.EmploymentQ2.Rate != 0 || none.EarningsQ2.MedianCents != 0 {
		t.Errorf("no exits: %+v", none)
	}
}
