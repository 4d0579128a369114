package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

// RosterSheet is the name of the follow-up roster's only sheet.
const RosterSheet = "Roster"

// RosterHeader is the follow-up roster's header row (row 2, below the title).
var RosterHeader = []string{"Case manager", "Participant", "Code", "Phone", "Contact", "Kind", "Quarter after exit",
	"Window start", "Due", "Status", "Overdue", "Attempts", "Done on", "Notes / result"}

// rosterWidths are the columns' widths, in characters.
var rosterWidths = []float64{22, 26, 16, 15, 36, 9, 10, 12, 12, 15, 9, 9, 12, 40}

// WriteFollowupRoster writes the quarterly follow-up-due roster r to w as an
// .xlsx workbook, streamed: one sheet, RosterSheet, with a title row (the
// site, the quarter, when and by whom it was made), a frozen, filterable
// header row (RosterHeader), then one row per contact in the order of
// r.Groups, the case manager in the first column ("No case manager" when
// nobody is assigned). Window start, due and done dates are Excel dates (yyyy-mm-dd);
// the quarter after exit and the attempts are numbers. An open contact past
// due on the day r was made, at the site, is marked in the Overdue column.
// Text is written as it is (a text cell is never a formula). It prints landscape, one page wide, with the header row at
// the top of every page.
//
// The output depends only on r.
func WriteFollowupRoster(w io.Writer, r app.FollowupRoster) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", RosterSheet); err != nil {
		return err
	}
	made := r.Made.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "Follow-up due roster " + r.Title(),
		Subject:     fmt.Sprintf("%d contacts due", r.Count()),
		Description: fmt.Sprintf("%s; made %s by %s", strings.TrimSpace(r.Site.Name), made, r.MadeBy),
		Creator:     "Front Desk",
		Created:     made,
		Modified:    made,
	}); err != nil {
		return err
	}
	var title, head, date, late int
	if err := addStyles(f, styleDef{&title, styleTitle}, styleDef{&head, styleHead}, styleDef{&date, styleDate},
		styleDef{&late, excelize.Style{Font: &excelize.Font{Bold: true, Color: "B01E1E"}}}); err != nil {
		return err
	}

	// The filter and the panes are part of the worksheet the stream writer
	// starts from; the filter's range is known before the rows are written.
	lastCol, _ := excelize.ColumnNumberToName(len(RosterHeader))
	if err := f.AutoFilter(RosterSheet, fmt.Sprintf("A2:%s%d", lastCol, r.Count()+2), nil); err != nil {
		return err
	}
	// So is the page setup: landscape, one page wide, the header row on
	// every printed page.
	if err := setPrintLayout(f, RosterSheet, 2); err != nil {
		return err
	}
	sw, err := NewStreamWriter(f, RosterSheet, len(RosterHeader), r.Count()+2)
	if err != nil {
		return err
	}
	for i, wd := range rosterWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	loc := r.Site.Location()
	heading := fmt.Sprintf("Follow-up due roster — %s — %s — made %s by %s", r.Title(), strings.TrimSpace(r.Site.Name),
		r.Made.In(loc).Format("2006-01-02 15:04 MST"), r.MadeBy)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: heading}}, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	hdr := make([]any, len(RosterHeader))
	for i, h := range RosterHeader {
		hdr[i] = excelize.Cell{StyleID: head, Value: h}
	}
	if err := sw.SetRow("A2", hdr); err != nil {
		return err
	}
	dateCell := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		t = t.UTC() // a calendar day, kept as midnight UTC
		return excelize.Cell{StyleID: date, Value: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
	}
	row := 3
	for _, g := range r.Groups {
		manager := strings.TrimSpace(g.CaseManager)
		if manager == "" {
			manager = "No case manager"
		}
		for _, c := range g.Rows {
			var quarter any
			if c.Quarter > 0 {
				quarter = c.Quarter
			}
			status := string(c.Status)
			if c.Status == app.ContactNonResponsive {
				status = "non-responsive"
			}
			var overdue any
			if r.Overdue(c) {
				overdue = excelize.Cell{StyleID: late, Value: "overdue"}
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{
				manager, strings.TrimSpace(c.Participant), c.Code,
				app.FormatPhone(c.Phone), c.Label, string(c.Kind), quarter,
				dateCell(c.WindowStart), dateCell(c.Due), status, overdue, c.Attempts, dateCell(c.DoneOn), nil,
			}); err != nil {
				return err
			}
			row++
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
