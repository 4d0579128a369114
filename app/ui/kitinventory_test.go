package ui

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"frontdesk/app"
)

func (d *kitDesk) tags(ks []app.Kit) string {
	var t []string
	for _, k := range ks {
		t = append(t, k.Tag)
	}
	return strings.Join(t, ",")
}

func TestKitInventoryFilterPrintAndStatus(t *testing.T) {
	d := newKitDesk(t)
	hot := addHotspotKit(t, d)
	inv := d.s.inv
	d.s.tabs.SelectIndex(3)
	if len(inv.kits) != 2 {
		t.Fatalf("inventory lists %s", d.tags(inv.kits))
	}
	// kind filter: hotspots only, with their service state
	inv.kindSel.SetSelectedIndex(2)
	if len(inv.kits) != 1 || inv.kits[0].ID != hot.ID || !strings.Contains(inv.line(inv.kits[0]), "service active") {
		t.Fatalf("hotspot filter: %s", d.tags(inv.kits))
	}
	inv.kindSel.SetSelectedIndex(0)
	// status filter: in repair lists none yet
	inv.statusSel.SetSelectedIndex(4)
	if len(inv.kits) != 0 {
		t.Fatalf("in repair: %s", d.tags(inv.kits))
	}
	inv.statusSel.SetSelectedIndex(1) // available
	if len(inv.kits) != 2 {
		t.Fatalf("available: %s", d.tags(inv.kits))
	}
	// print labels for the two on 5163, skipping 3
	inv.stockSel.SetSelectedIndex(1)
	inv.skip.SetText("3")
	inv.printBtn.OnTapped()
	b, err := os.ReadFile(inv.lastFile)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("labels %q: %v (%s)", inv.lastFile, err, inv.info.Text)
	}
	au, err := d.env.Svc.AuditLog(d.env.Ctx, app.AuditFilter{Action: app.ActionPrintLabels})
	if err != nil || len(au) != 1 || au[0].Actor != "kim" || au[0].Detail != "2 items" {
		t.Fatalf("audit %+v: %v", au, err)
	}
	// skip past the sheet: refused, nothing more audited
	inv.skip.SetText("10")
	inv.lastFile = ""
	inv.printBtn.OnTapped()
	if inv.lastFile != "" || inv.info.Text == "" {
		t.Fatalf("skip 10 printed: %q", inv.info.Text)
	}
	// status change of the selected kit (the dialog's yes)
	inv.statusSel.SetSelectedIndex(0)
	for i, k := range inv.kits {
		if k.ID == d.kit.ID {
			inv.list.Select(i)
		}
	}
	if inv.setBtn.Disabled() {
		t.Fatal("set status disabled with a kit selected")
	}
	inv.newStatus.SetSelectedIndex(0) // in repair
	inv.changeStatus()                // asks first
	inv.applyStatus(d.kit.ID, app.KitInRepair, "cracked screen")
	k, err := d.env.Svc.KitByTag(d.env.Ctx, d.kit.Tag)
	if err != nil || k.Status != app.KitInRepair || k.Notes != "cracked screen" {
		t.Fatalf("kit %s %q: %v", k.Status, k.Notes, err)
	}
	if !strings.Contains(inv.info.Text, "in repair") {
		t.Fatalf("info %q", inv.info.Text)
	}
	inv.statusSel.SetSelectedIndex(4)
	if len(inv.kits) != 1 || inv.kits[0].ID != d.kit.ID {
		t.Fatalf("in repair: %s", d.tags(inv.kits))
	}
	// the same status again is refused with the service's words
	inv.applyStatus(d.kit.ID, app.KitInRepair, "")
	if !strings.Contains(inv.info.Text, "already") {
		t.Fatalf("info %q", inv.info.Text)
	}
}

func addHotspotKit(t *testing.T, d *kitDesk) app.Kit {
	t.Helper()
	k := app.Kit{Kind: app.KitHotspot, SiteID: d.env.Site.ID, Components: app.StandardComponents(app.KitHotspot), Carrier: "T-Mobile", LineNumber: "213-555-0199", IMEI: "490154203237518"}
	for i := range k.Components {
		if k.Components[i].Name != app.ComponentMaterials {
			k.Components[i].Serial = fmt.Sprintf("UI%06d", kitSerial.Add(1))
		}
	}
	k, err := d.env.Svc.AddKit(d.env.Ctx, k)
	if err != nil {
		t.Fatalf("add hotspot kit: %v", err)
	}
	return k
}

