package app

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// The recovery code is the way back in when no administrator can sign in:
// made at set-up, shown once, printed and kept in the director's safe, and
// stored only as an argon2id hash. frontdeskctl user reset-admin asks for
// it; nothing else about an account (a lockout, a forgotten password) opens
// that door.
const (
	// RecoveryCodeGroups and RecoveryCodeGroupLen shape a code: 5 groups
	// of 5 characters from RecoveryAlphabet (31 characters, so 25 of them
	// carry about 124 bits).
	RecoveryCodeGroups   = 5
	RecoveryCodeGroupLen = 5
	// RecoveryAlphabet leaves out the characters people misread: 0 and O,
	// 1, I and L.
	RecoveryAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	// MaxFailedRecoveries wrong codes in a row close the recovery path for
	// RecoveryLockout.
	MaxFailedRecoveries = 5
	RecoveryLockout     = time.Hour
)

// RecoveryDelay is how long a wrong recovery code waits before it is
// refused, so codes cannot be tried quickly even before the lockout.
var RecoveryDelay = time.Second

// settingRecovery is the setting that holds the recovery record.
const settingRecovery = "security.recovery_code"

// recoveryRecord is what the database keeps of the recovery code: its hash,
// when and by whom it was made, and the wrong tries since.
type recoveryRecord struct {
	Hash        string     `json:"hash"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   string     `json:"created_by"`
	Failed      int        `json:"failed,omitempty"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
}

// NewRecoveryCodeText returns a new random recovery code, such as
// "7K2QD-MZX9P-…", five groups joined by dashes.
func NewRecoveryCodeText() string {
	max := big.NewInt(int64(len(RecoveryAlphabet)))
	var b strings.Builder
	for g := 0; g < RecoveryCodeGroups; g++ {
		if g > 0 {
			b.WriteByte('-')
		}
		for i := 0; i < RecoveryCodeGroupLen; i++ {
			n, err := rand.Int(rand.Reader, max)
			if err != nil {
				panic("no randomness for a recovery code: " + err.Error())
			}
			b.WriteByte(RecoveryAlphabet[n.Int64()])
		}
	}
	return b.String()
}

// normalizeRecoveryCode reads a code as a person types it: any case, with
// or without dashes and spaces.
func normalizeRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != '-' && r != ' ' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hashRecoveryCode hashes a code the way passwords are hashed; the slow
// part, done outside any transaction.
func hashRecoveryCode(code string) string { return HashPassword(normalizeRecoveryCode(code)) }

// readRecovery returns the stored recovery record; ok is false when the
// database has none.
func readRecovery(ctx context.Context, tx Tx) (rec recoveryRecord, ok bool, err error) {
	v, err := tx.Setting(ctx, settingRecovery)
	if err != nil || v == "" {
		return rec, false, err
	}
	if err := json.Unmarshal([]byte(v), &rec); err != nil || rec.Hash == "" {
		return rec, false, Errorf(EInternal, "The stored recovery code is damaged: an administrator must make a new one with frontdeskctl user recovery-code.")
	}
	return rec, true, nil
}

// writeRecovery stores rec.
func writeRecovery(ctx context.Context, tx Tx, rec recoveryRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return tx.SetSetting(ctx, settingRecovery, string(b))
}

// NoRecoveryCodeWarning is said to administrators at sign-in while the
// database has no recovery code.
var NoRecoveryCodeWarning = Textf("There is no recovery code yet: without one, nobody can get back in if every administrator is locked out. Make one with frontdeskctl user recovery-code, print it and keep it in the director's safe.")

// HasRecoveryCode reports whether the database has a recovery code (made at
// set-up, or later with NewRecoveryCode). It says nothing more, so anyone
// may ask.
func (s *Service) HasRecoveryCode(ctx context.Context) (bool, error) {
	var ok bool
	err := s.store.View(ctx, func(tx Tx) (err error) {
		_, ok, err = readRecovery(ctx, tx)
		return err
	})
	return ok, err
}

// NewRecoveryCode replaces the recovery code with a new one and returns it,
// to be shown once and printed (administrators; audited). The old code
// stops working.
func (s *Service) NewRecoveryCode(ctx context.Context) (string, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return "", err
	}
	code := NewRecoveryCodeText()
	hash := hashRecoveryCode(code)
	err = s.store.Update(ctx, func(tx Tx) error {
		_, had, err := readRecovery(ctx, tx)
		if err != nil && ErrorCode(err) != EInternal {
			return err
		}
		if err := writeRecovery(ctx, tx, recoveryRecord{Hash: hash, CreatedAt: s.now().UTC(), CreatedBy: a.Username}); err != nil {
			return err
		}
		detail := "first recovery code"
		if had {
			detail = "replaced the recovery code"
		}
		return tx.AppendAudit(ctx, s.audit(a, "recovery.create", "recovery_code", 0, detail))
	})
	if err != nil {
		return "", err
	}
	return code, nil
}

// Recovery is what RecoverAdministrator gives back: the administrator
// account, and the new recovery code that replaces the one just used (to
// be shown once and printed).
type Recovery struct {
	Staff Staff
	Code  string
}

