package app

import "context"

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

// LocalOperator is the actor used by the desktop app and frontdeskctl until
// staff accounts exist: it holds every role.
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
	if !a.Has(r) {
		return a, Errorf(EForbidden, "Your account is not allowed to do this (needs the %s role).", r)
	}
	return a, nil
}
