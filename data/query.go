package data

import "context"

// rowScanner is what *sql.Row and *sql.Rows offer to the scan functions.
type rowScanner interface{ Scan(...any) error }

// queryAll runs query and scans every row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanFunc makes a function a rowScanner.
type scanFunc func(...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// prefixScanner scans prefix, then the columns asked for, with one call of
// sc: it lets one row be scanned by two scan functions in turn (see
// txn.EventAtDesk).
type prefixScanner struct {
	sc     rowScanner
	prefix []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.sc.Scan(append(append([]any(nil), p.prefix...), dest...)...)
}
