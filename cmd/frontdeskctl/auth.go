package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"strings"
	"syscall"
	"time"

	"frontdesk/app"
	"frontdesk/data"
)

// Where passwords come from when there is no terminal to ask on.
const (
	envPassword     = "FRONTDESK_PASSWORD"      // the signing-in account's password
	envNewPassword  = "FRONTDESK_NEW_PASSWORD"  // a new or temporary password being set
	envRecoveryCode = "FRONTDESK_RECOVERY_CODE" // the recovery code, for user reset-admin
)

// authMode says how a command signs in.
type authMode int

const (
	// authNormal: as --user once accounts exist; as the local operator
	// before. A temporary password is refused.
	authNormal authMode = iota
	// authTemporary is authNormal, but a temporary password is accepted
	// (user passwd).
	authTemporary
	// authNone: no sign-in; the command stays the local operator (init
	// --admin before the first account, user reset-admin).
	authNone
)

// authenticate signs in as --user when the database has staff accounts, and
// then runs the command as that account: the services check its roles and
// audit what it does. Before the first account, commands act as the local
// operator.
func (e *env) authenticate() error {
	if e.auth == authNone {
		return nil
	}
	has, err := e.svc.HasStaff(e.ctx)
	if err != nil {
		return err
	}
	if !has {
		if e.user != "" {
			return usageErrorf("%s has no staff accounts yet: create the first administrator with frontdeskctl init --admin USERNAME (until then, leave out --user)", data.Shown(e.dbPath))
		}
		return nil
	}
	if strings.TrimSpace(e.user) == "" {
		return usageErrorf("this database has staff accounts: give --user NAME (password from %s or the prompt)", envPassword)
	}
	pw, err := password(envPassword, "Password for "+e.user)
	if err != nil {
		return err
	}
	sess, err := e.svc.SignIn(e.ctx, e.user, pw)
	if err != nil {
		return err
	}
	for _, w := range sess.Warnings {
		fmt.Fprintln(e.stderr, "frontdeskctl: warning: "+w.String())
	}
	if sess.Actor.MustChangePassword && e.auth != authTemporary {
		return usageErrorf("%s signed in with a temporary password: choose your own first with frontdeskctl user passwd --user %s", sess.Staff.Username, sess.Staff.Username)
	}
	e.ctx = app.WithActor(e.ctx, sess.Actor)
	e.session, e.signedIn = sess, true
	if e.auth == authTemporary {
		e.password = pw // user passwd checks it again as the current one
	}
	return nil
}

// requireAdministrator refuses a command the services do not guard (backup,
// restore) unless the actor is an administrator.
func (e *env) requireAdministrator() error {
	if a, ok := app.ActorFrom(e.ctx); ok && a.Has(app.RoleAdministrator) && !a.MustChangePassword {
		return nil
	}
	return app.Errorf(app.EForbidden, "Your account is not allowed to do this (needs the %s role).", app.RoleAdministrator)
}

// password returns the password in environment variable name, or asks for
// it on the terminal without echo.
func password(name, prompt string) (string, error) {
	if pw, ok := os.LookupEnv(name); ok {
		return pw, nil
	}
	return promptPassword(prompt, name)
}

// newPassword returns a password being set: from environment variable name,
// or asked for twice on the terminal.
func newPassword(name, prompt string) (string, error) {
	if pw, ok := os.LookupEnv(name); ok {
		return pw, nil
	}
	pw, err := promptPassword(prompt, name)
	if err != nil {
		return "", err
	}
	again, err := promptPassword("Type it again", name)
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", usageErrorf("the two passwords are not the same; nothing was changed")
	}
	return pw, nil
}

// promptPassword asks for a password on the terminal; tests replace it.
var promptPassword = ttyPassword

// ttyPassword asks for a password on /dev/tty with echo turned off (by
// stty, as golang.org/x/term is not available) and restores the terminal
// afterwards, also when interrupted.
func ttyPassword(prompt, envName string) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", usageErrorf("no password: set %s or run frontdeskctl on a terminal", envName)
	}
	defer tty.Close()
	saved, err := stty(tty, "-g")
	if err != nil {
		return "", usageErrorf("cannot turn off echo on the terminal (%v): set %s instead", err, envName)
	}
	if _, err := stty(tty, "-echo"); err != nil {
		return "", usageErrorf("cannot turn off echo on the terminal (%v): set %s instead", err, envName)
	}
	restore := func() { stty(tty, saved) }
	defer restore()
	// Ctrl-C while echo is off must not leave the terminal silent.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	defer func() { signal.Stop(sig); close(done) }()
	go func() {
		select {
		case <-sig:
			restore()
			fmt.Fprintln(tty)
			os.Exit(130)
		case <-done:
		}
	}()
	fmt.Fprint(tty, prompt+": ")
	line, err := bufio.NewReader(tty).ReadString('\n')
	fmt.Fprintln(tty)
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", usageErrorf("no password given")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// stty runs stty on the terminal tty and returns what it printed.
func stty(tty *os.File, args ...string) (string, error) {
	cmd := exec.Command("stty", args...)
	cmd.Stdin = tty
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// parseDate reads a YYYY-MM-DD date flag as midnight UTC (how account dates
// are kept); "" gives nil.
func parseDate(flag, s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, usageErrorf("--%s: %q is not a date like 2026-03-10", flag, s)
	}
	return &d, nil
}

// osUser names the person running frontdeskctl, for reset-admin's audit
// record.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
