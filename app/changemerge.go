package app

import (
	"fmt"
	"reflect"
	"time"
)

// MergeParticipantChange folds a change somebody made to a participant as
// they were (base → version: an import's) into the participant as they are
// now (current: base plus what a desk did meanwhile), field by field: a
// field the change did not touch keeps its current value, and a field only
// the change touched takes the change's. When both changed the same field
// to different values, the two cannot both stand: the merged record keeps
// the current value, and the first such field's name comes back (an
// import is refused for it before it publishes). A check-in that made a
// person oriented therefore does not stop an import that corrects their
// ZIP. The card code, creation time and updated_at are not compared; the
// merged record is updated at the later of the two.
func MergeParticipantChange(base, version, current Participant) (merged Participant, conflict string) {
	merged = current
	b, v, c, m := reflect.ValueOf(base), reflect.ValueOf(version), reflect.ValueOf(current), reflect.ValueOf(&merged).Elem()
	for i := range b.NumField() {
		name := b.Type().Field(i).Name
		switch name {
		case "ID", "Code", "CreatedAt", "UpdatedAt", "SharedPhoneOK":
			continue
		}
		bk, vk, ck := canonical(b.Field(i)), canonical(v.Field(i)), canonical(c.Field(i))
		switch {
		case vk == bk || vk == ck:
			// the change leaves it, or both made it the same
		case ck == bk:
			m.Field(i).Set(v.Field(i))
		case conflict == "":
			conflict = name
		}
	}
	if version.UpdatedAt.After(current.UpdatedAt) {
		merged.UpdatedAt = version.UpdatedAt
	}
	return merged, conflict
}

// canonical spells a field's value so that equal values spell the same:
// times by their instant, whatever their zone, pointers by what they
// point to, structs field by field.
func canonical(v reflect.Value) string {
	if t, ok := v.Interface().(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		return "&" + canonical(v.Elem())
	case reflect.Struct:
		s := "{"
		for i := range v.NumField() {
			s += canonical(v.Field(i)) + ";"
		}
		return s + "}"
	}
	return fmt.Sprintf("%#v", v.Interface())
}
