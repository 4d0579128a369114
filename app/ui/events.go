package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// eventsScreen lists the site's events from a week ago on, and adds and
// edits them.
type eventsScreen struct {
	u       *UI
	ctx     context.Context // the signed-in person's, for every service call
	content fyne.CanvasObject
	list    *widget.List
	filter  *widget.Entry
	all     []app.Event // the period's events
	rows    []app.Event // those matching the filter
	form    *eventForm  // the last add/edit form opened
	dlg     formDialog

	sheetBlank, sheetFilled *widget.Button // in the last event form opened
	sheetWhy                *widget.Label  // why they are off, or nil
	lastSheet               string         // the last sign-in sheet written
}

func newEventsScreen(u *UI) *eventsScreen {
	s := &eventsScreen{u: u, ctx: u.ctx}
	s.list = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		title := widget.NewLabel("")
		title.TextStyle = fyne.TextStyle{Bold: true}
		return container.NewHBox(widget.NewLabel(""), title, layout.NewSpacer(), widget.NewLabel(""))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(s.rows) {
			return
		}
		e := s.rows[id]
		loc := s.u.site.Location()
		row := o.(*fyne.Container)
		row.Objects[0].(*widget.Label).SetText(showWeekdayDate(e.Start.In(loc)) + "  " + showTime(e.Start.In(loc)))
		title := e.Title
		if e.Cancelled {
			title += " (" + lang.L("cancelled") + ")"
		}
		row.Objects[1].(*widget.Label).SetText(title)
		info := []string{kindLabel(e.Kind)}
		if e.Location != "" {
			info = append(info, e.Location)
		}
		if e.Capacity > 0 {
			info = append(info, plural("{{.N}} seats", e.Capacity))
		}
		row.Objects[3].(*widget.Label).SetText(strings.Join(info, "   "))
		row.Refresh() // lay the row out again for the new texts' widths
	})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.rows) {
			s.open(s.rows[id])
		}
	}
	add := widget.NewButtonWithIcon(lang.L("Add event"), theme.ContentAddIcon(), func() {
		start, end := newEventTimes(s.u.svc.Now().In(s.u.site.Location()))
		s.open(app.Event{SiteID: s.u.site.ID, Kind: app.KindWorkshop, Start: start, End: end, Language: "en"})
	})
	add.Importance = widget.HighImportance
	s.filter = widget.NewEntry()
	s.filter.SetPlaceHolder(lang.L("Search by title, kind, place or facilitator"))
	s.filter.OnChanged = func(string) { s.applyFilter() }
	top := container.NewBorder(nil, nil, widget.NewLabel(lang.L("From a week ago, for three months")), add, s.filter)
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
	return s
}

// refresh reloads the list.
// newEventTimes are a new event's first start and end at the site's local
// time now: the next full hour for 90 minutes or, late in the evening when
// that would run past midnight (which the form refuses), 9:00 to 10:30
// the next day.
func newEventTimes(now time.Time) (start, end time.Time) {
	y, m, d := now.Date()
	start = time.Date(y, m, d, now.Hour()+1, 0, 0, 0, now.Location())
	end = start.Add(90 * time.Minute)
	if ey, em, ed := end.Date(); ey != y || em != m || ed != d || start.Day() != d {
		start = time.Date(y, m, d+1, 9, 0, 0, 0, now.Location())
		end = start.Add(90 * time.Minute)
	}
	return start, end
}

func (s *eventsScreen) refresh() {
	loc := s.u.site.Location()
	from, _ := app.LocalDay(s.u.svc.Now().AddDate(0, 0, -7), loc)
	evs, err := s.u.svc.Events(s.ctx, app.EventFilter{SiteID: s.u.site.ID, From: from, To: from.AddDate(0, 3, 7), IncludeCancelled: true, Limit: 1000})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.all = evs
	s.applyFilter()
}

// applyFilter shows the events whose title, kind, location or facilitator
// contain every typed word (accents and case ignored).
func (s *eventsScreen) applyFilter() {
	words := strings.Fields(app.FoldName(s.filter.Text))
	s.rows = s.rows[:0]
	for _, e := range s.all {
		hay := app.FoldName(strings.Join([]string{e.Title, kindLabel(e.Kind), string(e.Kind), e.Location, e.Facilitator}, " "))
		match := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				match = false
				break
			}
		}
		if match {
			s.rows = append(s.rows, e)
		}
	}
	s.list.Refresh()
}

// open shows the event form: a new event when e.ID is 0.
func (s *eventsScreen) open(e app.Event) {
	s.form = newEventForm(s.u, e, s.u.site.Location())
	f := s.form
	title, confirm := lang.L("Add event"), lang.L("Save")
	if e.ID != 0 {
		title = e.Title
	}
	content := f.content
	if e.ID != 0 {
		content = container.NewVBox(s.sheetButtons(e, f), widget.NewSeparator(), f.content)
	}
	s.dlg = showFormDialog(title, confirm, content, f.showError, func() error {
		ev, err := f.value()
		if err != nil {
			return err
		}
		if ev.ID == 0 {
			_, err = s.u.svc.AddEvent(s.ctx, ev)
		} else {
			_, err = s.u.svc.UpdateEvent(s.ctx, ev)
		}
		if err != nil {
			return err
		}
		s.refresh()
		if s.u.checkin != nil {
			s.u.checkin.refreshEvents()
		}
		return nil
	}, nil, s.u.win)
}

