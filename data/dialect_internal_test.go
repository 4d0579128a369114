package data

import "testing"

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = ? AND y = ?`, `SELECT a FROM t WHERE x = $1 AND y = $2`},
		{`SELECT a FROM t WHERE x = ?2 AND y = ?1 OR z = ?1`, `SELECT a FROM t WHERE x = $2 AND y = $1 OR z = $1`},
		{`SELECT '?', "a?b", x FROM t WHERE y = ? -- is it?` + "\n" + `AND z = ?`, `SELECT '?', "a?b", x FROM t WHERE y = $1 -- is it?` + "\n" + `AND z = $2`},
		{`SELECT 'it''s ?' WHERE a = ?`, `SELECT 'it''s ?' WHERE a = $1`},
		{`FROM b CROSS JOIN checkins c INDEXED BY checkins_at
		CROSS JOIN events e WHERE c.at >= ?`, `FROM b CROSS JOIN checkins c
		CROSS JOIN events e WHERE c.at >= $1`},
		{`FROM b CROSS JOIN checkins c INDEXED BY checkins_at CROSS JOIN events e ON e.id = c.event_id CROSS JOIN m ON m.x = 1`,
			`FROM b CROSS JOIN checkins c JOIN events e ON e.id = c.event_id JOIN m ON m.x = 1`},
		{`SELECT 1`, `SELECT 1`},
		{`SELECT ?1 WHERE a = ? AND b = ? OR c = ?1`, `SELECT $1 WHERE a = $2 AND b = $3 OR c = $1`},
		{`SELECT ?3 WHERE a = ?`, `SELECT $3 WHERE a = $4`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestPGArgs(t *testing.T) {
	in := []any{int64(3), true, "x", false, nil}
	out := pgArgs(in)
	want := []any{int64(3), int64(1), "x", int64(0), nil}
	for i := range want {
		if out[i] != want[i] {
			t.Errorf("arg %d: got %#v, want %#v", i, out[i], want[i])
		}
	}
	if in[1] != true {
		t.Error("pgArgs changed its argument slice")
	}
}
