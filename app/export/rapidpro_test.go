package export_test

// This file restates, in Go, what RapidPro does with a contacts workbook
// uploaded to it, so the tests can put a real exported workbook through
// the same rules. Each rule names where it lives in RapidPro's source
// (github.com/nyaruka/rapidpro, read at commit c4e8d48, August 2026):
//
//   - temba/contacts/models.py, ContactImport.try_to_parse: the active
//     sheet, header row, refusal of files with an empty header, no URN
//     column, duplicated URNs, no records or over 25,000 records;
//   - ContactImport._parse_header and _auto_mappings: "URN:Tel",
//     "Field:key", "Name", "Language" become mappings;
//   - ContactImport._validate_mappings with ContactField.make_key and
//     is_valid_key: field keys;
//   - ContactImport._parse_row and _parse_value: cell values to strings;
//   - ContactImport._row_to_spec: the contact spec, with
//     URN.from_parts(scheme, value) then URN.normalize(urn, country);
//   - URN.from_parts, URN.to_parts, URN.normalize, URN.normalize_number,
//     URN.validate (temba/contacts/models.py) and ParsedURN, parse_urn,
//     parse_number (temba/utils/urns/urns.py).
//
// The language of a contact is checked by mailroom, outside that
// repository, as an ISO 639-3 code; the rule here is only its shape.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
	"frontdesk/app/export"
	"frontdesk/app/xlsx/xlsxtest"
)

// rpMaxRecords is ContactImport.MAX_RECORDS.
const rpMaxRecords = 25_000

// rpSpec is a contact spec as ContactImport._row_to_spec builds it.
type rpSpec struct {
	Row      int // the sheet's row, 1-based like Excel
	Name     string
	Language string
	URNs     []string
	Fields   map[string]string
}

// rpMapping is one column's mapping (ContactImport._auto_mappings).
type rpMapping struct {
	Kind string // attribute, scheme, field (new_field), ignore
	Name string // attribute name, URN scheme or field key
}

// rpSchemes is URN.VALID_SCHEMES (URN.SCHEME_CHOICES).
var rpSchemes = map[string]bool{"tel": true, "mailto": true, "bsuid": true, "ext": true, "facebook": true, "fcm": true, "freshchat": true,
	"instagram": true, "jiochat": true, "line": true, "rocketchat": true, "slack": true, "telegram": true, "twitterid": true,
	"twitter": true, "viber": true, "vk": true, "wechat": true, "webchat": true, "whatsapp": true}

// rpParseHeader is ContactImport._parse_header: "Field: Foo" -> ("field", "Foo").
func rpParseHeader(h string) (prefix, name string) {
	p, n, ok := strings.Cut(h, ":")
	if !ok {
		return "", strings.TrimSpace(h)
	}
	return strings.ToLower(strings.TrimSpace(p)), strings.TrimSpace(n)
}

var rpNonKey = regexp.MustCompile(`[^a-z0-9]+`)

// rpMakeKey is ContactField.make_key.
func rpMakeKey(name string) string {
	k := rpNonKey.ReplaceAllString(strings.ToLower(name), " ")
	return rpNonKey.ReplaceAllString(strings.TrimSpace(k), "_")
}

// rpValidKey is ContactField.is_valid_key (MAX_KEY_LEN 36, RESERVED_KEYS).
func rpValidKey(k string) bool {
	reserved := map[string]bool{"has": true, "is": true, "fields": true, "urns": true, "created_on": true, "last_seen_on": true}
	return regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(k) && !reserved[k] && len(k) <= 36
}

// rpMappings is ContactImport._auto_mappings and _validate_mappings.
func rpMappings(headers []string) ([]rpMapping, error) {
	var out []rpMapping
	hasURN := false
	for _, h := range headers {
		prefix, name := rpParseHeader(h)
		m := rpMapping{Kind: "ignore"}
		switch {
		case prefix == "":
			a := strings.TrimPrefix(strings.ToLower(name), "contact ")
			if a == "uuid" || a == "name" || a == "language" || a == "status" {
				m = rpMapping{"attribute", a}
			}
		case prefix == "urn" && name != "":
			m = rpMapping{"scheme", strings.ToLower(name)}
			if !rpSchemes[m.Name] {
				return nil, fmt.Errorf("Header '%s' is not a valid URN type.", h)
			}
			hasURN = true
		case prefix == "field" && name != "":
			m = rpMapping{"field", rpMakeKey(name)}
			if !rpValidKey(m.Name) {
				return nil, fmt.Errorf("Header '%s' is not a valid field name.", h)
			}
		}
		out = append(out, m)
	}
	if !hasURN {
		return nil, fmt.Errorf("Import files must contain either UUID or a URN header.")
	}
	return out, nil
}

