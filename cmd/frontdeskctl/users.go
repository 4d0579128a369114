package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
	"frontdesk/data"
)

// staffJSON is an account as frontdeskctl prints it: never a password or
// its hash.
type staffJSON struct {
	ID              int64    `json:"id"`
	Username        string   `json:"username"`
	Name            string   `json:"name"`
	Roles           []string `json:"roles"`
	Active          bool     `json:"active"`
	LastSignIn      string   `json:"last_sign_in,omitempty"`
	Confidentiality string   `json:"confidentiality_signed,omitempty"`
	Training        string   `json:"training_completed,omitempty"`
	Locked          bool     `json:"locked"`
	Temporary       bool     `json:"temporary_password"`
	DeactivatedAt   string   `json:"deactivated_at,omitempty"`
	DeactivatedBy   string   `json:"deactivated_by,omitempty"`
}

func dateString(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.UTC().Format("2006-01-02")
}

func timeString(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.UTC().Format(time.RFC3339)
}

func staffToJSON(s app.Staff, now time.Time) staffJSON {
	roles := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		roles[i] = string(r)
	}
	return staffJSON{ID: s.ID, Username: s.Username, Name: s.DisplayName, Roles: roles, Active: s.Active,
		LastSignIn: timeString(s.LastSignInAt), Confidentiality: dateString(s.ConfidentialitySigned),
		Training: dateString(s.TrainingCompleted), Locked: s.Locked(now), Temporary: s.TemporaryPassword,
		DeactivatedAt: timeString(s.DeactivatedAt), DeactivatedBy: s.DeactivatedBy}
}

// cmdUser runs the user subcommands.
func (e *env) cmdUser(sub string, args []string) error {
	switch sub {
	case "add":
		return e.cmdUserAdd(args)
	case "list":
		return e.cmdUserList(args)
	case "deactivate":
		return e.cmdUserDeactivate(args)
	case "reset-password":
		return e.cmdUserResetPassword(args)
	case "set-dates":
		return e.cmdUserSetDates(args)
	case "set-roles":
		return e.cmdUserSetRoles(args)
	case "passwd", "password":
		return e.cmdUserPasswd(args)
	case "reset-admin":
		return e.cmdUserResetAdmin(args)
	case "recovery-code":
		return e.cmdUserRecoveryCode(args)
	}
	return usageErrorf("unknown command: user %s", sub)
}

// parseUsername parses a user command's flags and its one USERNAME.
func parseUsername(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	return oneUsername(fs.Name(), pos)
}

// openStaff opens the database and finds the account named username.
func (e *env) openStaff(username string) (app.Staff, error) {
	if err := e.open(); err != nil {
		return app.Staff{}, err
	}
	return e.staffNamed(username)
}

// oneUsername checks that a user command got exactly one USERNAME.
func oneUsername(cmd string, pos []string) (string, error) {
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return "", usageErrorf("%s needs exactly one USERNAME", cmd)
	}
	return strings.ToLower(strings.TrimSpace(pos[0])), nil
}

// staffNamed finds an account by username (administrators).
func (e *env) staffNamed(username string) (app.Staff, error) {
	all, err := e.svc.ListStaff(e.ctx)
	if err != nil {
		return app.Staff{}, err
	}
	for _, s := range all {
		if s.Username == username {
			return s, nil
		}
	}
	return app.Staff{}, app.Errorf(app.ENotFound, "There is no account named %s.", username)
}

// cmdUserAdd creates an account with a temporary password.
func (e *env) cmdUserAdd(args []string) error {
	fs := e.flags("user add")
	name := fs.String("name", "", "display name")
	roles := fs.String("roles", "", "comma-separated roles")
	conf := fs.String("confidentiality", "", "date the confidentiality statement was signed (YYYY-MM-DD)")
	train := fs.String("training", "", "date security and privacy training was completed (YYYY-MM-DD)")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	n := app.NewStaff{Username: username, DisplayName: *name}
	if *roles == "" {
		return usageErrorf("user add needs --roles (front_desk, kit_circulation, case_manager, director, administrator)")
	}
	if n.Roles, err = app.ParseRoles(*roles); err != nil {
		return err
	}
	if n.ConfidentialitySigned, err = parseDate("confidentiality", *conf); err != nil {
		return err
	}
	if n.TrainingCompleted, err = parseDate("training", *train); err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	// Ask for the password only once the caller may add accounts.
	if _, err := e.svc.ListStaff(e.ctx); err != nil {
		return err
	}
	if n.Password, err = newPassword(envNewPassword, "Temporary password for "+username); err != nil {
		return err
	}
	st, err := e.svc.CreateStaff(e.ctx, n)
	if err != nil {
		return err
	}
	return e.out(staffToJSON(st, e.svc.Now()), fmt.Sprintf("Added %s (%s) as %s. The temporary password lasts %d hours and must be changed at first sign-in.",
		st.Username, st.DisplayName, app.JoinRoles(st.Roles), int(app.TemporaryPasswordTTL.Hours())))
}

