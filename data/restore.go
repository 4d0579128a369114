package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"
)

// A restore replaces the database with a checked backup while holding the
// database's lock exclusively (so no desk or command has it open), in an
// order that a kill at any instant leaves either the old or the new
// database in place:
//
//  1. the backup is copied to DB.restoring (0600, synced), migrated, its
//     audit chain and site checked, the administrator signed in and the
//     restore audited, all in the copy;
//  2. a journal, DB.restore-journal, names where the old database goes;
//  3. the old database is renamed aside (DB.before-restore-TIME, or
//     DB.damaged-TIME when it could not be opened), its WAL with it;
//  4. DB.restoring is renamed to DB; the journal is removed.
//
// Each rename is followed by a sync of the folder. Whoever opens the
// database next and finds the journal finishes the restore (the old file is
// already aside) or rolls it back (it is not).

// RestoreSteps name the points between a restore's steps, in order; tests
// kill a restore at each one.
var RestoreSteps = []string{"copied", "audited", "journal", "aside", "wal", "placed"}

// restoreStep is called at each of RestoreSteps: with CrashAtEnv set to
// "restore:STEP" the process kills itself there (crashPoint), so tests and
// `make soak` can show a kill at any step leaves a whole database.
func restoreStep(step string) { crashPoint("restore:" + step) }

// RestoreOptions tunes Restore.
type RestoreOptions struct {
	// Now stamps the audit record and the name of the file set aside.
	Now time.Time
	// OtherSite accepts a backup of another site than the database it
	// replaces.
	OtherSite bool
	// Force accepts a backup whose audit chain does not verify; the
	// restore's audit record says so.
	Force bool
	// Flags are the command's options as given, for the audit record.
	Flags string
	// Authorize signs the administrator in against st and returns ctx
	// carrying them as the actor; it refuses anyone else. st is the
	// database being replaced when it opens, else (damaged or missing) the
	// backup's copy, so the backup's own accounts decide. nil keeps the
	// actor of ctx.
	Authorize func(ctx context.Context, st *Store) (context.Context, error)
}

// RestoreResult says what a restore did.
type RestoreResult struct {
	Kept     string // where the replaced database was set aside ("" if there was none)
	Damaged  bool   // the replaced database was damaged
	Checksum string // SHA-256 of the backup file, hex
	Chain    app.AuditCheck
	// Problem is why the backup did not verify against its manifest
	// (VerifyBackupChain), when the restore was forced anyway.
	Problem string
}

// restoreJournal is the file that lets an interrupted restore be finished.
type restoreJournal struct {
	Backup string `json:"backup"`
	Aside  string `json:"aside"` // "" when there was no database to set aside
}

func journalPath(dst string) string   { return dst + ".restore-journal" }
func restoringPath(dst string) string { return dst + ".restoring" }

