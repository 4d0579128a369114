package app_test

import (
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/data/datatest"
)

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]int{
		"350": 35000, "350.00": 35000, " $350.5 ": 35050, "$1,299.99": 129999, "0": 0, ".75": 75, "12.": 1200, "10000": 1000000,
	} {
		if got, err := app.ParseMoney("laptop", in); err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, mention := range map[string]string{
		"abc":      `Laptop: "abc" is not an amount of money`,
		"12.345":   `Laptop: "12.345" has more than two decimals`,
		"-5":       `Laptop: "-5" is negative`,
		"":         "is not an amount of money",
		"$":        "is not an amount of money",
		"1.2.3":    "is not an amount of money",
		"12345678": "between $0 and $10,000",
	} {
		_, err := app.ParseMoney("laptop", in)
		if app.ErrorCode(err) != app.EInvalid || !strings.Contains(app.ErrorMessage(err), mention) {
			t.Errorf("ParseMoney(%q): %v; want EInvalid mentioning %q", in, err, mention)
		}
	}
	for _, c := range []int{0, 5, 35000, 129999} {
		if got, err := app.ParseMoney("x", app.FormatMoney(c)); err != nil || got != c {
			t.Errorf("FormatMoney(%d) = %q reads back as %d, %v", c, app.FormatMoney(c), got, err)
		}
	}
}

// TestSetReplacementCosts checks that an administrator sets the replacement
// costs alone (the other lending settings stay), that they are audited with
// every cost, and that bad ones are refused with nothing saved.
func TestSetReplacementCosts(t *testing.T) {
	e := datatest.New(t)
	ls := app.DefaultLoanSettings
	ls.DefaultLoanDays = 21
	if err := e.Svc.SetLoanSettings(e.Ctx, ls); err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.SetReplacementCosts(e.Ctx, map[string]int{"Laptop": 35000, " hotspot ": 12000, "bag": 0}); err != nil {
		t.Fatal(err)
	}
	got, err := e.Svc.LoanSettings(e.Ctx)
	if err != nil || got.DefaultLoanDays != 21 || len(got.ReplacementCents) != 3 || got.ReplacementCents["laptop"] != 35000 ||
		got.ReplacementCents["hotspot"] != 12000 || got.ReplacementCents["bag"] != 0 {
		t.Fatalf("after SetReplacementCosts: %+v %v", got, err)
	}
	if a := lastAudit(t, e); a.Action != "settings.replacement_costs" || a.Detail != "bag=0.00 hotspot=120.00 laptop=350.00" {
		t.Fatalf("audit %+v", a)
	}
	before := kitRows(t, e)
	wantCode(t, e.Svc.SetReplacementCosts(e.Ctx, map[string]int{"laptop": 2_000_000}), app.EInvalid, "Replacement cost of laptop must be between $0 and $10,000")
	wantCode(t, e.Svc.SetReplacementCosts(e.Ctx, map[string]int{"Laptop": 1, "laptop": 2}), app.EInvalid, "given twice")
	wantCode(t, e.Svc.SetReplacementCosts(e.Ctx, map[string]int{" ": 1}), app.EInvalid, "component name")
	if after := kitRows(t, e); after != before {
		t.Fatal("a refused change was saved")
	}
	if got, _ := e.Svc.LoanSettings(e.Ctx); got.ReplacementCents["laptop"] != 35000 {
		t.Fatalf("a refused change was saved: %+v", got.ReplacementCents)
	}
	// none: the agreement then has no costs to print
	if err := e.Svc.SetReplacementCosts(e.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Svc.LoanSettings(e.Ctx); len(got.ReplacementCents) != 0 {
		t.Fatalf("cleared: %+v", got.ReplacementCents)
	}
	if a := lastAudit(t, e); a.Detail != "none" {
		t.Fatalf("audit %+v", a)
	}
}
