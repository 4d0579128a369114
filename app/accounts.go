package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Session is a signed-in staff member.
type Session struct {
	Actor Actor
	Staff Staff
	// Warnings are said at sign-in: dates running out within 30 days or
	// already out.
	Warnings []Text
}

// NewStaff is what an administrator fills in to create an account.
type NewStaff struct {
	Username              string
	DisplayName           string
	Roles                 []Role
	Password              string // temporary, except for the first administrator
	ConfidentialitySigned *time.Time
	TrainingCompleted     *time.Time
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// normalizeUsername lower-cases and checks a username.
func normalizeUsername(u string) (string, error) {
	u = strings.ToLower(strings.TrimSpace(u))
	if !usernameRE.MatchString(u) {
		return "", FieldErrorf("username", "use 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit")
	}
	return u, nil
}

// cleanAttempt makes a typed username safe to record in the audit log.
func cleanAttempt(u string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(u)) {
		if r >= 0x20 && r != 0x7f && b.Len() < 40 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "(empty)"
	}
	return b.String()
}

// attemptName is what the audit log records of a username that matches no
// account: the text as typed when it has the shape of a username and is
// shorter than any password, else a short fingerprint that tells repeated
// attempts apart without keeping the text, so a password typed into the
// username field is never stored.
func attemptName(u string) string {
	c := cleanAttempt(u)
	if c == "(empty)" || (usernameRE.MatchString(c) && utf8.RuneCountInString(c) < MinPasswordLen) {
		return c
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(u)))
	return "(unknown " + hex.EncodeToString(sum[:2]) + ")"
}

// validDate checks a confidentiality or training date: not in the future,
// not absurdly old.
func validDate(field string, d *time.Time, now time.Time) (*time.Time, error) {
	if d == nil || d.IsZero() {
		return nil, nil
	}
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if day.After(now.UTC()) {
		return nil, FieldErrorf(field, "cannot be in the future")
	}
	if day.Before(now.UTC().AddDate(-5, 0, 0)) {
		return nil, FieldErrorf(field, "is more than five years ago")
	}
	return &day, nil
}

// dateStatus says whether a yearly date has run out at now, or runs out
// within DatesWarnBefore.
func dateStatus(what string, d *time.Time, now time.Time) (expired bool, warning Text) {
	if d == nil {
		return true, Textf("No %s is on record.", what)
	}
	end := DateExpires(*d)
	switch {
	case !now.Before(end):
		return true, Textf("Your %s ran out on %s.", what, end.Format("Jan 2, 2006"))
	case end.Sub(now) <= DatesWarnBefore:
		return false, Textf("Your %s runs out on %s: renew it before then.", what, end.Format("Jan 2, 2006"))
	}
	return false, Text{}
}

// HasStaff reports whether any staff account exists (before the first one,
// the app asks for it and acts as the local operator).
func (s *Service) HasStaff(ctx context.Context) (bool, error) {
	var n int
	err := s.store.View(ctx, func(tx Tx) error {
		all, err := tx.ListStaff(ctx)
		n = len(all)
		return err
	})
	return n > 0, err
}

// SignIn checks a username and password. Wrong passwords count towards a
// lockout (MaxFailedSignIns in a row lock the account for LockoutDuration);
// deactivated accounts, locked accounts and expired temporary passwords are
// refused. Every attempt is audited, and a refusal says no more than it
// must.
func (s *Service) SignIn(ctx context.Context, username, password string) (Session, error) {
	// The password is checked (argon2id, the slow part) between a read and
	// a short write transaction, never inside one, so a sign-in holds the
	// database's write lock only for its few updates. The write checks that
	// the password hash it verified is still the account's; if it changed
	// meanwhile, the check is made again.
	for try := 0; ; try++ {
		var hash string
		err := s.store.View(ctx, func(tx Tx) error {
			st, err := tx.StaffByUsername(ctx, strings.TrimSpace(username))
			if ErrorCode(err) == ENotFound {
				return nil
			} else if err != nil {
				return err
			}
			hashes, err := tx.PasswordHashes(ctx, st.ID, 1)
			if err == nil && len(hashes) > 0 {
				hash = hashes[0]
			}
			return err
		})
		if err != nil {
			return Session{}, err
		}
		matches := hash != "" && CheckPassword(hash, password)
		sess, stale, err := s.recordSignIn(ctx, username, hash, matches)
		if stale && try < 2 {
			continue
		}
		if stale {
			return Session{}, Errorf(EConflict, "The password of this account was just changed. Please sign in again.")
		}
		if err == nil && !sess.Staff.TemporaryPassword {
			s.keepCenterKey(ctx, sess.Staff.ID, hash, password)
		}
		return sess, err
	}
}