func TestKitLoansRenewAndHolds(t *testing.T) {
	d := newKitDesk(t)
	c := d.s.checkout
	d.scan(c.scan, d.p.Code)
	d.scan(c.scan, d.kit.Tag)
	c.allPresent()
	d.enter(c.due)
	wantPanel(t, c.result, toneGood, "Lent", "")
	due := d.outLoans()[0].Due
	d.env.Clock = d.env.Clock.AddDate(0, 0, app.DefaultLoanSettings.DefaultLoanDays-2)
	d.s.tabs.SelectIndex(2)
	if all := strings.Join(d.s.loans.lines, "\n"); !strings.Contains(all, "Due this week (1)") {
		t.Fatalf("loans list:\n%s", all)
	}
	a := d.s.loanAct
	if len(a.loanSel.Options) != 1 {
		t.Fatalf("loans to renew: %v", a.loanSel.Options)
	}
	a.renewBtn.OnTapped()
	if !strings.Contains(a.info.Text, "Choose a loan") {
		t.Fatalf("renew without a loan: %q", a.info.Text)
	}
	a.loanSel.SetSelectedIndex(0)
	a.renewBtn.OnTapped()
	ls := d.outLoans()
	if len(ls) != 1 || ls[0].Renewals != 1 || !ls[0].Due.After(due) || !strings.Contains(a.info.Text, showDate(ls[0].Due)) {
		t.Fatalf("renewed %+v: %q", ls, a.info.Text)
	}
	// place a hold by card, then cancel it
	other := d.env.Participant(t, "Ana", "Flores", "")
	test.Type(a.card, other.Code)
	a.kindSel.SetSelectedIndex(0)
	a.placeBtn.OnTapped()
	if !strings.Contains(a.info.Text, "Ana Flores") || len(a.holdSel.Options) != 1 {
		t.Fatalf("hold: %q %v", a.info.Text, a.holdSel.Options)
	}
	if all := strings.Join(d.s.loans.lines, "\n"); !strings.Contains(all, "Holds (1)") {
		t.Fatalf("loans list:\n%s", all)
	}
	// someone waits: no more renewals
	a.loanSel.SetSelectedIndex(0)
	a.renewBtn.OnTapped()
	if ls := d.outLoans(); ls[0].Renewals != 1 || strings.HasPrefix(a.info.Text, "Renewed") {
		t.Fatalf("renewed twice: %q", a.info.Text)
	}
	a.holdSel.SetSelectedIndex(0)
	a.cancelBtn.OnTapped()
	hs, err := d.env.Svc.HoldQueue(d.env.Ctx, d.env.Site.ID, "")
	if err != nil || len(hs) != 0 || len(a.holdSel.Options) != 0 {
		t.Fatalf("holds after cancel %+v: %v", hs, err)
	}
}

func TestKitHotspotQueueMarkDone(t *testing.T) {
	d := newKitDesk(t)
	hot := addHotspotKit(t, d)
	if _, err := d.env.Svc.SetKitStatus(d.env.Ctx, hot.ID, app.KitLost, ""); err != nil {
		t.Fatal(err)
	}
	h := d.s.hotspots
	d.s.tabs.SelectIndex(4)
	if len(h.tasks) != 1 || h.tasks[0].Next != app.ServiceSuspendRequested {
		t.Fatalf("tasks %+v", h.tasks)
	}
	test.Tap(h.listBtns[0]) // the queue prints, for the call to the carrier
	if b, err := os.ReadFile(h.lastList); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("hotspot queue PDF %q: %v", h.lastList, err)
	}
	h.buttons[0].OnTapped()
	k, _ := d.env.Svc.KitByTag(d.env.Ctx, hot.Tag)
	if k.Service != app.ServiceSuspendRequested || len(h.tasks) != 1 || h.tasks[0].Next != app.ServiceSuspended {
		t.Fatalf("after the request: %s, tasks %+v", k.Service, h.tasks)
	}
	h.buttons[0].OnTapped()
	k, _ = d.env.Svc.KitByTag(d.env.Ctx, hot.Tag)
	if k.Service != app.ServiceSuspended || len(h.tasks) != 0 || !strings.Contains(h.info.Text, "service suspended") {
		t.Fatalf("after the confirmation: %s, tasks %+v, %q", k.Service, h.tasks, h.info.Text)
	}
}

func TestKitReturnDamaged(t *testing.T) {
	d := newKitDesk(t)
	c := d.s.checkout
	d.scan(c.scan, d.p.Code)
	d.scan(c.scan, d.kit.Tag)
	c.allPresent()
	d.enter(c.due)
	r := d.s.ret
	d.s.tabs.SelectIndex(1)
	d.scan(r.scan, d.kit.Tag)
	var laptop int64
	for _, ch := range r.checks {
		if strings.HasPrefix(ch.Text, app.ComponentLaptop) {
			laptop = ch.id
		}
	}
	r.damaged[laptop].SetChecked(true)
	test.Type(r.note, "broken hinge")
	r.note.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.q.wait()
	wantPanel(t, r.result, toneWarn, "Partial return", "")
	ls := d.outLoans()
	if len(ls) != 1 {
		t.Fatalf("loans %+v", ls)
	}
	for _, lc := range ls[0].Components {
		if lc.ComponentID == laptop && (lc.Condition != app.ConditionDamaged || lc.Note != "broken hinge") {
			t.Fatalf("laptop %+v", lc)
		}
	}
}
