package app

import (
	"context"
	"time"
)

// StatusInactive is a participant removed from active services without an
// exit (seed 004's activity table); set by staff, not by the schedule.
const StatusInactive Status = "inactive"

// FollowupCase is a participant's job-retention record: the job, the exit,
// the case manager and the schedule. Dates are calendar days (CalendarDay).
type FollowupCase struct {
	ParticipantID int64
	CaseManagerID int64  // staff account; 0 for nobody yet
	CaseManager   string // the case manager's display name (read only)
	TemplateKey   string // "" means DefaultTemplateKey

	EmploymentStart time.Time // zero: no job recorded
	Employer        string
	JobTitle        string
	WageCents       int64   // hourly; 0 when not known
	HoursPerWeek    float64 // 0 when not known

	ExitDate   time.Time // zero: not exited
	ExitReason string
	// ExitExclusion is one of ExitExclusions when the exit was for one of
	// TEGL 10-16's other reasons for exit ("" otherwise): the person is
	// left out of the WIOA indicators (see wioa.go).
	ExitExclusion string
	// InTraining: the person was in an education or training program,
	// so they count in the credential attainment rate.
	InTraining bool
	// CredentialType names the credential attained ("" for none) and
	// CredentialDate is when.
	CredentialType string
	CredentialDate time.Time

	UpdatedAt time.Time
	UpdatedBy string
}

// StatusChange records who moved a participant from one status to another.
type StatusChange struct {
	ID            int64
	ParticipantID int64
	From, To      Status
	At            time.Time
	By            string // username
	Note          string
}

// ContactStatus is where a due contact stands.
type ContactStatus string

// Contact statuses.
const (
	ContactOpen          ContactStatus = "open"
	ContactDone          ContactStatus = "done"           // a two-way contact made, or the form filled in
	ContactNonResponsive ContactStatus = "non_responsive" // three attempts without reaching the person
)

// NonResponsiveAfter is how many failed attempts make a contact non-responsive.
const NonResponsiveAfter = 3

// FollowupContact is one contact of a participant's schedule, as stored.
type FollowupContact struct {
	ID            int64
	ParticipantID int64
	Key           string // PlannedContact.Key
	Kind          ContactKind
	Label         string
	Quarter       int
	WindowStart   time.Time
	Due           time.Time
	Status        ContactStatus
	Attempts      int       // failed attempts so far
	DoneOn        time.Time // the day it was completed; zero while not done
	DoneBy        string
}

// Logged reports whether anything was logged against the contact, so that
// regenerating the schedule must keep it.
func (c FollowupContact) Logged() bool {
	return c.Status != ContactOpen || c.Attempts > 0
}

// ContactMethod is how a contact was attempted.
type ContactMethod string

// Methods.
const (
	MethodPhone    ContactMethod = "phone"
	MethodText     ContactMethod = "text"
	MethodEmail    ContactMethod = "email"
	MethodLetter   ContactMethod = "letter"
	MethodInPerson ContactMethod = "in_person"
)

// ContactMethods lists every method.
var ContactMethods = []ContactMethod{MethodPhone, MethodText, MethodEmail, MethodLetter, MethodInPerson}

// ContactOutcome is what came of an attempt.
type ContactOutcome string

// Outcomes. Only OutcomeReached is a two-way contact.
const (
	OutcomeReached     ContactOutcome = "reached"
	OutcomeVoicemail   ContactOutcome = "voicemail"
	OutcomeNoAnswer    ContactOutcome = "no_answer"
	OutcomeWrongNumber ContactOutcome = "wrong_number"
	OutcomeLetterSent  ContactOutcome = "letter_sent"
)

// ContactOutcomes lists every outcome.
var ContactOutcomes = []ContactOutcome{OutcomeReached, OutcomeVoicemail, OutcomeNoAnswer, OutcomeWrongNumber, OutcomeLetterSent}

// Supporting documents seen for employment (seed 004: W-2, pay stub,
// employer verification letter).
const (
	DocPayStub        = "pay_stub"
	DocW2             = "w2"
	DocEmployerLetter = "employer_letter"
)

// SupportingDocuments lists the documents ("" is none).
var SupportingDocuments = []string{DocPayStub, DocW2, DocEmployerLetter}

// Yes/no/unknown answers ("" is not asked or not known).
const (
	AnswerYes = "yes"
	AnswerNo  = "no"
)

// FollowupAttempt is one entry of the contact log.
type FollowupAttempt struct {
	ID            int64
	ParticipantID int64
	ContactID     int64     // the due contact it counts for; 0 for none
	Day           time.Time // calendar day
	Staff         string    // username
	Method        ContactMethod
	Outcome       ContactOutcome
	StillEmployed string // AnswerYes, AnswerNo or ""
	Employer      string
	WageCents     int64
	Document      string
	Notes         string
	CreatedAt     time.Time
}

