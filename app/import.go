package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// MaxImportRows is the most rows one import may hold.
const MaxImportRows = 200_000

// ImportRow is one participant row of an imported spreadsheet, as read (see
// package app/importer, whose Row it mirrors): trimmed, not yet checked.
type ImportRow struct {
	// Line is the spreadsheet row number, used in error reports; 0 stands
	// for the row's position in the list (1-based).
	Line          int
	First, Last   string
	Phone, Email  string
	Language, ZIP string
	CalJOBS       string
	Consent       bool
	ConsentErr    string // a consent cell that was neither yes nor no
	// PhoneErr explains a phone cell that cannot be read as a number, such
	// as one a spreadsheet shows in scientific notation with digits lost
	// ("2.13555E+09"); Phone is then empty.
	PhoneErr string
}

// ImportColumn is one column of an imported spreadsheet's header row.
type ImportColumn struct {
	Column string `json:"column"` // the column's letter as the spreadsheet shows it: "A", "B", …, "AA"
	Header string `json:"header"` // the header cell as written
	// Field is what the column was read as ("first name", "phone", …);
	// empty for a column that was ignored.
	Field string `json:"field,omitempty"`
}

// String returns `C "Teléfono / Phone" (phone)`, or without the field for
// an ignored column.
func (c ImportColumn) String() string {
	if c.Field == "" {
		return fmt.Sprintf("%s %q", c.Column, c.Header)
	}
	return fmt.Sprintf("%s %q (%s)", c.Column, c.Header, c.Field)
}

// ImportLayout says where in a spreadsheet an import's rows came from: the
// header row and which columns were used and which ignored.
type ImportLayout struct {
	// HeaderLine is the spreadsheet row number of the header (rows above it,
	// such as titles and blank rows, were skipped); 0 when not known.
	HeaderLine int            `json:"header_row"`
	Used       []ImportColumn `json:"columns_used"`    // in column order
	Ignored    []ImportColumn `json:"columns_ignored"` // in column order
}

// Lines describes the layout for a person, one line each: the header row,
// the columns used (with what each was read as), the columns ignored.
func (l ImportLayout) Lines() []string {
	var out []string
	if l.HeaderLine > 0 {
		out = append(out, fmt.Sprintf("Header: row %d", l.HeaderLine))
	}
	list := func(cols []ImportColumn) string {
		s := make([]string, len(cols))
		for i, c := range cols {
			s[i] = c.String()
		}
		return strings.Join(s, ", ")
	}
	if len(l.Used) > 0 {
		out = append(out, "Columns used: "+list(l.Used))
	}
	if len(l.Ignored) > 0 {
		out = append(out, "Columns ignored: "+list(l.Ignored))
	}
	return out
}

// ImportOptions tunes ImportParticipants.
type ImportOptions struct {
	// SkipInvalid imports the valid rows and reports the bad ones; without
	// it, one bad row stops the whole import and nothing is saved.
	SkipInvalid bool
	// ConsentMethod records how the consent of rows saying yes was given
	// (ConsentPaper, ConsentVerbal, ConsentKiosk, ConsentImport); empty means
	// ConsentImport.
	ConsentMethod string
	// Progress, when set, is called now and then with the rows done so far
	// and the total, on the calling goroutine, while the import's
	// transaction is open: it must not call back into the Service.
	Progress func(done, total int)
	// Layout describes the spreadsheet the rows were read from (see
	// importer.Table.Layout); it is passed back in ImportReport.Layout.
	Layout ImportLayout
}

// ImportReport says what an import did. Created+Updated+Merged+Skipped is the
// number of rows given when the import was committed; when it was not, the
// counts are zero and Errors says why.
type ImportReport struct {
	Created int // new participants
	Updated int // existing participants (same email, or same phone and first name) filled in from a row
	Merged  int // rows repeating a person already imported or updated from an earlier row of the file
	Skipped int // bad rows left out (SkipInvalid)
	// Errors lists every bad row, in row order.
	Errors []RowError
	// Layout is ImportOptions.Layout: the header row and the columns used
	// and ignored, reported whether or not the import was committed.
	Layout ImportLayout
}

// RowError is a problem with one row of an import.
type RowError struct {
	Line    int
	Field   string // "phone", "email", ... or empty
	Message string
	// Err is the *Error Message came from, if any; a Catalog translates
	// the row's message through it.
	Err *Error
}

// newRowError returns a RowError about one field ("" for none) of row
// line, its message kept for a Catalog to translate.
func newRowError(line int, field, format string, args ...any) *RowError {
	e := FieldErrorf(field, format, args...)
	return &RowError{Line: line, Field: field, Message: e.Message, Err: e}
}

// String returns "row 7: phone: ...".
func (e RowError) String() string { return e.messageIn(nil) }

// messageIn says the row's problem in c's language.
func (e RowError) messageIn(c *Catalog) string {
	msg := c.text(e.Message)
	if e.Err != nil && e.Err.Format != "" {
		msg = c.format(e.Err.Format, e.Err.Args)
	}
	if e.Field == "" {
		return c.format("row %d: %s", []any{e.Line, msg})
	}
	return c.format("row %d: %s: %s", []any{e.Line, c.field(e.Field), msg})
}

