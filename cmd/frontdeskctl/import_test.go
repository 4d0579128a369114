package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/app/importer/importertest"
)

// TestImportCenterWorkbook runs `import participants` on the sign-in
// workbook of importertest (title row, blank row, bilingual headers, phones
// typed as numbers, three bad rows) and a real database.
func TestImportCenterWorkbook(t *testing.T) {
	db, _, _ := newDB(t) // one participant already: María González, 213-555-0142
	fx := importertest.CenterWorkbook
	file := filepath.Join(t.TempDir(), "Sign-in 12-03.xlsx")
	if err := os.WriteFile(file, importertest.CenterWorkbookBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		return strings.Count(mustCtl(t, db, "participant", "list", "--json"), `"code"`)
	}

	// without --skip-invalid: refused, the bad rows named, nothing saved
	exit, out, errs := ctl(t, db, "", "import", "participants", file)
	if exit != 1 {
		t.Fatalf("exit %d\n%s\n%s", exit, out, errs)
	}
	for _, w := range []string{"rows 6, 7 and 8", "nothing was imported", "row 6: last name: is required", "row 7: email:", "row 8: phone:", "lost its last digits"} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	for _, w := range []string{"Header: row 3", `B "Nombre / First Name" (first name)`, `D "Teléfono / Phone" (phone)`, `F "¿Mensajes? / Texts OK?" (text consent)`, `Columns ignored: A "#", G "Firma / Signature"`} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("a refused import saved: %d participants", n)
	}

	// with --skip-invalid: the good rows, María's row updating her record
	var rep struct {
		Created, Updated, Skipped int
		Errors                    []struct{ Row int }
		app.ImportLayout
	}
	if err := json.Unmarshal([]byte(mustCtl(t, db, "import", "participants", file, "--skip-invalid", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	var bad []int
	for _, e := range rep.Errors {
		bad = append(bad, e.Row)
	}
	if rep.Created != 2 || rep.Updated != 1 || rep.Skipped != 3 || !slices.Equal(bad, fx.BadLines) || rep.HeaderLine != 3 ||
		len(rep.Used) != len(fx.Used) || rep.Used[2].Field != "phone" || len(rep.Ignored) != len(fx.Ignored) {
		t.Fatalf("report %+v", rep)
	}
	if n := count(); n != 3 {
		t.Fatalf("%d participants after the import, want 3", n)
	}
	list := mustCtl(t, db, "participant", "list", "--search", "jose")
	if !strings.Contains(list, "José Núñez") || !strings.Contains(list, "(213) 555-0199") {
		t.Fatalf("José: %q", list)
	}
}
