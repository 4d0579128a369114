package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// checkoutStep is where a checkout stands.
type checkoutStep int

const (
	stepParticipant checkoutStep = iota // scan the participant's card
	stepKit                             // scan the kit's label
	stepComponents                      // tick what goes out, check the due date, Enter
)

// kitCheckoutScreen lends a kit, scanner first: the participant's card, the
// kit's label, then the components going out (Space or Enter ticks the
// focused one, Ctrl+A ticks them all) and the due date; Enter in the due
// date, Ctrl+Enter anywhere or the Lend button confirms. Escape starts over.
type kitCheckoutScreen struct {
	u       *UI
	k       *kitsScreen
	ctx     context.Context
	content fyne.CanvasObject
	q       *jobQueue

	result     *resultPanel
	stepLabel  *widget.Label
	scan       *scanEntry
	who        *widget.Label
	kitLine    *widget.Label
	compBox    *fyne.Container
	checks     []*kitCheck
	allBtn     *widget.Button
	due        *kitEntry
	dueHint    *widget.Label
	dueCal     *calendarButton // the due date's calendar
	lendBtn    *widget.Button
	resetBtn   *widget.Button
	printBtn   *widget.Button
	shortcuts  map[string]func()
	step       checkoutStep
	pcode      string // the participant card scanned
	person     app.Participant
	kit        app.Kit
	cohort     app.Cohort // the session the person is enrolled in, if any
	defaultDue time.Time  // shown in the due date; sent as zero when unchanged
	last       *app.CheckoutResult
	lastCohort string
	lastFile   string // the last agreement written
}

