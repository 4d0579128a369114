package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// LoanSettings are the kit-lending options an administrator sets. They are
// kept apart from Settings, under their own keys.
type LoanSettings struct {
	DefaultLoanDays int  // due date of a loan made without a session: today + this
	RenewalLimit    int  // renewals allowed per loan (0: none)
	BlockOverdue    bool // refuse a checkout to someone with an overdue kit
	// SuspendAfterHours puts an overdue hotspot on the suspend queue this
	// many hours after the end of its due day.
	SuspendAfterHours int
	// ReplacementCents is the replacement cost of each component by name
	// (for the lending agreement), in US cents.
	ReplacementCents map[string]int
}

// DefaultLoanSettings are used until an administrator changes them.
var DefaultLoanSettings = LoanSettings{DefaultLoanDays: 42, RenewalLimit: 1, BlockOverdue: true, SuspendAfterHours: 24}

const (
	settingLoanDays     = "loan.default_days"
	settingRenewLimit   = "loan.renewal_limit"
	settingBlockOverdue = "loan.block_overdue"
	settingSuspendHours = "loan.hotspot_suspend_hours"
	settingReplacement  = "loan.replacement_cents"
)

func loadLoanSettings(ctx context.Context, tx Tx) (LoanSettings, error) {
	out := DefaultLoanSettings
	out.ReplacementCents = map[string]int{}
	get := func(key string, into *int) error {
		v, err := tx.Setting(ctx, key)
		if err == nil && v != "" {
			if n, perr := strconv.Atoi(v); perr == nil {
				*into = n
			}
		}
		return err
	}
	if err := get(settingLoanDays, &out.DefaultLoanDays); err != nil {
		return out, err
	}
	if err := get(settingRenewLimit, &out.RenewalLimit); err != nil {
		return out, err
	}
	if err := get(settingSuspendHours, &out.SuspendAfterHours); err != nil {
		return out, err
	}
	v, err := tx.Setting(ctx, settingBlockOverdue)
	if err != nil {
		return out, err
	}
	if v != "" {
		out.BlockOverdue = v == "1"
	}
	v, err = tx.Setting(ctx, settingReplacement)
	if err != nil {
		return out, err
	}
	if v != "" {
		_ = json.Unmarshal([]byte(v), &out.ReplacementCents)
	}
	return out, nil
}

// LoanSettings returns the kit-lending settings (anyone signed in).
func (s *Service) LoanSettings(ctx context.Context) (LoanSettings, error) {
	if _, ok := ActorFrom(ctx); !ok {
		return LoanSettings{}, Errorf(EForbidden, "Please sign in first.")
	}
	var out LoanSettings
	err := s.store.View(ctx, func(tx Tx) (err error) {
		out, err = loadLoanSettings(ctx, tx)
		return err
	})
	return out, err
}

// SetLoanSettings saves the kit-lending settings (administrators; audited).
func (s *Service) SetLoanSettings(ctx context.Context, ls LoanSettings) error {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return err
	}
	switch {
	case ls.DefaultLoanDays < 1 || ls.DefaultLoanDays > 365:
		return FieldErrorf("default loan period", "must be between 1 and 365 days")
	case ls.RenewalLimit < 0 || ls.RenewalLimit > 20:
		return FieldErrorf("renewal limit", "must be between 0 and 20")
	case ls.SuspendAfterHours < 1 || ls.SuspendAfterHours > 24*60:
		return FieldErrorf("hotspot suspend after", "must be between 1 and 1440 hours")
	}
	costs, err := cleanReplacementCosts(ls.ReplacementCents)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(costs)
	return s.store.Update(ctx, func(tx Tx) error {
		block := flag01(ls.BlockOverdue)
		for _, kv := range [][2]string{{settingLoanDays, strconv.Itoa(ls.DefaultLoanDays)}, {settingRenewLimit, strconv.Itoa(ls.RenewalLimit)},
			{settingBlockOverdue, block}, {settingSuspendHours, strconv.Itoa(ls.SuspendAfterHours)}, {settingReplacement, string(b)}} {
			if err := tx.SetSetting(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, s.audit(a, "settings.loans", "settings", 0,
			settingLoanDays+"="+strconv.Itoa(ls.DefaultLoanDays)+" "+settingRenewLimit+"="+strconv.Itoa(ls.RenewalLimit)+" "+
				settingBlockOverdue+"="+block+" "+settingSuspendHours+"="+strconv.Itoa(ls.SuspendAfterHours)+
				" replacement costs for "+strconv.Itoa(len(costs))+" components"))
	})
}

// maxReplacementCents is the highest replacement cost of a component: $10,000.
const maxReplacementCents = 1_000_000

