package ui

import (
	"context"
	"strings"
	"sync"
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

// participantSearch is the search as you type that Check-in and Paper
// entry share: it searches once typing pauses (a staleness counter drops
// answers to older keystrokes), lists the hits for the chosen event
// (pre-registered first, each with what tells namesakes apart), keeps the
// highlighted row that Enter picks, and says how many match when the list
// is capped ("20 of 143 — keep typing").
type participantSearch struct {
	u     *UI
	ctx   context.Context
	jobs  *jobQueue
	list  *widget.List
	hint  *widget.Label
	event func() int64 // the event chosen on the screen (0: none)
	sheet bool         // keying a paper sheet: rows carry their sheet row, a number is a row
	// what the hint says when something, or nothing, was found
	foundHint, noneHint string

	results []app.SearchHit
	total   int
	more    bool
	hl      int // highlighted row

	delay time.Duration
	mu    sync.Mutex
	timer *time.Timer
	seq   int
}

func newParticipantSearch(u *UI, jobs *jobQueue, event func() int64, sheet bool, pick func(app.SearchHit)) *participantSearch {
	s := &participantSearch{u: u, ctx: u.ctx, jobs: jobs, event: event, sheet: sheet, delay: defaultSearchDelay}
	s.hint = widget.NewLabel("")
	asHint(s.hint)
	s.hint.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.results) }, newResultRow, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(s.results) {
			fillResultRow(o, s.results[id], id == s.hl, s.u.site.Location())
		}
	})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id >= 0 && id < len(s.results) {
			s.hl = id
			pick(s.results[id])
		}
	}
	return s
}

// search looks q up once typing pauses for the search delay; "" clears the
// list at once. Answers to older keystrokes are dropped.
func (s *participantSearch) search(q string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil && s.timer.Stop() {
		s.jobs.pending.Done()
	}
	s.seq++
	seq := s.seq
	if q == "" {
		s.show("", app.SearchPage{})
		return
	}
	eventID := s.event()
	s.jobs.pending.Add(1)
	s.timer = time.AfterFunc(s.delay, func() {
		s.jobs.do(func() func() {
			page, err := s.u.svc.Search(s.ctx, q, app.SearchOptions{EventID: eventID, Sheet: s.sheet, Limit: searchLimit})
			return func() {
				s.mu.Lock()
				stale := seq != s.seq
				s.mu.Unlock()
				if stale {
					return
				}
				if err != nil {
					s.u.showError(err)
					return
				}
				s.show(q, page)
			}
		})
		s.jobs.pending.Done()
	})
}

// clear drops the list and any search under way.
func (s *participantSearch) clear() { s.search("") }

// show lists a search's page.
func (s *participantSearch) show(q string, page app.SearchPage) {
	s.results, s.total, s.more, s.hl = page.Hits, page.Total, page.More, 0
	s.list.Refresh()
	s.list.ScrollToTop()
	switch {
	case q == "":
		s.hint.SetText("")
	case len(page.Hits) == 0:
		s.hint.SetText(s.noneHint)
	case page.More:
		s.hint.SetText(lang.L("{{.N}} of more than {{.Total}} — keep typing", map[string]any{"N": len(page.Hits), "Total": page.Total}) + ". " + s.foundHint)
	case page.Total > len(page.Hits):
		s.hint.SetText(lang.L("{{.N}} of {{.Total}} — keep typing", map[string]any{"N": len(page.Hits), "Total": page.Total}) + ". " + s.foundHint)
	default:
		s.hint.SetText(s.foundHint)
	}
}

// key moves the highlight one row for ↑ or ↓ (staying on the list), redraws
// the list and scrolls to the row.
func (s *participantSearch) key(k fyne.KeyName) {
	switch {
	case k == fyne.KeyDown && s.hl < len(s.results)-1:
		s.hl++
	case k == fyne.KeyUp && s.hl > 0:
		s.hl--
	}
	s.list.Refresh()
	s.list.ScrollTo(s.hl)
}

// highlighted is the hit Enter picks.
func (s *participantSearch) highlighted() (app.SearchHit, bool) {
	if s.hl >= 0 && s.hl < len(s.results) {
		return s.results[s.hl], true
	}
	return app.SearchHit{}, false
}

func newResultRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	name := widget.NewLabel("")
	name.TextStyle = fyne.TextStyle{Bold: true}
	tags := widget.NewLabel("")
	tags.Importance = widget.WarningImportance
	tags.Truncation = fyne.TextTruncateEllipsis // a long name on a narrow window shortens the tags, never the details
	info := widget.NewLabel("")
	return container.NewStack(bg, container.New(layout.NewBorderLayout(nil, nil, name, info), name, tags, layout.NewSpacer(), info))
}

// fillResultRow shows h in a row made by newResultRow: the name; what the
// desk must know for the event (sheet row, pre-registered, already checked
// in and when, STOP); and what tells namesakes apart (the phone's last
// four digits, ZIP, card code).
func fillResultRow(o fyne.CanvasObject, h app.SearchHit, highlighted bool, loc *time.Location) {
	st := o.(*fyne.Container)
	if highlighted {
		st.Objects[0].Show()
	} else {
		st.Objects[0].Hide()
	}
	row := st.Objects[1].(*fyne.Container)
	row.Objects[0].(*widget.Label).SetText(h.DisplayName())
	var tags []string
	if h.SheetRow > 0 {
		tags = append(tags, lang.L("row {{.N}}", map[string]any{"N": h.SheetRow}))
	}
	if h.PreRegistered {
		tags = append(tags, lang.L("pre-registered"))
	}
	if h.CheckedInAt != nil {
		tags = append(tags, lang.L("in at {{.Time}}", map[string]any{"Time": showTime(h.CheckedInAt.In(loc))}))
	}
	if h.OptOutAt != nil {
		tags = append(tags, "STOP")
	}
	row.Objects[1].(*widget.Label).SetText(strings.Join(tags, " · "))
	var info []string
	if t := h.PhoneTail(); t != "" {
		info = append(info, "…"+t)
	}
	if h.ZIP != "" {
		info = append(info, h.ZIP)
	}
	info = append(info, h.Code)
	row.Objects[3].(*widget.Label).SetText(strings.Join(info, "   "))
}
