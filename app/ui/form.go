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
	"fyne.io/fyne/v2/theme"
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

// asHint styles l as a hint: italic, in the text colour. (Fyne's low
// importance is the disabled colour, which hardly shows on the dark theme:
// #39393a on #171718.)
func asHint(l *widget.Label) {
	l.Importance = widget.MediumImportance
	l.TextStyle.Italic = true
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
	first, last, phone, email, zip, caljobs *escEntry
	language                                *escSelect
	status                                  *escSelect
	consent                                 *escCheck
	errLine                                 *canvas.Text
	form                                    *widget.Form
	content                                 fyne.CanvasObject
	orig                                    app.Participant
	// sharedPhone is the phone staff confirmed as shared with someone
	// already registered; win and resubmit ask for that confirmation and
	// save again (see attach).
	sharedPhone string
	win         fyne.Window
	resubmit    func()
}

// attach lets the form, shown in fd on w, ask to confirm a phone someone
// else already has and then save again.
func (f *participantForm) attach(w fyne.Window, fd formDialog) {
	f.win, f.resubmit = w, fd.confirm.OnTapped
}

// newParticipantForm builds the form from p. withStatus adds the status
// and CalJOBS ID (full record editing). loc is the site's time zone, for
// dates shown.
func newParticipantForm(p app.Participant, withStatus bool, loc *time.Location) *participantForm {
	f := &participantForm{orig: p}
	entry := newFormEntry
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
	f.language = newFormSelect(languageLabels(), nil)
	f.language.SetSelectedIndex(languageIndex(p.Language))
	f.consent = newFormCheck(lang.L("Agrees to text-message reminders / Acepta recordatorios por mensaje de texto"), nil)
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
		f.status = newFormSelect(statusLabels(), nil)
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
	p.SharedPhoneOK = f.sharedPhone != "" && f.sharedPhone == f.phone.Text
	if f.consent.Checked && !f.orig.Consent.Given {
		p.Consent = app.Consent{Given: true, Method: app.ConsentVerbal}
	} else if !f.consent.Checked {
		p.Consent = app.Consent{}
	}
	return p
}

// showError puts err's message under the form. A phone someone else
// already has is asked about: who has it, and whether to register anyway.
func (f *participantForm) showError(err error) {
	f.errLine.Text = errorText(err)
	f.errLine.Refresh()
	if app.ErrorCode(err) != app.EConfirm || f.win == nil {
		return
	}
	phone := f.phone.Text
	confirmSharedPhone(f.win, err, func() {
		f.sharedPhone = phone
		f.errLine.Text = ""
		f.errLine.Refresh()
		f.resubmit()
	}, func() { f.win.Canvas().Focus(f.phone) })
}

// confirmSharedPhone asks whether to register with a phone someone else
// already has (err says who), then runs yes or no.
func confirmSharedPhone(w fyne.Window, err error, yes, no func()) {
	d := dialog.NewConfirm(lang.L("Phone already registered"), errorText(err), func(ok bool) {
		if ok {
			yes()
		} else {
			no()
		}
	}, w)
	escapable(w, d)
	d.SetConfirmText(lang.L("Register anyway"))
	d.SetDismissText(lang.L("Go back"))
	d.Show()
}

// formDialog is an open form: its dialog and its confirm button.
type formDialog struct {
	dialog  dialog.Dialog
	confirm *widget.Button
}

// showFormDialog shows content in a dialog with a confirm button that calls
// save; the dialog stays open, showing the error, until save succeeds.
func showFormDialog(title, confirm string, content fyne.CanvasObject, showErr func(error), save func() error, closed func(), w fyne.Window) formDialog {
	return showFormDialogThen(title, confirm, content, showErr, func() (func(), error) { return nil, save() }, closed, w)
}

// showFormDialogThen is showFormDialog whose save may hand back a step to
// run once the dialog is gone, such as a dialog of its own: one shown while
// the form is still open would be removed with it (hiding an overlay removes
// every overlay above it).
func showFormDialogThen(title, confirm string, content fyne.CanvasObject, showErr func(error), save func() (then func(), err error), closed func(), w fyne.Window) formDialog {
	var d *dialog.CustomDialog
	ok := widget.NewButton(confirm, func() {
		then, err := save()
		if err != nil {
			showErr(err)
			return
		}
		d.Hide()
		if then != nil {
			then()
		}
	})
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	submitOnEnter(content, ok.OnTapped)
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fitSize(w, fyne.NewSize(680, 500)))
	d = dialog.NewCustomWithoutButtons(title, scroll, w)
	escapable(w, d)
	escapeCloses(content, d.Hide)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.SetOnClosed(func() {
		if closed != nil {
			closed()
		}
	})
	d.Show()
	return formDialog{dialog: d, confirm: ok}
}

// fitSize is want, made smaller where w is smaller: a dialog needs room
// around its content for its title, buttons and padding, and a 1024×600
// laptop screen has little.
func fitSize(w fyne.Window, want fyne.Size) fyne.Size {
	c := w.Canvas().Size()
	if c.Width <= 0 || c.Height <= 0 {
		return want
	}
	return fyne.NewSize(max(min(want.Width, c.Width-100), 200), max(min(want.Height, c.Height-150), 150))
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
	eachField(o, func(f fyne.CanvasObject) {
		var e *widget.Entry
		switch w := f.(type) {
		case *escEntry:
			e = &w.Entry
		case *widget.Entry:
			e = w
		default:
			return
		}
		if !e.MultiLine && e.OnSubmitted == nil {
			e.OnSubmitted = func(string) { submit() }
		}
	})
}

// eachField calls f with every widget of o: the items of forms and the
// objects of containers, scrolls, splits and tabs, however deep.
func eachField(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	switch w := o.(type) {
	case *widget.Form:
		for _, it := range w.Items {
			eachField(it.Widget, f)
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			eachField(c, f)
		}
	case *container.Scroll:
		eachField(w.Content, f)
	case *container.Split:
		eachField(w.Leading, f)
		eachField(w.Trailing, f)
	case *container.AppTabs:
		for _, it := range w.Items {
			eachField(it.Content, f)
		}
	default:
		f(o)
	}
}

// optOutText says when and from where p replied STOP (p.OptOutAt is set).
func optOutText(p app.Participant, loc *time.Location) string {
	d := map[string]any{"Date": showDate(p.OptOutAt.In(loc)), "Via": p.OptOutVia}
	if p.OptOutVia == "" {
		return lang.L("This person replied STOP on {{.Date}}: no text reminders, ever.", d)
	}
	return lang.L("This person replied STOP on {{.Date}} ({{.Via}}): no text reminders, ever.", d)
}

// fitSelect gives sel the width of its longest option, so that no choice
// is cut short ("Todos los e…" for "Todos los estados"): a select is
// otherwise only as wide as what it shows. Call it once the options are
// set.
func fitSelect(sel *widget.Select) fyne.CanvasObject {
	w := sel.MinSize().Width
	for _, o := range append([]string{sel.PlaceHolder}, sel.Options...) {
		w = max(w, fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width+
			theme.IconInlineSize()+4*theme.InnerPadding()+2*theme.Padding())
	}
	return container.NewGridWrap(fyne.NewSize(w, sel.MinSize().Height), sel)
}
