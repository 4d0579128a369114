// Package export writes the bundle the central text-reminder system
// imports (seed 000, issue 4): the roster of participants who may be texted,
// the upcoming events (CSV and iCalendar), the site's point of contact and
// a manifest with row counts and SHA-256 sums. Every file is written under
// a temporary name in the target folder and renamed only when all of them
// are complete, so a failed export leaves no half files.
//
// The service (app.Service.ExportRoster) checks the role, reads the store
// and writes the audit record; this package only turns rows into files (it
// is where excelize lives, so package app stays free of it).
package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/csvfile"
	"frontdesk/app/ical"
	"frontdesk/app/xlsx"
)

// File names of a bundle.
const (
	ParticipantsFile = "participants.csv"
	EventsFile       = "events.csv"
	SiteFile         = "site.csv"
	CalendarFile     = "calendar.ics"
	ManifestFile     = "manifest.json"
)

// MaxContactsPerFile is how many contacts one RapidPro workbook holds at
// most; more are split into contacts-002.xlsx and so on.
const MaxContactsPerFile = 25_000

// ContactsFile is the name of the n-th RapidPro workbook (from 1).
func ContactsFile(n int) string { return fmt.Sprintf("contacts-%03d.xlsx", n) }

var bundleName = regexp.MustCompile(`^(participants\.csv|events\.csv|site\.csv|calendar\.ics|contacts-[0-9]{3,}\.xlsx)$`)

// Options are what a roster export needs besides the service.
type Options struct {
	Dir         string // the folder to write into (created if missing)
	Profile     string // app.ProfileCSV or app.ProfileRapidPro
	SiteID      int64  // the site exported; 0 is the desk's (app.Service.SetSite)
	From, To    time.Time
	Incremental bool
	// Password, when set, protects the RapidPro workbooks (not CSV).
	Password string
	Progress func(stage string, done, total int)
	// MaxRows overrides MaxContactsPerFile (tests).
	MaxRows int
}

// Roster exports the reminder-system bundle into o.Dir (directors; see
// app.Service.ExportRoster).
func Roster(ctx context.Context, svc *app.Service, o Options) (app.ExportResult, error) {
	if o.Dir == "" {
		return app.ExportResult{}, app.FieldErrorf("folder", "is required")
	}
	if o.Password != "" && o.Profile != app.ProfileRapidPro {
		return app.ExportResult{}, app.FieldErrorf("password", "only the RapidPro workbooks can be protected with a password; CSV files cannot")
	}
	b := &Bundle{Dir: o.Dir, Password: o.Password, MaxRows: o.MaxRows, Progress: o.Progress}
	return svc.ExportRoster(ctx, app.RosterRequest{Profile: o.Profile, SiteID: o.SiteID, From: o.From, To: o.To, Incremental: o.Incremental, Progress: o.Progress}, b)
}

// Bundle is an app.RosterWriter that writes a bundle into Dir.
type Bundle struct {
	Dir      string
	Password string
	MaxRows  int
	Progress func(stage string, done, total int)

	info  app.ExportInfo
	loc   *time.Location
	temps []*hashFile // written, in the order they are committed
	made  bool        // Begin created Dir (Abort removes it again)
	res   app.ExportResult

	// csv profile
	people *hashFile
	cw     *csvfile.Writer
	rec    []string

	// rapidpro profile
	bookOpen  bool
	contacts  [][]any // the open workbook's rows
	bookNum   int
	lastPhone string
}

var _ app.RosterWriter = (*Bundle)(nil)

// ParticipantHeader is participants.csv's header row.
var ParticipantHeader = []string{"first_name", "last_name", "phone", "email", "language", "site", "registered_on",
	"attended_orientation", "enrolled", "last_visit", "next_event_start", "next_event_title"}

// RapidProFields are the contact fields of the RapidPro workbooks, after
// URN:Tel, Name and Language; each header is "Field:" + key.
var RapidProFields = []string{"first_name", "last_name", "email", "site", "registered_on",
	"attended_orientation", "enrolled", "last_visit", "next_event_start", "next_event_title"}

