package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// ComponentSerial is a component of a kit named in a list, with its serial
// number or IMEI ("laptop", "5CD1234XYZ").
type ComponentSerial struct {
	Name, Serial string
}

// KitComponentsWithSerials returns kind's standard components (see
// StandardComponents) with the serials given filled in, matched by name
// ignoring case; a name that is not one of them adds a required component.
func KitComponentsWithSerials(kind KitKind, serials []ComponentSerial) []KitComponent {
	comps := StandardComponents(kind)
	for _, s := range serials {
		name, serial := strings.TrimSpace(s.Name), strings.TrimSpace(s.Serial)
		found := false
		for i := range comps {
			if strings.EqualFold(comps[i].Name, name) {
				comps[i].Serial, found = serial, true
			}
		}
		if !found {
			comps = append(comps, KitComponent{Name: name, Serial: serial, Required: true})
		}
	}
	return comps
}

// ParseKitKind reads a kit kind as people write it: "laptop", "hotspot",
// "laptop_hotspot", "Laptop + hotspot", "laptop and hotspot", and in
// Spanish "computadora portátil", "laptop y hotspot".
func ParseKitKind(s string) (KitKind, error) {
	w := strings.Fields(strings.NewReplacer("_", " ", "+", " ", "&", " ", "/", " ", "-", " ").Replace(FoldName(s)))
	var laptop, hotspot, other bool
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case "laptop", "computadora", "portatil", "laptops":
			laptop = true
		case "hotspot", "hotspots", "wifi":
			hotspot = true
		case "and", "y", "kit", "equipo", "de", "con", "with", "wi", "fi":
		default:
			other = true
		}
	}
	switch {
	case other || !laptop && !hotspot:
		return "", FieldErrorf("kind", "%q is not a kind of kit: write laptop, hotspot or laptop_hotspot", truncate(strings.TrimSpace(s), 30))
	case laptop && hotspot:
		return KitLaptopHotspot, nil
	case laptop:
		return KitLaptop, nil
	}
	return KitHotspot, nil
}

// KitImportRow is one kit of an imported list, as read (see package
// app/importer, ReadKits): trimmed, not yet checked.
type KitImportRow struct {
	// Line is the spreadsheet row number, used in error reports; 0 stands
	// for the row's position in the list (1-based).
	Line int
	Kind string // as written; see ParseKitKind
	// Tag is the code of a label the kit already has (K-…); empty for a new one.
	Tag string
	// AltTag is the center's own asset tag of the kit, if any.
	AltTag                           string
	Carrier, LineNumber, IMEI, Notes string
	// Serials are the component cells that hold a serial, in column order:
	// they fill in the kind's standard components or add others (see
	// KitComponentsWithSerials).
	Serials []ComponentSerial
}

// KitImportOptions tunes ImportKits.
type KitImportOptions struct {
	// SkipInvalid adds the valid rows and reports the bad ones; without it,
	// one bad row stops the whole import and nothing is saved.
	SkipInvalid bool
}

// KitImportReport says what a kit import did.
type KitImportReport struct {
	Kits    []Kit // the kits added, in row order
	Skipped int   // bad rows left out (SkipInvalid)
	// Errors lists every bad row, in row order.
	Errors []RowError
}

// kitImportRow is a row that passed the checks it can pass on its own.
type kitImportRow struct {
	line int
	kit  Kit
}

