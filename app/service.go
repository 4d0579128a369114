package app

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// Service is Front Desk's use cases over a Store: every method takes the
// acting staff member from ctx (WithActor), checks the role the action needs,
// validates its input, and writes its change and its audit record in one
// transaction.
type Service struct {
	store Store
	now   func() time.Time
	desk  atomic.Pointer[string] // this desk's name, recorded with its check-ins
	site  atomic.Int64           // the site this desk serves; 0: the first
}

// NewService returns a Service over store. now is the clock (time.Now when nil);
// tests inject a fixed one so dates are reproducible.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// MaxDeskName is the longest desk name, in characters.
const MaxDeskName = 40

// CleanDeskName checks a desk's name ("Resource room", "Greeter"): spaces
// around it are dropped, and it must be 1 to MaxDeskName characters with
// no control characters.
func CleanDeskName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return "", FieldErrorf("desk", "give this desk a name, such as Greeter or Resource room")
	case utf8.RuneCountInString(name) > MaxDeskName:
		return "", FieldErrorf("desk", "a desk's name is at most %d characters", MaxDeskName)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", FieldErrorf("desk", "a desk's name cannot hold control characters")
	}
	return name, nil
}

// SetDesk names the desk this service runs at; its check-ins record the
// name. It may be called while the desk works (the name is changed in
// the top bar). A name CleanDeskName refuses is refused here too.
func (s *Service) SetDesk(name string) error {
	name, err := CleanDeskName(name)
	if err != nil {
		return err
	}
	s.desk.Store(&name)
	return nil
}

// RecordDeskChange records in the audit log that an administrator renamed
// this desk or moved it to another site (administrators): from and to are
// the names, fromSite and toSite the sites. The desk's own settings are
// kept by the caller (the desk settings file, not the database); nothing
// is recorded when nothing changes.
func (s *Service) RecordDeskChange(ctx context.Context, from, to string, fromSite, toSite int64) error {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return err
	}
	if from == to && fromSite == toSite {
		return nil
	}
	detail := fmt.Sprintf("name %q → %q", from, to)
	if fromSite != toSite {
		detail += fmt.Sprintf("; site %d → %d", fromSite, toSite)
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "desk.change", "site", toSite, detail))
	})
}

// Desk is the name of the desk this service runs at, or "" when it has
// none.
func (s *Service) Desk() string {
	if p := s.desk.Load(); p != nil {
		return *p
	}
	return ""
}

// SetSite says which site this desk serves, on a database holding several
// (a city's server): its exports, its sign-in screen and the dates of its
// reviews are that site's. 0 (the default) is the first site.
func (s *Service) SetSite(id int64) { s.site.Store(id) }

// DeskSiteID is the site this desk serves as set by SetSite (0: the first).
func (s *Service) DeskSiteID() int64 { return s.site.Load() }

// siteFor returns site id when it is not 0, else the desk's site (SetSite)
// when it exists, else the first site; first reports whether it is the
// first (the lowest id). A database with no site yet is refused.
func (s *Service) siteFor(ctx context.Context, tx Tx, id int64) (site Site, first bool, err error) {
	sites, err := tx.Sites(ctx)
	if err != nil {
		return Site{}, false, err
	}
	if len(sites) == 0 {
		return Site{}, false, Errorf(EInvalid, "There is no site yet.")
	}
	want := id
	if want == 0 {
		want = s.site.Load()
	}
	for i, x := range sites {
		if x.ID == want {
			return x, i == 0, nil
		}
	}
	if id != 0 {
		return Site{}, false, Errorf(ENotFound, "There is no site %d.", id)
	}
	return sites[0], true, nil
}

// Now returns the service's current time.
func (s *Service) Now() time.Time { return s.now() }

// audit builds the audit record of an action by actor a.
func (s *Service) audit(a Actor, action, entity string, ref int64, detail string) AuditEntry {
	return AuditEntry{At: s.now().UTC(), Actor: a.Username, Action: action, Entity: entity, Ref: itoa(ref), Detail: detail}
}

func itoa(n int64) string {
	if n == 0 {
		return ""
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
