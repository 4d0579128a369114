package app

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// An opt-out (a participant replied STOP to a text reminder) is for good:
// once OptOutAt is set, nothing in Front Desk clears it. Editing the person,
// importing them again or recording their consent again keeps it, and a new
// record given a phone that already said STOP starts out opted out too (a
// STOP is about the phone: the reminder system would text the same number).
// Consent may still be recorded on an opted-out person, but MayText stays
// false: exports to the reminder system must leave them out.

// MayText reports whether reminders may be texted to p: consent given, a
// phone on record, and no STOP ever received.
func MayText(p Participant) bool {
	return p.Consent.Given && p.Phone != "" && p.OptOutAt == nil
}

// OptOutRow is one phone number of a STOP list, as read (see package
// app/importer): not yet checked.
type OptOutRow struct {
	// Line is the spreadsheet row number, used in reports; 0 stands for
	// the row's position in the list (1-based).
	Line  int
	Phone string
}

// OptOutMiss is a phone of a STOP list that no participant has.
type OptOutMiss struct {
	Line  int
	Phone string // E.164
}

// OptOutReport says what ImportOptOuts did.
type OptOutReport struct {
	Rows     int // rows given
	Phones   int // distinct valid phone numbers among them
	Repeated int // rows repeating a phone an earlier row gave
	// OptedOut counts the participants opted out by this import; Already
	// those who had opted out before (their first date and source are kept).
	OptedOut int
	Already  int
	// Unmatched lists the phones no participant has, in row order.
	Unmatched []OptOutMiss
	// Invalid lists the rows without a usable phone number, in row order.
	Invalid []RowError
	At      time.Time // the opt-out time given to those opted out now
}

// MaxOptOutSource is the longest source ImportOptOuts records.
const MaxOptOutSource = 100

// ImportOptOuts records a STOP list from the text-message reminder system
// (director): every participant with a listed phone — households share
// phones, so all of them — is marked opted out, at now and via source (for
// example "rapidpro file contacts.xlsx"). People already opted out keep their
// first date and source. siteID limits the import to one site's
// participants; 0 means every site (the reminder system is city-wide).
//
// Rows without a usable phone are reported in Invalid and phones that match
// nobody in Unmatched; the valid rows are recorded all the same (a STOP must
// not wait on a typo elsewhere in the file). Everything is one transaction
// with one audit record holding counts and masked phones only.
//
// The director role is asked for: directors send rosters to the reminder
// system and get its STOP list back.
func (s *Service) ImportOptOuts(ctx context.Context, siteID int64, rows []OptOutRow, source string) (OptOutReport, error) {
	a, err := require(ctx, RoleDirector)
	if err != nil {
		return OptOutReport{}, err
	}
	source = strings.Join(strings.Fields(source), " ")
	if source == "" {
		return OptOutReport{}, FieldErrorf("source", "say where the STOP list came from")
	}
	source = truncate(source, MaxOptOutSource)
	if len(rows) > MaxImportRows {
		return OptOutReport{}, Errorf(EInvalid, "%d rows are more than one import may hold (%d). Please split the file.", len(rows), MaxImportRows)
	}
	rep := OptOutReport{Rows: len(rows), At: s.now().UTC()}
	type phoneRow struct {
		line  int
		phone string
	}
	var phones []phoneRow
	seen := map[string]bool{}
	for i, r := range rows {
		line := r.Line
		if line == 0 {
			line = i + 1
		}
		raw := strings.TrimSpace(r.Phone)
		if raw == "" {
			rep.Invalid = append(rep.Invalid, RowError{Line: line, Field: "phone", Message: "no phone number"})
			continue
		}
		e164, err := NormalizePhone(raw)
		if err != nil {
			rep.Invalid = append(rep.Invalid, *rowError(line, err))
			rep.Invalid[len(rep.Invalid)-1].Field = "phone"
			continue
		}
		if seen[e164] {
			rep.Repeated++
			continue
		}
		seen[e164] = true
		phones = append(phones, phoneRow{line, e164})
	}
	rep.Phones = len(phones)

	err = s.store.Update(ctx, func(tx Tx) error {
		if siteID != 0 {
			if _, err := tx.Site(ctx, siteID); err != nil {
				return err
			}
		}
		rep.OptedOut, rep.Already, rep.Unmatched = 0, 0, nil
		for i, pr := range phones {
			if i%500 == 0 {
				if err := ctx.Err(); err != nil {
					return Errorf(EInternal, "opt-out import cancelled: %v", err)
				}
			}
			same, err := tx.ParticipantsByPhone(ctx, pr.phone)
			if err != nil {
				return err
			}
			matched := 0
			for _, p := range same {
				if siteID != 0 && p.SiteID != siteID {
					continue
				}
				matched++
				changed, err := tx.OptOutParticipant(ctx, p.ID, rep.At, source)
				if err != nil {
					return err
				}
				if changed {
					rep.OptedOut++
				} else {
					rep.Already++
				}
			}
			if matched == 0 {
				rep.Unmatched = append(rep.Unmatched, OptOutMiss{Line: pr.line, Phone: pr.phone})
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "participant.optout_import", "site", siteID, optOutAuditDetail(source, rep)))
	})
	if err != nil {
		return OptOutReport{}, err
	}
	return rep, nil
}

// optOutAuditDetail is the audit record of an opt-out import: counts, and the
// unmatched rows with their phones masked to the last four digits.
func optOutAuditDetail(source string, rep OptOutReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "source=%q rows=%d opted_out=%d already=%d unmatched=%d invalid=%d repeated=%d",
		source, rep.Rows, rep.OptedOut, rep.Already, len(rep.Unmatched), len(rep.Invalid), rep.Repeated)
	const maxListed = 20
	for i, m := range rep.Unmatched {
		switch {
		case i == 0:
			b.WriteString(" unmatched_rows=")
		case i == maxListed:
			fmt.Fprintf(&b, ",+%d more", len(rep.Unmatched)-maxListed)
		}
		if i >= maxListed {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d:%s", m.Line, MaskPhone(m.Phone))
	}
	return b.String()
}

// MaskPhone hides all but the last four digits of a phone ("…0142"), for
// audit records and logs.
func MaskPhone(phone string) string {
	var d []byte
	for i := 0; i < len(phone); i++ {
		if phone[i] >= '0' && phone[i] <= '9' {
			d = append(d, phone[i])
		}
	}
	if len(d) > 4 {
		d = d[len(d)-4:]
	}
	return "…" + string(d)
}

// inheritOptOut gives p, about to be saved, the opt-out of anyone else who
// has the same phone and said STOP (the earliest one), when p has none.
func inheritOptOut(ctx context.Context, tx Tx, p *Participant) error {
	if p.OptOutAt != nil || p.Phone == "" {
		return nil
	}
	same, err := tx.ParticipantsByPhone(ctx, p.Phone)
	if err != nil {
		return err
	}
	for _, o := range same {
		if o.OptOutAt != nil && (p.OptOutAt == nil || o.OptOutAt.Before(*p.OptOutAt)) {
			at := *o.OptOutAt
			p.OptOutAt, p.OptOutVia = &at, o.OptOutVia
		}
	}
	return nil
}
