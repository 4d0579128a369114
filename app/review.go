package app

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	mrand "math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// AccessReviewRow is one sampled account in the quarterly access review.
type AccessReviewRow struct {
	Staff Staff
	// Flags say what needs a look: "no sign-in for 90 days", "confidentiality
	// statement expired", "training expired", "temporary password not changed".
	Flags []string
}

// AccessReview is the quarterly review of seed 002: a random sample of the
// active accounts with their roles, last sign-in and yearly dates.
type AccessReview struct {
	At             time.Time
	By             string
	Seed           uint64 // the sample can be drawn again with the same seed
	ActiveAccounts int
	Rows           []AccessReviewRow
	// Audit is where the audit log ended with this review's own record:
	// printed, it anchors the log, so deleting later rows shows.
	Audit AuditHead
}

// NoSignInFlagAfter is how long without a sign-in gets an account flagged.
const NoSignInFlagAfter = 90 * 24 * time.Hour

// AccessReview draws a random sample of size active accounts (all of them
// when size is 0 or larger than their number), flags what needs a look and
// records the review in the audit log (administrators). seed 0 draws a new
// random sample; the seed used is in the result and the audit record.
func (s *Service) AccessReview(ctx context.Context, size int, seed uint64) (AccessReview, error) {
	ctx = onlineOnly(ctx) // never from a desk's local copy: see OnlineOnly
	a, err := require(ctx, RoleAdministrator)
	if err != nil {
		return AccessReview{}, err
	}
	if size < 0 {
		return AccessReview{}, FieldErrorf("sample size", "cannot be negative")
	}
	if seed == 0 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return AccessReview{}, err
		}
		seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	now := s.now().UTC()
	rev := AccessReview{At: now, By: a.Username, Seed: seed}
	err = s.store.Update(ctx, func(tx Tx) error {
		all, err := tx.ListStaff(ctx)
		if err != nil {
			return err
		}
		var active []Staff
		for _, st := range all {
			if st.Active {
				active = append(active, st)
			}
		}
		sort.Slice(active, func(i, j int) bool { return active[i].ID < active[j].ID })
		rev.ActiveAccounts = len(active)
		rng := mrand.New(mrand.NewPCG(seed, seed>>1^0x9e3779b97f4a7c15))
		rng.Shuffle(len(active), func(i, j int) { active[i], active[j] = active[j], active[i] })
		if size == 0 || size > len(active) {
			size = len(active)
		}
		own, err := ownDatesSince(ctx, tx, now.Add(-OwnDatesFlagFor))
		if err != nil {
			return err
		}
		loc := time.UTC // dates as the site's people read them
		if site, _, err := s.siteFor(ctx, tx, 0); err == nil {
			loc = site.Location()
		} else if ErrorCode(err) != EInvalid { // EInvalid: no site yet
			return err
		}
		sample := active[:size]
		// Whoever recorded their own dates is always reviewed.
		for _, st := range active[size:] {
			if _, ok := own[st.ID]; ok {
				sample = append(sample, st)
			}
		}
		sort.Slice(sample, func(i, j int) bool { return sample[i].Username < sample[j].Username })
		for _, st := range sample {
			flags := reviewFlags(st, now)
			if at, ok := own[st.ID]; ok {
				flags = append(flags, "recorded own dates on "+at.In(loc).Format("2006-01-02")+" (sole administrator)")
			}
			rev.Rows = append(rev.Rows, AccessReviewRow{Staff: st, Flags: flags})
		}
		if err := tx.AppendAudit(ctx, s.audit(a, "access.review", "staff", 0, fmt.Sprintf("sample %d of %d active, seed %d", size, len(active), seed))); err != nil {
			return err
		}
		rev.Audit, err = tx.AuditHead(ctx)
		return err
	})
	return rev, err
}

// OwnDatesFlagFor is how long an administrator's recording of their own
// dates stays flagged in the access review: the year the dates last.
const OwnDatesFlagFor = 365 * 24 * time.Hour

// ownDatesSince returns, by account id, the latest time since from that an
// administrator recorded their own dates (ActionOwnDates).
func ownDatesSince(ctx context.Context, tx Tx, from time.Time) (map[int64]time.Time, error) {
	entries, err := tx.Audit(ctx, AuditFilter{Action: ActionOwnDates, From: from, Limit: 10000})
	if err != nil {
		return nil, err
	}
	out := map[int64]time.Time{}
	for _, e := range entries {
		id, err := strconv.ParseInt(e.Ref, 10, 64)
		if err != nil || e.Action != ActionOwnDates {
			continue
		}
		if at, ok := out[id]; !ok || e.At.After(at) {
			out[id] = e.At
		}
	}
	return out, nil
}

// reviewFlags says what about an account needs a reviewer's look at now.
func reviewFlags(st Staff, now time.Time) []string {
	var out []string
	last := st.CreatedAt
	if st.LastSignInAt != nil {
		last = *st.LastSignInAt
	}
	if now.Sub(last) >= NoSignInFlagAfter {
		out = append(out, "no sign-in for 90 days")
	}
	if expired, _ := dateStatus("", st.ConfidentialitySigned, now); expired {
		out = append(out, "confidentiality statement expired or missing")
	}
	if expired, _ := dateStatus("", st.TrainingCompleted, now); expired {
		out = append(out, "training expired or missing")
	}
	if st.TemporaryPassword {
		out = append(out, "temporary password not changed")
	}
	if st.Locked(now) {
		out = append(out, "locked")
	}
	return out
}
