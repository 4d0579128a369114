package app

import (
	"context"
	"strings"
)

// CreateSite adds a site (administrators only).
func (s *Service) CreateSite(ctx context.Context, site Site) (Site, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return Site{}, err
	}
	if err := validateSite(&site); err != nil {
		return Site{}, err
	}
	site.CreatedAt = s.now().UTC()
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateSite(ctx, &site); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "site.create", "site", site.ID, ""))
	})
	return site, err
}

// UpdateSite changes a site's details (administrators only): the name,
// phone, address, time zone and point of contact printed on cards and
// agreements and sent with every export. The audit record names the fields
// that changed, never their values; a save that changes nothing writes
// nothing.
func (s *Service) UpdateSite(ctx context.Context, site Site) (Site, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return Site{}, err
	}
	if err := validateSite(&site); err != nil {
		return Site{}, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		old, err := tx.Site(ctx, site.ID)
		if err != nil {
			return err
		}
		site.CreatedAt = old.CreatedAt
		changed := siteChanges(old, site)
		if len(changed) == 0 {
			return nil
		}
		if err := tx.UpdateSite(ctx, &site); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "site.update", "site", site.ID, "changed: "+strings.Join(changed, ", ")))
	})
	return site, err
}

// siteChanges names the fields of a site that differ between old and cur.
func siteChanges(old, cur Site) []string {
	var out []string
	for _, f := range []struct {
		name     string
		old, cur string
	}{
		{"name", old.Name, cur.Name}, {"address", old.Address, cur.Address}, {"phone", old.Phone, cur.Phone},
		{"time zone", old.TimeZone, cur.TimeZone}, {"contact name", old.ContactName, cur.ContactName},
		{"contact phone", old.ContactPhone, cur.ContactPhone}, {"contact email", old.ContactEmail, cur.ContactEmail},
	} {
		if f.old != f.cur {
			out = append(out, f.name)
		}
	}
	return out
}

// Sites lists every site. Any signed-in staff member may.
func (s *Service) Sites(ctx context.Context) ([]Site, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return nil, Errorf(EForbidden, "Please sign in first.")
	}
	var out []Site
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Sites(ctx)
		return err
	})
	return out, err
}

// SignInSiteName is the name of the center this desk serves (its site, see
// SetSite), for the sign-in screen before anyone has signed in: the name is
// printed on every card and sheet, so it is kept from no one. It is ""
// before the set-up.
func (s *Service) SignInSiteName(ctx context.Context) (string, error) {
	var name string
	err := s.store.View(ctx, func(tx Tx) error {
		site, _, err := s.siteFor(ctx, tx, 0)
		if ErrorCode(err) == EInvalid { // no site yet
			return nil
		}
		name = site.Name
		return err
	})
	return name, err
}

// Site returns one site.
func (s *Service) Site(ctx context.Context, id int64) (Site, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return Site{}, Errorf(EForbidden, "Please sign in first.")
	}
	var out Site
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = tx.Site(ctx, id)
		return err
	})
	return out, err
}
