package ui

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// reportTab is what the two tabs of the Reports tab share (Activity,
// dashboardScreen, and WIOA performance, wioaSection): the tab's job
// queue with its progress bar, its error line, and its Export Excel… and
// Print PDF… buttons with the line under the heading that says where the
// last file went. The buttons write the report the tab shows (shows);
// until there is one they are disabled.
type reportTab struct {
	u       *UI
	q       *jobQueue
	busy    *widget.ProgressBarInfinite
	errLine *widget.Label // wrapped: a folder's path can be long
	excel   *widget.Button
	print   *widget.Button
	done    *widget.Label
	doc     reportDoc // the report shown, as the buttons write it
	last    string    // the last file written
}

// reportDoc is a report shown, as Export Excel… and Print PDF… write it;
// format is "xlsx" or "pdf".
type reportDoc struct {
	name   func(format string) string // the file's name, without its folder
	xlsx   func(io.Writer) error      // writes the workbook
	pdf    func(io.Writer) error      // writes the PDF
	record func(format string) error  // audits a file written
}

// newReportTab makes a tab's queue, progress bar (hidden), error line
// (hidden), buttons (disabled) and written-to line (hidden).
func newReportTab(u *UI) *reportTab {
	t := &reportTab{u: u, q: newJobQueue()}
	t.excel = widget.NewButtonWithIcon(lang.L("Export Excel…"), theme.DocumentSaveIcon(), func() { t.write("xlsx") })
	t.print = widget.NewButtonWithIcon(lang.L("Print PDF…"), theme.DocumentPrintIcon(), func() { t.write("pdf") })
	t.excel.Disable()
	t.print.Disable()
	t.busy = widget.NewProgressBarInfinite()
	t.busy.Stop()
	t.busy.Hide()
	t.errLine = newErrorLabel()
	t.errLine.Hide()
	t.done = widget.NewLabel("")
	t.done.Truncation = fyne.TextTruncateEllipsis
	t.done.Hide()
	return t
}

// fail says msg in the error line.
func (t *reportTab) fail(msg string) {
	t.errLine.SetText(msg)
	t.errLine.Show()
}

// shows makes d what the buttons write, and enables them.
func (t *reportTab) shows(d reportDoc) {
	t.doc = d
	t.excel.Enable()
	t.print.Enable()
	t.done.Hide()
}

// write saves the report shown as a workbook (format "xlsx") or a PDF
// ("pdf"), off the UI goroutine with the progress bar showing: in the
// reports' folder through a temporary file, then opened, with the dialog
// that says where it went and can move it to another folder
// (writePrintout). A file written is audited; the line under the heading
// says where it is, or the error line why nothing was written (the line
// of the file before is hidden meanwhile: it would read as this one's).
func (t *reportTab) write(format string) {
	d := t.doc
	if d.name == nil {
		return
	}
	write := d.pdf
	if format == "xlsx" {
		write = d.xlsx
	}
	t.errLine.Hide()
	t.done.Hide()
	busyJob(t.u, t.q, t.busy, nil, func() func() {
		path, err := writePrintout(t.u, printoutReport, d.name(format), write)
		if err == nil {
			err = d.record(format)
		}
		return func() {
			if err != nil {
				t.fail(errorText(err))
				return
			}
			t.last = path
			t.done.SetText(lang.L("Written to {{.Path}}", map[string]any{"Path": path}))
			t.done.Show()
		}
	})
}
