package recipe

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// cancelEvery is how many rows Read handles between checks of its context.
const cancelEvery = 4096

// Read reads the recipe's source file and returns the rows it makes, with
// the rows it could not use as Problems. Fatal errors (an unreadable file,
// malformed CSV or JSON, a column missing from the header, an unsupported
// CRS) are *Error values naming the file and line.
func (r *Recipe) Read(ctx context.Context) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.Kind == KindStandards {
		return r.readStandards()
	}
	sp := r.spec
	b := &builder{r: r, res: &Result{}, file: sp.source.path}
	if sp.join != nil {
		lk, err := readLookup(sp.join.path, sp.join.delim, sp.join.dec, sp.join.key.name, sp.join.fold)
		if err != nil {
			return nil, fmt.Errorf("read lookup: %w", err)
		}
		for _, from := range slices.Sorted(maps.Keys(sp.join.aliases)) {
			if to := sp.join.aliases[from]; lk.rows[lk.key(to)] == nil {
				at := sp.join.aliasAt[from]
				return nil, &Error{File: r.Path, Line: at.line, Col: at.col,
					Msg: fmt.Sprintf("aliases: %q stands for %s %q, which is not in %s", from, sp.join.key.name, to, filepath.Base(lk.path))}
			}
		}
		b.lk = lk
	}
	h := sha256.New()
	var err error
	if sp.source.format == "csv" {
		err = b.readCSV(ctx, h)
	} else {
		err = b.readGeoJSON(ctx, h)
	}
	if err != nil {
		return nil, err
	}
	b.res.SHA256 = hex.EncodeToString(h.Sum(nil))
	return b.res, nil
}

// builder turns source rows into a Result.
type builder struct {
	r    *Recipe
	res  *Result
	file string
	lk   *lookup
}

func (b *builder) readCSV(ctx context.Context, h io.Writer) error {
	sp := b.r.spec
	s, err := openCSV(sp.source.path, sp.source.delim, h)
	if err != nil {
		return err
	}
	defer s.close()
	var lkCols []string
	if b.lk != nil {
		lkCols = b.lk.header
	}
	if err := b.r.checkColumns(s.header, lkCols); err != nil {
		return err
	}
	for n := 1; ; n++ {
		if n%cancelEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, line, err := s.next()
		if err == io.EOF {
			return s.drain()
		}
		if err != nil {
			return err
		}
		rw := &row{line: line, cols: s.cols, vals: rec, dec: sp.source.dec}
		if len(rec) != len(s.header) {
			b.res.RowsRead++
			b.problem(rw, "", fmt.Sprintf("expected %d fields as in the header, got %d", len(s.header), len(rec)))
			continue
		}
		b.add(rw, nil)
	}
}

func (b *builder) readGeoJSON(ctx context.Context, h io.Writer) error {
	data, err := os.ReadFile(b.file)
	if err != nil {
		return fmt.Errorf("read %s: %w", b.file, err)
	}
	h.Write(data)
	return readGeoJSON(ctx, b.file, data, 0, func(f feature) error {
		b.add(f.props, f.geom)
		return nil
	})
}

func (b *builder) problem(rw *row, col, msg string) {
	b.res.Problems = append(b.res.Problems, Problem{File: b.file, Line: rw.line, Column: col, Msg: msg})
}

// add handles one row: filter, join, then make the recipe's kind of row.
func (b *builder) add(rw *row, g *geometry) {
	sp := b.r.spec
	b.res.RowsRead++
	if !b.keep(rw) {
		b.res.RowsFiltered++
		return
	}
	if b.lk != nil {
		on := sp.join.on.name
		key, _ := rw.text(on)
		if to, ok := sp.join.aliases[key]; ok {
			key = to
		}
		m := b.lk.rows[b.lk.key(key)]
		if m == nil {
			b.problem(rw, on, fmt.Sprintf("no row with %s %q in %s", sp.join.key.name, key, filepath.Base(b.lk.path)))
			return
		}
		rw.join = m
	}
	var p *Problem
	skipped := false
	switch {
	case sp.areas != nil:
		p = b.area(rw, g)
	case sp.demand != nil:
		p = b.demand(rw)
	default:
		p, skipped = b.facility(rw, g)
	}
	switch {
	case p != nil:
		p.File, p.Line = b.file, rw.line
		b.res.Problems = append(b.res.Problems, *p)
	case skipped:
		b.res.RowsSkipped++
	default:
		b.res.RowsKept++
	}
}

func (b *builder) keep(rw *row) bool {
	for _, f := range b.r.spec.filters {
		raw, _, _ := rw.cell(f.col.name)
		txt, _ := rw.text(f.col.name)
		match := false
		for _, v := range f.values {
			if v == raw || v == txt {
				match = true
				break
			}
		}
		if match == (f.op == "not_equals") {
			return false
		}
	}
	return true
}

