package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"frontdesk/app"
)

// Sound is one of the short sounds the check-in desk plays for an answer,
// so that staff facing a queue hear it without looking at the screen.
type Sound int

// The desk's sounds.
const (
	SoundCheckedIn Sound = iota + 1 // checked in (pre-registered or walk-in)
	SoundAttention                  // look: already checked in, room full but checked in
	SoundProblem                    // nothing recorded: scan again, unknown card, refused
)

// String names the sound, for logs and tests.
func (s Sound) String() string {
	switch s {
	case SoundCheckedIn:
		return "checked-in"
	case SoundAttention:
		return "attention"
	case SoundProblem:
		return "problem"
	}
	return fmt.Sprintf("sound(%d)", int(s))
}

// Sounder plays the desk's sounds. Play must return at once (it is called
// on the UI goroutine) and stay silent when there is no sound device.
type Sounder interface {
	Play(Sound)
}

// defaultReadyDelay is how long an answer stays up before the banner says
// "Ready — scan the next card" again.
const defaultReadyDelay = 4 * time.Second

// scanFeedback is what a desk screen (Check-in, Paper sheets) shows and
// plays for each answer: the banner's colour and words, a count and a
// darker shade for repeated problems, the sound, and the return to its
// Ready words after readyDelay.
type scanFeedback struct {
	u                       *UI
	panel                   *resultPanel
	readyTitle, readyDetail string        // what the banner says while waiting
	readyDelay              time.Duration // tests shorten it
	badStreak               int           // bad answers in a row
	gen                     int           // answers shown; a ready timer only clears its own
}

// newScanFeedback drives panel, which says readyTitle and readyDetail while
// the screen waits for the next scan or row.
func newScanFeedback(u *UI, panel *resultPanel, readyTitle, readyDetail string) *scanFeedback {
	f := &scanFeedback{u: u, panel: panel, readyTitle: readyTitle, readyDetail: readyDetail, readyDelay: defaultReadyDelay}
	f.ready()
	return f
}

// answer shows an answer, plays its sound and arms the return to Ready.
func (f *scanFeedback) answer(t tone, title, detail string) {
	if t == toneBad {
		f.badStreak++
		if f.badStreak > 1 {
			title = lang.L("{{.Title}} ({{.N}})", map[string]any{"Title": title, "N": f.badStreak})
		}
	} else {
		f.badStreak = 0
	}
	f.panel.show(t, title, detail)
	if f.badStreak > 1 {
		f.panel.bg.FillColor = badAgainColor
		f.panel.bg.Refresh()
	}
	f.play(t)
	f.gen++
	gen := f.gen
	time.AfterFunc(f.readyDelay, func() {
		fyne.Do(func() {
			if f.gen == gen {
				f.showReady()
			}
		})
	})
}

// ready shows the Ready words now, forgetting the bad answers (the event
// changed, or the screen is new).
func (f *scanFeedback) ready() {
	f.gen++
	f.badStreak = 0
	f.showReady()
}

// showReady puts up the Ready words.
func (f *scanFeedback) showReady() {
	f.panel.show(toneIdle, f.readyTitle, f.readyDetail)
}

// play plays the sound of an answer's tone.
func (f *scanFeedback) play(t tone) { f.u.playAnswer(t) }

// playAnswer plays the sound of an answer's tone, if the desk's sounds are
// on: every screen that answers a scan (Check-in, Paper sheets, the kiosk)
// sounds the same.
func (u *UI) playAnswer(t tone) {
	if u.opts.Sounder == nil || !u.settings.ScanSounds {
		return
	}
	switch t {
	case toneGood, toneWalkIn:
		u.opts.Sounder.Play(SoundCheckedIn)
	case toneWarn:
		u.opts.Sounder.Play(SoundAttention)
	case toneBad:
		u.opts.Sounder.Play(SoundProblem)
	}
}

// capacityAnswer is the answer for a check-in past the event's capacity:
// amber "Room full: 41 of 40" above who was checked in (soft limit), or red
// with nothing recorded (hard limit). ok is false for any other answer.
func capacityAnswer(res app.CheckInResult) (t tone, title, detail string, ok bool) {
	if !res.OverCapacity {
		return 0, "", "", false
	}
	d := map[string]any{"N": res.Counts.CheckedIn, "Cap": res.Counts.Capacity, "Name": res.Participant.ShortName(), "Event": res.Event.Title}
	if res.Outcome == app.OutcomeRoomFull {
		d["N"] = res.Counts.CheckedIn + 1
		return toneBad, lang.L("Room full: {{.N}} of {{.Cap}}", d), lang.L("{{.Event}} is full. Nothing was recorded.", d), true
	}
	if !res.Outcome.Recorded() {
		return 0, "", "", false
	}
	return toneWarn, lang.L("Room full: {{.N}} of {{.Cap}}", d), lang.L("{{.Name}} is checked in over the capacity.", d), true
}

// badRecent is a "Just now" line for an answer that recorded nothing.
func (s *checkInScreen) badRecent(res app.CheckInResult) {
	s.recent = append([]recentItem{{at: s.u.svc.Now(), name: res.Participant.ShortName(), outcome: res.Outcome, bad: true}}, s.recent...)
	if len(s.recent) > recentMax {
		s.recent = s.recent[:recentMax]
	}
	s.recentW.Refresh()
}
