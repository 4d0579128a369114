package app

import (
	"context"
	"time"
)

// KitKind is the sort of kit lent (seed 001): a laptop, a Wi-Fi hotspot, or both.
type KitKind string

// Kit kinds.
const (
	KitLaptop        KitKind = "laptop"
	KitHotspot       KitKind = "hotspot"
	KitLaptopHotspot KitKind = "laptop_hotspot"
)

// KitKinds lists every kit kind.
var KitKinds = []KitKind{KitLaptop, KitHotspot, KitLaptopHotspot}

// HasHotspot reports whether kits of this kind carry a cellular line.
func (k KitKind) HasHotspot() bool { return k == KitHotspot || k == KitLaptopHotspot }

// KitStatus is where a kit is.
type KitStatus string

// Kit statuses.
const (
	KitAvailable   KitStatus = "available"
	KitOnLoan      KitStatus = "on_loan"
	KitOnHoldShelf KitStatus = "on_hold_shelf"
	KitInRepair    KitStatus = "in_repair"
	KitLost        KitStatus = "lost"
	KitRetired     KitStatus = "retired"
)

// KitStatuses lists every kit status.
var KitStatuses = []KitStatus{KitAvailable, KitOnLoan, KitOnHoldShelf, KitInRepair, KitLost, KitRetired}

// Words returns the status as a person reads it ("on loan").
func (s KitStatus) Words() string {
	switch s {
	case KitOnLoan:
		return "on loan"
	case KitOnHoldShelf:
		return "on the hold shelf"
	case KitInRepair:
		return "in repair"
	}
	return string(s)
}

// ServiceState is the state of a hotspot's cellular line. The carrier acts on
// a request later, so a request and its confirmation are separate states:
//
//	active → suspend_requested → suspended → reactivate_requested → active
//
// Staff may also record a step done at once (active → suspended,
// suspended → active) when the carrier confirms on the phone.
type ServiceState string

// Hotspot service states ("" for kits without a hotspot).
const (
	ServiceActive              ServiceState = "active"
	ServiceSuspendRequested    ServiceState = "suspend_requested"
	ServiceSuspended           ServiceState = "suspended"
	ServiceReactivateRequested ServiceState = "reactivate_requested"
)

// serviceSteps are the allowed changes of a hotspot's service state.
var serviceSteps = map[ServiceState][]ServiceState{
	ServiceActive:              {ServiceSuspendRequested, ServiceSuspended},
	ServiceSuspendRequested:    {ServiceSuspended, ServiceReactivateRequested, ServiceActive},
	ServiceSuspended:           {ServiceReactivateRequested, ServiceActive},
	ServiceReactivateRequested: {ServiceActive},
}

