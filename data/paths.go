package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// EnvDB names the environment variable that overrides the database path.
const EnvDB = "FRONTDESK_DB"

// DefaultDir returns the folder that holds the app's database and backups
// in the user's data directory: $XDG_DATA_HOME/frontdesk (~/.local/share/frontdesk)
// on Linux, ~/Library/Application Support/Front Desk on macOS and
// %AppData%\Front Desk on Windows.
func DefaultDir() string {
	switch runtime.GOOS {
	case "windows", "darwin":
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "Front Desk")
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "frontdesk")
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "frontdesk")
		}
	}
	return "frontdesk-data"
}

// DefaultPath returns the database the app and frontdeskctl use when none
// is given: $FRONTDESK_DB when set, else frontdesk.db in DefaultDir.
func DefaultPath() string {
	if p := os.Getenv(EnvDB); p != "" {
		return p
	}
	return filepath.Join(DefaultDir(), "frontdesk.db")
}

// BackupDir returns the folder for the automatic backups of the database at
// path: "backups" beside it.
func BackupDir(path string) string {
	return filepath.Join(filepath.Dir(path), "backups")
}
