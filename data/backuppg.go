package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"

	"github.com/jackc/pgx/v5"
)

// A center server is backed up and restored with PostgreSQL's own tools,
// under the rules of a desk's file:
//
// Backup (Store.BackupTo on a server): pg_dump --format=custom of the Front
// Desk database, from a snapshot this store exported, written into
// BACKUP.partial (0600 from its first byte) and renamed to BACKUP once
// whole, with the same manifest beside it as a file's backup (schema
// version, site, audit chain head read from that same snapshot, SHA-256).
// The server's chain has no key file, so there is no BACKUP.key.
//
// Restore (Restore with a postgres:// URL): only the database's owner role
// (or a superuser) may, and it needs the CREATEDB privilege, because the
// backup is restored into a new database, DB_restoring, and swapped in by
// renaming:
//
//  1. pg_restore --list reads the file, which must hold Front Desk's
//     tables; its manifest must match it (SHA-256), unless --force;
//  2. the administrator signs in against the database being replaced (or,
//     when it is missing, against the backup's accounts) and its site is
//     read; the restore refuses while any other connection is open to it;
//  3. pg_restore --single-transaction --exit-on-error puts the backup into
//     DB_restoring, a new database made from template0, so what it holds is
//     exactly the backup, privileges included;
//  4. DB_restoring is checked as a desk's copy is: a schema this version
//     knows (brought up to date), the audit chain verified up to the
//     manifest's head, the same site unless --other-site; the restore's
//     audit record is written into it;
//  5. in one transaction, checking again that nobody is connected, the
//     database is renamed DB_before_restore_TIME and DB_restoring takes its
//     name.
//
// Any failure before step 5 drops DB_restoring and leaves the server as it
// was; step 5 is one transaction, so the database the desks connect to is
// always either the old one or the whole restored one. A restore in place
// (pg_restore --clean into the live database) was not chosen: the tables
// it creates would take the database's default privileges (the desks'
// SELECT, INSERT, UPDATE, DELETE) before the backup's own grants are
// added, so the desks could again edit and delete audit rows; and it keeps
// nothing to go back to.

// pgDumpMagic starts every pg_dump custom-format archive.
var pgDumpMagic = []byte("PGDMP")

// pgToolVersion finds a PostgreSQL client program's major version in its
// --version answer ("pg_dump (PostgreSQL) 15.18 (Debian …)").
var pgToolVersion = regexp.MustCompile(`\(PostgreSQL\) (\d+)`)

// pgTool finds the PostgreSQL client program name (pg_dump, pg_restore)
// and checks that it is not older than the server (major version
// serverMajor): an older one cannot read the server or its backups.
func pgTool(name string, serverMajor int) (string, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return "", app.Errorf(app.EInvalid, "%s is not installed on this computer, and a center server is backed up and restored with it. Install PostgreSQL's client programs (Debian and Ubuntu: apt-get install postgresql-client), version %d or newer.", name, serverMajor)
	}
	out, err := exec.Command(bin, "--version").Output()
	m := pgToolVersion.FindSubmatch(out)
	if err != nil || m == nil {
		return "", app.Errorf(app.EInvalid, "Cannot tell the version of %s (%s): it did not answer --version as PostgreSQL's does.", name, bin)
	}
	if v, _ := strconv.Atoi(string(m[1])); v < serverMajor {
		return "", app.Errorf(app.EInvalid, "%s on this computer is PostgreSQL %d's, older than the center server (PostgreSQL %d): it cannot read the server or its backups. Install the client programs of version %d or newer (Debian and Ubuntu: postgresql-client-%d).", name, v, serverMajor, serverMajor, serverMajor)
	}
	return bin, nil
}

// serverVersionNum asks a server for its version as a number (150018:
// 15.18); the major version is its ten-thousands.
const serverVersionNum = `SELECT current_setting('server_version_num')::int`