// keepCenterKey passes the center's audit key on at a sign-in, on a store
// that shares one (CenterKeyKeeper). A temporary password, which an
// administrator chose and passed on, seals nothing. Failing costs the
// sign-in nothing: the next sign-in tries again.
func (s *Service) keepCenterKey(ctx context.Context, staffID int64, hash, password string) {
	if k, ok := s.store.(CenterKeyKeeper); ok {
		k.KeepCenterKey(ctx, s.now().UTC(), staffID, hash, password)
	}
}

// recordSignIn is the write half of SignIn: given whether password matched
// hash (the account's newest password hash when it was read), it applies
// the account's rules, counts a wrong password, and audits the attempt, in
// one short transaction. stale reports that the account's password changed
// since hash was read, and nothing was written.
func (s *Service) recordSignIn(ctx context.Context, username, hash string, matches bool) (sess Session, stale bool, err error) {
	var refusal error
	// a desk of a center server lets staff sign in while the server cannot
	// be reached (from its local copy of the accounts)
	err = s.store.Update(offlineOK(ctx), func(tx Tx) error {
		now := s.now().UTC()
		refuse := func(st Staff, action, detail string, err error) error {
			refusal = err
			actor := attemptName(username)
			if st.ID != 0 {
				actor = st.Username
			}
			return tx.AppendAudit(ctx, AuditEntry{At: now, Actor: actor, Action: action, Entity: "staff", Ref: itoa(st.ID), Detail: detail})
		}
		wrong := Errorf(EForbidden, "Wrong username or password.")
		st, err := tx.StaffByUsername(ctx, strings.TrimSpace(username))
		if ErrorCode(err) == ENotFound {
			return refuse(Staff{}, "signin.failed", "unknown username", wrong)
		} else if err != nil {
			return err
		}
		hashes, err := tx.PasswordHashes(ctx, st.ID, 1)
		if err != nil {
			return err
		}
		current := ""
		if len(hashes) > 0 {
			current = hashes[0]
		}
		if current != hash {
			stale = true
			return nil
		}
		if !st.Active {
			return refuse(st, "signin.refused", "deactivated", Errorf(EForbidden, "This account has been deactivated."))
		}
		if st.Locked(now) {
			return refuse(st, "signin.refused", "locked", Errorf(EForbidden, "This account is locked after %d wrong passwords. Try again in %d minutes, or ask an administrator to reset it.",
				MaxFailedSignIns, int(st.LockedUntil.Sub(now).Minutes())+1))
		}
		if !matches {
			st.FailedAttempts++
			if st.FailedAttempts >= MaxFailedSignIns {
				until := now.Add(LockoutDuration)
				st.LockedUntil, st.FailedAttempts = &until, 0
				if err := tx.UpdateStaff(ctx, &st); err != nil {
					return err
				}
				if err := tx.AppendAudit(ctx, s.audit(Actor{Username: st.Username}, "account.locked", "staff", st.ID, fmt.Sprintf("%d wrong passwords", MaxFailedSignIns))); err != nil {
					return err
				}
				return refuse(st, "signin.failed", "wrong password", Errorf(EForbidden, "Wrong username or password. The account is now locked for %d minutes.", int(LockoutDuration.Minutes())))
			}
			if err := tx.UpdateStaff(ctx, &st); err != nil {
				return err
			}
			return refuse(st, "signin.failed", "wrong password", wrong)
		}
		if st.TemporaryPassword && st.PasswordExpiresAt != nil && !now.Before(*st.PasswordExpiresAt) {
			return refuse(st, "signin.refused", "temporary password expired", Errorf(EForbidden, "This temporary password has expired (they last 24 hours). Ask an administrator for a new one."))
		}
		st.FailedAttempts, st.LockedUntil, st.LastSignInAt = 0, nil, &now
		if err := tx.UpdateStaff(ctx, &st); err != nil {
			return err
		}
		sess = sessionFor(st, now)
		if st.Has(RoleAdministrator) {
			if _, has, err := readRecovery(ctx, tx); err == nil && !has {
				sess.Warnings = append(sess.Warnings, NoRecoveryCodeWarning)
			}
		}
		detail := ""
		if sess.Actor.Restricted {
			detail = "dates expired: personal data closed"
		}
		return tx.AppendAudit(ctx, s.audit(sess.Actor, "signin", "staff", st.ID, detail))
	})
	if err != nil || stale {
		return Session{}, stale, err
	}
	if refusal != nil {
		return Session{}, false, refusal
	}
	return sess, false, nil
}

