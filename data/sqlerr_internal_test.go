package data

import (
	"database/sql"
	"errors"
	"testing"
)

// Violations are told apart by SQLite's result codes, not by their text.
func TestConstraintResultCodes(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t(a UNIQUE, b CHECK (b > 0))"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO t VALUES (1, 1)"); err != nil {
		t.Fatal(err)
	}
	_, unique := db.Exec("INSERT INTO t VALUES (1, 2)")
	_, check := db.Exec("INSERT INTO t VALUES (2, -1)")
	if !isUnique(unique) || isCheck(unique) {
		t.Errorf("unique violation %v: isUnique %v, isCheck %v", unique, isUnique(unique), isCheck(unique))
	}
	if !isCheck(check) || isUnique(check) {
		t.Errorf("check violation %v: isCheck %v, isUnique %v", check, isCheck(check), isUnique(check))
	}
	if plain := errors.New("UNIQUE constraint failed: t.a"); isUnique(plain) {
		t.Error("an error that only says UNIQUE was taken for a violation")
	}
}