func (b *builder) area(rw *row, g *geometry) *Problem {
	a := b.r.spec.areas
	shape, err := g.shape()
	if err != nil {
		return &Problem{Msg: err.Error()}
	}
	out := Area{Line: rw.line, Shape: shape}
	var p *Problem
	if out.ID, p = a.id.render(rw, true); p != nil {
		return p
	}
	if out.Name, p = a.name.render(rw, true); p != nil {
		return p
	}
	out.Code, _ = a.code.render(rw, false)
	out.Slug = out.ID
	if a.slug != nil {
		if out.Slug, p = a.slug.render(rw, true); p != nil {
			return p
		}
	}
	switch {
	case a.parent != nil:
		if out.Parent, p = a.parent.render(rw, true); p != nil {
			return p
		}
	case b.r.City != nil:
		out.Parent = b.r.City.ID
	}
	b.res.Areas = append(b.res.Areas, out)
	return nil
}

func (b *builder) demand(rw *row) *Problem {
	d := b.r.spec.demand
	area, p := d.area.render(rw, true)
	if p != nil {
		return p
	}
	year := d.year
	if d.yearT != nil {
		s, p := d.yearT.render(rw, true)
		if p != nil {
			return p
		}
		y, err := strconv.Atoi(s)
		if err != nil {
			return &Problem{Column: d.yearT.cols[0].name, Msg: fmt.Sprintf("expected a year like 2011, got %q", s)}
		}
		year = y
	}
	start := len(b.res.Demand)
	for _, t := range d.targets {
		v, _, p := evalRow(t.expr, rw)
		if p != nil {
			b.res.Demand = b.res.Demand[:start]
			p.Msg = fmt.Sprintf("target %s: %s", t.slug, p.Msg)
			return p
		}
		b.res.Demand = append(b.res.Demand, Demand{Line: rw.line, Area: area, Target: t.slug, Year: year, Value: v})
	}
	return nil
}

// evalRow evaluates e on a row. Empty cells count as 0 and are reported by
// the empty flag; a missing or unreadable cell is a Problem.
func evalRow(e *expr, rw *row) (v float64, empty bool, p *Problem) {
	v, err := e.eval(func(c *colRef) (float64, error) {
		s, dec, ok := rw.cell(c.name)
		switch {
		case !ok:
			p = &Problem{Column: c.name, Msg: "missing in this feature's properties"}
			return 0, errProblem
		case s == "":
			empty = true
			return 0, nil
		}
		x, err := parseNumber(s, dec)
		if err != nil {
			p = &Problem{Column: c.name, Msg: err.Error()}
			return 0, errProblem
		}
		return x, nil
	})
	if err != nil && p == nil {
		p = &Problem{Msg: fmt.Sprintf("%v in %q", err, e.src)}
	}
	return v, empty, p
}

// errProblem stops an evaluation whose Problem is already set.
var errProblem = errors.New("problem")

func (b *builder) facility(rw *row, g *geometry) (*Problem, bool) {
	f := b.r.spec.facilities
	out := Facility{Line: rw.line, Service: f.service.slug}
	if c := f.service.col; c != nil {
		v, _ := rw.text(c.name)
		slug, ok := f.service.m[v]
		switch {
		case ok:
		case f.service.skip:
			return nil, true
		case f.service.def != "":
			slug = f.service.def
		default:
			return &Problem{Column: c.name, Msg: fmt.Sprintf("value %q is not in the recipe's service map", v)}, false
		}
		out.Service = slug
	}
	var p *Problem
	if out.ID, p = f.id.render(rw, true); p != nil {
		return p, false
	}
	if out.Name, p = f.name.render(rw, true); p != nil {
		return p, false
	}
	out.Operator, _ = f.operator.render(rw, false)
	out.Address, _ = f.address.render(rw, false)
	if f.lon != nil {
		if out.Lon, p = coordinate(rw, f.lon.name, 180); p != nil {
			return p, false
		}
		if out.Lat, p = coordinate(rw, f.lat.name, 90); p != nil {
			return p, false
		}
	} else {
		lon, lat, err := g.point()
		if err != nil {
			return &Problem{Msg: err.Error()}, false
		}
		out.Lon, out.Lat = lon, lat
	}
	if f.capacity != nil {
		v, empty, p := evalRow(f.capacity, rw)
		if p != nil {
			p.Msg = "capacity: " + p.Msg
			return p, false
		}
		out.Capacity, out.HasCapacity = v, !empty
		if empty {
			out.Capacity = 0
		}
	}
	b.res.Facilities = append(b.res.Facilities, out)
	return nil, false
}

func coordinate(rw *row, col string, limit float64) (float64, *Problem) {
	s, dec, ok := rw.cell(col)
	switch {
	case !ok:
		return 0, &Problem{Column: col, Msg: "missing in this feature's properties"}
	case s == "":
		return 0, &Problem{Column: col, Msg: "empty coordinate"}
	}
	v, err := parseNumber(s, dec)
	if err != nil {
		return 0, &Problem{Column: col, Msg: err.Error()}
	}
	if v < -limit || v > limit {
		return 0, &Problem{Column: col, Msg: fmt.Sprintf("coordinate %v is out of range ±%v", v, limit)}
	}
	return v, nil
}