// cleanReplacementCosts checks replacement costs and keys them by the
// component's name in lower case (how the agreement matches them).
func cleanReplacementCosts(in map[string]int) (map[string]int, error) {
	costs := map[string]int{}
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names) // the first bad one, always the same
	for _, name := range names {
		c := in[name]
		n, err := cleanText("component name", name, MaxNameLen, true)
		if err != nil {
			return nil, err
		}
		if c < 0 || c > maxReplacementCents {
			return nil, FieldErrorf("replacement cost of "+n, "must be between $0 and $10,000")
		}
		if _, twice := costs[strings.ToLower(n)]; twice {
			return nil, FieldErrorf("replacement cost of "+n, "is given twice")
		}
		costs[strings.ToLower(n)] = c
	}
	return costs, nil
}

// SetReplacementCosts saves the replacement cost of each component, in US
// cents by component name, replacing the costs saved before; a component
// left out has no cost (administrators; audited with every cost). The loan
// agreement prints them.
func (s *Service) SetReplacementCosts(ctx context.Context, cents map[string]int) error {
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return err
	}
	costs, err := cleanReplacementCosts(cents)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(costs)
	names := make([]string, 0, len(costs))
	for n := range costs {
		names = append(names, n)
	}
	sort.Strings(names)
	detail := make([]string, len(names))
	for i, n := range names {
		detail[i] = n + "=" + FormatMoney(costs[n])
	}
	if len(detail) == 0 {
		detail = []string{"none"}
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SetSetting(ctx, settingReplacement, string(b)); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, s.audit(a, "settings.replacement_costs", "settings", 0, strings.Join(detail, " ")))
	})
}

// MoneyProblem is what is wrong with an amount of money as typed.
type MoneyProblem int

// What ParseMoney refuses.
const (
	MoneyNotNumber  MoneyProblem = iota + 1 // "abc", "", "1.2.3"
	MoneyTooPrecise                         // more than two decimals: "12.345"
	MoneyNegative                           // "-5"
	MoneyTooLarge                           // over $10,000
)

// MoneyError is ParseMoney's refusal. It wraps an EInvalid *Error about
// Field, so ErrorCode and ErrorMessage treat it like one; the UI uses
// Problem and Text to say it in the person's language.
type MoneyError struct {
	Field   string
	Text    string // what was typed, trimmed (and cut short when long)
	Problem MoneyProblem
}

// Error returns "field: what is wrong".
func (e *MoneyError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the EInvalid *Error the message belongs to.
func (e *MoneyError) Unwrap() error {
	switch e.Problem {
	case MoneyTooPrecise:
		return FieldErrorf(e.Field, "%q has more than two decimals; write cents like 12.35", e.Text)
	case MoneyNegative:
		return FieldErrorf(e.Field, "%q is negative; write an amount of $0 or more", e.Text)
	case MoneyTooLarge:
		return FieldErrorf(e.Field, "must be between $0 and $10,000")
	}
	return FieldErrorf(e.Field, "%q is not an amount of money; write it like 350.00", e.Text)
}

// ParseMoney reads an amount of US dollars as staff type it ("350",
// "350.00", "$1,299.5") and returns it in cents. It refuses, with a
// *MoneyError about field, anything that is not a number ("abc"), more than
// two decimals ("12.345"), a negative amount and more than $10,000.
func ParseMoney(field, s string) (int, error) {
	typed := truncate(strings.TrimSpace(s), 20)
	bad := func(p MoneyProblem) (int, error) { return 0, &MoneyError{Field: field, Text: typed, Problem: p} }
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "$"))
	if strings.HasPrefix(t, "-") {
		return bad(MoneyNegative)
	}
	whole, frac, _ := strings.Cut(t, ".")
	whole = strings.ReplaceAll(whole, ",", "")
	digits := func(x string) bool {
		for _, r := range x {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	switch {
	case whole == "" && frac == "", !digits(whole), !digits(frac):
		return bad(MoneyNotNumber)
	case len(frac) > 2:
		return bad(MoneyTooPrecise)
	case len(whole) > 7:
		return bad(MoneyTooLarge)
	}
	d, _ := strconv.Atoi("0" + whole)
	c, _ := strconv.Atoi((frac + "00")[:2])
	if d*100+c > maxReplacementCents {
		return bad(MoneyTooLarge)
	}
	return d*100 + c, nil
}

// FormatMoney writes cents as dollars: 35000 → "350.00", 129950 → "1299.50"
// (what ParseMoney reads back).
func FormatMoney(cents int) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.Itoa(cents/100) + "." + fmt.Sprintf("%02d", cents%100)
}
