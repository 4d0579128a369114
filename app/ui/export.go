package ui

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/export"
	"frontdesk/app/importer"
)

// exportScreen lets a director export the text-reminder bundle (issue 4):
// the days of upcoming events, the profile (CSV or RapidPro), only the
// people changed since the last export, an optional workbook password and
// the folder. The export runs off the UI goroutine with a progress bar;
// then the folder can be opened and a summary says what was written.
type exportScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject

	from, to, folder *widget.Entry
	profile          *widget.RadioGroup
	profileHint      *widget.Label // who reads the selected profile's files
	incremental      *widget.Check
	password         *widget.Entry
	last             *widget.Label
	run, open        *widget.Button
	bar              *widget.ProgressBar
	stage            *widget.Label
	summary          *widget.Label
	errLine          *canvas.Text
	form             *widget.Form

	stopBtn     *widget.Button
	stopSummary *widget.Label

	dir     string // the folder of the last export made
	pending sync.WaitGroup
}

// exportProfiles are the profile choices, in order.
func exportProfileLabels() []string {
	return []string{lang.L("CSV files"), lang.L("RapidPro workbooks (.xlsx)")}
}

// defaultExportFolder is where bundles go unless the director picks
// another folder.
func defaultExportFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "frontdesk-exports")
	}
	return filepath.Join(home, "Documents", "Front Desk exports")
}

