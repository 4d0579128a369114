// Package app is Front Desk's domain: the types a workforce center works with
// (sites, participants, events, check-ins, visits), the rules that govern them
// as pure functions, the error type every layer speaks, and the services (use
// cases) that enforce those rules over a Store.
//
// The package imports only the standard library and small pure helpers: no
// Fyne, no SQL. The SQLite store lives in package data, the screens in app/ui,
// printable documents in app/pdf.
package app