// sessionFor builds the session of a successful sign-in.
func sessionFor(st Staff, now time.Time) Session {
	sess := Session{Staff: st, Actor: Actor{ID: st.ID, Username: st.Username, Name: st.DisplayName, Roles: st.Roles,
		MustChangePassword: st.TemporaryPassword}}
	for _, d := range []struct {
		what string
		at   *time.Time
	}{{"confidentiality statement", st.ConfidentialitySigned}, {"security and privacy training", st.TrainingCompleted}} {
		expired, w := dateStatus(d.what, d.at, now)
		if expired {
			sess.Actor.Restricted = true
		}
		if w.Format != "" {
			sess.Warnings = append(sess.Warnings, w)
		}
	}
	return sess
}

// RefreshSession rebuilds the signed-in person's session from their stored
// account, as a sign-in would but without the password and without an
// audit record: after their own confidentiality or training date is
// recorded, the block on personal data lifts at once. A deactivated account
// is refused.
func (s *Service) RefreshSession(ctx context.Context) (Session, error) {
	a, ok := ActorFrom(ctx)
	if !ok || a.ID == 0 {
		return Session{}, Errorf(EForbidden, "Please sign in first.")
	}
	var st Staff
	err := s.store.View(ctx, func(tx Tx) (err error) {
		st, err = tx.Staff(ctx, a.ID)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	if !st.Active {
		return Session{}, Errorf(EForbidden, "This account has been deactivated.")
	}
	return sessionFor(st, s.now()), nil
}

// ChangePassword replaces the signed-in person's password (the temporary
// one at first sign-in) after checking the old one. The new one must follow
// the rules and differ from the last PasswordReuseWindow. It returns the
// updated session.
func (s *Service) ChangePassword(ctx context.Context, oldPassword, newPassword string) (Session, error) {
	a, ok := ActorFrom(ctx)
	if !ok || a.ID == 0 {
		return Session{}, Errorf(EForbidden, "Please sign in first.")
	}
	var sess Session
	var refusal error
	var newHash string
	err := s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		st, err := tx.Staff(ctx, a.ID)
		if err != nil {
			return err
		}
		hashes, err := tx.PasswordHashes(ctx, st.ID, PasswordReuseWindow)
		if err != nil {
			return err
		}
		if len(hashes) == 0 || !CheckPassword(hashes[0], oldPassword) {
			refusal = FieldErrorf("current password", "is not right")
			return tx.AppendAudit(ctx, s.audit(a, "password.change_refused", "staff", st.ID, "wrong current password"))
		}
		if err := CheckPasswordRules(st.Username, newPassword); err != nil {
			refusal = err
			return nil
		}
		for _, h := range hashes {
			if CheckPassword(h, newPassword) {
				refusal = FieldErrorf("password", "was used recently: choose one different from your last %d", PasswordReuseWindow)
				return tx.AppendAudit(ctx, s.audit(a, "password.change_refused", "staff", st.ID, "reused"))
			}
		}
		newHash = HashPassword(newPassword)
		if err := tx.SetPassword(ctx, st.ID, newHash, now); err != nil {
			return err
		}
		st.TemporaryPassword, st.PasswordExpiresAt, st.PasswordChangedAt = false, nil, now
		if err := tx.UpdateStaff(ctx, &st); err != nil {
			return err
		}
		sess = sessionFor(st, now)
		return tx.AppendAudit(ctx, s.audit(a, "password.change", "staff", st.ID, ""))
	})
	if err != nil {
		return Session{}, err
	}
	if refusal != nil {
		return Session{}, refusal
	}
	// the center's key sealed under the new password, so a desk without
	// the key gets it at their next sign-in there
	s.keepCenterKey(ctx, a.ID, newHash, newPassword)
	return sess, nil
}

