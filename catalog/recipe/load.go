package recipe

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

var (
	topKeys     = []string{"dataset", "source", "filter", "join", KindAreas, KindDemand, KindFacilities, KindStandards}
	datasetKeys = []string{"id", "title", "publisher", "licence", "url", "reference_date"}
	sourceKeys  = []string{"path", "format", "delimiter", "decimal"}
	filterKeys  = []string{"column", "equals", "in", "not_equals"}
	joinKeys    = []string{"path", "delimiter", "decimal", "key", "on", "match", "aliases"}
	areasKeys   = []string{"level", "id", "code", "slug", "name", "parent", "city"}
	cityKeys    = []string{"id", "slug", "name"}
	demandKeys  = []string{"area", "year", "targets", "notes"}
	facKeys     = []string{"service", "id", "name", "operator", "address", "lon", "lat", "capacity"}
	serviceKeys = []string{"column", "map", "default"}
	levels      = []string{"section", "nil", "municipio", "city"}
)

// geojsonSample is how many features Load reads to learn a GeoJSON source's
// property names.
const geojsonSample = 20

// Load reads and checks the recipe at path: its YAML (unknown keys are
// errors), its dataset, templates and expressions, that the source and
// lookup files exist, and that every column it names is in their headers (or,
// for GeoJSON, in the properties of the first features). Errors are *Error
// values naming the recipe file, line and column.
func Load(path string) (*Recipe, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load recipe: %w", err)
	}
	l := &loader{file: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, l.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return nil, l.errAt(1, 1, "empty recipe: expected keys dataset, source and one of areas, demand or facilities (or dataset and standards)")
	}
	start := &yaml.Node{Line: 1, Column: 1}
	top, err := l.mapping("the recipe", start, doc.Content[0], topKeys...)
	if err != nil {
		return nil, err
	}
	r := &Recipe{Path: path, spec: &spec{}}
	if err := l.dataset(r, top); err != nil {
		return nil, err
	}
	if top.has(KindStandards) {
		if err := l.standards(r, top); err != nil {
			return nil, err
		}
		return r, nil
	}
	if err := l.source(r, top); err != nil {
		return nil, err
	}
	if err := l.filters(r.spec, top); err != nil {
		return nil, err
	}
	if err := l.join(r.spec, top); err != nil {
		return nil, err
	}
	if err := l.kind(r, top); err != nil {
		return nil, err
	}
	if err := r.checkSource(); err != nil {
		return nil, err
	}
	return r, nil
}

func (l *loader) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(l.file), p)
}

func (l *loader) section(top *mapping, key string, keys ...string) (*mapping, error) {
	if !top.has(key) {
		return nil, l.errf(top.at, "missing required key %q in %s", key, top.name)
	}
	return l.mapping(key, top.keys[key], top.vals[key], keys...)
}

func (l *loader) dataset(r *Recipe, top *mapping) error {
	m, err := l.section(top, "dataset", datasetKeys...)
	if err != nil {
		return err
	}
	d := &r.Dataset
	if d.ID, err = l.slug(m, "id"); err != nil {
		return err
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"title", &d.Title}, {"publisher", &d.Publisher}, {"licence", &d.Licence}} {
		if *f.dst, _, err = l.str(m, f.key, true); err != nil {
			return err
		}
	}
	url, n, err := l.str(m, "url", false)
	if err != nil {
		return err
	}
	if n != nil && !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return l.errf(n, "url: expected an http(s) address, got %q", url)
	}
	d.URL = url
	s, n, err := l.str(m, "reference_date", true)
	if err != nil {
		return err
	}
	if d.ReferenceDate, err = time.Parse(time.DateOnly, s); err != nil {
		return l.errf(n, "reference_date: expected a date like 2011-10-09, got %q", s)
	}
	return nil
}

