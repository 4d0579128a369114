package app

import (
	"context"
	"encoding/json"
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
	costs := map[string]int{}
	for name, c := range ls.ReplacementCents {
		n, err := cleanText("component name", name, MaxNameLen, true)
		if err != nil {
			return err
		}
		if c < 0 || c > 1000000 {
			return FieldErrorf("replacement cost of "+n, "must be between $0 and $10,000")
		}
		costs[strings.ToLower(n)] = c
	}
	b, _ := json.Marshal(costs)
	return s.store.Update(ctx, func(tx Tx) error {
		block := "0"
		if ls.BlockOverdue {
			block = "1"
		}
		for _, kv := range [][2]string{{settingLoanDays, strconv.Itoa(ls.DefaultLoanDays)}, {settingRenewLimit, strconv.Itoa(ls.RenewalLimit)},
			{settingBlockOverdue, block}, {settingSuspendHours, strconv.Itoa(ls.SuspendAfterHours)}, {settingReplacement, string(b)}} {
			if err := tx.SetSetting(ctx, kv[0], kv[1]); err != nil {
				return err
			}
		}
		names := make([]string, 0, len(costs))
		for n := range costs {
			names = append(names, n)
		}
		sort.Strings(names)
		return tx.AppendAudit(ctx, s.audit(a, "settings.loans", "settings", 0,
			settingLoanDays+"="+strconv.Itoa(ls.DefaultLoanDays)+" "+settingRenewLimit+"="+strconv.Itoa(ls.RenewalLimit)+" "+
				settingBlockOverdue+"="+block+" "+settingSuspendHours+"="+strconv.Itoa(ls.SuspendAfterHours)+
				" replacement costs for "+strconv.Itoa(len(names))+" components"))
	})
}
