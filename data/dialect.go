package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The store speaks two dialects of SQL: SQLite's (a desk's own file) and
// PostgreSQL's (a center's server). The queries are written once, in the
// SQL both accept, with SQLite's placeholders (? and ?N). Where the two
// differ, the difference sits here, side by side, and nowhere else:
//
//   - placeholders: PostgreSQL numbers them ($1, $2…); pgQuerier rewrites
//     ? and ?N once per statement text (rebind);
//   - booleans: the schema keeps 0/1 integers in both (the counts' triggers
//     add walk_in); pgQuerier passes a Go bool as 0 or 1;
//   - a new row's id: SQLite reports the last rowid, PostgreSQL returns it
//     (insertID);
//   - functions: SQLite's instr, julianday, total, group_concat and
//     two-argument max/min are defined on the server with SQLite's meaning
//     (migrations_pg/0002_sqlite_functions.sql);
//   - planner hints: SQLite's INDEXED BY is dropped, and its CROSS JOIN …
//     ON (an inner join in the order written) becomes JOIN … ON (rebind);
//     PostgreSQL plans on its own statistics.

// pgQuerier runs the store's SQL on a PostgreSQL transaction.
type pgQuerier struct{ tx *sql.Tx }

func (p pgQuerier) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.tx.ExecContext(ctx, rebind(q), pgArgs(args)...)
}

func (p pgQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.tx.QueryContext(ctx, rebind(q), pgArgs(args)...)
}

func (p pgQuerier) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.tx.QueryRowContext(ctx, rebind(q), pgArgs(args)...)
}

// pgArgs passes booleans as the 0/1 integers both schemas store (args
// itself is left as it was).
func pgArgs(args []any) []any {
	var out []any
	for i, a := range args {
		if b, ok := a.(bool); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = int64(boolInt(b))
		}
	}
	if out == nil {
		return args
	}
	return out
}

// rebound caches rebind's answers: the store runs a few hundred distinct
// statement texts.
var rebound sync.Map

// indexedBy matches SQLite's planner hint "INDEXED BY name".
var indexedBy = regexp.MustCompile(`(?i)\s+INDEXED\s+BY\s+\w+`)

// Rebind is rebind for programs and tests that run their own SQL, written
// for SQLite, on a server.
func Rebind(q string) string { return rebind(q) }

// crossJoinOn matches "CROSS JOIN table [alias] ON".
var crossJoinOn = regexp.MustCompile(`(?i)\bCROSS\s+JOIN\s+(\w+(?:\s+\w+)?)\s+ON\b`)

// rebind turns SQLite placeholders into PostgreSQL's: each bare ? becomes
// the next $N (the one after the largest used so far, as in SQLite), and
// ?N becomes $N. Text in quotes and comments is left
// alone. It also drops INDEXED BY hints and turns CROSS JOIN … ON into
// JOIN … ON.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			// as in SQLite, a bare ? takes the number after the largest
			// one used so far
			if j > i+1 {
				k, _ := strconv.Atoi(q[i+1 : j])
				n = max(n, k)
				b.WriteString("$" + q[i+1:j])
			} else {
				n++
				b.WriteString("$" + strconv.Itoa(n))
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	out := indexedBy.ReplaceAllString(b.String(), "")
	out = crossJoinOn.ReplaceAllString(out, "JOIN $1 ON")
	rebound.Store(q, out)
	return out
}

// insertID runs an INSERT of one row into a table with an id column and
// returns the new row's id.
func (t *txn) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	if onServer(t.q) {
		var id int64
		err := t.q.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	res, err := t.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// insertIDs runs q, an INSERT of n rows, and returns their ids in the
// order of its VALUES.
func (t *txn) insertIDs(ctx context.Context, q string, n int, args ...any) ([]int64, error) {
	if !onServer(t.q) {
		res, err := t.q.ExecContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		// one statement's rows take consecutive ids, the last one's last
		last, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = last - int64(n-1-i)
		}
		return ids, nil
	}
	rows, err := t.q.QueryContext(ctx, q+" RETURNING id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("insert: %d ids for %d rows", len(ids), n)
	}
	// RETURNING lists the rows as inserted; their ids come from one sequence
	slices.Sort(ids)
	return ids, nil
}

// onServer reports whether q runs on a PostgreSQL server.
func onServer(q querier) bool {
	_, ok := q.(pgQuerier)
	return ok
}

// auditIDsIssued reads the highest audit_log id ever written, even if that
// row is gone: SQLite keeps it in sqlite_sequence (AUTOINCREMENT), the
// server in audit_log_issued (kept by a trigger). Not valid when none was.
func auditIDsIssued(ctx context.Context, q querier) (sql.NullInt64, error) {
	var seq sql.NullInt64
	query := `SELECT seq FROM sqlite_sequence WHERE name='audit_log'`
	if onServer(q) {
		query = `SELECT nullif(last_id, 0) FROM audit_log_issued`
	}
	err := q.QueryRowContext(ctx, query).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return seq, err
}

// hasColumn reports whether table has column.
func hasColumn(ctx context.Context, q querier, table, column string) (bool, error) {
	query := `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`
	if onServer(q) {
		query = `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?`
	}
	var n int
	err := q.QueryRowContext(ctx, query, table, column).Scan(&n)
	return n > 0, err
}