func newExportScreen(u *UI) *exportScreen {
	s := &exportScreen{u: u, ctx: u.ctx}
	loc := u.site.Location()
	today := app.CalendarDay(u.svc.Now(), loc)
	s.from = newDateEntry(today)
	s.to = newDateEntry(today.AddDate(0, 0, 90))
	s.folder = newEntry(defaultExportFolder(), "")
	labels := exportProfileLabels()
	s.profile = widget.NewRadioGroup(labels, func(string) { s.profileChanged() })
	s.profile.Horizontal = true
	s.profile.Required = true
	s.profile.SetSelected(labels[0])
	s.profileHint = widget.NewLabel("")
	s.profileHint.Wrapping = fyne.TextWrapWord
	s.profileHint.TextStyle = fyne.TextStyle{Italic: true}
	s.incremental = widget.NewCheck(lang.L("Only people changed since the last export of this profile"), nil)
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(lang.L("optional: protects the workbooks"))
	s.last = widget.NewLabel("")
	s.errLine = newErrorLine()
	s.errLine.Hide()
	s.run = widget.NewButtonWithIcon(lang.L("Export"), theme.DocumentSaveIcon(), s.start)
	s.run.Importance = widget.HighImportance
	s.open = widget.NewButtonWithIcon(lang.L("Open folder"), theme.FolderOpenIcon(), s.openFolder)
	s.open.Hide()
	s.bar = widget.NewProgressBar()
	s.bar.Hide()
	s.stage = widget.NewLabel("")
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	choose := widget.NewButtonWithIcon(lang.L("Choose…"), theme.FolderIcon(), s.chooseFolder)
	s.form = widget.NewForm(
		&widget.FormItem{Text: lang.L("Events from"), Widget: u.dateRange(s.from, s.to), HintText: dateHint()},
		widget.NewFormItem(lang.L("Profile"), container.NewVBox(s.profile, s.profileHint)),
		widget.NewFormItem("", container.NewVBox(s.incremental, s.last)),
		&widget.FormItem{Text: lang.L("Workbook password"), Widget: s.password, HintText: passwordHint()},
		widget.NewFormItem(lang.L("Folder"), container.NewBorder(nil, nil, nil, choose, s.folder)),
	)
	intro := widget.NewLabel(lang.L("The bundle for the city's text-reminder system: only people who agreed to text messages and have not opted out, the upcoming events (also as a calendar) and the center's point of contact. Every export is recorded in the audit log."))
	intro.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle(lang.L("Export for text reminders"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	stopTitle := widget.NewLabelWithStyle(lang.L("Replies of STOP"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	stopIntro := widget.NewLabel(lang.L("Import the STOP list the reminder system sends back (a CSV or XLSX of phone numbers, or a RapidPro contacts export): everyone with those numbers is opted out at once, for good."))
	stopIntro.Wrapping = fyne.TextWrapWord
	s.stopBtn = widget.NewButtonWithIcon(lang.L("Import STOP list…"), theme.ContentRemoveIcon(), s.chooseStopList)
	s.stopSummary = widget.NewLabel("")
	s.stopSummary.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(title, intro, s.form, s.errLine, container.NewHBox(s.run, s.open), s.bar, s.stage, s.summary,
		widget.NewSeparator(), stopTitle, stopIntro, container.NewHBox(s.stopBtn), s.stopSummary)
	s.content = container.NewVScroll(container.NewPadded(body))
	s.profileChanged()
	return s
}

// profileName is the app profile of the selected choice.
func (s *exportScreen) profileName() string {
	if s.profile.Selected == exportProfileLabels()[1] {
		return app.ProfileRapidPro
	}
	return app.ProfileCSV
}

// passwordHint is said next to the workbook password.
func passwordHint() string {
	return lang.L("An encrypted workbook cannot be uploaded to RapidPro as it is: whoever uploads it opens it with the password and saves a copy without one first.")
}

// profileChanged enables the password for workbooks only, says who reads
// the profile's files and when the profile was last exported.
func (s *exportScreen) profileChanged() {
	if s.password == nil || s.last == nil {
		return
	}
	if s.profileName() == app.ProfileRapidPro {
		s.profileHint.SetText(lang.L("Workbooks for RapidPro or TextIt's contact import: one contact per phone, the phone as +12135550142."))
		s.password.Enable()
	} else {
		s.profileHint.SetText(lang.L("CSV files for the reminder system's own import, exactly as documented: UTF-8 without a byte-order mark. They are for programs: Excel may show accents wrong if the file is opened by double-click."))
		s.password.SetText("")
		s.password.Disable()
	}
	if s.form != nil {
		s.form.Refresh() // the password's label follows its state
	}
	s.refresh()
}

// refresh shows when the selected profile was last exported.
func (s *exportScreen) refresh() {
	at, err := s.u.svc.LastRosterExport(s.ctx, s.profileName())
	switch {
	case err != nil:
		s.last.SetText(errorText(err))
	case at.IsZero():
		s.last.SetText(lang.L("Never exported with this profile: the first export has everyone."))
	default:
		s.last.SetText(lang.L("Last export: {{.When}}", map[string]any{"When": showDateTime(at.In(s.u.site.Location()))}))
	}
}

func (s *exportScreen) chooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		if l != nil {
			s.folder.SetText(l.Path())
		}
	}, s.u.win)
	d.Show()
}

func (s *exportScreen) fail(msg string) {
	s.errLine.Text = msg
	s.errLine.Show()
	s.errLine.Refresh()
}

// options reads the form.
func (s *exportScreen) options() (export.Options, bool) {
	loc := s.u.site.Location()
	var days [2]time.Time
	for i, e := range []*widget.Entry{s.from, s.to} {
		d, err := parseDay([]string{lang.L("First day"), lang.L("Last day")}[i], e.Text)
		if err != nil {
			s.fail(app.ErrorMessage(err))
			return export.Options{}, false
		}
		days[i] = app.DayStart(d, loc)
	}
	dir := strings.TrimSpace(s.folder.Text)
	if dir == "" {
		s.fail(lang.L("Choose the folder to export into."))
		return export.Options{}, false
	}
	return export.Options{Dir: dir, Profile: s.profileName(), From: days[0], To: days[1],
		Incremental: s.incremental.Checked, Password: s.password.Text}, true
}

// start runs the export off the UI goroutine.
func (s *exportScreen) start() {
	s.errLine.Hide()
	o, ok := s.options()
	if !ok {
		return
	}
	s.run.Disable()
	s.open.Hide()
	s.summary.SetText("")
	s.bar.SetValue(0)
	s.bar.Show()
	s.stage.SetText(lang.L("Starting…"))
	o.Progress = func(stage string, done, total int) {
		fyne.Do(func() { s.progress(stage, done, total) })
	}
	s.pending.Add(1)
	go func() {
		res, err := export.Roster(s.ctx, s.u.svc, o)
		fyne.Do(func() {
			defer s.pending.Done()
			s.finished(res, err)
		})
	}()
}

// wait blocks until a running export has been shown (tests).
func (s *exportScreen) wait() { s.pending.Wait() }

func (s *exportScreen) progress(stage string, done, total int) {
	switch stage {
	case "participants":
		if total <= 0 {
			s.stage.SetText(lang.L("Participants: {{.Done}}", map[string]any{"Done": done}))
			return
		}
		s.stage.SetText(lang.L("Participants: {{.Done}} of {{.Total}}", map[string]any{"Done": done, "Total": total}))
		s.bar.SetValue(0.9 * float64(done) / float64(total))
	case "events":
		s.stage.SetText(lang.L("Reading the events…"))
	case "files":
		s.stage.SetText(lang.L("Writing the files…"))
		s.bar.SetValue(max(s.bar.Value, 0.9))
	}
}

func (s *exportScreen) finished(res app.ExportResult, err error) {
	s.run.Enable()
	if err != nil {
		s.bar.Hide()
		s.stage.SetText("")
		s.fail(errorText(err))
		return
	}
	s.bar.SetValue(1)
	s.stage.SetText(lang.L("Done."))
	s.dir = res.Dir
	s.open.Show()
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Name)
	}
	text := lang.L("{{.People}} and {{.Events}} exported to {{.Folder}}.", map[string]any{
		"People": plural("{{.N}} participants", res.Participants), "Events": plural("{{.N}} events", res.Events), "Folder": res.Dir})
	if res.Profile == app.ProfileRapidPro {
		text += "\n" + plural("{{.N}} contacts", res.Contacts) + "; " +
			plural("{{.N}} people sharing a phone with someone listed were merged into their row.", res.Merged)
	}
	text += "\n" + lang.L("Files: {{.Files}}", map[string]any{"Files": strings.Join(files, ", ")})
	s.summary.SetText(text)
	s.refresh()
}

