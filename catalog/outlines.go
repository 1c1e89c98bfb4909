package catalog

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/welfare-intelligence/wi/store"
)

var _ store.OutlineStore = (*Catalog)(nil)

// Outlines implements store.OutlineStore: the GeoJSON outline of every area
// of a level, by area ID, from the areas.geometry column.
func (c *Catalog) Outlines(ctx context.Context, level string) (map[string]string, error) {
	out := map[string]string{}
	err := c.each(ctx, `SELECT id, geometry FROM areas WHERE level = ? ORDER BY id`, []any{level}, func(r *sql.Rows) error {
		var id, g string
		if err := r.Scan(&id, &g); err != nil {
			return err
		}
		out[id] = g
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read outlines of level %s: %w", level, err)
	}
	return out, nil
}