func (l *loader) source(r *Recipe, top *mapping) error {
	m, err := l.section(top, "source", sourceKeys...)
	if err != nil {
		return err
	}
	src := &r.spec.source
	p, pn, err := l.str(m, "path", true)
	if err != nil {
		return err
	}
	src.path, src.line, src.col = l.resolve(p), pn.Line, pn.Column
	r.Dataset.SourcePath = src.path
	format, fn, err := l.str(m, "format", true)
	if err != nil {
		return err
	}
	if format != "csv" && format != "geojson" {
		return l.errf(fn, "format: unknown format %q; expected csv or geojson%s", format, didYouMean(format, []string{"csv", "geojson"}))
	}
	src.format = format
	if format == "geojson" && m.has("delimiter") {
		return l.errf(m.keys["delimiter"], "delimiter: only for csv sources")
	}
	if src.delim, err = l.delimiter(m); err != nil {
		return err
	}
	if src.dec, err = l.decimal(m); err != nil {
		return err
	}
	if _, err := os.Stat(src.path); err != nil {
		return l.errf(pn, "path: source file %q not found (looked for %s)", p, src.path)
	}
	return nil
}

func (l *loader) delimiter(m *mapping) (rune, error) {
	s, n, err := l.str(m, "delimiter", false)
	if err != nil || n == nil {
		return ',', err
	}
	rs := []rune(s)
	if len(rs) != 1 || rs[0] == '"' || rs[0] == '\n' || rs[0] == '\r' {
		return 0, l.errf(n, "delimiter: expected one character such as \",\" or \";\", got %q", s)
	}
	return rs[0], nil
}

// decimal reads the decimal separator. It may equal the delimiter when the
// file quotes its numbers, as the Lombardy RSA export does ("45,67749").
func (l *loader) decimal(m *mapping) (byte, error) {
	s, n, err := l.str(m, "decimal", false)
	if err != nil || n == nil {
		return '.', err
	}
	if s != "." && s != "," {
		return 0, l.errf(n, "decimal: expected \".\" or \",\", got %q", s)
	}
	return s[0], nil
}

func (l *loader) filters(sp *spec, top *mapping) error {
	v := top.vals["filter"]
	if v == nil {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return l.errf(v, "filter: expected a list of conditions like \"- column: X\\n  equals: Y\", got %s", kindName(v))
	}
	for _, item := range v.Content {
		m, err := l.mapping("filter", item, item, filterKeys...)
		if err != nil {
			return err
		}
		col, err := l.column(m, "column", true)
		if err != nil {
			return err
		}
		f := filterSpec{col: col}
		for _, op := range filterKeys[1:] {
			if !m.has(op) {
				continue
			}
			if f.op != "" {
				return l.errf(m.keys[op], "filter: %s and %s together; expected one of equals, in, not_equals", f.op, op)
			}
			f.op = op
			n := m.vals[op]
			items := []*yaml.Node{n}
			if op == "in" {
				if n.Kind != yaml.SequenceNode {
					return l.errf(n, "in: expected a list like [A, B], got %s", kindName(n))
				}
				items = n.Content
			}
			for _, it := range items {
				if it.Kind != yaml.ScalarNode {
					return l.errf(it, "%s: expected a value, got %s", op, kindName(it))
				}
				f.values = append(f.values, it.Value)
			}
		}
		if f.op == "" {
			return l.errf(item, "filter on %s: expected one of equals, in, not_equals", col.name)
		}
		sp.filters = append(sp.filters, f)
	}
	return nil
}

