package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// Delays of the scan field: a scanner that ends codes with nothing is taken
// to be done after idleDelay without a keystroke; a search runs once typing
// pauses for searchDelay.
const (
	defaultIdleDelay   = 300 * time.Millisecond
	defaultSearchDelay = 120 * time.Millisecond
	searchLimit        = 25
	recentMax          = 50
)

// recentItem is one line of the screen's "Just now" list.
type recentItem struct {
	at      time.Time
	name    string
	outcome app.Outcome
	undone  bool
	bad     bool // nothing recorded: shown in red
}

// checkInScreen is where the desk checks people in: pick the event (or a
// general visit), then scan cards or search by name.
type checkInScreen struct {
	u       *UI
	ctx     context.Context // the signed-in person's, for every service call
	content fyne.CanvasObject

	picker    *widget.Select
	reason    *widget.Select
	reasonBox *fyne.Container
	counts    *widget.Label
	result    *resultPanel
	feedback  *scanFeedback // the banner's timing, bad-scan count and sounds
	scan      *scanEntry
	search    *participantSearch
	recentW   *widget.List
	undoBtn   *widget.Button
	walkInBtn *widget.Button
	kioskBtn  *widget.Button

	events []app.Event
	labels []string // picker options, events first, then general visit
	target app.Target
	recent []recentItem
	undos  []app.CheckInResult

	walkInDlg *walkInDialog // the last walk-in form opened

	idleDelay time.Duration
	// stopFollow ends followCounts, which closes followDone when it ends
	stopFollow, followDone chan struct{}
	stopOnce               sync.Once
	mu                     sync.Mutex
	idleTimer              *time.Timer
	*jobQueue              // database work off the UI goroutine; also counts pending timers
}

