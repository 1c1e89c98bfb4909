package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/store"
)

// Catalog is a catalog file opened read-only. It implements store.Store and
// is safe for concurrent use.
type Catalog struct {
	path string
	db   *sql.DB

	mu      sync.Mutex
	sources map[yearTarget]string // the dataset giving each target's figures in a year, read once
}

// yearTarget is a target in a year.
type yearTarget struct {
	target string
	year   int
}

var _ store.Store = (*Catalog)(nil)

// Open opens the catalog at path read-only, so that any number of processes
// may answer questions from it while a new one is built beside it.
func Open(ctx context.Context, path string) (*Catalog, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open catalog %s: no such file; build one with `wi catalog demo --out %s`", path, path)
		}
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	connector, err := duckdb.NewConnector(path+"?access_mode=read_only", nil)
	if err != nil {
		return nil, fmt.Errorf("open catalog %s: %w", path, err)
	}
	c := &Catalog{path: path, db: sql.OpenDB(connector)}
	var version string
	err = c.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&version)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("open catalog %s: not a wi catalog (%v)", path, err)
	}
	if version != SchemaVersion {
		c.Close()
		return nil, fmt.Errorf("open catalog %s: schema version %s, this wi reads version %s; rebuild the catalog", path, version, SchemaVersion)
	}
	return c, nil
}

// Path returns the file the catalog was opened from.
func (c *Catalog) Path() string { return c.path }

// Close releases the catalog.
func (c *Catalog) Close() error {
	return c.db.Close() // closes the connector too
}

// Meta returns the value of a metadata key, or "" when it is absent.
func (c *Catalog) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := c.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Info implements store.Store.
func (c *Catalog) Info(ctx context.Context) (store.Info, error) {
	var info store.Info
	name, err := c.Meta(ctx, "name")
	if err != nil {
		return info, fmt.Errorf("read catalog info: %w", err)
	}
	synthetic, err := c.Meta(ctx, "synthetic")
	if err != nil {
		return info, fmt.Errorf("read catalog info: %w", err)
	}
	info.Name, info.Synthetic = name, synthetic == "true"
	secret, err := c.Meta(ctx, MetaSecret)
	if err != nil {
		return info, fmt.Errorf("read catalog info: %w", err)
	}
	if secret != "" {
		if info.Secret, err = disclose.ParseSecret(secret); err != nil {
			return info, fmt.Errorf("catalog %s: %w", c.path, err)
		}
	}
	rows, err := c.db.QueryContext(ctx, `SELECT id, title, publisher, licence, coalesce(url, ''), reference_date, synthetic FROM datasets ORDER BY id`)
	if err != nil {
		return info, fmt.Errorf("read datasets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s answer.Source
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.Licence, &s.URL, &s.ReferenceDate, &s.Synthetic); err != nil {
			return info, fmt.Errorf("read datasets: %w", err)
		}
		info.Synthetic = info.Synthetic || s.Synthetic
		info.Datasets = append(info.Datasets, s)
	}
	if err := rows.Err(); err != nil {
		return info, err
	}
	err = c.each(ctx, `SELECT dataset_id, target, note FROM dataset_notes ORDER BY dataset_id, target`, nil, func(r *sql.Rows) error {
		var id, target, note string
		if err := r.Scan(&id, &target, &note); err != nil {
			return err
		}
		for i := range info.Datasets {
			if info.Datasets[i].ID == id {
				if info.Datasets[i].Notes == nil {
					info.Datasets[i].Notes = map[string]string{}
				}
				info.Datasets[i].Notes[target] = note
			}
		}
		return nil
	})
	return info, err
}

