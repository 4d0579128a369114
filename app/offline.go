package app

import (
	"context"
	"time"
)

// offlineKey marks a context whose write may be made on a desk's local
// copy when the center server cannot be reached.
type offlineKey struct{}

// OfflineAllowed reports whether the write running under ctx may be made
// while the desk is offline: check-ins, walk-ins, general visits, their
// undo, and signing in. Everything else waits for the server.
func OfflineAllowed(ctx context.Context) bool {
	ok, _ := ctx.Value(offlineKey{}).(bool)
	return ok
}

// offlineOK marks ctx's writes as ones a desk may make offline.
func offlineOK(ctx context.Context) context.Context {
	return context.WithValue(ctx, offlineKey{}, true)
}

// checkInOnlyKey marks a context whose write records a check-in of
// someone already on file and nothing else until it appends to the audit
// log (see CheckInOnly).
type checkInOnlyKey struct{}

// CheckInOnly reports whether the write running under ctx records a
// check-in of someone on file. A center server then need not hold the
// center's write lock while it reads and inserts: the database refuses a
// second active check-in of the same person at the same event
// (ErrCheckedInMeanwhile), the event's counter row orders the check-ins
// of one event, and anything the transaction appends to the audit log
// takes the lock first.
func CheckInOnly(ctx context.Context) bool {
	ok, _ := ctx.Value(checkInOnlyKey{}).(bool)
	return ok
}

// checkInOnly marks ctx's write as a check-in of someone on file.
func checkInOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, checkInOnlyKey{}, true)
}

// ErrCheckedInMeanwhile is what a store answers when a check-in would be
// the person's second active one at the event: another desk recorded one
// since this transaction read the person.
var ErrCheckedInMeanwhile = Errorf(EConflict, "Already checked in to this event.")

// onlineKey marks a context whose reads need every record: reports,
// exports, rosters and the audit log, which a desk's local copy (a week of
// events) would answer wrongly.
type onlineKey struct{}

// OnlineOnly reports whether the reads running under ctx must come from
// the server itself, never from a desk's local copy.
func OnlineOnly(ctx context.Context) bool {
	ok, _ := ctx.Value(onlineKey{}).(bool)
	return ok
}

// onlineOnly marks ctx's reads as ones only the server may answer.
func onlineOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, onlineKey{}, true)
}

// DeskStatus is where a desk of a center server stands with the server.
type DeskStatus struct {
	// Offline: the server cannot be reached; the desk checks people in
	// from its local copy.
	Offline bool
	// Waiting counts the check-ins and visits recorded here and not yet
	// on the server.
	Waiting int
	// Since is when the desk last lost the server (while Offline).
	Since time.Time
	// Conflicts are what the rules resolved when queued records reached the
	// server, newest last, for staff to look at.
	Conflicts []DeskConflict
}

// Kinds of DeskConflict.
const (
	// ConflictAlreadyIn: the person was checked in at another desk while
	// this one was offline; the record already on the server was kept.
	ConflictAlreadyIn = "already_in"
	// ConflictRegisteredTwice: a walk-in registered here offline was
	// registered at another desk too (same name and phone); the
	// registration already on the server was kept and this desk's
	// check-ins moved to it.
	ConflictRegisteredTwice = "registered_twice"
)

// DeskConflict is one conflict the rules resolved when a desk's queue
// reached the server.
type DeskConflict struct {
	Kind        string
	Participant string    // the person's short name
	Code        string    // the card code kept
	Event       string    // the event's title, for ConflictAlreadyIn
	KeptAt      time.Time // when the record kept was made
	KeptDesk    string    // where it was made
	MadeAt      time.Time // when this desk's record was made offline
}
