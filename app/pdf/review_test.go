package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// review makes an access review of n accounts, every third one flagged.
func review(n int) app.AccessReview {
	at := time.Date(2026, 3, 10, 17, 15, 0, 0, time.UTC)
	rev := app.AccessReview{At: at, By: "admin", Seed: 42, ActiveAccounts: n + 3}
	for i := 0; i < n; i++ {
		st := app.Staff{Username: fmt.Sprintf("user%02d", i), DisplayName: fmt.Sprintf("Staff Member %d", i),
			Roles: []app.Role{app.RoleFrontDesk, app.RoleCaseManager}, Active: true}
		row := app.AccessReviewRow{Staff: st}
		if i%3 == 0 {
			row.Flags = []string{"no sign-in for 90 days", "training expired or missing"}
		}
		rev.Rows = append(rev.Rows, row)
	}
	return rev
}

func TestAccessReviewPagesAndDeterminism(t *testing.T) {
	pdftotext := needTool(t, "pdftotext")
	site := app.Site{Name: "East LA WorkSource Center", TimeZone: "America/Los_Angeles"}
	rev := review(60)
	rev.Rows[1].Staff.Username = "averyveryverylongusernamethatneverends"
	var a, b bytes.Buffer
	if err := pdf.AccessReview(&a, site, rev); err != nil {
		t.Fatal(err)
	}
	if err := pdf.AccessReview(&b, site, rev); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same review gave different bytes")
	}
	path := filepath.Join(t.TempDir(), "review.pdf")
	os.WriteFile(path, a.Bytes(), 0o644)
	txt := string(run(t, pdftotext, "-layout", path, "-"))
	pages := strings.Count(txt, "\f")
	if pages < 2 {
		t.Fatalf("60 accounts fit on %d page(s)?\n%s", pages, txt)
	}
	for p := 1; p <= pages; p++ {
		if !strings.Contains(txt, fmt.Sprintf("Page %d of %d", p, pages)) {
			t.Errorf("no \"Page %d of %d\"", p, pages)
		}
	}
	for i := 0; i < 60; i++ {
		if i != 1 && strings.Count(txt, fmt.Sprintf("user%02d ", i)) != 1 {
			t.Errorf("user%02d is not in the review exactly once", i)
		}
	}
	// a username too long for its column is broken over lines
	if !strings.Contains(txt, "averyveryv") || !strings.Contains(txt, "63 active accounts") || !strings.Contains(txt, "20 of 60") {
		t.Errorf("review text:\n%s", txt)
	}
	if strings.Index(txt, "Signature / Firma") < strings.LastIndex(txt, "user59") {
		t.Error("the signature block is not after the last row")
	}
}
