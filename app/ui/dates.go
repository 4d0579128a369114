package ui

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// Dates on every screen: shown with the month's name in the person's
// language (app.FormatDate and its kin), typed in one numeric form per
// language or ISO (app.ParseDateField), and picked from a calendar.

// uiLanguage is the language of the interface's strings: the system's,
// which Fyne's lang matches to English or Spanish (read once).
var uiLanguage = sync.OnceValue(func() string { return lang.SystemLocale().LanguageString() })

// showDate is a calendar day as people read it: "Dec 4, 2026" / "4 dic
// 2026". Give an instant in the site's zone, or a day kept as midnight UTC.
func showDate(t time.Time) string { return app.FormatDate(t, uiLanguage()) }

// showDateTime is a day and a time: "Dec 4, 2026, 2:30 PM" / "4 dic 2026, 14:30".
func showDateTime(t time.Time) string { return app.FormatDateTime(t, uiLanguage()) }

// showTime is a time of day: "2:30 PM" / "14:30".
func showTime(t time.Time) string { return app.FormatTime(t, uiLanguage()) }

// showWeekdayDate is a near day with its weekday: "Fri, Dec 4" / "vie, 4 dic".
func showWeekdayDate(t time.Time) string { return app.FormatWeekdayDate(t, uiLanguage()) }

// monthAbbr is a month's short name in the person's language ("Mar", "mar").
func monthAbbr(m time.Month) string { return app.MonthAbbr(m, uiLanguage()) }

// dateHint is the form a date field asks for: "MM/DD/YYYY" / "DD/MM/AAAA".
func dateHint() string { return app.DateFieldFormat(uiLanguage()) }

// formatDay writes a calendar day into a date field, in the field's form.
func formatDay(d time.Time) string { return app.FormatDateField(d, uiLanguage()) }

// parseDay reads the date field named field as midnight UTC of its day;
// the error names the field and the form expected.
func parseDay(field, text string) (time.Time, error) {
	return app.ParseDateField(field, text, uiLanguage())
}

// readDay reads the date field named field; an empty one is the zero
// time when optional, else an error that asks for the date.
func readDay(field, s string, optional bool) (time.Time, error) {
	if optional && strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	return parseDay(field, s)
}

// newDateEntry is a date field holding the day d (none when zero), with
// the form it takes as its placeholder. Put it on screen with withPicker.
func newDateEntry(d time.Time) *widget.Entry {
	e := widget.NewEntry()
	if !d.IsZero() {
		e.SetText(formatDay(d))
	}
	e.SetPlaceHolder(dateHint())
	return e
}

// newDateFormEntry is newDateEntry for a dialog's form: the field closes
// its dialog on Escape. Put it on the form with formDateItem.
func newDateFormEntry(d time.Time) *escEntry {
	e := newFormEntry("", dateHint())
	if !d.IsZero() {
		e.SetText(formatDay(d))
	}
	return e
}

// formDateItem is dateItem for a dialog's date field (newDateFormEntry).
func (u *UI) formDateItem(label string, e *escEntry) *widget.FormItem {
	it := widget.NewFormItem(label, u.pickerBeside(e, &e.Entry))
	it.HintText = dateHint()
	return it
}

// withPicker is the date field e with a calendar button beside it; the
// day picked is written into e in its form, and the cursor goes back to e.
func (u *UI) withPicker(e *widget.Entry) fyne.CanvasObject { return u.pickerBeside(e, e) }

// dateItem is a form's line for the date field e: the field with its
// calendar, and the form it takes under it (the placeholder is hidden once
// the field holds a date).
func (u *UI) dateItem(label string, e *widget.Entry) *widget.FormItem {
	it := widget.NewFormItem(label, u.withPicker(e))
	it.HintText = dateHint()
	return it
}

