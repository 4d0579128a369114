package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
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
// the folder. On a center server of several sites the director also picks
// the site, or every site (one bundle each, in a folder named after the
// site, as frontdeskctl export --all-sites names them). The export runs
// off the UI goroutine with a progress bar; then the folder can be opened
// and a summary says what was written.
type exportScreen struct {
	u       *UI
	ctx     context.Context
	content fyne.CanvasObject

	sites []app.Site     // every site, when there are two or more
	site  *widget.Select // the sites by name, then every site; nil with one site

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
	errLine          *widget.Label // wrapped: a folder's path can be long
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
	s.last.Wrapping = fyne.TextWrapWord
	s.errLine = newErrorLabel()
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
	items := []*widget.FormItem{
		{Text: lang.L("Events from"), Widget: u.dateRange(s.from, s.to), HintText: dateHint()},
		widget.NewFormItem(lang.L("Profile"), container.NewVBox(s.profile, s.profileHint)),
		widget.NewFormItem("", container.NewVBox(s.incremental, s.last)),
		{Text: lang.L("Workbook password"), Widget: s.password, HintText: passwordHint()},
		widget.NewFormItem(lang.L("Folder"), container.NewBorder(nil, nil, nil, choose, s.folder)),
	}
	if s.site = s.newSiteChoice(); s.site != nil {
		items = append([]*widget.FormItem{widget.NewFormItem(lang.L("Site"), s.site)}, items...)
	}
	s.form = widget.NewForm(items...)
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

// newSiteChoice is the choice of the site to export, starting on the
// desk's own, when the database holds two or more sites (else nil).
func (s *exportScreen) newSiteChoice() *widget.Select {
	sites, err := s.u.svc.Sites(s.ctx)
	if err != nil {
		s.u.showError(err)
	}
	if len(sites) < 2 {
		return nil
	}
	s.sites = sites
	opts := make([]string, 0, len(sites)+1)
	sel := 0
	for i, x := range sites {
		if x.ID == s.u.site.ID {
			sel = i
		}
		opts = append(opts, x.Name)
	}
	c := widget.NewSelect(append(opts, lang.L("All sites (one bundle each)")), nil)
	c.SetSelectedIndex(sel)
	c.OnChanged = func(string) { s.refresh() }
	return c
}

// allSites reports whether every site is chosen.
func (s *exportScreen) allSites() bool {
	return s.site != nil && s.site.SelectedIndex() == len(s.sites)
}

// chosen is the sites to export: the one chosen, every site, or the
// desk's own on a database of one site.
func (s *exportScreen) chosen() []app.Site {
	switch {
	case s.allSites():
		return s.sites
	case s.site != nil && s.site.SelectedIndex() >= 0:
		return s.sites[s.site.SelectedIndex() : s.site.SelectedIndex()+1]
	}
	return []app.Site{s.u.site}
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

// refresh shows when the selected profile was last exported at the
// chosen site (each site's on a line of its own when every site is
// chosen), in the site's time zone.
func (s *exportScreen) refresh() {
	sites := s.chosen()
	lines := make([]string, len(sites))
	for i, site := range sites {
		lines[i] = s.lastExport(site)
		if len(sites) > 1 {
			lines[i] = siteLine(site, lines[i])
		}
	}
	s.last.SetText(strings.Join(lines, "\n"))
}

// lastExport says when the selected profile was last exported at site.
func (s *exportScreen) lastExport(site app.Site) string {
	at, err := s.u.svc.LastSiteRosterExport(s.ctx, site.ID, s.profileName())
	switch {
	case err != nil:
		return errorText(err)
	case at.IsZero():
		return lang.L("Never exported with this profile: the first export has everyone.")
	}
	return lang.L("Last export: {{.When}}", map[string]any{"When": showDateTime(at.In(site.Location()))})
}

// siteLine is what is said of one site among several: "Bronx: …".
func siteLine(site app.Site, text string) string {
	return lang.L("{{.Site}}: {{.Text}}", map[string]any{"Site": site.Name, "Text": text})
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
	s.errLine.SetText(msg)
	s.errLine.Show()
}

// exportRequest is what the form asks for: the options every site's
// bundle shares, and the first and last day of the events as calendar
// days, read in each site's own time zone.
type exportRequest struct {
	export.Options
	days [2]time.Time
}

// forSite is the options of site's bundle, written into dir.
func (r exportRequest) forSite(site app.Site, dir string) export.Options {
	o := r.Options
	loc := site.Location()
	o.SiteID, o.Dir, o.From, o.To = site.ID, dir, app.DayStart(r.days[0], loc), app.DayStart(r.days[1], loc)
	return o
}

// options reads the form.
func (s *exportScreen) options() (exportRequest, bool) {
	var r exportRequest
	for i, e := range []*widget.Entry{s.from, s.to} {
		d, err := parseDay([]string{lang.L("First day"), lang.L("Last day")}[i], e.Text)
		if err != nil {
			s.fail(app.ErrorMessage(err))
			return r, false
		}
		r.days[i] = d
	}
	dir := strings.TrimSpace(s.folder.Text)
	if dir == "" {
		s.fail(lang.L("Choose the folder to export into."))
		return r, false
	}
	r.Options = export.Options{Dir: dir, Profile: s.profileName(), Incremental: s.incremental.Checked, Password: s.password.Text}
	return r, true
}

// siteExport is what one site's export wrote.
type siteExport struct {
	site app.Site
	res  app.ExportResult
}

// start runs the export off the UI goroutine: the chosen site's bundle
// into the folder, or every site's into a folder of its own there (named
// as export.SitePath names it), one after another, the progress bar
// covering them all.
func (s *exportScreen) start() {
	s.errLine.Hide()
	r, ok := s.options()
	if !ok {
		return
	}
	sites, all := s.chosen(), s.allSites()
	s.run.Disable()
	s.open.Hide()
	s.summary.SetText("")
	s.bar.SetValue(0)
	s.bar.Show()
	s.stage.SetText(lang.L("Starting…"))
	s.pending.Add(1)
	go func() {
		var done []siteExport
		write := func(i int, site app.Site, dir string) error {
			o := r.forSite(site, dir)
			o.Progress = func(stage string, n, total int) {
				fyne.Do(func() { s.progress(i, sites, stage, n, total) })
			}
			res, err := export.Roster(s.ctx, s.u.svc, o)
			if err == nil {
				done = append(done, siteExport{site, res})
			}
			return err
		}
		var err error
		if all {
			err = export.EachSite(sites, r.Dir, true, write)
		} else {
			err = write(0, sites[0], r.Dir)
		}
		fyne.Do(func() {
			defer s.pending.Done()
			s.finished(r.Dir, all, done, err)
		})
	}()
}

// wait blocks until a running export has been shown (tests).
func (s *exportScreen) wait() { s.pending.Wait() }

// progress shows how far the export of sites[i] (of sites) has come: the
// bar covers every site, the stage names the site when there are several.
func (s *exportScreen) progress(i int, sites []app.Site, stage string, done, total int) {
	var text string
	part := 0.0 // of this site's export
	switch stage {
	case "participants":
		if total <= 0 {
			text = lang.L("Participants: {{.Done}}", map[string]any{"Done": done})
			break
		}
		text = lang.L("Participants: {{.Done}} of {{.Total}}", map[string]any{"Done": done, "Total": total})
		part = 0.9 * float64(done) / float64(total)
	case "events":
		text = lang.L("Reading the events…")
	case "files":
		text = lang.L("Writing the files…")
		part = 0.9
		if total > 0 && done >= total {
			part = 1
		}
	default:
		return
	}
	if len(sites) > 1 {
		text = lang.L("{{.Site}} ({{.N}} of {{.Count}}): {{.Stage}}", map[string]any{
			"Site": sites[i].Name, "N": i + 1, "Count": len(sites), "Stage": text})
	}
	s.stage.SetText(text)
	s.bar.SetValue(max(s.bar.Value, (float64(i)+part)/float64(len(sites))))
}

// finished says what the export into dir wrote: one site's bundle, or
// (all) each site's, named; a failure names the site it stopped at, which
// has nothing written, after the sites that were.
func (s *exportScreen) finished(dir string, all bool, done []siteExport, err error) {
	s.run.Enable()
	var parts []string
	for _, x := range done {
		if all {
			parts = append(parts, siteLine(x.site, exportSummary(x.res)))
		} else {
			parts = append(parts, exportSummary(x.res))
		}
	}
	if err != nil {
		s.bar.Hide()
		s.stage.SetText("")
		var siteErr *export.SiteError
		if errors.As(err, &siteErr) {
			s.fail(siteLine(siteErr.Site, errorText(siteErr.Err)))
			parts = append(parts, lang.L("Nothing was written for {{.Site}}, and the sites after it were not exported.", map[string]any{"Site": siteErr.Site.Name}))
		} else {
			s.fail(errorText(err))
		}
		s.summary.SetText(strings.Join(parts, "\n\n"))
		if len(done) > 0 {
			s.dir = dir
			s.open.Show()
			s.refresh()
		}
		return
	}
	s.bar.SetValue(1)
	s.stage.SetText(lang.L("Done."))
	s.dir = dir
	s.open.Show()
	s.summary.SetText(strings.Join(parts, "\n\n"))
	s.refresh()
}

// exportSummary says what one bundle holds and where it is.
func exportSummary(res app.ExportResult) string {
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
	return text + "\n" + lang.L("Files: {{.Files}}", map[string]any{"Files": strings.Join(files, ", ")})
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
