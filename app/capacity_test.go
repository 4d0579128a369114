package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// fullRoom is an orientation of capacity 2 with two people checked in, and
// a third person who has not come in yet.
func fullRoom(t *testing.T, e *datatest.Env) (app.Event, app.Participant, app.Participant) {
	t.Helper()
	ev := orientationNow(t, e, 2)
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	first := e.Participant(t, "Ana", "Lee", "")
	for _, p := range []app.Participant{first, e.Participant(t, "Bo", "Kim", "")} {
		if res, err := e.Svc.ScanCheckIn(e.Ctx, target, p.Code); err != nil || res.OverCapacity || strings.Contains(res.Message, "Room full") {
			t.Fatalf("check-in within capacity: %+v %v", res, err)
		}
	}
	return ev, first, e.Participant(t, "Cruz", "Díaz", "")
}

func setCapacityLimit(t *testing.T, e *datatest.Env, l app.CapacityLimit) {
	t.Helper()
	st, err := e.Svc.Settings(e.Ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.CapacityLimit = l
	if err := e.Svc.SetSettings(e.Ctx, st); err != nil {
		t.Fatal(err)
	}
}

func TestSoftCapacityWarnsAndChecksIn(t *testing.T) {
	e := datatest.New(t)
	if st, _ := e.Svc.Settings(e.Ctx); st.CapacityLimit != app.CapacitySoft || !st.ScanSounds {
		t.Fatalf("default settings: %+v; want a soft limit and sounds on", st)
	}
	ev, _, cruz := fullRoom(t, e)
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	res, err := e.Svc.ScanCheckIn(e.Ctx, target, cruz.Code)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.OutcomeWalkIn || !res.OverCapacity || res.CheckIn.ID == 0 || !strings.HasPrefix(res.Message, "Room full: 3 of 2.") {
		t.Fatalf("soft limit: %+v", res)
	}
	if res.Counts.CheckedIn != 3 {
		t.Fatalf("counts after a soft over-capacity check-in: %+v", res.Counts)
	}
	// a walk-in registered at the desk is warned the same way, and saved
	res, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Dee", LastName: "Park", Language: "en"})
	if err != nil || !res.OverCapacity || res.Participant.ID == 0 || !strings.HasPrefix(res.Message, "Room full: 4 of 2.") {
		t.Fatalf("soft limit walk-in: %+v %v", res, err)
	}
}

func TestHardCapacityRefusesBeforeRecording(t *testing.T) {
	e := datatest.New(t)
	setCapacityLimit(t, e, app.CapacityHard)
	ev, ana, cruz := fullRoom(t, e)
	target := app.Target{SiteID: e.Site.ID, EventID: ev.ID}
	res, err := e.Svc.ScanCheckIn(e.Ctx, target, cruz.Code)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != app.OutcomeRoomFull || res.Outcome.Recorded() || res.CheckIn.ID != 0 || !strings.HasPrefix(res.Message, "Room full: 3 of 2.") {
		t.Fatalf("hard limit: %+v", res)
	}
	if list, _ := e.Svc.CheckIns(e.Ctx, ev.ID); len(list) != 2 {
		t.Fatalf("a refused check-in was saved: %d check-ins", len(list))
	}
	// someone already in is told so, not refused
	if res, err := e.Svc.ScanCheckIn(e.Ctx, target, ana.Code); err != nil || res.Outcome != app.OutcomeAlready {
		t.Fatalf("already in at a full room: %+v %v", res, err)
	}
	// a walk-in refused leaves no new participant behind
	before, _ := e.Svc.SearchParticipants(e.Ctx, "Dee Park", 5)
	res, err = e.Svc.RegisterWalkIn(e.Ctx, target, app.Participant{FirstName: "Dee", LastName: "Park", Language: "en"})
	if err != nil || res.Outcome != app.OutcomeRoomFull || res.Participant.ID != 0 {
		t.Fatalf("hard limit walk-in: %+v %v", res, err)
	}
	if after, _ := e.Svc.SearchParticipants(e.Ctx, "Dee Park", 5); len(after) != len(before) {
		t.Fatalf("a refused walk-in was registered: %d people found", len(after))
	}
	// a paper sheet says who was in the room: keyed in with a warning
	res, err = e.Svc.CheckInParticipant(e.Ctx, target, cruz.ID, app.MethodPaper)
	if err != nil || !res.Outcome.Recorded() || !res.OverCapacity {
		t.Fatalf("paper at a hard limit: %+v %v", res, err)
	}
	// after an undo there is room again
	list, _ := e.Svc.CheckIns(e.Ctx, ev.ID)
	for _, c := range list[:2] {
		if err := e.Svc.UndoCheckIn(e.Ctx, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	dee := e.Participant(t, "Dee", "Park", "")
	if res, err := e.Svc.ScanCheckIn(e.Ctx, target, dee.Code); err != nil || !res.Outcome.Recorded() || res.OverCapacity {
		t.Fatalf("check-in once there is room: %+v %v", res, err)
	}
}

func TestCapacitySettingIsCheckedAndAudited(t *testing.T) {
	e := datatest.New(t)
	st := app.DefaultSettings
	st.CapacityLimit = "strict"
	if err := e.Svc.SetSettings(e.Ctx, st); app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), "Capacity limit") {
		t.Fatalf("unknown limit: %v", err)
	}
	st.CapacityLimit, st.ScanSounds = app.CapacityHard, false
	if err := e.Svc.SetSettings(e.Ctx, st); err != nil {
		t.Fatal(err)
	}
	got, err := e.Svc.Settings(e.Ctx)
	if err != nil || got.CapacityLimit != app.CapacityHard || got.ScanSounds {
		t.Fatalf("settings read back: %+v %v", got, err)
	}
	log, err := e.Svc.AuditLog(e.Ctx, app.AuditFilter{Action: "settings.change"})
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Detail, "capacity_limit=hard") || !strings.Contains(log[0].Detail, "scan_sounds=0") {
		t.Fatalf("audit: %+v %v", log, err)
	}
}
