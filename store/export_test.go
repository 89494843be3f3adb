package store

import (
	"context"
	"errors"
)

// TamperAudit tries to change and to delete audit entries: both must fail.
func TamperAudit(ctx context.Context, st Store) error {
	s, _ := base(st)
	_, errU := s.db.ExecContext(ctx, `UPDATE audit SET action = 'tampered'`)
	_, errD := s.db.ExecContext(ctx, `DELETE FROM audit`)
	if errU != nil && errD != nil {
		return errors.New("refused")
	}
	return nil
}