// Restore replaces the database at dst with the backup at src. It refuses,
// changing nothing, while any process has dst open, and a backup that is
// not a whole Front Desk database this version can use, whose audit chain
// does not verify (unless opt.Force) or that belongs to another site
// (unless opt.OtherSite). The replaced database is kept beside dst; the
// restored one gets an audit record of who restored what, when. On a
// center server (dst a postgres:// URL) the same rules hold, with the
// server's own backups (restoreServer).
func Restore(ctx context.Context, src, dst string, opt RestoreOptions) (res RestoreResult, err error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if IsServer(dst) {
		return restoreServer(ctx, src, dst, opt)
	}
	if err := CheckBackup(ctx, src); err != nil {
		return res, err
	}
	if abs, err := filepath.Abs(src); err == nil {
		if absDst, err := filepath.Abs(dst); err == nil && abs == absDst {
			return res, app.Errorf(app.EInvalid, "%s is the database itself, not a backup of it.", src)
		}
	}
	lk, err := lockExclusive(dst)
	if err != nil {
		return res, err
	}
	defer lk.release()
	if err := finishRestore(dst); err != nil {
		return res, err
	}
	manifest, chainErr := VerifyBackupChain(ctx, src, dst)
	if err := forceUnverified(chainErr, &opt, &res); err != nil {
		return res, err
	}
	tmp := restoringPath(dst)
	removeDB(tmp) // a copy a restore killed before its journal left
	defer func() {
		if err != nil && !exists(journalPath(dst)) {
			removeDB(tmp)
		}
	}()

	// What is being replaced: a healthy database, a damaged one, or none.
	var cur *Store
	if exists(dst) {
		cur, err = openUnlocked(ctx, dst, Options{Now: func() time.Time { return opt.Now }})
		switch {
		case isDamaged(err):
			res.Damaged = true
		case err != nil:
			return res, err
		}
	}
	var curSite siteIdentity
	if cur != nil {
		curSite, err = readSite(ctx, cur)
		if err == nil && opt.Authorize != nil {
			ctx, err = opt.Authorize(ctx, cur)
		}
		cur.Close()
		if err != nil {
			return res, err
		}
	}

	if res.Checksum, err = copyPrivate(src, tmp); err != nil {
		return res, err
	}
	if err = placeChainFiles(ctx, src, dst, tmp, manifest); err != nil {
		return res, err
	}
	restoreStep("copied")
	aside := ""
	if exists(dst) {
		kind := ".before-restore-"
		if res.Damaged {
			kind = ".damaged-"
		}
		aside = freeName(dst + kind + opt.Now.UTC().Format("20060102-150405"))
	}
	if res.Chain, err = checkRestoredCopy(ctx, tmp, src, aside, curSite, cur != nil, &opt, res); err != nil {
		return res, err
	}
	restoreStep("audited")

	if err = writeJournal(dst, restoreJournal{Backup: src, Aside: aside}); err != nil {
		return res, err
	}
	restoreStep("journal")
	if aside != "" {
		if !res.Damaged {
			// Fold the WAL into the old file so the kept copy is whole.
			if db, err := sql.Open("sqlite", dst+"?"+Pragmas); err == nil {
				db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
				db.Close()
			}
		}
		if err = os.Rename(dst, aside); err != nil {
			err = app.Errorf(app.EInternal, "restore: cannot set the current database aside: %v", err)
			finishRestore(dst) // rolls back: the old database is still in place
			return res, err
		}
		syncDir(dst)
		restoreStep("aside")
	}
	if err = finishRestore(dst); err != nil {
		return res, err
	}
	res.Kept = aside
	return res, nil
}

// checkRestoredCopy opens the backup's copy at tmp, brings its schema up
// to date, verifies its audit chain and its site, signs the administrator
// in (against the copy's accounts when the database being replaced did not
// open) and writes the restore's audit record into it. On return the copy
// is closed, whole and synced.
func checkRestoredCopy(ctx context.Context, tmp, src, aside string, curSite siteIdentity, curOpened bool, opt *RestoreOptions, res RestoreResult) (app.AuditCheck, error) {
	st, err := openUnlocked(ctx, tmp, Options{Now: func() time.Time { return opt.Now }})
	if err != nil {
		return app.AuditCheck{}, err
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	chain, err := verifyRestoredChain(ctx, st)
	if err != nil {
		return chain, err
	}
	if err := checkRestoredChainAndSite(ctx, st, src, chain, curSite, curOpened, opt); err != nil {
		return chain, err
	}
	if !curOpened && opt.Authorize != nil {
		if ctx, err = opt.Authorize(ctx, st); err != nil {
			return chain, err
		}
	}
	if err := auditRestore(ctx, st, src, opt, res, chain, aside); err != nil {
		return chain, err
	}
	if _, err := st.writer.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return chain, app.Errorf(app.EInternal, "restore: %v", err)
	}
	closed = true
	if err := st.Close(); err != nil {
		return chain, app.Errorf(app.EInternal, "restore: %v", err)
	}
	// Everything is in the file now; a WAL left empty is not needed.
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	if err := syncAndChmod(tmp); err != nil {
		return chain, err
	}
	syncDir(tmp)
	return chain, nil
}