// CanChangeService reports whether a hotspot's service may go from one state to another.
func CanChangeService(from, to ServiceState) bool {
	for _, s := range serviceSteps[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Component names a kit usually has.
const (
	ComponentLaptop         = "laptop"
	ComponentCharger        = "charger"
	ComponentHotspot        = "hotspot"
	ComponentHotspotCharger = "hotspot charger"
	ComponentBag            = "bag"
	ComponentMaterials      = "printed materials"
)

// KitComponent is one piece of a kit. Serial is the serial number or IMEI.
type KitComponent struct {
	ID       int64
	KitID    int64
	Name     string
	Serial   string
	Required bool // must go out and come back with every loan
}

// Kit is a laptop and/or hotspot kit lent for a session. Tag is the opaque
// code on its label (NewCode(PrefixKit)); AltTag is the center's own asset
// tag of the kit, if any ("WR-KIT-001"), kept as an alternate code that finds
// the kit wherever a label is scanned (see NormalizeAltTag). Carrier,
// LineNumber, IMEI and Service apply to kits with a hotspot.
type Kit struct {
	ID         int64
	Tag        string
	AltTag     string
	Kind       KitKind
	Status     KitStatus
	SiteID     int64 // home site
	Notes      string
	Components []KitComponent
	Carrier    string
	LineNumber string // E.164
	IMEI       string
	Service    ServiceState
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Cohort is a session of a program (seed 001: a six-week Work Ready session). Start and
// End are calendar days (midnight UTC carrying the site's local date); End is
// the default due date of loans made for the session.
type Cohort struct {
	ID        int64
	SiteID    int64
	Name      string
	Start     time.Time
	End       time.Time
	CreatedAt time.Time
	CreatedBy string
}

// Enrolment puts a participant on a session's roster.
type Enrolment struct {
	CohortID      int64
	ParticipantID int64
	At            time.Time
	By            string
}

// LoanStatus is where a loan stands.
type LoanStatus string

// Loan statuses. Open and partial loans are "out".
const (
	LoanOpen     LoanStatus = "open"
	LoanPartial  LoanStatus = "partial" // returned in part: something missing or damaged is still owed
	LoanReturned LoanStatus = "returned"
	LoanLost     LoanStatus = "lost"
)

// Out reports whether the loan is still open (fully or partly out).
func (s LoanStatus) Out() bool { return s == LoanOpen || s == LoanPartial }

// Component conditions recorded at return.
const (
	ConditionOK      = "ok"
	ConditionDamaged = "damaged"
	ConditionMissing = "missing"
)

// LoanComponent is a component that went out with a loan and how it came back.
type LoanComponent struct {
	ComponentID int64
	Name        string
	Back        bool
	Condition   string // "" until returned; ConditionOK, ConditionDamaged, ConditionMissing
	Note        string
}

// Loan is one lending of a kit to a participant. Due is a calendar day
// (midnight UTC carrying the site's local date); the kit is overdue from the
// next local day on.
type Loan struct {
	ID            int64
	KitID         int64
	ParticipantID int64
	SiteID        int64
	CohortID      int64 // 0: not for a session
	OutAt         time.Time
	OutBy         string
	Due           time.Time
	Renewals      int
	Status        LoanStatus
	ReturnedAt    *time.Time
	ReturnedBy    string
	ConditionNote string
	Components    []LoanComponent
	// Borrower is who has the kit, read with the loan.
	Borrower Borrower
}

// Borrower is the participant a loan or hold is for, as the kit desk calls
// them: the store reads it with the loan or hold in the same query.
type Borrower struct {
	FirstName string
	LastName  string
	Phone     string // E.164, or "" when none is on record
	Email     string
	Language  string
}

// DisplayName is the borrower's full name, as Participant.DisplayName.
func (b Borrower) DisplayName() string { return displayName(b.FirstName, b.LastName) }

// HoldStatus is where a hold stands.
type HoldStatus string

// Hold statuses.
const (
	HoldWaiting   HoldStatus = "waiting"
	HoldReady     HoldStatus = "ready" // a kit waits on the hold shelf for the person
	HoldFulfilled HoldStatus = "fulfilled"
	HoldCancelled HoldStatus = "cancelled"
)

// Hold is a participant's place in the waitlist for a kind of kit at a site.
type Hold struct {
	ID            int64
	SiteID        int64
	Kind          KitKind
	ParticipantID int64
	PlacedAt      time.Time
	PlacedBy      string
	Status        HoldStatus
	KitID         int64 // the kit on the hold shelf, once ready
	ReadyAt       *time.Time
	ClosedAt      *time.Time
	ClosedBy      string
	// Borrower is who the hold is for, read with the hold.
	Borrower Borrower
}

// KitFilter narrows a kit listing.
type KitFilter struct {
	SiteID int64     // 0: every site
	Kind   KitKind   // "": every kind
	Status KitStatus // "": every status
}

// LoanFilter narrows a loan listing.
type LoanFilter struct {
	SiteID        int64
	KitID         int64
	ParticipantID int64
	OutOnly       bool      // open and partial loans only
	OutFrom       time.Time // zero: open-ended; loans made at or after
	OutTo         time.Time // zero: open-ended; loans made before
}

// HoldFilter narrows a hold listing; holds come in queue order.
type HoldFilter struct {
	SiteID        int64
	Kind          KitKind
	ParticipantID int64
	Statuses      []HoldStatus // empty: waiting and ready
}

// KitTx is the part of Tx that keeps sessions, kits, loans and holds.
// Package data implements it over SQLite.
type KitTx interface {
	CreateCohort(ctx context.Context, s *Cohort) error
	Cohort(ctx context.Context, id int64) (Cohort, error)
	Cohorts(ctx context.Context, siteID int64) ([]Cohort, error)
	// LinkCohortEvent records that an event belongs to a session.
	LinkCohortEvent(ctx context.Context, sessionID, eventID int64) error
	// CohortEvents lists a session's events by start.
	CohortEvents(ctx context.Context, sessionID int64) ([]Event, error)
	// Enrol adds a participant to a session's roster; a second enrolment is
	// refused with EConflict.
	Enrol(ctx context.Context, e Enrolment) error
	IsEnrolled(ctx context.Context, sessionID, participantID int64) (bool, error)
	// CohortRoster lists a session's participants by last, first name.
	CohortRoster(ctx context.Context, sessionID int64) ([]Participant, error)

	// CreateKit stores k and its components and sets their ids. A tag,
	// serial or IMEI already in use is refused with EConflict.
	CreateKit(ctx context.Context, k *Kit) error
	// UpdateKit saves the kit's own fields (not its components).
	UpdateKit(ctx context.Context, k *Kit) error
	Kit(ctx context.Context, id int64) (Kit, error)
	KitByTag(ctx context.Context, tag string) (Kit, error)
	// KitByAltTag finds the kit with that asset tag (as NormalizeAltTag
	// writes it), or ENotFound.
	KitByAltTag(ctx context.Context, altTag string) (Kit, error)
	// KitBySerial finds the kit with a component of that serial, or with
	// that IMEI, or ENotFound.
	KitBySerial(ctx context.Context, serial string) (Kit, error)
	// Kits lists kits matching f by tag (with their components).
	Kits(ctx context.Context, f KitFilter) ([]Kit, error)

	// CreateLoan stores l with its components and sets l.ID.
	CreateLoan(ctx context.Context, l *Loan) error
	// UpdateLoan saves due date, renewals, status, return fields and the
	// components' back/condition/note.
	UpdateLoan(ctx context.Context, l *Loan) error
	Loan(ctx context.Context, id int64) (Loan, error)
	// OutLoanForKit returns the kit's open or partial loan, or ENotFound.
	OutLoanForKit(ctx context.Context, kitID int64) (Loan, error)
	// Loans lists loans matching f, oldest out first (with components).
	Loans(ctx context.Context, f LoanFilter) ([]Loan, error)

	CreateHold(ctx context.Context, h *Hold) error
	UpdateHold(ctx context.Context, h *Hold) error
	Hold(ctx context.Context, id int64) (Hold, error)
	// Holds lists holds matching f in queue order (placed, then id).
	Holds(ctx context.Context, f HoldFilter) ([]Hold, error)
}
