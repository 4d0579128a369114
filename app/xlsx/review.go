// Package xlsx writes Front Desk's spreadsheets. AccessReview writes the
// quarterly access review as one sheet: a bold, frozen header row, then one
// row per sampled account with its roles, last sign-in, yearly dates (as real
// dates) and flags. Text that a spreadsheet could take for a formula (it
// starts with = + - or @) gets a leading apostrophe. No password or password
// hash is ever part of a spreadsheet.
package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"frontdesk/app"
)

// Sheet is the name of the access review's only sheet.
const Sheet = "Access review"

// ReviewHeader is the access review's header row.
var ReviewHeader = []string{"Username", "Name", "Roles", "Active", "Last sign-in (UTC)",
	"Confidentiality signed", "Training completed", "Flags"}

// AccessReview writes rev to w as an .xlsx workbook with one sheet, one row
// per sampled account in the order of rev.Rows. The review's date, reviewer,
// seed and sample size are in the workbook's document properties.
func AccessReview(w io.Writer, rev app.AccessReview) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", Sheet); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:       "Quarterly access review / Revisión trimestral de accesos",
		Subject:     fmt.Sprintf("%d of %d active accounts", len(rev.Rows), rev.ActiveAccounts),
		Description: fmt.Sprintf("Drawn %s by %s with seed %d", rev.At.UTC().Format(time.RFC3339), rev.By, rev.Seed),
		Creator:     "Front Desk",
		Created:     rev.At.UTC().Format(time.RFC3339),
		Modified:    rev.At.UTC().Format(time.RFC3339),
	}); err != nil {
		return err
	}
	var bold, date, stamp int
	if err := addStyles(f, styleDef{&bold, styleHead}, styleDef{&date, styleDate}, styleDef{&stamp, styleStamp}); err != nil {
		return err
	}
	for i, h := range ReviewHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(Sheet, cell, h); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(ReviewHeader), 1)
	if err := f.SetCellStyle(Sheet, "A1", last, bold); err != nil {
		return err
	}
	for i, r := range rev.Rows {
		row := i + 2
		st := r.Staff
		active := "yes"
		if !st.Active {
			active = "no"
		}
		text := []struct {
			col int
			s   string
		}{{1, st.Username}, {2, st.DisplayName}, {3, app.JoinRoles(st.Roles)}, {4, active}, {8, strings.Join(r.Flags, "; ")}}
		for _, t := range text {
			cell, _ := excelize.CoordinatesToCellName(t.col, row)
			if err := f.SetCellStr(Sheet, cell, t.s); err != nil {
				return err
			}
		}
		times := []struct {
			col   int
			t     *time.Time
			style int
		}{{5, st.LastSignInAt, stamp}, {6, st.ConfidentialitySigned, date}, {7, st.TrainingCompleted, date}}
		for _, t := range times {
			cell, _ := excelize.CoordinatesToCellName(t.col, row)
			if t.t == nil {
				continue
			}
			// Spreadsheets have no time zones: the UTC wall time is written.
			v := t.t.UTC()
			if err := f.SetCellValue(Sheet, cell, time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)); err != nil {
				return err
			}
			if err := f.SetCellStyle(Sheet, cell, cell, t.style); err != nil {
				return err
			}
		}
	}
	if err := DeclareRange(f, Sheet, len(ReviewHeader), len(rev.Rows)+1); err != nil {
		return err
	}
	for col, width := range []float64{16, 26, 30, 8, 18, 14, 14, 60} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(Sheet, name, name, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(Sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if len(rev.Rows) > 0 {
		end, _ := excelize.CoordinatesToCellName(len(ReviewHeader), len(rev.Rows)+1)
		if err := f.AutoFilter(Sheet, "A1:"+end, nil); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}
