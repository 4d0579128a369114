package app

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// AuditLog returns audit records matching f, newest first (administrators).
func (s *Service) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	if _, err := require(ctx, RoleAdministrator); err != nil {
		return nil, err
	}
	// the records of the latest check-ins first (see Tx.RecordCheckIn);
	// a log that cannot be written to now (a read-only folder) is still
	// listed, without the records of the last moments
	_ = s.store.Update(ctx, func(tx Tx) error { return tx.SettleAudit(ctx) })
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
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return AuditCheck{}, err
	}
	var c AuditCheck
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SettleAudit(ctx); err != nil {
			return err
		}
		if c, err = tx.VerifyAudit(ctx); err != nil {
			return err
		}
		detail := "ok, " + strconv.Itoa(c.Rows) + " rows"
		switch {
		case c.KeyMissing:
			detail = "not checked: this computer does not hold the center's audit key signing from row " + strconv.FormatInt(c.FirstBadID, 10)
		case !c.OK:
			detail = "BROKEN at row " + strconv.FormatInt(c.FirstBadID, 10)
		case c.Held > 0:
			detail += "; " + strconv.Itoa(c.Held) + " records of desks without the center's key waiting"
		}
		return tx.AppendAudit(ctx, s.audit(a, "audit.verify", "audit", c.FirstBadID, detail))
	})
	return c, err
}

// CheckExport says, without recording anything, whether the actor may
// make an export, a backup or a print of personal data for role: it needs
// the role and current confidentiality and training dates (see
// RecordExport). Call it before writing anything.
func (s *Service) CheckExport(ctx context.Context, role Role) error {
	_, err := requireCurrent(ctx, role)
	return err
}

// RecordExport writes the audit record of an export, a backup or a print of
// personal data (what and how many rows, never the data; rows < 0: no
// count) for the role that may make it, and refuses anyone else, and anyone
// whose confidentiality or training date is missing or expired.
func (s *Service) RecordExport(ctx context.Context, role Role, action, what string, rows int) error {
	detail := ""
	if rows >= 0 {
		detail = strconv.Itoa(rows) + " rows"
	}
	return s.recordExport(ctx, role, action, what, detail)
}

// RecordBackup writes the audit record of a backup of the whole database
// into the file at path (named in the record), for current administrators
// only, as RecordExport does.
func (s *Service) RecordBackup(ctx context.Context, path string) error {
	return s.recordExport(ctx, RoleAdministrator, "backup.create", "database", "to "+path)
}

// recordExport is RecordExport with the record's detail.
func (s *Service) recordExport(ctx context.Context, role Role, action, what, detail string) error {
	a, err := requireCurrent(ctx, role)
	if err != nil {
		return err
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
	// ScanSounds plays a short sound for each answer at the check-in desk
	// (checked in, look again, problem). On by default.
	ScanSounds bool
	// CapacityLimit says what a full event does at the desk: CapacitySoft
	// warns ("Room full: 41 of 40") and checks the person in,
	// CapacityHard refuses and records nothing.
	CapacityLimit CapacityLimit
}

// CapacityLimit is how an event's capacity is enforced at check-in.
type CapacityLimit string

// Capacity limits.
const (
	CapacitySoft CapacityLimit = "soft" // warn, but check in
	CapacityHard CapacityLimit = "hard" // refuse: nothing recorded
)

// DefaultSettings are used until an administrator changes them.
var DefaultSettings = Settings{AutoLockMinutes: 5, ScanSounds: true, CapacityLimit: CapacitySoft}

const (
	settingAutoLock      = "auto_lock_minutes"
	settingSheetContacts = "sheet_contact_columns"
	settingScanSounds    = "scan_sounds"
	settingCapacity      = SettingCapacityLimit
)

// SettingCapacityLimit is the key of the stored capacity limit
// (CapacityLimit): a store reads it with the event at the desk
// (EventAtDesk.LimitSetting).
const SettingCapacityLimit = "capacity_limit"

// capacityLimit reads the stored capacity_limit setting (soft unless hard).
func capacityLimit(v string) CapacityLimit {
	if CapacityLimit(v) == CapacityHard {
		return CapacityHard
	}
	return CapacitySoft
}

// loadSettings reads the settings inside a transaction, defaults filled in.
func loadSettings(ctx context.Context, tx Tx) (Settings, error) {
	out := DefaultSettings
	for _, k := range []string{settingAutoLock, settingSheetContacts, settingScanSounds, settingCapacity} {
		v, err := tx.Setting(ctx, k)
		if err != nil {
			return out, err
		}
		if v == "" {
			continue
		}
		switch k {
		case settingAutoLock:
			if n, perr := strconv.Atoi(v); perr == nil {
				out.AutoLockMinutes = n
			}
		case settingSheetContacts:
			out.SheetContactColumns = v == "1"
		case settingScanSounds:
			out.ScanSounds = v == "1"
		case settingCapacity:
			out.CapacityLimit = capacityLimit(v)
		}
	}
	return out, nil
}

// Settings returns the current settings (anyone signed in).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return Settings{}, Errorf(EForbidden, "Please sign in first.")
	}
	var out Settings
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = loadSettings(ctx, tx)
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
	switch st.CapacityLimit {
	case "":
		st.CapacityLimit = CapacitySoft
	case CapacitySoft, CapacityHard:
	default:
		return FieldErrorf("capacity limit", "must be %q or %q, not %q", CapacitySoft, CapacityHard, st.CapacityLimit)
	}
	kv := [][2]string{
		{settingAutoLock, strconv.Itoa(st.AutoLockMinutes)},
		{settingSheetContacts, flag01(st.SheetContactColumns)},
		{settingScanSounds, flag01(st.ScanSounds)},
		{settingCapacity, string(st.CapacityLimit)},
	}
	return s.store.Update(ctx, func(tx Tx) error {
		var detail []string
		for _, p := range kv {
			if err := tx.SetSetting(ctx, p[0], p[1]); err != nil {
				return err
			}
			detail = append(detail, p[0]+"="+p[1])
		}
		return tx.AppendAudit(ctx, s.audit(a, "settings.change", "settings", 0, strings.Join(detail, " ")))
	})
}

// flag01 is how a yes/no setting is stored: "1" or "0".
func flag01(b bool) string {
	if b {
		return "1"
	}
	return "0"
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
