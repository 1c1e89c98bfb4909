package catalog

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/welfare-intelligence/wi/question"
)

// Write stores d as a new catalog file at path, atomically: the catalog is
// built in a temporary file beside path and renamed over it only when it is
// complete, so a failed or interrupted write leaves any previous catalog at
// path intact and never a half-written one.
func Write(ctx context.Context, path string, d *Data) (err error) {
	if err := Validate(d); err != nil {
		return err
	}
	if !hasSecret(d) {
		SetSecret(d, newSecret()) // every catalog has one: counts of people are published only with it
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create catalog directory: %w", err)
	}
	removeStale(dir, "."+filepath.Base(path)+".building-", time.Hour)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".building-*")
	if err != nil {
		return fmt.Errorf("create temporary catalog: %w", err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // DuckDB creates the file itself
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + ".wal")
		}
	}()
	if err := writeFile(ctx, tmp, d); err != nil {
		return fmt.Errorf("write catalog %s: %w", path, err)
	}
	// Make the new file durable before it replaces the old one, and the
	// rename durable after: a power cut leaves one catalog or the other.
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("write catalog %s: %w", path, err)
	}
	os.Remove(path + ".wal") // a stale log of the old file must not be replayed on the new one
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("install catalog %s: %w", path, err)
	}
	if err := syncFile(dir); err != nil {
		return fmt.Errorf("install catalog %s: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func writeFile(ctx context.Context, path string, d *Data) (err error) {
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector) // closing db closes the connector too
	defer func() { err = errors.Join(err, db.Close()) }()
	sqlConn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer sqlConn.Close()
	if _, err := sqlConn.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	return sqlConn.Raw(func(raw any) error {
		conn, ok := raw.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected DuckDB connection %T", raw)
		}
		return appendTables(ctx, conn, d)
	})
}

