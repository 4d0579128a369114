package app

import (
	"time"
)

// Service is Front Desk's use cases over a Store: every method takes the
// acting staff member from ctx (WithActor), checks the role the action needs,
// validates its input, and writes its change and its audit record in one
// transaction.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service over store. now is the clock (time.Now when nil);
// tests inject a fixed one so dates are reproducible.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Now returns the service's current time.
func (s *Service) Now() time.Time { return s.now() }

// audit builds the audit record of an action by actor a.
func (s *Service) audit(a Actor, action, entity string, ref int64, detail string) AuditEntry {
	return AuditEntry{At: s.now().UTC(), Actor: a.Username, Action: action, Entity: entity, Ref: itoa(ref), Detail: detail}
}

func itoa(n int64) string {
	if n == 0 {
		return ""
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