// validateNewStaff cleans n and hashes its password.
func (s *Service) validateNewStaff(n *NewStaff, now time.Time) (Staff, string, error) {
	var err error
	if n.Username, err = normalizeUsername(n.Username); err != nil {
		return Staff{}, "", err
	}
	if n.DisplayName, err = cleanText("display name", n.DisplayName, MaxNameLen, true); err != nil {
		return Staff{}, "", err
	}
	if len(n.Roles) == 0 {
		return Staff{}, "", FieldErrorf("roles", "give at least one role")
	}
	var roles []Role
	for _, r := range n.Roles {
		if !validRole(r) {
			return Staff{}, "", FieldErrorf("roles", "%q is not a role", truncate(string(r), 30))
		}
		roles = appendRole(roles, r)
	}
	conf, err := validDate("confidentiality statement date", n.ConfidentialitySigned, now)
	if err != nil {
		return Staff{}, "", err
	}
	train, err := validDate("training date", n.TrainingCompleted, now)
	if err != nil {
		return Staff{}, "", err
	}
	if err := CheckPasswordRules(n.Username, n.Password); err != nil {
		return Staff{}, "", err
	}
	st := Staff{Username: n.Username, DisplayName: n.DisplayName, Roles: roles, Active: true,
		ConfidentialitySigned: conf, TrainingCompleted: train, PasswordChangedAt: now, CreatedAt: now}
	return st, HashPassword(n.Password), nil
}

// CreateFirstAdministrator creates the first account, an administrator with
// the password they chose, when no account exists yet (first start, or
// frontdeskctl init --admin), and the database's recovery code, which it
// returns to be shown once and printed (see RecoverAdministrator). It needs
// no signed-in actor.
func (s *Service) CreateFirstAdministrator(ctx context.Context, n NewStaff) (Session, string, error) {
	now := s.now().UTC()
	n.Roles = appendRole(n.Roles, RoleAdministrator)
	st, hash, err := s.validateNewStaff(&n, now)
	if err != nil {
		return Session{}, "", err
	}
	st.CreatedBy = st.Username
	code := NewRecoveryCodeText()
	codeHash := hashRecoveryCode(code)
	err = s.store.Update(ctx, func(tx Tx) error {
		all, err := tx.ListStaff(ctx)
		if err != nil {
			return err
		}
		if len(all) > 0 {
			return Errorf(EConflict, "Staff accounts already exist: an administrator must create new ones.")
		}
		if err := tx.CreateStaff(ctx, &st, hash); err != nil {
			return err
		}
		a := Actor{Username: st.Username}
		if err := tx.AppendAudit(ctx, s.audit(a, "staff.create", "staff", st.ID, "first administrator; roles="+JoinRoles(st.Roles))); err != nil {
			return err
		}
		if err := writeRecovery(ctx, tx, recoveryRecord{Hash: codeHash, CreatedAt: now, CreatedBy: st.Username}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "recovery.create", "recovery_code", 0, "first recovery code, at set-up"))
	})
	if err != nil {
		return Session{}, "", err
	}
	return sessionFor(st, now), code, nil
}

