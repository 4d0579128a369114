package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"frontdesk/app/pdf"
	"frontdesk/app/xlsx"
)

// cmdAccessReview draws the quarterly access review and writes it as a PDF
// to sign or an XLSX workbook, by the extension of --out.
func (e *env) cmdAccessReview(args []string) error {
	fs := e.flags("access-review")
	sample := fs.Int("sample", 0, "accounts to sample (0: all active accounts)")
	seed := fs.Uint64("seed", 0, "seed of the random sample (0: a new one; the seed used is printed)")
	out := fs.String("out", "", "the file to write: FILE.pdf or FILE.xlsx")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("access-review: unexpected argument %q", pos[0])
	}
	if *out == "" {
		return usageErrorf("access-review needs --out FILE.pdf or --out FILE.xlsx")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".pdf" && ext != ".xlsx" {
		return usageErrorf("access-review writes .pdf or .xlsx files, not %q", filepath.Base(*out))
	}
	if *sample < 0 {
		return usageErrorf("--sample cannot be negative")
	}
	site, err := e.openSite()
	if err != nil {
		return err
	}
	rev, err := e.svc.AccessReview(e.ctx, *sample, *seed)
	if err != nil {
		return err
	}
	err = writeFileAtomic(*out, func(f *os.File) error {
		if ext == ".pdf" {
			return pdf.AccessReview(f, site, rev)
		}
		return xlsx.AccessReview(f, rev)
	})
	if err != nil {
		return err
	}
	flagged := 0
	flags := map[string][]string{}
	var lines strings.Builder
	for _, r := range rev.Rows {
		if len(r.Flags) > 0 {
			flagged++
			flags[r.Staff.Username] = r.Flags
			fmt.Fprintf(&lines, "\n  %s: %s", r.Staff.Username, strings.Join(r.Flags, "; "))
		}
	}
	return e.out(map[string]any{"out": *out, "sampled": len(rev.Rows), "active": rev.ActiveAccounts, "flagged": flagged, "seed": rev.Seed, "flags": flags},
		fmt.Sprintf("Wrote the access review (%d of %d active accounts, %d flagged, seed %d) to %s", len(rev.Rows), rev.ActiveAccounts, flagged, rev.Seed, *out)+lines.String())
}
