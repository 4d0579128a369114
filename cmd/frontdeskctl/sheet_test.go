package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"frontdesk/app"
	"frontdesk/data"
)

// withLocalService runs fn with a service over db acting as the local
// operator, for set-up the command line has no command for.
func withLocalService(t *testing.T, db string, fn func(ctx context.Context, svc *app.Service) error) {
	t.Helper()
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(ctx, db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := fn(ctx, app.NewService(st, clock)); err != nil {
		t.Fatal(err)
	}
}

// sheetText returns a sheet's text as pdftotext gives it, with right-to-left
// words' embedding marks removed and Arabic presentation forms normalised.
func sheetText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdftotext"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("\u202b", "", "\u202c", "").Replace(string(out))
	return norm.NFKC.String(s)
}

func TestSheetCommand(t *testing.T) {
	db := adminDB(t)
	dir := t.TempDir()
	mustAs(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,front_desk")
	people := [][]string{
		{"--first", "María", "--last", "González", "--phone", "213-555-0142", "--email", "maria@example.org"},
		{"--first", "علاء", "--last", "الحسن"},
		{"--first", "민준", "--last", "김"},
	}
	var ids []int64
	for _, p := range people {
		var got struct{ ID int64 }
		if err := json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, append([]string{"participant", "add", "--json"}, p...)...)), &got); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got.ID)
	}
	var ev struct{ ID int64 }
	if err := json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "event", "add", "--title", "Orientation", "--start", "2026-03-12 10:00",
		"--duration", "90m", "--location", "Room A", "--json")), &ev); err != nil {
		t.Fatal(err)
	}
	evID := strconv.FormatInt(ev.ID, 10)
	withLocalService(t, db, func(ctx context.Context, svc *app.Service) error {
		for _, id := range ids {
			if err := svc.Register(ctx, ev.ID, id); err != nil {
				return err
			}
		}
		return nil
	})

	out := filepath.Join(dir, "sheet.pdf")
	// Front desk may not print a roster, nor a blank sheet.
	code, _, errs := as(t, db, "admin", adminPW, "sheet", "--event", evID, "--prefilled", "--out", out)
	wantFail(t, "front desk prints a roster", code, errs, "needs the director role")
	code, _, errs = as(t, db, "admin", adminPW, "sheet", "--event", evID, "--out", out)
	wantFail(t, "front desk prints a blank sheet", code, errs, "needs the director role")
	if n := len(auditJSONList(t, db, "--action", "print.")); n != 0 {
		t.Fatalf("refused prints audited: %d", n)
	}

	mustAs(t, db, "admin", adminPW, "user", "set-roles", "admin", "--roles", "administrator,director")
	for _, c := range []struct {
		args    []string
		mention string
	}{
		{[]string{"sheet", "--out", out}, "--event"},
		{[]string{"sheet", "--event", evID}, "--out"},
		{[]string{"sheet", "--event", "P-7K3VSET56GQ", "--out", out}, "neither an event id nor an event code"},
		{[]string{"sheet", "--event", evID, "--out", out, "--rows", "-1"}, "--rows"},
		{[]string{"sheet", "--event", "999", "--out", out}, "No event"},
	} {
		code, _, errs := as(t, db, "admin", adminPW, c.args...)
		wantFail(t, strings.Join(c.args, " "), code, errs, c.mention)
	}

	var res struct {
		Code         string
		Participants int
		Contacts     bool
	}
	if err := json.Unmarshal([]byte(mustAs(t, db, "admin", adminPW, "sheet", "--event", evID, "--prefilled", "--out", out, "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Participants != 3 || res.Contacts || res.Code != app.EventCode(ev.ID) {
		t.Fatalf("sheet --json: %+v", res)
	}
	text := sheetText(t, out)
	for _, name := range []string{"María González", "علاء الحسن", "민준 김", "Orientation", "Room A", "Page 1 of 1"} {
		if !strings.Contains(text, name) {
			t.Errorf("pre-filled sheet lacks %q:\n%s", name, text)
		}
	}
	if strings.Contains(text, "555-0142") || strings.Contains(text, "maria@example.org") {
		t.Errorf("contacts printed with the setting off:\n%s", text)
	}

	// With the setting on, contacts are printed.
	withLocalService(t, db, func(ctx context.Context, svc *app.Service) error {
		st, err := svc.Settings(ctx)
		if err != nil {
			return err
		}
		st.SheetContactColumns = true
		return svc.SetSettings(ctx, st)
	})
	mustAs(t, db, "admin", adminPW, "sheet", "--event", evID, "--prefilled", "--a4", "--out", out)
	if text := sheetText(t, out); !strings.Contains(text, "(213) 555-0142") || !strings.Contains(text, "maria@example.org") {
		t.Errorf("contacts not printed with the setting on:\n%s", text)
	}

	// A blank sheet, the event named by its code: no names.
	blank := filepath.Join(dir, "blank.pdf")
	msg := mustAs(t, db, "admin", adminPW, "sheet", "--event", strings.ToLower(app.EventCode(ev.ID)), "--rows", "5", "--out", blank)
	if !strings.Contains(msg, "blank") {
		t.Errorf("sheet output %q", msg)
	}
	text = sheetText(t, blank)
	if strings.Contains(text, "María") || !strings.Contains(text, "\n     5") || strings.Contains(text, "\n     6") {
		t.Errorf("blank sheet of 5 rows:\n%s", text)
	}

	prints := auditJSONList(t, db, "--action", "print.")
	if len(prints) != 3 {
		t.Fatalf("prints audited: %+v", prints)
	}
	want := []struct{ action, detail string }{{"print.sheet", ""}, {"print.roster", "3 rows"}, {"print.roster", "3 rows"}}
	for i, w := range want {
		p := prints[i]
		if p.Actor != "admin" || p.Action != w.action || p.Entity != "event" || p.Ref != evID || p.Detail != w.detail {
			t.Errorf("audit %d: %+v, want %s %q", i, p, w.action, w.detail)
		}
	}
}
