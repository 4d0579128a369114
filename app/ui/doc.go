// Package ui is Front Desk's Fyne interface: one file per screen, each a
// small struct built by a newXxx function from the app's services. It never
// imports package data or fyne.io/fyne/v2/app, so its tests run with
// fyne.io/fyne/v2/test and no display.
//
// Every string a person reads goes through Fyne's lang package; the English
// text is the key, and assets/translations holds English and Spanish.
package ui