// RecoverAdministrator is the way back in when no administrator can sign in
// (all locked, deactivated, forgotten): with the recovery code made at
// set-up, it gives username (an existing account, or a new one) the
// administrator role, a temporary password and an active, unlocked state,
// and replaces the recovery code with a new one. It is meant for
// frontdeskctl user reset-admin; by names who ran it (e.g. their
// operating-system user) in the audit record.
//
// A wrong code is audited, waits RecoveryDelay, and counts: after
// MaxFailedRecoveries in a row the recovery path is closed for
// RecoveryLockout, whatever code is given. A database without a recovery
// code refuses: an administrator must make one first.
func (s *Service) RecoverAdministrator(ctx context.Context, code, username, displayName, temporary, by string) (Recovery, error) {
	u, err := normalizeUsername(username)
	if err != nil {
		return Recovery{}, err
	}
	if err := CheckPasswordRules(u, temporary); err != nil {
		return Recovery{}, err
	}
	name := strings.TrimSpace(displayName)
	if name == "" {
		name = u
	}
	if name, err = cleanText("display name", name, MaxNameLen, true); err != nil {
		return Recovery{}, err
	}
	var rec recoveryRecord
	var has bool
	if err := s.store.View(ctx, func(tx Tx) (err error) {
		rec, has, err = readRecovery(ctx, tx)
		return err
	}); err != nil {
		return Recovery{}, err
	}
	if !has {
		return Recovery{}, Errorf(EForbidden, "This database has no recovery code, so reset-admin cannot be used. An administrator who can sign in must make one first: frontdeskctl user recovery-code --user NAME.")
	}
	// The slow hashing happens here, outside the write transaction.
	matches := CheckPassword(rec.Hash, normalizeRecoveryCode(code))
	var next, nextHash, pwHash string
	if matches {
		next = NewRecoveryCodeText()
		nextHash, pwHash = hashRecoveryCode(next), HashPassword(temporary)
	}
	runBy := "run by " + cleanAttempt(by)
	var st Staff
	var refusal error
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		cur, has, err := readRecovery(ctx, tx)
		if err != nil {
			return err
		}
		if !has || cur.Hash != rec.Hash {
			refusal = Errorf(EConflict, "The recovery code was replaced while this ran. Nothing was changed; use the newest printed code.")
			return nil
		}
		actor := Actor{Username: "reset-admin"}
		if cur.LockedUntil != nil && now.Before(*cur.LockedUntil) {
			refusal = Errorf(EForbidden, "Recovery is closed after %d wrong recovery codes. Try again in %d minutes.",
				MaxFailedRecoveries, int(cur.LockedUntil.Sub(now).Minutes())+1)
			return tx.AppendAudit(ctx, s.audit(actor, "recovery.refused", "recovery_code", 0, "locked; "+runBy))
		}
		if !matches {
			cur.Failed++
			detail := fmt.Sprintf("wrong code %d of %d; %s", cur.Failed, MaxFailedRecoveries, runBy)
			refusal = Errorf(EForbidden, "That recovery code is not right. Nothing was changed.")
			if cur.Failed >= MaxFailedRecoveries {
				until := now.Add(RecoveryLockout)
				cur.Failed, cur.LockedUntil = 0, &until
				detail += fmt.Sprintf("; recovery closed for %d minutes", int(RecoveryLockout.Minutes()))
				refusal = Errorf(EForbidden, "That recovery code is not right. After %d wrong codes, recovery is closed for %d minutes.",
					MaxFailedRecoveries, int(RecoveryLockout.Minutes()))
			}
			if err := writeRecovery(ctx, tx, cur); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, s.audit(actor, "recovery.failed", "recovery_code", 0, detail))
		}
		exp := now.Add(TemporaryPasswordTTL)
		st, err = tx.StaffByUsername(ctx, u)
		switch {
		case ErrorCode(err) == ENotFound:
			st = Staff{Username: u, DisplayName: name, Roles: []Role{RoleAdministrator}, Active: true, CreatedAt: now, CreatedBy: "reset-admin",
				TemporaryPassword: true, PasswordExpiresAt: &exp, PasswordChangedAt: now}
			if err := tx.CreateStaff(ctx, &st, pwHash); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if err := tx.SetPassword(ctx, st.ID, pwHash, now); err != nil {
				return err
			}
			st.Roles = appendRole(st.Roles, RoleAdministrator)
			st.Active, st.DeactivatedAt, st.DeactivatedBy = true, nil, ""
			st.TemporaryPassword, st.PasswordExpiresAt, st.PasswordChangedAt = true, &exp, now
			st.FailedAttempts, st.LockedUntil = 0, nil
			if err := tx.UpdateStaff(ctx, &st); err != nil {
				return err
			}
		}
		if err := writeRecovery(ctx, tx, recoveryRecord{Hash: nextHash, CreatedAt: now, CreatedBy: "reset-admin"}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(actor, "staff.reset_admin", "staff", st.ID, "recovery code used and replaced; "+runBy))
	})
	if err != nil {
		return Recovery{}, err
	}
	if refusal != nil {
		if !matches {
			time.Sleep(RecoveryDelay)
		}
		return Recovery{}, refusal
	}
	return Recovery{Staff: st, Code: next}, nil
}