// pgTarget is how a PostgreSQL client program reaches a server database:
// the address without its password (a command line is seen by every user
// of the computer) and the environment carrying it instead (PGPASSWORD).
type pgTarget struct {
	uri    string
	env    []string
	secret string // the password, to keep out of messages
}

// newPGTarget is the target of the server address dsn, in the database
// named db ("" keeps the address's).
func newPGTarget(dsn, db string) (pgTarget, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil && u.Host == "" && u.Path == "" {
		return pgTarget{}, app.Errorf(app.EInvalid, "The center server setting %s is not a valid address.", RedactURL(dsn))
	}
	t := pgTarget{env: os.Environ()}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			t.secret = pw
			u.User = url.User(u.User.Username())
			env := t.env[:0:0]
			for _, kv := range t.env {
				if !strings.HasPrefix(kv, "PGPASSWORD=") {
					env = append(env, kv)
				}
			}
			t.env = append(env, "PGPASSWORD="+pw)
		}
	}
	if db != "" {
		u.Path = "/" + db
		u.RawPath = ""
	}
	t.uri = u.String()
	return t, nil
}

// run runs the client program bin with args (and t's environment), its
// output to stdout; a failure says what the program said, without the
// password.
func (t pgTarget) run(ctx context.Context, bin string, stdout io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = t.env
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		if len(msg) > 600 {
			msg = msg[:600] + "…"
		}
		return errors.New(t.redact(strings.Join(strings.Fields(msg), " ")))
	}
	return nil
}

// redact removes the password from a message.
func (t pgTarget) redact(msg string) string {
	if t.secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, t.secret, "xxxxx")
}

