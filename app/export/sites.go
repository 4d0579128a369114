package export

import (
	"path/filepath"
	"strconv"
	"strings"

	"frontdesk/app"
)

// SitePath is where one site's export goes in an export of every site of
// a center server: a folder of out named after the site (a bundle), or out
// with the site's name before its extension (one file). The name is the
// site's name in lowercase ASCII letters and digits with dashes, then its
// id: "east-la-worksource-center-1".
func SitePath(out string, site app.Site, folder bool) string {
	var slug strings.Builder
	for _, r := range strings.ToLower(app.FoldName(site.Name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			slug.WriteRune(r)
		case slug.Len() > 0 && !strings.HasSuffix(slug.String(), "-"):
			slug.WriteByte('-')
		}
	}
	name := strings.Trim(slug.String(), "-") + "-" + strconv.FormatInt(site.ID, 10)
	if folder {
		return filepath.Join(out, name)
	}
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "-" + name + ext
}

// SiteError is the failure of one site's export in an export of every
// site: it says which site.
type SiteError struct {
	Site app.Site
	Err  error
}

func (e *SiteError) Error() string { return e.Site.Name + ": " + e.Err.Error() }

// Unwrap returns the site's error.
func (e *SiteError) Unwrap() error { return e.Err }

// EachSite exports every one of sites in turn, each into its own SitePath
// of out: write is called with the site's index, the site and its path,
// and exports that site alone (its days in the site's own time zone). The
// first failure stops it and comes back as a *SiteError naming the site;
// Roster, Calendar and Events write under temporary names, so that site
// has nothing half-written, and the sites before it keep their complete
// exports.
func EachSite(sites []app.Site, out string, folder bool, write func(i int, site app.Site, path string) error) error {
	for i, site := range sites {
		if err := write(i, site, SitePath(out, site, folder)); err != nil {
			return &SiteError{Site: site, Err: err}
		}
	}
	return nil
}
