package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"frontdesk/app/ui"
)

// samples decodes 16-bit little-endian mono PCM.
func samples(t *testing.T, pcm []byte) []int16 {
	t.Helper()
	out := make([]int16, len(pcm)/2)
	if err := binary.Read(bytes.NewReader(pcm), binary.LittleEndian, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeskSoundsDifferAndStartAndEndQuietly(t *testing.T) {
	seen := map[string]ui.Sound{}
	for _, snd := range []ui.Sound{ui.SoundCheckedIn, ui.SoundAttention, ui.SoundProblem} {
		pcm := tonePCM(snd)
		if len(pcm) == 0 || len(pcm)%2 != 0 {
			t.Fatalf("%v: %d bytes", snd, len(pcm))
		}
		if prev, ok := seen[string(pcm)]; ok {
			t.Fatalf("%v sounds the same as %v", snd, prev)
		}
		seen[string(pcm)] = snd
		s := samples(t, pcm)
		var total time.Duration
		for _, n := range soundNotes[snd] {
			total += n.dur + n.pause
		}
		if got := time.Duration(len(s)) * time.Second / soundRate; got < total-time.Millisecond || got > total+time.Millisecond {
			t.Fatalf("%v lasts %v, want %v", snd, got, total)
		}
		if got := time.Duration(len(s)) * time.Second / soundRate; got > 500*time.Millisecond {
			t.Fatalf("%v lasts %v: too long for a queue", snd, got)
		}
		// no click: the first and last samples are near silence; no clipping
		peak := 0
		for _, v := range s {
			peak = max(peak, int(math.Abs(float64(v))))
		}
		if abs := func(v int16) int { return int(math.Abs(float64(v))) }; abs(s[0]) > 200 || abs(s[len(s)-1]) > 200 || peak > math.MaxInt16*6/10 || peak < math.MaxInt16/4 {
			t.Fatalf("%v: first %d, last %d, peak %d", snd, s[0], s[len(s)-1], peak)
		}
		// the first beep's pitch, from its rising zero crossings
		n := soundNotes[snd][0]
		beep := s[:int(n.dur.Seconds()*soundRate)]
		rises := 0
		for i := 1; i < len(beep); i++ {
			if beep[i-1] < 0 && beep[i] >= 0 {
				rises++
			}
		}
		if hz := float64(rises) / n.dur.Seconds(); math.Abs(hz-n.hz) > n.hz*0.1 {
			t.Fatalf("%v: pitch about %.0f Hz, want %.0f", snd, hz, n.hz)
		}
	}
	if len(tonePCM(ui.SoundProblem)) <= len(tonePCM(ui.SoundCheckedIn)) {
		t.Fatal("the problem sound is no longer than the checked-in one")
	}
}

// On a machine without a sound device (this one, under CI or Xvfb) the
// sounder says so once and stays silent; Play never blocks, device or not.
func TestSounderNeverBlocks(t *testing.T) {
	s := newToneSounder()
	start := time.Now()
	for range 50 {
		s.Play(ui.SoundCheckedIn)
		s.Play(ui.SoundAttention)
		s.Play(ui.SoundProblem)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Fatalf("150 plays took %v before the device was open", d)
	}
	select {
	case <-s.ready:
	case <-time.After(10 * time.Second):
		t.Fatal("opening the audio device did not finish in 10 s")
	}
	start = time.Now()
	for range 50 {
		s.Play(ui.SoundProblem)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Fatalf("150 plays took %v after the device was opened", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Logf("device open: %v, failed: %v, players kept: %d", s.ctx != nil, s.failed, len(s.playing))
	if s.ctx == nil && !s.failed {
		t.Fatal("no device and no failure recorded")
	}
}

// On a PC without a sound device the sounder says so in one log line, and
// the sound library prints nothing of its own. The check runs in a child
// process, since ALSA writes straight to the process's standard error.
func TestNoSoundDeviceIsOneLogLine(t *testing.T) {
	if os.Getenv("FRONTDESK_SOUND_CHILD") != "" {
		s := newToneSounder()
		<-s.ready
		s.Play(ui.SoundProblem)
		return
	}
	if _, err := os.Stat("/dev/snd"); err == nil {
		t.Skip("this machine has a sound device")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSoundDeviceIsOneLogLine$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FRONTDESK_SOUND_CHILD=1", "LC_ALL=en_US.UTF-8", "LANG=en_US.UTF-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.String())
	}
	out := stderr.String()
	t.Logf("standard error:\n%s", out)
	if n := strings.Count(out, "scans stay silent"); n != 1 {
		t.Fatalf("%d lines say scans stay silent, want 1", n)
	}
	if strings.Contains(out, "ALSA lib") || strings.Contains(out, "Unknown PCM") {
		t.Fatal("the sound library printed its own errors")
	}
	if lines := strings.Count(strings.TrimSpace(out), "\n") + 1; lines != 1 {
		t.Fatalf("%d lines on standard error, want 1", lines)
	}
}
