package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/deskconf"
)

// FirstStartOptions are what the first-start choice hands back to the app.
type FirstStartOptions struct {
	// DeskName is the name offered for this desk (the computer's).
	DeskName string
	// OwnFile is called when this computer is to keep its own records
	// (the site's set-up follows, as for any new database).
	OwnFile func()
	// Join tries the center server of s and, when it answers and holds a
	// Front Desk database, keeps s on this computer and goes on to the
	// sign-in. It runs off the UI goroutine (reaching a server can take
	// seconds); an error is shown, and the person may correct the form.
	Join func(s deskconf.Settings) error
}

// FirstStartScreen asks, the first time the app starts on a computer, how
// this desk works: on its own (a file on this computer) or as a desk of a
// center server (PostgreSQL), and for a server, how to reach it.
type FirstStartScreen struct {
	win  fyne.Window
	opts FirstStartOptions

	own, join *widget.Button

	host, port, database, user, password, deskName *escEntry
	sslMode                                        *widget.Select
	connect, back                                  *widget.Button
	progress                                       *widget.ProgressBarInfinite
	errLine                                        *widget.Label // wraps: a server's refusal can be long
	form                                           fyne.CanvasObject
}

// ShowFirstStart shows the first-start choice in w.
func ShowFirstStart(w fyne.Window, opts FirstStartOptions) *FirstStartScreen {
	LoadTranslations()
	s := &FirstStartScreen{win: w, opts: opts}
	s.own = widget.NewButtonWithIcon(lang.L("This computer keeps its own records"), theme.ComputerIcon(), func() { s.opts.OwnFile() })
	s.own.Importance = widget.HighImportance
	s.join = widget.NewButtonWithIcon(lang.L("This desk joins a center server"), theme.StorageIcon(), s.showForm)
	ownHint := widget.NewLabel(lang.L("One desk: the records stay in a file on this computer, with a backup every day."))
	ownHint.Wrapping = fyne.TextWrapWord
	joinHint := widget.NewLabel(lang.L("Several desks share the records on the center's PostgreSQL server. Its administrator gives you the details to type in."))
	joinHint.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(lang.L("How will this desk work?"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	choice := container.NewVBox(title, s.own, ownHint, widget.NewSeparator(), s.join, joinHint)
	w.SetContent(container.NewCenter(container.NewGridWrap(fyne.NewSize(560, choice.MinSize().Height), choice)))
	w.Canvas().Focus(s.own)
	return s
}

// showForm asks how to reach the center server.
func (s *FirstStartScreen) showForm() {
	s.host = newFormEntry("", lang.L("frontdesk.center.example or 10.0.0.5"))
	s.port = newFormEntry("5432", "5432")
	s.database = newFormEntry("frontdesk", "frontdesk")
	s.user = newFormEntry("", lang.L("the desk's user name on the server"))
	s.password = newPasswordFormEntry()
	s.deskName = newFormEntry(s.opts.DeskName, lang.L("Greeter, Resource room, Kiosk…"))
	labels := []string{
		lang.L("Checked, with the server's certificate (a city server)"),
		lang.L("Encrypted, certificate not checked"),
		lang.L("Encrypted when the server offers it"),
		lang.L("Not encrypted (this building's network only)"),
	}
	s.sslMode = widget.NewSelect(labels, nil)
	s.sslMode.SetSelectedIndex(2)
	s.errLine = widget.NewLabel("")
	s.errLine.Wrapping = fyne.TextWrapWord
	s.errLine.Importance = widget.DangerImportance
	s.errLine.TextStyle = fyne.TextStyle{Bold: true}
	// a Space that pressed "joins a center server" can reach this field
	// as a typed space: an address never begins with one
	s.host.OnChanged = func(text string) {
		if trimmed := strings.TrimLeft(text, " "); trimmed != text {
			s.host.SetText(trimmed)
		}
	}
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Server"), s.host),
		widget.NewFormItem(lang.L("Port"), s.port),
		widget.NewFormItem(lang.L("Database"), s.database),
		widget.NewFormItem(lang.L("User name"), s.user),
		widget.NewFormItem(lang.L("Password"), s.password),
		widget.NewFormItem(lang.L("Secure connection"), s.sslMode),
		widget.NewFormItem(lang.L("This desk's name"), s.deskName),
	)
	note := widget.NewLabel(lang.L("The password is kept on this computer, readable only by your account on it; never in the records."))
	note.Wrapping = fyne.TextWrapWord
	s.connect = widget.NewButton(lang.L("Connect"), s.tryJoin)
	s.connect.Importance = widget.HighImportance
	s.back = widget.NewButton(lang.L("Back"), func() { ShowFirstStart(s.win, s.opts) })
	submitOnEnter(form, s.tryJoin)
	title := widget.NewLabelWithStyle(lang.L("This desk joins a center server"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// the buttons and what the server said stay in sight on a small screen;
	// the form scrolls above them
	box := container.NewVBox(form, note)
	bottom := container.NewVBox(s.errLine, s.progress, container.NewHBox(s.back, s.connect))
	s.form = box
	column := container.NewBorder(title, bottom, nil, nil, container.NewVScroll(box))
	s.win.SetContent(container.NewPadded(column))
	s.win.Canvas().Focus(s.host)
}

// settings reads the form, or says what is wrong with it.
func (s *FirstStartScreen) settings() (deskconf.Settings, string) {
	srv := deskconf.Server{
		Host:     strings.TrimSpace(s.host.Text),
		Database: strings.TrimSpace(s.database.Text),
		User:     strings.TrimSpace(s.user.Text),
		Password: s.password.Text,
		SSLMode:  deskconf.SSLModes[max(0, s.sslMode.SelectedIndex())],
	}
	if p := strings.TrimSpace(s.port.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return deskconf.Settings{}, lang.L("The port is a number from 1 to 65535 (PostgreSQL's is 5432).")
		}
		if n != 5432 {
			srv.Port = n
		}
	}
	switch srv.Check() {
	case "host":
		return deskconf.Settings{}, lang.L("Enter the server's address: its name or IP address, such as frontdesk.center.example or 10.0.0.5.")
	case "port":
		return deskconf.Settings{}, lang.L("The port is a number from 1 to 65535 (PostgreSQL's is 5432).")
	case "database":
		return deskconf.Settings{}, lang.L("Enter the database's name (frontdesk, unless the server's administrator said otherwise).")
	case "user":
		return deskconf.Settings{}, lang.L("Enter the desk's user name on the server.")
	}
	name, err := app.CleanDeskName(s.deskName.Text)
	if err != nil {
		return deskconf.Settings{}, errorText(err)
	}
	return deskconf.Settings{Name: name, Server: &srv}, ""
}

// tryJoin checks the form and tries the server in the background.
func (s *FirstStartScreen) tryJoin() {
	if s.connect.Disabled() {
		return
	}
	conf, msg := s.settings()
	s.errLine.SetText(msg)
	if msg != "" {
		return
	}
	s.connect.Disable()
	s.back.Disable()
	s.progress.Show()
	s.progress.Start()
	go func() {
		err := s.opts.Join(conf)
		fyne.Do(func() {
			s.progress.Stop()
			s.progress.Hide()
			s.connect.Enable()
			s.back.Enable()
			if err != nil {
				s.errLine.SetText(errorText(err))
			}
		})
	}()
}
