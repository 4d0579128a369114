package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// participantsPage is how many participants the list shows without a search.
const participantsPage = 200

// participantsScreen lists, searches, adds and edits participants.
type participantsScreen struct {
	u       *UI
	ctx     context.Context // the signed-in person's, for every service call
	content fyne.CanvasObject
	search  *widget.Entry
	list    *widget.List
	total   *widget.Label
	rows    []app.Participant
	form    *participantForm // the last add/edit form opened
	dlg     formDialog
	// followup opens the follow-up file from the record (case managers).
	followup *widget.Button
	// card prints the record's card; cardWhy says why it is off, or is nil.
	card    *widget.Button
	cardWhy *widget.Label
}

func newParticipantsScreen(u *UI) *participantsScreen {
	s := &participantsScreen{u: u, ctx: u.ctx}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.L("Search by name, phone or email"))
	s.search.OnChanged = func(string) { s.refresh() }
	s.total = widget.NewLabel("")
	s.list = widget.NewList(func() int { return len(s.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.TextStyle = fyne.TextStyle{Bold: true}
		return container.NewHBox(name, layout.NewSpacer(), widget.NewLabel(""))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(s.rows) {
			return
		}
		p := s.rows[id]
		row := o.(*fyne.Container)
		row.Objects[0].(*widget.Label).SetText(p.DisplayName())
		info := []string{}
		if p.Phone != "" {
			info = append(info, app.FormatPhone(p.Phone))
		}
		if p.Email != "" {
			info = append(info, p.Email)
		}
		info = append(info, statusLabel(p.Status), p.Code)
		row.Objects[2].(*widget.Label).SetText(strings.Join(info, "   "))
	})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if id < len(s.rows) {
			s.edit(s.rows[id].ID)
		}
	}
	add := widget.NewButtonWithIcon(lang.L("Add participant"), theme.ContentAddIcon(), s.add)
	add.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, nil, container.NewHBox(s.total, add), s.search)
	s.content = container.NewBorder(top, nil, nil, nil, s.list)
	return s
}

// refresh reloads the list for the current search.
func (s *participantsScreen) refresh() {
	var err error
	q := strings.TrimSpace(s.search.Text)
	if q == "" {
		s.rows, err = s.u.svc.Participants(s.ctx, app.ParticipantFilter{SiteID: s.u.site.ID, Limit: participantsPage})
	} else {
		s.rows, err = s.u.svc.SearchParticipants(s.ctx, q, participantsPage)
	}
	if err != nil {
		s.u.showError(err)
		return
	}
	if q == "" {
		n, err := s.u.svc.CountParticipants(s.ctx, s.u.site.ID)
		if err == nil {
			s.total.SetText(plural("{{.N}} participants", n))
		}
	} else {
		s.total.SetText(plural("{{.N}} found", len(s.rows)))
	}
	s.list.Refresh()
}

// add opens an empty participant form.
func (s *participantsScreen) add() {
	s.form = newParticipantForm(app.Participant{SiteID: s.u.site.ID, Language: "en"}, true, s.u.site.Location())
	f := s.form
	s.dlg = showFormDialogThen(lang.L("Add participant"), lang.L("Save"), f.content, f.showError, func() (func(), error) {
		p, err := s.u.svc.AddParticipant(s.ctx, f.value())
		if err != nil {
			return nil, err
		}
		s.refresh()
		if !s.u.actor.Has(app.RoleFrontDesk) {
			return nil, nil // cards are the front desk's
		}
		return func() { offerCard(s.u, p, nil) }, nil
	}, nil, s.u.win)
	f.attach(s.u.win, s.dlg)
	s.u.win.Canvas().Focus(f.first)
}

// edit opens participant id's full record.
func (s *participantsScreen) edit(id int64) {
	p, err := s.u.svc.Participant(s.ctx, id)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.form = newParticipantForm(p, true, s.u.site.Location())
	f := s.form
	s.followup = nil
	card := widget.NewButtonWithIcon(lang.L("Print card"), theme.DocumentPrintIcon(), func() { printCard(s.u, p) })
	code := widget.NewLabel(lang.L("Card code") + ": " + p.Code)
	top := container.NewHBox(code, layout.NewSpacer(), card)
	s.cardWhy = roleReason(s.u, lang.L("Cards are printed by front desk staff."), []app.Role{app.RoleFrontDesk}, card)
	s.card = card
	if fu := s.u.followups; fu != nil && s.u.actor.Has(app.RoleCaseManager) {
		// case managers go from the record to the follow-up file (a
		// director sees the rosters only, never a file)
		s.followup = widget.NewButtonWithIcon(lang.L("Follow-up file"), theme.FolderOpenIcon(), func() {
			s.dlg.dialog.Hide()
			fu.open(p.ID)
		})
		top.Add(s.followup)
	}
	body := container.NewVBox(top, f.content)
	if s.cardWhy != nil {
		body = container.NewVBox(top, s.cardWhy, f.content)
	}
	s.dlg = showFormDialog(p.DisplayName(), lang.L("Save"), body, f.showError, func() error {
		if _, err := s.u.svc.UpdateParticipant(s.ctx, f.value()); err != nil {
			return err
		}
		s.refresh()
		return nil
	}, nil, s.u.win)
	f.attach(s.u.win, s.dlg)
}
