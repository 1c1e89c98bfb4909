package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// Load reads the whole catalog back into memory: for exports, checks and
// tests that what was written is what was meant.
func (c *Catalog) Load(ctx context.Context) (*Data, error) {
	d := &Data{}
	type load struct {
		table string
		query string
		scan  func(*sql.Rows) error
	}
	loads := []load{
		{"meta", `SELECT key, value FROM meta`, func(r *sql.Rows) error {
			var m MetaEntry
			err := r.Scan(&m.Key, &m.Value)
			d.Meta = append(d.Meta, m)
			return err
		}},
		{"datasets", `SELECT id, title, publisher, licence, coalesce(url, ''), reference_date, synthetic, row_count, checksum FROM datasets`, func(r *sql.Rows) error {
			var s Dataset
			err := r.Scan(&s.ID, &s.Title, &s.Publisher, &s.Licence, &s.URL, &s.ReferenceDate, &s.Synthetic, &s.Rows, &s.Checksum)
			d.Datasets = append(d.Datasets, s)
			return err
		}},
		{"areas", `SELECT id, level, coalesce(parent_id, ''), coalesce(code, ''), slug, name, lon, lat, area_km2, geometry, dataset_id, coalesce(name_source, '') FROM areas`, func(r *sql.Rows) error {
			var a AreaRow
			err := r.Scan(&a.ID, &a.Level, &a.ParentID, &a.Code, &a.Slug, &a.Name, &a.Lon, &a.Lat, &a.AreaKm2, &a.GeoJSON, &a.Dataset, &a.NameSource)
			d.Areas = append(d.Areas, a)
			return err
		}},
		{"targets", `SELECT slug, kind, name_it, name_en, definition_it, definition_en, sensitivity, min_count FROM targets`, func(r *sql.Rows) error {
			var t question.Target
			err := r.Scan(&t.Slug, &t.Kind, &t.NameIT, &t.NameEN, &t.DefinitionIT, &t.DefinitionEN, &t.Sensitivity, &t.MinCount)
			d.Targets = append(d.Targets, t)
			return err
		}},
		{"services", `SELECT s.slug, s.name_it, s.name_en, s.capacity_unit, s.radius_m, s.role,
				coalesce(string_agg(t.target, ',' ORDER BY t.position), '')
			FROM services s LEFT JOIN service_targets t ON t.service = s.slug GROUP BY ALL`, func(r *sql.Rows) error {
			var s question.Service
			var targets string
			err := r.Scan(&s.Slug, &s.NameIT, &s.NameEN, &s.CapacityUnit, &s.RadiusM, &s.Role, &targets)
			if targets != "" {
				s.Targets = strings.Split(targets, ",")
			}
			d.Services = append(d.Services, s)
			return err
		}},
		{"demand", `SELECT area_id, target, year, count, dataset_id FROM demand`, func(r *sql.Rows) error {
			var x DemandRow
			err := r.Scan(&x.AreaID, &x.Target, &x.Year, &x.Count, &x.Dataset)
			d.Demand = append(d.Demand, x)
			return err
		}},
		{"organizations", `SELECT id, name, kind, coalesce(name_source, '') FROM organizations`, func(r *sql.Rows) error {
			var o Organization
			err := r.Scan(&o.ID, &o.Name, &o.Kind, &o.NameSource)
			d.Organizations = append(d.Organizations, o)
			return err
		}},
		{"facilities", `SELECT id, service, name, coalesce(organization_id, ''), coalesce(address, ''), lon, lat, coalesce(capacity, 0), coalesce(area_id, ''), dataset_id, coalesce(name_source, '') FROM facilities`, func(r *sql.Rows) error {
			var f FacilityRow
			err := r.Scan(&f.ID, &f.Service, &f.Name, &f.Organization, &f.Address, &f.Lon, &f.Lat, &f.Capacity, &f.AreaID, &f.Dataset, &f.NameSource)
			d.Facilities = append(d.Facilities, f)
			return err
		}},
		{"dataset_notes", `SELECT dataset_id, target, note FROM dataset_notes`, func(r *sql.Rows) error {
			var n DatasetNote
			err := r.Scan(&n.Dataset, &n.Target, &n.Note)
			d.Notes = append(d.Notes, n)
			return err
		}},
		{"benchmarks", `SELECT id, service, target, value, per, kind, name_it, name_en, source, year FROM benchmarks`, func(r *sql.Rows) error {
			var b Benchmark
			err := r.Scan(&b.ID, &b.Service, &b.Target, &b.Value, &b.Per, &b.Kind, &b.NameIT, &b.NameEN, &b.Source, &b.Year)
			d.Benchmarks = append(d.Benchmarks, b)
			return err
		}},
	}
	for _, l := range loads {
		if err := c.each(ctx, l.query, nil, l.scan); err != nil {
			return nil, fmt.Errorf("load %s: %w", l.table, err)
		}
	}
	return d, nil
}