// FollowupForm is the quarter-end follow-up form (seed 004: WIA EWIF).
type FollowupForm struct {
	ID            int64
	ParticipantID int64
	ContactID     int64 // the quarter-end contact it completes; 0 for none
	Quarter       int   // quarter after exit
	Day           time.Time
	Staff         string
	Employed      string // AnswerYes or AnswerNo
	Employer      string
	JobTitle      string
	WageCents     int64
	HoursPerWeek  float64
	// QuarterEarningsCents are the quarter's earnings, when known (a pay
	// stub, a W-2, an employer's letter); 0 when not.
	QuarterEarningsCents int64
	Document             string
	Notes                string
	CreatedAt            time.Time
}

// DueFilter narrows a listing of due contacts.
type DueFilter struct {
	SiteID        int64 // 0: every site
	CaseManagerID int64 // 0: everyone's; -1: nobody assigned
	ParticipantID int64 // 0: everybody
	// Statuses to include; empty: open and non-responsive.
	Statuses []ContactStatus
	// Window: contacts whose window starts on or before StartsBy (zero: any)
	// and that are due on or after DueFrom and on or before DueTo (zero: open-ended).
	StartsBy, DueFrom, DueTo time.Time
	Kinds                    []ContactKind // empty: both
	Limit                    int           // 0: no limit
}

// DueFollowup is a due contact with who it is about and who makes it.
type DueFollowup struct {
	FollowupContact
	SiteID        int64
	Participant   string // "First Last"
	Code          string
	Phone         string
	Email         string
	Language      string
	CaseManagerID int64
	CaseManager   string // display name; "" when nobody is assigned
	Employer      string
	ExitDate      time.Time
}

// FollowupTx keeps job-retention cases, schedules, the contact log and
// follow-up forms.
type FollowupTx interface {
	// FollowupCase returns a participant's case, or ENotFound.
	FollowupCase(ctx context.Context, participantID int64) (FollowupCase, error)
	// SaveFollowupCase inserts or replaces the participant's case.
	SaveFollowupCase(ctx context.Context, c *FollowupCase) error
	// CaseloadIDs lists the participants whose case manager is staffID
	// (all with a case when staffID is 0), at siteID (0: every site).
	CaseloadIDs(ctx context.Context, siteID, staffID int64) ([]int64, error)

	AddStatusChange(ctx context.Context, c *StatusChange) error
	// StatusChanges lists a participant's status changes, oldest first.
	StatusChanges(ctx context.Context, participantID int64) ([]StatusChange, error)

	// FollowupContacts lists a participant's scheduled contacts by window start.
	FollowupContacts(ctx context.Context, participantID int64) ([]FollowupContact, error)
	FollowupContact(ctx context.Context, id int64) (FollowupContact, error)
	InsertFollowupContact(ctx context.Context, c *FollowupContact) error
	// UpdateFollowupContact saves every field but the participant.
	UpdateFollowupContact(ctx context.Context, c *FollowupContact) error
	// DeleteFollowupContact removes a contact nothing was logged against;
	// one with attempts or forms gives EConflict.
	DeleteFollowupContact(ctx context.Context, id int64) error
	// DueFollowups lists contacts matching f by due date, then participant.
	DueFollowups(ctx context.Context, f DueFilter) ([]DueFollowup, error)

	InsertFollowupAttempt(ctx context.Context, a *FollowupAttempt) error
	// FollowupAttempts lists a participant's contact log, newest first.
	FollowupAttempts(ctx context.Context, participantID int64) ([]FollowupAttempt, error)
	InsertFollowupForm(ctx context.Context, f *FollowupForm) error
	// FollowupForms lists a participant's follow-up forms, newest first.
	FollowupForms(ctx context.Context, participantID int64) ([]FollowupForm, error)

	// WIOAExits reads the exits of days first..last (calendar days,
	// inclusive) at siteID (0: every site), by exit day then participant:
	// each with the person, the case and the follow-up forms and contact
	// log entries dated on or after the exit.
	WIOAExits(ctx context.Context, siteID int64, first, last time.Time) ([]WIOAExit, error)

	// FollowupTemplates lists the stored (administrator-made) templates by name.
	FollowupTemplates(ctx context.Context) ([]FollowupTemplate, error)
	// SaveFollowupTemplate inserts (ID 0; sets ID and Key) or updates a stored template.
	SaveFollowupTemplate(ctx context.Context, t *FollowupTemplate) error
}
