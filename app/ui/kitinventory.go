package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// inventoryStatuses are the statuses the Inventory tab filters by, in order.
var inventoryStatuses = []app.KitStatus{app.KitAvailable, app.KitOnLoan, app.KitOnHoldShelf, app.KitInRepair, app.KitLost, app.KitRetired}

// settableStatuses are the statuses staff set by hand.
var settableStatuses = []app.KitStatus{app.KitInRepair, app.KitLost, app.KitRetired, app.KitAvailable}

// inventoryKinds are the kinds of kit, in order.
var inventoryKinds = []app.KitKind{app.KitLaptop, app.KitHotspot, app.KitLaptopHotspot}

// kitStatusLabel names a kit's status.
func kitStatusLabel(s app.KitStatus) string {
	switch s {
	case app.KitAvailable:
		return lang.L("available")
	case app.KitOnLoan:
		return lang.L("on loan")
	case app.KitOnHoldShelf:
		return lang.L("on the hold shelf")
	case app.KitInRepair:
		return lang.L("in repair")
	case app.KitLost:
		return lang.L("lost")
	case app.KitRetired:
		return lang.L("retired")
	}
	return string(s)
}

// serviceLabel names a hotspot's service state.
func serviceLabel(s app.ServiceState) string {
	switch s {
	case app.ServiceActive:
		return lang.L("service active")
	case app.ServiceSuspendRequested:
		return lang.L("suspension requested")
	case app.ServiceSuspended:
		return lang.L("service suspended")
	case app.ServiceReactivateRequested:
		return lang.L("reactivation requested")
	}
	return string(s)
}

// kitInventory lists the site's kits, filtered by status and kind, prints
// their labels and changes a kit's status.
type kitInventory struct {
	u       *UI
	k       *kitsScreen
	ctx     context.Context
	content fyne.CanvasObject

	statusSel *widget.Select
	kindSel   *widget.Select
	list      *widget.List
	kits      []app.Kit
	selected  int
	stockSel  *widget.Select
	skip      *widget.Entry
	printBtn  *widget.Button
	newStatus *widget.Select
	note      *widget.Entry
	setBtn    *widget.Button
	info      *widget.Label
	lastFile  string
}

func newKitInventory(u *UI, k *kitsScreen) *kitInventory {
	s := &kitInventory{u: u, k: k, ctx: u.ctx, selected: -1}
	statuses := []string{lang.L("All statuses")}
	for _, st := range inventoryStatuses {
		statuses = append(statuses, kitStatusLabel(st))
	}
	kinds := []string{lang.L("All kinds")}
	for _, kd := range inventoryKinds {
		kinds = append(kinds, kitKindLabel(kd))
	}
	s.statusSel = widget.NewSelect(statuses, nil)
	s.kindSel = widget.NewSelect(kinds, nil)
	s.statusSel.SetSelectedIndex(0)
	s.kindSel.SetSelectedIndex(0)
	s.statusSel.OnChanged = func(string) { s.refresh() }
	s.kindSel.OnChanged = func(string) { s.refresh() }
	s.list = widget.NewList(func() int { return len(s.kits) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.kits) {
				o.(*widget.Label).SetText(s.line(s.kits[id]))
			}
		})
	s.list.OnSelected = func(id widget.ListItemID) { s.selected = id; s.setBtn.Enable() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.setBtn.Disable() }
	s.stockSel = widget.NewSelect([]string{lang.L("Avery 5160 (30 a sheet)"), lang.L("Avery 5163 (10 a sheet)")}, nil)
	s.stockSel.SetSelectedIndex(0)
	s.skip = widget.NewEntry()
	s.skip.SetText("0")
	s.printBtn = widget.NewButtonWithIcon(lang.L("Print labels"), theme.DocumentPrintIcon(), s.printLabels)
	var choices []string
	for _, st := range settableStatuses {
		choices = append(choices, kitStatusLabel(st))
	}
	s.newStatus = widget.NewSelect(choices, nil)
	s.newStatus.SetSelectedIndex(0)
	s.note = widget.NewEntry()
	s.note.SetPlaceHolder(lang.L("Condition note (optional)"))
	s.setBtn = widget.NewButton(lang.L("Set status"), s.changeStatus)
	s.setBtn.Disable()
	s.info = widget.NewLabel("")
	s.info.Wrapping = fyne.TextWrapWord
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), s.refresh)
	top := container.NewHBox(widget.NewLabel(lang.L("Status")), fitSelect(s.statusSel), widget.NewLabel(lang.L("Kind")), fitSelect(s.kindSel), refresh)
	printRow := container.NewHBox(fitSelect(s.stockSel), widget.NewLabel(lang.L("Skip")), container.NewGridWrap(fyne.NewSize(60, s.skip.MinSize().Height), s.skip), s.printBtn)
	statusRow := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(lang.L("Selected kit to")), fitSelect(s.newStatus)), s.setBtn, s.note)
	s.content = container.NewBorder(top, container.NewVBox(printRow, statusRow, s.info), nil, nil, s.list)
	return s
}

