package app

import (
	"context"
	"strconv"
	"time"
)

// AuditLog returns audit records matching f, newest first (administrators).
func (s *Service) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if _, err := require(ctx, RoleAdministrator); err != nil {
		return nil, err
	}
	var out []AuditEntry
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Audit(ctx, f)
		return err
	})
	return out, err
}

// VerifyAudit checks the audit log's hash chain and records that it did
// (administrators). A broken chain is reported in the AuditCheck, not as an
// error.
func (s *Service) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return AuditCheck{}, err
	}
	var c AuditCheck
	err = s.store.Update(ctx, func(tx Tx) error {
		if c, err = tx.VerifyAudit(ctx); err != nil {
			return err
		}
		detail := "ok, " + strconv.Itoa(c.Rows) + " rows"
		if !c.OK {
			detail = "BROKEN at row " + strconv.FormatInt(c.FirstBadID, 10)
		}
		return tx.AppendAudit(ctx, s.audit(a, "audit.verify", "audit", c.FirstBadID, detail))
	})
	return c, err
}

// RecordExport writes the audit record of an export, a backup or a print of
// personal data (what and how many rows, never the data; rows < 0: no
// count) for the role that may make it, and refuses anyone else.
func (s *Service) RecordExport(ctx context.Context, role Role, action, what string, rows int) error {
	a, err := require(ctx, role)
	if err != nil {
		return err
	}
	detail := ""
	if rows >= 0 {
		detail = strconv.Itoa(rows) + " rows"
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, action, what, 0, detail))
	})
}

// RecordCardPrint records the printing of a participant's card (front desk),
// and refuses anyone else.
func (s *Service) RecordCardPrint(ctx context.Context, participantID int64) error {
	a, err := require(ctx, RoleFrontDesk)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "card.print", "participant", participantID, ""))
	})
}

// Settings are the site-wide options an administrator sets.
type Settings struct {
	// AutoLockMinutes locks a shared desk after this many idle minutes
	// (0: never).
	AutoLockMinutes int
	// SheetContactColumns prints participants' phones and emails on
	// pre-filled sign-in sheets. Off by default: a sheet lies on a table
	// for everyone to read, so it shows names only unless a site opts in.
	SheetContactColumns bool
}

// DefaultSettings are used until an administrator changes them.
var DefaultSettings = Settings{AutoLockMinutes: 5}

const (
	settingAutoLock      = "auto_lock_minutes"
	settingSheetContacts = "sheet_contact_columns"
)

// Settings returns the current settings (anyone signed in).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return Settings{}, Errorf(EForbidden, "Please sign in first.")
	}
	out := DefaultSettings
	err := s.store.View(ctx, func(tx Tx) error {
		v, err := tx.Setting(ctx, settingAutoLock)
		if err == nil && v != "" {
			if n, perr := strconv.Atoi(v); perr == nil {
				out.AutoLockMinutes = n
			}
		}
		if err != nil {
			return err
		}
		v, err = tx.Setting(ctx, settingSheetContacts)
		if v != "" {
			out.SheetContactColumns = v == "1"
		}
		return err
	})
	return out, err
}

// SetSettings saves the settings (administrators; audited).
func (s *Service) SetSettings(ctx context.Context, st Settings) error {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return err
	}
	if st.AutoLockMinutes < 0 || st.AutoLockMinutes > 240 {
		return FieldErrorf("auto-lock minutes", "must be between 0 (never) and 240")
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SetSetting(ctx, settingAutoLock, strconv.Itoa(st.AutoLockMinutes)); err != nil {
			return err
		}
		contacts := "0"
		if st.SheetContactColumns {
			contacts = "1"
		}
		if err := tx.SetSetting(ctx, settingSheetContacts, contacts); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "settings.change", "settings", 0,
			settingAutoLock+"="+strconv.Itoa(st.AutoLockMinutes)+" "+settingSheetContacts+"="+contacts))
	})
}

// AutoLockAfter is the idle time after which a desk locks (0: never).
func (st Settings) AutoLockAfter() time.Duration {
	return time.Duration(st.AutoLockMinutes) * time.Minute
}

// Kit print actions recorded by RecordKitPrint.
const (
	ActionPrintLabels    = "print.kit_labels"
	ActionPrintAgreement = "print.loan_agreement"
	ActionPrintKitList   = "print.kit_list"
)

// RecordKitPrint records the printing of kit labels, a loan agreement or a
// kit list (kit circulation role): the action, what it was about (e.g. a
// loan id) and how many items, never personal data.
func (s *Service) RecordKitPrint(ctx context.Context, action string, ref int64, items int) error {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return err
	}
	switch action {
	case ActionPrintLabels, ActionPrintAgreement, ActionPrintKitList:
	default:
		return FieldErrorf("action", "%q is not a kit print", action)
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, action, "kit", ref, strconv.Itoa(items)+" items"))
	})
}
