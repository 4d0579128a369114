package main

import (
	"fmt"
	"os"
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
		Layout:      table.ImportLayout,
		Progress: func(done, total int) {
			if !e.json && time.Since(last) > time.Second {
				last = time.Now()
				fmt.Fprintf(e.stderr, "import: %d/%d rows\n", done, total)
			}
		},
	})
	if !e.json {
		// which row was the header and which columns were read, before
		// the outcome, so a person sees what the file was taken to say
		for _, l := range table.Lines() {
			fmt.Fprintln(e.stdout, l)
		}
		for _, re := range rep.Errors {
			fmt.Fprintln(e.stderr, re.String())
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
		app.ImportLayout
	}{rep.Created, rep.Updated, rep.Merged, rep.Skipped, []rowErr{}, table.ImportLayout}
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