func newCheckInScreen(u *UI) *checkInScreen {
	s := &checkInScreen{u: u, ctx: u.ctx, idleDelay: defaultIdleDelay, jobQueue: newJobQueue()}
	s.search = newParticipantSearch(u, s.jobQueue, func() int64 { return s.target.EventID }, false, s.pick)
	s.search.foundHint = lang.L("Enter checks in the highlighted person.")
	s.search.noneHint = lang.L("No one found. Check the spelling, try the phone number, or register a walk-in (Ctrl+N).")

	s.picker = widget.NewSelect(nil, func(string) { s.targetChanged() })
	s.picker.PlaceHolder = lang.L("Choose the event")
	s.reason = widget.NewSelect(reasonLabels(), func(string) { s.targetChanged() })
	s.reason.SetSelectedIndex(0)
	s.reasonBox = container.NewHBox(widget.NewLabel(lang.L("Reason")), fitSelect(s.reason))
	s.reasonBox.Hide()
	s.counts = widget.NewLabel("")
	s.counts.TextStyle = fyne.TextStyle{Bold: true}

	s.result = newResultPanel()
	s.feedback = newScanFeedback(u, s.result, lang.L("Ready — scan the next card"), lang.L("Scan a card, or type a name, phone or email"))

	s.scan = newScanEntry()
	s.scan.SetPlaceHolder(lang.L("Scan a card, or type a name, phone or email"))
	s.scan.OnChanged = s.changed
	s.scan.OnSubmitted = s.submit
	s.scan.onKey = s.key
	s.recentW = widget.NewList(func() int { return len(s.recent) }, func() fyne.CanvasObject {
		return widget.NewLabel("")
	}, s.updateRecentRow)

	s.walkInBtn = widget.NewButtonWithIcon(lang.L("Walk-in registration (Ctrl+N)"), theme.ContentAddIcon(), s.walkIn)
	s.undoBtn = widget.NewButtonWithIcon(lang.L("Undo last check-in (Ctrl+Z)"), theme.ContentUndoIcon(), s.undo)
	s.undoBtn.Disable()
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.refreshEvents)

	top := container.NewBorder(nil, nil,
		widget.NewLabel(lang.L("Checking in to")),
		container.NewHBox(s.reasonBox, refresh, s.counts), s.picker)
	s.result.setRoom(fyne.NewSize(600, 140))
	scanRow := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, s.scan)
	header := container.NewVBox(top, s.result.content, scanRow, s.search.hint)

	listHead := widget.NewLabelWithStyle(lang.L("Search results (↑ ↓ to choose, Enter to check in)"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	left := container.NewBorder(listHead, nil, nil, nil, s.search.list)
	right := container.NewBorder(widget.NewLabelWithStyle(lang.L("Just now"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.recentW)
	split := container.NewHSplit(left, right)
	split.Offset = 0.62
	s.kioskBtn = widget.NewButtonWithIcon(lang.L("Kiosk mode"), theme.ComputerIcon(), s.startKiosk)
	buttons := container.NewHBox(s.walkInBtn, s.undoBtn, layout.NewSpacer(), s.kioskBtn)
	// a short window (1024×600) gets a low banner and no list heading (the
	// hint above says what Enter does), so seven results show
	s.content = fitShort(container.NewBorder(header, buttons, nil, nil, split), func(short bool) bool {
		listHead.Hidden = short
		return s.result.setCompact(short)
	})
	s.refreshEvents()
	s.stopFollow, s.followDone = make(chan struct{}), make(chan struct{})
	go s.followCounts(countsEvery)
	return s
}

// followEvery is how often the check-in screen reads its event's counts
// again, so that they follow what other desks check in (another program on
// the same file, or other desks of a center server): within 2 seconds.
const followEvery = 1500 * time.Millisecond

// countsEvery is followEvery, or 0 to turn the following off (the screen
// tests do, but the one about it: the test driver runs fyne.Do on the
// calling goroutine, so a ticking screen would race with the test).
var countsEvery = followEvery

// followCounts reads the chosen event's counts every countsEvery until
// stopFollowing, or until s is no longer the desk's check-in screen, and
// shows them when they changed. A failed read is left to the next one (a
// server may be out of reach for a moment).
func (s *checkInScreen) followCounts(every time.Duration) {
	defer close(s.followDone)
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stopFollow:
			return
		case <-t.C:
		}
		var eventID int64
		live := make(chan bool, 1)
		fyne.Do(func() {
			eventID = s.target.EventID
			live <- s.u.checkin == s
		})
		if !<-live {
			return
		}
		if eventID == 0 {
			continue
		}
		c, err := s.u.svc.EventCounts(s.ctx, eventID)
		if err != nil {
			continue
		}
		fyne.Do(func() {
			if s.u.checkin == s && s.target.EventID == eventID {
				if text := countsText(c); s.counts.Text != text {
					s.counts.SetText(text)
				}
			}
		})
	}
}

// stopFollowing stops followCounts and waits until it has.
func (s *checkInScreen) stopFollowing() {
	s.stopOnce.Do(func() { close(s.stopFollow) })
	<-s.followDone
}

func (s *checkInScreen) focus() {
	if s.u.tabs == nil || s.u.checkin != s || s.u.mode != modeDesk {
		return // not on screen
	}
	if c := s.u.win.Canvas(); c != nil {
		c.Focus(s.scan)
	}
}

// refreshEvents reloads today's events and preselects the one running now,
// keeping the current choice when it is still there.
func (s *checkInScreen) refreshEvents() {
	evs, err := s.u.svc.TodaysEvents(s.ctx, s.u.site.ID)
	if err != nil {
		s.u.showError(err)
		return
	}
	loc := s.u.site.Location()
	prev := s.target
	s.events = evs
	s.labels = s.labels[:0]
	for _, e := range evs {
		l := showTime(e.Start.In(loc)) + "  " + e.Title
		if e.Cancelled {
			l += " (" + lang.L("cancelled") + ")"
		}
		s.labels = append(s.labels, l)
	}
	s.labels = append(s.labels, lang.L("General visit (no event)"))
	s.picker.SetOptions(s.labels)
	idx := len(s.labels) - 1
	if cur, ok := app.PickCurrentEvent(evs, s.u.svc.Now()); ok {
		idx = s.eventIndex(cur.ID)
	}
	if prev.EventID != 0 {
		if i := s.eventIndex(prev.EventID); i >= 0 {
			idx = i
		}
	} else if prev.SiteID != 0 {
		idx = len(s.labels) - 1
	}
	s.picker.SetSelectedIndex(idx)
}

func (s *checkInScreen) eventIndex(id int64) int {
	for i, e := range s.events {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// targetChanged follows the picker and reason choices.
func (s *checkInScreen) targetChanged() {
	i := s.picker.SelectedIndex()
	if i < 0 {
		return
	}
	prev := s.target
	defer func() {
		if s.target != prev {
			s.feedback.ready() // an answer about the last event is not about this one
		}
	}()
	if i < len(s.events) {
		s.target = app.Target{SiteID: s.u.site.ID, EventID: s.events[i].ID}
		s.reasonBox.Hide()
		s.undoBtn.SetText(lang.L("Undo last check-in (Ctrl+Z)"))
	} else {
		s.target = app.Target{SiteID: s.u.site.ID, Reason: app.VisitReasons[max(0, s.reason.SelectedIndex())]}
		s.reasonBox.Show()
		s.undoBtn.SetText(lang.L("Undo last visit (Ctrl+Z)"))
	}
	s.showCounts(nil)
	s.search.search(s.query())
	s.focus()
}

// query is what the scan field searches for: nothing while a card code is
// being scanned.
func (s *checkInScreen) query() string {
	t := strings.TrimSpace(s.scan.Text)
	if codeLike(t) {
		return ""
	}
	return t
}

// showCounts shows the event's live figures (read now when c is nil).
func (s *checkInScreen) showCounts(c *app.EventCounts) {
	if s.target.EventID == 0 {
		s.counts.SetText("")
		return
	}
	if c == nil {
		got, err := s.u.svc.EventCounts(s.ctx, s.target.EventID)
		if err != nil {
			s.u.showError(err)
			return
		}
		c = &got
	}
	s.counts.SetText(countsText(*c))
}

// countsText is "Checked in 12 of 30 · Pre-registered 15 · Walk-ins 3".
func countsText(c app.EventCounts) string {
	d := map[string]any{"In": c.CheckedIn, "Cap": c.Capacity, "Reg": c.Registered, "Walk": c.WalkIns}
	in := lang.L("Checked in {{.In}}", d)
	if c.Capacity > 0 {
		in = lang.L("Checked in {{.In}} of {{.Cap}}", d)
	}
	return in + "   ·   " + lang.L("Pre-registered {{.Reg}}", d) + "   ·   " + lang.L("Walk-ins {{.Walk}}", d)
}

// changed runs on every keystroke in the scan field.
func (s *checkInScreen) changed(text string) {
	s.u.idle.touch()
	s.mu.Lock()
	if s.idleTimer != nil && s.idleTimer.Stop() {
		s.pending.Done()
	}
	t := strings.TrimSpace(text)
	if _, _, err := app.ParseCode(t); err == nil {
		// A whole code: a scanner that ends with nothing has finished
		// once it pauses.
		s.pending.Add(1)
		s.idleTimer = time.AfterFunc(s.idleDelay, func() {
			fyne.Do(func() {
				if strings.TrimSpace(s.scan.Text) == t {
					s.submit(t)
				}
				s.pending.Done()
			})
		})
		s.mu.Unlock()
		s.search.clear()
		return
	}
	s.mu.Unlock()
	s.search.search(s.query())
}

// codeLike reports whether t looks like a card code (a letter, a dash and
// more letters or digits) rather than a name, phone or email.
func codeLike(t string) bool {
	if len(t) < 2 || t[1] != '-' || !isASCIILetter(rune(t[0])) {
		return false
	}
	for _, r := range t[2:] {
		if !(isASCIILetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

func isASCIILetter(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }

// key moves the highlight through the search results.
func (s *checkInScreen) key(k fyne.KeyName) {
	if k == fyne.KeyEscape {
		s.clear()
		return
	}
	s.search.key(k)
}

// clear empties the field and the search results.
func (s *checkInScreen) clear() {
	s.scan.SetText("")
	s.search.clear()
}

// submit handles Enter, Tab or an idle scanner: a code is checked in; a
// malformed code is answered "scan again"; typed text checks in the
// highlighted search result.
func (s *checkInScreen) submit(text string) {
	t := strings.TrimSpace(text)
	if t == "" {
		return
	}
	if _, _, err := app.ParseCode(t); err == nil || codeLike(t) {
		s.clear()
		target := s.target
		s.do(func() func() {
			res, err := s.u.svc.ScanCheckIn(s.ctx, target, t)
			return func() { s.apply(res, err) }
		})
		return
	}
	if h, ok := s.search.highlighted(); ok {
		s.pick(h)
	}
}

// pick checks in the person chosen from the search results.
func (s *checkInScreen) pick(p app.SearchHit) {
	s.clear()
	target := s.target
	s.do(func() func() {
		res, err := s.u.svc.CheckInParticipant(s.ctx, target, p.ID, app.MethodSearch)
		return func() { s.apply(res, err) }
	})
}

// apply shows a check-in's answer.
func (s *checkInScreen) apply(res app.CheckInResult, err error) {
	defer s.focus()
	if err != nil {
		s.feedback.answer(toneBad, lang.L("Not checked in"), errorText(err))
		s.badRecent(res)
		return
	}
	t, title, detail := describe(res, s.u.site.Location())
	s.feedback.answer(t, title, detail)
	if t == toneBad {
		s.badRecent(res)
		return
	}
	if res.Event.ID != 0 && res.Event.ID == s.target.EventID && (res.Outcome.Recorded() || res.Outcome == app.OutcomeAlready) {
		s.showCounts(&res.Counts)
	}
	if res.Outcome.Recorded() {
		s.undos = append(s.undos, res)
		s.undoBtn.Enable()
	}
	if res.Participant.ID != 0 {
		at := res.CheckIn.At
		if res.Visit.ID != 0 {
			at = res.Visit.At
		}
		s.recent = append([]recentItem{{at: at, name: res.Participant.ShortName(), outcome: res.Outcome}}, s.recent...)
		if len(s.recent) > recentMax {
			s.recent = s.recent[:recentMax]
		}
		s.recentW.Refresh()
	}
}

// describe is the tone, headline and detail line for a check-in's answer.
func describe(res app.CheckInResult, loc *time.Location) (tone, string, string) {
	if t, title, detail, ok := capacityAnswer(res); ok {
		return t, title, detail
	}
	d := map[string]any{"Name": res.Participant.ShortName(), "Event": res.Event.Title}
	switch res.Outcome {
	case app.OutcomeCheckedIn:
		return toneGood, lang.L("{{.Name}} is checked in", d), res.Event.Title
	case app.OutcomeWalkIn:
		return toneWalkIn, lang.L("{{.Name}} is checked in as a walk-in", d), lang.L("Not pre-registered for {{.Event}}", d)
	case app.OutcomeAlready:
		d["Time"] = showTime(res.CheckIn.At.In(loc))
		if desk := res.CheckIn.Desk; desk != "" {
			d["Desk"] = desk
			return toneWarn, lang.L("{{.Name}} was already checked in at {{.Time}} at {{.Desk}}", d), lang.L("No second record was made.")
		}
		return toneWarn, lang.L("{{.Name}} was already checked in at {{.Time}}", d), lang.L("No second record was made.")
	case app.OutcomeVisit:
		return toneGood, lang.L("{{.Name}}: visit recorded", d), reasonLabel(res.Visit.Reason)
	case app.OutcomeVisitAlready:
		d["Time"] = showTime(res.Visit.At.In(loc))
		return toneWarn, lang.L("{{.Name}}'s visit was already recorded at {{.Time}}", d), lang.L("No second record was made.")
	case app.OutcomeBadCode:
		return toneBad, lang.L("Scan again"), lang.L("The code could not be read.")
	case app.OutcomeWrongKind:
		return toneBad, lang.L("Scan again"), lang.L("That is not a participant card.")
	case app.OutcomeUnknown:
		return toneBad, lang.L("Unknown card"), lang.L("Nobody has this card. Search by name or register a walk-in.")
	case app.OutcomeCancelled:
		return toneBad, lang.L("Event cancelled"), lang.L("{{.Event}} is cancelled. Nothing was recorded.", d)
	case app.OutcomeNotToday:
		return toneBad, lang.L("Not today"), lang.L("{{.Event}} is not today. Nothing was recorded.", d)
	}
	return toneIdle, string(res.Outcome), res.Message
}

// undo reverses the last check-in or visit made at this screen.
func (s *checkInScreen) undo() {
	if len(s.undos) == 0 {
		return
	}
	last := s.undos[len(s.undos)-1]
	s.undos = s.undos[:len(s.undos)-1]
	if len(s.undos) == 0 {
		s.undoBtn.Disable()
	}
	s.do(func() func() {
		var err error
		if last.Visit.ID != 0 {
			err = s.u.svc.UndoVisitOf(s.ctx, last.Visit)
		} else {
			err = s.u.svc.UndoCheckInOf(s.ctx, last.CheckIn)
		}
		var counts *app.EventCounts
		if err == nil && last.Event.ID != 0 {
			if c, cerr := s.u.svc.EventCounts(s.ctx, last.Event.ID); cerr == nil {
				counts = &c
			}
		}
		return func() {
			defer s.focus()
			if err != nil {
				s.result.show(toneBad, lang.L("Could not undo"), errorText(err))
				return
			}
			d := map[string]any{"Name": last.Participant.ShortName()}
			s.result.show(toneIdle, lang.L("Undone: {{.Name}}", d), lang.L("The check-in was reversed; the record of it is kept."))
			if counts != nil && last.Event.ID == s.target.EventID {
				s.showCounts(counts)
			}
			for i := range s.recent {
				if s.recent[i].name == last.Participant.ShortName() && !s.recent[i].undone && s.recent[i].outcome.Recorded() {
					s.recent[i].undone = true
					break
				}
			}
			s.recentW.Refresh()
		}
	})
}

// startKiosk hands the window to participants, checking in to the chosen
// event or visit as this screen's staff member.
func (s *checkInScreen) startKiosk() {
	if s.target.SiteID == 0 {
		return
	}
	where := lang.L("General visit (no event)")
	if i := s.picker.SelectedIndex(); i >= 0 && i < len(s.events) {
		where = s.events[i].Title
	}
	s.u.startKiosk(s.ctx, s.target, where)
}

// walkIn opens the walk-in registration, prefilled from what was typed.
func (s *checkInScreen) walkIn() {
	typed := strings.TrimSpace(s.scan.Text)
	var p app.Participant
	if q := app.ParseSearch(typed, 1); q.Digits != "" {
		p.Phone = typed
	} else if q.Email != "" {
		p.Email = typed
	} else if typed != "" && !codeLike(typed) {
		f := strings.Fields(typed)
		p.FirstName = f[0]
		p.LastName = strings.Join(f[1:], " ")
	}
	target := s.target
	s.walkInDlg = showWalkIn(s.u, p, func(np app.Participant) (func(), error) {
		res, err := s.u.svc.RegisterWalkIn(s.ctx, target, np)
		if err == nil && res.Outcome == app.OutcomeRoomFull {
			_, title, detail, _ := capacityAnswer(res)
			err = app.Errorf(app.EConflict, "%s", title+". "+detail) // the form stays open; nothing was saved
		}
		if err != nil {
			return nil, err
		}
		s.clear()
		s.apply(res, nil)
		return func() { offerCard(s.u, res.Participant, s.focus) }, nil
	}, s.focus)
}

func (s *checkInScreen) updateRecentRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.recent) {
		return
	}
	r := s.recent[id]
	text := fmt.Sprintf("%s   %s   %s", showTime(r.at.In(s.u.site.Location())), r.name, outcomeLabel(r.outcome))
	if r.name == "" {
		text = fmt.Sprintf("%s   %s", showTime(r.at.In(s.u.site.Location())), outcomeLabel(r.outcome))
	}
	if r.undone {
		text += "  (" + lang.L("undone") + ")"
	}
	l := o.(*widget.Label)
	l.Importance = widget.MediumImportance
	if r.bad {
		l.Importance = widget.DangerImportance
	}
	l.SetText(text)
}

// outcomeLabel is a short word for an outcome in the "Just now" list.
func outcomeLabel(o app.Outcome) string {
	switch o {
	case app.OutcomeCheckedIn:
		return "✓ " + lang.L("checked in")
	case app.OutcomeWalkIn:
		return "✓ " + lang.L("walk-in")
	case app.OutcomeAlready, app.OutcomeVisitAlready:
		return lang.L("already in")
	case app.OutcomeVisit:
		return "✓ " + lang.L("visit")
	case app.OutcomeBadCode, app.OutcomeWrongKind:
		return "✗ " + lang.L("scan again")
	case app.OutcomeUnknown:
		return "✗ " + lang.L("unknown card")
	case app.OutcomeRoomFull:
		return "✗ " + lang.L("room full")
	case app.OutcomeCancelled:
		return "✗ " + lang.L("event cancelled")
	case app.OutcomeNotToday:
		return "✗ " + lang.L("not today")
	case "":
		return "✗ " + lang.L("not checked in")
	}
	return string(o)
}

// reasonLabels are the visit reasons as people read them, in VisitReasons order.
func reasonLabels() []string {
	out := make([]string, len(app.VisitReasons))
	for i, r := range app.VisitReasons {
		out[i] = reasonLabel(r)
	}
	return out
}

func reasonLabel(r string) string {
	switch r {
	case app.ReasonResourceRoom:
		return lang.L("Resource room")
	case app.ReasonAppointment:
		return lang.L("Appointment")
	case app.ReasonComputerUse:
		return lang.L("Computer use")
	case app.ReasonOther:
		return lang.L("Something else")
	}
	return r
}
