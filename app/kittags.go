package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// MaxAltTagLen is the longest asset tag a kit may keep, in characters.
const MaxAltTagLen = 40

// NoKitTagError answers a scanned or typed kit label that finds no kit: it
// is neither the code of a kit's label nor any kit's asset tag. It wraps an
// ENotFound *Error, so ErrorCode and ErrorMessage treat it like one; the UI
// uses Tag to say it in the person's language.
type NoKitTagError struct {
	Tag string // what was typed, trimmed (and cut short when long)
}

// Error returns "No kit has tag X.".
func (e *NoKitTagError) Error() string { return fmt.Sprintf("No kit has tag %s.", e.Tag) }

// Unwrap returns the ENotFound *Error the message belongs to.
func (e *NoKitTagError) Unwrap() error { return Errorf(ENotFound, "No kit has tag %s.", e.Tag) }

// altTagKey is s as asset tags are stored and matched: trimmed, runs of
// white space made one space, upper case.
func altTagKey(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// NormalizeAltTag cleans a kit's asset tag as typed ("  wr-kit-001 " →
// "WR-KIT-001"): trimmed, inner white space made single spaces, upper case,
// at most MaxAltTagLen printable characters. "" is no tag.
func NormalizeAltTag(s string) (string, error) {
	for _, r := range s {
		if !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return "", FieldErrorf("asset tag", "has a character that cannot be printed")
		}
	}
	k := altTagKey(s)
	if n := len([]rune(k)); n > MaxAltTagLen {
		return "", FieldErrorf("asset tag", "is longer than %d characters (it has %d)", MaxAltTagLen, n)
	}
	return k, nil
}

// findKit finds the kit whose label was scanned or whose tag was typed: a
// kit's asset tag (matched ignoring case and outer spaces) or the code of
// its label. This is the one place kit labels are read. A participant card
// or an event code scanned by mistake gets its own message; anything else
// that finds no kit is a *NoKitTagError.
func findKit(ctx context.Context, tx Tx, raw string) (Kit, error) {
	typed := strings.TrimSpace(raw)
	if typed == "" {
		return Kit{}, FieldErrorf("kit", "scan the kit's label or type its tag")
	}
	if key := altTagKey(typed); len([]rune(key)) <= MaxAltTagLen {
		k, err := tx.KitByAltTag(ctx, key)
		if ErrorCode(err) != ENotFound {
			return k, err
		}
	}
	code, prefix, err := ParseCode(typed)
	if err != nil {
		return Kit{}, &NoKitTagError{Tag: truncate(altTagKey(typed), MaxAltTagLen)}
	}
	switch prefix {
	case PrefixParticipant:
		return Kit{}, FieldErrorf("kit", "That is a participant card. Scan the kit's label.")
	case PrefixKit:
	default:
		return Kit{}, FieldErrorf("kit", "That is not a kit label. Scan the kit's label.")
	}
	k, err := tx.KitByTag(ctx, code)
	if ErrorCode(err) == ENotFound {
		return Kit{}, &NoKitTagError{Tag: code}
	}
	return k, err
}

// checkKitUnique refuses, with EConflict naming the other kit, a kit whose
// tag, asset tag, component serials or IMEI another kit already has. An
// asset tag must not be a Front Desk code at all: it would find the kit of
// that label, or none.
func checkKitUnique(ctx context.Context, tx Tx, k Kit) error {
	other := func(found Kit, err error) (bool, error) {
		if err == nil {
			return found.ID != k.ID, nil
		}
		if ErrorCode(err) == ENotFound {
			return false, nil
		}
		return false, err
	}
	if k.Tag != "" {
		o, err := tx.KitByTag(ctx, k.Tag)
		if clash, err := other(o, err); err != nil || clash {
			if err != nil {
				return err
			}
			return FieldCodeErrorf(EConflict, "tag", "Another kit already has the tag %s.", o.Tag)
		}
	}
	if k.AltTag != "" {
		if code, prefix, err := ParseCode(k.AltTag); err == nil {
			if prefix == PrefixKit {
				o, err := tx.KitByTag(ctx, code)
				if clash, err := other(o, err); err != nil || clash {
					if err != nil {
						return err
					}
					return FieldCodeErrorf(EConflict, "asset tag", "%s is the label code of kit %s; an asset tag cannot be another kit's code.", k.AltTag, o.Tag)
				}
			}
			return FieldErrorf("asset tag", "%s is a Front Desk code, not the center's own asset tag", k.AltTag)
		}
		o, err := tx.KitByAltTag(ctx, k.AltTag)
		if clash, err := other(o, err); err != nil || clash {
			if err != nil {
				return err
			}
			return FieldCodeErrorf(EConflict, "asset tag", "Kit %s already has the asset tag %s.", o.Tag, k.AltTag)
		}
	}
	check := func(field, serial string) error {
		if serial == "" {
			return nil
		}
		o, err := tx.KitBySerial(ctx, serial)
		if clash, err := other(o, err); err != nil || clash {
			if err != nil {
				return err
			}
			return FieldCodeErrorf(EConflict, field, "%s is already registered to kit %s.", serial, o.Tag)
		}
		return nil
	}
	for _, c := range k.Components {
		if err := check(c.Name+" serial", c.Serial); err != nil {
			return err
		}
	}
	return check("IMEI", k.IMEI)
}

// kitAuditDetail is the audit detail of a kit created or changed: its tag,
// asset tag and kind (no personal data).
func kitAuditDetail(k Kit) string {
	d := "tag=" + k.Tag + " kind=" + string(k.Kind)
	if k.AltTag != "" {
		d += " asset_tag=" + k.AltTag
	}
	return d
}