// forceUnverified refuses a backup that did not verify against its
// manifest (problem) unless opt.Force, and otherwise notes the problem in
// res for the restore's audit record.
func forceUnverified(problem error, opt *RestoreOptions, res *RestoreResult) error {
	if problem == nil {
		return nil
	}
	if !opt.Force {
		return app.Errorf(app.EInvalid, "%s Nothing was restored. Restore it anyway only if you know why, with --force (the restore is audited as forced).", app.ErrorMessage(problem))
	}
	res.Problem = app.ErrorMessage(problem)
	return nil
}

// checkRestoredChainAndSite refuses a restored copy st of the backup src
// whose audit chain does not verify (unless opt.Force), or whose site is
// not the one of the database it would replace, curSite (unless
// opt.OtherSite; only when that database could be read, curOpened).
func checkRestoredChainAndSite(ctx context.Context, st *Store, src string, chain app.AuditCheck, curSite siteIdentity, curOpened bool, opt *RestoreOptions) error {
	if !chain.OK && !opt.Force {
		return app.Errorf(app.EInvalid, "The audit log of %s does not verify (%s), so it was not restored: it may have been tampered with. Restore it anyway only if you know why, with --force (the restore is audited as forced).", src, chain.Problem)
	}
	site, err := readSite(ctx, st)
	if err != nil {
		return err
	}
	if curOpened && curSite.ok && site.ok && !curSite.same(site) && !opt.OtherSite {
		return app.Errorf(app.EInvalid, "%s is a backup of another site (%q) than the database it would replace (%q), so it was not restored. Give --other-site if you mean to replace this site's data with it.", src, site.name, curSite.name)
	}
	return nil
}

// auditRestore writes the restore's audit record (and, when a damaged
// database was set aside, that one too) into st, the restored copy of the
// backup src, as the actor of ctx. aside is where the replaced database
// goes: a file, or a server database's new name.
func auditRestore(ctx context.Context, st *Store, src string, opt *RestoreOptions, res RestoreResult, chain app.AuditCheck, aside string) error {
	actor := app.LocalOperator
	if a, ok := app.ActorFrom(ctx); ok {
		actor = a
	}
	detail := restoreDetail(src, res.Checksum, opt, chain, res.Problem, aside, res.Damaged)
	return st.Update(ctx, func(tx app.Tx) error {
		if err := tx.AppendAudit(ctx, app.AuditEntry{At: opt.Now, Actor: actor.Username, Action: "database.restore", Entity: "database", Ref: filepath.Base(src), Detail: detail}); err != nil {
			return err
		}
		if res.Damaged {
			return tx.AppendAudit(ctx, app.AuditEntry{At: opt.Now, Actor: actor.Username, Action: "database.damaged_set_aside", Entity: "database", Ref: filepath.Base(aside),
				Detail: "the database could not be opened (damaged) and was set aside as " + filepath.Base(aside) + " by the restore of " + filepath.Base(src)})
		}
		return nil
	})
}

// verifyRestoredChain verifies the audit chain of a backup being restored.
func verifyRestoredChain(ctx context.Context, st *Store) (app.AuditCheck, error) {
	var c app.AuditCheck
	err := st.View(ctx, func(tx app.Tx) error {
		var err error
		c, err = tx.VerifyAudit(ctx)
		return err
	})
	return c, err
}

// restoreDetail is the restore audit record's detail.
func restoreDetail(src, sum string, opt *RestoreOptions, chain app.AuditCheck, problem, aside string, damaged bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "from %s (sha256 %s)", filepath.Base(src), sum)
	if opt.Flags != "" {
		fmt.Fprintf(&b, "; flags %s", opt.Flags)
	}
	if chain.OK {
		fmt.Fprintf(&b, "; audit chain ok, %d rows", chain.Rows)
	} else {
		fmt.Fprintf(&b, "; FORCED: audit chain broken at row %d", chain.FirstBadID)
	}
	if problem != "" {
		fmt.Fprintf(&b, "; FORCED although: %s", problem)
	}
	switch {
	case aside == "":
		b.WriteString("; there was no database to replace")
	case damaged:
		fmt.Fprintf(&b, "; the damaged database was set aside as %s", filepath.Base(aside))
	default:
		fmt.Fprintf(&b, "; the database replaced is kept as %s", filepath.Base(aside))
	}
	return b.String()
}