// cmdUserList lists every account.
func (e *env) cmdUserList(args []string) error {
	fs := e.flags("user list")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("user list: unexpected argument %q", pos[0])
	}
	if err := e.open(); err != nil {
		return err
	}
	all, err := e.svc.ListStaff(e.ctx)
	if err != nil {
		return err
	}
	now := e.svc.Now()
	if e.json {
		out := make([]staffJSON, len(all))
		for i, s := range all {
			out[i] = staffToJSON(s, now)
		}
		return e.out(out, "")
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tACTIVE\tLAST SIGN-IN\tCONFIDENTIALITY\tTRAINING\tLOCKED\tTEMPORARY")
	for _, s := range all {
		last := "never"
		if s.LastSignInAt != nil {
			last = s.LastSignInAt.UTC().Format("2006-01-02 15:04Z")
		}
		dash := func(s string) string {
			if s == "" {
				return "-"
			}
			return s
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Username, s.DisplayName, app.JoinRoles(s.Roles), yes(s.Active), last,
			dash(dateString(s.ConfidentialitySigned)), dash(dateString(s.TrainingCompleted)), yes(s.Locked(now)), yes(s.TemporaryPassword))
	}
	tw.Flush()
	return e.out(nil, b.String())
}

// cmdUserDeactivate closes an account.
func (e *env) cmdUserDeactivate(args []string) error {
	fs := e.flags("user deactivate")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	st, err := e.openStaff(username)
	if err != nil {
		return err
	}
	if st, err = e.svc.DeactivateStaff(e.ctx, st.ID); err != nil {
		return err
	}
	return e.out(staffToJSON(st, e.svc.Now()), fmt.Sprintf("Deactivated %s; the account is kept and can no longer sign in.", st.Username))
}

// cmdUserResetPassword gives an account a new temporary password.
func (e *env) cmdUserResetPassword(args []string) error {
	fs := e.flags("user reset-password")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	st, err := e.openStaff(username)
	if err != nil {
		return err
	}
	pw, err := newPassword(envNewPassword, "Temporary password for "+username)
	if err != nil {
		return err
	}
	if st, err = e.svc.ResetPassword(e.ctx, st.ID, pw); err != nil {
		return err
	}
	return e.out(staffToJSON(st, e.svc.Now()), fmt.Sprintf("Gave %s a temporary password (%d hours; to be changed at first sign-in).",
		st.Username, int(app.TemporaryPasswordTTL.Hours())))
}

// cmdUserSetDates records confidentiality and training dates.
func (e *env) cmdUserSetDates(args []string) error {
	fs := e.flags("user set-dates")
	conf := fs.String("confidentiality", "", "date the confidentiality statement was signed (YYYY-MM-DD)")
	train := fs.String("training", "", "date security and privacy training was completed (YYYY-MM-DD)")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	c, err := parseDate("confidentiality", *conf)
	if err != nil {
		return err
	}
	t, err := parseDate("training", *train)
	if err != nil {
		return err
	}
	if c == nil && t == nil {
		return usageErrorf("user set-dates needs --confidentiality DATE, --training DATE or both")
	}
	st, err := e.openStaff(username)
	if err != nil {
		return err
	}
	if st, err = e.svc.SetStaffDates(e.ctx, st.ID, c, t); err != nil {
		return err
	}
	return e.out(staffToJSON(st, e.svc.Now()), fmt.Sprintf("%s: confidentiality statement %s, training %s",
		st.Username, orNone(dateString(st.ConfidentialitySigned)), orNone(dateString(st.TrainingCompleted))))
}

func orNone(s string) string {
	if s == "" {
		return "none on record"
	}
	return s
}

// cmdUserSetRoles replaces an account's roles.
func (e *env) cmdUserSetRoles(args []string) error {
	fs := e.flags("user set-roles")
	roles := fs.String("roles", "", "comma-separated roles")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	if *roles == "" {
		return usageErrorf("user set-roles needs --roles R1,R2")
	}
	rs, err := app.ParseRoles(*roles)
	if err != nil {
		return err
	}
	st, err := e.openStaff(username)
	if err != nil {
		return err
	}
	if st, err = e.svc.SetStaffRoles(e.ctx, st.ID, rs); err != nil {
		return err
	}
	return e.out(staffToJSON(st, e.svc.Now()), fmt.Sprintf("%s now has the roles %s", st.Username, app.JoinRoles(st.Roles)))
}