// line is how a kit is listed.
func (s *kitInventory) line(k app.Kit) string {
	l := kitName(k) + "  ·  " + kitKindLabel(k.Kind) + "  ·  " + kitStatusLabel(k.Status) + "  ·  " + s.u.site.Name + "  ·  " +
		plural("{{.N}} components", len(k.Components))
	if k.Kind.HasHotspot() && k.Service != "" {
		l += "  ·  " + serviceLabel(k.Service)
	}
	return l
}

// filter is the filter the Select widgets make.
func (s *kitInventory) filter() app.KitFilter {
	f := app.KitFilter{SiteID: s.u.site.ID}
	if i := s.statusSel.SelectedIndex(); i > 0 {
		f.Status = inventoryStatuses[i-1]
	}
	if i := s.kindSel.SelectedIndex(); i > 0 {
		f.Kind = inventoryKinds[i-1]
	}
	return f
}

// refresh reloads the kits.
func (s *kitInventory) refresh() {
	if s.list == nil || s.kindSel == nil {
		return
	}
	ks, err := s.u.svc.Kits(s.ctx, s.filter())
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.kits = ks
	s.selected = -1
	s.list.UnselectAll()
	s.setBtn.Disable()
	s.list.Refresh()
}

// printLabels prints labels for the kits listed (audited).
func (s *kitInventory) printLabels() {
	if len(s.kits) == 0 {
		s.info.SetText(lang.L("There are no kits to print labels for."))
		return
	}
	stock := pdf.Avery5160
	if s.stockSel.SelectedIndex() == 1 {
		stock = pdf.Avery5163
	}
	skip := 0
	if t := strings.TrimSpace(s.skip.Text); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			s.info.SetText(lang.L("Skip must be a number of labels."))
			return
		}
		skip = n
	}
	var labels []pdf.KitLabel
	for _, k := range s.kits {
		labels = append(labels, pdf.KitLabel{Tag: k.Tag, AltTag: k.AltTag, Kind: pdf.KindLabel(k.Kind), Site: s.u.site.Name})
	}
	var buf bytes.Buffer
	if err := pdf.KitLabels(&buf, stock, labels, skip); err != nil {
		s.info.SetText(errorText(err))
		return
	}
	if err := s.u.svc.RecordKitPrint(s.ctx, app.ActionPrintLabels, 0, len(labels)); err != nil {
		s.info.SetText(errorText(err))
		return
	}
	name := fmt.Sprintf("labels-%s.pdf", s.u.svc.Now().In(s.u.site.Location()).Format("20060102-150405"))
	path, err := writePrintout(s.u, printoutLabel, name, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.lastFile = path
	s.info.SetText(plural("Labels for {{.N}} kits saved.", len(labels)))
}

// changeStatus asks, then sets the selected kit's status.
func (s *kitInventory) changeStatus() {
	if s.selected < 0 || s.selected >= len(s.kits) || s.newStatus.SelectedIndex() < 0 {
		return
	}
	k, st, note := s.kits[s.selected], settableStatuses[s.newStatus.SelectedIndex()], s.note.Text
	dialog.ShowConfirm(lang.L("Change kit {{.Tag}}?", map[string]any{"Tag": k.Tag}),
		lang.L("Kit {{.Tag}} will be {{.Status}}.", map[string]any{"Tag": k.Tag, "Status": kitStatusLabel(st)}),
		func(ok bool) {
			if ok {
				s.applyStatus(k.ID, st, note)
			}
		}, s.u.win)
}

// applyStatus sets a kit's status and reloads.
func (s *kitInventory) applyStatus(kitID int64, st app.KitStatus, note string) {
	k, err := s.u.svc.SetKitStatus(s.ctx, kitID, st, note)
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.note.SetText("")
	s.refresh()
	s.k.loans.stale = true
	s.info.SetText(lang.L("Kit {{.Tag}} is now {{.Status}}.", map[string]any{"Tag": k.Tag, "Status": kitStatusLabel(k.Status)}))
}