func (l *loader) join(sp *spec, top *mapping) error {
	if !top.has("join") {
		return nil
	}
	m, err := l.section(top, "join", joinKeys...)
	if err != nil {
		return err
	}
	j := &joinSpec{}
	p, pn, err := l.str(m, "path", true)
	if err != nil {
		return err
	}
	j.path, j.line, j.col = l.resolve(p), pn.Line, pn.Column
	if j.delim, err = l.delimiter(m); err != nil {
		return err
	}
	if j.dec, err = l.decimal(m); err != nil {
		return err
	}
	if j.key, err = l.column(m, "key", true); err != nil {
		return err
	}
	if j.on, err = l.column(m, "on", true); err != nil {
		return err
	}
	if match, mn, err := l.str(m, "match", false); err != nil {
		return err
	} else if mn != nil {
		switch match {
		case "exact":
		case "upper":
			j.fold = true
		default:
			return l.errf(mn, "match: expected exact or upper (compare the keys upper-cased), got %q", match)
		}
	}
	if m.has("aliases") {
		am, err := l.mapping("aliases", m.keys["aliases"], m.vals["aliases"])
		if err != nil {
			return err
		}
		j.aliases, j.aliasAt = map[string]string{}, map[string]*colRef{}
		for _, k := range am.order {
			v, vn, err := l.str(am, k, true)
			if err != nil {
				return err
			}
			j.aliases[k] = v
			j.aliasAt[k] = &colRef{name: v, line: vn.Line, col: vn.Column}
		}
	}
	if _, err := os.Stat(j.path); err != nil {
		return l.errf(pn, "path: lookup file %q not found (looked for %s)", p, j.path)
	}
	sp.join = j
	return nil
}

// checkSource reads the headers of the source and lookup files and checks
// every column the recipe names.
func (r *Recipe) checkSource() error {
	sp := r.spec
	var srcCols, lkCols []string
	if sp.source.format == "csv" {
		s, err := openCSV(sp.source.path, sp.source.delim, nil)
		if err != nil {
			return err
		}
		s.close()
		srcCols = s.header
	} else {
		data, err := os.ReadFile(sp.source.path)
		if err != nil {
			return fmt.Errorf("read %s: %w", sp.source.path, err)
		}
		seen := map[string]bool{}
		err = readGeoJSON(context.Background(), sp.source.path, data, geojsonSample, func(f feature) error {
			for k := range f.props.cols {
				if !seen[k] {
					seen[k] = true
					srcCols = append(srcCols, k)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		slices.Sort(srcCols)
	}
	if sp.join != nil {
		if isGeoJSONPath(sp.join.path) {
			lk, err := readLookup(sp.join.path, sp.join.delim, sp.join.dec, sp.join.key.name, sp.join.fold)
			if err != nil {
				return err
			}
			lkCols = slices.Sorted(maps.Keys(lk.cols))
		} else {
			s, err := openCSV(sp.join.path, sp.join.delim, nil)
			if err != nil {
				return err
			}
			s.close()
			lkCols = s.header
		}
	}
	return r.checkColumns(srcCols, lkCols)
}

// checkColumns reports the first column reference that the source (and
// lookup) header lacks.
func (r *Recipe) checkColumns(srcCols, lkCols []string) error {
	sp := r.spec
	l := &loader{file: r.Path}
	src := filepath.Base(sp.source.path)
	where := "source " + src
	if sp.source.format == "geojson" {
		where = fmt.Sprintf("the properties of the first features of source %s", src)
	}
	lk := ""
	if sp.join != nil {
		lk = filepath.Base(sp.join.path)
	}
	source, lookup, either := sp.columns()
	for _, c := range source {
		if !contains(srcCols, c.name) {
			return l.errAt(c.line, c.col, "unknown column %q in %s%s", c.name, where, didYouMean(c.name, srcCols))
		}
	}
	for _, c := range lookup {
		if !contains(lkCols, c.name) {
			return l.errAt(c.line, c.col, "unknown column %q in lookup %s%s", c.name, lk, didYouMean(c.name, lkCols))
		}
	}
	both := append(slices.Clone(srcCols), lkCols...)
	if lk != "" {
		where += " or lookup " + lk
	}
	for _, c := range either {
		if !contains(both, c.name) {
			return l.errAt(c.line, c.col, "unknown column %q in %s%s", c.name, where, didYouMean(c.name, both))
		}
	}
	return nil
}