// rpParseValue is ContactImport._parse_value on what openpyxl gives for a
// cell: strings stripped; numbers as Python's str() writes an int or a
// float (2135550142.0); dates are refused here (the export writes none).
func rpParseValue(raw, typ string) (string, error) {
	switch typ {
	case "inlineStr", "s", "str", "":
		if typ == "" && raw != "" { // no type: a number
			return rpNumber(raw)
		}
		return strings.TrimSpace(raw), nil
	case "n":
		return rpNumber(raw)
	}
	return "", fmt.Errorf("a cell of type %q", typ)
}

func rpNumber(raw string) (string, error) {
	if i, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return strconv.FormatInt(i, 10), nil
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return "", err
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0" // Python: str(2135550142.0) == "2135550142.0"
	}
	return s, nil
}

// rpEscape is ParsedURN's escape of # % ? in each part.
var rpEscape = strings.NewReplacer("#", "%23", "%", "%25", "?", "%3F")
var rpUnescape = strings.NewReplacer("%23", "#", "%25", "%", "%3F", "?")

// rpFromParts is URN.from_parts(scheme, path).
func rpFromParts(scheme, path string) (string, error) {
	if !rpSchemes[scheme] {
		return "", fmt.Errorf("Invalid scheme component: '%s'", scheme)
	}
	if path == "" {
		return "", fmt.Errorf("Invalid path component: '%s'", path)
	}
	return rpEscape.Replace(scheme) + ":" + rpEscape.Replace(path), nil
}

// rpToParts is URN.to_parts with parse_urn: scheme up to the first ':',
// then the path up to '?' or '#' (query and fragment are not used here).
func rpToParts(urn string) (scheme, path string, err error) {
	s, rest, ok := strings.Cut(urn, ":")
	if !ok || s == "" {
		return "", "", fmt.Errorf("URN strings must contain scheme and path components")
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" {
		return "", "", fmt.Errorf("path cannot be empty")
	}
	scheme, path = rpUnescape.Replace(s), rpUnescape.Replace(rest)
	if !rpSchemes[scheme] {
		return "", "", fmt.Errorf("URN contains an invalid scheme component: '%s'", scheme)
	}
	return scheme, path, nil
}

// rpNormalize is URN.normalize for the schemes the export writes (tel).
func rpNormalize(urn, country string) (string, error) {
	scheme, path, err := rpToParts(urn)
	if err != nil {
		return "", err
	}
	path = strings.TrimSpace(path)
	if scheme == "tel" {
		path = rpNormalizeNumber(path, country)
	}
	return rpFromParts(scheme, path)
}

var rpNonAlnum = regexp.MustCompile(`[^0-9a-z]`)

// rpNormalizeNumber is URN.normalize_number.
func rpNormalizeNumber(number, country string) string {
	number = strings.TrimSpace(number)
	n := strings.ToLower(number)
	if strings.HasSuffix(n, "e+11") || strings.HasSuffix(n, "e+12") { // Excel's scientific notation
		n = strings.ReplaceAll(n[:len(n)-4], ".", "")
	}
	n = rpNonAlnum.ReplaceAllString(n, "")
	parseAs := n
	if strings.HasPrefix(number, "+") || (len(n) >= 11 && !strings.HasPrefix(n, "0")) {
		parseAs = "+" + n
	}
	e164, err := rpParseNumber(parseAs, country)
	if err != nil {
		return n // "not a possible number, just return what we have minus the +"
	}
	return e164
}

// rpKeypad is how phonenumbers reads the letters of a vanity number.
var rpKeypad = strings.NewReplacer("a", "2", "b", "2", "c", "2", "d", "3", "e", "3", "f", "3", "g", "4", "h", "4", "i", "4",
	"j", "5", "k", "5", "l", "5", "m", "6", "n", "6", "o", "6", "p", "7", "q", "7", "r", "7", "s", "7", "t", "8", "u", "8",
	"v", "8", "w", "9", "x", "9", "y", "9", "z", "9")

// rpParseNumber is parse_number (temba/utils/urns/urns.py):
// phonenumbers.parse(s, country), then is_possible_number_with_reason must
// say IS_POSSIBLE (local-only lengths refused), and the E.164 form is
// returned. Restated for the North American plan only (country code 1,
// region US), the plan of every number in these fixtures: a possible
// number there has a national number of exactly 10 digits.
func rpParseNumber(s, country string) (string, error) {
	s = rpKeypad.Replace(strings.ToLower(s))
	var national string
	switch {
	case strings.HasPrefix(s, "+1"):
		national = s[2:]
	case strings.HasPrefix(s, "+"):
		return "", fmt.Errorf("%s: not a North American number (outside this restatement)", s)
	case country == "US":
		national = strings.TrimPrefix(s, "1") // the national prefix
	default:
		return "", fmt.Errorf("unable to parse number")
	}
	if !regexp.MustCompile(`^[0-9]{10}$`).MatchString(national) {
		return "", fmt.Errorf("not a possible number")
	}
	return "+1" + national, nil
}