// sheetButtons print the event's sign-in sheet, blank or pre-filled
// (directors); a refusal or failure shows in the form's error line.
func (s *eventsScreen) sheetButtons(e app.Event, f *eventForm) fyne.CanvasObject {
	a4 := widget.NewCheck(lang.L("A4 paper"), nil)
	printIt := func(prefilled bool) {
		path, err := printSheet(s.u, s.ctx, e.ID, prefilled, a4.Checked)
		if err != nil {
			f.showError(err)
			return
		}
		s.lastSheet = path
		f.errLine.Text = ""
		f.errLine.Refresh()
	}
	blank := widget.NewButtonWithIcon(lang.L("Blank sign-in sheet"), theme.DocumentPrintIcon(), func() { printIt(false) })
	filled := widget.NewButtonWithIcon(lang.L("Pre-filled sign-in sheet"), theme.DocumentPrintIcon(), func() { printIt(true) })
	s.sheetBlank, s.sheetFilled = blank, filled
	row := container.NewHBox(widget.NewLabel(lang.L("Print")), blank, filled, a4)
	s.sheetWhy = roleReason(s.u, lang.L("Only a director can print sign-in sheets."), []app.Role{app.RoleDirector}, blank, filled, a4)
	if s.sheetWhy == nil {
		return row
	}
	return container.NewVBox(row, s.sheetWhy)
}

// eventForm edits an event; dates and times are the site's wall clock.
type eventForm struct {
	orig                                              app.Event
	loc                                               *time.Location
	title, date, start, end, location, link, capa, by *escEntry
	kind, language                                    *escSelect
	cancelled                                         *escCheck
	errLine                                           *canvas.Text
	content                                           fyne.CanvasObject
}

func newEventForm(u *UI, e app.Event, loc *time.Location) *eventForm {
	f := &eventForm{orig: e, loc: loc}
	mk := newFormEntry
	f.title = mk(e.Title, "")
	f.date = newDateFormEntry(app.CalendarDay(e.Start, loc))
	f.start = mk(e.Start.In(loc).Format("15:04"), "09:00")
	f.end = mk(e.End.In(loc).Format("15:04"), "10:30")
	f.location = mk(e.Location, "")
	f.link = mk(e.VirtualLink, "https://")
	capa := ""
	if e.Capacity > 0 {
		capa = strconv.Itoa(e.Capacity)
	}
	f.capa = mk(capa, lang.L("no limit"))
	f.by = mk(e.Facilitator, "")
	f.kind = newFormSelect(kindLabels(), nil)
	for i, k := range app.EventKinds {
		if k == e.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	f.language = newFormSelect(languageLabels(), nil)
	f.language.SetSelectedIndex(languageIndex(e.Language))
	f.cancelled = newFormCheck(lang.L("Cancelled"), nil)
	f.cancelled.SetChecked(e.Cancelled)
	f.errLine = newErrorLine()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Title"), f.title),
		widget.NewFormItem(lang.L("Kind"), f.kind),
		u.formDateItem(lang.L("Date"), f.date),
		widget.NewFormItem(lang.L("Starts"), f.start),
		widget.NewFormItem(lang.L("Ends"), f.end),
		widget.NewFormItem(lang.L("Location"), f.location),
		widget.NewFormItem(lang.L("Virtual link"), f.link),
		widget.NewFormItem(lang.L("Capacity"), f.capa),
		widget.NewFormItem(lang.L("Facilitator"), f.by),
		widget.NewFormItem(lang.L("Language"), f.language),
		widget.NewFormItem("", f.cancelled),
	)
	f.content = container.NewVBox(form, f.errLine)
	return f
}

// value reads the form; bad dates, times or numbers are field errors.
func (f *eventForm) value() (app.Event, error) {
	e := f.orig
	e.Title, e.Location, e.VirtualLink, e.Facilitator = f.title.Text, f.location.Text, f.link.Text, f.by.Text
	if i := f.kind.SelectedIndex(); i >= 0 {
		e.Kind = app.EventKinds[i]
	}
	if i := f.language.SelectedIndex(); i >= 0 {
		e.Language = languageChoices[i].code
	}
	e.Cancelled = f.cancelled.Checked
	day, err := parseDay(lang.L("Date"), f.date.Text)
	if err != nil {
		return e, err
	}
	at := func(field, s string) (time.Time, error) {
		t, err := time.Parse("15:04", strings.TrimSpace(s))
		if err != nil {
			if t, err = time.Parse("3:04 PM", strings.ToUpper(strings.TrimSpace(s))); err != nil {
				return time.Time{}, app.FieldErrorf(field, "write the time as 09:00 or 2:30 PM")
			}
		}
		return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, f.loc).UTC(), nil
	}
	if e.Start, err = at("start", f.start.Text); err != nil {
		return e, err
	}
	if e.End, err = at("end", f.end.Text); err != nil {
		return e, err
	}
	e.Capacity = 0
	if c := strings.TrimSpace(f.capa.Text); c != "" {
		if e.Capacity, err = strconv.Atoi(c); err != nil {
			return e, app.FieldErrorf("capacity", "must be a whole number (empty: no limit)")
		}
	}
	return e, nil
}

func (f *eventForm) showError(err error) {
	f.errLine.Text = errorText(err)
	f.errLine.Refresh()
}

func kindLabels() []string {
	out := make([]string, len(app.EventKinds))
	for i, k := range app.EventKinds {
		out[i] = kindLabel(k)
	}
	return out
}

func kindLabel(k app.EventKind) string {
	switch k {
	case app.KindOrientation:
		return lang.L("Orientation")
	case app.KindWorkshop:
		return lang.L("Workshop")
	case app.KindRecruitment:
		return lang.L("Recruitment")
	case app.KindJobFair:
		return lang.L("Job fair")
	case app.KindOther:
		return lang.L("Other event")
	}
	return string(k)
}
