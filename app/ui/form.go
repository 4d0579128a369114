package ui

import (
	"image/color"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// errorRed is the colour of a form's error line.
var errorRed = color.NRGBA{0xB3, 0x26, 0x1E, 0xFF}

// languageChoices are the preferred-language options, English and Spanish
// first, each in its own language.
var languageChoices = func() []struct{ code, label string } {
	native := map[string]string{"en": "English", "es": "Español", "vi": "Tiếng Việt", "ko": "한국어", "zh": "中文",
		"tl": "Tagalog", "hy": "Հայերեն", "ru": "Русский", "fa": "فارسی", "ar": "العربية", "ja": "日本語",
		"km": "ខ្មែរ", "th": "ไทย", "other": "Other / Otro"}
	var codes []string
	for c := range app.Languages {
		if c != "en" && c != "es" && c != "other" {
			codes = append(codes, c)
		}
	}
	sort.Strings(codes)
	codes = append(append([]string{"en", "es"}, codes...), "other")
	out := make([]struct{ code, label string }, 0, len(codes))
	for _, c := range codes {
		l := native[c]
		if l == "" {
			l = app.Languages[c]
		}
		out = append(out, struct{ code, label string }{c, l})
	}
	return out
}()

func languageLabels() []string {
	out := make([]string, len(languageChoices))
	for i, c := range languageChoices {
		out[i] = c.label
	}
	return out
}

func languageIndex(code string) int {
	for i, c := range languageChoices {
		if c.code == code {
			return i
		}
	}
	return 0
}

// newEntry is a single-line entry holding text, with a placeholder.
func newEntry(text, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(text)
	e.SetPlaceHolder(placeholder)
	return e
}

// newErrorLine is the bold red line under a form that says what is wrong.
func newErrorLine() *canvas.Text {
	t := canvas.NewText("", errorRed)
	t.TextStyle = fyne.TextStyle{Bold: true}
	return t
}

// participantForm edits a participant: the walk-in registration and the
// Participants screen share it.
type participantForm struct {
	first, last, phone, email, zip, caljobs *widget.Entry
	language                                *widget.Select
	status                                  *widget.Select
	consent                                 *widget.Check
	errLine                                 *canvas.Text
	form                                    *widget.Form
	content                                 fyne.CanvasObject
	orig                                    app.Participant
}

// newParticipantForm builds the form from p. withStatus adds the status
// and CalJOBS ID (full record editing). loc is the site's time zone, for
// dates shown.
func newParticipantForm(p app.Participant, withStatus bool, loc *time.Location) *participantForm {
	f := &participantForm{orig: p}
	entry := newEntry
	f.first = entry(p.FirstName, "")
	f.last = entry(p.LastName, "")
	phone := p.Phone
	if strings.HasPrefix(phone, "+") {
		phone = app.FormatPhone(phone)
	}
	f.phone = entry(phone, lang.L("10 digits"))
	f.email = entry(p.Email, "")
	f.zip = entry(p.ZIP, "")
	f.caljobs = entry(p.CalJOBSID, "")
	f.language = widget.NewSelect(languageLabels(), nil)
	f.language.SetSelectedIndex(languageIndex(p.Language))
	f.consent = widget.NewCheck(lang.L("Agrees to text-message reminders / Acepta recordatorios por mensaje de texto"), nil)
	f.consent.SetChecked(p.Consent.Given)
	wording := widget.NewLabel("English: " + app.ConsentWordingEN + "\n\nEspañol: " + app.ConsentWordingES)
	wording.Wrapping = fyne.TextWrapWord
	f.errLine = newErrorLine()

	f.form = widget.NewForm(
		widget.NewFormItem(lang.L("First name"), f.first),
		widget.NewFormItem(lang.L("Last name"), f.last),
		widget.NewFormItem(lang.L("Phone"), f.phone),
		widget.NewFormItem(lang.L("Email"), f.email),
		widget.NewFormItem(lang.L("Preferred language"), f.language),
		widget.NewFormItem(lang.L("ZIP code"), f.zip),
	)
	if withStatus {
		f.status = widget.NewSelect(statusLabels(), nil)
		st := p.Status
		if st == "" {
			st = app.StatusNew
		}
		for i, s := range app.Statuses {
			if s == st {
				f.status.SetSelectedIndex(i)
			}
		}
		f.form.Append(lang.L("Status"), f.status)
		f.form.Append(lang.L("CalJOBS ID"), f.caljobs)
	}
	consentBox := container.NewVBox(f.consent, wording)
	if p.OptOutAt != nil {
		f.consent.Disable()
		// right under the box, where it is seen without scrolling
		stop := widget.NewLabelWithStyle(optOutText(p, loc), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		stop.Importance = widget.DangerImportance
		stop.Wrapping = fyne.TextWrapWord
		consentBox.Objects = []fyne.CanvasObject{f.consent, stop, wording}
	}
	f.content = container.NewVBox(f.form, widget.NewSeparator(), consentBox, f.errLine)
	return f
}

// value is the participant as the form now says.
func (f *participantForm) value() app.Participant {
	p := f.orig
	p.FirstName, p.LastName = f.first.Text, f.last.Text
	p.Phone, p.Email, p.ZIP = f.phone.Text, f.email.Text, f.zip.Text
	if i := f.language.SelectedIndex(); i >= 0 {
		p.Language = languageChoices[i].code
	}
	if f.status != nil {
		if i := f.status.SelectedIndex(); i >= 0 {
			p.Status = app.Statuses[i]
		}
		p.CalJOBSID = f.caljobs.Text
	}
	if f.consent.Checked && !f.orig.Consent.Given {
		p.Consent = app.Consent{Given: true, Method: app.ConsentVerbal}
	} else if !f.consent.Checked {
		p.Consent = app.Consent{}
	}
	return p
}

// showError puts err's message under the form.
func (f *participantForm) showError(err error) {
	f.errLine.Text = errorText(err)
	f.errLine.Refresh()
}

// formDialog is an open form: its dialog and its confirm button.
type formDialog struct {
	dialog  dialog.Dialog
	confirm *widget.Button
}

// showFormDialog shows content in a dialog with a confirm button that calls
// save; the dialog stays open, showing the error, until save succeeds.
func showFormDialog(title, confirm string, content fyne.CanvasObject, showErr func(error), save func() error, closed func(), w fyne.Window) formDialog {
	var d *dialog.CustomDialog
	ok := widget.NewButton(confirm, func() {
		if err := save(); err != nil {
			showErr(err)
			return
		}
		d.Hide()
	})
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	submitOnEnter(content, ok.OnTapped)
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fyne.NewSize(680, 500))
	d = dialog.NewCustomWithoutButtons(title, scroll, w)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.SetOnClosed(func() {
		if closed != nil {
			closed()
		}
	})
	d.Show()
	return formDialog{dialog: d, confirm: ok}
}

func statusLabels() []string {
	out := make([]string, len(app.Statuses))
	for i, s := range app.Statuses {
		out[i] = statusLabel(s)
	}
	return out
}

func statusLabel(s app.Status) string {
	switch s {
	case app.StatusNew:
		return lang.L("New")
	case app.StatusOriented:
		return lang.L("Oriented")
	case app.StatusEnrolled:
		return lang.L("Enrolled")
	case app.StatusEmployed:
		return lang.L("Employed")
	case app.StatusExited:
		return lang.L("Exited")
	case app.StatusInactive:
		return lang.L("Inactive")
	}
	return string(s)
}

// submitOnEnter makes Enter in any single-line entry of o press the form's
// confirm button, so a form can be filled without the mouse.
func submitOnEnter(o fyne.CanvasObject, submit func()) {
	switch w := o.(type) {
	case *widget.Entry:
		if !w.MultiLine && w.OnSubmitted == nil {
			w.OnSubmitted = func(string) { submit() }
		}
	case *widget.Form:
		for _, it := range w.Items {
			submitOnEnter(it.Widget, submit)
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			submitOnEnter(c, submit)
		}
	}
}

// optOutText says when and from where p replied STOP (p.OptOutAt is set).
func optOutText(p app.Participant, loc *time.Location) string {
	d := map[string]any{"Date": p.OptOutAt.In(loc).Format("2006-01-02"), "Via": p.OptOutVia}
	if p.OptOutVia == "" {
		return lang.L("This person replied STOP on {{.Date}}: no text reminders, ever.", d)
	}
	return lang.L("This person replied STOP on {{.Date}} ({{.Via}}): no text reminders, ever.", d)
}
