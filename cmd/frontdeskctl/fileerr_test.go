package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"frontdesk/data/datatest"
)

// A healthy database in a read-only folder, a read-only database file and a
// backup folder the account may not write are each said as such, with exit
// 1, and never called damaged or an internal error. File modes bind only
// other users, so the commands run as "nobody" (setpriv) on files root set
// up.
func TestReadOnlyPlacesAreNotDamage(t *testing.T) {
	datatest.SkipOnServer(t, "file modes of the database, its folder and a backup folder")
	if testing.Short() {
		t.Skip("builds a binary")
	}
	setpriv, err := exec.LookPath("setpriv")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and setpriv to run a command as another user")
	}
	bin := testBinary(t)
	base := t.TempDir()
	// the test's temporary folders are root's own (0700): open the way
	for _, d := range []string{filepath.Dir(bin), filepath.Dir(filepath.Dir(bin)), base, filepath.Dir(base)} {
		os.Chmod(d, 0o755)
	}
	const nobody = 65534
	asNobody := func(args ...string) (int, string) {
		cmd := exec.Command(setpriv, append([]string{"--reuid", "65534", "--regid", "65534", "--clear-groups", bin}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+base)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
	}
	newDB := func(name string) string {
		dir := filepath.Join(base, name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "fd.db")
		mustCtl(t, db, "init", "--site", "East LA WorkSource Center")
		mustCtl(t, db, "participant", "add", "--first", "Ana", "--last", "Ruiz")
		// the folder and everything set-up made in it (the database, its
		// lock, audit key and anchor) belong to the account, as they would
		// had it set the database up itself
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range append(files, dir) {
			if err := os.Chown(p, nobody, nobody); err != nil {
				t.Fatal(err)
			}
		}
		return db
	}
	wantClear := func(what string, code int, out string, words ...string) {
		t.Helper()
		t.Logf("%s: exit %d: %s", what, code, strings.TrimSpace(out))
		if code != 1 || strings.Contains(out, "damaged") || strings.Contains(out, "internal error") {
			t.Errorf("%s: exit %d: %s", what, code, out)
			return
		}
		for _, w := range words {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q does not say %q", what, out, w)
			}
		}
	}

	// a healthy database in a folder the account may not write
	db := newDB("ro-folder")
	os.Chmod(filepath.Dir(db), 0o500)
	code, out := asNobody("participant", "add", "--first", "Luis", "--last", "Paz", "--db", db)
	wantClear("add in a read-only folder", code, out, db)
	if !strings.Contains(out, "read-only") && !strings.Contains(out, "cannot be opened") {
		t.Errorf("add in a read-only folder: %q says neither read-only nor cannot be opened", out)
	}

	// a read-only database file in a writable folder
	db = newDB("ro-file")
	os.Chmod(db, 0o400)
	code, out = asNobody("participant", "add", "--first", "Luis", "--last", "Paz", "--db", db)
	wantClear("add to a read-only file", code, out, "read-only", db)

	// a backup folder the account may not write
	db = newDB("backup")
	closed := filepath.Join(base, "closed")
	os.Mkdir(closed, 0o700)
	code, out = asNobody("backup", "--out", filepath.Join(closed, "b.db"), "--db", db)
	wantClear("backup into a folder of another account", code, out, "read-only for this account", closed)
}
