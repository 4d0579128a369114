package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"frontdesk/app"
)

// holdBounds are the upper bounds, in microseconds, of LockHolds' buckets; a
// last bucket takes everything longer.
var holdBounds = [...]int64{250, 500, 1000, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 40000, 50000,
	75000, 100000, 200000, 500000, 1000000, 2000000, 5000000, 10000000}

// LockHolds counts how long write transactions held SQLite's write lock:
// from BEGIN IMMEDIATE returning (the lock taken) to COMMIT or ROLLBACK
// returning (the lock given back), in fixed buckets. Recording is a few
// atomic adds, cheap enough for the check-in path. The zero value is ready.
type LockHolds struct {
	buckets [len(holdBounds) + 1]atomic.Uint64
	maxUS   atomic.Int64
}

// Record adds one transaction that held the lock for d.
func (h *LockHolds) Record(d time.Duration) {
	us := d.Microseconds()
	i := 0
	for i < len(holdBounds) && us > holdBounds[i] {
		i++
	}
	h.buckets[i].Add(1)
	for {
		m := h.maxUS.Load()
		if us <= m || h.maxUS.CompareAndSwap(m, us) {
			return
		}
	}
}

// Snapshot returns the counts so far.
func (h *LockHolds) Snapshot() HoldStats {
	var s HoldStats
	s.Buckets = make([]uint64, len(h.buckets))
	for i := range h.buckets {
		s.Buckets[i] = h.buckets[i].Load()
	}
	s.MaxUS = h.maxUS.Load()
	return s
}

// HoldStats is a copy of a LockHolds histogram, which adds across processes
// (Add) and is written one JSON line per process by AppendHoldLog.
type HoldStats struct {
	Buckets []uint64 `json:"buckets"` // counts per bucket of holdBounds, then the rest
	MaxUS   int64    `json:"max_us"`  // the longest hold seen, in microseconds
	// Commit is how long the COMMITs at the end of those holds took (the
	// log written and synced), in the same buckets: the part of a hold
	// that is the disk's rather than the transaction's work. Nil when not
	// kept.
	Commit *HoldStats `json:"commit,omitempty"`
}

// Count is the number of transactions recorded.
func (s HoldStats) Count() uint64 {
	var n uint64
	for _, c := range s.Buckets {
		n += c
	}
	return n
}

// Add adds o's counts to s.
func (s *HoldStats) Add(o HoldStats) {
	if len(s.Buckets) < len(o.Buckets) {
		s.Buckets = append(s.Buckets, make([]uint64, len(o.Buckets)-len(s.Buckets))...)
	}
	for i, c := range o.Buckets {
		s.Buckets[i] += c
	}
	s.MaxUS = max(s.MaxUS, o.MaxUS)
	if o.Commit != nil {
		if s.Commit == nil {
			s.Commit = &HoldStats{}
		}
		s.Commit.Add(*o.Commit)
	}
}

// Since returns the holds recorded after before, a Snapshot of the same
// LockHolds taken earlier; its longest hold is the longest of all.
func (s HoldStats) Since(before HoldStats) HoldStats {
	d := HoldStats{Buckets: slices.Clone(s.Buckets), MaxUS: s.MaxUS}
	for i := range d.Buckets {
		if i < len(before.Buckets) {
			d.Buckets[i] -= before.Buckets[i]
		}
	}
	if s.Commit != nil {
		var b HoldStats
		if before.Commit != nil {
			b = *before.Commit
		}
		c := s.Commit.Since(b)
		d.Commit = &c
	}
	return d
}

// Over counts the holds longer than d, where d is a bucket bound (exactly
// for those; for another d, those in buckets wholly above it).
func (s HoldStats) Over(d time.Duration) uint64 {
	us := d.Microseconds()
	var n uint64
	for i, c := range s.Buckets {
		if i > 0 && holdBounds[i-1] >= us {
			n += c
		}
	}
	return n
}

