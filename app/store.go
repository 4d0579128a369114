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

	// A staged change (a big import) is written in many short write
	// transactions without anyone seeing it, then published in one more,
	// so it is all-or-nothing without holding the write lock for long.
	//
	// BeginStaged starts one and returns its id.
	BeginStaged(ctx context.Context) (int64, error)
	// UpdateStaged runs fn in one short write transaction; the participants
	// it creates belong to staged change id and stay invisible to every
	// reader (and to later transactions: keep track of them) until
	// PublishStaged.
	UpdateStaged(ctx context.Context, id int64, fn func(Tx) error) error
	// PublishStaged runs fn and makes change id visible, in one write
	// transaction: all of it or, when fn fails, none. The changes to
	// participants on file it kept (Tx.StageParticipantChange) are then
	// applied in short transactions: committed with the publishing one,
	// they reach readers a few at a time, within seconds.
	PublishStaged(ctx context.Context, id int64, fn func(Tx) error) error
	// AbandonStaged removes what change id wrote.
	AbandonStaged(ctx context.Context, id int64) error
}

// ParticipantFilter narrows a participant listing.
type ParticipantFilter struct {
	SiteID int64 // 0: every site
	Offset int
	Limit  int // 0: a default page
}

// SearchTerms is a person's typed search, already parsed by ParseSearch.
type SearchTerms struct {
	Name   string // folded name words ("cruz jo"): each is the start of some word of the name, in any order
	Digits string // phone digits typed: found anywhere in the national number
	Email  string // lower-cased email prefix
	Row    int    // the whole search is a number that may be a sheet row (1–9999); 0 when not
	Limit  int

	// EventID, when not 0, is the event the desk checks people in to: its
	// pre-registered matches come first and every hit says whether the
	// person is pre-registered and already checked in.
	EventID int64
	// Sheet asks for the row each pre-registered hit has on the event's
	// pre-filled sign-in sheet, and for the person on row Row first.
	Sheet bool
}

// SearchCountCap is where counting the matches of a search stops: a search
// matching more says "more than SearchCountCap" instead of a count.
const SearchCountCap = 200

// SearchHit is one person a search found, with what the desk needs to tell
// namesakes apart and to know before checking them in to the chosen event.
type SearchHit struct {
	Participant
	PreRegistered bool       // pre-registered for the search's event
	CheckedInAt   *time.Time // already checked in to the search's event (not undone), when
	SheetRow      int        // row on the event's pre-filled sign-in sheet (Sheet searches); 0 when not on it
	RowMatch      bool       // found as the sheet row number typed
}

// SearchPage is what a search found: the first hits, pre-registered people
// first, and how many match in all.
type SearchPage struct {
	Hits  []SearchHit
	Total int  // everyone who matches (hits included), at most SearchCountCap
	More  bool // more than SearchCountCap match: Total stopped there
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
	LastID     int64  // the newest row's id when OK
	KeyID      string // the audit key signing the newest rows ("" before the database had one)
	// Held counts, on a center server, the records of desks that do not
	// hold the center's audit key yet: they join the chain when a desk
	// that holds it next writes.
	Held int
	// KeyMissing: this computer does not hold the center's audit key, so
	// it cannot check the signed rows (not OK, but nothing found wrong).
	KeyMissing bool
}

// CenterKeyKeeper is a store whose audit chain is signed with a key its
// desks share (a center server's; see package data). KeepCenterKey runs
// after each successful sign-in with the password typed and the hash it
// matched: the key is made, sealed for the person, or opened from their
// sealed copy on a computer that lacks it. A failure costs the sign-in
// nothing.
type CenterKeyKeeper interface {
	KeepCenterKey(ctx context.Context, at time.Time, staffID int64, passwordHash, password string) error
}

