package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"frontdesk/app"
	"frontdesk/app/importer"
)

// cmdImport imports participants from a CSV or XLSX file: all rows or none,
// unless --skip-invalid.
func (e *env) cmdImport(args []string) error {
	fs := e.flags("import participants")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and report the others")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("import participants needs one FILE (.csv or .xlsx)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return usageErrorf("cannot open %s: %v", pos[0], err)
	}
	defer f.Close()
	table, err := importer.Read(f, pos[0])
	if err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	last := time.Now()
	rep, err := e.svc.ImportParticipants(e.ctx, site.ID, table.ImportRows(), app.ImportOptions{
		SkipInvalid: *skip,
		Progress: func(done, total int) {
			if !e.json && time.Since(last) > time.Second {
				last = time.Now()
				fmt.Fprintf(e.stderr, "import: %d/%d rows\n", done, total)
			}
		},
	})
	if !e.json {
		for _, re := range rep.Errors {
			fmt.Fprintln(e.stderr, re.String())
		}
		if len(table.Ignored) > 0 {
			fmt.Fprintf(e.stderr, "import: ignored columns: %s\n", strings.Join(table.Ignored, ", "))
		}
	}
	type rowErr struct {
		Row     int    `json:"row"`
		Field   string `json:"field,omitempty"`
		Message string `json:"message"`
	}
	out := struct {
		Created int      `json:"created"`
		Updated int      `json:"updated"`
		Merged  int      `json:"merged"`
		Skipped int      `json:"skipped"`
		Errors  []rowErr `json:"errors"`
		Ignored []string `json:"ignored_columns"`
	}{rep.Created, rep.Updated, rep.Merged, rep.Skipped, []rowErr{}, table.Ignored}
	for _, re := range rep.Errors {
		out.Errors = append(out.Errors, rowErr{re.Line, re.Field, re.Message})
	}
	if err != nil {
		if e.json {
			e.out(out, "")
		}
		return err
	}
	return e.out(out, fmt.Sprintf("Imported %s: %d new, %d updated, %d merged duplicate rows, %d skipped", pos[0], rep.Created, rep.Updated, rep.Merged, rep.Skipped))
}
