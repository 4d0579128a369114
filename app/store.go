package app

import (
	"context"
	"time"
)

// Store is where Front Desk keeps its records. Every change runs inside one
// Update transaction, so a service either commits all it wrote or nothing.
// Package data implements it over SQLite.
type Store interface {
	// View runs fn with a read-only Tx. Reads never wait for a writer.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn inside one write transaction: committed (durably) when
	// fn returns nil, rolled back otherwise.
	Update(ctx context.Context, fn func(Tx) error) error
	// Close releases the store.
	Close() error
}

// ParticipantFilter narrows a participant listing.
type ParticipantFilter struct {
	SiteID int64 // 0: every site
	Offset int
	Limit  int // 0: a default page
}

// SearchTerms is a person's typed search, already parsed by ParseSearch.
type SearchTerms struct {
	Name   string // folded name prefix ("jose gar"), matched against "first last" and "last first"
	Digits string // phone digits typed; matched as a prefix of the national number or a suffix
	Email  string // lower-cased email prefix
	Limit  int
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	Actor    string    // exact username
	Action   string    // action prefix, e.g. "signin" or "staff."
	From, To time.Time // zero: open-ended
	BeforeID int64     // paging: only rows older than this id
	Limit    int
}

// AuditCheck is the result of verifying the audit log's hash chain.
type AuditCheck struct {
	OK         bool
	Rows       int
	FirstBadID int64  // the first row edited, inserted, or after a deletion
	Problem    string // what is wrong there, in words
	Head       string // the newest row's hash when OK: write it down to anchor the chain
}

// EventFilter narrows an event listing.
type EventFilter struct {
	SiteID           int64
	From, To         time.Time // zero: open-ended; events overlapping [From, To)
	IncludeCancelled bool
	Limit            int
}

// Tx is the set of reads and writes the services use, inside one transaction.
// Methods return *Error with ENotFound when a single record asked for does not
// exist.
type Tx interface {
	CreateSite(ctx context.Context, s *Site) error
	UpdateSite(ctx context.Context, s *Site) error
	Site(ctx context.Context, id int64) (Site, error)
	Sites(ctx context.Context) ([]Site, error)

	CreateParticipant(ctx context.Context, p *Participant) error
	UpdateParticipant(ctx context.Context, p *Participant) error
	Participant(ctx context.Context, id int64) (Participant, error)
	ParticipantByCode(ctx context.Context, code string) (Participant, error)
	ParticipantByPhone(ctx context.Context, e164 string) (Participant, error)
	// ParticipantsByPhone lists everyone sharing a phone (households do).
	ParticipantsByPhone(ctx context.Context, e164 string) ([]Participant, error)
	ParticipantByEmail(ctx context.Context, email string) (Participant, error)
	SearchParticipants(ctx context.Context, q SearchTerms) ([]Participant, error)
	Participants(ctx context.Context, f ParticipantFilter) ([]Participant, error)
	CountParticipants(ctx context.Context, siteID int64) (int, error)
	// OptOutParticipant records a STOP for the participant at at, received
	// via via, unless they already opted out (then it changes nothing and
	// reports false): the first opt-out is kept for good.
	OptOutParticipant(ctx context.Context, id int64, at time.Time, via string) (bool, error)

	CreateEvent(ctx context.Context, e *Event) error
	UpdateEvent(ctx context.Context, e *Event) error
	Event(ctx context.Context, id int64) (Event, error)
	Events(ctx context.Context, f EventFilter) ([]Event, error)

	Register(ctx context.Context, r Registration) error
	IsRegistered(ctx context.Context, eventID, participantID int64) (bool, error)
	// EventRegistrants lists the participants pre-registered for an event,
	// by last name, then first name, then id (empty when none or no such
	// event).
	EventRegistrants(ctx context.Context, eventID int64) ([]Participant, error)

	// InsertCheckIn stores c and sets c.ID. A second active check-in of the
	// same participant at the same event is refused with EConflict.
	InsertCheckIn(ctx context.Context, c *CheckIn) error
	// ActiveCheckIn returns the participant's check-in at the event that has
	// not been undone, or ENotFound.
	ActiveCheckIn(ctx context.Context, eventID, participantID int64) (CheckIn, error)
	CheckIn(ctx context.Context, id int64) (CheckIn, error)
	// UndoCheckIn records the reversal of a check-in; the row stays.
	UndoCheckIn(ctx context.Context, id int64, at time.Time, by string) error
	// CheckIns lists the active check-ins of an event, newest first.
	CheckIns(ctx context.Context, eventID int64) ([]CheckIn, error)
	EventCounts(ctx context.Context, eventID int64) (EventCounts, error)

	InsertVisit(ctx context.Context, v *Visit) error
	// UndoVisit records the reversal of a visit; the row stays. A visit
	// already undone, or none, gives EConflict or ENotFound.
	UndoVisit(ctx context.Context, id int64, at time.Time, by string) error
	// LastVisit returns the participant's latest visit at the site for the
	// reason at or after since, or ENotFound.
	LastVisit(ctx context.Context, siteID, participantID int64, reason string, since time.Time) (Visit, error)

	// AppendAudit adds e at the end of the audit log's hash chain.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// Audit lists audit records matching f, newest first.
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	// VerifyAudit checks the whole hash chain.
	VerifyAudit(ctx context.Context) (AuditCheck, error)

	// CreateStaff stores a new account with its password hash and sets s.ID.
	CreateStaff(ctx context.Context, s *Staff, passwordHash string) error
	// UpdateStaff saves everything but the password.
	UpdateStaff(ctx context.Context, s *Staff) error
	Staff(ctx context.Context, id int64) (Staff, error)
	StaffByUsername(ctx context.Context, username string) (Staff, error)
	ListStaff(ctx context.Context) ([]Staff, error)
	// PasswordHashes returns the account's current password hash first,
	// then up to n-1 earlier ones, newest first.
	PasswordHashes(ctx context.Context, staffID int64, n int) ([]string, error)
	// SetPassword stores a new password hash (and remembers it in the history).
	SetPassword(ctx context.Context, staffID int64, hash string, at time.Time) error

	// Setting returns a stored setting, or "" when unset.
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	// RosterRows streams, to fn, the participants of q.SiteID who may be
	// texted (consent given, no opt-out, a phone), with their status flags
	// (see RosterRow), in q's order; fn's error stops it.
	RosterRows(ctx context.Context, q RosterQuery, fn func(*RosterRow) error) error
	// CountRosterRows counts what RosterRows would stream.
	CountRosterRows(ctx context.Context, q RosterQuery) (int, error)

	// KitTx keeps sessions, kits, loans and holds (see kitstore.go).
	KitTx
	// FollowupTx keeps job-retention follow-up (see followupstore.go).
	FollowupTx
	// ReportTx computes the director report (see reportstore.go).
	ReportTx
}
