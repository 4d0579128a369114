package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"frontdesk/app"
	"frontdesk/app/pdf"
)

// participantJSON is a participant as frontdeskctl prints it: never the
// CalJOBS ID.
type participantJSON struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
	Language  string `json:"language"`
	ZIP       string `json:"zip,omitempty"`
	Status    string `json:"status"`
	Consent   bool   `json:"sms_consent"`
	ConsentBy string `json:"consent_by,omitempty"`
	ConsentAt string `json:"consent_at,omitempty"`
	OptedOut  bool   `json:"opted_out"`
	OptOutAt  string `json:"opt_out_at,omitempty"`
	OptOutVia string `json:"opt_out_via,omitempty"`
}

func toJSON(p app.Participant) participantJSON {
	j := participantJSON{ID: p.ID, Code: p.Code, FirstName: p.FirstName, LastName: p.LastName, Phone: p.Phone,
		Email: p.Email, Language: p.Language, ZIP: p.ZIP, Status: string(p.Status), Consent: p.Consent.Given,
		ConsentBy: p.Consent.By, OptedOut: p.OptOutAt != nil}
	if p.Consent.Given {
		j.ConsentAt = p.Consent.At.UTC().Format("2006-01-02T15:04:05Z")
	}
	if p.OptOutAt != nil {
		j.OptOutAt, j.OptOutVia = p.OptOutAt.UTC().Format("2006-01-02T15:04:05Z"), p.OptOutVia
	}
	return j
}

// cmdParticipantAdd registers a participant.
func (e *env) cmdParticipantAdd(args []string) error {
	fs := e.flags("participant add")
	var p app.Participant
	var consent string
	fs.StringVar(&p.FirstName, "first", "", "first name")
	fs.StringVar(&p.LastName, "last", "", "last name")
	fs.StringVar(&p.Phone, "phone", "", "phone number")
	fs.StringVar(&p.Email, "email", "", "email")
	fs.StringVar(&p.Language, "lang", "en", "preferred language (en, es, ...)")
	fs.StringVar(&p.ZIP, "zip", "", "ZIP code")
	fs.StringVar(&p.CalJOBSID, "caljobs", "", "CalJOBS ID (kept private)")
	fs.BoolVar(&p.SharedPhoneOK, "shared-phone", false, "the phone is shared with someone already registered (a household)")
	fs.StringVar(&consent, "consent", "none", "text-reminder consent taken: verbal, paper or none")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("participant add: unexpected argument %q", pos[0])
	}
	switch consent {
	case "none", "":
	case app.ConsentVerbal, app.ConsentPaper:
		p.Consent = app.Consent{Given: true, Method: consent}
	default:
		return usageErrorf("--consent must be verbal, paper or none, not %q", consent)
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	p.SiteID = site.ID
	p, err = e.svc.AddParticipant(e.ctx, p)
	if app.ErrorCode(err) == app.EConfirm {
		return app.Errorf(app.EConfirm, "%s Add --shared-phone to register anyway.", err)
	}
	if err != nil {
		return err
	}
	return e.out(toJSON(p), fmt.Sprintf("Added participant %d %s (%s)", p.ID, p.DisplayName(), p.Code))
}

// cmdParticipantList lists or searches participants.
func (e *env) cmdParticipantList(args []string) error {
	fs := e.flags("participant list")
	q := fs.String("search", "", "name, phone digits or email to search for")
	limit := fs.Int("limit", 50, "at most this many")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("participant list: unexpected argument %q (use --search)", pos[0])
	}
	if *limit <= 0 {
		return usageErrorf("--limit must be positive")
	}
	if err := e.open(); err != nil {
		return err
	}
	var ps []app.Participant
	if strings.TrimSpace(*q) != "" {
		ps, err = e.svc.SearchParticipants(e.ctx, *q, *limit)
	} else {
		ps, err = e.svc.Participants(e.ctx, app.ParticipantFilter{Limit: *limit})
	}
	if err != nil {
		return err
	}
	if e.json {
		out := make([]participantJSON, len(ps))
		for i, p := range ps {
			out[i] = toJSON(p)
		}
		return e.out(out, "")
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCODE\tNAME\tPHONE\tEMAIL\tSTATUS")
	for _, p := range ps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Code, p.DisplayName(), app.FormatPhone(p.Phone), p.Email, p.Status)
	}
	tw.Flush()
	return e.out(nil, b.String())
}

// participantArg finds a participant by id or card code.
func (e *env) participantArg(arg string) (app.Participant, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		return e.svc.Participant(e.ctx, id)
	}
	return e.svc.ParticipantByCode(e.ctx, arg)
}

// cmdParticipantShow prints one participant.
func (e *env) cmdParticipantShow(args []string) error {
	fs := e.flags("participant show")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("participant show needs one ID or CODE")
	}
	if err := e.open(); err != nil {
		return err
	}
	p, err := e.participantArg(pos[0])
	if err != nil {
		return err
	}
	site, err := e.site()
	if err != nil {
		return err
	}
	loc := site.Location()
	consent := "no"
	if p.Consent.Given {
		consent = fmt.Sprintf("yes (%s, %s, by %s, wording %s)", p.Consent.At.In(loc).Format("2006-01-02 15:04"), p.Consent.Method, p.Consent.By, p.Consent.Wording)
	}
	if p.OptOutAt != nil {
		consent += fmt.Sprintf("; opted out %s", p.OptOutAt.In(loc).Format("2006-01-02"))
		if p.OptOutVia != "" {
			consent += " via " + p.OptOutVia
		}
	}
	text := fmt.Sprintf("ID:        %d\nCode:      %s\nName:      %s\nPhone:     %s\nEmail:     %s\nLanguage:  %s\nZIP:       %s\nStatus:    %s\nSMS:       %s\n",
		p.ID, p.Code, p.DisplayName(), app.FormatPhone(p.Phone), p.Email, p.Language, p.ZIP, p.Status, consent)
	return e.out(toJSON(p), text)
}

// cmdParticipantCard prints participants' cards to a PDF.
func (e *env) cmdParticipantCard(args []string) error {
	fs := e.flags("participant card")
	out := fs.String("out", "", "the PDF file to write")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageErrorf("participant card needs at least one ID or CODE")
	}
	if *out == "" {
		return usageErrorf("participant card needs --out FILE.pdf")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	var ps []app.Participant
	for _, a := range pos {
		p, err := e.participantArg(a)
		if err != nil {
			return err
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		if err := e.svc.RecordCardPrint(e.ctx, p.ID); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(*out, func(f *os.File) error { return pdf.Cards(f, site, ps...) }); err != nil {
		return err
	}
	return e.out(map[string]any{"out": *out, "cards": len(ps)}, fmt.Sprintf("Wrote %d card(s) to %s", len(ps), *out))
}

// writeFileAtomic writes path through a temporary file beside it, so a
// failure leaves no half-written file.
func writeFileAtomic(path string, write func(*os.File) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".frontdesk-*.tmp")
	if err != nil {
		return usageErrorf("cannot write in %s: %v", dir, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return usageErrorf("cannot write %s: %v", path, err)
	}
	return nil
}