// appendTables fills the tables through DuckDB's appender, then checkpoints.
func appendTables(ctx context.Context, conn driver.Conn, d *Data) error {
	type step struct {
		table string
		n     int
		row   func(i int) []driver.Value
	}
	appendAll := func(table string, n int, row func(i int) []driver.Value) error {
		if n == 0 {
			return nil
		}
		a, err := duckdb.NewAppenderFromConn(conn, "", table)
		if err != nil {
			return fmt.Errorf("table %s: %w", table, err)
		}
		for i := range n {
			if i%65536 == 0 {
				if err := ctx.Err(); err != nil {
					a.Close()
					return err
				}
			}
			if err := a.AppendRow(row(i)...); err != nil {
				a.Close()
				return fmt.Errorf("table %s row %d: %w", table, i+1, err)
			}
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("table %s: %w", table, err)
		}
		return nil
	}
	// Demand is stored by target and year, so that DuckDB's zone maps skip
	// the row groups of other targets when a question reads one.
	demand := slices.Clone(d.Demand)
	slices.SortFunc(demand, func(a, b DemandRow) int {
		return cmp.Or(cmp.Compare(a.Target, b.Target), cmp.Compare(a.Year, b.Year), cmp.Compare(a.AreaID, b.AreaID))
	})
	steps := []step{
		{"meta", len(d.Meta), func(i int) []driver.Value {
			m := d.Meta[i]
			return []driver.Value{m.Key, m.Value}
		}},
		{"datasets", len(d.Datasets), func(i int) []driver.Value {
			s := d.Datasets[i]
			return []driver.Value{s.ID, s.Title, s.Publisher, s.Licence, s.URL, s.ReferenceDate, s.Synthetic, s.Rows, s.Checksum}
		}},
		{"areas", len(d.Areas), func(i int) []driver.Value {
			a := d.Areas[i]
			return []driver.Value{a.ID, a.Level, a.ParentID, a.Code, a.Slug, a.Name, a.Lon, a.Lat, a.AreaKm2, a.GeoJSON, a.Dataset, nullable(a.NameSource)}
		}},
		{"targets", len(d.Targets), func(i int) []driver.Value {
			t := d.Targets[i]
			return []driver.Value{t.Slug, t.Kind, t.NameIT, t.NameEN, t.DefinitionIT, t.DefinitionEN, t.Sensitivity, int32(t.MinCount)}
		}},
		{"services", len(d.Services), func(i int) []driver.Value {
			s := d.Services[i]
			return []driver.Value{s.Slug, s.NameIT, s.NameEN, s.CapacityUnit, s.RadiusM, s.Role}
		}},
	}
	// A service's targets keep their order: the first is the one it is
	// measured against when it has no standard.
	type pair struct {
		service, target string
		position        int32
	}
	var pairs []pair
	for _, s := range d.Services {
		for i, t := range s.Targets {
			pairs = append(pairs, pair{s.Slug, t, int32(i)})
		}
	}
	steps = append(steps,
		step{"service_targets", len(pairs), func(i int) []driver.Value {
			return []driver.Value{pairs[i].service, pairs[i].target, pairs[i].position}
		}},
		step{"demand", len(demand), func(i int) []driver.Value {
			r := demand[i]
			return []driver.Value{r.AreaID, r.Target, int32(r.Year), r.Count, r.Dataset}
		}},
		step{"organizations", len(d.Organizations), func(i int) []driver.Value {
			o := d.Organizations[i]
			return []driver.Value{o.ID, o.Name, o.Kind, nullable(o.NameSource)}
		}},
		step{"facilities", len(d.Facilities), func(i int) []driver.Value {
			f := d.Facilities[i]
			return []driver.Value{f.ID, f.Service, f.Name, f.Organization, f.Address, f.Lon, f.Lat, f.Capacity, f.AreaID, f.Dataset, nullable(f.NameSource)}
		}},
		step{"dataset_notes", len(d.Notes), func(i int) []driver.Value {
			n := d.Notes[i]
			return []driver.Value{n.Dataset, n.Target, n.Note}
		}},
		step{"benchmarks", len(d.Benchmarks), func(i int) []driver.Value {
			b := d.Benchmarks[i]
			return []driver.Value{b.ID, b.Service, b.Target, b.Value, b.Per, b.Kind, b.NameIT, b.NameEN, b.Source, int32(b.Year)}
		}},
	)
	for _, st := range steps {
		if err := appendAll(st.table, st.n, st.row); err != nil {
			return err
		}
	}
	execer, ok := conn.(driver.ExecerContext)
	if !ok {
		return fmt.Errorf("unexpected DuckDB connection %T", conn)
	}
	if _, err := execer.ExecContext(ctx, "CHECKPOINT", nil); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// Validate checks that the content holds together before anything is
// written: unique keys, every reference resolved, counts non-negative, every
// row attributed to a dataset.
func Validate(d *Data) error {
	var errs []error
	bad := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	datasets := map[string]bool{}
	for _, s := range d.Datasets {
		if datasets[s.ID] {
			bad("dataset %q listed twice", s.ID)
		}
		datasets[s.ID] = true
		if s.ReferenceDate.IsZero() {
			bad("dataset %q has no reference date", s.ID)
		}
	}
	areas := map[string]AreaRow{}
	slugs := map[string]bool{}
	for _, a := range d.Areas {
		if _, dup := areas[a.ID]; dup {
			bad("area %q listed twice", a.ID)
		}
		if slugs[a.Slug] {
			bad("area slug %q used twice", a.Slug)
		}
		areas[a.ID], slugs[a.Slug] = a, true
		if !datasets[a.Dataset] {
			bad("area %q: unknown dataset %q", a.ID, a.Dataset)
		}
	}
	for _, a := range d.Areas {
		if a.ParentID != "" {
			if _, ok := areas[a.ParentID]; !ok {
				bad("area %q: unknown parent %q", a.ID, a.ParentID)
			}
		}
	}
	levels := map[string]int{question.LevelSection: 0, question.LevelNIL: 1, question.LevelMunicipio: 2, question.LevelCity: 3}
	for _, a := range d.Areas {
		rank, ok := levels[a.Level]
		if !ok {
			bad("area %q: unknown level %q (want section, nil, municipio or city)", a.ID, a.Level)
			continue
		}
		if p, ok := areas[a.ParentID]; ok && levels[p.Level] <= rank {
			bad("area %q (%s) has parent %q (%s): a parent must be of a coarser level", a.ID, a.Level, p.ID, p.Level)
		}
		if badCoord(a.Lon, a.Lat) {
			bad("area %q: representative point (%v, %v) is not a lon/lat position", a.ID, a.Lon, a.Lat)
		}
	}
	targets := map[string]bool{}
	for _, t := range d.Targets {
		if targets[t.Slug] {
			bad("target %q listed twice", t.Slug)
		}
		targets[t.Slug] = true
		if t.MinCount < 3 {
			bad("target %q: minimum publishable count %d is below 3, the floor of the SISTAN rules", t.Slug, t.MinCount)
		}
	}
	services := map[string]bool{}
	for _, s := range d.Services {
		if services[s.Slug] {
			bad("service %q listed twice", s.Slug)
		}
		services[s.Slug] = true
		if s.Role != question.RoleWelfare && s.Role != question.RoleContext {
			bad("service %q: role %q, expected %s or %s", s.Slug, s.Role, question.RoleWelfare, question.RoleContext)
		}
		for _, t := range s.Targets {
			if !targets[t] {
				bad("service %q: unknown target %q", s.Slug, t)
			}
		}
	}
	seen := map[string]bool{}
	for i, r := range d.Demand {
		if _, ok := areas[r.AreaID]; !ok {
			bad("demand row %d: unknown area %q", i+1, r.AreaID)
		}
		if !targets[r.Target] {
			bad("demand row %d: unknown target %q", i+1, r.Target)
		}
		if r.Count < 0 {
			bad("demand row %d: negative count %d", i+1, r.Count)
		}
		if !datasets[r.Dataset] {
			bad("demand row %d: unknown dataset %q", i+1, r.Dataset)
		}
		key := r.AreaID + "\x00" + r.Target + "\x00" + strconv.Itoa(r.Year)
		if seen[key] {
			bad("demand row %d: %s/%s/%d given twice", i+1, r.AreaID, r.Target, r.Year)
		}
		seen[key] = true
	}
	orgs := map[string]bool{}
	for _, o := range d.Organizations {
		if orgs[o.ID] {
			bad("organisation %q listed twice", o.ID)
		}
		orgs[o.ID] = true
	}
	facilities := map[string]bool{}
	for _, f := range d.Facilities {
		if facilities[f.ID] {
			bad("facility %q listed twice", f.ID)
		}
		facilities[f.ID] = true
		if badCoord(f.Lon, f.Lat) {
			bad("facility %q: position (%v, %v) is not a lon/lat position", f.ID, f.Lon, f.Lat)
		}
		if math.IsNaN(f.Capacity) || f.Capacity < 0 {
			bad("facility %q: capacity %v", f.ID, f.Capacity)
		}
		if !services[f.Service] {
			bad("facility %q: unknown service %q", f.ID, f.Service)
		}
		if f.Organization != "" && !orgs[f.Organization] {
			bad("facility %q: unknown organisation %q", f.ID, f.Organization)
		}
		if !datasets[f.Dataset] {
			bad("facility %q: unknown dataset %q", f.ID, f.Dataset)
		}
	}
	for _, n := range d.Notes {
		if !datasets[n.Dataset] || !targets[n.Target] {
			bad("note on %q in dataset %q: unknown dataset or target", n.Target, n.Dataset)
		}
	}
	for _, b := range d.Benchmarks {
		if !services[b.Service] || !targets[b.Target] {
			bad("standard %q: unknown service %q or target %q", b.ID, b.Service, b.Target)
		}
		if !slices.Contains(question.StandardKinds, b.Kind) {
			bad("standard %q: kind %q, expected one of %s", b.ID, b.Kind, strings.Join(question.StandardKinds, ", "))
		}
		if !(b.Value > 0) || !(b.Per > 0) {
			bad("standard %q: value %v per %v, both must be positive", b.ID, b.Value, b.Per)
		}
		if b.Source == "" || b.Year < 1900 {
			bad("standard %q: a standard needs its source and the year of the source (got %q, %d)", b.ID, b.Source, b.Year)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("catalog content is inconsistent: %w", errors.Join(errs...))
	}
	return nil
}

// removeStale deletes the temporary files of builds that died (killed, or
// the machine lost power) more than maxAge ago; a build still running keeps
// touching its file.
func removeStale(dir, prefix string, maxAge time.Duration) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > maxAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func badCoord(lon, lat float64) bool {
	return math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90
}

// nullable writes an empty string as NULL.
func nullable(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}