// CreateStaff creates an account with a temporary password that expires
// after TemporaryPasswordTTL and must be changed at first sign-in
// (administrators only).
func (s *Service) CreateStaff(ctx context.Context, n NewStaff) (Staff, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return Staff{}, err
	}
	now := s.now().UTC()
	st, hash, err := s.validateNewStaff(&n, now)
	if err != nil {
		return Staff{}, err
	}
	exp := now.Add(TemporaryPasswordTTL)
	st.TemporaryPassword, st.PasswordExpiresAt, st.CreatedBy = true, &exp, a.Username
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.StaffByUsername(ctx, st.Username); err == nil {
			return Errorf(EConflict, "There is already an account named %s (deactivated accounts keep their names).", st.Username)
		} else if ErrorCode(err) != ENotFound {
			return err
		}
		if err := tx.CreateStaff(ctx, &st, hash); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "staff.create", "staff", st.ID, "roles="+JoinRoles(st.Roles)))
	})
	return st, err
}

// ListStaff lists every account, deactivated ones included (administrators).
func (s *Service) ListStaff(ctx context.Context) ([]Staff, error) {
	if _, err := require(ctx, RoleAdministrator); err != nil {
		return nil, err
	}
	var out []Staff
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.ListStaff(ctx)
		return err
	})
	return out, err
}

// changeStaff loads account id, lets change alter it, saves it and writes
// one audit record, all in one transaction (administrators only).
func (s *Service) changeStaff(ctx context.Context, id int64, action string, change func(tx Tx, st *Staff, a Actor, now time.Time) (detail string, err error)) (Staff, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return Staff{}, err
	}
	var st Staff
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now().UTC()
		if st, err = tx.Staff(ctx, id); err != nil {
			return err
		}
		detail, err := change(tx, &st, a, now)
		if err != nil {
			return err
		}
		if err := tx.UpdateStaff(ctx, &st); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, action, "staff", st.ID, detail))
	})
	return st, err
}

// keepsAnAdministrator refuses a change that would leave no active
// administrator.
func keepsAnAdministrator(ctx context.Context, tx Tx, changed Staff) error {
	all, err := tx.ListStaff(ctx)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID == changed.ID {
			o = changed
		}
		if o.Active && o.Has(RoleAdministrator) {
			return nil
		}
	}
	return Errorf(EConflict, "This would leave no active administrator.")
}

// ResetPassword gives an account a new temporary password (24 hours, to be
// changed at first sign-in) and lifts a lockout (administrators only). The
// password is never shown back.
func (s *Service) ResetPassword(ctx context.Context, id int64, temporary string) (Staff, error) {
	return s.changeStaff(ctx, id, "staff.password_reset", func(tx Tx, st *Staff, a Actor, now time.Time) (string, error) {
		if !st.Active {
			return "", Errorf(EConflict, "%s is deactivated; deactivated accounts cannot sign in.", st.Username)
		}
		if err := CheckPasswordRules(st.Username, temporary); err != nil {
			return "", err
		}
		hashes, err := tx.PasswordHashes(ctx, st.ID, PasswordReuseWindow)
		if err != nil {
			return "", err
		}
		for _, h := range hashes {
			if CheckPassword(h, temporary) {
				return "", FieldErrorf("password", "was used recently for this account: choose another")
			}
		}
		if err := tx.SetPassword(ctx, st.ID, HashPassword(temporary), now); err != nil {
			return "", err
		}
		exp := now.Add(TemporaryPasswordTTL)
		st.TemporaryPassword, st.PasswordExpiresAt, st.PasswordChangedAt = true, &exp, now
		st.FailedAttempts, st.LockedUntil = 0, nil
		return "temporary password, 24 h", nil
	})
}

