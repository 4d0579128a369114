package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// WIOATargets are a local area's negotiated levels of performance for one
// program year, entered by an administrator and shown beside the preview's
// rates. Rates are fractions (0.71 for 71%); zero means not entered.
type WIOATargets struct {
	ProgramYear  int     `json:"-"`
	EmploymentQ2 float64 `json:"employment_q2,omitempty"`
	EmploymentQ4 float64 `json:"employment_q4,omitempty"`
	MedianCents  int64   `json:"median_earnings_cents,omitempty"`
	Credential   float64 `json:"credential,omitempty"`
}

// Set reports whether any level is entered.
func (t WIOATargets) Set() bool {
	return t.EmploymentQ2 != 0 || t.EmploymentQ4 != 0 || t.MedianCents != 0 || t.Credential != 0
}

// wioaTargetsKey is the setting that holds program year py's targets.
func wioaTargetsKey(py int) string { return "wioa.targets." + strconv.Itoa(py) }

// maxTargetMedianCents bounds a median earnings target ($100,000 a quarter).
const maxTargetMedianCents = 10_000_000

// loadWIOATargets reads program year py's targets (none set: zero values).
func loadWIOATargets(ctx context.Context, tx Tx, py int) (WIOATargets, error) {
	t := WIOATargets{ProgramYear: py}
	v, err := tx.Setting(ctx, wioaTargetsKey(py))
	if err != nil || v == "" {
		return t, err
	}
	if err := json.Unmarshal([]byte(v), &t); err != nil {
		return WIOATargets{ProgramYear: py}, Errorf(EInternal, "The stored WIOA targets for PY %d are damaged (%v); enter them again.", py, err)
	}
	return t, nil
}

// WIOATargetsFor returns program year py's negotiated levels (directors and
// administrators).
func (s *Service) WIOATargetsFor(ctx context.Context, py int) (WIOATargets, error) {
	if _, err := requireAny(ctx, RoleDirector, RoleAdministrator); err != nil {
		return WIOATargets{}, err
	}
	if py < MinWIOAYear || py > MaxWIOAYear {
		return WIOATargets{}, FieldErrorf("year", "%d is not a year the preview covers (%d to %d).", py, MinWIOAYear, MaxWIOAYear)
	}
	var t WIOATargets
	err := s.store.View(ctx, func(tx Tx) (err error) {
		t, err = loadWIOATargets(ctx, tx, py)
		return err
	})
	return t, err
}

// SetWIOATargets records a program year's negotiated levels
// (administrators), audited with the old and new values.
func (s *Service) SetWIOATargets(ctx context.Context, t WIOATargets) error {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return err
	}
	if t.ProgramYear < MinWIOAYear || t.ProgramYear > MaxWIOAYear {
		return FieldErrorf("year", "%d is not a year the preview covers (%d to %d).", t.ProgramYear, MinWIOAYear, MaxWIOAYear)
	}
	for _, r := range []struct {
		field string
		v     float64
	}{{"employment rate, 2nd quarter", t.EmploymentQ2}, {"employment rate, 4th quarter", t.EmploymentQ4}, {"credential rate", t.Credential}} {
		if math.IsNaN(r.v) || r.v < 0 || r.v > 1 {
			return FieldErrorf(r.field, "A rate must be from 0%% to 100%%.")
		}
	}
	if t.MedianCents < 0 || t.MedianCents > maxTargetMedianCents {
		return FieldErrorf("median earnings", "Median earnings must be from $0 to $100,000 a quarter.")
	}
	b, err := json.Marshal(t)
	if err != nil {
		return Errorf(EInternal, "WIOA targets: %v", err)
	}
	return s.store.Update(ctx, func(tx Tx) error {
		old, err := loadWIOATargets(ctx, tx, t.ProgramYear)
		if err != nil && ErrorCode(err) != EInternal {
			return err
		}
		if err := tx.SetSetting(ctx, wioaTargetsKey(t.ProgramYear), string(b)); err != nil {
			return err
		}
		detail := fmt.Sprintf("PY %d: %s → %s", t.ProgramYear, old.describe(), t.describe())
		return tx.AppendAudit(ctx, s.audit(a, "wioa.targets", "settings", 0, detail))
	})
}

// describe writes the levels for the audit log.
func (t WIOATargets) describe() string {
	if !t.Set() {
		return "none"
	}
	return fmt.Sprintf("Q2 %s, Q4 %s, median $%s, credential %s", FormatPercent(t.EmploymentQ2), FormatPercent(t.EmploymentQ4),
		FormatEarnings(t.MedianCents), FormatPercent(t.Credential))
}
