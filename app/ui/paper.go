package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// Keyboard shortcuts of the paper entry screen (handled by its row field).
var (
	paperConsentShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}
	paperNewShortcut     = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	paperUndoShortcut    = undoShortcut
)

// paperRow is one sheet row keyed in.
type paperRow struct {
	n         int
	name      string
	res       app.CheckInResult
	err       error
	newPerson bool
	// consent: what happened to the ticked consent box
	consent     paperConsent
	consentNote string
	undone      bool
}

type paperConsent int

const (
	consentNotTicked paperConsent = iota
	consentRecorded               // recorded by this row
	consentHad                    // already given before
	consentRefused                // could not be saved
	consentStop                   // not recorded: the person replied STOP
)

// paperEntry is the row field: ↑/↓ move through the matches, Escape clears,
// and the screen's shortcuts work while it has the focus.
type paperEntry struct {
	widget.Entry
	onKey     func(fyne.KeyName)
	shortcuts map[string]func()
}

func newPaperEntry() *paperEntry {
	e := &paperEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands navigation keys to the screen.
func (e *paperEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyEscape:
		if e.onKey != nil {
			e.onKey(k.Name)
			return
		}
	}
	e.Entry.TypedKey(k)
}

// TypedShortcut runs the screen's shortcuts, and the entry's own otherwise.
func (e *paperEntry) TypedShortcut(s fyne.Shortcut) {
	if f, ok := e.shortcuts[s.ShortcutName()]; ok {
		f()
		return
	}
	e.Entry.TypedShortcut(s)
}

// paperScreen keys a filled paper sign-in sheet back in, row by row, from
// the keyboard: pick the sheet's event (or scan its QR code), then for each
// row type a name, phone or email, tick the consent box when the row's box
// is ticked (Ctrl+K), and press Enter to check in the highlighted match with
// method "paper", or Ctrl+N to register a new participant from what was
// typed. Ctrl+Z undoes the last row.
type paperScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject

	picker   *widget.Select
	code     *widget.Entry
	counts   *widget.Label
	entry    *paperEntry
	consent  *widget.Check
	result   *resultPanel
	feedback *scanFeedback // the banner's timing, repeated-problem count and sounds, as on Check-in
	search   *participantSearch
	rowsW    *widget.List
	undoBtn  *widget.Button
	newBtn   *widget.Button

	events []app.Event
	target app.Target
	rows   []paperRow // newest last

	*jobQueue // database work off the UI goroutine; also counts pending timers
}

