// Package deskconf keeps this computer's desk settings: the desk's name
// ("Resource room") and, for a desk of a center server, how to reach the
// server. They belong to the computer, not to the records, so they live in
// the OS user's configuration folder (desk.json, readable by that user
// only), never in the database: the server's password in particular.
package deskconf

import (
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"frontdesk/app"
)

// EnvPath names the environment variable that overrides where the desk
// settings are kept (tests, and a computer shared by two desks' accounts).
const EnvPath = "FRONTDESK_DESK_SETTINGS"

// Settings are one desk's settings.
type Settings struct {
	// Name is the desk's name, shown in the top bar and recorded with each
	// check-in; "" until someone names it.
	Name string `json:"name,omitempty"`
	// SiteID is the site this desk serves, on a database of several (a
	// city's server); 0 is the first.
	SiteID int64 `json:"site_id,omitempty"`
	// Server is the center server this desk joined; nil for a desk that
	// keeps its own records in a file.
	Server *Server `json:"server,omitempty"`
}

// Server is how a desk reaches its center's PostgreSQL server.
type Server struct {
	Host     string `json:"host"`
	Port     int    `json:"port,omitempty"` // 0 is PostgreSQL's 5432
	Database string `json:"database"`
	User     string `json:"user"`
	Password string `json:"password,omitempty"`
	// SSLMode is PostgreSQL's sslmode: "verify-full" (a city server with a
	// certificate), "require", "prefer" (the default) or "disable".
	SSLMode string `json:"sslmode,omitempty"`
}

// SSLModes are the secure-connection choices a desk offers, strictest
// first.
var SSLModes = []string{"verify-full", "require", "prefer", "disable"}

// Check names the first field of s that is missing or wrong ("host",
// "port", "database", "user", "sslmode"), or "" when s can be tried. The
// form that asked for it says what the field needs.
func (s Server) Check() string {
	switch {
	case strings.TrimSpace(s.Host) == "" || strings.ContainsAny(s.Host, "/?#@ "):
		return "host"
	case s.Port < 0 || s.Port > 65535:
		return "port"
	case strings.TrimSpace(s.Database) == "":
		return "database"
	case strings.TrimSpace(s.User) == "":
		return "user"
	}
	if s.SSLMode != "" && !slices.Contains(SSLModes, s.SSLMode) {
		return "sslmode"
	}
	return ""
}

// URL is the postgres:// address of s, with its password: pass it to the
// store, never show it (data.Shown hides the password).
func (s Server) URL() string {
	host := strings.TrimSpace(s.Host)
	if s.Port != 0 {
		host = net.JoinHostPort(host, strconv.Itoa(s.Port))
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 address
	}
	u := url.URL{Scheme: "postgres", Host: host, Path: "/" + strings.TrimSpace(s.Database)}
	if s.Password != "" {
		u.User = url.UserPassword(strings.TrimSpace(s.User), s.Password)
	} else {
		u.User = url.User(strings.TrimSpace(s.User))
	}
	q := url.Values{}
	if s.SSLMode != "" {
		q.Set("sslmode", s.SSLMode)
	}
	q.Set("connect_timeout", "10")
	u.RawQuery = q.Encode()
	return u.String()
}

// Path is where this computer's desk settings are kept: $FRONTDESK_DESK_SETTINGS,
// or desk.json in the OS user's configuration folder ("Front Desk" on
// Windows and macOS, frontdesk elsewhere).
func Path() (string, error) {
	if p := os.Getenv(EnvPath); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", app.Errorf(app.EInvalid, "This computer gives your account no settings folder: %v", err)
	}
	name := "frontdesk"
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		name = "Front Desk"
	}
	return filepath.Join(dir, name, "desk.json"), nil
}

// Load reads the settings at path; a missing file is a desk with no
// settings yet (the zero Settings, no error). A file others may read is
// made readable by its owner only.
func Load(path string) (Settings, error) {
	var s Settings
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, app.Errorf(app.EInvalid, "Cannot read this desk's settings %s: %v", path, err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, app.Errorf(app.EInvalid, "This desk's settings %s are unreadable (%v): correct or remove the file.", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		os.Chmod(path, 0o600)
	}
	return s, nil
}

// Save writes s to path, readable and writable by the OS user only from
// its first byte, replacing the old file in one step: a crash leaves the
// old settings or the new ones.
func Save(path string, s Settings) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return app.Errorf(app.EInvalid, "Cannot create the folder for this desk's settings %s: %v", dir, err)
	}
	f, err := os.CreateTemp(dir, ".desk-*.json")
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot save this desk's settings in %s: %v", dir, err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return app.Errorf(app.EInvalid, "Cannot save this desk's settings in %s: %v", dir, err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return app.Errorf(app.EInvalid, "Cannot save this desk's settings in %s: %v", dir, err)
	}
	return nil
}
