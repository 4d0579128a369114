package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// tone is the colour of an answer at the desk.
type tone int

const (
	toneIdle tone = iota // waiting for a scan
	toneGood             // checked in
	toneWarn             // checked in, but look: walk-in, already checked in
	toneBad              // nothing recorded: scan again, unknown, cancelled
)

// Colours chosen to read at a glance and to keep white text legible
// (contrast ≥ 4.5:1).
var toneColors = map[tone]color.NRGBA{
	toneIdle: {0x3C, 0x44, 0x4E, 0xFF},
	toneGood: {0x1B, 0x6E, 0x35, 0xFF},
	toneWarn: {0x9A, 0x4F, 0x00, 0xFF},
	toneBad:  {0xA8, 0x1E, 0x1E, 0xFF},
}

// resultPanel is the large, colour-coded answer to the last scan.
type resultPanel struct {
	bg      *canvas.Rectangle
	title   *canvas.Text
	detail  *canvas.Text
	content fyne.CanvasObject
	tone    tone
}

func newResultPanel() *resultPanel {
	r := &resultPanel{
		bg:     canvas.NewRectangle(toneColors[toneIdle]),
		title:  canvas.NewText("", color.White),
		detail: canvas.NewText("", color.White),
	}
	r.bg.CornerRadius = theme.InputRadiusSize() * 2
	r.title.TextSize = 34
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Alignment = fyne.TextAlignCenter
	r.detail.TextSize = 20
	r.detail.Alignment = fyne.TextAlignCenter
	body := container.NewVBox(layout.NewSpacer(), r.title, r.detail, layout.NewSpacer())
	r.content = container.NewStack(r.bg, container.NewPadded(container.NewPadded(body)))
	return r
}

// show sets the panel's words and colour.
func (r *resultPanel) show(t tone, title, detail string) {
	r.tone = t
	r.bg.FillColor = toneColors[t]
	r.title.Text = title
	r.detail.Text = detail
	r.bg.Refresh()
	r.title.Refresh()
	r.detail.Refresh()
}
