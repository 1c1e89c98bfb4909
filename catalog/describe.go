package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// Description is what `wi catalog describe` shows of a catalog.
type Description struct {
	Path      string
	Name      string
	Synthetic bool
	Schema    string
	Tables    []TableCount
	Datasets  []Dataset
	Targets   []TargetCoverage // targets with demand, and the years they have
	Services  []ServiceCount   // services with facilities
	Levels    []TableCount     // areas by level
}

// TableCount is a named row count.
type TableCount struct {
	Name string
	Rows int64
}

// TargetCoverage says for which years a target has demand.
type TargetCoverage struct {
	Target string
	Years  string // e.g. "2020–2024" or "2011"
	Total  int64  // count in the latest year, at the finest level
}

// ServiceCount is how many facilities of a service the catalog holds.
type ServiceCount struct {
	Service    string
	Facilities int64
	Capacity   float64
}

// Describe summarises the catalog.
func (c *Catalog) Describe(ctx context.Context) (*Description, error) {
	d := &Description{Path: c.path, Schema: SchemaVersion}
	info, err := c.Info(ctx)
	if err != nil {
		return nil, err
	}
	d.Name, d.Synthetic = info.Name, info.Synthetic
	for _, t := range []string{"areas", "targets", "services", "service_targets", "demand", "facilities", "organizations", "benchmarks", "indicators", "datasets", "dataset_notes", "meta"} {
		var n int64
		if err := c.db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		d.Tables = append(d.Tables, TableCount{t, n})
	}
	err = c.each(ctx, `SELECT id, title, publisher, licence, coalesce(url, ''), reference_date, synthetic, row_count, checksum FROM datasets ORDER BY id`, nil,
		func(r *sql.Rows) error {
			var s Dataset
			err := r.Scan(&s.ID, &s.Title, &s.Publisher, &s.Licence, &s.URL, &s.ReferenceDate, &s.Synthetic, &s.Rows, &s.Checksum)
			d.Datasets = append(d.Datasets, s)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = c.each(ctx, `SELECT level, count(*) FROM areas GROUP BY level
		ORDER BY `+question.LevelRankSQL("level")+` DESC`, nil,
		func(r *sql.Rows) error {
			var t TableCount
			err := r.Scan(&t.Name, &t.Rows)
			d.Levels = append(d.Levels, t)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = c.each(ctx, `WITH ranked AS (
			SELECT d.target, d.year, d.count,
				`+question.LevelRankSQL("a.level")+` AS rank
			FROM demand d JOIN areas a ON a.id = d.area_id),
		finest AS (SELECT target, year, min(rank) AS rank FROM ranked GROUP BY ALL),
		totals AS (SELECT r.target, r.year, sum(r.count)::BIGINT AS total FROM ranked r JOIN finest f USING (target, year, rank) GROUP BY ALL)
		SELECT target, min(year), max(year), count(*), arg_max(total, year) FROM totals GROUP BY target ORDER BY target`, nil,
		func(r *sql.Rows) error {
			var t TargetCoverage
			var lo, hi, n int
			err := r.Scan(&t.Target, &lo, &hi, &n, &t.Total)
			t.Years = fmt.Sprint(lo)
			if hi != lo {
				t.Years = fmt.Sprintf("%d–%d", lo, hi)
				if n != hi-lo+1 {
					t.Years += fmt.Sprintf(" (%d anni)", n)
				}
			}
			d.Targets = append(d.Targets, t)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = c.each(ctx, `SELECT service, count(*), coalesce(sum(capacity), 0) FROM facilities GROUP BY service ORDER BY service`, nil,
		func(r *sql.Rows) error {
			var s ServiceCount
			err := r.Scan(&s.Service, &s.Facilities, &s.Capacity)
			d.Services = append(d.Services, s)
			return err
		})
	return d, err
}

// Export formats.
const (
	FormatCSV     = "csv"
	FormatParquet = "parquet"
)

// exports are the tables written by Export, with the columns users and
// auditors need (areas with their outline as GeoJSON, facilities with their
// operator's name).
var exports = []struct{ name, query string }{
	{"areas", `SELECT id, level, name, slug, parent_id, code, lon, lat, area_km2 * 1e6 AS area_m2, geometry AS geometry_geojson, dataset_id, name_source FROM areas ORDER BY id`},
	{"demand", `SELECT area_id, target, year, count, dataset_id FROM demand ORDER BY area_id, target, year`},
	{"facilities", `SELECT f.id, f.service, f.name, o.name AS operator, f.address, f.lon, f.lat, f.capacity, f.area_id, f.dataset_id,
		f.name_source, o.name_source AS operator_source
		FROM facilities f LEFT JOIN organizations o ON o.id = f.organization_id ORDER BY f.id`},
	{"targets", `SELECT * FROM targets ORDER BY slug`},
	{"services", `SELECT s.*, coalesce((SELECT string_agg(target, ',' ORDER BY target) FROM service_targets t WHERE t.service = s.slug), '') AS targets FROM services s ORDER BY slug`},
	{"benchmarks", `SELECT * FROM benchmarks ORDER BY id`},
	{"datasets", `SELECT * FROM datasets ORDER BY id`},
}

// Export writes the catalog's tables into dir, one file per table, as CSV
// (with a header) or Parquet, and returns the files written.
func (c *Catalog) Export(ctx context.Context, dir, format string) ([]string, error) {
	if format != FormatCSV && format != FormatParquet {
		return nil, fmt.Errorf("export format %q: use csv or parquet", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var files []string
	for _, e := range exports {
		file := filepath.Join(dir, e.name+"."+format)
		opts := "FORMAT csv, HEADER true"
		if format == FormatParquet {
			opts = "FORMAT parquet"
		}
		q := fmt.Sprintf("COPY (%s) TO '%s' (%s)", e.query, strings.ReplaceAll(file, "'", "''"), opts)
		if _, err := c.db.ExecContext(ctx, q); err != nil {
			return files, fmt.Errorf("export %s: %w", e.name, err)
		}
		files = append(files, file)
	}
	return files, nil
}
