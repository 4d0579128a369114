package app

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on text fields; longer input is refused, never silently cut.
const (
	MaxNameLen  = 80
	MaxTextLen  = 200
	MaxNoteLen  = 2000
	MaxEmailLen = 254
)

// cleanText trims s, refuses control characters and over-long text, and
// reports problems against field.
func cleanText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", FieldErrorf(field, "contains characters that are not valid text")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", FieldErrorf(field, "contains control characters")
		}
	}
	if required && s == "" {
		return "", FieldErrorf(field, "is required")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", FieldErrorf(field, "is too long (%d characters; at most %d)", n, max)
	}
	return s, nil
}

// NormalizeEmail lower-cases and checks an email address; empty stays empty.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if len(s) > MaxEmailLen {
		return "", FieldErrorf("email", "is too long")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", FieldErrorf("email", "%q is not an email address like name@example.com", truncate(s, 40))
	}
	return s, nil
}

// NormalizeZIP accepts a 5-digit US ZIP code or ZIP+4; empty stays empty.
func NormalizeZIP(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	ok := len(s) == 5 || (len(s) == 10 && s[5] == '-')
	for i, r := range s {
		if i == 5 && len(s) == 10 {
			continue
		}
		if r < '0' || r > '9' {
			ok = false
		}
	}
	if !ok {
		return "", FieldErrorf("ZIP", "%q is not a ZIP code (5 digits)", truncate(s, 12))
	}
	return s[:5], nil
}

// languageAliases are other words people write for a language, folded.
var languageAliases = map[string]string{"spa": "es", "eng": "en", "mandarin": "zh", "cantonese": "zh", "farsi": "fa", "filipino": "tl"}

// NormalizeLanguage accepts an ISO 639-1 code or an English or Spanish
// language name ("Spanish", "español"); empty means English.
func NormalizeLanguage(s string) (string, error) {
	k := FoldName(s)
	if k == "" {
		return "en", nil
	}
	if _, ok := Languages[k]; ok {
		return k, nil
	}
	for code := range Languages {
		if n := languageNames[code]; FoldName(n[0]) == k || FoldName(n[1]) == k {
			return code, nil
		}
	}
	if code, ok := languageAliases[k]; ok {
		return code, nil
	}
	return "", FieldErrorf("language", "%q is not a language we know; use a code like en or es", truncate(s, 20))
}

// validateParticipant cleans and checks p in place.
func validateParticipant(p *Participant) error {
	var err error
	if p.FirstName, err = cleanText("first name", p.FirstName, MaxNameLen, true); err != nil {
		return err
	}
	if p.LastName, err = cleanText("last name", p.LastName, MaxNameLen, true); err != nil {
		return err
	}
	if p.Phone, err = NormalizePhone(p.Phone); err != nil {
		return withField(err, "phone")
	}
	if p.Email, err = NormalizeEmail(p.Email); err != nil {
		return err
	}
	if p.Language, err = NormalizeLanguage(p.Language); err != nil {
		return err
	}
	if p.ZIP, err = NormalizeZIP(p.ZIP); err != nil {
		return err
	}
	if p.CalJOBSID, err = cleanText("CalJOBS ID", p.CalJOBSID, 20, false); err != nil {
		return err
	}
	if p.Status == "" {
		p.Status = StatusNew
	}
	if !validStatus(p.Status) {
		return FieldErrorf("status", "%q is not a status", p.Status)
	}
	if p.Consent.Given && p.Phone == "" {
		return FieldErrorf("phone", "is needed to agree to text reminders")
	}
	return nil
}

func validStatus(st Status) bool {
	for _, x := range Statuses {
		if x == st {
			return true
		}
	}
	return false
}

func validKind(k EventKind) bool {
	for _, x := range EventKinds {
		if x == k {
			return true
		}
	}
	return false
}

// validateEvent cleans and checks e in place.
func validateEvent(e *Event) error {
	var err error
	if e.Title, err = cleanText("title", e.Title, MaxTextLen, true); err != nil {
		return err
	}
	if e.Kind == "" {
		e.Kind = KindWorkshop
	}
	if !validKind(e.Kind) {
		return FieldErrorf("kind", "%q is not an event kind", e.Kind)
	}
	if e.Start.IsZero() || e.End.IsZero() {
		return FieldErrorf("time", "start and end are required")
	}
	if !e.End.After(e.Start) {
		return FieldErrorf("end", "must be after the start")
	}
	if e.End.Sub(e.Start) > 14*24*time.Hour {
		return FieldErrorf("end", "an event may last at most two weeks")
	}
	if e.Location, err = cleanText("location", e.Location, MaxTextLen, false); err != nil {
		return err
	}
	if e.VirtualLink, err = cleanText("virtual link", e.VirtualLink, MaxTextLen, false); err != nil {
		return err
	}
	if e.Facilitator, err = cleanText("facilitator", e.Facilitator, MaxNameLen, false); err != nil {
		return err
	}
	if e.Language == "" {
		e.Language = "en"
	}
	if e.Language, err = NormalizeLanguage(e.Language); err != nil {
		return err
	}
	if e.Capacity < 0 || e.Capacity > 100000 {
		return FieldErrorf("capacity", "must be between 0 (no limit) and 100000")
	}
	return nil
}

// validateSite cleans and checks s in place.
func validateSite(s *Site) error {
	var err error
	if s.Name, err = cleanText("site name", s.Name, MaxTextLen, true); err != nil {
		return err
	}
	if s.Address, err = cleanText("address", s.Address, MaxTextLen, false); err != nil {
		return err
	}
	if s.Phone, err = NormalizePhone(s.Phone); err != nil {
		return withField(err, "site phone")
	}
	if s.TimeZone == "" {
		s.TimeZone = DefaultTimeZone
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		return FieldErrorf("time zone", "%q is not a time zone name like America/Los_Angeles", truncate(s.TimeZone, 40))
	}
	if s.ContactName, err = cleanText("contact name", s.ContactName, MaxNameLen, false); err != nil {
		return err
	}
	if s.ContactPhone, err = NormalizePhone(s.ContactPhone); err != nil {
		return withField(err, "contact phone")
	}
	if s.ContactEmail, err = NormalizeEmail(s.ContactEmail); err != nil {
		return withField(err, "contact email")
	}
	return nil
}

// withField returns err, an *Error from a check of one value, as an
// EInvalid error about the named field.
func withField(err error, field string) error {
	e := *err.(*Error)
	e.Code, e.Field = EInvalid, field
	return &e
}