// AuditHead is where the audit chain ends: how many rows, the newest row's
// id and hash, and the key that signs it. It is written beside the
// database, into every backup's manifest and onto the access review, so
// that deleting the newest rows shows.
type AuditHead struct {
	Rows   int    `json:"rows"`
	LastID int64  `json:"last_id"`
	Head   string `json:"head"`
	KeyID  string `json:"key_id,omitempty"`
	At     string `json:"at,omitempty"` // when it was written (RFC 3339, UTC)
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
	// StageParticipantChange keeps p, a change an import (this transaction
	// is one of UpdateStaged's) makes to a participant on file, to be
	// applied after PublishStaged, which refuses the import if anyone else
	// changed a detail it changes after this transaction read them (see
	// MergeParticipantChange). Until it is applied every reader sees the
	// participant as they were.
	StageParticipantChange(ctx context.Context, p *Participant) error
	// SetParticipantStatus changes only a participant's status and
	// updated_at (ENotFound when there is no such participant).
	SetParticipantStatus(ctx context.Context, id int64, status Status, at time.Time) error
	Participant(ctx context.Context, id int64) (Participant, error)
	ParticipantByCode(ctx context.Context, code string) (Participant, error)
	ParticipantByPhone(ctx context.Context, e164 string) (Participant, error)
	// ParticipantsByPhone lists everyone sharing a phone (households do).
	ParticipantsByPhone(ctx context.Context, e164 string) ([]Participant, error)
	ParticipantByEmail(ctx context.Context, email string) (Participant, error)
	// SearchParticipants answers a typed search (see SearchTerms).
	SearchParticipants(ctx context.Context, q SearchTerms) (SearchPage, error)
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
	// RecordCheckIn is InsertCheckIn with c's audit records, CheckInAudits
	// (oriented: the check-in made a new person oriented, a status the
	// caller saves). A store may add those records to the audit log moments
	// after this transaction commits, in a transaction of its own, as long
	// as nothing can lose them (the check-in's row holds what they say) and
	// they come before any record appended later (see SettleAudit).
	RecordCheckIn(ctx context.Context, c *CheckIn, oriented bool) error
	// SettleAudit adds to the audit log the records RecordCheckIn left to
	// follow; readers of the log call it first.
	SettleAudit(ctx context.Context) error
	// ActiveCheckIn returns the participant's check-in at the event that has
	// not been undone, or ENotFound.
	ActiveCheckIn(ctx context.Context, eventID, participantID int64) (CheckIn, error)
	CheckIn(ctx context.Context, id int64) (CheckIn, error)
	// CheckInByClientID returns the check-in a desk made offline with
	// that ClientID, or ENotFound.
	CheckInByClientID(ctx context.Context, clientID string) (CheckIn, error)
	// UndoCheckIn records the reversal of a check-in; the row stays.
	UndoCheckIn(ctx context.Context, id int64, at time.Time, by string) error
	// CheckIns lists the active check-ins of an event, newest first.
	CheckIns(ctx context.Context, eventID int64) ([]CheckIn, error)
	EventCounts(ctx context.Context, eventID int64) (EventCounts, error)
	// EventAtDesk reads an event, its site's time zone and its live counts
	// in one go, for a check-in (ENotFound when there is no such event).
	EventAtDesk(ctx context.Context, eventID int64) (EventAtDesk, error)
	// AtDesk is EventAtDesk and ParticipantAt at once (one statement when
	// the event has not changed since the store last read it). err is
	// EventAtDesk's; a participant not found comes back as pErr (ENotFound).
	AtDesk(ctx context.Context, eventID int64, ref ParticipantRef) (d EventAtDesk, p Participant, a Attendance, pErr, err error)
	// ParticipantAt reads the participant ref names with their attendance
	// at an event (none when eventID is 0), in one go, for a check-in;
	// ENotFound when nobody has that code or id.
	ParticipantAt(ctx context.Context, ref ParticipantRef, eventID int64) (Participant, Attendance, error)

	InsertVisit(ctx context.Context, v *Visit) error
	// VisitByClientID returns the visit a desk made offline with that
	// ClientID, or ENotFound.
	VisitByClientID(ctx context.Context, clientID string) (Visit, error)
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
	// AuditHead says where the chain ends now.
	AuditHead(ctx context.Context) (AuditHead, error)

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
