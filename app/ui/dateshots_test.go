package ui

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// TestDateScreenshots keeps pictures of the screens with date fields, and
// of the calendar open, when FRONTDESK_DATE_SHOTS names a folder (run it
// under LANG=es_US.UTF-8 for Spanish). It checks nothing; people look.
func TestDateScreenshots(t *testing.T) {
	dir := os.Getenv("FRONTDESK_DATE_SHOTS")
	if dir == "" {
		t.Skip("FRONTDESK_DATE_SHOTS not set")
	}
	code := uiLanguage()
	for _, size := range []fyne.Size{fyne.NewSize(1024, 600), fyne.NewSize(1600, 1000)} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(theme.DefaultTheme())
		e := datatest.New(t)
		dashboardFixture(t, e)
		ana, _ := e.Svc.SearchParticipants(e.Ctx, "Ana", 1)
		kit := addKit(t, e, app.KitLaptop)
		if _, err := e.Svc.Checkout(e.Ctx, app.CheckoutRequest{KitScan: kit.Tag, ParticipantID: ana[0].ID, Components: componentIDs(kit)}); err != nil {
			t.Fatal(err)
		}
		u := signedInAs(t, e, "every", app.RoleAdministrator, app.RoleDirector, app.RoleFrontDesk, app.RoleCirculation, app.RoleCaseManager)
		u.win.Resize(size)
		shot := func(name string) {
			waitScreens(u)
			// the test driver's software painter cannot paint a rectangle
			// without a colour, which the GL painter takes as none
			c := u.win.Canvas()
			for _, o := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
				noNilColours(o)
			}
			img := c.Capture()
			f, err := os.Create(filepath.Join(dir, code+"-"+name+"-"+sizeName(size)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
		}
		tab := func(content fyne.CanvasObject) {
			for _, it := range u.tabs.Items {
				if it.Content == content {
					u.tabs.Select(it)
				}
			}
		}
		tab(u.dashboard.content)
		shot("reports")
		u.pickDate(u.dashboard.from, u.dashboard.from)
		shot("reports-picker")
		u.picker.close()
		tab(u.export.content)
		shot("export")
		tab(u.events.content)
		u.events.open(app.Event{SiteID: e.Site.ID, Title: "Resume Writing", Kind: app.KindWorkshop, Start: at(14, 0), End: at(15, 0), Language: "en"})
		shot("event-form")
		u.pickDate(u.events.form.date, &u.events.form.date.Entry)
		shot("event-picker")
		u.picker.close()
		u.events.dlg.dialog.Hide()
		tab(u.kits.content)
		shot("kits")
		tab(u.staff.content)
		u.staff.list.Select(0)
		u.staff.setDates()
		shot("staff-dates")
		u.staff.dlg.dialog.Hide()
		tab(u.audit.content)
		shot("audit")
	}
}

// noNilColours gives every rectangle under o without a colour a
// transparent one.
func noNilColours(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *canvas.Rectangle:
		if x.FillColor == nil {
			x.FillColor = color.Transparent
		}
		if x.StrokeColor == nil {
			x.StrokeColor = color.Transparent
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			noNilColours(c)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			noNilColours(c)
		}
	}
}

func sizeName(s fyne.Size) string {
	return map[float32]string{1024: "1024x600", 1600: "1600x1000"}[s.Width]
}