// rpValidate is URN.validate for tel: the path parses as a number.
func rpValidate(urn, country string) bool {
	scheme, path, err := rpToParts(urn)
	if err != nil || scheme != "tel" {
		return false
	}
	_, err = rpParseNumber(path, country)
	return err == nil
}

// rapidProImport reads the workbook at path as RapidPro's contact import
// does, with the org's country, and returns the contact specs; a file
// RapidPro would refuse fails the test. It also checks what other readers
// rely on: the sheet's declared dimension, and no cell that starts with a
// stray apostrophe or holds a formula.
func rapidProImport(t *testing.T, path, country string) []rpSpec {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	xlsxtest.CheckDimensions(t, raw)
	types := map[string]string{}
	for _, s := range xlsxtest.RawSheets(t, raw) {
		for _, c := range s.Cells {
			if c.Formula {
				t.Errorf("%s: %s holds a formula", path, c.Ref)
			}
			types[c.Ref] = c.Type
		}
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("Import file appears to be corrupted: %v", err)
	}
	defer x.Close()
	sheet := x.GetSheetName(x.GetActiveSheetIndex()) // workbook.active
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: Import file appears to be empty.", path)
	}
	headers := make([]string, len(rows[0]))
	for i, h := range rows[0] {
		headers[i] = strings.TrimSpace(h)
	}
	for len(headers) > 0 && headers[len(headers)-1] == "" {
		headers = headers[:len(headers)-1]
	}
	for _, h := range headers {
		if h == "" {
			t.Fatalf("%s: Import file contains an empty header.", path)
		}
	}
	mappings, err := rpMappings(headers)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	var specs []rpSpec
	for i, r := range rows[1:] {
		rowNum := i + 2
		spec := rpSpec{Row: rowNum, Fields: map[string]string{}}
		for col, m := range mappings {
			raw := ""
			if col < len(r) {
				raw = r[col]
			}
			ref, _ := excelize.CoordinatesToCellName(col+1, rowNum)
			if strings.HasPrefix(raw, "'") {
				t.Errorf("%s %s: %q starts with a stray apostrophe (a string cell is never a formula; the apostrophe would be sent as text)", path, ref, raw)
			}
			value, err := rpParseValue(raw, types[ref])
			if err != nil {
				t.Fatalf("%s %s: %v", path, ref, err)
			}
			if value == "" { // blank values leave the contact's value unchanged
				continue
			}
			if value == "--" { // EXPLICIT_CLEAR
				value = ""
			}
			switch m.Kind {
			case "attribute":
				if m.Name == "uuid" || m.Name == "language" || m.Name == "status" {
					value = strings.ToLower(value)
				}
				switch m.Name {
				case "name":
					spec.Name = value
				case "language":
					spec.Language = value
				}
			case "scheme":
				urn, err := rpFromParts(m.Name, value)
				if err != nil {
					t.Fatalf("%s %s: %v", path, ref, err)
				}
				if norm, err := rpNormalize(urn, country); err == nil {
					urn = norm
				}
				spec.URNs = append(spec.URNs, urn)
			case "field":
				spec.Fields[m.Name] = value
			}
		}
		if len(spec.URNs) == 0 { // not an importable record
			continue
		}
		for _, u := range spec.URNs {
			if seen[u] {
				t.Fatalf("%s: Import file contains duplicated contact URN '%s' on row %d.", path, u, rowNum)
			}
			seen[u] = true
		}
		specs = append(specs, spec)
	}
	if len(specs) == 0 {
		t.Fatalf("%s: Import file doesn't contain any records.", path)
	}
	if len(specs) > rpMaxRecords {
		t.Fatalf("%s: Import files can contain a maximum of %d records.", path, rpMaxRecords)
	}
	return specs
}

