package ui

import (
	"io"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// walkInDialog is the open walk-in registration, kept for tests.
type walkInDialog struct {
	form *participantForm
	formDialog
}

// showWalkIn opens the walk-in registration form prefilled with p. register
// saves it (registering and checking in at once) and may hand back a step
// to run once the form is gone, such as the card offer; closed runs when
// the dialog goes away.
func showWalkIn(u *UI, p app.Participant, register func(app.Participant) (func(), error), closed func()) *walkInDialog {
	f := newParticipantForm(p, false, u.site.Location())
	w := &walkInDialog{form: f}
	w.formDialog = showFormDialogThen(lang.L("Walk-in registration"), lang.L("Register and check in"), f.content, f.showError,
		func() (func(), error) { return register(f.value()) }, closed, u.win)
	f.attach(u.win, w.formDialog)
	u.win.Canvas().Focus(f.first)
	return w
}

// offerCard asks whether to print the new participant's card.
func offerCard(u *UI, p app.Participant, done func()) {
	d := dialog.NewConfirm(lang.L("Print a card?"),
		lang.L("{{.Name}} is registered. Print their QR card now?", map[string]any{"Name": p.ShortName()}),
		func(yes bool) {
			if yes {
				printCard(u, p)
			}
			if done != nil {
				done()
			}
		}, u.win)
	d.SetConfirmText(lang.L("Print card"))
	d.SetDismissText(lang.L("Not now"))
	d.Show()
}

// printCard writes p's card as a PDF and opens it in the system's viewer,
// from which staff print it. Printing is audited (and needs the front-desk
// role).
func printCard(u *UI, p app.Participant) string {
	if err := u.svc.RecordCardPrint(u.ctx, p.ID); err != nil {
		u.showError(err)
		return ""
	}
	path, err := writePrintout(u, printoutCard, "card-"+p.Code+".pdf", func(w io.Writer) error { return pdf.Cards(w, u.site, p) })
	if err != nil {
		u.showError(err)
		return ""
	}
	return path
}
