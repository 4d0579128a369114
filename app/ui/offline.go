package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// deskLine is the line across the top of the window of a desk of a center
// server that says where the desk stands with the server: "Offline — 12
// check-ins waiting" while it cannot be reached (check-ins go on from the
// desk's local copy; everything else waits), "Sending 12 check-ins…" while
// they go, and, once sent, how many records from the offline time the
// rules had to resolve, with a button to see them.
type deskLine struct {
	u      *UI
	bar    *fyne.Container
	icon   *widget.Icon
	text   *widget.Label
	detail *widget.Label
	show   *widget.Button
	seen   int // conflicts already looked at
	last   app.DeskStatus
	stop   chan struct{}
}

// deskLineEvery is how often the line reads the desk's status.
var deskLineEvery = time.Second

func newDeskLine(u *UI) *deskLine {
	l := &deskLine{u: u, icon: widget.NewIcon(theme.WarningIcon())}
	l.text = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.text.Importance = widget.DangerImportance
	l.detail = widget.NewLabel("")
	l.detail.Truncation = fyne.TextTruncateEllipsis
	l.show = widget.NewButton(lang.L("Show them"), l.showConflicts)
	l.bar = container.NewBorder(nil, nil, container.NewHBox(l.icon, l.text), l.show, l.detail)
	l.bar.Hide()
	return l
}

// follow reads the desk's status now and every deskLineEvery, until stop.
func (l *deskLine) follow(status func() app.DeskStatus) {
	l.stop = make(chan struct{})
	l.apply(status())
	if deskLineEvery <= 0 {
		return
	}
	go func(stop chan struct{}) {
		t := time.NewTicker(deskLineEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				st := status()
				fyne.Do(func() { l.apply(st) })
			}
		}
	}(l.stop)
}

// apply shows st.
func (l *deskLine) apply(st app.DeskStatus) {
	l.last = st
	unseen := len(st.Conflicts) - l.seen
	l.show.Hide()
	switch {
	case st.Offline:
		l.text.Importance = widget.DangerImportance
		l.text.SetText(plural("Offline — {{.N}} check-ins waiting", st.Waiting))
		l.detail.SetText(lang.L("The center server cannot be reached. Check-ins go on here and are sent when it is back; everything else waits."))
	case st.Waiting > 0:
		l.text.Importance = widget.WarningImportance
		l.text.SetText(plural("Sending {{.N}} check-ins to the center server…", st.Waiting))
		l.detail.SetText("")
	case unseen > 0:
		l.text.Importance = widget.WarningImportance
		l.text.SetText(plural("{{.N}} records from the offline time need a look", unseen))
		l.detail.SetText(lang.L("Everything was sent; the rules kept one record where two desks made the same."))
		l.show.Show()
	default:
		l.bar.Hide()
		return
	}
	l.bar.Show()
}

// showConflicts lists the conflicts the rules resolved, newest last.
func (l *deskLine) showConflicts() {
	loc := l.u.site.Location()
	var lines []string
	for _, c := range l.last.Conflicts {
		d := map[string]any{"Name": c.Participant, "Code": c.Code, "Event": c.Event, "Desk": c.KeptDesk,
			"Kept": showTime(c.KeptAt.In(loc)), "Made": showTime(c.MadeAt.In(loc))}
		switch c.Kind {
		case app.ConflictAlreadyIn:
			if c.KeptDesk != "" {
				lines = append(lines, lang.L("{{.Name}} was checked in to {{.Event}} here at {{.Made}} while offline, and at {{.Desk}} at {{.Kept}}: one check-in was kept, the one at {{.Desk}}.", d))
			} else {
				lines = append(lines, lang.L("{{.Name}} was checked in to {{.Event}} here at {{.Made}} while offline, and at another desk at {{.Kept}}: one check-in was kept, the other desk's.", d))
			}
		case app.ConflictRegisteredTwice:
			lines = append(lines, lang.L("{{.Name}} was registered here at {{.Made}} while offline, and at another desk too: one registration was kept (card {{.Code}}), with this desk's check-ins. Give them that card.", d))
		}
	}
	l.seen = len(l.last.Conflicts)
	text := widget.NewLabel(strings.Join(lines, "\n\n"))
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fitSize(l.u.win, fyne.NewSize(640, 320)))
	d := dialog.NewCustom(lang.L("Records from the offline time"), lang.L("Close"), scroll, l.u.win)
	escapable(l.u.win, d)
	d.Show()
	l.apply(l.last)
}
