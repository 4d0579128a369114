package app

import "context"

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

// UpdateSite changes a site's details (administrators only).
func (s *Service) UpdateSite(ctx context.Context, site Site) (Site, error) {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return Site{}, err
	}
	if err := validateSite(&site); err != nil {
		return Site{}, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.UpdateSite(ctx, &site); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "site.update", "site", site.ID, ""))
	})
	return site, err
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