func newKitCheckoutScreen(u *UI, k *kitsScreen) *kitCheckoutScreen {
	s := &kitCheckoutScreen{u: u, k: k, ctx: u.ctx, q: newJobQueue()}
	s.shortcuts = k.shortcuts(map[string]func(){
		selectAllName:                     s.allPresent,
		confirmShortcut.ShortcutName():    s.confirm,
		confirmShortcutPad.ShortcutName(): s.confirm,
		printShortcut.ShortcutName():      s.printAgreement,
	})
	s.result = newResultPanel()
	s.stepLabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.scan = newScanEntry()
	s.scan.OnSubmitted = s.submit
	s.scan.onKey = func(k fyne.KeyName) {
		if k == fyne.KeyEscape {
			s.reset()
		}
	}
	s.scan.shortcuts = map[string]func(){}
	for name, f := range s.shortcuts {
		if name != selectAllName {
			s.scan.shortcuts[name] = f
		}
	}
	s.who = widget.NewLabel("")
	s.kitLine = widget.NewLabel("")
	s.compBox = container.NewVBox()
	s.allBtn = widget.NewButton(lang.L("All present (Ctrl+A)"), s.allPresent)
	s.due = newKitEntry()
	s.due.onEscape = s.reset
	s.due.shortcuts = s.shortcuts
	s.due.OnSubmitted = func(string) { s.confirm() }
	s.due.SetPlaceHolder(dateHint())
	s.dueHint = widget.NewLabel("")
	s.dueCal = u.pickerButton(s.due, &s.due.Entry)
	asHint(s.dueHint)
	s.lendBtn = widget.NewButtonWithIcon(lang.L("Lend the kit (Enter)"), theme.ConfirmIcon(), s.confirm)
	s.lendBtn.Importance = widget.HighImportance
	s.resetBtn = widget.NewButtonWithIcon(lang.L("Start over (Esc)"), theme.CancelIcon(), s.reset)
	s.printBtn = widget.NewButtonWithIcon(lang.L("Print agreement (Ctrl+P)"), theme.DocumentPrintIcon(), s.printAgreement)
	s.printBtn.Disable()

	panel := container.NewStack(canvas.NewRectangle(nil), s.result.content)
	panel.Objects[0].(*canvas.Rectangle).SetMinSize(fyne.NewSize(600, 120))
	scanRow := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil, s.scan)
	header := container.NewVBox(panel, s.stepLabel, scanRow, s.who, s.kitLine)
	dueRow := container.NewHBox(widget.NewLabel(lang.L("Due")), container.NewGridWrap(fyne.NewSize(200, s.due.MinSize().Height), container.NewBorder(nil, nil, nil, s.dueCal, s.due)), s.dueHint)
	comps := container.NewBorder(
		container.NewHBox(widget.NewLabelWithStyle(lang.L("Going out (Space or Enter ticks)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.allBtn),
		dueRow, nil, nil, container.NewVScroll(s.compBox))
	buttons := container.NewHBox(s.lendBtn, s.resetBtn, layout.NewSpacer(), s.printBtn)
	s.content = container.NewBorder(header, buttons, nil, nil, comps)
	s.reset()
	return s
}

// focus puts the keyboard where the current step needs it.
func (s *kitCheckoutScreen) focus() {
	if s.step == stepComponents && len(s.checks) > 0 {
		s.k.focusOn(s.checks[0])
		return
	}
	s.k.focusOn(s.scan)
}

// reset starts a new checkout (the last loan's agreement stays printable).
func (s *kitCheckoutScreen) reset() {
	s.step, s.pcode, s.person, s.kit, s.cohort, s.defaultDue = stepParticipant, "", app.Participant{}, app.Kit{}, app.Cohort{}, time.Time{}
	s.checks = nil
	s.compBox.RemoveAll()
	s.due.SetText("")
	s.due.Disable()
	s.dueCal.Disable()
	s.dueHint.SetText("")
	s.allBtn.Disable()
	s.lendBtn.Disable()
	s.who.SetText("")
	s.kitLine.SetText("")
	s.scan.SetText("")
	s.showStep()
	s.result.show(toneIdle, lang.L("Ready to lend a kit"), lang.L("Scan the participant's card"))
	s.focus()
}

func (s *kitCheckoutScreen) showStep() {
	switch s.step {
	case stepParticipant:
		s.stepLabel.SetText(lang.L("Step 1 of 3: scan the participant's card"))
		s.scan.SetPlaceHolder(lang.L("Scan the participant's card"))
	case stepKit:
		s.stepLabel.SetText(lang.L("Step 2 of 3: scan the kit's label"))
		s.scan.SetPlaceHolder(lang.L("Scan the kit's label"))
	case stepComponents:
		s.stepLabel.SetText(lang.L("Step 3 of 3: tick what goes out, check the due date, then Enter"))
		s.scan.SetPlaceHolder("")
	}
}

// submit handles a scan (Enter or Tab in the scan field).
func (s *kitCheckoutScreen) submit(text string) {
	t := text
	s.scan.SetText("")
	switch s.step {
	case stepParticipant:
		s.scanParticipant(t)
	case stepKit:
		s.scanKit(t)
	case stepComponents:
		if t == "" {
			s.confirm()
		}
	}
}

// scanParticipant reads step 1: a participant's card.
func (s *kitCheckoutScreen) scanParticipant(raw string) {
	if raw == "" {
		return
	}
	_, prefix, err := app.ParseCode(raw)
	switch {
	case err == nil && prefix == app.PrefixKit:
		s.result.show(toneBad, lang.L("That is a kit label"), lang.L("Scan the participant's card first."))
		return
	case err != nil || prefix != app.PrefixParticipant:
		s.result.show(toneBad, lang.L("That is not a participant card"), lang.L("Scan the participant's card."))
		return
	}
	s.q.do(func() func() {
		p, err := s.u.svc.ParticipantByCode(s.ctx, raw)
		if app.ErrorCode(err) == app.EForbidden {
			// without the front desk role the card is checked at checkout
			p, err = app.Participant{}, nil
		}
		var c app.Cohort
		if err == nil && p.ID != 0 {
			c = s.currentCohort(p.ID)
		}
		return func() {
			if err != nil {
				if app.ErrorCode(err) == app.ENotFound {
					s.result.show(toneBad, lang.L("Unknown card"), lang.L("Nobody has this card. Check the card and scan again."))
				} else {
					s.result.show(toneBad, lang.L("Not read"), errorText(err))
				}
				s.focus()
				return
			}
			s.pcode, s.person, s.cohort, s.step = raw, p, c, stepKit
			name := p.DisplayName()
			if p.ID == 0 {
				name = lang.L("Card {{.Code}}", map[string]any{"Code": raw})
			}
			s.who.SetText(lang.L("Participant: {{.Name}}", map[string]any{"Name": name}))
			s.showStep()
			s.result.show(toneIdle, name, lang.L("Now scan the kit's label"))
			s.focus()
		}
	})
}

// currentCohort is the running or coming session the participant is
// enrolled in at the site (zero if none or unknown). Runs on the worker.
func (s *kitCheckoutScreen) currentCohort(pid int64) app.Cohort {
	cs, err := s.u.svc.Cohorts(s.ctx, s.u.site.ID)
	if err != nil {
		return app.Cohort{}
	}
	today := app.CalendarDay(s.u.svc.Now(), s.u.site.Location())
	for _, c := range cs {
		if c.End.Before(today) {
			continue
		}
		roster, err := s.u.svc.CohortRoster(s.ctx, c.ID)
		if err != nil {
			return app.Cohort{}
		}
		for _, p := range roster {
			if p.ID == pid {
				return c
			}
		}
	}
	return app.Cohort{}
}

// scanKit reads step 2: the kit's label.
func (s *kitCheckoutScreen) scanKit(raw string) {
	if raw == "" {
		return
	}
	if _, prefix, err := app.ParseCode(raw); err == nil && prefix == app.PrefixParticipant {
		s.result.show(toneBad, lang.L("That is a participant card"), lang.L("Scan the kit's label."))
		return
	}
	s.q.do(func() func() {
		k, err := s.u.svc.KitByTag(s.ctx, raw)
		ls, lerr := s.u.svc.LoanSettings(s.ctx)
		if lerr != nil {
			ls = app.DefaultLoanSettings
		}
		return func() {
			if err != nil {
				s.result.show(toneBad, lang.L("Not a kit"), errorText(err))
				s.focus()
				return
			}
			s.kit, s.step = k, stepComponents
			s.kitLine.SetText(lang.L("Kit {{.Tag}}: {{.Kind}}, {{.Status}}", map[string]any{"Tag": kitName(k), "Kind": kitKindLabel(k.Kind), "Status": k.Status.Words()}))
			s.checks = nil
			s.compBox.RemoveAll()
			for _, c := range k.Components {
				ch := newKitCheck(c.ID, componentLabel(c.Name, c.Serial, c.Required), s.reset, s.shortcuts)
				s.checks = append(s.checks, ch)
				s.compBox.Add(ch)
			}
			today := app.CalendarDay(s.u.svc.Now(), s.u.site.Location())
			s.defaultDue = today.AddDate(0, 0, ls.DefaultLoanDays)
			if s.cohort.ID != 0 {
				s.defaultDue = s.cohort.End
				s.dueHint.SetText(dateHint() + " · " + lang.L("end of {{.Session}}", map[string]any{"Session": s.cohort.Name}))
			} else {
				s.dueHint.SetText(dateHint() + " · " + lang.L("{{.Days}} days", map[string]any{"Days": ls.DefaultLoanDays}))
			}
			s.due.Enable()
			s.dueCal.Enable()
			s.due.SetText(formatDay(s.defaultDue))
			s.allBtn.Enable()
			s.lendBtn.Enable()
			s.showStep()
			s.result.show(toneIdle, lang.L("Kit {{.Tag}}", map[string]any{"Tag": k.Tag}), lang.L("Tick what goes out (Ctrl+A: all present), then Enter"))
			s.focus()
		}
	})
}

// allPresent ticks every component and moves to the due date, where Enter
// lends the kit.
func (s *kitCheckoutScreen) allPresent() {
	if s.step != stepComponents {
		return
	}
	for _, c := range s.checks {
		c.SetChecked(true)
	}
	s.k.focusOn(s.due)
}

// confirm lends the kit.
func (s *kitCheckoutScreen) confirm() {
	if s.step != stepComponents {
		return
	}
	req := app.CheckoutRequest{KitScan: s.kit.Tag, CohortID: s.cohort.ID}
	if s.person.ID != 0 {
		req.ParticipantID = s.person.ID
	} else {
		req.ParticipantScan = s.pcode
	}
	for _, c := range s.checks {
		if c.Checked {
			req.Components = append(req.Components, c.id)
		}
	}
	due, err := parseDay(lang.L("Due date"), s.due.Text)
	if err != nil {
		s.result.show(toneBad, lang.L("Not lent"), app.ErrorMessage(err))
		s.k.focusOn(s.due)
		return
	}
	if !due.Equal(s.defaultDue) {
		req.Due = due
	}
	cohortName := s.cohort.Name
	s.lendBtn.Disable()
	s.q.do(func() func() {
		res, err := s.u.svc.Checkout(s.ctx, req)
		return func() {
			if err != nil {
				s.lendBtn.Enable()
				s.result.show(toneBad, lang.L("Not lent"), errorText(err))
				s.focus()
				return
			}
			s.last, s.lastCohort = &res, cohortName
			s.printBtn.Enable()
			s.reset()
			s.result.show(toneGood, lang.L("Lent"), messages().Text(res.Text))
			s.k.loans.stale = true
		}
	})
}

// printAgreement writes the last loan's agreement and opens it.
func (s *kitCheckoutScreen) printAgreement() {
	if s.last == nil {
		return
	}
	res := *s.last
	ls, err := s.u.svc.LoanSettings(s.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	// audited as frontdeskctl's agreement print is: it carries personal data
	if err := s.u.svc.RecordKitPrint(s.ctx, app.ActionPrintAgreement, res.Loan.ID, 1); err != nil {
		s.result.show(toneBad, lang.L("Agreement not printed"), errorText(err))
		return
	}
	a := pdf.NewAgreement(s.u.site, res, ls.ReplacementCents, s.lastCohort, s.u.actor.Name)
	name := fmt.Sprintf("agreement-%s-%d.pdf", res.Kit.Tag, res.Loan.ID)
	path, err := writePrintout(s.u, printoutAgreement, name, func(w io.Writer) error { return pdf.LoanAgreement(w, a) })
	if err != nil {
		s.result.show(toneBad, lang.L("Agreement not printed"), errorText(err))
		return
	}
	s.lastFile = path
	s.result.show(toneGood, lang.L("Agreement saved"), lang.L("Print it, have it signed and keep it with the loan."))
	s.focus()
}
