package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"frontdesk/app"
	"frontdesk/app/csvfile"
	"frontdesk/app/pdf"
)

// listFormat returns "pdf" or "csv" from the extension of out.
func listFormat(cmd, out string) (string, error) {
	if out == "" {
		return "", usageErrorf("%s needs --out FILE.pdf|FILE.csv", cmd)
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".pdf":
		return "pdf", nil
	case ".csv":
		return "csv", nil
	}
	return "", usageErrorf("--out %s: the file must end in .pdf or .csv", out)
}

// csvKindFlag adds --csv to a command that writes a CSV for people; the
// returned function reads it after parsing.
func csvKindFlag(fs *flag.FlagSet) func() (csvfile.Kind, error) {
	v := fs.String("csv", "excel", "a CSV's kind: excel (UTF-8 with a byte-order mark and CRLF line ends, so Excel on Windows shows accents right when the file is opened by double-click) or plain (UTF-8 without the mark, LF, for programs)")
	return func() (csvfile.Kind, error) {
		k, err := csvfile.ParseKind(*v)
		if err != nil {
			return k, usageErrorf("%v", err)
		}
		return k, nil
	}
}

// writeKitList writes a kit list to path, recording the print in the audit
// log before the file appears, so no list goes unrecorded.
func (e *env) writeKitList(path string, items int, write func(io.Writer) error) error {
	return writeFileAtomic(path, func(f *os.File) error {
		if err := write(f); err != nil {
			return err
		}
		return e.svc.RecordKitPrint(e.ctx, app.ActionPrintKitList, 0, items)
	})
}

// cmdLoanOverdue: loan overdue --out FILE.pdf|FILE.csv
func (e *env) cmdLoanOverdue(args []string) error {
	fs := e.flags("loan overdue")
	out := fs.String("out", "", "the PDF or CSV file to write (the format follows the extension)")
	csvKind := csvKindFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("loan overdue", pos); err != nil {
		return err
	}
	kind, err := csvKind()
	if err != nil {
		return err
	}
	format, err := listFormat("loan overdue", *out)
	if err != nil {
		return err
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	lines, err := e.svc.OverdueLoans(e.ctx, site.ID)
	if err != nil {
		return err
	}
	at := clock()
	err = e.writeKitList(*out, len(lines), func(w io.Writer) error {
		if format == "csv" {
			return pdf.OverdueCSV(w, kind, lines)
		}
		return pdf.OverdueList(w, site, lines, at)
	})
	if err != nil {
		return err
	}
	return e.out(map[string]any{"out": *out, "format": format, "loans": len(lines)},
		fmt.Sprintf("Wrote %d overdue loan(s) to %s", len(lines), *out))
}

func (e *env) cmdHotspot(s string, args []string) error {
	switch s {
	case "queue":
		return e.cmdHotspotQueue(args)
	case "done":
		return e.cmdHotspotDone(args)
	}
	return usageErrorf("unknown command: hotspot %s (try: hotspot queue, hotspot done)", s)
}

type hotspotTaskJSON struct {
	Action       string `json:"action"`
	Kit          string `json:"kit"`
	Carrier      string `json:"carrier,omitempty"`
	Line         string `json:"line,omitempty"`
	IMEI         string `json:"imei,omitempty"`
	Service      string `json:"service"`
	Next         string `json:"next"`
	HoursOverdue int    `json:"hours_overdue,omitempty"`
}

// cmdHotspotQueue: hotspot queue [--out FILE.pdf|FILE.csv]
func (e *env) cmdHotspotQueue(args []string) error {
	fs := e.flags("hotspot queue")
	out := fs.String("out", "", "write the queue to this PDF or CSV file (the format follows the extension)")
	csvKind := csvKindFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("hotspot queue", pos); err != nil {
		return err
	}
	kind, err := csvKind()
	if err != nil {
		return err
	}
	format := ""
	if *out != "" {
		if format, err = listFormat("hotspot queue", *out); err != nil {
			return err
		}
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	q, err := e.svc.HotspotQueues(e.ctx, site.ID)
	if err != nil {
		return err
	}
	js := []hotspotTaskJSON{}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACTION\tKIT\tCARRIER\tLINE\tIMEI\tSERVICE\tNEXT")
	add := func(action string, ts []app.HotspotTask) {
		for _, t := range ts {
			j := hotspotTaskJSON{Action: action, Kit: t.Kit.Tag, Carrier: t.Kit.Carrier, Line: t.Kit.LineNumber, IMEI: t.Kit.IMEI,
				Service: string(t.Kit.Service), Next: string(t.Next), HoursOverdue: t.HoursOverdue}
			js = append(js, j)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", j.Action, j.Kit, j.Carrier, app.FormatPhone(j.Line), j.IMEI, j.Service, j.Next)
		}
	}
	add("suspend", q.Suspend)
	add("reactivate", q.Reactivate)
	add("pending", q.Pending)
	tw.Flush()
	if *out == "" {
		return e.out(js, b.String())
	}
	at := clock()
	err = e.writeKitList(*out, len(js), func(w io.Writer) error {
		if format == "csv" {
			return pdf.HotspotCSV(w, kind, site, q, at)
		}
		return pdf.HotspotQueue(w, site, q, at)
	})
	if err != nil {
		return err
	}
	return e.out(map[string]any{"out": *out, "format": format, "tasks": len(js), "suspend": len(q.Suspend),
		"reactivate": len(q.Reactivate), "pending": len(q.Pending)},
		fmt.Sprintf("Wrote %d hotspot task(s) to %s", len(js), *out))
}

// cmdHotspotDone: hotspot done --kit TAG --state suspend_requested|suspended|reactivate_requested|active
func (e *env) cmdHotspotDone(args []string) error {
	fs := e.flags("hotspot done")
	kit := fs.String("kit", "", "the kit's tag")
	state := fs.String("state", "", "the hotspot's service state now: suspend_requested, suspended, reactivate_requested or active")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("hotspot done", pos); err != nil {
		return err
	}
	if *kit == "" || *state == "" {
		return usageErrorf("hotspot done needs --kit TAG and --state suspend_requested|suspended|reactivate_requested|active")
	}
	to := app.ServiceState(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(*state)), "-", "_"))
	switch to {
	case app.ServiceActive, app.ServiceSuspendRequested, app.ServiceSuspended, app.ServiceReactivateRequested:
	default:
		return usageErrorf("--state %q: choose suspend_requested, suspended, reactivate_requested or active", *state)
	}
	if err := e.open(); err != nil {
		return err
	}
	k, err := e.svc.KitByTag(e.ctx, *kit)
	if err != nil {
		return err
	}
	k, err = e.svc.SetHotspotService(e.ctx, k.ID, to)
	if err != nil {
		return err
	}
	return e.out(kitToJSON(k), fmt.Sprintf("Kit %s: hotspot service is now %s", k.Tag, strings.ReplaceAll(string(k.Service), "_", " ")))
}