// ImportKits adds the kits of a list to site siteID (kit circulation). Every
// row is checked as AddKit checks a kit, and against the other rows: a tag,
// asset tag, serial or IMEI may appear once in the file and must not belong
// to a kit already registered. Like ImportParticipants, the import is
// all-or-nothing (written in short transactions that no one sees until one
// last transaction publishes them): without opts.SkipInvalid one bad row
// means nothing is saved,
// and the error is an EInvalid *Error saying how many rows are bad and which
// is first; the report lists them all either way. One audit record, with
// counts, records a committed import.
func (s *Service) ImportKits(ctx context.Context, siteID int64, rows []KitImportRow, opts KitImportOptions) (KitImportReport, error) {
	a, err := require(ctx, RoleCirculation)
	if err != nil {
		return KitImportReport{}, err
	}
	if siteID == 0 {
		return KitImportReport{}, FieldErrorf("site", "is required")
	}
	if len(rows) == 0 {
		return KitImportReport{}, Errorf(EInvalid, "The list has no kits.")
	}
	if len(rows) > MaxImportRows {
		return KitImportReport{}, Errorf(EInvalid, "%d rows are more than one import may hold (%d). Please split the file.", len(rows), MaxImportRows)
	}
	var bad []RowError
	good := make([]kitImportRow, 0, len(rows))
	seen := map[string]int{} // "serial X" → the row that has it
	for i, r := range rows {
		line := r.Line
		if line == 0 {
			line = i + 1
		}
		k, rerr := prepareKitRow(line, r, siteID)
		if rerr == nil {
			rerr = sameInFile(line, k, seen)
		}
		if rerr != nil {
			bad = append(bad, *rerr)
			continue
		}
		good = append(good, kitImportRow{line: line, kit: k})
	}

	// Written like ImportParticipants: short transactions of kits no one
	// sees until one more publishes them (see Store.BeginStaged).
	id, abandon, err := s.beginStaged(ctx, siteID)
	if err != nil {
		return KitImportReport{}, err
	}
	published := false
	defer abandon(&published)
	rep := KitImportReport{Errors: slices.Clone(bad)}
	now := s.now().UTC()
	err = s.inChunks(ctx, id, nil, len(good), func(tx Tx, i int) error {
		r := good[i]
		k := r.kit
		if k.Tag == "" {
			k.Tag = NewCode(PrefixKit)
		}
		if err := checkKitUnique(ctx, tx, k); ErrorCode(err) == EConflict {
			rep.Errors = append(rep.Errors, *rowError(r.line, err))
			return nil
		} else if err != nil {
			return err
		}
		k.CreatedAt, k.UpdatedAt = now, now
		if err := tx.CreateKit(ctx, &k); err != nil {
			return err
		}
		rep.Kits = append(rep.Kits, k)
		return nil
	})
	if err != nil {
		return KitImportReport{}, err
	}
	slices.SortStableFunc(rep.Errors, func(x, y RowError) int { return x.Line - y.Line })
	if len(rep.Errors) > 0 && !opts.SkipInvalid {
		return KitImportReport{Errors: rep.Errors}, importRolledBack(rep.Errors)
	}
	rep.Skipped = len(rep.Errors)
	err = s.store.PublishStaged(ctx, id, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, "kit.import", "site", siteID,
			fmt.Sprintf("rows=%d created=%d skipped=%d", len(rows), len(rep.Kits), rep.Skipped)))
	})
	if err != nil {
		return KitImportReport{}, err
	}
	published = true
	return rep, nil
}

// prepareKitRow checks one row on its own, with AddKit's rules.
func prepareKitRow(line int, r KitImportRow, siteID int64) (Kit, *RowError) {
	if strings.TrimSpace(r.Kind) == "" {
		return Kit{}, &RowError{Line: line, Field: "kind", Message: "is missing: write laptop, hotspot or laptop_hotspot"}
	}
	kind, err := ParseKitKind(r.Kind)
	if err != nil {
		return Kit{}, rowError(line, err)
	}
	for _, c := range r.Serials {
		if strings.TrimSpace(c.Name) == "" {
			return Kit{}, &RowError{Line: line, Field: "components", Message: "a serial is under a column without a name"}
		}
	}
	k := Kit{Kind: kind, SiteID: siteID, Status: KitAvailable, AltTag: r.AltTag, Carrier: r.Carrier, LineNumber: r.LineNumber,
		IMEI: r.IMEI, Notes: r.Notes, Components: KitComponentsWithSerials(kind, r.Serials)}
	if tag := strings.TrimSpace(r.Tag); tag != "" {
		code, prefix, err := ParseCode(tag)
		if err != nil || prefix != PrefixKit {
			return Kit{}, newRowError(line, "tag", "%s is not the code of a kit label (K-…); put the center's own tag in the asset tag column", truncate(tag, 30))
		}
		k.Tag = code
	}
	if err := validateKit(&k); err != nil {
		return Kit{}, rowError(line, err)
	}
	return k, nil
}

// sameInFile records the tag, asset tag, serials and IMEI of row line's
// kit in seen, and reports the first of them an earlier row already has.
// Serials and IMEIs share one space, as in KitBySerial.
func sameInFile(line int, k Kit, seen map[string]int) *RowError {
	type key struct{ what, space, value string }
	keys := []key{{"tag", "tag", k.Tag}, {"asset tag", "asset", k.AltTag}, {"IMEI", "serial", k.IMEI}}
	for _, c := range k.Components {
		keys = append(keys, key{"serial", "serial", c.Serial})
	}
	for _, x := range keys {
		if r, ok := seen[x.space+" "+x.value]; ok && x.value != "" && r != line {
			return newRowError(line, "", "%s %s is also on row %d", x.what, x.value, r)
		}
	}
	for _, x := range keys {
		if x.value != "" {
			seen[x.space+" "+x.value] = line
		}
	}
	return nil
}

// importRolledBack is the error of an import rolled back over its bad rows
// (errs, in row order, at least one).
func importRolledBack(errs []RowError) error {
	if len(errs) == 1 {
		return Errorf(EInvalid, "1 row has a problem, so nothing was imported: %s. Fix the file, or import the other rows and skip the bad one.", errs[0])
	}
	return Errorf(EInvalid, "%d rows have problems (%s), so nothing was imported. The first is %s. Fix the file, or import the other rows and skip the bad ones.", len(errs), badRows(errs), errs[0])
}
