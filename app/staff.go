package app

import (
	"strings"
	"time"
)

// Staff is a named staff account (seed 002: no shared credentials). The
// password hash is never part of it.
type Staff struct {
	ID          int64
	Username    string
	DisplayName string
	Roles       []Role
	Active      bool
	// DeactivatedAt/By record who deactivated the account at separation;
	// the account is kept, and cannot sign in.
	DeactivatedAt *time.Time
	DeactivatedBy string
	// ConfidentialitySigned and TrainingCompleted are dates (midnight UTC);
	// each is good for a year.
	ConfidentialitySigned *time.Time
	TrainingCompleted     *time.Time
	LastSignInAt          *time.Time
	// TemporaryPassword is set by an administrator's create or reset: it
	// expires at PasswordExpiresAt and must be changed at first sign-in.
	TemporaryPassword bool
	PasswordExpiresAt *time.Time
	PasswordChangedAt time.Time
	FailedAttempts    int
	LockedUntil       *time.Time
	CreatedAt         time.Time
	CreatedBy         string
}

// Has reports whether the account holds role r.
func (s Staff) Has(r Role) bool {
	for _, x := range s.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Locked reports whether failed attempts have locked the account at now.
func (s Staff) Locked(now time.Time) bool {
	return s.LockedUntil != nil && now.Before(*s.LockedUntil)
}

// Roles lists every role, in the order screens show them.
var Roles = []Role{RoleFrontDesk, RoleCirculation, RoleCaseManager, RoleDirector, RoleAdministrator}

// ParseRoles reads a comma-separated list of roles ("front_desk,director").
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		if f == "" {
			continue
		}
		r := Role(strings.ReplaceAll(f, "-", "_"))
		if r == "circulation" || r == "kits" {
			r = RoleCirculation
		}
		if !validRole(r) {
			return nil, FieldErrorf("roles", "%q is not a role (front_desk, kit_circulation, case_manager, director, administrator)", truncate(f, 30))
		}
		out = appendRole(out, r)
	}
	if len(out) == 0 {
		return nil, FieldErrorf("roles", "give at least one role")
	}
	return out, nil
}

// JoinRoles writes roles as ParseRoles reads them.
func JoinRoles(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func validRole(r Role) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

func appendRole(rs []Role, r Role) []Role {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

// Account rules from seed 002.
const (
	MinPasswordLen       = 12
	MaxPasswordLen       = 200
	PasswordReuseWindow  = 5 // the last 5 passwords may not be reused
	MaxFailedSignIns     = 5
	LockoutDuration      = 15 * time.Minute
	TemporaryPasswordTTL = 24 * time.Hour
	// DatesWarnBefore is how early a person is warned that their
	// confidentiality statement or training (good for a year) runs out.
	DatesWarnBefore = 30 * 24 * time.Hour
)

// DateExpires is when a confidentiality statement signed, or a training
// completed, on date d runs out: a year later.
func DateExpires(d time.Time) time.Time { return d.AddDate(1, 0, 0) }