// openFolder opens the folder of the last export in the file manager.
func (s *exportScreen) openFolder() {
	if s.dir == "" {
		return
	}
	if err := s.u.open(s.dir); err != nil {
		s.u.showError(app.Errorf(app.EInvalid, "No program opened the folder %s: find it in the file manager.", s.dir))
	}
}

// chooseStopList asks for a STOP-list file and imports it.
func (s *exportScreen) chooseStopList() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		s.importStopList(r, r.URI().Name())
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xlsx", ".txt"}))
	d.Show()
}

// importStopList opts out everyone on the STOP list in r (director; one
// transaction, audited with counts) and says what happened, listing the
// rows that matched nobody or had no usable number.
func (s *exportScreen) importStopList(r io.Reader, name string) {
	table, err := importer.ReadOptOuts(r, name)
	if err == nil {
		var rep app.OptOutReport
		rep, err = s.u.svc.ImportOptOuts(s.ctx, 0, table.Rows, table.Source(name))
		if err == nil {
			lines := []string{plural("{{.N}} opted out now", rep.OptedOut) + "; " + plural("{{.N}} had opted out before", rep.Already) + "."}
			for _, m := range rep.Unmatched {
				lines = append(lines, lang.L("Row {{.Row}}: {{.Phone}} matches no one.", map[string]any{"Row": m.Line, "Phone": app.FormatPhone(m.Phone)}))
			}
			for _, bad := range rep.Invalid {
				lines = append(lines, messages().Row(bad))
			}
			s.stopSummary.Importance = widget.MediumImportance
			s.stopSummary.SetText(strings.Join(lines, "\n"))
			return
		}
	}
	s.stopSummary.Importance = widget.DangerImportance
	s.stopSummary.SetText(errorText(err))
}
