// Package ui is Front Desk's Fyne interface: one file per screen, each a
// small struct built by a newXxx function from the app's services. It never
// imports package data or fyne.io/fyne/v2/app, so its tests run with
// fyne.io/fyne/v2/test and no display.
//
// Nobody works unsigned: the first start creates the site and the first
// administrator (signin.go, setup.go); afterwards each person signs in and
// gets the tabs their roles allow, built with a context carrying their
// app.Actor. Lock and auto-lock keep a person's screens for them alone
// (lock.go); the kiosk (kiosk.go) lets participants check themselves in.
//
// Every string a person reads goes through Fyne's lang package; the English
// text is the key, and assets/translations holds English and Spanish.
package ui
