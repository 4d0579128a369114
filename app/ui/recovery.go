package ui

import (
	"image/color"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app/pdf"
)

// printoutRecovery is the page of the recovery code, for the director's
// safe.
const printoutRecovery printKind = "recovery"

// recoveryScreen shows the recovery code made at set-up, once: large, with
// what it is for, a Print button (a one-page PDF for the director's safe)
// and Continue. Nothing keeps the code after Continue.
type recoveryScreen struct {
	title    *widget.Label
	code     string
	codeText *canvas.Text
	print    *widget.Button
	done     *widget.Button
	printed  bool   // Print has written the page
	path     string // where the page went
	content  fyne.CanvasObject
}

// showRecoveryCode shows code (made by by) until the person goes on; then
// runs next.
func (u *UI) showRecoveryCode(code, by string, next func()) {
	u.idle.stop()
	u.recovery = newRecoveryScreen(u, code, by, next)
	u.setContent(modeSetup, u.recovery.content)
	u.win.Canvas().Focus(u.recovery.print)
}

// showRecoveryDialog shows a recovery code made on the Staff tab (by by),
// once, in a dialog with the set-up's Print and Continue.
func (u *UI) showRecoveryDialog(code, by string) {
	var d dialog.Dialog
	r := newRecoveryScreen(u, code, by, func() {
		d.Hide()
		u.recovery = nil
	})
	r.title.Hide()
	u.recovery = r
	d = dialog.NewCustomWithoutButtons(lang.L("Your recovery code"), r.content, u.win)
	d.Resize(fyne.NewSize(min(900, u.win.Canvas().Size().Width-40), 380))
	d.Show()
	u.win.Canvas().Focus(r.print)
}

func newRecoveryScreen(u *UI, code, by string, next func()) *recoveryScreen {
	r := &recoveryScreen{code: code}
	r.title = widget.NewLabelWithStyle(lang.L("Your recovery code"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.title.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(lang.L("If no administrator can sign in (everyone locked out, passwords forgotten), this code is the only way back in: frontdeskctl user reset-admin asks for it. Print this page and keep it in the director's safe."))
	intro.Wrapping = fyne.TextWrapWord
	once := widget.NewLabelWithStyle(lang.L("It is shown only now. After printing, delete the saved file."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	once.Wrapping = fyne.TextWrapWord
	r.codeText = canvas.NewText(code, theme.Color(theme.ColorNameForeground))
	r.codeText.TextStyle = fyne.TextStyle{Monospace: true}
	r.codeText.TextSize = 30
	r.codeText.Alignment = fyne.TextAlignCenter
	border := canvas.NewRectangle(color.Transparent)
	border.StrokeColor = theme.Color(theme.ColorNamePrimary)
	border.StrokeWidth = 2
	border.CornerRadius = 4
	codeBox := container.NewStack(border, container.NewPadded(container.NewPadded(r.codeText)))

	r.print = widget.NewButtonWithIcon(lang.L("Print"), theme.DocumentPrintIcon(), func() {
		sheet := pdf.RecoverySheet{Site: u.site, Code: code, At: u.svc.Now(), By: by}
		path, err := writePrintout(u, printoutRecovery, "recovery-code.pdf", func(w io.Writer) error { return pdf.Recovery(w, sheet) })
		if err != nil {
			u.showError(err)
			return
		}
		r.printed, r.path = true, path
	})
	r.print.Importance = widget.HighImportance
	r.done = widget.NewButton(lang.L("I have printed it: continue"), func() {
		if r.printed {
			next()
			return
		}
		d := dialog.NewConfirm(lang.L("Continue without printing?"),
			lang.L("The recovery code will not be shown again. Without it, nobody can get back in if every administrator is locked out."),
			func(ok bool) {
				if ok {
					next()
				}
			}, u.win)
		d.SetConfirmText(lang.L("Continue without printing"))
		d.SetDismissText(lang.L("Go back"))
		d.Show()
	})
	box := container.NewVBox(r.title, intro, codeBox, once, container.NewHBox(r.print, r.done))
	r.content = container.NewVScroll(container.NewPadded(box))
	return r
}
