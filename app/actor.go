package app

import (
	"context"
	"strings"
)

// Role is a set of things a staff member may do. The services check roles;
// hiding a button is never the only guard.
type Role string

// The roles a staff member may hold; a person may hold several.
const (
	RoleFrontDesk     Role = "front_desk"
	RoleCirculation   Role = "kit_circulation"
	RoleCaseManager   Role = "case_manager"
	RoleDirector      Role = "director"
	RoleAdministrator Role = "administrator"
)

// Actor is the staff member on whose behalf a service call runs.
type Actor struct {
	ID       int64 // staff account id; 0 for the local operator
	Username string
	Name     string
	Roles    []Role
	// MustChangePassword is set while the person signs in with a temporary
	// password: nothing but ChangePassword is allowed.
	MustChangePassword bool
	// Restricted is set when the confidentiality statement or training has
	// run out: no personal data until an administrator records new dates
	// (administration itself stays allowed).
	Restricted bool
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// LocalOperator is the actor used before the first staff account exists
// (and by tests): it holds every role. Once an account exists, the app and
// frontdeskctl act only as a signed-in account.
var LocalOperator = Actor{Username: "local", Name: "Local operator",
	Roles: []Role{RoleFrontDesk, RoleCirculation, RoleCaseManager, RoleDirector, RoleAdministrator}}

type actorKey struct{}

// WithActor returns a context carrying the acting staff member.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting staff member carried by ctx, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// require returns the actor in ctx if it holds role r, or an EForbidden error.
func require(ctx context.Context, r Role) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		return Actor{}, Errorf(EForbidden, "Please sign in first.")
	}
	if a.MustChangePassword {
		return a, Errorf(EForbidden, "Please change your temporary password first.")
	}
	if !a.Has(r) {
		return a, Errorf(EForbidden, "Your account is not allowed to do this (needs the %s role).", r)
	}
	if a.Restricted && r != RoleAdministrator {
		return a, Errorf(EForbidden, "Your confidentiality statement or security training is not on record or has expired, so personal data is closed to you. Ask an administrator to record the dates.")
	}
	return a, nil
}

// requireAny returns the actor if it holds any of roles.
func requireAny(ctx context.Context, roles ...Role) (Actor, error) {
	a, _ := ActorFrom(ctx)
	for _, r := range roles {
		if a.Has(r) {
			return require(ctx, r)
		}
	}
	if len(roles) == 1 {
		return require(ctx, roles[0])
	}
	if _, err := require(ctx, roles[0]); ErrorCode(err) == EForbidden && a.Username != "" && !a.MustChangePassword {
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		return a, Errorf(EForbidden, "Your account is not allowed to do this (needs one of the roles %s).", strings.Join(names, ", "))
	} else {
		return a, err
	}
}

// requireCurrent returns the actor in ctx if it holds role r and its
// confidentiality statement and training are on record and current. Bulk
// personal data (backups, exports, lists) needs both whatever the role:
// unlike the rest of administration, an administrator with expired dates is
// refused too.
func requireCurrent(ctx context.Context, r Role) (Actor, error) {
	a, err := require(ctx, r)
	if err != nil {
		return a, err
	}
	if a.Restricted {
		return a, Errorf(EForbidden, "Your confidentiality statement or security training is not on record or has expired, so backups and exports of personal data are closed to you until new dates are recorded: by another administrator, or by yourself if you are the only one.")
	}
	return a, nil
}
