package ui

import (
	"context"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/csvfile"
	"frontdesk/app/pdf"
)

// kitListButtons are "Print" (PDF) and "Export CSV for Excel" (a CSV for a
// person to open: csvfile.Excel) for a kit list, written
// with writePrintout and audited as kit-list prints. last receives the path
// written; btns the two buttons (both for tests).
func kitListButtons(u *UI, ctx context.Context, name string, write func(w io.Writer, csv bool, at time.Time) (int, error), last *string, btns *[2]*widget.Button) fyne.CanvasObject {
	run := func(csv bool) {
		at := u.svc.Now()
		ext := ".pdf"
		if csv {
			ext = ".csv"
		}
		var n int
		path, err := writePrintout(u, printoutList, name+"-"+at.In(u.site.Location()).Format("2006-01-02-1504")+ext, func(w io.Writer) error {
			var err error
			n, err = write(w, csv, at)
			return err
		})
		if err == nil {
			err = u.svc.RecordKitPrint(ctx, app.ActionPrintKitList, 0, n)
		}
		if err != nil {
			u.showError(err)
			return
		}
		*last = path
	}
	btns[0] = widget.NewButtonWithIcon(lang.L("Print"), theme.DocumentPrintIcon(), func() { run(false) })
	btns[1] = widget.NewButtonWithIcon(lang.L("Export CSV for Excel"), theme.DocumentSaveIcon(), func() { run(true) })
	return container.NewHBox(btns[0], btns[1])
}

// overdueButtons print or export the overdue list.
func (s *loansList) overdueButtons() fyne.CanvasObject {
	return kitListButtons(s.u, s.ctx, "overdue-kits", func(w io.Writer, csv bool, at time.Time) (int, error) {
		lines, err := s.u.svc.OverdueLoans(s.ctx, s.u.site.ID)
		if err != nil {
			return 0, err
		}
		if csv {
			return len(lines), pdf.OverdueCSV(w, csvfile.Excel, lines)
		}
		return len(lines), pdf.OverdueList(w, s.u.site, lines, at)
	}, &s.lastList, &s.listBtns)
}

// queueButtons print or export the hotspot queues.
func (s *hotspotQueue) queueButtons() fyne.CanvasObject {
	return kitListButtons(s.u, s.ctx, "hotspot-queue", func(w io.Writer, csv bool, at time.Time) (int, error) {
		q, err := s.u.svc.HotspotQueues(s.ctx, s.u.site.ID)
		if err != nil {
			return 0, err
		}
		n := len(q.Suspend) + len(q.Reactivate) + len(q.Pending)
		if csv {
			return n, pdf.HotspotCSV(w, csvfile.Excel, s.u.site, q, at)
		}
		return n, pdf.HotspotQueue(w, s.u.site, q, at)
	}, &s.lastList, &s.listBtns)
}
