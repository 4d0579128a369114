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
}

// RowError is a problem with one row of an import.
type RowError struct {
	Line    int
	Field   string // "phone", "email", ... or empty
	Message string
}

// String returns "row 7: phone: ...".
func (e RowError) String() string {
	if e.Field == "" {
		return fmt.Sprintf("row %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("row %d: %s: %s", e.Line, e.Field, e.Message)
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
// The import is one transaction: without opts.SkipInvalid a single bad row
// means nothing is saved, and the error is an EInvalid *Error saying how many
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

	var rep ImportReport
	rolledBack := false
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Site(ctx, siteID); err != nil {
			return err
		}
		rep = ImportReport{Errors: slices.Clone(bad)}
		seen := map[int64]bool{} // participants created or updated by this import
		for i, ir := range good {
			if i%500 == 0 {
				if err := ctx.Err(); err != nil {
					return Errorf(EInternal, "import cancelled: %v", err)
				}
				if opts.Progress != nil {
					opts.Progress(len(bad)+i, len(rows))
				}
			}
			outcome, rerr, err := s.importOne(ctx, tx, a, method, ir, seen)
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
		}
		slices.SortStableFunc(rep.Errors, func(x, y RowError) int { return x.Line - y.Line })
		if opts.Progress != nil {
			opts.Progress(len(rows), len(rows))
		}
		if len(rep.Errors) > 0 && !opts.SkipInvalid {
			rolledBack = true
			return errImportRolledBack
		}
		rep.Skipped = len(rep.Errors)
		detail := fmt.Sprintf("rows=%d created=%d updated=%d merged=%d skipped=%d consent_method=%s",
			len(rows), rep.Created, rep.Updated, rep.Merged, rep.Skipped, method)
		return tx.AppendAudit(ctx, s.audit(a, "participant.import", "site", siteID, detail))
	})
	if rolledBack && err != nil {
		first := rep.Errors[0]
		n := len(rep.Errors)
		what := fmt.Sprintf("%d rows have problems", n)
		if n == 1 {
			what = "1 row has a problem"
		}
		return ImportReport{Errors: rep.Errors}, Errorf(EInvalid, "%s, so nothing was imported. The first is %s. Fix the file, or import the other rows and skip the bad ones.", what, first)
	}
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// prepareImportRow checks one row on its own, with AddParticipant's rules.
// Consent needing a phone is checked later, on the record as it will be
// saved (an existing participant may already have the phone).
func prepareImportRow(line int, r ImportRow, siteID int64) (importRow, *RowError) {
	ir := importRow{line: line}
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
		return &RowError{Line: line, Field: e.Field, Message: e.Message}
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
