package ui

import (
	"context"
	"image/color"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
)

// defaultKioskResetDelay is how long the kiosk shows an answer before it
// asks for the next card.
const defaultKioskResetDelay = 4 * time.Second

// kioskScreen lets participants check themselves in by scanning their
// card. It shows nothing but instructions and, after a scan, the first name
// and what happened, in English and Spanish: no search, no lists, no tabs,
// no shortcuts. Check-ins run as the staff member who started it; leaving
// needs a staff sign-in.
type kioskScreen struct {
	u      *UI
	ctx    context.Context // the staff member who started the kiosk
	target app.Target

	scan         *scanEntry
	bg           *canvas.Rectangle
	line1, line2 *canvas.Text // the answer, English then Spanish (or a name)
	line3        *canvas.Text
	tone         tone
	content      fyne.CanvasObject
	staffBtn     *widget.Button
	exit         *signInScreen // the Staff sign-in, while open
	exitDlg      dialog.Dialog
	resetDelay   time.Duration
	idleDelay    time.Duration
	mu           sync.Mutex
	seq          int // answers shown, so an old reset timer does nothing
	typed        int // changes to the scan field, so an old clear timer does nothing
	idleTimer    *time.Timer
	pending      sync.WaitGroup
}

// startKiosk replaces the desk with the kiosk for target, checking in as
// ctx's actor. where names the event or visit (no personal data). The
// auto-lock is off while the kiosk runs: it shows no personal data beyond a
// first name for a few seconds, and leaving it needs a staff sign-in.
func (u *UI) startKiosk(ctx context.Context, target app.Target, where string) *kioskScreen {
	u.idle.stop()
	u.putAwayDialogs()
	k := &kioskScreen{u: u, ctx: ctx, target: target, resetDelay: defaultKioskResetDelay, idleDelay: defaultIdleDelay}
	k.scan = newScanEntry()
	k.scan.blockShortcuts = true
	k.scan.SetPlaceHolder(lang.L("Scan your card / Escanee su tarjeta"))
	k.scan.OnChanged = k.changed
	k.scan.OnSubmitted = k.submit

	heading := bilingual(lang.L("Scan your card / Escanee su tarjeta"), 48, 36, theme.Color(theme.ColorNameForeground))
	sub := canvas.NewText(where, theme.Color(theme.ColorNameForeground))
	sub.TextSize = 22
	sub.Alignment = fyne.TextAlignCenter

	k.bg = canvas.NewRectangle(toneColors[toneIdle])
	k.bg.CornerRadius = theme.InputRadiusSize() * 3
	k.line1 = bigText(56, true)
	k.line2 = bigText(40, false)
	k.line3 = bigText(40, false)
	answer := container.NewStack(k.bg, container.NewVBox(layout.NewSpacer(), k.line1, k.line2, k.line3, layout.NewSpacer()))

	k.staffBtn = widget.NewButtonWithIcon(lang.L("Staff"), theme.AccountIcon(), k.askStaff)
	k.staffBtn.Importance = widget.LowImportance
	scanRow := container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), k.staffBtn, k.scan)
	top := container.NewVBox(layout.NewSpacer(), heading, sub)
	body := container.NewBorder(container.NewPadded(top), container.NewPadded(scanRow), nil, nil,
		container.NewPadded(container.NewPadded(answer)))
	k.content = newActivityArea(body, k.focus)
	k.prompt()
	u.kiosk = k
	u.setContent(modeKiosk, k.content)
	k.focus()
	return k
}

// bilingual is two centred lines from "English / Español".
func bilingual(text string, size1, size2 float32, c color.Color) fyne.CanvasObject {
	a, b, _ := strings.Cut(text, " / ")
	t1 := canvas.NewText(a, c)
	t1.TextSize, t1.TextStyle, t1.Alignment = size1, fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	t2 := canvas.NewText(b, c)
	t2.TextSize, t2.Alignment = size2, fyne.TextAlignCenter
	return container.NewVBox(t1, t2)
}

func bigText(size float32, bold bool) *canvas.Text {
	t := canvas.NewText("", color.White)
	t.TextSize, t.TextStyle, t.Alignment = size, fyne.TextStyle{Bold: bold}, fyne.TextAlignCenter
	return t
}

// focus keeps the scan field focused (unless the Staff sign-in is open).
func (k *kioskScreen) focus() {
	if k.u.kiosk != k || k.exit != nil {
		return
	}
	k.u.win.Canvas().Focus(k.scan)
}

// show puts an answer on screen: a headline and "English / Español".
func (k *kioskScreen) show(t tone, headline, message string) {
	k.tone = t
	k.bg.FillColor = toneColors[t]
	en, es, _ := strings.Cut(message, " / ")
	if headline == "" {
		headline, en, es = en, es, ""
	}
	k.line1.Text, k.line2.Text, k.line3.Text = headline, en, es
	for _, o := range []fyne.CanvasObject{k.bg, k.line1, k.line2, k.line3} {
		o.Refresh()
	}
}