// loanActions renews loans and places and cancels holds, under the Loans list.
type loanActions struct {
	u       *UI
	k       *kitsScreen
	ctx     context.Context
	content fyne.CanvasObject

	loanSel   *widget.Select
	loans     []app.Loan
	renewBtn  *widget.Button
	card      *widget.Entry
	kindSel   *widget.Select
	placeBtn  *widget.Button
	holdSel   *widget.Select
	holds     []app.HoldLine
	cancelBtn *widget.Button
	info      *widget.Label
}

func newLoanActions(u *UI, k *kitsScreen) *loanActions {
	s := &loanActions{u: u, k: k, ctx: u.ctx}
	s.loanSel = widget.NewSelect(nil, nil)
	s.loanSel.PlaceHolder = lang.L("Choose a loan")
	s.renewBtn = widget.NewButtonWithIcon(lang.L("Renew"), theme.HistoryIcon(), s.renew)
	s.card = widget.NewEntry()
	s.card.SetPlaceHolder(lang.L("Scan the participant's card"))
	var kinds []string
	for _, kd := range inventoryKinds {
		kinds = append(kinds, kitKindLabel(kd))
	}
	s.kindSel = widget.NewSelect(kinds, nil)
	s.kindSel.SetSelectedIndex(0)
	s.placeBtn = widget.NewButtonWithIcon(lang.L("Place hold"), theme.ContentAddIcon(), s.placeHold)
	s.card.OnSubmitted = func(string) { s.placeHold() }
	s.holdSel = widget.NewSelect(nil, nil)
	s.holdSel.PlaceHolder = lang.L("Choose a hold")
	s.cancelBtn = widget.NewButtonWithIcon(lang.L("Cancel hold"), theme.DeleteIcon(), s.cancelHold)
	s.info = widget.NewLabel("")
	s.info.Wrapping = fyne.TextWrapWord
	s.content = container.NewVBox(
		container.NewBorder(nil, nil, nil, s.renewBtn, s.loanSel),
		container.NewBorder(nil, nil, nil, container.NewHBox(fitSelect(s.kindSel), s.placeBtn), s.card),
		container.NewBorder(nil, nil, nil, s.cancelBtn, s.holdSel),
		s.info)
	return s
}

// refresh reloads the open loans and the holds.
func (s *loanActions) refresh() {
	site := s.u.site.ID
	kits, err := s.u.svc.Kits(s.ctx, app.KitFilter{SiteID: site})
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	tags := map[int64]string{}
	for _, k := range kits {
		tags[k.ID] = k.Tag
	}
	ls, err := s.u.svc.Loans(s.ctx, app.LoanFilter{SiteID: site, OutOnly: true})
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	hs, err := s.u.svc.HoldQueue(s.ctx, site, "")
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.loans, s.holds = ls, hs
	var lo, ho []string
	for _, l := range ls {
		lo = append(lo, tags[l.KitID]+"  ·  "+l.Borrower.DisplayName()+"  ·  "+lang.L("due {{.Due}}", map[string]any{"Due": showDate(l.Due)}))
	}
	for _, h := range hs {
		ho = append(ho, kitKindLabel(h.Hold.Kind)+"  #"+strconv.Itoa(h.Position)+"  ·  "+borrowerWords(h.Hold.Borrower))
	}
	s.loanSel.Options = lo
	s.loanSel.ClearSelected()
	s.holdSel.Options = ho
	s.holdSel.ClearSelected()
}

// done reloads both the list and the choices after a change.
func (s *loanActions) done(msg string) {
	s.k.loans.refresh()
	s.refresh()
	s.info.SetText(msg)
}

// renew renews the chosen loan by the default period.
func (s *loanActions) renew() {
	i := s.loanSel.SelectedIndex()
	if i < 0 || i >= len(s.loans) {
		s.info.SetText(lang.L("Choose a loan to renew."))
		return
	}
	l, err := s.u.svc.RenewLoan(s.ctx, s.loans[i].ID, time.Time{})
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.done(lang.L("Renewed: now due {{.Due}}.", map[string]any{"Due": showDate(l.Due)}))
}

// placeHold puts the scanned participant on the waitlist for the chosen kind.
func (s *loanActions) placeHold() {
	raw := strings.TrimSpace(s.card.Text)
	if raw == "" || s.kindSel.SelectedIndex() < 0 {
		s.info.SetText(lang.L("Scan the participant's card."))
		return
	}
	p, err := s.u.svc.ParticipantByCode(s.ctx, raw)
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	if _, err := s.u.svc.PlaceHold(s.ctx, s.u.site.ID, p.ID, inventoryKinds[s.kindSel.SelectedIndex()]); err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.card.SetText("")
	s.done(lang.L("{{.Name}} is waiting for a kit.", map[string]any{"Name": p.DisplayName()}))
}

