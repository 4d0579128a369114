package data

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"frontdesk/app"
)

const staffCols = `id,username,display_name,roles,password_temporary,password_expires_at,password_changed_at,failed_attempts,
	locked_until,active,deactivated_at,deactivated_by,confidentiality_signed,training_completed,last_sign_in_at,created_at,created_by`

const dateLayout = "2006-01-02"

func datePtr(d *time.Time) any {
	if d == nil || d.IsZero() {
		return nil
	}
	return d.UTC().Format(dateLayout)
}

func parseDatePtr(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t, err := time.Parse(dateLayout, s.String)
	if err != nil {
		return nil
	}
	return &t
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scanStaff(row rowScanner) (app.Staff, error) {
	var s app.Staff
	var roles, changed, created string
	var temp, active int
	var expires, locked, deact, conf, train, last sql.NullString
	err := row.Scan(&s.ID, &s.Username, &s.DisplayName, &roles, &temp, &expires, &changed, &s.FailedAttempts,
		&locked, &active, &deact, &s.DeactivatedBy, &conf, &train, &last, &created, &s.CreatedBy)
	if err != nil {
		return s, err
	}
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			s.Roles = append(s.Roles, app.Role(r))
		}
	}
	s.TemporaryPassword, s.Active = temp == 1, active == 1
	s.PasswordExpiresAt, s.LockedUntil, s.DeactivatedAt, s.LastSignInAt = parseTSPtr(expires), parseTSPtr(locked), parseTSPtr(deact), parseTSPtr(last)
	s.ConfidentialitySigned, s.TrainingCompleted = parseDatePtr(conf), parseDatePtr(train)
	s.PasswordChangedAt, s.CreatedAt = parseTS(changed), parseTS(created)
	return s, nil
}

func (t *txn) CreateStaff(ctx context.Context, s *app.Staff, hash string) error {
	newID, err := t.insertID(ctx, `INSERT INTO staff(username,display_name,roles,password_hash,password_temporary,password_expires_at,
		password_changed_at,failed_attempts,locked_until,active,deactivated_at,deactivated_by,confidentiality_signed,training_completed,
		last_sign_in_at,created_at,created_by) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		s.Username, s.DisplayName, app.JoinRoles(s.Roles), hash, boolInt(s.TemporaryPassword), tsPtr(s.PasswordExpiresAt),
		ts(s.PasswordChangedAt), s.FailedAttempts, tsPtr(s.LockedUntil), boolInt(s.Active), tsPtr(s.DeactivatedAt), s.DeactivatedBy,
		datePtr(s.ConfidentialitySigned), datePtr(s.TrainingCompleted), tsPtr(s.LastSignInAt), ts(s.CreatedAt), s.CreatedBy)
	if err != nil {
		if isUnique(err) {
			return app.Errorf(app.EConflict, "There is already an account named %s.", s.Username)
		}
		return err
	}
	s.ID = newID
	_, err = t.q.ExecContext(ctx, `INSERT INTO password_history(staff_id,hash,at) VALUES(?,?,?)`, s.ID, hash, ts(s.PasswordChangedAt))
	return err
}

func (t *txn) UpdateStaff(ctx context.Context, s *app.Staff) error {
	res, err := t.q.ExecContext(ctx, `UPDATE staff SET display_name=?,roles=?,password_temporary=?,password_expires_at=?,
		password_changed_at=?,failed_attempts=?,locked_until=?,active=?,deactivated_at=?,deactivated_by=?,confidentiality_signed=?,
		training_completed=?,last_sign_in_at=? WHERE id=?`,
		s.DisplayName, app.JoinRoles(s.Roles), boolInt(s.TemporaryPassword), tsPtr(s.PasswordExpiresAt), ts(s.PasswordChangedAt),
		s.FailedAttempts, tsPtr(s.LockedUntil), boolInt(s.Active), tsPtr(s.DeactivatedAt), s.DeactivatedBy,
		datePtr(s.ConfidentialitySigned), datePtr(s.TrainingCompleted), tsPtr(s.LastSignInAt), s.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("staff account", s.ID)
	}
	if !s.Active {
		// a deactivated account's sealed copy of a center server's audit
		// key goes with it (see centerkey.go)
		_, err = t.q.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, escrowPrefix+strconv.FormatInt(s.ID, 10))
	}
	return err
}

func (t *txn) staffWhere(ctx context.Context, where string, arg any) (app.Staff, error) {
	s, err := scanStaff(t.q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("staff account", arg)
	}
	return s, err
}

func (t *txn) Staff(ctx context.Context, id int64) (app.Staff, error) {
	return t.staffWhere(ctx, "id=?", id)
}

func (t *txn) StaffByUsername(ctx context.Context, username string) (app.Staff, error) {
	return t.staffWhere(ctx, "username=?", username)
}

func (t *txn) ListStaff(ctx context.Context) ([]app.Staff, error) {
	out, err := queryAll(ctx, t.q, scanStaff, `SELECT `+staffCols+` FROM staff ORDER BY active DESC, username`)
	return out, err
}

func (t *txn) PasswordHashes(ctx context.Context, staffID int64, n int) ([]string, error) {
	if n <= 0 {
		n = 1
	}
	rows, err := t.q.QueryContext(ctx, `SELECT hash FROM password_history WHERE staff_id=? ORDER BY at DESC, rowid DESC LIMIT ?`, staffID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (t *txn) SetPassword(ctx context.Context, staffID int64, hash string, at time.Time) error {
	res, err := t.q.ExecContext(ctx, `UPDATE staff SET password_hash=? WHERE id=?`, hash, staffID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("staff account", staffID)
	}
	_, err = t.q.ExecContext(ctx, `INSERT INTO password_history(staff_id,hash,at) VALUES(?,?,?)`, staffID, hash, ts(at))
	return err
}

func (t *txn) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key=?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (t *txn) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.q.ExecContext(ctx, `INSERT INTO settings(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`, key, value)
	return err
}