// siteIdentity is what tells one site from another: its first row's id and
// creation time (its name may be edited).
type siteIdentity struct {
	ok            bool
	id            int64
	created, name string
}

func (a siteIdentity) same(b siteIdentity) bool { return a.id == b.id && a.created == b.created }

func readSite(ctx context.Context, st *Store) (siteIdentity, error) {
	var s siteIdentity
	err := st.reader.QueryRowContext(ctx, `SELECT id, created_at, name FROM sites ORDER BY id LIMIT 1`).Scan(&s.id, &s.created, &s.name)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, app.Errorf(app.EInternal, "restore: read the site: %v", err)
	}
	s.ok = true
	return s, nil
}

// copyPrivate copies src to dst (created 0600, replacing nothing), syncs it
// and returns src's SHA-256.
func copyPrivate(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot read %s: %v", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", app.Errorf(app.EInvalid, "Cannot write %s: %v", dst, err)
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", app.Errorf(app.EInternal, "restore: copy %s: %v", src, err)
	}
	syncDir(dst)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeJournal writes the restore journal of dst, synced.
func writeJournal(dst string, j restoreJournal) error {
	b, _ := json.Marshal(j)
	p := journalPath(dst)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return app.Errorf(app.EInternal, "restore: %v", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return app.Errorf(app.EInternal, "restore: %v", err)
	}
	syncDir(dst)
	return nil
}

