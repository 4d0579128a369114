// Package demo fills a Front Desk database with a realistic synthetic site:
// participants whose names are written in the scripts Los Angeles job seekers
// write, events over three months, pre-registrations and check-ins,
// job-retention follow-ups, general visits, enrolments after orientation and
// laptop and hotspot kits with their loans. It is for
// trying the app, training staff and benchmarks; nobody in it is real.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"frontdesk/app"
)

// Options size the demo data.
type Options struct {
	Participants int   // how many participants (default 500)
	CheckIns     int   // how many check-ins, spread over past events (default 4×Participants)
	Seed         int64 // the same seed gives the same people and events
	// Now is the day the demo is built around: events run from six weeks
	// before it to six weeks after, one of them running now. Zero: time.Now.
	Now time.Time
	// Progress, when set, is called as the work advances.
	Progress func(stage string, done, total int)
}

// Summary says what Generate made.
type Summary struct {
	SiteID                         int64
	Participants, Events, CheckIns int
	Registrations                  int
	Followups                      int   // participants given a job-retention case
	CurrentEventID                 int64 // the event running at Now
	Visits                         int   // general visits (some undone)
	Enrolments                     int   // status changes to "enrolled" after an orientation
	Kits                           int   // laptop and hotspot kits
	Loans                          int   // kit loans (returned, late, out, overdue, lost)
}

// Limits on the demo size.
const (
	MaxParticipants = 100_000
	MaxCheckIns     = 1_000_000
	batch           = 5000
)

type name struct{ first, last, lang string }

// Names written as the people themselves write them (Spanish, English,
// Vietnamese, Armenian, Korean, Chinese, Russian, Tagalog, Arabic, Persian,
// Japanese, Greek).
var firsts = []name{
	{"María", "", "es"}, {"José", "", "es"}, {"Guadalupe", "", "es"}, {"Jesús", "", "es"}, {"Ana Sofía", "", "es"},
	{"Luis", "", "es"}, {"Verónica", "", "es"}, {"Ramón", "", "es"}, {"Inés", "", "es"}, {"Óscar", "", "es"},
	{"James", "", "en"}, {"Keisha", "", "en"}, {"Michael", "", "en"}, {"Ashley", "", "en"}, {"DeShawn", "", "en"},
	{"Nguyễn Thị", "", "vi"}, {"Trần Văn", "", "vi"}, {"Phạm", "", "vi"},
	{"Արամ", "", "hy"}, {"Անի", "", "hy"}, {"Armen", "", "hy"},
	{"민준", "", "ko"}, {"Ji-woo", "", "ko"}, {"서연", "", "ko"},
	{"伟", "", "zh"}, {"Mei", "", "zh"}, {"秀英", "", "zh"},
	{"Дмитрий", "", "ru"}, {"Ольга", "", "ru"},
	{"Maria Cristina", "", "tl"}, {"Jose Rizal", "", "tl"},
	{"محمد", "", "ar"}, {"فاطمة", "", "ar"}, {"Reza", "", "fa"}, {"مریم", "", "fa"},
	{"Haruto", "", "ja"}, {"さくら", "", "ja"}, {"Γιώργος", "", "el"},
}

