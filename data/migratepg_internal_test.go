package data

import (
	"context"
	"path/filepath"
	"testing"
)

// Every table and column of a desk's file is either moved onto the server
// by a spec of moveSpecs or named, with a reason, as not copied: a table
// or column added to the schema must be given its place in the move.
func TestMoveSpecsCoverTheSchema(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "desk.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	specs := map[string]moveSpec{}
	for _, sp := range moveSpecs {
		specs[sp.table] = sp
	}
	rows, err := st.reader.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	seen := map[string]bool{}
	for _, table := range tables {
		seen[table] = true
		sp, moved := specs[table]
		if _, why := moveNotCopied[table]; why {
			if moved {
				t.Errorf("%s is both moved and not copied", table)
			}
			continue
		}
		if !moved {
			t.Errorf("table %s of the file is neither moved (moveSpecs) nor named in moveNotCopied", table)
			continue
		}
		cols := map[string]bool{}
		for _, c := range sp.cols {
			cols[c] = true
		}
		for c := range sp.refs {
			if !cols[c] {
				t.Errorf("%s: reference column %s is not copied", table, c)
			}
			if _, ok := specs[sp.refs[c]]; !ok {
				t.Errorf("%s.%s refers to %s, which is not moved", table, c, sp.refs[c])
			}
		}
		crows, err := st.reader.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		var have []string
		for crows.Next() {
			var c string
			crows.Scan(&c)
			have = append(have, c)
		}
		crows.Close()
		for _, c := range have {
			_, dropped := moveDroppedColumns[c]
			if !cols[c] && !(c == "id" && sp.ids) && !dropped && !(c == "id" && sp.order == "id") {
				t.Errorf("%s.%s is neither copied nor dropped on purpose", table, c)
			}
		}
		if len(have) == 0 {
			t.Errorf("%s: no columns", table)
		}
		// every foreign key of the file is mapped
		frows, err := st.reader.QueryContext(ctx, `SELECT "from", "table" FROM pragma_foreign_key_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for frows.Next() {
			var from, to string
			frows.Scan(&from, &to)
			if sp.refs[from] != to {
				t.Errorf("%s.%s refers to %s in the file, but the move maps it through %q", table, from, to, sp.refs[from])
			}
		}
		frows.Close()
	}
	for table := range specs {
		if !seen[table] {
			t.Errorf("moveSpecs moves %s, which the file does not have", table)
		}
	}
	// tables referred to come before the tables referring to them
	pos := map[string]int{}
	for i, sp := range moveSpecs {
		pos[sp.table] = i
		for c, ref := range sp.refs {
			if p, ok := pos[ref]; !ok || p >= i {
				t.Errorf("%s.%s refers to %s, which is moved after it", sp.table, c, ref)
			}
			if !specs[ref].ids {
				t.Errorf("%s.%s refers to %s, whose rows get no mapped ids", sp.table, c, ref)
			}
		}
	}
}
