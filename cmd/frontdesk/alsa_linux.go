//go:build linux

package main

// #cgo pkg-config: alsa
// #include <alsa/asoundlib.h>
//
// static void frontdeskALSAQuiet(const char *file, int line, const char *function, int err, const char *fmt, ...) {}
// static void frontdeskALSASilence(void) { snd_lib_error_set_handler(frontdeskALSAQuiet); }
import "C"

// quietSoundLibrary stops ALSA printing its own complaints to standard
// error: a PC with no sound card would otherwise get a dozen "Unknown PCM
// default" lines at every start. The sounder logs the one line that
// matters (scans stay silent, and why).
func quietSoundLibrary() { C.frontdeskALSASilence() }