// RapidProHeader is the RapidPro workbooks' header row.
func RapidProHeader() []string {
	h := []string{"URN:Tel", "Name", "Language"}
	for _, k := range RapidProFields {
		h = append(h, "Field:"+k)
	}
	return h
}

// Begin creates the folder and starts the roster file(s).
func (b *Bundle) Begin(info app.ExportInfo) error {
	b.info, b.loc = info, info.Site.Location()
	b.res = app.ExportResult{Dir: b.Dir, Profile: info.Profile, Events: len(info.Events), Incremental: info.Incremental, Since: info.Since}
	if b.MaxRows <= 0 {
		b.MaxRows = MaxContactsPerFile
	}
	if _, err := os.Stat(b.Dir); os.IsNotExist(err) {
		b.made = true
	}
	if err := os.MkdirAll(b.Dir, 0o700); err != nil {
		return app.Errorf(app.EInvalid, "Cannot create the folder %s: %v", b.Dir, err)
	}
	if info.Profile == app.ProfileRapidPro {
		return nil
	}
	var err error
	if b.people, err = b.create(ParticipantsFile); err != nil {
		return err
	}
	b.cw = csvfile.NewWriter(b.people, csvfile.Machine)
	b.rec = make([]string, len(ParticipantHeader))
	return b.cw.Write(ParticipantHeader)
}

// yn is a flag as the files write it.
func yn(v bool) string {
	if v {
		return "y"
	}
	return "n"
}

func (b *Bundle) day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.loc).Format("2006-01-02")
}

func (b *Bundle) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.loc).Format(time.RFC3339)
}

// Write adds one participant.
func (b *Bundle) Write(r *app.RosterRow) error {
	b.res.Participants++
	if b.info.Profile == app.ProfileRapidPro {
		return b.writeContact(r)
	}
	rec := b.rec
	rec[0], rec[1], rec[2], rec[3] = csvfile.Text(r.FirstName), csvfile.Text(r.LastName), r.Phone, csvfile.Text(r.Email)
	rec[4], rec[5], rec[6] = r.Language, csvfile.Text(b.info.Site.Name), b.day(r.CreatedAt)
	rec[7], rec[8], rec[9] = yn(r.Oriented), yn(r.Enrolled()), b.day(r.LastVisit)
	rec[10], rec[11] = b.stamp(r.NextEventStart), csvfile.Text(r.NextEventTitle)
	b.people.rows++
	return b.cw.Write(rec)
}

// writeContact adds one RapidPro contact; the next participants with the
// same phone (they come ordered by phone) are merged into it. The cells are
// what RapidPro's contact import reads (docs/roster-format.md): the bare
// E.164 phone under URN:Tel (the importer puts the header's scheme in front
// itself) and text as it is (a string cell is never a formula, so no
// apostrophe guard). A workbook's rows are kept until it is closed, when
// their number is known and the sheet can declare its range first.
func (b *Bundle) writeContact(r *app.RosterRow) error {
	if r.Phone == b.lastPhone {
		b.res.Merged++
		return nil
	}
	b.lastPhone = r.Phone
	if b.bookOpen && len(b.contacts) >= b.MaxRows {
		if err := b.closeBook(); err != nil {
			return err
		}
	}
	if !b.bookOpen {
		b.openBook()
	}
	b.contacts = append(b.contacts, []any{r.Phone, r.FirstName + " " + r.LastName, Lang3(r.Language),
		r.FirstName, r.LastName, r.Email, b.info.Site.Name,
		b.day(r.CreatedAt), yn(r.Oriented), yn(r.Enrolled()), b.day(r.LastVisit),
		b.stamp(r.NextEventStart), r.NextEventTitle})
	b.res.Contacts++
	return nil
}

// contactsSheet is the name of the RapidPro workbooks' one sheet.
const contactsSheet = "Contacts"

// openBook starts the next workbook.
func (b *Bundle) openBook() {
	b.bookOpen, b.contacts = true, b.contacts[:0]
	b.bookNum++
}

