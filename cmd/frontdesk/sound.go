package main

import (
	"bytes"
	"encoding/binary"
	"log"
	"math"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"

	"frontdesk/app/ui"
)

// soundRate is the sample rate of the desk's sounds (16-bit mono PCM).
const soundRate = 44100

// note is one beep of a sound: a pitch (Hz) for a while, then silence.
type note struct {
	hz         float64
	dur, pause time.Duration
}

// soundNotes are the desk's three sounds, told apart by pitch and pattern
// as well as by length: one short high beep for checked in, two middle
// beeps for look (already in, room full), a long low tone for a problem.
var soundNotes = map[ui.Sound][]note{
	ui.SoundCheckedIn: {{hz: 1318.5, dur: 110 * time.Millisecond}},
	ui.SoundAttention: {{hz: 784, dur: 90 * time.Millisecond, pause: 70 * time.Millisecond}, {hz: 784, dur: 90 * time.Millisecond}},
	ui.SoundProblem:   {{hz: 196, dur: 380 * time.Millisecond}},
}

// tonePCM renders a sound as 16-bit little-endian mono PCM at soundRate.
// Each beep fades in and out over 8 ms so it starts and ends without a
// click; a low tone gets a third harmonic so small speakers still carry it.
func tonePCM(s ui.Sound) []byte {
	var buf bytes.Buffer
	for _, n := range soundNotes[s] {
		count := int(n.dur.Seconds() * soundRate)
		fade := soundRate * 8 / 1000
		for i := range count {
			t := float64(i) / soundRate
			v := math.Sin(2 * math.Pi * n.hz * t)
			if n.hz < 400 {
				v = 0.75*v + 0.25*math.Sin(2*math.Pi*3*n.hz*t)
			}
			env := 1.0
			if i < fade {
				env = float64(i) / float64(fade)
			} else if count-1-i < fade {
				env = float64(count-1-i) / float64(fade)
			}
			binary.Write(&buf, binary.LittleEndian, int16(v*env*0.5*math.MaxInt16))
		}
		buf.Write(make([]byte, 2*int(n.pause.Seconds()*soundRate)))
	}
	return buf.Bytes()
}

// toneSounder plays the desk's sounds on the computer's default audio
// device. The device is opened in the background; until it is ready, or
// when there is none (a PC without sound, a CI machine), Play does nothing:
// the failure is logged once and the desk carries on in silence.
type toneSounder struct {
	mu      sync.Mutex
	ctx     *oto.Context
	ready   chan struct{}
	failed  bool
	pcm     map[ui.Sound][]byte
	playing []*oto.Player
}

// newToneSounder starts opening the audio device and returns at once.
func newToneSounder() *toneSounder {
	s := &toneSounder{pcm: map[ui.Sound][]byte{}, ready: make(chan struct{})}
	for snd := range soundNotes {
		s.pcm[snd] = tonePCM(snd)
	}
	quietSoundLibrary()
	go func() {
		ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: soundRate, ChannelCount: 1, Format: oto.FormatSignedInt16LE})
		if err == nil {
			<-ready
			err = ctx.Err()
		}
		s.mu.Lock()
		if err != nil {
			log.Printf("sound: no audio device, scans stay silent: %v", err)
			s.failed = true
		} else {
			s.ctx = ctx
		}
		s.mu.Unlock()
		close(s.ready)
	}()
	return s
}

// Play starts a sound and returns at once; it never blocks on the device.
func (s *toneSounder) Play(snd ui.Sound) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil || s.failed {
		return
	}
	if err := s.ctx.Err(); err != nil {
		log.Printf("sound: the audio device failed, scans stay silent: %v", err)
		s.failed = true
		return
	}
	// forget the sounds that have finished; keep the others referenced
	kept := s.playing[:0]
	for _, p := range s.playing {
		if p.IsPlaying() {
			kept = append(kept, p)
		} else {
			p.Close()
		}
	}
	p := s.ctx.NewPlayer(bytes.NewReader(s.pcm[snd]))
	p.Play()
	s.playing = append(kept, p)
}
