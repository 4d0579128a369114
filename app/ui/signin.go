package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// signInScreen asks for a username and password. The kiosk's Staff exit
// uses the same form in a dialog.
type signInScreen struct {
	username, password *escEntry // Escape closes the kiosk's Staff dialog
	errLine            *canvas.Text
	note               *widget.Label
	site               *widget.Label // the center's name, under the heading
	button             *widget.Button
	buttons            *fyne.Container   // the button row
	form               fyne.CanvasObject // the fields, error line and button
	content            fyne.CanvasObject // the whole screen
}

// newSignInScreen builds the form; submit signs in and returns the
// service's refusal, which is shown under the form.
func newSignInScreen(title string, submit func(user, pw string) error) *signInScreen {
	s := &signInScreen{}
	s.username = newFormEntry("", "")
	s.password = newPasswordFormEntry()
	s.errLine = newErrorLine()
	s.note = widget.NewLabel("")
	s.note.Wrapping = fyne.TextWrapWord
	s.note.Hide()
	s.site = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.site.Wrapping = fyne.TextWrapWord
	s.site.Hide()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Username"), s.username),
		widget.NewFormItem(lang.L("Password"), s.password),
	)
	s.button = widget.NewButton(lang.L("Sign in"), func() {
		err := submit(s.username.Text, s.password.Text)
		if err != nil {
			s.errLine.Text = errorText(err)
			s.errLine.Refresh()
			s.password.SetText("")
			if c := fyne.CurrentApp().Driver().CanvasForObject(s.password); c != nil {
				c.Focus(s.password)
			}
		}
	})
	s.button.Importance = widget.HighImportance
	submitOnEnter(form, s.button.OnTapped)
	s.buttons = container.NewHBox(s.button)
	s.form = container.NewVBox(form, indent(s.errLine), indent(s.buttons))
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	box := container.NewVBox(heading, s.site, s.note, s.form)
	s.content = centered(520, box)
	return s
}

// changePasswordScreen makes a person who signed in with a temporary
// password choose their own before anything else.
type changePasswordScreen struct {
	current, next, again *widget.Entry
	errLine              *canvas.Text
	button               *widget.Button
	content              fyne.CanvasObject
}

// showChangePassword shows the forced password change for sess.
func (u *UI) showChangePassword(sess app.Session) {
	u.idle.stop()
	ctx := app.WithActor(u.base, sess.Actor)
	s := &changePasswordScreen{}
	s.current = widget.NewPasswordEntry()
	s.next = widget.NewPasswordEntry()
	s.again = widget.NewPasswordEntry()
	s.errLine = newErrorLine()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Temporary password"), s.current),
		widget.NewFormItem(lang.L("New password"), s.next),
		widget.NewFormItem(lang.L("New password again"), s.again),
	)
	showErr := func(msg string, focus *widget.Entry) {
		s.errLine.Text = msg
		s.errLine.Refresh()
		u.win.Canvas().Focus(focus)
	}
	s.button = widget.NewButton(lang.L("Change password and continue"), func() {
		if s.next.Text != s.again.Text {
			s.again.SetText("")
			showErr(lang.L("The two new passwords are not the same. Type the new one again."), s.again)
			return
		}
		ns, err := u.svc.ChangePassword(ctx, s.current.Text, s.next.Text)
		if err != nil {
			showErr(errorText(err), s.next)
			return
		}
		u.signedIn(ns)
	})
	s.button.Importance = widget.HighImportance
	submitOnEnter(form, s.button.OnTapped)
	cancel := widget.NewButton(lang.L("Cancel"), func() { u.showSignIn(false) })
	heading := widget.NewLabelWithStyle(lang.L("Choose a new password"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(lang.L("{{.Name}}, you signed in with a temporary password. Choose your own before you continue.", map[string]any{"Name": sess.Actor.Name}))
	intro.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel(lang.L("At least 12 characters, without your username; not one of your last 5 passwords. A short sentence is easy to remember."))
	hint.Wrapping = fyne.TextWrapWord
	asHint(hint)
	box := container.NewVBox(heading, intro, form, hint, indent(s.errLine), indent(container.NewHBox(cancel, s.button)))
	s.content = centered(620, box)
	u.change = s
	u.setContent(modeChange, s.content)
	u.win.Canvas().Focus(s.current)
}

// centered shows o in a column of the given width in the middle of the
// screen (wrapped labels need a width to know their height).
func centered(width float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&columnLayout{width: width}, o)
}

// columnLayout centres one object at a fixed width, at its height for
// that width.
type columnLayout struct{ width float32 }

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w := min(l.width, size.Width)
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((size.Width-w)/2, max(0, (size.Height-h)/2)))
	}
}

func (l *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.width, h)
}

// indent lines o up with the text of the labels around it.
func indent(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), o)
}