// cmdUserPasswd changes the signed-in person's own password; it is the one
// command a temporary password may run.
func (e *env) cmdUserPasswd(args []string) error {
	fs := e.flags("user passwd")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("user passwd changes the password of --user; it takes no USERNAME")
	}
	e.auth = authTemporary
	if err := e.open(); err != nil {
		return err
	}
	if !e.signedIn {
		return usageErrorf("%s has no staff accounts yet: there is no password to change", data.Shown(e.dbPath))
	}
	// The password just used to sign in is the current one.
	old := e.password
	pw, err := newPassword(envNewPassword, "New password")
	if err != nil {
		return err
	}
	sess, err := e.svc.ChangePassword(e.ctx, old, pw)
	if err != nil {
		return err
	}
	return e.out(map[string]string{"username": sess.Staff.Username, "changed": "password"}, "Changed the password of "+sess.Staff.Username)
}

// cmdUserResetAdmin is the way back in when no administrator can sign in:
// it needs no --user, but the recovery code made at set-up (from
// FRONTDESK_RECOVERY_CODE or asked for), and names the operating-system
// user in the audit record. It shows the new recovery code that replaces
// the one used, once.
func (e *env) cmdUserResetAdmin(args []string) error {
	fs := e.flags("user reset-admin")
	name := fs.String("name", "", "display name, for a new account")
	out := fs.String("out", "", "also write the new recovery code's page to print, FILE.pdf")
	username, err := parseUsername(fs, args)
	if err != nil {
		return err
	}
	if err := checkPDFOut(*out); err != nil {
		return err
	}
	e.auth = authNone
	if err := e.open(); err != nil {
		return err
	}
	if has, err := e.svc.HasRecoveryCode(e.ctx); err != nil {
		return err
	} else if !has {
		return app.Errorf(app.EForbidden, "This database has no recovery code, so reset-admin cannot be used. An administrator who can sign in must make one first: frontdeskctl user recovery-code --user NAME.")
	}
	code, err := password(envRecoveryCode, "Recovery code (from the printed page in the director's safe)")
	if err != nil {
		return err
	}
	pw, err := newPassword(envNewPassword, "Temporary password for "+username)
	if err != nil {
		return err
	}
	rec, err := e.svc.RecoverAdministrator(e.ctx, code, username, *name, pw, osUser())
	if err != nil {
		return err
	}
	st := rec.Staff
	text := fmt.Sprintf("%s is an active administrator again with a temporary password (%d hours). They must change it at first sign-in: frontdeskctl user passwd --user %s",
		st.Username, int(app.TemporaryPasswordTTL.Hours()), st.Username)
	return e.showRecoveryCode(rec.Code, "reset-admin", *out, text, map[string]any{"administrator": staffToJSON(st, e.svc.Now())})
}

// cmdUserRecoveryCode makes a new recovery code (administrators), replacing
// the old one, and shows it once.
func (e *env) cmdUserRecoveryCode(args []string) error {
	fs := e.flags("user recovery-code")
	out := fs.String("out", "", "also write the code's page to print, FILE.pdf")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("user recovery-code: unexpected argument %q", pos[0])
	}
	if err := checkPDFOut(*out); err != nil {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	code, err := e.svc.NewRecoveryCode(e.ctx)
	if err != nil {
		return err
	}
	by := e.session.Staff.Username
	if by == "" {
		by = app.LocalOperator.Username
	}
	return e.showRecoveryCode(code, by, *out, "The old recovery code no longer works.", nil)
}

// checkPDFOut checks an --out for a recovery code's page.
func checkPDFOut(out string) error {
	if out != "" && !strings.EqualFold(filepath.Ext(out), ".pdf") {
		return usageErrorf("--out writes a .pdf file, not %q", filepath.Base(out))
	}
	return nil
}

// showRecoveryCode prints a new recovery code, once, with what to do with
// it, after text; with out, it also writes the page to print there. In
// --json, the code is the "recovery_code" of fields.
func (e *env) showRecoveryCode(code, by, out, text string, fields map[string]any) error {
	if fields == nil {
		fields = map[string]any{}
	}
	fields["recovery_code"] = code
	note := "Print the recovery code and keep it in the director's safe; it is shown only this once."
	if out != "" {
		site, err := e.site()
		if err != nil {
			return err
		}
		sheet := pdf.RecoverySheet{Site: site, Code: code, At: e.svc.Now(), By: by}
		if err := writeFileAtomic(out, func(f *os.File) error { return pdf.Recovery(f, sheet) }); err != nil {
			return err
		}
		fields["out"] = out
		note = "The page to print is " + out + ": print it, keep it in the director's safe, then delete the file."
	}
	if text != "" {
		text += "\n"
	}
	return e.out(fields, text+"\nNew recovery code: "+code+"\n\n"+note+
		"\nIf no administrator can sign in, frontdeskctl user reset-admin USERNAME asks for it.")
}