// backupServer is BackupTo on a center server: pg_dump --format=custom of
// the snapshot the manifest is read from.
func (s *Store) backupServer(ctx context.Context, dest string) (string, error) {
	var num int
	if err := s.reader.QueryRowContext(ctx, serverVersionNum).Scan(&num); err != nil {
		return "", serverError(s.path, err)
	}
	bin, err := pgTool("pg_dump", num/10000)
	if err != nil {
		return "", err
	}
	target, err := newPGTarget(s.dsn, "")
	if err != nil {
		return "", err
	}
	tmp, err := startBackup(dest)
	if err != nil {
		return "", err
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
		}
	}()
	// One snapshot for the dump and the manifest: the chain head recorded
	// is the dump's last row.
	tx, err := s.reader.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return "", serverError(s.path, err)
	}
	defer tx.Rollback()
	var snapshot string
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snapshot); err != nil {
		return "", serverError(s.path, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT version FROM frontdesk_schema`).Scan(&version); err != nil {
		return "", serverError(s.path, err)
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY, 0)
	if err != nil {
		return "", folderError("the backup", tmp, err)
	}
	err = target.run(ctx, bin, f, "--format=custom", "--no-password", "--snapshot="+snapshot, "--dbname="+target.uri)
	if cerr := f.Close(); err == nil && cerr != nil {
		return "", folderError("the backup", tmp, cerr)
	}
	if err != nil {
		return "", app.Errorf(app.EInternal, "pg_dump could not back up %s: %v", s.path, err)
	}
	crashPoint("backup.copied")
	if err := syncAndChmod(tmp); err != nil {
		return "", err
	}
	if err := writeManifest(ctx, pgQuerier{tx: tx}, version, tmp, dest, time.Now()); err != nil { // file times are the real clock
		return "", err
	}
	crashPoint("backup.synced")
	if err := os.Rename(tmp, dest); err != nil {
		return "", folderError("the backup", dest, err)
	}
	done = true
	syncDir(dest)
	crashPoint("backup.renamed")
	return dest, nil
}

// maxIdentifier is the longest name PostgreSQL keeps (longer ones are cut).
const maxIdentifier = 63

// pgName is base with suffix, base cut so the whole fits maxIdentifier.
func pgName(base, suffix string) string {
	if len(base)+len(suffix) > maxIdentifier {
		base = base[:maxIdentifier-len(suffix)]
	}
	return base + suffix
}

// quoteIdent quotes a name for SQL.
func quoteIdent(name string) string { return pgx.Identifier{name}.Sanitize() }

// quoteLiteral quotes a string for SQL.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// serverRestore is one restore of a center server under way.
type serverRestore struct {
	src, dst string
	shown    string // dst fit to show
	cfg      *pgx.ConnConfig
	live     string // the database being replaced
	scratch  string // the new database the backup is restored into
	admin    *pgx.Conn
	made     bool // scratch was created (and is dropped unless swapped in)
}

// restoreServer is Restore onto a center server (see the top of this
// file).
func restoreServer(ctx context.Context, src, dst string, opt RestoreOptions) (res RestoreResult, err error) {
	r := &serverRestore{src: src, dst: dst, shown: RedactURL(dst)}
	if r.cfg, err = pgx.ParseConfig(dst); err != nil {
		return res, app.Errorf(app.EInvalid, "The center server setting %s is not a valid address: %v", r.shown, shortErr(err))
	}
	r.live = r.cfg.Database
	if r.live == "" {
		return res, app.Errorf(app.EInvalid, "The center server setting %s names no database (postgres://USER@HOST/DATABASE).", r.shown)
	}
	if err := r.checkFile(); err != nil {
		return res, err
	}
	manifest, manifestErr := checkManifest(src)
	if err := forceUnverified(manifestErr, &opt, &res); err != nil {
		return res, err
	}
	if err := r.connectAdmin(ctx); err != nil {
		return res, err
	}
	defer r.admin.Close(context.Background())
	defer func() {
		if r.made {
			r.dropScratch()
		}
	}()
	var num int
	if err := r.admin.QueryRow(ctx, serverVersionNum).Scan(&num); err != nil {
		return res, serverError(r.shown, err)
	}
	restoreBin, err := pgTool("pg_restore", num/10000)
	if err != nil {
		return res, err
	}
	target, err := newPGTarget(dst, "")
	if err != nil {
		return res, err
	}
	var toc bytes.Buffer
	if err := target.run(ctx, restoreBin, &toc, "--list", src); err != nil {
		return res, app.Errorf(app.EInvalid, "%s is not a backup pg_restore can read (%v). Choose another backup.", src, err)
	}
	if !regexp.MustCompile(`(?m) TABLE \S+ frontdesk_schema `).Match(toc.Bytes()) {
		return res, app.Errorf(app.EInvalid, "%s is not a backup of a Front Desk center server: it holds no Front Desk tables.", src)
	}
	if res.Checksum, err = fileSHA256(src); err != nil {
		return res, app.Errorf(app.EInvalid, "Cannot read %s: %v", src, err)
	}
	owner, liveExists, err := r.checkRole(ctx)
	if err != nil {
		return res, err
	}

	// The database being replaced: its site, and the administrator signs in.
	var curSite siteIdentity
	if liveExists {
		cur, err := openPostgres(ctx, dst, Options{MustExist: true, Now: func() time.Time { return opt.Now }})
		if err != nil {
			return res, err
		}
		curSite, err = readSite(ctx, cur)
		if err == nil && opt.Authorize != nil {
			ctx, err = opt.Authorize(ctx, cur)
		}
		cur.Close()
		if err != nil {
			return res, err
		}
		if err := r.refuseInUse(ctx, r.admin, r.live, "Nothing was restored."); err != nil {
			return res, err
		}
	}

	// The backup, restored into a new database of its own.
	r.scratch = pgName(r.live, "_restoring")
	if err := r.createScratch(ctx, owner, liveExists); err != nil {
		return res, err
	}
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction", "--no-password", "--dbname=" + mustTarget(dst, r.scratch).uri}
	if owner != "" && owner != r.cfg.User {
		args = append(args, "--role="+owner) // a superuser restores as the owner
	}
	if err := mustTarget(dst, r.scratch).run(ctx, restoreBin, io.Discard, append(args, src)...); err != nil {
		return res, app.Errorf(app.EInvalid, "%s could not be restored, so nothing was changed (pg_restore: %v).", src, err)
	}
	restoreStep("copied")
	aside := ""
	if liveExists {
		aside = pgName(r.live, "_before_restore_"+opt.Now.UTC().Format("20060102_150405"))
		if aside, err = r.freeName(ctx, aside); err != nil {
			return res, err
		}
	}
	var anchor *AuditHead
	if manifestErr == nil {
		anchor = &manifest.Audit
	}
	if res.Chain, err = r.checkScratch(ctx, anchor, aside, curSite, liveExists, &opt, res); err != nil {
		return res, err
	}
	restoreStep("audited")
	if err := r.swap(ctx, aside, liveExists); err != nil {
		return res, err
	}
	r.made = false
	restoreStep("placed")
	res.Kept = aside
	return res, nil
}

// mustTarget is the target of the database db on the server of dsn, whose
// address has already parsed.
func mustTarget(dsn, db string) pgTarget {
	t, _ := newPGTarget(dsn, db)
	return t
}

// checkFile refuses a backup file that is missing or is a desk's file.
func (r *serverRestore) checkFile() error {
	f, err := os.Open(r.src)
	if err != nil {
		return app.Errorf(app.EInvalid, "Cannot read %s: %v", r.src, shortErr(err))
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if bytes.Equal(head, sqliteHeader) {
		return app.Errorf(app.EInvalid, "%s is a desk's own backup (a SQLite file), not a center server's: a server restores only its own backups (frontdeskctl backup on the server). A desk's file is moved onto the server with frontdeskctl migrate.", r.src)
	}
	if !bytes.HasPrefix(head, pgDumpMagic) {
		return app.Errorf(app.EInvalid, "%s is not a Front Desk backup of a center server (not a pg_dump custom-format file).", r.src)
	}
	return nil
}

// connectAdmin connects to the server's maintenance database (postgres, or
// else template1), from which databases are created and renamed.
func (r *serverRestore) connectAdmin(ctx context.Context) error {
	var err error
	for _, db := range []string{"postgres", "template1"} {
		cfg := r.cfg.Copy()
		cfg.Database = db
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		r.admin, err = pgx.ConnectConfig(cctx, cfg)
		cancel()
		if err == nil {
			return nil
		}
	}
	return serverError(r.shown, err)
}

// checkRole refuses anyone but the owner of the database being replaced
// (or a superuser), and a role that may not create databases. It returns
// the owner's name and whether the database exists.
func (r *serverRestore) checkRole(ctx context.Context) (owner string, exists bool, err error) {
	var member, createdb bool
	err = r.admin.QueryRow(ctx, `SELECT pg_get_userbyid(datdba), pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database WHERE datname = $1`, r.live).Scan(&owner, &member)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		owner = ""
	case err != nil:
		return "", false, serverError(r.shown, err)
	default:
		exists = true
	}
	if exists && !member {
		return "", false, app.Errorf(app.EForbidden, "Only the owner of the database %s (%s; frontdesk_owner in data/server-roles.sql) may restore it, since a restore replaces every table; %s is connected as %s. Give --db the owner's address. Nothing was restored.", r.live, owner, r.shown, r.cfg.User)
	}
	if err := r.admin.QueryRow(ctx, `SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&createdb); err != nil {
		return "", false, serverError(r.shown, err)
	}
	if !createdb {
		return "", false, app.Errorf(app.EForbidden, "The role %s may not create databases, which a restore of a center server needs (it restores the backup into a new database, checks it, and swaps it in). As the server's administrator: ALTER ROLE %s CREATEDB; (README, \"A center server\"). Nothing was restored.", r.cfg.User, r.cfg.User)
	}
	return owner, exists, nil
}

