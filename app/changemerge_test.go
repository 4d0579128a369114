package app

import (
	"testing"
	"time"
)

// A change made from an older record is folded into the current one detail
// by detail; a detail both changed differently is named.
func TestMergeParticipantChange(t *testing.T) {
	at := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	base := Participant{ID: 7, Code: "P-1", FirstName: "Ana", LastName: "Ruiz", ZIP: "90012", Status: StatusNew,
		Consent: Consent{Given: true, At: at, Method: ConsentPaper}, UpdatedAt: at}
	imp := base
	imp.ZIP, imp.Email, imp.UpdatedAt = "90031", "ana@example.org", at.Add(time.Hour)
	desk := base
	desk.Status, desk.UpdatedAt = StatusOriented, at.Add(time.Minute)
	// the same instant in another zone is the same consent time
	desk.Consent.At = at.In(time.FixedZone("PST", -8*3600))

	m, field := MergeParticipantChange(base, imp, desk)
	if field != "" || m.ZIP != "90031" || m.Email != "ana@example.org" || m.Status != StatusOriented || m.FirstName != "Ana" || !m.UpdatedAt.Equal(imp.UpdatedAt) {
		t.Fatalf("disjoint changes: %+v, conflict %q", m, field)
	}
	desk.ZIP = "90031" // both made it the same
	if _, field := MergeParticipantChange(base, imp, desk); field != "" {
		t.Errorf("the same ZIP from both: conflict %q", field)
	}
	desk.ZIP = "91000"
	if m, field := MergeParticipantChange(base, imp, desk); field != "ZIP" || m.ZIP != "91000" || m.Email != "ana@example.org" {
		t.Errorf("two different ZIPs: conflict %q, ZIP %s, email %s; want ZIP named, the current ZIP kept and the change's email taken", field, m.ZIP, m.Email)
	}
	now := time.Now()
	desk.ZIP, desk.OptOutAt = base.ZIP, &now
	imp.OptOutAt = nil
	if m, field := MergeParticipantChange(base, imp, desk); field != "" || m.OptOutAt == nil {
		t.Errorf("an opt-out at the desk: %v, conflict %q", m.OptOutAt, field)
	}
}
