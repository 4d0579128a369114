package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// Every role's window fits a 1024×600 screen in English and in Spanish:
// the window's content, with every tab the role has, asks for no more than
// that, so nothing (Sign out, a toolbar's last button) is pushed off the
// right edge of a library laptop.
func TestEveryRoleFitsSmallScreen(t *testing.T) {
	roles := [][]app.Role{{app.RoleFrontDesk}, {app.RoleCirculation}, {app.RoleCaseManager}, {app.RoleDirector}, {app.RoleAdministrator},
		{app.RoleAdministrator, app.RoleFrontDesk, app.RoleCirculation, app.RoleCaseManager, app.RoleDirector}}
	for _, code := range []string{"en", "es"} {
		for _, r := range roles {
			name := string(r[0])
			if len(r) > 1 {
				name = "every role"
			}
			t.Run(code+"/"+name, func(t *testing.T) {
				test.NewTempApp(t)
				if code == "es" {
					inSpanish(t)
				}
				inLanguage(t, code)
				e := datatest.New(t)
				u := signedInAs(t, e, "sam", r...)
				// the Reports tab lays its report out from its job queue
				// (on another goroutine in tests): each step waits for it,
				// so that no two goroutines lay out at once
				settle := func() {
					if u.dashboard != nil {
						u.dashboard.wait()
					}
				}
				settle()
				u.win.Resize(fyne.NewSize(1024, 600))
				for _, it := range u.tabs.Items {
					u.tabs.Select(it)
					settle()
				}
				if sz := u.win.Content().MinSize(); sz.Width > 1024 || sz.Height > 600 {
					t.Errorf("the window needs %.0f×%.0f, more than 1024×600; widest: %s", sz.Width, sz.Height, widest(u.win.Content(), 1024))
				}
			})
		}
	}
}

// widest names the chain of objects under o whose minimum width is over
// limit, down to the innermost one, for a failure message.
func widest(o fyne.CanvasObject, limit float32) string {
	var path []string
	for o != nil {
		path = append(path, fmt.Sprintf("%s %.0f", objName(o), o.MinSize().Width))
		var next fyne.CanvasObject
		for _, c := range children(o) {
			if c.MinSize().Width > limit && (next == nil || c.MinSize().Width > next.MinSize().Width) {
				next = c
			}
		}
		if next == nil {
			// the widest row of a box that is too wide only as a whole
			var kids []string
			for _, c := range children(o) {
				kids = append(kids, fmt.Sprintf("%s %.0f", objName(c), c.MinSize().Width))
			}
			path = append(path, "["+strings.Join(kids, ", ")+"]")
		}
		o = next
	}
	return strings.Join(path, " > ")
}

func objName(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *widget.Label:
		return fmt.Sprintf("Label%q", o.Text)
	case *widget.Button:
		return fmt.Sprintf("Button%q", o.Text)
	case *fyne.Container:
		if o.Layout != nil {
			return "Container(" + reflect.TypeOf(o.Layout).String() + ")"
		}
	}
	return reflect.TypeOf(o).String()
}

func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch o := o.(type) {
	case *fyne.Container:
		return o.Objects
	case *container.AppTabs:
		var out []fyne.CanvasObject
		for _, it := range o.Items {
			out = append(out, it.Content)
		}
		return out
	case *container.Scroll:
		return []fyne.CanvasObject{o.Content}
	case *container.Split:
		return []fyne.CanvasObject{o.Leading, o.Trailing}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		return r.Objects()
	}
	return nil
}