// refuseInUse refuses while any other connection is open to the database
// db, waiting up to 3 seconds for connections just closed (ours, a
// command's) to go. Over conn, which is not connected to db.
func (r *serverRestore) refuseInUse(ctx context.Context, conn interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, db, outcome string) error {
	deadline := time.Now().Add(3 * time.Second)
	for {
		var n int
		var who string
		err := conn.QueryRow(ctx, `SELECT count(*), coalesce(string_agg(DISTINCT coalesce(nullif(application_name, ''), usename::text, '?'), ', '), '')
			FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, db).Scan(&n, &who)
		if err != nil {
			return serverError(r.shown, err)
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return app.Errorf(app.EConflict, "The center server's database %s is in use: %d other connection(s) (%s), desks or commands. Close Front Desk on every desk and stop other commands using it, then restore again. %s", db, n, who, outcome)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// createScratch creates the new, empty database the backup goes into (one
// left by a restore killed half way is dropped first), with the encoding
// and collation of the database it replaces, owned by its owner.
func (r *serverRestore) createScratch(ctx context.Context, owner string, liveExists bool) error {
	if err := r.dropDatabase(ctx, r.scratch); err != nil {
		return err
	}
	q := `CREATE DATABASE ` + quoteIdent(r.scratch) + ` TEMPLATE template0`
	if liveExists {
		var enc, collate, ctype string
		if err := r.admin.QueryRow(ctx, `SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = $1`, r.live).Scan(&enc, &collate, &ctype); err != nil {
			return serverError(r.shown, err)
		}
		q += ` ENCODING ` + quoteLiteral(enc) + ` LC_COLLATE ` + quoteLiteral(collate) + ` LC_CTYPE ` + quoteLiteral(ctype) + ` OWNER ` + quoteIdent(owner)
	} else {
		q += ` ENCODING 'UTF8'`
	}
	if _, err := r.admin.Exec(ctx, q); err != nil {
		return app.Errorf(app.EInternal, "Cannot create the database %s to restore into (%v). Nothing was restored.", r.scratch, shortErr(err))
	}
	r.made = true
	return nil
}

// dropDatabase drops the database db if it is there, waiting briefly for
// connections just closed to go.
func (r *serverRestore) dropDatabase(ctx context.Context, db string) error {
	deadline := time.Now().Add(3 * time.Second)
	for {
		_, err := r.admin.Exec(ctx, `DROP DATABASE IF EXISTS `+quoteIdent(db))
		if err == nil {
			return nil
		}
		if pgCode(err) != "55006" || time.Now().After(deadline) { // object_in_use
			return app.Errorf(app.EInternal, "Cannot remove the database %s (%v).", db, shortErr(err))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// dropScratch drops the restore's new database after a failure.
func (r *serverRestore) dropScratch() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r.dropDatabase(ctx, r.scratch)
}

// freeName is name, or name_2, name_3… when a database has it.
func (r *serverRestore) freeName(ctx context.Context, name string) (string, error) {
	for i := 2; ; i++ {
		var taken bool
		if err := r.admin.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, name).Scan(&taken); err != nil {
			return "", serverError(r.shown, err)
		}
		if !taken {
			return name, nil
		}
		name = pgName(strings.TrimSuffix(name, "_"+strconv.Itoa(i-1)), "_"+strconv.Itoa(i))
	}
}

// checkScratch checks the restored database as a desk's restored copy is
// checked: a Front Desk schema this version knows (brought up to date), an
// audit chain that verifies (up to the manifest's head anchor, when the
// manifest could be used), the same site as the database replaced; then
// signs the administrator in against it when there was no database to
// replace, and writes the restore's audit record.
func (r *serverRestore) checkScratch(ctx context.Context, anchor *AuditHead, aside string, curSite siteIdentity, liveExists bool, opt *RestoreOptions, res RestoreResult) (app.AuditCheck, error) {
	var chain app.AuditCheck
	cfg := r.cfg.Copy()
	cfg.Database = r.scratch
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return chain, serverError(r.shown, err)
	}
	var version, appID int64
	err = conn.QueryRow(ctx, `SELECT version, application_id FROM frontdesk_schema`).Scan(&version, &appID)
	if err == nil && appID == ApplicationID {
		// a new center id: the desks' anchors of the chain as it went on
		// after the backup are not compared with the restored one (see
		// centeranchor.go); the restore's record says what happened
		_, err = conn.Exec(ctx, `DELETE FROM settings WHERE key = $1`, centerIDKey)
	}
	conn.Close(ctx)
	if err != nil || appID != ApplicationID {
		return chain, app.Errorf(app.EInvalid, "%s is not a backup of a Front Desk center server (no Front Desk schema version in it). Nothing was restored.", r.src)
	}
	if known := len(pgMigrations()); version > int64(known) {
		return chain, app.Errorf(app.EInvalid, "%s was written by a newer version of Front Desk (schema %d; this version knows up to %d). Nothing was restored.", r.src, version, known)
	}
	u, _ := url.Parse(r.dst)
	u.Path, u.RawPath = "/"+r.scratch, ""
	st, err := openPostgres(ctx, u.String(), Options{MustExist: true, Now: func() time.Time { return opt.Now }})
	if err != nil {
		return chain, err
	}
	defer st.Close()
	err = st.View(ctx, func(tx app.Tx) error {
		var err error
		// the center's key as this computer holds it (the restored
		// database has a new center id; see centerKey)
		ring := keyRing{center: true}
		if st.guard != "" {
			if ring, err = st.centerRing(); err != nil {
				return err
			}
		}
		chain, err = verifyChain(ctx, tx.(*txn).q, ring, anchor, "its manifest")
		return err
	})
	if err != nil {
		return chain, app.Errorf(app.EInvalid, "Cannot read the audit log of %s: %v", r.src, shortErr(err))
	}
	if err := checkRestoredChainAndSite(ctx, st, r.src, chain, curSite, liveExists, opt); err != nil {
		return chain, err
	}
	if !liveExists && opt.Authorize != nil {
		if ctx, err = opt.Authorize(ctx, st); err != nil {
			return chain, err
		}
	}
	if err := auditRestore(ctx, st, r.src, opt, res, chain, aside); err != nil {
		return chain, err
	}
	return chain, st.Close()
}

// swap puts the restored database in place in one transaction: the
// database replaced takes the name aside, the restored one its name. It
// refuses, changing nothing, when anyone connected meanwhile.
func (r *serverRestore) swap(ctx context.Context, aside string, liveExists bool) error {
	const outcome = "Nothing was restored."
	if err := r.refuseInUse(ctx, r.admin, r.scratch, outcome); err != nil {
		return err
	}
	tx, err := r.admin.Begin(ctx)
	if err != nil {
		return serverError(r.shown, err)
	}
	defer tx.Rollback(context.Background())
	if liveExists {
		if err := r.refuseInUse(ctx, tx, r.live, outcome); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `ALTER DATABASE `+quoteIdent(r.live)+` RENAME TO `+quoteIdent(aside)); err != nil {
			return r.swapError(err)
		}
	}
	if _, err := tx.Exec(ctx, `ALTER DATABASE `+quoteIdent(r.scratch)+` RENAME TO `+quoteIdent(r.live)); err != nil {
		return r.swapError(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return r.swapError(err)
	}
	return nil
}

// swapError explains a refused swap.
func (r *serverRestore) swapError(err error) error {
	if pgCode(err) == "55006" {
		return app.Errorf(app.EConflict, "The center server's database %s is in use: a desk or command connected during the restore. Close Front Desk on every desk, then restore again. Nothing was restored.", r.live)
	}
	return app.Errorf(app.EInternal, "Cannot put the restored database in place (%v). Nothing was restored.", shortErr(err))
}