// Vocabulary implements store.Store.
func (c *Catalog) Vocabulary(ctx context.Context) (*question.Vocabulary, error) {
	v := &question.Vocabulary{}
	err := c.each(ctx, `SELECT slug, kind, name_it, name_en, definition_it, definition_en, sensitivity, min_count FROM targets ORDER BY slug`, nil,
		func(rows *sql.Rows) error {
			var t question.Target
			err := rows.Scan(&t.Slug, &t.Kind, &t.NameIT, &t.NameEN, &t.DefinitionIT, &t.DefinitionEN, &t.Sensitivity, &t.MinCount)
			v.Targets = append(v.Targets, t)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read targets: %w", err)
	}
	err = c.each(ctx, `SELECT s.slug, s.name_it, s.name_en, s.capacity_unit, s.radius_m, s.role,
			coalesce(string_agg(t.target, ',' ORDER BY t.position), '')
		FROM services s LEFT JOIN service_targets t ON t.service = s.slug
		GROUP BY ALL ORDER BY s.slug`, nil,
		func(rows *sql.Rows) error {
			var s question.Service
			var targets string
			err := rows.Scan(&s.Slug, &s.NameIT, &s.NameEN, &s.CapacityUnit, &s.RadiusM, &s.Role, &targets)
			if targets != "" {
				s.Targets = strings.Split(targets, ",")
			}
			v.Services = append(v.Services, s)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read services: %w", err)
	}
	err = c.each(ctx, `SELECT a.id, a.slug, a.name, a.level, coalesce(a.parent_id, ''), a.lon, a.lat, a.area_km2
		FROM areas a ORDER BY `+question.LevelRankSQL("a.level")+` DESC, a.id`, nil,
		func(rows *sql.Rows) error {
			var a question.Area
			err := rows.Scan(&a.ID, &a.Slug, &a.Name, &a.Level, &a.Parent, &a.Point.Lon, &a.Point.Lat, &a.AreaKm2)
			if a.Level == question.LevelCity && v.CityArea == "" {
				v.CityArea = a.Slug
			}
			v.Areas = append(v.Areas, a)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read areas: %w", err)
	}
	// The default year is the latest of the years with demand for the most
	// targets: a catalog with a census of one year and a longer register
	// series of a few targets answers about the census year by default.
	most := 0
	err = c.each(ctx, `SELECT year, count(DISTINCT target) FROM demand GROUP BY year ORDER BY year`, nil, func(rows *sql.Rows) error {
		var y, targets int
		err := rows.Scan(&y, &targets)
		v.Years = append(v.Years, y)
		if targets >= most {
			most, v.DefaultYear = targets, y
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read years: %w", err)
	}
	return v, nil
}

// sourcesSQL picks, for every target and year, the one dataset whose rows
// give the target's figures: among the datasets holding the target that
// year, the one holding the most targets that year, then the one holding the
// target for the most years, then the first by id. Two sources that count the
// same people (a census and a population register) are thus never added, and
// all the figures of a year come from one source, so that shares within the
// year (the elderly among residents) never divide one source by the other:
// in Milan the 2011 census serves every target in 2011, on its sections, and
// the register the other years of its series. A series that crosses the
// census year changes source there; the datasets' notes say so and why the
// two differ.
const sourcesSQL = `SELECT target, year, dataset_id FROM (
		SELECT d.target, d.year, d.dataset_id, row_number() OVER (PARTITION BY d.target, d.year
			ORDER BY t.targets DESC, n.years DESC, d.dataset_id) AS k
		FROM (SELECT DISTINCT target, year, dataset_id FROM demand) d
		JOIN (SELECT year, dataset_id, count(DISTINCT target) AS targets FROM demand GROUP BY ALL) t USING (year, dataset_id)
		JOIN (SELECT target, dataset_id, count(DISTINCT year) AS years FROM demand GROUP BY ALL) n USING (target, dataset_id))
	WHERE k = 1`

// source returns the dataset giving a target's figures in a year
// (sourcesSQL), or "" when none holds it. The choice is read once: an open
// catalog never changes.
func (c *Catalog) source(ctx context.Context, target string, year int) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sources == nil {
		m := map[yearTarget]string{}
		err := c.each(ctx, sourcesSQL, nil, func(rows *sql.Rows) error {
			var k yearTarget
			var ds string
			err := rows.Scan(&k.target, &k.year, &ds)
			m[k] = ds
			return err
		})
		if err != nil {
			return "", fmt.Errorf("choose the source of each year: %w", err)
		}
		c.sources = m
	}
	return c.sources[yearTarget{target, year}], nil
}

// FinestDemand implements store.Store. The rows are those of one dataset
// (sourcesSQL), at the finest level it holds.
func (c *Catalog) FinestDemand(ctx context.Context, target string, year int) ([]store.AreaDemand, error) {
	ds, err := c.source(ctx, target, year)
	if err != nil || ds == "" {
		return nil, err
	}
	var out []store.AreaDemand
	err = c.each(ctx, `WITH rows AS (
			SELECT a.id, a.level, a.lon, a.lat, d.count, d.dataset_id,
				`+question.LevelRankSQL("a.level")+` AS rank
			FROM demand d JOIN areas a ON a.id = d.area_id
			WHERE d.target = ? AND d.year = ? AND d.dataset_id = ?)
		SELECT r.id, r.level, r.lon, r.lat, coalesce(g.geometry, ''), r.count, r.dataset_id
		FROM rows r LEFT JOIN (SELECT id, geometry FROM areas WHERE level <> 'section') g ON g.id = r.id
		WHERE r.rank = (SELECT min(rank) FROM rows)
		ORDER BY r.id`, []any{target, year, ds},
		func(rows *sql.Rows) error {
			var r store.AreaDemand
			err := rows.Scan(&r.Area, &r.Level, &r.Point.Lon, &r.Point.Lat, &r.Shape, &r.Count, &r.Dataset)
			out = append(out, r)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read demand of %s in %d: %w", target, year, err)
	}
	return out, nil
}

// Facilities implements store.Store.
func (c *Catalog) Facilities(ctx context.Context, services []string) ([]store.Facility, error) {
	var out []store.Facility
	list := make([]any, len(services))
	for i, s := range services {
		list[i] = s
	}
	where := ""
	if len(list) > 0 {
		where = `WHERE f.service IN (?` + strings.Repeat(", ?", len(list)-1) + `)`
	}
	q := `SELECT f.id, f.service, f.name, f.lon, f.lat, coalesce(f.capacity, 0), coalesce(f.organization_id, ''),
			coalesce(o.name, ''), coalesce(f.address, ''), coalesce(f.area_id, ''), f.dataset_id
		FROM facilities f LEFT JOIN organizations o ON o.id = f.organization_id ` + where + ` ORDER BY f.id`
	err := c.each(ctx, q, list, func(rows *sql.Rows) error {
		var f store.Facility
		err := rows.Scan(&f.ID, &f.Service, &f.Name, &f.Point.Lon, &f.Point.Lat, &f.Capacity, &f.Organization,
			&f.Operator, &f.Address, &f.Area, &f.Dataset)
		out = append(out, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read facilities: %w", err)
	}
	return out, nil
}

// Benchmarks implements store.Store.
func (c *Catalog) Benchmarks(ctx context.Context) ([]store.Benchmark, error) {
	var out []store.Benchmark
	err := c.each(ctx, `SELECT id, service, target, value, per, kind, name_it, name_en, source, year FROM benchmarks ORDER BY id`, nil,
		func(rows *sql.Rows) error {
			var b store.Benchmark
			err := rows.Scan(&b.ID, &b.Service, &b.Target, &b.Value, &b.Per, &b.Kind, &b.NameIT, &b.NameEN, &b.Source, &b.Year)
			out = append(out, b)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read benchmarks: %w", err)
	}
	return out, nil
}

// DemandByYear implements store.Store. Each year's count comes from one
// dataset, the one FinestDemand reads (sourcesSQL): the sum over the
// area's descendants at the finest level that dataset holds, so that no
// person is counted twice when a catalog holds several levels or sources.
func (c *Catalog) DemandByYear(ctx context.Context, target, area string) ([]store.YearCount, error) {
	var out []store.YearCount
	err := c.each(ctx, `WITH RECURSIVE tree(id, level) AS (
			SELECT id, level FROM areas WHERE slug = ?
			UNION ALL
			SELECT a.id, a.level FROM areas a JOIN tree ON a.parent_id = tree.id
		),
		source AS (SELECT year, dataset_id FROM (`+sourcesSQL+`) WHERE target = ?),
		rows AS (
			SELECT d.year, d.count, d.dataset_id, tree.level,
				`+question.LevelRankSQL("tree.level")+` AS rank
			FROM demand d JOIN tree ON tree.id = d.area_id
			JOIN source s ON s.year = d.year AND s.dataset_id = d.dataset_id
			WHERE d.target = ?
		),
		finest AS (SELECT year, min(rank) AS rank FROM rows GROUP BY year)
		SELECT r.year, sum(r.count)::BIGINT, min(r.dataset_id)
		FROM rows r JOIN finest f ON f.year = r.year AND f.rank = r.rank
		GROUP BY r.year ORDER BY r.year`, []any{area, target, target},
		func(rows *sql.Rows) error {
			var y store.YearCount
			err := rows.Scan(&y.Year, &y.Count, &y.Dataset)
			out = append(out, y)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read demand of %s in %s: %w", target, area, err)
	}
	return out, nil
}

func (c *Catalog) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := c.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