// SetStaffRoles replaces an account's roles (administrators only). The last
// active administrator keeps that role.
func (s *Service) SetStaffRoles(ctx context.Context, id int64, roles []Role) (Staff, error) {
	return s.changeStaff(ctx, id, "staff.roles", func(tx Tx, st *Staff, a Actor, now time.Time) (string, error) {
		var clean []Role
		for _, r := range roles {
			if !validRole(r) {
				return "", FieldErrorf("roles", "%q is not a role", truncate(string(r), 30))
			}
			clean = appendRole(clean, r)
		}
		if len(clean) == 0 {
			return "", FieldErrorf("roles", "give at least one role")
		}
		old := JoinRoles(st.Roles)
		st.Roles = clean
		if err := keepsAnAdministrator(ctx, tx, *st); err != nil {
			return "", err
		}
		return old + " -> " + JoinRoles(clean), nil
	})
}

// DeactivateStaff closes an account at separation: it is kept, with who
// deactivated it and when, and can no longer sign in (administrators only).
func (s *Service) DeactivateStaff(ctx context.Context, id int64) (Staff, error) {
	return s.changeStaff(ctx, id, "staff.deactivate", func(tx Tx, st *Staff, a Actor, now time.Time) (string, error) {
		if !st.Active {
			return "", Errorf(EConflict, "%s is already deactivated.", st.Username)
		}
		st.Active, st.DeactivatedAt, st.DeactivatedBy = false, &now, a.Username
		if err := keepsAnAdministrator(ctx, tx, *st); err != nil {
			return "", err
		}
		return "", nil
	})
}

// SetStaffDates records when an account's holder signed the confidentiality
// statement and completed security and privacy training (administrators
// only). A nil date leaves that date as it is.
//
// Administrators record each other's dates. Their own only when they are
// the sole active administrator (no one else could): that is audited as
// "staff.dates_self" and flagged in the access review.
func (s *Service) SetStaffDates(ctx context.Context, id int64, confidentiality, training *time.Time) (Staff, error) {
	action := "staff.dates"
	if a, ok := ActorFrom(ctx); ok && a.ID != 0 && a.ID == id {
		action = ActionOwnDates
	}
	return s.changeStaff(ctx, id, action, func(tx Tx, st *Staff, a Actor, now time.Time) (string, error) {
		self := action == ActionOwnDates
		if self {
			others, err := otherActiveAdministrators(ctx, tx, a.ID)
			if err != nil {
				return "", err
			}
			if len(others) > 0 {
				return "", Errorf(EForbidden, "You cannot record your own confidentiality or training dates: another administrator (%s) must record them.", strings.Join(others, ", "))
			}
		}
		c, err := validDate("confidentiality statement date", confidentiality, now)
		if err != nil {
			return "", err
		}
		t, err := validDate("training date", training, now)
		if err != nil {
			return "", err
		}
		var parts []string
		if c != nil {
			st.ConfidentialitySigned = c
			parts = append(parts, "confidentiality="+c.Format("2006-01-02"))
		}
		if t != nil {
			st.TrainingCompleted = t
			parts = append(parts, "training="+t.Format("2006-01-02"))
		}
		if len(parts) == 0 {
			return "", FieldErrorf("dates", "give the confidentiality statement date, the training date, or both")
		}
		if self {
			parts = append([]string{"own dates, as the sole active administrator:"}, parts...)
		}
		return strings.Join(parts, " "), nil
	})
}

// ActionOwnDates is the audit action of an administrator recording their
// own confidentiality or training dates (allowed only to a sole active
// administrator; flagged in the access review).
const ActionOwnDates = "staff.dates_self"

// otherActiveAdministrators lists the usernames of the active
// administrators other than account id.
func otherActiveAdministrators(ctx context.Context, tx Tx, id int64) ([]string, error) {
	all, err := tx.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, o := range all {
		if o.ID != id && o.Active && o.Has(RoleAdministrator) {
			out = append(out, o.Username)
		}
	}
	return out, nil
}