func newPaperScreen(u *UI) *paperScreen {
	s := &paperScreen{u: u, ctx: u.ctx, jobQueue: newJobQueue()}
	s.search = newParticipantSearch(u, s.jobQueue, func() int64 { return s.target.EventID }, true, s.pick)
	s.search.foundHint = lang.L("Enter checks in the highlighted person; Ctrl+N registers someone new instead.")
	s.search.noneHint = lang.L("No one matches. Ctrl+N registers a new participant from this row (name, phone, email) and checks them in.")

	s.picker = widget.NewSelect(nil, func(string) { s.eventChanged() })
	s.picker.PlaceHolder = lang.L("Choose the sheet's event")
	s.code = widget.NewEntry()
	s.code.SetPlaceHolder(lang.L("or scan the sheet's QR code"))
	s.code.OnSubmitted = func(t string) {
		s.code.SetText("")
		s.useEventCode(t)
	}
	s.counts = widget.NewLabel("")
	s.counts.TextStyle = fyne.TextStyle{Bold: true}

	s.result = newResultPanel()
	s.feedback = newScanFeedback(u, s.result, lang.L("Ready — key in the next row"), lang.L("Type each row's name, phone or email; Enter checks in the highlighted person."))

	s.entry = newPaperEntry()
	s.entry.SetPlaceHolder(lang.L("Sheet row: name, phone or email"))
	s.entry.OnChanged = s.changed
	s.entry.OnSubmitted = s.submit
	s.entry.onKey = s.key
	s.entry.shortcuts = map[string]func(){
		paperConsentShortcut.ShortcutName(): s.toggleConsent,
		paperNewShortcut.ShortcutName():     s.register,
		paperUndoShortcut.ShortcutName():    s.undo,
	}
	s.consent = widget.NewCheck(lang.L("Consent box ticked (Ctrl+K)"), nil)
	s.rowsW = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, s.updateDoneRow)

	s.newBtn = widget.NewButtonWithIcon(lang.L("New participant from this row (Ctrl+N)"), theme.ContentAddIcon(), s.register)
	s.undoBtn = widget.NewButtonWithIcon(lang.L("Undo last row (Ctrl+Z)"), theme.ContentUndoIcon(), s.undo)
	s.undoBtn.Disable()
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.refresh)

	code := container.NewGridWrap(fyne.NewSize(260, s.code.MinSize().Height), s.code)
	top := container.NewBorder(nil, nil, widget.NewLabel(lang.L("Sheet of")),
		container.NewHBox(code, refresh), s.picker)
	rowLine := container.NewBorder(nil, nil, widget.NewIcon(theme.DocumentCreateIcon()), s.consent, s.entry)
	header := container.NewVBox(top, s.counts, s.result.content, rowLine, s.search.hint)

	listHead := widget.NewLabelWithStyle(lang.L("Matches (↑ ↓ to choose, Enter to check in)"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	left := container.NewBorder(listHead, nil, nil, nil, s.search.list)
	rightHead := container.NewVBox(widget.NewLabelWithStyle(lang.L("Rows keyed from this sheet"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	right := container.NewBorder(rightHead, nil, nil, nil, s.rowsW)
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	buttons := container.NewHBox(s.newBtn, s.undoBtn, layout.NewSpacer())
	// a short window (1024×600) gets a low banner, the counts over the
	// keyed rows and no heading over the matches, so seven matches show
	s.content = fitShort(container.NewBorder(header, buttons, nil, nil, split), func(short bool) bool {
		if !s.result.setCompact(short) {
			return false
		}
		listHead.Hidden = short
		title := rightHead.Objects[0]
		if short {
			header.Objects = []fyne.CanvasObject{top, s.result.content, rowLine, s.search.hint}
			rightHead.Objects = []fyne.CanvasObject{title, s.counts}
		} else {
			header.Objects = []fyne.CanvasObject{top, s.counts, s.result.content, rowLine, s.search.hint}
			rightHead.Objects = []fyne.CanvasObject{title}
		}
		return true
	})
	s.refresh()
	return s
}

func (s *paperScreen) focus() {
	if s.u.tabs == nil || s.u.paper != s || s.u.mode != modeDesk {
		return
	}
	if c := s.u.win.Canvas(); c != nil {
		c.Focus(s.entry)
	}
}

// refresh reloads the events whose sheets may be keyed in, keeping the
// current one, else picking today's current event, else the latest.
func (s *paperScreen) refresh() {
	evs, err := s.u.svc.PaperEvents(s.ctx, s.u.site.ID)
	if err != nil {
		s.u.showError(err)
		return
	}
	loc := s.u.site.Location()
	prev := s.target.EventID
	s.events = evs
	labels := make([]string, len(evs))
	for i, e := range evs {
		labels[i] = showWeekdayDate(e.Start.In(loc)) + ", " + showTime(e.Start.In(loc)) + "   " + e.Title
	}
	s.picker.SetOptions(labels)
	if len(evs) == 0 {
		s.target = app.Target{}
		s.picker.ClearSelected()
		s.counts.SetText(lang.L("No events in the last two weeks: add the event first."))
		return
	}
	idx := 0
	if cur, ok := app.PickCurrentEvent(evs, s.u.svc.Now()); ok && app.EventIsOn(cur, s.u.svc.Now(), loc) {
		idx = s.eventIndex(cur.ID)
	}
	if i := s.eventIndex(prev); prev != 0 && i >= 0 {
		idx = i
	}
	s.picker.SetSelectedIndex(idx)
}

func (s *paperScreen) eventIndex(id int64) int {
	for i, e := range s.events {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// eventChanged follows the picker: a new sheet starts a new list of rows.
func (s *paperScreen) eventChanged() {
	i := s.picker.SelectedIndex()
	if i < 0 || i >= len(s.events) {
		return
	}
	if s.target.EventID != s.events[i].ID {
		s.feedback.ready() // an answer about the last sheet is not about this one
		s.rows = nil
		s.rowsW.Refresh()
		s.undoBtn.Disable()
	}
	s.target = app.Target{SiteID: s.u.site.ID, EventID: s.events[i].ID}
	s.showCounts(nil)
	s.search.search(searchQuery(s.entry.Text))
	s.focus()
}

// useEventCode selects the event whose sheet QR code was scanned or typed.
func (s *paperScreen) useEventCode(t string) {
	id, err := app.EventIDFromCode(t)
	if err != nil {
		s.feedback.answer(toneBad, lang.L("Scan the sheet again"), errorText(err))
		s.focus()
		return
	}
	i := s.eventIndex(id)
	if i < 0 {
		s.feedback.answer(toneBad, lang.L("Not an event to key in"), lang.L("That sheet's event is not in the list: only this center's events of the last two weeks can be keyed in."))
		s.focus()
		return
	}
	s.picker.SetSelectedIndex(i)
	s.feedback.answer(toneIdle, lang.L("Sheet of {{.Event}}", map[string]any{"Event": s.events[i].Title}), lang.L("Type each row's name, phone or email; Enter checks in the highlighted person."))
}

func (s *paperScreen) showCounts(c *app.EventCounts) {
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

// splitPaperRow splits what was typed for a row into name, phone and
// email: a word with @ is the email, words of phone characters the phone.
func splitPaperRow(text string) (name []string, phone, email string) {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\t' }) {
		switch {
		case strings.Contains(w, "@"):
			email = w
		case strings.Trim(w, "0123456789()-.+") == "" && strings.ContainsAny(w, "0123456789"):
			phone += w
		default:
			name = append(name, w)
		}
	}
	return name, phone, email
}

// searchQuery is what a row's text is searched by: the email, else the
// phone (or a bare number: a sheet row), else the name.
func searchQuery(text string) string {
	name, phone, email := splitPaperRow(text)
	switch {
	case email != "":
		return email
	case len(phone) >= 3 || len(name) == 0:
		return phone
	}
	return strings.Join(name, " ")
}

// changed searches as the row is typed.
func (s *paperScreen) changed(text string) {
	s.u.idle.touch()
	s.search.search(searchQuery(text))
}

func (s *paperScreen) key(k fyne.KeyName) {
	if k == fyne.KeyEscape {
		s.clearRow()
		return
	}
	s.search.key(k)
}

func (s *paperScreen) toggleConsent() { s.consent.SetChecked(!s.consent.Checked) }

// clearRow readies the field for the next row.
func (s *paperScreen) clearRow() {
	s.entry.SetText("")
	s.consent.SetChecked(false)
	s.search.clear()
}

// ready reports whether an event is chosen, saying so when not.
func (s *paperScreen) ready() bool {
	if s.target.EventID != 0 {
		return true
	}
	s.feedback.answer(toneBad, lang.L("Choose the sheet's event first"), lang.L("Pick it in the list above, or scan the QR code on the sheet."))
	return false
}

// submit handles Enter: an event code switches the sheet; otherwise the
// highlighted match is checked in.
func (s *paperScreen) submit(text string) {
	t := strings.TrimSpace(text)
	if t == "" {
		return
	}
	if _, err := app.EventIDFromCode(t); err == nil {
		s.clearRow()
		s.useEventCode(t)
		return
	}
	if !s.ready() {
		return
	}
	if h, ok := s.search.highlighted(); ok {
		s.pick(h)
		return
	}
	s.search.hint.SetText(s.search.noneHint)
}

// pick checks in a participant from the sheet, recording their consent when
// the row's box is ticked.
func (s *paperScreen) pick(p app.SearchHit) {
	if !s.ready() {
		return
	}
	ticked := s.consent.Checked
	target := s.target
	s.clearRow()
	s.do(func() func() {
		row := paperRow{name: p.ShortName()}
		row.res, row.err = s.u.svc.CheckInParticipant(s.ctx, target, p.ID, app.MethodPaper)
		if row.err == nil && ticked && (row.res.Outcome.Recorded() || row.res.Outcome == app.OutcomeAlready) {
			s.recordConsent(&row)
		}
		return func() { s.apply(row) }
	})
}

// recordConsent records the paper consent of the row's participant, never
// for someone who replied STOP (runs off the UI goroutine).
func (s *paperScreen) recordConsent(row *paperRow) {
	p := row.res.Participant
	switch {
	case p.OptOutAt != nil:
		row.consent = consentStop
		row.consentNote = lang.L("Consent not recorded: {{.Name}} replied STOP on {{.Date}} and is never texted again.",
			map[string]any{"Name": p.ShortName(), "Date": showDate(p.OptOutAt.In(s.u.site.Location()))})
	case p.Consent.Given:
		row.consent = consentHad
	default:
		p.Consent = app.Consent{Given: true, Method: app.ConsentPaper}
		np, err := s.u.svc.UpdateParticipant(s.ctx, p)
		if err != nil {
			row.consent = consentRefused
			row.consentNote = lang.L("Consent not recorded: {{.Why}}", map[string]any{"Why": errorText(err)})
			return
		}
		row.consent = consentRecorded
		row.res.Participant = np
	}
}

// register registers a new participant from the row's text (Ctrl+N) and
// checks them in, with the consent box as ticked.
func (s *paperScreen) register() {
	if !s.ready() {
		return
	}
	name, phone, email := splitPaperRow(s.entry.Text)
	if len(name) == 0 {
		s.feedback.answer(toneBad, lang.L("Type the name first"), lang.L("A new participant needs a first and last name; add the phone or email on the same line."))
		s.focus()
		return
	}
	p := app.Participant{SiteID: s.u.site.ID, FirstName: strings.Join(name[:max(1, len(name)-1)], " "), Phone: phone, Email: email,
		Consent: app.Consent{Given: s.consent.Checked}}
	if len(name) > 1 {
		p.LastName = name[len(name)-1]
	}
	s.registerPerson(s.target, p)
}

// registerPerson registers p from the sheet at target and checks them in;
// a phone someone else already has is asked about first.
func (s *paperScreen) registerPerson(target app.Target, p app.Participant) {
	s.do(func() func() {
		row := paperRow{name: p.FirstName + " " + p.LastName, newPerson: true}
		row.res, row.err = s.u.svc.RegisterFromPaper(s.ctx, target, p)
		if row.err == nil && p.Consent.Given {
			row.consent = consentRecorded
		}
		return func() {
			if row.err != nil {
				// keep what was typed so it can be fixed
				s.feedback.answer(toneBad, lang.L("Not registered"), errorText(row.err))
				if app.ErrorCode(row.err) == app.EConfirm {
					confirmSharedPhone(s.u.win, row.err, func() {
						p.SharedPhoneOK = true
						s.registerPerson(target, p)
					}, s.focus)
					return
				}
				s.focus()
				return
			}
			s.clearRow()
			s.apply(row)
		}
	})
}

// apply shows a row's answer and adds it to the sheet's list.
func (s *paperScreen) apply(row paperRow) {
	defer s.focus()
	if row.err != nil {
		s.feedback.answer(toneBad, lang.L("Not checked in"), errorText(row.err))
		return
	}
	t, title, detail := describe(row.res, s.u.site.Location())
	if row.newPerson && row.res.Outcome.Recorded() {
		title = lang.L("{{.Name}} is registered and checked in", map[string]any{"Name": row.res.Participant.ShortName()})
	}
	switch row.consent {
	case consentRecorded:
		detail = lang.L("Paper consent recorded.")
	case consentRefused, consentStop:
		t, detail = toneWarn, row.consentNote
	}
	s.feedback.answer(t, title, detail)
	if row.res.Event.ID == s.target.EventID && (row.res.Outcome.Recorded() || row.res.Outcome == app.OutcomeAlready) {
		s.showCounts(&row.res.Counts)
	}
	if row.res.Participant.ID == 0 {
		return
	}
	row.n = len(s.rows) + 1
	row.name = row.res.Participant.ShortName()
	s.rows = append(s.rows, row)
	s.rowsW.Refresh()
	s.rowsW.ScrollToBottom()
	if s.lastUndoable() >= 0 {
		s.undoBtn.Enable()
	}
}

// lastUndoable is the index of the last row that recorded something and is
// not undone, or -1.
func (s *paperScreen) lastUndoable() int {
	for i := len(s.rows) - 1; i >= 0; i-- {
		r := s.rows[i]
		if !r.undone && (r.res.Outcome.Recorded() || r.consent == consentRecorded) {
			return i
		}
	}
	return -1
}

// undo reverses the last row: its check-in, and the consent it recorded.
// A participant it registered keeps their record (they did come).
func (s *paperScreen) undo() {
	i := s.lastUndoable()
	if i < 0 {
		return
	}
	row := s.rows[i]
	s.rows[i].undone = true
	if s.lastUndoable() < 0 {
		s.undoBtn.Disable()
	}
	s.do(func() func() {
		var err error
		if row.res.Outcome.Recorded() {
			err = s.u.svc.UndoCheckInOf(s.ctx, row.res.CheckIn)
		}
		if err == nil && row.consent == consentRecorded && !row.newPerson {
			var p app.Participant
			if p, err = s.u.svc.Participant(s.ctx, row.res.Participant.ID); err == nil {
				p.Consent = app.Consent{}
				_, err = s.u.svc.UpdateParticipant(s.ctx, p)
			}
		}
		var counts *app.EventCounts
		if c, cerr := s.u.svc.EventCounts(s.ctx, row.res.Event.ID); cerr == nil {
			counts = &c
		}
		return func() {
			defer s.focus()
			if err != nil {
				s.rows[i].undone = false
				s.undoBtn.Enable()
				s.result.show(toneBad, lang.L("Could not undo"), errorText(err))
				return
			}
			detail := lang.L("The check-in was reversed; the record of it is kept.")
			if row.newPerson {
				detail = lang.L("The check-in was reversed; the new participant's record is kept.")
			}
			s.result.show(toneIdle, lang.L("Undone: row {{.N}}, {{.Name}}", map[string]any{"N": row.n, "Name": row.name}), detail)
			if counts != nil && row.res.Event.ID == s.target.EventID {
				s.showCounts(counts)
			}
			s.rowsW.Refresh()
		}
	})
}

func (s *paperScreen) updateDoneRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	text := fmt.Sprintf("%d.  %s   %s", r.n, r.name, outcomeLabel(r.res.Outcome))
	if r.newPerson {
		text += " · " + lang.L("new")
	}
	switch r.consent {
	case consentRecorded:
		text += " · " + lang.L("consent recorded")
	case consentHad:
		text += " · " + lang.L("consent on file")
	case consentRefused:
		text += " · " + lang.L("consent not recorded")
	case consentStop:
		text += " · " + lang.L("consent not recorded (STOP)")
	}
	if r.undone {
		text += "  (" + lang.L("undone") + ")"
	}
	o.(*widget.Label).SetText(text)
}
