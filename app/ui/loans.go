package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// kitReturnScreen checks a kit back in: scan its label, untick what did not
// come back (everything still out is ticked), add a condition note, Enter.
type kitReturnScreen struct {
	u       *UI
	k       *kitsScreen
	ctx     context.Context
	content fyne.CanvasObject
	q       *jobQueue

	result    *resultPanel
	scan      *scanEntry
	kitLine   *widget.Label
	compBox   *fyne.Container
	checks    []*kitCheck
	damaged   map[int64]*widget.Check // per component: came back damaged
	repair    *widget.Check
	note      *kitEntry
	returnBtn *widget.Button
	shortcuts map[string]func()

	kit  app.Kit
	loan app.Loan
	last *app.ReturnResult
}

func newKitReturnScreen(u *UI, k *kitsScreen) *kitReturnScreen {
	s := &kitReturnScreen{u: u, k: k, ctx: u.ctx, q: newJobQueue()}
	s.shortcuts = k.shortcuts(map[string]func(){
		confirmShortcut.ShortcutName():    s.confirm,
		confirmShortcutPad.ShortcutName(): s.confirm,
	})
	s.result = newResultPanel()
	s.scan = newScanEntry()
	s.scan.SetPlaceHolder(lang.L("Scan the kit's label"))
	s.scan.OnSubmitted = s.submit
	s.scan.onKey = func(k fyne.KeyName) {
		if k == fyne.KeyEscape {
			s.reset()
		}
	}
	s.scan.shortcuts = s.shortcuts
	s.kitLine = widget.NewLabel("")
	s.compBox = container.NewVBox()
	s.repair = widget.NewCheck(lang.L("Send the kit to repair"), nil)
	s.note = newKitEntry()
	s.note.SetPlaceHolder(lang.L("Condition note (optional), then Enter"))
	s.note.onEscape = s.reset
	s.note.shortcuts = s.shortcuts
	s.note.OnSubmitted = func(string) { s.confirm() }
	s.returnBtn = widget.NewButtonWithIcon(lang.L("Record the return (Enter)"), theme.ConfirmIcon(), s.confirm)
	s.returnBtn.Importance = widget.HighImportance
	reset := widget.NewButtonWithIcon(lang.L("Start over (Esc)"), theme.CancelIcon(), s.reset)

	panel := container.NewStack(canvas.NewRectangle(nil), s.result.content)
	panel.Objects[0].(*canvas.Rectangle).SetMinSize(fyne.NewSize(600, 120))
	scanRow := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, s.scan)
	header := container.NewVBox(panel, scanRow, s.kitLine,
		widget.NewLabelWithStyle(lang.L("Came back (untick what is missing)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	bottom := container.NewVBox(s.repair, container.NewBorder(nil, nil, widget.NewLabel(lang.L("Condition")), nil, s.note),
		container.NewHBox(s.returnBtn, reset))
	s.content = container.NewBorder(header, bottom, nil, nil, container.NewVScroll(s.compBox))
	s.reset()
	return s
}

func (s *kitReturnScreen) focus() {
	if s.loan.ID != 0 && len(s.checks) > 0 {
		s.k.focusOn(s.checks[0])
		return
	}
	s.k.focusOn(s.scan)
}

// reset waits for the next kit.
func (s *kitReturnScreen) reset() {
	s.kit, s.loan = app.Kit{}, app.Loan{}
	s.checks, s.damaged = nil, nil
	s.compBox.RemoveAll()
	s.kitLine.SetText("")
	s.repair.SetChecked(false)
	s.repair.Disable()
	s.note.SetText("")
	s.note.Disable()
	s.returnBtn.Disable()
	s.scan.SetText("")
	s.result.show(toneIdle, lang.L("Ready for returns"), lang.L("Scan the kit's label"))
	s.focus()
}

// submit reads a kit's label and lists what is still out with its loan.
func (s *kitReturnScreen) submit(text string) {
	raw := strings.TrimSpace(text)
	s.scan.SetText("")
	if raw == "" {
		if s.loan.ID != 0 {
			s.confirm()
		}
		return
	}
	s.q.do(func() func() {
		k, err := s.u.svc.KitByTag(s.ctx, raw)
		var l app.Loan
		found := false
		if err == nil {
			var ls []app.Loan
			ls, err = s.u.svc.Loans(s.ctx, app.LoanFilter{KitID: k.ID, OutOnly: true})
			if len(ls) > 0 {
				l, found = ls[0], true
			}
		}
		return func() {
			if err != nil {
				s.result.show(toneBad, lang.L("Not a kit"), errorText(err))
				s.focus()
				return
			}
			if !found {
				s.result.show(toneBad, lang.L("Not on loan"), lang.L("Kit {{.Tag}} is not on loan (it is {{.Status}}). Nothing was recorded.", map[string]any{"Tag": k.Tag, "Status": k.Status.Words()}))
				s.focus()
				return
			}
			s.show(k, l)
		}
	})
}

// show lists the components still out with l, all ticked.
func (s *kitReturnScreen) show(k app.Kit, l app.Loan) {
	s.kit, s.loan = k, l
	serial := map[int64]string{}
	required := map[int64]bool{}
	for _, c := range k.Components {
		serial[c.ID], required[c.ID] = c.Serial, c.Required
	}
	s.checks, s.damaged = nil, map[int64]*widget.Check{}
	s.compBox.RemoveAll()
	for _, c := range l.Components {
		if c.Back {
			continue
		}
		ch := newKitCheck(c.ComponentID, componentLabel(c.Name, serial[c.ComponentID], required[c.ComponentID]), s.reset, s.shortcuts)
		ch.SetChecked(true)
		s.checks = append(s.checks, ch)
		dmg := widget.NewCheck(lang.L("damaged"), nil)
		s.damaged[c.ComponentID] = dmg
		s.compBox.Add(container.NewBorder(nil, nil, nil, dmg, ch))
	}
	line := lang.L("Kit {{.Tag}}: {{.Kind}}, due {{.Due}}", map[string]any{"Tag": kitName(k), "Kind": kitKindLabel(k.Kind), "Due": showDate(l.Due)})
	if l.Status == app.LoanPartial {
		line += "  ·  " + lang.L("returned in part before")
	}
	line += "\n" + lang.L("Borrower: {{.Name}}", map[string]any{"Name": borrowerWords(l.Borrower)})
	s.kitLine.SetText(line)
	s.repair.Enable()
	s.note.Enable()
	s.note.SetText(l.ConditionNote)
	s.returnBtn.Enable()
	s.result.show(toneIdle, lang.L("Kit {{.Tag}} from {{.Name}}", map[string]any{"Tag": k.Tag, "Name": l.Borrower.DisplayName()}), lang.L("Untick what is missing, add a note, then Enter"))
	s.focus()
}

// confirm records the return and shows its outcome.
func (s *kitReturnScreen) confirm() {
	if s.loan.ID == 0 {
		return
	}
	req := app.ReturnRequest{KitScan: s.kit.Tag, Note: s.note.Text, ToRepair: s.repair.Checked}
	for _, c := range s.checks {
		if c.Checked {
			req.Back = append(req.Back, c.id)
			if d := s.damaged[c.id]; d != nil && d.Checked {
				if req.Damaged == nil {
					req.Damaged = map[int64]string{}
				}
				req.Damaged[c.id] = s.note.Text
			}
		}
	}
	s.returnBtn.Disable()
	s.q.do(func() func() {
		res, err := s.u.svc.Return(s.ctx, req)
		return func() {
			if err != nil {
				s.returnBtn.Enable()
				s.result.show(toneBad, lang.L("Return not recorded"), errorText(err))
				s.focus()
				return
			}
			s.last = &res
			s.reset()
			s.k.loans.stale = true
			switch res.Outcome {
			case app.ReturnComplete:
				s.result.show(toneGood, lang.L("Back: kit available"), messages().Text(res.Text))
			case app.ReturnHoldShelf:
				s.result.show(toneWarn, lang.L("Hold shelf for {{.Name}}", map[string]any{"Name": res.HoldFor.DisplayName()}), messages().Text(res.Text))
			case app.ReturnPartial:
				s.result.show(toneWarn, lang.L("Partial return: still owed"), messages().Text(res.Text))
			case app.ReturnRepair:
				s.result.show(toneWarn, lang.L("To repair"), messages().Text(res.Text))
			default:
				s.result.show(toneGood, lang.L("Returned"), messages().Text(res.Text))
			}
		}
	})
}

// loansList shows the site's loans out, overdue and partly returned, and
// the holds waiting, read-only.
type loansList struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject
	list    *widget.List
	lines   []string
	stale   bool
	// lastList is the overdue list last printed or exported.
	lastList string
	listBtns [2]*widget.Button // print, export CSV
}

