//go:build !linux

package main

// quietSoundLibrary does nothing: only Linux's ALSA prints its own errors.
func quietSoundLibrary() {}