// promptLater shows the prompt after the reset delay, if ok then, unless
// *counter has moved on meanwhile (a newer answer, more typing). The caller
// holds k.mu.
func (k *kioskScreen) promptLater(counter *int, ok func() bool) {
	want := *counter
	k.pending.Add(1)
	time.AfterFunc(k.resetDelay, func() {
		fyne.Do(func() {
			k.mu.Lock()
			current := want == *counter
			k.mu.Unlock()
			if current && ok() {
				k.prompt()
			}
			k.pending.Done()
		})
	})
}

// prompt is the waiting screen; it clears anything half typed, so the next
// card reads cleanly.
func (k *kioskScreen) prompt() {
	if k.scan.Text != "" {
		k.scan.SetText("")
	}
	k.show(toneIdle, "", lang.L("Ready / Listo"))
}

// changed submits a whole code once a scanner that ends with nothing pauses.
func (k *kioskScreen) changed(text string) {
	k.u.idle.touch()
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.idleTimer != nil && k.idleTimer.Stop() {
		k.pending.Done()
	}
	k.typed++
	if text != "" {
		// something typed and left (a person trying the keyboard, half a
		// scan) is cleared once the field rests, with the prompt back
		k.promptLater(&k.typed, func() bool { return k.scan.Text != "" })
	}
	t := strings.TrimSpace(text)
	if _, _, err := app.ParseCode(t); err != nil {
		return
	}
	k.pending.Add(1)
	k.idleTimer = time.AfterFunc(k.idleDelay, func() {
		fyne.Do(func() {
			if strings.TrimSpace(k.scan.Text) == t {
				k.submit(t)
			}
			k.pending.Done()
		})
	})
}

// submit checks in the scanned card and shows the answer for a while.
func (k *kioskScreen) submit(text string) {
	t := strings.TrimSpace(text)
	k.scan.SetText("")
	if t == "" {
		return
	}
	res, err := k.u.svc.ScanCheckIn(k.ctx, k.target, t)
	first := res.Participant.FirstName
	switch {
	case err != nil:
		if app.ErrorCode(err) == app.EInternal {
			errorText(err) // logs it
		}
		k.show(toneBad, "", lang.L("Please see the front desk / Por favor pase a la recepción"))
	case res.Outcome == app.OutcomeCheckedIn || res.Outcome == app.OutcomeWalkIn || res.Outcome == app.OutcomeVisit:
		k.show(toneGood, first, lang.L("You're checked in / Ya está registrado"))
	case res.Outcome == app.OutcomeAlready || res.Outcome == app.OutcomeVisitAlready:
		k.show(toneWarn, first, lang.L("You were already checked in / Ya estaba registrado"))
	case res.Outcome == app.OutcomeBadCode:
		k.show(toneBad, "", lang.L("Please scan again / Por favor escanee de nuevo"))
	case res.Outcome == app.OutcomeUnknown || res.Outcome == app.OutcomeWrongKind:
		k.show(toneBad, lang.L("Card not recognised / Tarjeta no reconocida"), lang.L("Please see the front desk / Por favor pase a la recepción"))
	default: // cancelled, not today
		k.show(toneBad, "", lang.L("Please see the front desk / Por favor pase a la recepción"))
	}
	k.u.playAnswer(k.tone)
	k.mu.Lock()
	k.seq++
	k.promptLater(&k.seq, func() bool { return true })
	k.mu.Unlock()
	k.focus()
}

// askStaff asks for a staff sign-in to leave the kiosk.
func (k *kioskScreen) askStaff() {
	if k.exit != nil {
		return
	}
	k.exit = newSignInScreen(lang.L("Staff sign-in"), func(user, pw string) error {
		sess, err := k.u.svc.SignIn(k.u.base, user, pw)
		if err != nil {
			return err
		}
		k.closeExit()
		k.u.kiosk = nil
		k.u.signedIn(sess)
		return nil
	})
	cancel := widget.NewButton(lang.L("Cancel"), func() { k.closeExit() })
	k.exit.buttons.Objects = []fyne.CanvasObject{cancel, k.exit.button}
	body := container.NewVBox(widget.NewLabel(lang.L("Leaving the kiosk needs a staff sign-in.")), k.exit.form)
	d := dialog.NewCustomWithoutButtons(lang.L("Staff"), container.NewGridWrap(fyne.NewSize(460, body.MinSize().Height), body), k.u.win)
	k.exitDlg = d
	escapable(k.u.win, d)
	escapeCloses(k.exit.form, k.closeExit)
	d.SetOnClosed(func() {
		// closed by Cancel, Escape or a sign-in: back to scanning
		if k.exitDlg == d {
			k.exit, k.exitDlg = nil, nil
			k.focus()
		}
	})
	d.Show()
	k.u.win.Canvas().Focus(k.exit.username)
}

// closeExit closes the Staff sign-in and returns to scanning.
func (k *kioskScreen) closeExit() {
	if k.exitDlg != nil {
		k.exitDlg.Hide()
	}
}

// wait blocks until pending scans and answer timers are done (tests).
func (k *kioskScreen) wait() { k.pending.Wait() }