// cancelHold takes the chosen hold off the waitlist.
func (s *loanActions) cancelHold() {
	i := s.holdSel.SelectedIndex()
	if i < 0 || i >= len(s.holds) {
		s.info.SetText(lang.L("Choose a hold to cancel."))
		return
	}
	if _, err := s.u.svc.CancelHold(s.ctx, s.holds[i].Hold.ID); err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.done(lang.L("Hold cancelled."))
}

// hotspotQueue lists the carrier calls to make, each with Mark done.
type hotspotQueue struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject
	box     *fyne.Container
	info    *widget.Label
	tasks   []app.HotspotTask
	buttons []*widget.Button
	// lastList is the queue last printed or exported.
	lastList string
	listBtns [2]*widget.Button // print, export CSV
}

func newHotspotQueue(u *UI) *hotspotQueue {
	s := &hotspotQueue{u: u, ctx: u.ctx}
	s.box = container.NewVBox()
	s.info = widget.NewLabel("")
	refresh := widget.NewButtonWithIcon(lang.L("Refresh"), theme.ViewRefreshIcon(), s.refresh)
	s.content = container.NewBorder(container.NewHBox(refresh, s.queueButtons()), s.info, nil, nil, container.NewVScroll(s.box))
	return s
}

// refresh reloads the queues.
func (s *hotspotQueue) refresh() {
	q, err := s.u.svc.HotspotQueues(s.ctx, s.u.site.ID)
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.box.RemoveAll()
	s.tasks, s.buttons = nil, nil
	section := func(title string, ts []app.HotspotTask, what func(app.HotspotTask) string) {
		s.box.Add(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, t := range ts {
			t := t
			b := widget.NewButtonWithIcon(lang.L("Mark done"), theme.ConfirmIcon(), func() { s.markDone(t) })
			s.tasks, s.buttons = append(s.tasks, t), append(s.buttons, b)
			line := t.Kit.Tag + "  ·  " + app.FormatPhone(t.Kit.LineNumber) + "  ·  " + t.Kit.Carrier + "  ·  " + what(t)
			s.box.Add(container.NewBorder(nil, nil, nil, b, widget.NewLabel(line)))
		}
	}
	section(lang.L("Suspend ({{.Count}})", map[string]any{"Count": len(q.Suspend)}), q.Suspend, func(t app.HotspotTask) string {
		if t.LoanID == 0 {
			return lang.L("lost")
		}
		return plural("{{.N}} hours overdue", t.HoursOverdue)
	})
	section(lang.L("Reactivate ({{.Count}})", map[string]any{"Count": len(q.Reactivate)}), q.Reactivate, func(app.HotspotTask) string { return lang.L("back in") })
	section(lang.L("Waiting for the carrier ({{.Count}})", map[string]any{"Count": len(q.Pending)}), q.Pending, func(t app.HotspotTask) string {
		return lang.L("confirm: {{.State}}", map[string]any{"State": serviceLabel(t.Next)})
	})
}

// markDone records the task's next service state.
func (s *hotspotQueue) markDone(t app.HotspotTask) {
	k, err := s.u.svc.SetHotspotService(s.ctx, t.Kit.ID, t.Next)
	if err != nil {
		s.info.SetText(errorText(err))
		return
	}
	s.refresh()
	s.info.SetText(lang.L("Kit {{.Tag}}: {{.State}}.", map[string]any{"Tag": k.Tag, "State": serviceLabel(k.Service)}))
}

// dueThisWeek lists the loans out due from today to six days on.
func dueThisWeek(out []app.Loan, kits map[int64]app.Kit, today time.Time) []string {
	end := today.AddDate(0, 0, 7)
	var rows []string
	for _, l := range out {
		if !l.Due.Before(today) && l.Due.Before(end) {
			k := kits[l.KitID]
			rows = append(rows, "  "+k.Tag+"  ·  "+kitKindLabel(k.Kind)+"  ·  "+borrowerWords(l.Borrower)+"  ·  "+lang.L("due {{.Due}}", map[string]any{"Due": showDate(l.Due)}))
		}
	}
	return append([]string{lang.L("Due this week ({{.Count}})", map[string]any{"Count": len(rows)})}, rows...)
}
