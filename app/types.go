package app

import (
	"strings"
	"sync"
	"time"
)

// Site is a workforce center or library branch. Contact* is the point of
// contact who receives sign-in sheets (seed 000).
type Site struct {
	ID           int64
	Name         string
	Address      string
	Phone        string // E.164
	TimeZone     string // IANA name, e.g. America/Los_Angeles
	ContactName  string
	ContactPhone string // E.164
	ContactEmail string
	CreatedAt    time.Time
}

// Location returns the site's time zone, falling back to DefaultTimeZone.
func (s Site) Location() *time.Location {
	if s.TimeZone != "" {
		if loc, err := loadLocation(s.TimeZone); err == nil {
			return loc
		}
	}
	loc, err := loadLocation(DefaultTimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// locations keeps the time zones loaded so far: time.LoadLocation reads and
// parses the zone's file each time, and every check-in needs its site's.
var locations sync.Map // name → *time.Location

// loadLocation is time.LoadLocation, remembered.
func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// DefaultTimeZone is the time zone of a site that names none.
const DefaultTimeZone = "America/Los_Angeles"

// Status is where a participant stands in the center's process.
type Status string

// Participant statuses, in their usual order.
const (
	StatusNew      Status = "new"
	StatusOriented Status = "oriented"
	StatusEnrolled Status = "enrolled"
	StatusEmployed Status = "employed"
	StatusExited   Status = "exited"
)

// Statuses lists every participant status in order.
var Statuses = []Status{StatusNew, StatusOriented, StatusEnrolled, StatusEmployed, StatusExited, StatusInactive}

// Consent records a participant's agreement to receive text-message reminders.
type Consent struct {
	Given   bool
	At      time.Time // when it was given
	Method  string    // how: ConsentPaper, ConsentVerbal, ConsentKiosk, ConsentImport
	By      string    // staff username who recorded it
	Wording string    // version of the consent wording shown, e.g. ConsentWordingVersion
}

// Ways a consent can be recorded.
const (
	ConsentVerbal = "verbal"
	ConsentPaper  = "paper"
	ConsentKiosk  = "kiosk"
	ConsentImport = "import"
)

// Participant is a job seeker known to the center. Code is the opaque value
// printed in the participant's QR card. CalJOBSID is sensitive: never
// exported, never shown in lists.
type Participant struct {
	ID        int64
	Code      string
	SiteID    int64
	FirstName string
	LastName  string
	Phone     string // E.164 or empty
	Email     string // lower-cased or empty
	Language  string // ISO 639-1, e.g. "en", "es"
	ZIP       string
	Consent   Consent
	OptOutAt  *time.Time // a STOP received; never texted again
	OptOutVia string
	CalJOBSID string
	Status    Status
	CreatedAt time.Time
	UpdatedAt time.Time
	// SharedPhoneOK is not stored: set when staff confirmed registering a
	// phone another participant already has (a household). Without it the
	// desk's add, walk-in, paper and edit paths answer EConfirm.
	SharedPhoneOK bool
}

// DisplayName returns "First Last".
func (p Participant) DisplayName() string { return displayName(p.FirstName, p.LastName) }

// displayName joins a first and last name, either of which may be empty.
func displayName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}

// ShortName returns the first name and last initial, as printed on cards.
func (p Participant) ShortName() string {
	for _, r := range p.LastName {
		return p.FirstName + " " + string(r) + "."
	}
	return p.FirstName
}

// endsSentence is name at the end of a sentence: a short name's own period
// ends it ("… for Keisha S."), never a second one.
func endsSentence(name string) string {
	return strings.TrimSuffix(name, ".")
}

// EventKind is the sort of event job seekers check into.
type EventKind string

// Event kinds.
const (
	KindOrientation EventKind = "orientation"
	KindWorkshop    EventKind = "workshop"
	KindRecruitment EventKind = "recruitment"
	KindJobFair     EventKind = "job_fair"
	KindOther       EventKind = "other"
)

// Words returns the kind as a person reads it in English ("Job fair").
func (k EventKind) Words() string {
	switch k {
	case KindOrientation:
		return "Orientation"
	case KindWorkshop:
		return "Workshop"
	case KindRecruitment:
		return "Recruitment"
	case KindJobFair:
		return "Job fair"
	case KindOther:
		return "Other"
	}
	return string(k)
}

// EventKinds lists every event kind.
var EventKinds = []EventKind{KindOrientation, KindWorkshop, KindRecruitment, KindJobFair, KindOther}

// Event is an orientation, workshop, recruitment, job fair or other activity.
type Event struct {
	ID          int64
	SiteID      int64
	Kind        EventKind
	Title       string
	Start, End  time.Time
	Location    string
	VirtualLink string
	Capacity    int // 0: no limit
	Facilitator string
	Language    string
	Cancelled   bool
	CreatedAt   time.Time
	// Revision counts the changes made to the event since it was created
	// (cancelling included) and UpdatedAt is when the last was made: the
	// calendar's SEQUENCE and LAST-MODIFIED. The store sets both.
	Revision  int
	UpdatedAt time.Time
}

// Check-in methods.
const (
	MethodScan   = "scan"
	MethodSearch = "search"
	MethodWalkIn = "walk_in"
	MethodPaper  = "paper"
)

// CheckIn records a participant's attendance at an event. An undo sets
// UndoneAt/UndoneBy; the row itself is never deleted.
type CheckIn struct {
	ID            int64
	EventID       int64
	ParticipantID int64
	Method        string
	At            time.Time
	By            string // staff username
	WalkIn        bool   // not pre-registered
	UndoneAt      *time.Time
	UndoneBy      string
	Desk          string // the desk it was made at ("Resource room"); "" before desks had names
	// ClientID is the id a desk gave a check-in it made offline (on its
	// local copy), kept on the server; "" for one made online.
	ClientID string
}

// Visit reasons for a general visit (not tied to an event).
const (
	ReasonResourceRoom = "resource_room"
	ReasonAppointment  = "appointment"
	ReasonComputerUse  = "computer_use"
	ReasonOther        = "other"
)

// VisitReasons lists every general-visit reason.
var VisitReasons = []string{ReasonResourceRoom, ReasonAppointment, ReasonComputerUse, ReasonOther}

// Visit is a general visit to a site, for a reason rather than an event.
type Visit struct {
	ID            int64
	SiteID        int64
	ParticipantID int64
	Reason        string
	Note          string
	At            time.Time
	By            string
	UndoneAt      *time.Time
	UndoneBy      string
	ClientID      string // as CheckIn.ClientID
}

// Registration is a participant's pre-registration for an event.
type Registration struct {
	EventID       int64
	ParticipantID int64
	At            time.Time
	By            string
}

// EventCounts are the live figures shown beside an event at the desk.
type EventCounts struct {
	CheckedIn  int // active (not undone) check-ins
	Registered int // pre-registrations
	WalkIns    int // active check-ins of people not pre-registered
	Capacity   int
}

// EventAtDesk is what checking someone in to an event needs to know about
// it, read at once: the event, its site's time zone (which says which day
// it is), its live counts and the capacity limit.
type EventAtDesk struct {
	Event    Event
	TimeZone string
	Counts   EventCounts
	// LimitSetting is the stored capacity limit (SettingCapacityLimit; ""
	// when never set), read with the event: whether a full room refuses.
	LimitSetting string
}

// Location is the time zone of the event's site (see Site.Location).
func (d EventAtDesk) Location() *time.Location { return Site{TimeZone: d.TimeZone}.Location() }

// ParticipantRef names a participant by card code or, when Code is "", by id.
type ParticipantRef struct {
	ID   int64
	Code string
}

// Attendance is where a participant stands with one event.
type Attendance struct {
	Registered bool     // pre-registered
	CheckIn    *CheckIn // their active (not undone) check-in; nil when none
}

// AuditEntry is one line of the audit trail: who did what to which record,
// never the personal data itself.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Entity string // "participant", "checkin", ...
	Ref    string // id of the record
	Detail string // non-personal detail, e.g. "method=scan"
	// Held: on a center server, a record of a desk without the center's
	// audit key, waiting (ID 0) for a desk with it to sign it into the
	// chain.
	Held bool
}
