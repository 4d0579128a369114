package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/deskconf"
)

// The first start asks how the desk works. "This desk joins a center
// server" asks for the server, refuses a form it cannot try with a clear
// sentence, shows why a server refused, and hands back what was typed.
func TestFirstStartJoinsACenterServer(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1024, 600))
	own := 0
	tries := make(chan deskconf.Settings, 4)
	answer := make(chan error, 4)
	s := ShowFirstStart(w, FirstStartOptions{
		DeskName: "PC-0412",
		OwnFile:  func() { own++ },
		Join: func(c deskconf.Settings) error {
			tries <- c
			return <-answer
		},
	})
	test.Tap(s.join)
	if s.host == nil || w.Canvas().Focused() != s.host {
		t.Fatal("the server form did not open on the server's address")
	}
	if s.deskName.Text != "PC-0412" || s.database.Text != "frontdesk" || s.port.Text != "5432" {
		t.Fatalf("the form's defaults: %q %q %q", s.deskName.Text, s.database.Text, s.port.Text)
	}
	// nothing typed: said, and the server is not tried
	test.Tap(s.connect)
	if !strings.Contains(s.errLine.Text, "server's address") || len(tries) != 0 {
		t.Fatalf("empty form: %q (%d tries)", s.errLine.Text, len(tries))
	}
	test.Type(s.host, "fd.center.example")
	s.port.SetText("54x")
	test.Tap(s.connect)
	if !strings.Contains(s.errLine.Text, "port is a number") {
		t.Fatalf("bad port: %q", s.errLine.Text)
	}
	s.port.SetText("6432")
	test.Type(s.user, "desk_greeter")
	test.Type(s.password, "s3cret pass")
	s.deskName.SetText(" ")
	test.Tap(s.connect)
	if !strings.Contains(s.errLine.Text, "give this desk a name") {
		t.Fatalf("no desk name: %q", s.errLine.Text)
	}
	s.deskName.SetText("Greeter")
	s.sslMode.SetSelectedIndex(0)
	// Enter in a field connects, as the button does
	s.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	var got deskconf.Settings
	select {
	case got = <-tries:
	case <-time.After(5 * time.Second):
		t.Fatal("the server was not tried")
	}
	want := deskconf.Server{Host: "fd.center.example", Port: 6432, Database: "frontdesk", User: "desk_greeter", Password: "s3cret pass", SSLMode: "verify-full"}
	if got.Name != "Greeter" || got.Server == nil || *got.Server != want {
		t.Fatalf("tried %+v %+v", got, got.Server)
	}
	if !s.connect.Disabled() {
		t.Fatal("Connect can be pressed again while the server is being tried")
	}
	answer <- app.Errorf(app.EInvalid, "The center server %s refused the desk's user name or password.", "fd.center.example")
	deadline := time.Now().Add(5 * time.Second)
	for s.connect.Disabled() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.connect.Disabled() || !strings.Contains(s.errLine.Text, "refused the desk's user name or password") {
		t.Fatalf("after a refusal: disabled=%v %q", s.connect.Disabled(), s.errLine.Text)
	}
	// Back returns to the choice; keeping records here is the other way
	test.Tap(s.back)
	test.Tap(findButton(w.Content(), "This computer keeps its own records"))
	if own != 1 {
		t.Fatalf("own file chosen %d times", own)
	}
}

// A Space that presses "This desk joins a center server" in the real
// window reaches the server's address as a typed space; it is dropped.
func TestFirstStartAddressDropsLeadingSpace(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	s := ShowFirstStart(w, FirstStartOptions{OwnFile: func() {}, Join: func(deskconf.Settings) error { return nil }})
	test.Tap(s.join)
	test.Type(s.host, " fd.center.example")
	if s.host.Text != "fd.center.example" {
		t.Fatalf("address %q", s.host.Text)
	}
}