// closeBook writes the open workbook: header and rows, with the sheet's
// dimension covering all of them.
func (b *Bundle) closeBook() error {
	if !b.bookOpen {
		return nil
	}
	b.bookOpen = false
	book := excelize.NewFile()
	defer book.Close()
	if err := book.SetSheetName("Sheet1", contactsSheet); err != nil {
		return err
	}
	h := RapidProHeader()
	sw, err := xlsx.NewStreamWriter(book, contactsSheet, len(h), len(b.contacts)+1)
	if err != nil {
		return err
	}
	row := make([]any, len(h))
	for i, s := range h {
		row[i] = s
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for i, c := range b.contacts {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, c); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	hf, err := b.create(ContactsFile(b.bookNum))
	if err != nil {
		return err
	}
	hf.rows = len(b.contacts)
	if b.Progress != nil {
		b.Progress("files", b.bookNum, 0)
	}
	if err := book.Write(hf, excelize.Options{Password: b.Password}); err != nil {
		return err
	}
	_, err = hf.finish()
	return err
}

// create starts a file of the bundle under a temporary name.
func (b *Bundle) create(name string) (*hashFile, error) {
	f, err := os.CreateTemp(b.Dir, "."+name+".*.tmp")
	if err != nil {
		return nil, app.Errorf(app.EInvalid, "Cannot write in %s: %v", b.Dir, err)
	}
	hf := &hashFile{name: name, f: f, h: sha256.New()}
	hf.bw = bufio.NewWriterSize(f, 64<<10)
	b.temps = append(b.temps, hf)
	return hf, nil
}

// Finish completes the roster and writes events, site, calendar and
// manifest, all under temporary names.
func (b *Bundle) Finish() (app.ExportResult, error) {
	if b.info.Profile == app.ProfileRapidPro {
		if !b.bookOpen && b.bookNum == 0 {
			b.openBook() // a header-only workbook: nothing to import, but a well-formed bundle
		}
		if err := b.closeBook(); err != nil {
			return b.res, err
		}
	} else {
		if err := b.cw.Flush(); err != nil {
			return b.res, err
		}
		b.res.Contacts = b.res.Participants
	}
	ev, err := b.create(EventsFile)
	if err != nil {
		return b.res, err
	}
	if ev.rows, err = writeEvents(ev, b.info.Site, b.info.Events); err != nil {
		return b.res, err
	}
	st, err := b.create(SiteFile)
	if err != nil {
		return b.res, err
	}
	st.rows = 1
	if err := WriteSiteCSV(st, b.info.Site); err != nil {
		return b.res, err
	}
	cal, err := b.create(CalendarFile)
	if err != nil {
		return b.res, err
	}
	cal.rows = len(b.info.Events)
	if err := ical.Write(cal, b.info.Site, b.info.Events, b.info.Generated); err != nil {
		return b.res, err
	}
	b.res.Files = b.res.Files[:0]
	for _, hf := range b.temps {
		f, err := hf.finish()
		if err != nil {
			return b.res, err
		}
		b.res.Files = append(b.res.Files, f)
	}
	m, err := b.create(ManifestFile)
	if err != nil {
		return b.res, err
	}
	enc := json.NewEncoder(m)
	enc.SetIndent("", "  ")
	if err := enc.Encode(NewManifest(b.info, b.res)); err != nil {
		return b.res, err
	}
	mf, err := m.finish()
	if err != nil {
		return b.res, err
	}
	b.res.Files = append(b.res.Files, mf)
	return b.res, nil
}

// Manifest describes a bundle: when and how it was made, how many rows of
// what, and each file's size and SHA-256.
type Manifest struct {
	Format      string `json:"format"`
	Generated   string `json:"generated"`
	Profile     string `json:"profile"`
	Site        string `json:"site"`
	TimeZone    string `json:"time_zone"`
	From        string `json:"from"`
	To          string `json:"to"`
	Incremental bool   `json:"incremental"`
	Since       string `json:"since,omitempty"`
	Counts      struct {
		Participants int `json:"participants"`
		Contacts     int `json:"contacts"`
		// MergedSharedPhones counts participants left out of the RapidPro
		// contacts because an earlier participant has the same phone.
		MergedSharedPhones int `json:"merged_shared_phones"`
		Events             int `json:"events"`
		CancelledEvents    int `json:"cancelled_events"`
	} `json:"counts"`
	Files []app.ExportFile `json:"files"`
}

// ManifestFormat names the manifest's layout.
const ManifestFormat = "frontdesk-reminder-bundle/1"

// NewManifest describes the bundle of info with the files of res.
func NewManifest(info app.ExportInfo, res app.ExportResult) Manifest {
	loc := info.Site.Location()
	m := Manifest{Format: ManifestFormat, Generated: info.Generated.UTC().Format(time.RFC3339), Profile: info.Profile,
		Site: info.Site.Name, TimeZone: loc.String(), From: info.From.In(loc).Format("2006-01-02"), To: info.To.In(loc).Format("2006-01-02"),
		Incremental: info.Incremental, Files: res.Files}
	if !info.Since.IsZero() {
		m.Since = info.Since.UTC().Format(time.RFC3339)
	}
	m.Counts.Participants, m.Counts.Contacts, m.Counts.MergedSharedPhones, m.Counts.Events = res.Participants, res.Contacts, res.Merged, res.Events
	for _, e := range info.Events {
		if e.Cancelled {
			m.Counts.CancelledEvents++
		}
	}
	return m
}

// Commit moves the files into place (the manifest last) and removes the
// files a previous bundle's manifest listed that this one does not have.
func (b *Bundle) Commit() error {
	old := map[string]bool{}
	if raw, err := os.ReadFile(filepath.Join(b.Dir, ManifestFile)); err == nil {
		var m Manifest
		if json.Unmarshal(raw, &m) == nil {
			for _, f := range m.Files {
				if bundleName.MatchString(f.Name) {
					old[f.Name] = true
				}
			}
		}
	}
	for _, hf := range b.temps {
		if err := os.Rename(hf.f.Name(), filepath.Join(b.Dir, hf.name)); err != nil {
			return app.Errorf(app.EInvalid, "Cannot write %s: %v", filepath.Join(b.Dir, hf.name), err)
		}
		hf.done = true
		delete(old, hf.name)
	}
	for name := range old {
		os.Remove(filepath.Join(b.Dir, name))
	}
	return nil
}

// Abort removes every temporary file, and the folder when Begin created
// it and it is empty again.
func (b *Bundle) Abort() {
	b.bookOpen, b.contacts = false, nil
	for _, hf := range b.temps {
		if !hf.done {
			hf.f.Close()
			os.Remove(hf.f.Name())
		}
	}
	if b.made {
		os.Remove(b.Dir) // only an empty folder goes
	}
}

// hashFile is a bundle file being written: buffered, counted and hashed.
type hashFile struct {
	name string
	f    *os.File
	bw   *bufio.Writer
	h    hash.Hash
	n    int64
	rows int
	done bool
	out  *app.ExportFile
}

func (hf *hashFile) Write(p []byte) (int, error) {
	hf.h.Write(p)
	hf.n += int64(len(p))
	return hf.bw.Write(p)
}

// finish flushes and syncs the file (once) and returns its entry.
func (hf *hashFile) finish() (app.ExportFile, error) {
	if hf.out != nil {
		return *hf.out, nil
	}
	if err := hf.bw.Flush(); err != nil {
		return app.ExportFile{}, err
	}
	if err := hf.f.Sync(); err != nil {
		return app.ExportFile{}, err
	}
	if err := hf.f.Close(); err != nil {
		return app.ExportFile{}, err
	}
	hf.out = &app.ExportFile{Name: hf.name, Rows: hf.rows, Bytes: hf.n, SHA256: hex.EncodeToString(hf.h.Sum(nil))}
	return *hf.out, nil
}

// EventHeader is events.csv's header row.
var EventHeader = []string{"id", "kind", "title", "start", "end", "location", "virtual_link", "capacity", "language", "cancelled"}

// WriteEventsCSV writes events (of site) as events.csv: times in ISO 8601
// in the site's zone, text neutralised against spreadsheet formulas.
func WriteEventsCSV(w io.Writer, site app.Site, events []app.Event) error {
	_, err := writeEvents(w, site, events)
	return err
}

func writeEvents(w io.Writer, site app.Site, events []app.Event) (int, error) {
	loc := site.Location()
	cw := csvfile.NewWriter(w, csvfile.Machine)
	if err := cw.Write(EventHeader); err != nil {
		return 0, err
	}
	for _, e := range events {
		rec := []string{strconv.FormatInt(e.ID, 10), string(e.Kind), csvfile.Text(e.Title), e.Start.In(loc).Format(time.RFC3339),
			e.End.In(loc).Format(time.RFC3339), csvfile.Text(e.Location), csvfile.Text(e.VirtualLink), strconv.Itoa(e.Capacity),
			e.Language, yn(e.Cancelled)}
		if err := cw.Write(rec); err != nil {
			return 0, err
		}
	}
	return len(events), cw.Flush()
}

// SiteHeader is site.csv's header row.
var SiteHeader = []string{"name", "address", "phone", "time_zone", "contact_name", "contact_phone", "contact_email"}

// WriteSiteCSV writes the site and its point of contact as site.csv.
func WriteSiteCSV(w io.Writer, site app.Site) error {
	cw := csvfile.NewWriter(w, csvfile.Machine)
	cw.Write(SiteHeader)
	cw.Write([]string{csvfile.Text(site.Name), csvfile.Text(site.Address), site.Phone, site.Location().String(),
		csvfile.Text(site.ContactName), site.ContactPhone, csvfile.Text(site.ContactEmail)})
	return cw.Flush()
}

// Lang3 turns a stored ISO 639-1 language code into the ISO 639-3 code
// RapidPro uses ("" when unknown; three-letter codes pass through).
func Lang3(code string) string {
	if c, ok := lang3[code]; ok {
		return c
	}
	if len(code) == 3 {
		return code
	}
	return ""
}

var lang3 = map[string]string{
	"en": "eng", "es": "spa", "vi": "vie", "ko": "kor", "zh": "zho", "hy": "hye", "ru": "rus", "tl": "tgl",
	"fa": "fas", "ar": "ara", "ja": "jpn", "el": "ell", "fr": "fra", "pt": "por", "km": "khm", "th": "tha",
	"hi": "hin", "pa": "pan", "am": "amh", "so": "som", "de": "deu", "it": "ita", "ur": "urd", "bn": "ben",
	"uk": "ukr", "he": "heb", "tr": "tur", "id": "ind", "my": "mya", "lo": "lao", "ti": "tir", "sw": "swa",
	"ht": "hat", "pl": "pol", "ro": "ron", "gu": "guj", "ta": "tam", "te": "tel", "ne": "nep", "ps": "pus",
}

// Calendar writes the events of site siteID (0: the desk's) on the days
// from..to as an iCalendar file at path (directors; audited).
func Calendar(ctx context.Context, svc *app.Service, siteID int64, from, to time.Time, path string) (int, error) {
	site, events, err := svc.ExportSiteEvents(ctx, siteID, from, to, "calendar")
	if err != nil {
		return 0, err
	}
	return len(events), WriteFileAtomic(path, func(w io.Writer) error { return ical.Write(w, site, events, svc.Now()) })
}

// Events writes the events of site siteID (0: the desk's) on the days
// from..to as events.csv at path (directors; audited).
func Events(ctx context.Context, svc *app.Service, siteID int64, from, to time.Time, path string) (int, error) {
	site, events, err := svc.ExportSiteEvents(ctx, siteID, from, to, "events")
	if err != nil {
		return 0, err
	}
	return len(events), WriteFileAtomic(path, func(w io.Writer) error { return WriteEventsCSV(w, site, events) })
}

// WriteFileAtomic writes a file through write under a temporary name beside
// path and renames it into place only when complete.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot write in %s: %v", dir, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return app.Errorf(app.EInvalid, "Cannot write %s: %v", path, err)
	}
	return nil
}