// Quantile returns an upper bound for the q-th quantile (0 < q ≤ 1) of the
// holds: the upper edge of the bucket it falls in, or the longest hold when
// that is smaller. It is 0 with nothing recorded.
func (s HoldStats) Quantile(q float64) time.Duration {
	n := s.Count()
	if n == 0 {
		return 0
	}
	rank := uint64(float64(n)*q + 0.999999)
	var seen uint64
	for i, c := range s.Buckets {
		seen += c
		if seen >= rank {
			if i < len(holdBounds) && holdBounds[i] < s.MaxUS {
				return time.Duration(holdBounds[i]) * time.Microsecond
			}
			return time.Duration(s.MaxUS) * time.Microsecond
		}
	}
	return time.Duration(s.MaxUS) * time.Microsecond
}

// String reads "n=120 p50≤1ms p99≤5ms max=3.2ms", followed by
// "; COMMIT p50≤500µs p99≤3ms max=4.1ms" when the commits were kept.
func (s HoldStats) String() string {
	out := fmt.Sprintf("n=%d p50≤%v p99≤%v max=%v", s.Count(), s.Quantile(0.5), s.Quantile(0.99),
		time.Duration(s.MaxUS)*time.Microsecond)
	if c := s.Commit; c != nil && c.Count() > 0 {
		out += fmt.Sprintf("; COMMIT p50≤%v p99≤%v max=%v", c.Quantile(0.5), c.Quantile(0.99), time.Duration(c.MaxUS)*time.Microsecond)
	}
	return out
}

// HoldLogEnv names the file a process appends its lock holds to when it
// closes its store (one JSON HoldStats a line), so a test harness running
// many programs on one database can add them up (see ReadHoldLog).
const HoldLogEnv = "FRONTDESK_LOCKHOLD_LOG"

// appendHoldLog appends s to the file named by HoldLogEnv, if set.
func appendHoldLog(s HoldStats) {
	name := os.Getenv(HoldLogEnv)
	if name == "" || s.Count() == 0 {
		return
	}
	b, _ := json.Marshal(s)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	f.Write(append(b, '\n')) // one write: lines from processes never interleave
	f.Close()
}

// ReadHoldLog adds up the lines of a file written through HoldLogEnv.
func ReadHoldLog(name string) (HoldStats, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return HoldStats{}, err
	}
	var total HoldStats
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var s HoldStats
		if err := dec.Decode(&s); err != nil {
			return total, err
		}
		total.Add(s)
	}
	return total, nil
}

// waitNotice is how long a write waits for another program's lock before
// Options.OnWait hears of it.
const waitNotice = 300 * time.Millisecond

// defaultMaxWait is how long a write keeps trying to get the lock before it
// gives up (when Options.MaxWait is 0).
const defaultMaxWait = 30 * time.Second

// errBusy is what a write says when another program held the database for
// longer than it was willing to wait.
func errBusy() *app.Error {
	return app.Errorf(app.EConflict, "The database is busy: another program is writing to it. Try again.")
}

// quietKey marks the context of a write nobody is waiting for (adding
// check-ins' audit records in the background): it waits without the
// "waiting for the database" notice.
type quietKey struct{}

// noticeWait tells OnWait when the wait for the write lock that starts now
// goes past waitNotice, and, when the returned func is called, that it is
// over.
func (s *Store) noticeWait(ctx context.Context) (over func()) {
	if s.onWait == nil || ctx.Value(quietKey{}) != nil {
		return func() {}
	}
	var mu sync.Mutex
	fired, done := false, false
	t := time.AfterFunc(waitNotice, func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			fired = true
			s.onWait(true)
		}
	})
	return func() {
		t.Stop()
		mu.Lock()
		defer mu.Unlock()
		done = true
		if fired {
			s.onWait(false)
		}
	}
}

// begin starts an IMMEDIATE transaction on conn (the writer connection,
// held by the caller), waiting for another program's write lock: SQLite's
// busy timeout first, then retries until s.maxWait has passed (or ctx
// ends, when s.maxWait is negative). OnWait hears when a wait goes past
// waitNotice and when it ends.
func (s *Store) begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	start := time.Now()
	defer s.noticeWait(ctx)()
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil {
			return tx, nil
		}
		if !isBusy(err) {
			if ctx.Err() != nil {
				return nil, app.Errorf(app.EInternal, "begin: %v", ctx.Err())
			}
			return nil, s.classify(fmt.Errorf("begin: %w", err))
		}
		if s.maxWait >= 0 && time.Since(start) >= s.maxWait {
			return nil, errBusy()
		}
		select {
		case <-ctx.Done():
			return nil, errBusy()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
