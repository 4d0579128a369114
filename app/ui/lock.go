package ui

import (
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// idleWatch locks a shared desk after a stretch without activity.
//
// What counts as activity (Fyne has no window-wide input hook: a focused
// widget takes the keys before the window does):
//   - typing in any field: checked every tick by comparing the focused
//     field's text and cursor with the last tick (this also covers scans);
//   - keys pressed while no field has the focus (the canvas key handlers);
//   - moving the mouse, or tapping, over the window where no button or field
//     is under the pointer (newActivityArea);
//   - switching tabs, and every scan or check-in at the desk.
type idleWatch struct {
	u     *UI
	mu    sync.Mutex
	last  time.Time
	after time.Duration
	gen   int
	seen  string // the focused field's state at the last tick
}

func newIdleWatch(u *UI) *idleWatch { return &idleWatch{u: u} }

// touch records activity now (safe from any goroutine).
func (w *idleWatch) touch() {
	w.mu.Lock()
	w.last = time.Now()
	w.mu.Unlock()
}

// start locks the desk after idle stretches of after (0: never).
func (w *idleWatch) start(after time.Duration) {
	w.mu.Lock()
	w.gen++
	gen := w.gen
	w.after, w.last = after, time.Now()
	w.mu.Unlock()
	if c, ok := w.u.win.Canvas().(desktop.Canvas); ok {
		c.SetOnKeyDown(func(*fyne.KeyEvent) { w.touch() })
	}
	if after <= 0 {
		return
	}
	tick := min(after/4, time.Second)
	go func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for range t.C {
			done := make(chan bool, 1)
			fyne.Do(func() { done <- w.check(gen) })
			if <-done {
				return
			}
		}
	}()
}

// stop disarms the watch.
func (w *idleWatch) stop() {
	w.mu.Lock()
	w.gen++
	w.mu.Unlock()
}

// check runs on the UI goroutine at each tick; it reports whether the
// watch is over (stopped, or it locked the desk).
func (w *idleWatch) check(gen int) bool {
	w.mu.Lock()
	if gen != w.gen {
		w.mu.Unlock()
		return true
	}
	if s := focusState(w.u.win.Canvas()); s != w.seen {
		w.seen, w.last = s, time.Now()
	}
	idle := time.Since(w.last) >= w.after
	w.mu.Unlock()
	if idle {
		w.u.lock(true)
		return true
	}
	return false
}

// focusState describes the focused field (its text and cursor), so a
// change means someone typed.
func focusState(c fyne.Canvas) string {
	f := c.Focused()
	switch e := f.(type) {
	case nil:
		return ""
	case *widget.Entry:
		return fmt.Sprintf("%p|%d|%d|%s", e, e.CursorRow, e.CursorColumn, e.Text)
	case *escEntry:
		return fmt.Sprintf("%p|%d|%d|%s", e, e.CursorRow, e.CursorColumn, e.Text)
	case *scanEntry:
		return fmt.Sprintf("%p|%d|%s", e, e.CursorColumn, e.Text)
	}
	return fmt.Sprintf("%p", f)
}

// activityArea lies under a screen and tells of mouse movement and taps
// that no button or field takes.
type activityArea struct {
	widget.BaseWidget
	onActivity func()
}

// newActivityArea puts content over an area that calls onActivity.
func newActivityArea(content fyne.CanvasObject, onActivity func()) fyne.CanvasObject {
	a := &activityArea{onActivity: onActivity}
	a.ExtendBaseWidget(a)
	return container.NewStack(a, content)
}

func (a *activityArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}

func (a *activityArea) Tapped(*fyne.PointEvent)        { a.onActivity() }
func (a *activityArea) MouseIn(*desktop.MouseEvent)    { a.onActivity() }
func (a *activityArea) MouseMoved(*desktop.MouseEvent) { a.onActivity() }
func (a *activityArea) MouseOut()                      {}
