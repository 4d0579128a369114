package data

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// checkpointEvery is how many of a store's commits go between two
// checkpoints of the write-ahead log.
const checkpointEvery = 32

// longLog is the log length, in pages, past which the committing caller
// checkpoints itself rather than in the background: a log that writes
// keep appending to while it is checkpointed never starts over, and grows.
const longLog = 1000

// checkpointer copies the write-ahead log back into the database file on a
// connection of its own. SQLite would otherwise do it inside the COMMIT of
// whichever write filled the log (wal_autocheckpoint, switched off on the
// writer): the write lock is already free by then, but the store's one
// writing connection stays busy with the copy and its fsync, so the next
// write of this program waits, and the hold of the write lock looks that
// much longer than it is. A PASSIVE checkpoint neither takes the write lock
// nor waits for it.
//
// Every checkpointEvery-th commit, and every chunk of an import (hundreds
// of pages), asks for a checkpoint in the background. Once the log is
// longer than longLog the committing caller checkpoints itself, so that
// the next write finds the log all copied and starts it over.
type checkpointer struct {
	db      *sql.DB
	kick    chan struct{}
	done    sync.WaitGroup
	commits atomic.Int64
	logLen  atomic.Int64 // pages in the log at the last checkpoint
	mu      sync.Mutex   // guards closed and sends on kick
	closed  bool
}

// newCheckpointer starts the checkpoints of the database at path.
func newCheckpointer(path string) (*checkpointer, error) {
	db, err := sql.Open("sqlite", path+"?"+Pragmas)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, kick: make(chan struct{}, 1)}
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		for range c.kick {
			c.run()
		}
	}()
	return c, nil
}

// run checkpoints once. A failure leaves the log to the next checkpoint
// (or to the last connection's close); nothing is lost either way.
func (c *checkpointer) run() {
	var busy, logLen, copied int64
	if err := c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logLen, &copied); err == nil {
		c.logLen.Store(logLen)
	}
}

// committed notes a commit; big says it wrote many pages.
func (c *checkpointer) committed(big bool) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	if c.logLen.Load() > longLog {
		c.mu.Unlock()
		c.run()
		return
	}
	defer c.mu.Unlock()
	if c.commits.Add(1)%checkpointEvery != 0 && !big {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default: // one is already due
	}
}

// close waits for a checkpoint under way and stops; closing again does
// nothing.
func (c *checkpointer) close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	close(c.kick)
	c.mu.Unlock()
	c.done.Wait()
	return c.db.Close()
}
