//go:build linux

package main

import (
	"os"
	"path/filepath"
	"testing"

	"frontdesk/app/deskconf"
	"frontdesk/data"
)

// The database is --db, else $FRONTDESK_DB, else the server this desk
// joined, else the file in the user's data folder; only when none is set
// and that file does not exist is it the first start.
func TestChooseDatabase(t *testing.T) {
	dataHome := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dataHome)
	t.Setenv(data.EnvDB, "")
	joined := deskconf.Settings{Name: "Greeter", Server: &deskconf.Server{Host: "fd.center.example", Database: "frontdesk", User: "desk", Password: "pw"}}

	path, first := chooseDatabase("", deskconf.Settings{})
	if path != data.DefaultPath() || !first {
		t.Fatalf("nothing set, no file: %q first=%v", path, first)
	}
	if path, first = chooseDatabase("", joined); path != joined.Server.URL() || first {
		t.Fatalf("a joined desk: %q first=%v", path, first)
	}
	t.Setenv(data.EnvDB, "/srv/fd.db")
	if path, first = chooseDatabase("", joined); path != "/srv/fd.db" || first {
		t.Fatalf("$FRONTDESK_DB: %q first=%v", path, first)
	}
	if path, first = chooseDatabase("/x/y.db", joined); path != "/x/y.db" || first {
		t.Fatalf("--db: %q first=%v", path, first)
	}
	t.Setenv(data.EnvDB, "")
	// a desk that already keeps its own file is not asked again
	if err := os.MkdirAll(filepath.Dir(data.DefaultPath()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data.DefaultPath(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if path, first = chooseDatabase("", deskconf.Settings{}); path != data.DefaultPath() || first {
		t.Fatalf("an existing file: %q first=%v", path, first)
	}
}

// An unnamed desk is called by its computer's name until someone names it.
func TestDeskName(t *testing.T) {
	if got := deskName(deskconf.Settings{Name: "Resource room"}); got != "Resource room" {
		t.Fatalf("named desk: %q", got)
	}
	host, _ := os.Hostname()
	if got := deskName(deskconf.Settings{}); host != "" && got != host {
		t.Fatalf("unnamed desk on %q: %q", host, got)
	}
}
