package main

import (
	"fmt"
	"os"
	"strings"

	"frontdesk/app"
	"frontdesk/app/importer"
)

// cmdOptOutImport records a STOP list (a CSV or XLSX of phone numbers, or a
// RapidPro/TextIt contacts export) as opt-outs (directors).
func (e *env) cmdOptOutImport(args []string) error {
	fs := e.flags("optout import")
	source := fs.String("source", "", `where the list came from (default: "rapidpro file NAME" or "stop list file NAME")`)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("optout import needs one FILE (.csv or .xlsx)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return usageErrorf("cannot open %s: %v", pos[0], err)
	}
	defer f.Close()
	table, err := importer.ReadOptOuts(f, pos[0])
	if err != nil {
		return err
	}
	if *source == "" {
		*source = table.Source(pos[0])
	}
	if err := e.open(); err != nil {
		return err
	}
	// every site: the reminder system is city-wide, and so is a STOP
	rep, err := e.svc.ImportOptOuts(e.ctx, 0, table.Rows, *source)
	if err != nil {
		return err
	}
	type miss struct {
		Row   int    `json:"row"`
		Phone string `json:"phone"`
	}
	type rowErr struct {
		Row     int    `json:"row"`
		Message string `json:"message"`
	}
	out := struct {
		Format     string   `json:"format"`
		Source     string   `json:"source"`
		Rows       int      `json:"rows"`
		NotStopped int      `json:"not_stopped"`
		OptedOut   int      `json:"opted_out"`
		Already    int      `json:"already_opted_out"`
		Repeated   int      `json:"repeated_rows"`
		Unmatched  []miss   `json:"unmatched"`
		Invalid    []rowErr `json:"invalid"`
	}{table.Format, *source, rep.Rows, table.NotStopped, rep.OptedOut, rep.Already, rep.Repeated, []miss{}, []rowErr{}}
	for _, m := range rep.Unmatched {
		out.Unmatched = append(out.Unmatched, miss{m.Line, m.Phone})
	}
	for _, re := range rep.Invalid {
		out.Invalid = append(out.Invalid, rowErr{re.Line, re.Message})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Opt-outs from %s (%s):\n", pos[0], *source)
	fmt.Fprintf(&b, "  opted out now:      %d participants\n", rep.OptedOut)
	fmt.Fprintf(&b, "  already opted out:  %d participants (their first opt-out date is kept)\n", rep.Already)
	fmt.Fprintf(&b, "  matched no one:     %d phones\n", len(rep.Unmatched))
	for _, m := range rep.Unmatched {
		fmt.Fprintf(&b, "    row %d: %s\n", m.Line, app.FormatPhone(m.Phone))
	}
	fmt.Fprintf(&b, "  invalid rows:       %d\n", len(rep.Invalid))
	for _, re := range rep.Invalid {
		fmt.Fprintf(&b, "    %s\n", re.String())
	}
	if rep.Repeated > 0 {
		fmt.Fprintf(&b, "  repeated rows:      %d (a phone an earlier row gave)\n", rep.Repeated)
	}
	if table.Format == importer.FormatRapidPro {
		fmt.Fprintf(&b, "  not stopped:        %d contacts left out (status active, blocked or archived)\n", table.NotStopped)
	}
	return e.out(out, b.String())
}
