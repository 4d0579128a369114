package data

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps a pool's hot statements prepared, so a check-in or a
// keystroke of search does not parse its SQL again each time. A statement is
// prepared after the first transaction that used it (the writer's one
// connection is busy during it, and a reader's pool may be); later
// transactions reuse it through Tx.StmtContext, which prepares it once more
// on each other connection of the pool the first time it runs there.
type stmtCache struct {
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
}

// maxCachedStmts bounds the cache; statements past it are simply not kept.
const maxCachedStmts = 256

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[q]; ok {
		return st
	}
	if !strings.Contains(q, ";") && len(c.stmts)+len(c.pending) < maxCachedStmts {
		if c.pending == nil {
			c.pending = map[string]bool{}
		}
		c.pending[q] = true
	}
	return nil
}

// prepare prepares the statements wanted since the last call, on db, while
// no transaction of this caller holds a connection. The lock is not held
// while preparing: a transaction on another connection may be asking the
// cache for its statements meanwhile, and preparing may wait for a
// connection that transaction holds.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB) {
	c.mu.Lock()
	var todo []string
	for q := range c.pending {
		todo = append(todo, q)
		delete(c.pending, q)
	}
	c.mu.Unlock()
	for _, q := range todo {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, ok := c.stmts[q]; ok || c.closed {
			st.Close() // prepared meanwhile by another caller, or the store closed
		} else {
			if c.stmts == nil {
				c.stmts = map[string]*sql.Stmt{}
			}
			c.stmts[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts, c.closed = nil, true
}

// cachedTx is a transaction (read or write) that runs cached statements.
type cachedTx struct {
	tx    *sql.Tx
	cache *stmtCache
}

func (c cachedTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := c.cache.get(q); st != nil {
		return c.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, q, args...)
}

func (c cachedTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := c.cache.get(q); st != nil {
		return c.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, q, args...)
}

func (c cachedTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := c.cache.get(q); st != nil {
		return c.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, q, args...)
}
