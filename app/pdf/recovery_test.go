package pdf_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

func TestRecoverySheet(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	code := app.NewRecoveryCodeText()
	s := pdf.RecoverySheet{Site: app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"},
		Code: code, At: time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC), By: "director"}
	var a, b bytes.Buffer
	if err := pdf.Recovery(&a, s); err != nil {
		t.Fatal(err)
	}
	if err := pdf.Recovery(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same sheet gave different bytes")
	}
	path := filepath.Join(t.TempDir(), "recovery.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("FRONTDESK_SHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "recovery.pdf"), a.Bytes(), 0o600)
	}
	txt := string(run(t, pdftotext, "-layout", path, "-"))
	if n := strings.Count(txt, "\f"); n != 1 {
		t.Errorf("%d pages, want 1", n)
	}
	for _, want := range []string{code, "East LA WorkSource Center", "Made on / Creado el: 2026-03-10 10:15 PDT", "By / Por: director",
		"director's safe", "caja fuerte", "frontdeskctl user reset-admin", "Placed in the safe by"} {
		if !strings.Contains(txt, want) {
			t.Errorf("no %q in\n%s", want, txt)
		}
	}
	var none bytes.Buffer
	if err := pdf.Recovery(&none, pdf.RecoverySheet{Site: s.Site}); app.ErrorCode(err) != app.EInvalid || none.Len() != 0 {
		t.Errorf("no code: %v, %d bytes", err, none.Len())
	}
}
