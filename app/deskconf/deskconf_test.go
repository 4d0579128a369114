package deskconf

import (
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSaveLoadOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "desk.json")
	s, err := Load(path)
	if err != nil || s.Name != "" || s.Server != nil {
		t.Fatalf("no file yet: %+v %v", s, err)
	}
	want := Settings{Name: "Resource room", Server: &Server{Host: "fd.center.example", Port: 5433, Database: "frontdesk", User: "desk1", Password: "p@ss:/word ñ", SSLMode: "verify-full"}}
	if err := Save(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || got.Name != want.Name || got.Server == nil || *got.Server != *want.Server {
		t.Fatalf("read back %+v %v", got, err)
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{path, filepath.Dir(path)} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm()&0o077 != 0 {
				t.Errorf("%s is %v: others may read it", p, fi.Mode().Perm())
			}
		}
		// a file someone made readable is tightened when read
		os.Chmod(path, 0o644)
		if _, err := Load(path); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("after Load the settings are %v", fi.Mode().Perm())
		}
	}
	// nothing is left beside it
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the settings folder holds %d files", len(entries))
	}
}

func TestLoadRefusesDamagedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.json")
	os.WriteFile(path, []byte("{name: oops"), 0o600)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "unreadable") {
		t.Fatalf("damaged settings: %v", err)
	}
}

func TestServerURL(t *testing.T) {
	s := Server{Host: "fd.center.example", Port: 5433, Database: "frontdesk", User: "desk1", Password: "p@ss:/word ñ", SSLMode: "require"}
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	if u.Scheme != "postgres" || u.Host != "fd.center.example:5433" || u.Path != "/frontdesk" ||
		u.User.Username() != "desk1" || pw != s.Password || u.Query().Get("sslmode") != "require" {
		t.Fatalf("URL %s", s.URL())
	}
	// no password: the server's ~/.pgpass answers; no port: 5432
	s = Server{Host: "::1", Database: "fd", User: "desk"}
	u, err = url.Parse(s.URL())
	if err != nil || u.Hostname() != "::1" || u.Port() != "" {
		t.Fatalf("URL %s: %v", s.URL(), err)
	}
	if _, set := u.User.Password(); set {
		t.Fatalf("a password in %s", s.URL())
	}
}

func TestServerCheck(t *testing.T) {
	good := Server{Host: "10.0.0.5", Database: "frontdesk", User: "desk1"}
	if msg := good.Check(); msg != "" {
		t.Fatalf("good settings refused: %s", msg)
	}
	for _, c := range []struct {
		change func(*Server)
		says   string
	}{
		{func(s *Server) { s.Host = " " }, "host"},
		{func(s *Server) { s.Host = "postgres://x" }, "host"},
		{func(s *Server) { s.Port = 70000 }, "port"},
		{func(s *Server) { s.Database = "" }, "database"},
		{func(s *Server) { s.User = "" }, "user"},
		{func(s *Server) { s.SSLMode = "maybe" }, "sslmode"},
	} {
		s := good
		c.change(&s)
		if field := s.Check(); field != c.says {
			t.Errorf("%+v: %q, want %q", s, field, c.says)
		}
	}
}