var lasts = map[string][]string{
	"es": {"García", "Hernández", "López", "Martínez", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Núñez", "de la Cruz", "Muñoz"},
	"en": {"Johnson", "Williams", "Brown", "Jackson", "Smith", "O'Neal", "Washington"},
	"vi": {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh"},
	"hy": {"Պետրոսյան", "Hakobyan", "Սարգսյան", "Grigoryan"},
	"ko": {"김", "Lee", "박", "Choi"},
	"zh": {"王", "Chen", "李", "Zhang"},
	"ru": {"Иванов", "Petrova", "Смирнова"},
	"tl": {"Santos", "Reyes", "Dela Cruz", "Bautista"},
	"ar": {"حداد", "Haddad", "الخوري"},
	"fa": {"Hosseini", "رضایی", "Karimi"},
	"ja": {"佐藤", "Tanaka", "鈴木"},
	"el": {"Παπαδόπουλος", "Nikolaidis"},
}

var workshops = []string{"Resume Writing", "Interview Skills", "Computer Basics", "LinkedIn & Online Applications", "Taller de currículum", "Financial Literacy", "Customer Service Certificate"}
var recruiters = []string{"LA Metro", "Kaiser Permanente", "LAUSD Classified Jobs", "Target", "City of LA Hiring Hall"}

// Generate adds a demo site and its people, events and check-ins to st, in
// batches of a few thousand rows per transaction, reporting progress.
func Generate(ctx context.Context, st app.Store, o Options) (Summary, error) {
	if o.Participants <= 0 {
		o.Participants = 500
	}
	if o.CheckIns < 0 {
		return Summary{}, app.FieldErrorf("checkins", "The number of check-ins cannot be negative.")
	}
	if o.CheckIns == 0 {
		o.CheckIns = 4 * o.Participants
	}
	if o.Participants > MaxParticipants {
		return Summary{}, app.FieldErrorf("participants", "At most %d demo participants.", MaxParticipants)
	}
	if o.CheckIns > MaxCheckIns {
		return Summary{}, app.FieldErrorf("checkins", "At most %d demo check-ins.", MaxCheckIns)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	progress := o.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	rng := rand.New(rand.NewPCG(uint64(o.Seed), uint64(o.Seed)^0x5eed))
	now := o.Now.UTC().Truncate(time.Second)
	var sum Summary

	site := app.Site{Name: "Demo WorkSource Center", Address: "3965 S Vermont Ave, Los Angeles, CA 90037",
		Phone: "+13235550100", TimeZone: app.DefaultTimeZone, ContactName: "Rosa Delgado",
		ContactPhone: "+13235550101", ContactEmail: "rosa.delgado@example.org", CreatedAt: now}
	loc := site.Location()

	// Events: weekday orientations at 9:00 and workshops at 13:00 over 13
	// weeks, a recruitment every Thursday, a job fair a month; plus one
	// orientation running right now.
	var events []app.Event
	day0, _ := app.LocalDay(now.AddDate(0, 0, -42), loc)
	for d := 0; d < 91; d++ {
		day := day0.AddDate(0, 0, d)
		local := day.In(loc)
		at := func(h, m int) time.Time {
			return time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, loc).UTC()
		}
		wd := local.Weekday()
		if wd == time.Saturday || wd == time.Sunday {
			continue
		}
		lang := "en"
		if wd == time.Wednesday {
			lang = "es"
		}
		events = append(events, app.Event{SiteID: 0, Kind: app.KindOrientation, Title: "WorkSource Orientation", Start: at(9, 0), End: at(10, 30), Location: "Room A", Capacity: 30, Facilitator: "Rosa Delgado", Language: lang})
		events = append(events, app.Event{Kind: app.KindWorkshop, Title: workshops[d%len(workshops)], Start: at(13, 0), End: at(15, 0), Location: "Computer Lab", Capacity: 20, Facilitator: "Marcus Lee", Language: lang})
		if wd == time.Thursday {
			events = append(events, app.Event{Kind: app.KindRecruitment, Title: recruiters[d%len(recruiters)] + " Recruitment", Start: at(10, 0), End: at(12, 0), Location: "Main Hall", Capacity: 60, Language: "en"})
		}
		if local.Day() <= 7 && wd == time.Friday {
			events = append(events, app.Event{Kind: app.KindJobFair, Title: "Community Job Fair", Start: at(10, 0), End: at(14, 0), Location: "Main Hall", Language: "en"})
		}
	}
	events = append(events, app.Event{Kind: app.KindOrientation, Title: "Walk-in Orientation (now)", Start: now.Add(-30 * time.Minute), End: now.Add(90 * time.Minute), Location: "Room B", Capacity: 40, Facilitator: "Rosa Delgado", Language: "en"})

	err := st.Update(ctx, func(tx app.Tx) error {
		if err := tx.CreateSite(ctx, &site); err != nil {
			return err
		}
		for i := range events {
			events[i].SiteID = site.ID
			events[i].CreatedAt = now
			if events[i].Kind == app.KindWorkshop && rng.IntN(40) == 0 {
				events[i].Cancelled = true
			}
			if err := tx.CreateEvent(ctx, &events[i]); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, app.AuditEntry{At: now, Actor: app.LocalOperator.Username, Action: "demo.generate", Entity: "site", Ref: fmt.Sprint(site.ID)})
	})
	if err != nil {
		return sum, err
	}
	sum.SiteID, sum.Events = site.ID, len(events)
	sum.CurrentEventID = events[len(events)-1].ID

	// Participants.
	ids := make([]int64, 0, o.Participants)
	seenPhone := map[string]bool{}
	for done := 0; done < o.Participants; {
		n := min(batch, o.Participants-done)
		err := st.Update(ctx, func(tx app.Tx) error {
			for i := 0; i < n; i++ {
				p := person(rng, site.ID, done+i, now, seenPhone)
				if err := tx.CreateParticipant(ctx, &p); err != nil {
					return err
				}
				ids = append(ids, p.ID)
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		done += n
		sum.Participants = done
		progress("participants", done, o.Participants)
	}

	// Check-ins at past (and the current) events, pre-registrations before
	// them. A (event, participant) pair is used once.
	// The event running now gets a third of its seats; past events are
	// kept within capacity while any has room.
	var past []app.Event
	for _, e := range events[:len(events)-1] {
		if !e.Start.After(now) && !e.Cancelled {
			past = append(past, e)
		}
	}
	current := events[len(events)-1]
	taken := map[int64]int{}
	full := func(e app.Event) bool { return e.Capacity > 0 && taken[e.ID] >= e.Capacity }
	currentLeft := min(current.Capacity/3, o.CheckIns)
	if len(past) == 0 {
		return sum, nil
	}
	used := make(map[[2]int64]bool, o.CheckIns)
	// each participant's first check-in: when, and whether at an orientation
	first := make(map[int64]firstCheckIn, len(ids))
	for done := 0; done < o.CheckIns; {
		n := min(batch, o.CheckIns-done)
		err := st.Update(ctx, func(tx app.Tx) error {
			for i := 0; i < n; i++ {
				var e app.Event
				var pid int64
				for try := 0; ; try++ {
					if currentLeft > 0 {
						e = current
					} else {
						e = past[rng.IntN(len(past))]
						if try < 8 && full(e) {
							continue
						}
					}
					pid = ids[rng.IntN(len(ids))]
					if !used[[2]int64{e.ID, pid}] {
						break
					}
					if try > 50 {
						return app.Errorf(app.EInvalid, "Too many check-ins for %d participants and %d events.", len(ids), len(past))
					}
				}
				if e.ID == current.ID {
					currentLeft--
				}
				taken[e.ID]++
				used[[2]int64{e.ID, pid}] = true
				registered := rng.IntN(3) > 0
				if registered {
					if err := tx.Register(ctx, app.Registration{EventID: e.ID, ParticipantID: pid, At: e.Start.Add(-72 * time.Hour), By: "demo"}); err != nil {
						return err
					}
					sum.Registrations++
				}
				at := e.Start.Add(time.Duration(rng.IntN(25)-10) * time.Minute)
				if at.After(now) {
					at = now
				}
				method := app.MethodScan
				switch r := rng.IntN(10); {
				case r == 0:
					method = app.MethodSearch
				case r == 1:
					method = app.MethodPaper
				}
				c := app.CheckIn{EventID: e.ID, ParticipantID: pid, Method: method, At: at, By: "demo", WalkIn: !registered}
				if err := tx.InsertCheckIn(ctx, &c); err != nil {
					return err
				}
				if f, ok := first[pid]; !ok || at.Before(f.at) {
					first[pid] = firstCheckIn{at: at, orientation: e.Kind == app.KindOrientation}
				}
			}
			return nil
		})
		if err != nil {
			return sum, err
		}
		done += n
		sum.CheckIns = done
		progress("check-ins", done, o.CheckIns)
	}
	// Some people pre-registered for the event running now have not come yet.
	err = st.Update(ctx, func(tx app.Tx) error {
		for i, tries := 0, 0; i < current.Capacity/3 && tries < 10*current.Capacity; tries++ {
			pid := ids[rng.IntN(len(ids))]
			if used[[2]int64{current.ID, pid}] {
				continue
			}
			used[[2]int64{current.ID, pid}] = true
			if err := tx.Register(ctx, app.Registration{EventID: current.ID, ParticipantID: pid, At: current.Start.Add(-48 * time.Hour), By: "demo"}); err != nil {
				return err
			}
			sum.Registrations++
			i++
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	sum.Followups, err = followups(ctx, st, rng, ids, now, loc)
	if err != nil {
		return sum, err
	}
	progress("follow-ups", sum.Followups, sum.Followups)
	// Added later: everything below comes after the follow-ups, so the data
	// above stays the same for a seed.
	if sum.Visits, err = visits(ctx, st, rng, site.ID, ids, o.CheckIns/10, now, loc, progress); err != nil {
		return sum, err
	}
	if sum.Enrolments, err = enrolments(ctx, st, rng, ids, first, now); err != nil {
		return sum, err
	}
	progress("enrolments", sum.Enrolments, sum.Enrolments)
	sum.Kits, sum.Loans, err = kitsAndLoans(ctx, st, rng, site.ID, ids, now, loc)
	progress("kits", sum.Kits, sum.Kits)
	return sum, err
}

// firstCheckIn is a participant's earliest demo check-in.
type firstCheckIn struct {
	at          time.Time
	orientation bool
}

var employers = []string{"Kaiser Permanente", "LA Metro", "Target", "Ralphs", "UPS", "LAUSD", "Home Depot", "Cedars-Sinai", "Amazon", "City of Los Angeles"}
var jobTitles = []string{"Warehouse associate", "Medical assistant", "Bus operator trainee", "Cashier", "Security officer", "Office clerk", "Driver", "Teacher's aide"}

// followups gives one participant in 25 (at most 2,000) a job in the past
// year, most of them an exit too, on the SETA schedule with no case
// manager, and logs contacts for most of the contacts already due: a
// realistic follow-up caseload. It returns how many cases it made.
func followups(ctx context.Context, st app.Store, rng *rand.Rand, ids []int64, now time.Time, loc *time.Location) (int, error) {
	n := min(len(ids)/25, 2000)
	today := app.CalendarDay(now, loc)
	tmpl, _ := app.BuiltinTemplate(app.DefaultTemplateKey)
	err := st.Update(ctx, func(tx app.Tx) error {
		for i := 0; i < n; i++ {
			pid := ids[(i*25+7)%len(ids)]
			p, err := tx.Participant(ctx, pid)
			if err != nil {
				return err
			}
			c := app.FollowupCase{ParticipantID: pid, TemplateKey: app.DefaultTemplateKey,
				EmploymentStart: today.AddDate(0, 0, -rng.IntN(365)),
				Employer:        employers[rng.IntN(len(employers))], JobTitle: jobTitles[rng.IntN(len(jobTitles))],
				WageCents: int64(1650 + 25*rng.IntN(60)), HoursPerWeek: float64(20 + 4*rng.IntN(6)),
				UpdatedAt: now, UpdatedBy: "demo"}
			to := app.StatusEmployed
			if span := int(today.Sub(c.EmploymentStart).Hours()/24) - 7; span > 0 && rng.IntN(10) < 6 {
				c.ExitDate, c.ExitReason, to = c.EmploymentStart.AddDate(0, 0, rng.IntN(span)), "Entered employment", app.StatusExited
				exitDetails(&c, today)
			}
			if err := tx.SaveFollowupCase(ctx, &c); err != nil {
				return err
			}
			if err := tx.AddStatusChange(ctx, &app.StatusChange{ParticipantID: pid, From: p.Status, To: to, At: now, By: "demo"}); err != nil {
				return err
			}
			p.Status = to
			if err := tx.UpdateParticipant(ctx, &p); err != nil {
				return err
			}
			plan, err := app.PlanFollowups(tmpl, c.EmploymentStart, c.ExitDate)
			if err != nil {
				return err
			}
			for _, pc := range app.ReconcileContacts(pid, nil, plan).Insert {
				if err := demoContact(ctx, tx, rng, c, pc, today, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// exitDetails gives a demo exit what the WIOA preview reads: one in 40 is
// for an other reason for exit, one in three was in training, and half of
// those attained a credential within a year of the exit (not after today).
// It draws from a generator of its own, seeded by the participant, so the
// rest of the demo is the same with or without it.
func exitDetails(c *app.FollowupCase, today time.Time) {
	r := rand.New(rand.NewPCG(uint64(c.ParticipantID), 17))
	if r.IntN(40) == 0 {
		c.ExitExclusion = app.ExitExclusions[r.IntN(len(app.ExitExclusions))]
	}
	if c.InTraining = r.IntN(3) == 0; c.InTraining && r.IntN(2) == 0 {
		d := c.ExitDate.AddDate(0, 0, r.IntN(300)-60)
		if !d.After(today) {
			c.CredentialType, c.CredentialDate = credentials[r.IntN(len(credentials))], d
		}
	}
}

// credentials are the demo's credentials attained.
var credentials = []string{"Certified Nursing Assistant", "Forklift operator", "ServSafe Food Handler", "CompTIA A+", "Commercial driver's license (Class A)", "OSHA 10"}

// offered is lang when the desk offers it (app.Languages), else "other":
// a Greek speaker is registered with "other", as at the desk, or no desk
// could save their record again.
func offered(lang string) string {
	if _, ok := app.Languages[lang]; ok {
		return lang
	}
	return "other"
}

// person makes the i-th demo participant.
func person(rng *rand.Rand, siteID int64, i int, now time.Time, seenPhone map[string]bool) app.Participant {
	f := firsts[rng.IntN(len(firsts))]
	ls := lasts[f.lang]
	p := app.Participant{
		Code: app.NewCode(app.PrefixParticipant), SiteID: siteID,
		FirstName: f.first, LastName: ls[rng.IntN(len(ls))],
		Language: offered(f.lang), Status: app.Statuses[rng.IntN(len(app.Statuses))],
		CreatedAt: now.Add(-time.Duration(rng.IntN(365*24)) * time.Hour),
	}
	if p.Language != "es" && p.Language != "en" && rng.IntN(2) == 0 {
		p.Language = "en"
	}
	p.UpdatedAt = p.CreatedAt
	areas := []string{"213", "323", "310", "818", "626", "562", "747"}
	for {
		ph := fmt.Sprintf("+1%s%03d%04d", areas[rng.IntN(len(areas))], 200+rng.IntN(800), rng.IntN(10000))
		if !seenPhone[ph] {
			seenPhone[ph] = true
			p.Phone = ph
			break
		}
	}
	if rng.IntN(3) > 0 {
		p.Email = fmt.Sprintf("jobseeker%d@example.org", i+1)
	}
	p.ZIP = fmt.Sprintf("9%04d", rng.IntN(1000))
	if rng.IntN(10) < 7 {
		p.Consent = app.Consent{Given: true, At: p.CreatedAt, Method: app.ConsentPaper, By: "demo", Wording: app.ConsentWordingVersion}
	}
	return p
}

// demoContact stores one scheduled contact; most of those already due get
// logged: usually reached on the first try, sometimes never reached in
// three tries (non-responsive); a due quarter-end form gets its form.
func demoContact(ctx context.Context, tx app.Tx, rng *rand.Rand, c app.FollowupCase, pc app.FollowupContact, today, now time.Time) error {
	if !pc.Due.Before(today) || rng.IntN(10) >= 8 {
		return tx.InsertFollowupContact(ctx, &pc)
	}
	if pc.Kind == app.KindForm {
		pc.Status, pc.DoneOn, pc.DoneBy = app.ContactDone, pc.Due, "demo"
		if err := tx.InsertFollowupContact(ctx, &pc); err != nil {
			return err
		}
		f := app.FollowupForm{ParticipantID: pc.ParticipantID, ContactID: pc.ID, Quarter: pc.Quarter, Day: pc.Due, Staff: "demo",
			Employed: app.AnswerYes, Employer: c.Employer, WageCents: c.WageCents, CreatedAt: now}
		// half the forms carry the quarter's earnings from a pay stub
		// (their own generator: the rest of the demo stays as it was)
		if er := rand.New(rand.NewPCG(uint64(pc.ParticipantID), uint64(pc.Quarter))); er.IntN(2) == 0 {
			f.QuarterEarningsCents = int64(float64(c.WageCents)*c.HoursPerWeek*13) + int64(er.IntN(40000)) - 20000
			f.Document = app.DocPayStub
		}
		return tx.InsertFollowupForm(ctx, &f)
	}
	reached := rng.IntN(6) > 0
	var log []app.FollowupAttempt
	if reached {
		pc.Status, pc.DoneOn, pc.DoneBy = app.ContactDone, pc.WindowStart, "demo"
		log = append(log, app.FollowupAttempt{Day: pc.WindowStart, Outcome: app.OutcomeReached, StillEmployed: app.AnswerYes, Employer: c.Employer})
	} else {
		pc.Status, pc.Attempts = app.ContactNonResponsive, app.NonResponsiveAfter
		for k := 0; k < app.NonResponsiveAfter; k++ {
			d := pc.WindowStart.AddDate(0, 0, 2*k)
			if d.After(pc.Due) {
				d = pc.Due
			}
			log = append(log, app.FollowupAttempt{Day: d, Outcome: app.OutcomeNoAnswer})
		}
	}
	if err := tx.InsertFollowupContact(ctx, &pc); err != nil {
		return err
	}
	for _, a := range log {
		a.ParticipantID, a.ContactID, a.Staff, a.Method, a.CreatedAt = pc.ParticipantID, pc.ID, "demo", app.MethodPhone, now
		if err := tx.InsertFollowupAttempt(ctx, &a); err != nil {
			return err
		}
	}
	return nil
}