// recoverRestore finishes or rolls back an interrupted restore of dst,
// taking the database's lock to itself.
func recoverRestore(dst string) error {
	deadline := time.Now().Add(sharedLockWait)
	for {
		lk, err := lockExclusive(dst)
		if err == nil {
			defer lk.release()
			return finishRestore(dst)
		}
		if !exists(journalPath(dst)) {
			return nil // another process finished it meanwhile
		}
		if app.ErrorCode(err) != app.EConflict || time.Now().After(deadline) {
			return app.Errorf(app.EConflict, "A restore of %s was interrupted and cannot be finished while the database is in use. Close Front Desk on every computer using this file, then open it again.", dst)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// finishRestore completes a restore of dst whose journal is written, or
// rolls it back when the old database was not yet set aside. With no
// journal it does nothing. The caller holds the lock exclusively.
func finishRestore(dst string) error {
	b, err := os.ReadFile(journalPath(dst))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var j restoreJournal
	if err == nil {
		err = json.Unmarshal(b, &j)
	}
	if err != nil {
		return app.Errorf(app.EInternal, "A restore of %s was interrupted and its journal %s cannot be read (%v). Nothing was changed; ask for help before removing it.", dst, journalPath(dst), err)
	}
	tmp := restoringPath(dst)
	switch {
	case exists(tmp) && exists(dst):
		// The old database was never set aside: roll back.
		removeDB(tmp)
	case exists(tmp):
		// The old database is aside (its WAL goes with it): put the new one in place.
		if j.Aside != "" && exists(dst+"-wal") {
			if err := os.Rename(dst+"-wal", j.Aside+"-wal"); err != nil {
				return app.Errorf(app.EInternal, "restore: %v", err)
			}
		}
		os.Remove(dst + "-wal") // with no database it belonged to nothing
		os.Remove(dst + "-shm")
		// The audit key and anchor go with their databases: the old ones
		// beside the database set aside, the copy's into place.
		// Each file moves only while the copy's is still beside the copy,
		// so finishing again after a kill part way never moves the
		// restored database's key aside.
		for _, f := range []func(string) string{keyPath, anchorPath} {
			if !exists(f(tmp)) {
				continue
			}
			if exists(f(dst)) {
				if j.Aside != "" {
					if err := os.Rename(f(dst), f(j.Aside)); err != nil {
						return app.Errorf(app.EInternal, "restore: %v", err)
					}
				} else {
					os.Remove(f(dst))
				}
			}
			if err := os.Rename(f(tmp), f(dst)); err != nil {
				return app.Errorf(app.EInternal, "restore: %v", err)
			}
		}
		syncDir(dst)
		restoreStep("wal")
		if err := os.Rename(tmp, dst); err != nil {
			return app.Errorf(app.EInternal, "restore: %v", err)
		}
		syncDir(dst)
		restoreStep("placed")
	case !exists(dst) && j.Aside != "" && exists(j.Aside):
		// Neither in place (only by hand): the old one goes back.
		if err := os.Rename(j.Aside, dst); err != nil {
			return app.Errorf(app.EInternal, "restore: %v", err)
		}
		syncDir(dst)
	}
	if err := os.Remove(journalPath(dst)); err != nil {
		return app.Errorf(app.EInternal, "restore: %v", err)
	}
	syncDir(dst)
	return nil
}

// removeDB removes a database file, its WAL and shared-memory files and
// its audit key and anchor.
func removeDB(path string) {
	for _, p := range append([]string{path, path + "-wal", path + "-shm"}, AuditFiles(path)...) {
		os.Remove(p)
	}
}

// freeName is path, or path-2, path-3… when it is taken.
func freeName(path string) string {
	p := path
	for i := 2; exists(p); i++ {
		p = path + "-" + strconv.Itoa(i)
	}
	return p
}

// syncDir makes the renames and creations in the folder of path durable
// (there is no such call on Windows, where renames are made durable by the
// file system).
func syncDir(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
}

// refuseWhereADatabaseWas refuses to create a new database at path when
// what a restore or a recovery leaves beside it shows one was there: a new, empty database would
// have no accounts, and anyone could then set it up.
func refuseWhereADatabaseWas(path string) error {
	var left []string
	for _, pat := range []string{".before-restore-*", ".damaged-*"} {
		m, _ := filepath.Glob(globEscape(path) + pat)
		for _, f := range m {
			if !strings.HasSuffix(f, "-wal") && !strings.HasSuffix(f, "-shm") && !strings.HasSuffix(f, ".lock") {
				left = append(left, f)
			}
		}
	}
	if len(left) == 0 {
		return nil
	}
	return app.Errorf(app.EInvalid, "There is no database at %s, but %s is beside it: a restore did not finish or the database was moved. No new, empty database was made. Restore the database with frontdeskctl restore FILE --db %s --user ADMIN (FILE: the newest backup or the file kept aside).", path, strings.Join(baseNames(left), ", "), path)
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// globEscape quotes the glob metacharacters in a path.
func globEscape(p string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)
	if runtime.GOOS == "windows" {
		r = strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`)
	}
	return r.Replace(p)
}

// placeChainFiles puts beside the restore's copy tmp of the backup src the
// audit key that verifies it (the copy beside the backup, or the one of the
// database dst being replaced when that holds the manifest's key) and an
// anchor at the copy's chain head, so opening the copy verifies its chain
// with its own key instead of starting a new one.
func placeChainFiles(ctx context.Context, src, dst, tmp string, m BackupManifest) error {
	if ring, err := backupKeyRing(src, dst, m.Audit.KeyID); err == nil && ring.exists {
		b, err := os.ReadFile(ring.path)
		if err != nil {
			return app.Errorf(app.EInvalid, "Cannot read %s: %v", ring.path, err)
		}
		if err := writePrivateFile(keyPath(tmp), b, true); err != nil {
			return err
		}
	}
	db, err := openReadOnly(tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := chainHead(ctx, db)
	if err != nil {
		return app.Errorf(app.EInternal, "restore: %v", err)
	}
	h.At = time.Now().UTC().Format(time.RFC3339) // file times are the real clock
	return writeAnchor(anchorPath(tmp), h)
}
