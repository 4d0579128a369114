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
	toneIdle   tone = iota // waiting for a scan
	toneGood               // checked in
	toneWarn               // look: already checked in, room full (soft limit)
	toneBad                // nothing recorded: scan again, unknown, cancelled
	toneWalkIn             // checked in, not pre-registered (the same on every screen)
)

// Colours chosen to read at a glance and to keep white text legible
// (contrast ≥ 4.5:1).
var toneColors = map[tone]color.NRGBA{
	toneIdle:   {0x3C, 0x44, 0x4E, 0xFF},
	toneGood:   {0x1B, 0x6E, 0x35, 0xFF},
	toneWarn:   {0x9A, 0x4F, 0x00, 0xFF},
	toneBad:    {0xA8, 0x1E, 0x1E, 0xFF},
	toneWalkIn: {0x1F, 0x4E, 0x8C, 0xFF},
}

// badAgainColor is the answer's colour for the second bad scan in a row and
// after, so that a repeat "Scan again" does not look like nothing happened.
var badAgainColor = color.NRGBA{0x5E, 0x0B, 0x3A, 0xFF}

// compactBelow is the height of a desk screen (Check-in, Paper sheets)
// under which its banner is compact, so that a 1024×600 laptop still shows
// seven search results under it.
const compactBelow = 640

// resultPanel is the large, colour-coded answer to the last scan.
type resultPanel struct {
	bg      *canvas.Rectangle
	title   *canvas.Text
	detail  *canvas.Text
	room    *canvas.Rectangle // the panel's least size when not compact
	inner   *fyne.Container   // the words, padded
	content *fyne.Container
	tone    tone
	compact bool
	roomy   fyne.Size
}

func newResultPanel() *resultPanel {
	r := &resultPanel{
		bg:     canvas.NewRectangle(toneColors[toneIdle]),
		title:  canvas.NewText("", color.White),
		detail: canvas.NewText("", color.White),
		room:   canvas.NewRectangle(color.Transparent),
		inner:  container.NewStack(),
	}
	r.bg.CornerRadius = theme.InputRadiusSize() * 2
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Alignment = fyne.TextAlignCenter
	r.detail.Alignment = fyne.TextAlignCenter
	r.content = container.NewStack(r.room, r.bg, r.inner)
	r.compact = true
	r.setCompact(false)
	return r
}

// setRoom makes the panel at least size when it is not compact.
func (r *resultPanel) setRoom(size fyne.Size) {
	r.roomy = size
	if !r.compact {
		r.room.SetMinSize(size)
	}
}

// setCompact makes the panel low (smaller words, less padding, no least
// size) or back to its full size; it reports whether that changed.
func (r *resultPanel) setCompact(c bool) bool {
	if c == r.compact {
		return false
	}
	r.compact = c
	if c {
		r.title.TextSize, r.detail.TextSize = 20, 14
		r.room.SetMinSize(fyne.Size{})
		r.inner.Objects = []fyne.CanvasObject{container.NewPadded(container.NewVBox(r.title, r.detail))}
	} else {
		r.title.TextSize, r.detail.TextSize = 34, 20
		r.room.SetMinSize(r.roomy)
		r.inner.Objects = []fyne.CanvasObject{container.NewPadded(container.NewPadded(
			container.NewVBox(layout.NewSpacer(), r.title, r.detail, layout.NewSpacer())))}
	}
	r.content.Refresh()
	return true
}

// shortScreen lays out a desk screen's content over its whole area, first
// telling compact whether the area is shorter than compactBelow (so the
// banner shrinks before the rest is placed).
type shortScreen struct {
	compact func(bool) bool // reports whether anything changed
}

// fitShort is content laid out by a shortScreen.
func fitShort(content fyne.CanvasObject, compact func(bool) bool) *fyne.Container {
	return container.New(&shortScreen{compact: compact}, content)
}

// MinSize is the content's.
func (l *shortScreen) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

// Layout makes the content compact or not for size, then fills size with it.
func (l *shortScreen) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	changed := l.compact(size.Height < compactBelow)
	objects[0].Move(fyne.Position{})
	objects[0].Resize(size)
	if changed {
		objects[0].Refresh() // laid out again at the same size
	}
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