// checkSpecs asserts what the reminder system needs of every contact: one
// valid E.164 tel URN and a language of ISO 639-3's shape (or none).
func checkSpecs(t *testing.T, name string, specs []rpSpec) {
	t.Helper()
	e164 := regexp.MustCompile(`^tel:\+1[2-9][0-9]{2}[0-9]{7}$`)
	lang := regexp.MustCompile(`^[a-z]{3}$`)
	bad := 0
	for _, s := range specs {
		if len(s.URNs) != 1 || !rpValidate(s.URNs[0], "US") || !e164.MatchString(s.URNs[0]) {
			if bad++; bad <= 5 {
				t.Errorf("%s row %d: URNs %q: not one valid E.164 tel URN", name, s.Row, s.URNs)
			}
		}
		if s.Language != "" && !lang.MatchString(s.Language) {
			t.Errorf("%s row %d: language %q is not an ISO 639-3 code", name, s.Row, s.Language)
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d contacts have no usable phone number", name, bad, len(specs))
	}
}

// TestRapidProImportsEveryPhone puts a real exported workbook through
// RapidPro's import rules: every contact gets a valid E.164 tel URN (the
// participant's own phone), names and fields come back exactly as stored
// (formula-like ones included, no apostrophe), the sheet declares the
// range it fills, and households sharing a phone are one contact.
func TestRapidProImportsEveryPhone(t *testing.T) {
	f := newFixture(t)
	e := f.env
	names := [][2]string{{"+Plus", "-Minus"}, {"=cmd", "Ortiz"}, {"@x", "Lee"}, {"Inés", "O'Brien"}, {"\tTab", "=1+1"}}
	want := map[string]app.Participant{}
	for i, n := range names {
		p, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "P", LastName: "Q",
			Phone: fmt.Sprintf("(747) 555-01%02d", i), Language: "es", Consent: app.Consent{Given: true}})
		if err != nil {
			t.Fatal(err)
		}
		err = e.Store.Update(e.Ctx, func(tx app.Tx) error { // as an import or an older version might have stored them
			q, err := tx.Participant(e.Ctx, p.ID)
			if err != nil {
				return err
			}
			q.FirstName, q.LastName = n[0], n[1]
			return tx.UpdateParticipant(e.Ctx, &q)
		})
		if err != nil {
			t.Fatal(err)
		}
		p.FirstName, p.LastName = n[0], n[1]
		want["tel:"+p.Phone] = p
	}
	for _, p := range []app.Participant{f.maria, f.jose, f.formula} {
		q, _ := e.Svc.Participant(e.Ctx, p.ID)
		want["tel:"+q.Phone] = q
	}
	dir := t.TempDir()
	res, err := export.Roster(director(e), e.Svc, export.Options{Dir: dir, Profile: app.ProfileRapidPro,
		From: la(2026, 3, 10, 0, 0), To: la(2026, 3, 31, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	specs := rapidProImport(t, filepath.Join(dir, export.ContactsFile(1)), "US")
	checkSpecs(t, export.ContactsFile(1), specs)
	if len(specs) != len(want) || res.Contacts != len(want) || res.Merged != 1 {
		t.Errorf("%d contacts imported (result %+v), want %d and Ana merged into María", len(specs), res, len(want))
	}
	for _, sp := range specs {
		p, ok := want[sp.URNs[0]]
		if !ok {
			t.Errorf("row %d: URN %s is no exported participant's phone", sp.Row, sp.URNs[0])
			continue
		}
		// RapidPro strips every value (_parse_value), so a name with a
		// leading tab comes back without it; nothing else changes.
		first, last := strings.TrimSpace(p.FirstName), strings.TrimSpace(p.LastName)
		if sp.Name != strings.TrimSpace(p.FirstName+" "+p.LastName) || sp.Fields["first_name"] != first || sp.Fields["last_name"] != last {
			t.Errorf("row %d: name %q, fields %q %q; want %q %q", sp.Row, sp.Name, sp.Fields["first_name"], sp.Fields["last_name"], first, last)
		}
		if sp.Language != export.Lang3(p.Language) {
			t.Errorf("row %d: language %q", sp.Row, sp.Language)
		}
	}
}

// TestImportRulesRefuseTheOldCells: the restated rules are not a rubber
// stamp: a cell "tel:+12135550142" under URN:Tel (what the workbook used
// to hold) gives RapidPro the invalid URN tel:tel12135550142, while the
// bare number, the number typed as people do and Excel's scientific notation all give
// tel:+12135550142.
func TestImportRulesRefuseTheOldCells(t *testing.T) {
	for cell, want := range map[string]string{
		"tel:+12135550142": "tel:tel12135550142",
		"+12135550142":     "tel:+12135550142",
		"(213) 555-0142":   "tel:+12135550142",
		" 2135550142 ":     "tel:+12135550142",
		"2.135550142e+12":  "tel:+12135550142",
	} {
		v, _ := rpParseValue(cell, "inlineStr")
		urn, err := rpFromParts("tel", v)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := rpNormalize(urn, "US"); err == nil {
			urn = n
		}
		if urn != want {
			t.Errorf("cell %q became %s, want %s", cell, urn, want)
		}
		if valid := rpValidate(urn, "US"); valid != (want == "tel:+12135550142") {
			t.Errorf("%s valid: %v", urn, valid)
		}
	}
	if v, _ := rpParseValue("2135550142", "n"); v != "2135550142" {
		t.Errorf("an integer cell reads %q", v)
	}
	if v, _ := rpParseValue("12135550142.0", "n"); v != "12135550142.0" {
		t.Errorf("a float cell reads %q", v)
	}
}