// dateRange is a first and a last day side by side, each with its calendar.
func (u *UI) dateRange(from, to *widget.Entry) fyne.CanvasObject {
	field := func(e *widget.Entry) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(170, e.MinSize().Height), u.withPicker(e))
	}
	return container.NewHBox(field(from), widget.NewLabel(lang.L("to")), field(to))
}

// pickerBeside is withPicker for a field that extends widget.Entry: obj
// is the field as shown, e its entry.
func (u *UI) pickerBeside(obj fyne.CanvasObject, e *widget.Entry) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, u.pickerButton(obj, e), obj)
}

// pickerButton is the calendar button of pickerBeside, for a screen that
// disables it along with its field.
func (u *UI) pickerButton(obj fyne.CanvasObject, e *widget.Entry) *calendarButton {
	b := &calendarButton{onTap: func() { u.pickDate(obj, e) }}
	b.ExtendBaseWidget(b)
	return b
}

// calendarButton opens a date field's calendar when clicked. It takes no
// keyboard focus, so Tab goes from one field to the next as before and
// the keyboard types the date; the calendar, once open, is all keyboard.
type calendarButton struct {
	widget.DisableableWidget
	onTap func()
}

// Tapped implements fyne.Tappable.
func (b *calendarButton) Tapped(*fyne.PointEvent) {
	if !b.Disabled() {
		b.onTap()
	}
}

// Cursor implements desktop.Cursorable: the pointer, as over a button.
func (b *calendarButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer implements fyne.Widget: a button's background and the
// calendar icon, greyed while disabled.
func (b *calendarButton) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	icon := widget.NewIcon(theme.CalendarIcon())
	r := &calendarButtonRenderer{b: b, bg: bg, icon: icon}
	r.objects = []fyne.CanvasObject{bg, icon}
	return r
}

type calendarButtonRenderer struct {
	b       *calendarButton
	bg      *canvas.Rectangle
	icon    *widget.Icon
	objects []fyne.CanvasObject
}

func (r *calendarButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	pad := theme.Padding() * 2
	r.icon.Move(fyne.NewPos(pad, pad))
	r.icon.Resize(size.SubtractWidthHeight(2*pad, 2*pad))
}

func (r *calendarButtonRenderer) MinSize() fyne.Size {
	side := theme.IconInlineSize() + 4*theme.Padding()
	return fyne.NewSquareSize(side)
}

func (r *calendarButtonRenderer) Refresh() {
	r.bg.FillColor = theme.Color(theme.ColorNameButton)
	if r.b.Disabled() {
		r.bg.FillColor = theme.Color(theme.ColorNameDisabledButton)
		r.icon.SetResource(theme.NewDisabledResource(theme.CalendarIcon()))
	} else {
		r.icon.SetResource(theme.CalendarIcon())
	}
	r.bg.Refresh()
}

func (r *calendarButtonRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *calendarButtonRenderer) Destroy()                     {}

// pickDate opens the calendar for the field e (shown as obj), on the
// month of the day it holds (today's when it holds none).
func (u *UI) pickDate(obj fyne.CanvasObject, e *widget.Entry) {
	today := app.CalendarDay(u.svc.Now(), u.site.Location())
	sel, err := parseDay("", e.Text)
	if err != nil {
		sel = today
	}
	var d dialog.Dialog
	p := newDatePicker(sel, today, func(day time.Time) {
		d.Hide()
		e.SetText(formatDay(day))
		if f, ok := obj.(fyne.Focusable); ok && !e.Disabled() {
			u.win.Canvas().Focus(f)
		}
	})
	d = dialog.NewCustom(lang.L("Choose a day"), lang.L("Cancel"), p.content(), u.win)
	p.close = func() { d.Hide() }
	escapable(u.win, d)
	u.picker = p
	d.Show()
	u.win.Canvas().Focus(p)
}

// datePicker is a month of days to pick one from. The keyboard moves the
// cursor (arrows a day or a week, Page Up/Down a month, Home today),
// Enter or Space picks the day under it, Escape closes.
type datePicker struct {
	widget.BaseWidget
	cursor, today time.Time // midnight UTC
	picked        func(time.Time)
	close         func()
	focused       bool

	title *widget.Label
	grid  *fyne.Container
	days  map[int]*widget.Button // the month's days by number
}

