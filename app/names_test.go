package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

// A short name at the end of a sentence ends it with its own period:
// "registered to Keisha S. Search…", never "Keisha S.. Search…".
func TestShortNameEndsASentenceOnce(t *testing.T) {
	e := datatest.New(t)
	keisha, err := e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "Keisha", LastName: "Smith", Email: "keisha@example.org", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Svc.AddParticipant(e.Ctx, app.Participant{SiteID: e.Site.ID, FirstName: "K", LastName: "S", Email: keisha.Email, Language: "en"})
	msg := app.ErrorMessage(err)
	if !strings.Contains(msg, "registered to Keisha S. Search") || strings.Contains(msg, "..") {
		t.Fatalf("message %q", msg)
	}
}
