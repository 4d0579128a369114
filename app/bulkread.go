package app

import (
	"context"
	"fmt"
)

// BulkReadRows is the most participants one read may return without an
// audit record: more than a screen's page (200) is a bulk read of personal
// data, such as frontdeskctl participant list --limit 100000.
const BulkReadRows = 200

// auditBulkRead records a read of personal data that asked for, or
// returned, more than BulkReadRows rows: who, how many, with what limit and
// filter (the filter's kind, never its text). Smaller reads, the screens'
// everyday lists and search as you type, are not recorded.
func (s *Service) auditBulkRead(ctx context.Context, a Actor, entity string, rows, limit int, filter string) error {
	if rows <= BulkReadRows && limit <= BulkReadRows {
		return nil
	}
	detail := fmt.Sprintf("rows=%d limit=%d filter=%s", rows, limit, filter)
	return s.store.Update(ctx, func(tx Tx) error {
		return tx.AppendAudit(ctx, s.audit(a, entity+".bulk_read", entity, 0, detail))
	})
}