// Error makes a RowError usable as an error; it returns String().
func (e RowError) Error() string { return e.String() }

// importRow is a row that passed validation on its own.
type importRow struct {
	line int
	p    Participant // validated; consent not yet stamped
	has  struct{ phone, email, language, zip, caljobs bool }
}

// errImportRolledBack rolls back an import that had bad rows without
// SkipInvalid. It is an *Error so that stores pass it through unchanged.
var errImportRolledBack = &Error{Code: EInvalid, Message: "import rolled back"}

// ImportParticipants adds or updates participants from spreadsheet rows at
// site siteID (front desk). Every row is checked like AddParticipant checks a
// new participant. A row naming someone already registered — same email, or
// same phone and first name (see FindTwin), including someone an earlier row
// of the same file added — fills in that person's record with the fields the
// row gives instead of creating a twin; fields the row leaves blank are kept,
// the site and status are kept, names that differ only in accents or case are
// kept as stored, and consent is added but never withdrawn.
//
// The import is all-or-nothing (written in short transactions that no one
// sees until one last transaction publishes them): without
// opts.SkipInvalid a single bad row means nothing is saved, and the error is an EInvalid *Error saying how many
// rows are bad and which is first; the report lists them all either way. One
// audit record, with counts only, records a committed import.
func (s *Service) ImportParticipants(ctx context.Context, siteID int64, rows []ImportRow, opts ImportOptions) (ImportReport, error) {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return ImportReport{}, err
	}
	if siteID == 0 {
		return ImportReport{}, FieldErrorf("site", "is required")
	}
	method := opts.ConsentMethod
	switch method {
	case "":
		method = ConsentImport
	case ConsentImport, ConsentPaper, ConsentVerbal, ConsentKiosk:
	default:
		return ImportReport{}, FieldErrorf("consent method", "%q is not a way consent is recorded", truncate(method, 20))
	}
	if len(rows) > MaxImportRows {
		return ImportReport{}, Errorf(EInvalid, "%d rows are more than one import may hold (%d). Please split the file.", len(rows), MaxImportRows)
	}

	var bad []RowError
	good := make([]importRow, 0, len(rows))
	for i, r := range rows {
		line := r.Line
		if line == 0 {
			line = i + 1
		}
		ir, rerr := prepareImportRow(line, r, siteID)
		if rerr != nil {
			bad = append(bad, *rerr)
			continue
		}
		good = append(good, ir)
	}

	// The rows are written in short transactions, invisible until the
	// import is published in one more, so desks and other programs wait
	// at most one chunk for the write lock (see Store.BeginStaged).
	id, abandon, err := s.beginStaged(ctx, siteID)
	if err != nil {
		return ImportReport{}, err
	}
	published := false
	defer abandon(&published)
	rep := ImportReport{Errors: slices.Clone(bad)}
	si := newStagedImport()
	seen := map[int64]bool{} // participants created or updated by this import
	err = s.inChunks(ctx, id, si, len(good), func(tx Tx, i int) error {
		if i%500 == 0 && opts.Progress != nil {
			opts.Progress(len(bad)+i, len(rows))
		}
		outcome, rerr, err := s.importOne(ctx, tx, a, method, good[i], seen)
		switch {
		case err != nil:
			return err
		case rerr != nil:
			rep.Errors = append(rep.Errors, *rerr)
		case outcome == importCreated:
			rep.Created++
		case outcome == importUpdated:
			rep.Updated++
		default:
			rep.Merged++
		}
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	slices.SortStableFunc(rep.Errors, func(x, y RowError) int { return x.Line - y.Line })
	if opts.Progress != nil {
		opts.Progress(len(rows), len(rows))
	}
	if len(rep.Errors) > 0 && !opts.SkipInvalid {
		return ImportReport{Errors: rep.Errors, Layout: opts.Layout}, importRolledBack(rep.Errors)
	}
	rep.Skipped = len(rep.Errors)
	err = s.store.PublishStaged(ctx, id, func(tx Tx) error {
		detail := fmt.Sprintf("rows=%d created=%d updated=%d merged=%d skipped=%d consent_method=%s",
			len(rows), rep.Created, rep.Updated, rep.Merged, rep.Skipped, method)
		return tx.AppendAudit(ctx, s.audit(a, "participant.import", "site", siteID, detail))
	})
	if err != nil {
		return ImportReport{}, err
	}
	published = true
	rep.Layout = opts.Layout
	return rep, nil
}

// maxBadRowsNamed is how many bad rows the error of a refused import names.
const maxBadRowsNamed = 20

// badRows names the rows of errs, once each: "rows 5, 7 and 9", or "rows 5,
// 7, … and 40 more".
func badRows(errs []RowError) string {
	var lines []string
	for _, e := range errs {
		l := fmt.Sprint(e.Line)
		if len(lines) == 0 || lines[len(lines)-1] != l {
			lines = append(lines, l)
		}
	}
	if len(lines) == 1 {
		return "row " + lines[0]
	}
	if len(lines) > maxBadRowsNamed {
		return fmt.Sprintf("rows %s and %d more", strings.Join(lines[:maxBadRowsNamed], ", "), len(lines)-maxBadRowsNamed)
	}
	return "rows " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
}

// prepareImportRow checks one row on its own, with AddParticipant's rules.
// Consent needing a phone is checked later, on the record as it will be
// saved (an existing participant may already have the phone).
func prepareImportRow(line int, r ImportRow, siteID int64) (importRow, *RowError) {
	ir := importRow{line: line}
	if r.PhoneErr != "" {
		return ir, &RowError{Line: line, Field: "phone", Message: r.PhoneErr}
	}
	if r.ConsentErr != "" {
		return ir, &RowError{Line: line, Field: "consent", Message: r.ConsentErr}
	}
	ir.p = Participant{SiteID: siteID, FirstName: r.First, LastName: r.Last, Phone: r.Phone, Email: r.Email,
		Language: r.Language, ZIP: r.ZIP, CalJOBSID: r.CalJOBS}
	if err := validateParticipant(&ir.p); err != nil {
		return ir, rowError(line, err)
	}
	ir.p.Consent.Given = r.Consent
	ir.has.phone, ir.has.email = ir.p.Phone != "", ir.p.Email != ""
	ir.has.language = strings.TrimSpace(r.Language) != ""
	ir.has.zip, ir.has.caljobs = ir.p.ZIP != "", ir.p.CalJOBSID != ""
	return ir, nil
}

// rowError turns a validation error into a RowError.
func rowError(line int, err error) *RowError {
	var e *Error
	if errors.As(err, &e) {
		return &RowError{Line: line, Field: e.Field, Message: e.Message, Err: e}
	}
	return &RowError{Line: line, Message: err.Error()}
}

// What importOne did with a row.
const (
	importCreated = iota
	importUpdated
	importMerged
)

// importOne creates or updates the participant of one row. It returns what
// it did, or a RowError for a row that cannot be saved, or err for a failure
// of the store.
func (s *Service) importOne(ctx context.Context, tx Tx, a Actor, method string, ir importRow, seen map[int64]bool) (outcome int, rerr *RowError, err error) {
	p := ir.p
	if p.Consent.Given {
		p.Consent.Method = method
	}
	twin, found, err := FindTwin(ctx, tx, &p)
	if err != nil {
		return 0, nil, err
	}
	if !found {
		// a new participant, checked and saved like AddParticipant does
		if err := validateParticipant(&p); err != nil {
			return 0, rowError(ir.line, err), nil
		}
		s.stampConsent(a, &p)
		if err := inheritOptOut(ctx, tx, &p); err != nil {
			return 0, nil, err
		}
		now := s.now().UTC()
		p.Code = NewCode(PrefixParticipant)
		p.CreatedAt, p.UpdatedAt = now, now
		if err := tx.CreateParticipant(ctx, &p); err != nil {
			return 0, nil, err
		}
		seen[p.ID] = true
		return importCreated, nil, nil
	}
	m := mergeImport(twin, ir, p)
	if err := validateParticipant(&m); err != nil {
		return 0, rowError(ir.line, err), nil
	}
	s.stampConsent(a, &m)
	// the filled-in record must not now be the twin of someone else
	if err := checkTwin(ctx, tx, &m); err != nil {
		if ErrorCode(err) == EConflict {
			re := rowError(ir.line, err)
			re.Message += " (this row matches two different participants; fix them by hand)"
			return 0, re, nil
		}
		return 0, nil, err
	}
	if err := inheritOptOut(ctx, tx, &m); err != nil {
		return 0, nil, err
	}
	if m != twin {
		m.UpdatedAt = s.now().UTC()
		if err := tx.UpdateParticipant(ctx, &m); err != nil {
			return 0, nil, err
		}
	}
	if seen[twin.ID] {
		return importMerged, nil, nil
	}
	seen[twin.ID] = true
	return importUpdated, nil, nil
}

// mergeImport fills in o, an existing participant, from row ir (validated as p).
func mergeImport(o Participant, ir importRow, p Participant) Participant {
	m := o
	if FoldName(o.FirstName) != FoldName(p.FirstName) {
		m.FirstName = p.FirstName
	}
	if FoldName(o.LastName) != FoldName(p.LastName) {
		m.LastName = p.LastName
	}
	if ir.has.phone {
		m.Phone = p.Phone
	}
	if ir.has.email {
		m.Email = p.Email
	}
	if ir.has.language {
		m.Language = p.Language
	}
	if ir.has.zip {
		m.ZIP = p.ZIP
	}
	if ir.has.caljobs {
		m.CalJOBSID = p.CalJOBSID
	}
	if p.Consent.Given && !o.Consent.Given {
		m.Consent = p.Consent
	}
	return m
}