func newLoansList(u *UI) *loansList {
	s := &loansList{u: u, ctx: u.ctx}
	s.list = widget.NewList(func() int { return len(s.lines) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.lines) {
				o.(*widget.Label).SetText(s.lines[id])
				o.(*widget.Label).TextStyle.Bold = !strings.HasPrefix(s.lines[id], "  ")
			}
		})
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), s.refresh)
	s.content = container.NewBorder(container.NewHBox(refresh, widget.NewLabel(lang.L("Overdue list:")), s.overdueButtons()), nil, nil, nil, s.list)
	return s
}

// refresh reloads the lists.
func (s *loansList) refresh() {
	s.stale = false
	site := s.u.site.ID
	var lines []string
	fail := func(err error) {
		s.u.showError(err)
	}
	kits, err := s.u.svc.Kits(s.ctx, app.KitFilter{SiteID: site})
	if err != nil {
		fail(err)
		return
	}
	tags := map[int64]app.Kit{}
	for _, k := range kits {
		tags[k.ID] = k
	}
	overdue, err := s.u.svc.OverdueLoans(s.ctx, site)
	if err != nil {
		fail(err)
		return
	}
	late := map[int64]app.OverdueLine{}
	for _, o := range overdue {
		late[o.Loan.ID] = o
	}
	out, err := s.u.svc.Loans(s.ctx, app.LoanFilter{SiteID: site, OutOnly: true})
	if err != nil {
		fail(err)
		return
	}
	lines = append(lines, lang.L("Out ({{.Count}})", map[string]any{"Count": len(out)}))
	for _, l := range out {
		k := tags[l.KitID]
		line := "  " + k.Tag + "  ·  " + kitKindLabel(k.Kind) + "  ·  " + borrowerWords(l.Borrower) + "  ·  " + lang.L("due {{.Due}}", map[string]any{"Due": showDate(l.Due)})
		if o, ok := late[l.ID]; ok {
			line += "  ·  " + plural("{{.N}} days overdue", o.DaysOverdue)
		}
		if l.Status == app.LoanPartial {
			line += "  ·  " + lang.L("returned in part")
		}
		lines = append(lines, line)
	}
	lines = append(lines, dueThisWeek(out, tags, app.CalendarDay(s.u.svc.Now(), s.u.site.Location()))...)
	lines = append(lines, lang.L("Overdue ({{.Count}})", map[string]any{"Count": len(overdue)}))
	for _, o := range overdue {
		lines = append(lines, "  "+o.KitTag+"  ·  "+borrowerWords(o.Loan.Borrower)+"  ·  "+
			plural("{{.N}} days overdue", o.DaysOverdue))
	}
	partial, err := s.u.svc.PartialLoans(s.ctx, site)
	if err != nil {
		fail(err)
		return
	}
	lines = append(lines, lang.L("Partly returned ({{.Count}})", map[string]any{"Count": len(partial)}))
	for _, l := range partial {
		var owed []string
		for _, c := range l.Components {
			if !c.Back || c.Condition == app.ConditionDamaged {
				owed = append(owed, c.Name+" ("+conditionWords(c.Condition)+")")
			}
		}
		lines = append(lines, "  "+tags[l.KitID].Tag+"  ·  "+borrowerWords(l.Borrower)+"  ·  "+lang.L("still owed: {{.Items}}", map[string]any{"Items": strings.Join(owed, ", ")}))
	}
	holds, err := s.u.svc.HoldQueue(s.ctx, site, "")
	if err != nil {
		fail(err)
		return
	}
	lines = append(lines, lang.L("Holds ({{.Count}})", map[string]any{"Count": len(holds)}))
	for _, h := range holds {
		line := "  " + kitKindLabel(h.Hold.Kind) + "  #" + strconv.Itoa(h.Position) + "  ·  " + borrowerWords(h.Hold.Borrower)
		if h.Hold.Status == app.HoldReady {
			line += "  ·  " + lang.L("ready on the hold shelf: {{.Tag}}", map[string]any{"Tag": h.KitTag})
		}
		lines = append(lines, line)
	}
	s.lines = lines
	s.list.Refresh()
}

func conditionWords(c string) string {
	switch c {
	case app.ConditionDamaged:
		return lang.L("damaged")
	case app.ConditionMissing, "":
		return lang.L("missing")
	}
	return c
}