func newDatePicker(sel, today time.Time, picked func(time.Time)) *datePicker {
	p := &datePicker{cursor: sel, today: today, picked: picked}
	p.ExtendBaseWidget(p)
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.grid = container.NewGridWithColumns(7)
	p.fill()
	return p
}

// content is the picker with its month header and buttons.
func (p *datePicker) content() fyne.CanvasObject {
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { p.move(0, -1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { p.move(0, 1) })
	todayB := widget.NewButton(lang.L("Today")+": "+showDate(p.today), func() { p.picked(p.today) })
	head := container.NewBorder(nil, nil, prev, next, p.title)
	return container.NewVBox(head, p, container.NewHBox(layout.NewSpacer(), todayB, layout.NewSpacer()))
}

// fill lays out the cursor's month.
func (p *datePicker) fill() {
	ui := uiLanguage()
	p.title.SetText(app.FormatMonthYear(p.cursor, ui))
	objs := []fyne.CanvasObject{}
	first := app.WeekStart(ui)
	for i := 0; i < 7; i++ {
		l := widget.NewLabelWithStyle(app.WeekdayAbbr((first+time.Weekday(i))%7, ui), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		objs = append(objs, l)
	}
	start := time.Date(p.cursor.Year(), p.cursor.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < (int(start.Weekday())-int(first)+7)%7; i++ {
		objs = append(objs, layout.NewSpacer())
	}
	p.days = map[int]*widget.Button{}
	for d := start; d.Month() == start.Month(); d = d.AddDate(0, 0, 1) {
		day := d
		b := widget.NewButton(strconv.Itoa(d.Day()), func() { p.picked(day) })
		switch {
		case d.Equal(p.cursor):
			b.Importance = widget.HighImportance
		case d.Equal(p.today):
			b.Importance = widget.WarningImportance
		default:
			b.Importance = widget.LowImportance
		}
		p.days[d.Day()] = b
		objs = append(objs, b)
	}
	for len(objs) < 7*7 { // always six weeks, so the dialog keeps its size
		objs = append(objs, layout.NewSpacer())
	}
	p.grid.Objects = objs
	p.grid.Refresh()
}

// move moves the cursor by days and months.
func (p *datePicker) move(days, months int) {
	c := p.cursor
	if months != 0 {
		// keep the day where the month has it, else its last day
		first := time.Date(c.Year(), c.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 1, -1).Day()
		c = first.AddDate(0, 0, min(c.Day(), last)-1)
	}
	p.cursor = c.AddDate(0, 0, days)
	p.fill()
}

// CreateRenderer implements fyne.Widget.
func (p *datePicker) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.grid) }

// FocusGained implements fyne.Focusable.
func (p *datePicker) FocusGained() { p.focused = true }

// FocusLost implements fyne.Focusable.
func (p *datePicker) FocusLost() { p.focused = false }

// TypedRune implements fyne.Focusable: Space picks.
func (p *datePicker) TypedRune(r rune) {
	if r == ' ' {
		p.picked(p.cursor)
	}
}

// TypedKey implements fyne.Focusable.
func (p *datePicker) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyLeft:
		p.move(-1, 0)
	case fyne.KeyRight:
		p.move(1, 0)
	case fyne.KeyUp:
		p.move(-7, 0)
	case fyne.KeyDown:
		p.move(7, 0)
	case fyne.KeyPageUp:
		p.move(0, -1)
	case fyne.KeyPageDown:
		p.move(0, 1)
	case fyne.KeyHome:
		p.cursor = p.today
		p.fill()
	case fyne.KeyReturn, fyne.KeyEnter:
		p.picked(p.cursor)
	case fyne.KeyEscape:
		if p.close != nil {
			p.close()
		}
	}
}
