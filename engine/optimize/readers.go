package optimize

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/welfare-intelligence/wi/geo"
)

// lineReader yields the non-blank lines of a text with their numbers.
type lineReader struct {
	sc   *bufio.Scanner
	name string
	line int
}

func newLineReader(r io.Reader, name string) *lineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return &lineReader{sc: sc, name: name}
}

// next returns the fields of the next non-blank line; io.EOF at the end.
func (lr *lineReader) next() ([]string, error) {
	for lr.sc.Scan() {
		lr.line++
		if f := strings.Fields(lr.sc.Text()); len(f) > 0 {
			return f, nil
		}
	}
	if err := lr.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: line %d: %w", lr.name, lr.line+1, err)
	}
	return nil, io.EOF
}

// errf formats an error located at the current line.
func (lr *lineReader) errf(format string, a ...any) error {
	return fmt.Errorf("%s: line %d: %s", lr.name, lr.line, fmt.Sprintf(format, a...))
}

// expect reads a line of exactly len(what) numbers; what names them.
func (lr *lineReader) expect(what ...string) ([]float64, error) {
	f, err := lr.next()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: line %d: expected %q, got end of file", lr.name, lr.line+1, strings.Join(what, " "))
	}
	if err != nil {
		return nil, err
	}
	if len(f) != len(what) {
		return nil, lr.errf("expected %d fields %q, got %d: %q", len(what), strings.Join(what, " "), len(f), strings.Join(f, " "))
	}
	v := make([]float64, len(f))
	for k, s := range f {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, lr.errf("field %d (%s): expected a finite number, got %q", k+1, what[k], s)
		}
		v[k] = x
	}
	return v, nil
}

// integer checks that x is an integer within [lo, hi].
func (lr *lineReader) integer(x float64, name string, lo, hi int) (int, error) {
	if x != math.Trunc(x) || x < float64(lo) || x > float64(hi) {
		if hi == math.MaxInt32 {
			return 0, lr.errf("%s: expected an integer ≥ %d, got %v", name, lo, x)
		}
		return 0, lr.errf("%s: expected an integer in [%d, %d], got %v", name, lo, hi, x)
	}
	return int(x), nil
}

// atEnd checks that only blank lines remain.
func (lr *lineReader) atEnd(after string) error {
	f, err := lr.next()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	return lr.errf("unexpected data after %s: %q", after, strings.Join(f, " "))
}

// ReadORLib reads an OR-Library p-median file (pmed1–pmed40, Beasley 1985):
// a line "n edges p" and then edges lines "i j cost" with 1-based vertices.
// As OR-Library's pmedinfo prescribes, for a repeated edge the last cost
// wins (not the minimum); shortest paths then come from Floyd–Warshall.
// Every vertex is a client of weight 1 and a candidate site; P is p.
func ReadORLib(r io.Reader) (*Problem, error) {
	lr := newLineReader(r, "OR-Library p-median")
	h, err := lr.expect("n_vertices", "n_edges", "p")
	if err != nil {
		return nil, err
	}
	n, err := lr.integer(h[0], "n_vertices", 1, 20000)
	if err != nil {
		return nil, err
	}
	e, err := lr.integer(h[1], "n_edges", 0, math.MaxInt32)
	if err != nil {
		return nil, err
	}
	p, err := lr.integer(h[2], "p", 1, n)
	if err != nil {
		return nil, err
	}
	inf := math.Inf(1)
	d := make([]float64, n*n)
	for k := range d {
		d[k] = inf
	}
	for i := range n {
		d[i*n+i] = 0
	}
	for k := range e {
		v, err := lr.expect(fmt.Sprintf("i (edge %d of %d)", k+1, e), "j", "cost")
		if err != nil {
			return nil, err
		}
		i, err := lr.integer(v[0], "vertex i", 1, n)
		if err != nil {
			return nil, err
		}
		j, err := lr.integer(v[1], "vertex j", 1, n)
		if err != nil {
			return nil, err
		}
		if v[2] < 0 {
			return nil, lr.errf("cost: expected a number ≥ 0, got %v", v[2])
		}
		if i != j {
			d[(i-1)*n+j-1], d[(j-1)*n+i-1] = v[2], v[2] // last cost wins
		}
	}
	if err := lr.atEnd(fmt.Sprintf("the %d edges", e)); err != nil {
		return nil, err
	}
	floyd(d, n)
	for k, x := range d {
		if math.IsInf(x, 1) {
			return nil, fmt.Errorf("OR-Library p-median: the graph is not connected: no path from vertex %d to vertex %d", k/n+1, k%n+1)
		}
	}
	return &Problem{Dist: &Matrix{Clients: n, Sites: n, D: d}, P: p}, nil
}

// floyd replaces d (n×n) by its shortest-path closure.
func floyd(d []float64, n int) {
	for k := range n {
		rk := d[k*n : (k+1)*n]
		for i := range n {
			dik := d[i*n+k]
			if math.IsInf(dik, 1) {
				continue
			}
			ri := d[i*n : (i+1)*n]
			for j, dkj := range rk {
				if v := dik + dkj; v < ri[j] {
					ri[j] = v
				}
			}
		}
	}
}

// ReadORLibCap reads one OR-Library capacitated p-median problem (pmedcap1,
// Osman & Christofides 1994): a line "problem_no optimum", a line "n p Q",
// then n lines "id x y demand". Distances are unrounded Euclidean; Weight is
// nil (the objective is the sum of plain distances), Demand holds the
// demands and every site has capacity Q. It returns the node ids and the
// published optimum too.
func ReadORLibCap(r io.Reader) (pr *Problem, ids []string, published float64, err error) {
	lr := newLineReader(r, "OR-Library capacitated p-median")
	h, err := lr.expect("problem_no", "optimum")
	if err != nil {
		return nil, nil, 0, err
	}
	published = h[1]
	h, err = lr.expect("n", "p", "Q")
	if err != nil {
		return nil, nil, 0, err
	}
	n, err := lr.integer(h[0], "n", 1, 100000)
	if err != nil {
		return nil, nil, 0, err
	}
	p, err := lr.integer(h[1], "p", 1, n)
	if err != nil {
		return nil, nil, 0, err
	}
	if h[2] <= 0 {
		return nil, nil, 0, lr.errf("Q: expected a capacity > 0, got %v", h[2])
	}
	pts := make([]Point, n)
	ids = make([]string, n)
	demand := make([]float64, n)
	for k := range n {
		f, err := lr.next()
		if err == io.EOF {
			return nil, nil, 0, fmt.Errorf("%s: line %d: expected node %d of %d \"id x y demand\", got end of file", lr.name, lr.line+1, k+1, n)
		}
		if err != nil {
			return nil, nil, 0, err
		}
		if len(f) != 4 {
			return nil, nil, 0, lr.errf("expected 4 fields \"id x y demand\", got %d: %q", len(f), strings.Join(f, " "))
		}
		var v [3]float64
		for q, s := range f[1:] {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil, 0, lr.errf("field %d (%s): expected a finite number, got %q", q+2, [3]string{"x", "y", "demand"}[q], s)
			}
			v[q] = x
		}
		if v[2] < 0 {
			return nil, nil, 0, lr.errf("demand: expected a number ≥ 0, got %v", v[2])
		}
		ids[k] = f[0]
		pts[k] = Point{ID: f[0], X: v[0], Y: v[1], Demand: v[2]}
		demand[k] = v[2]
	}
	if err := lr.atEnd(fmt.Sprintf("the %d nodes", n)); err != nil {
		return nil, nil, 0, err
	}
	capa := make([]float64, n)
	for k := range capa {
		capa[k] = h[2]
	}
	pr = &Problem{Dist: DistanceMatrix(pts, pts, false), Demand: demand, P: p, Capacity: capa}
	return pr, ids, published, nil
}

// Point is a client or candidate site: X, Y in metres, or longitude and
// latitude in degrees when the data are geographic.
type Point struct {
	ID     string
	X, Y   float64
	Demand float64
}

// ReadPointsCSV reads points from a CSV file with a header naming the
// columns: "id,lat,lon[,demand]" (degrees; stored as X = lon, Y = lat and
// geographic = true) or "id,x,y[,demand]" (metres). Columns may come in any
// order; names are case-insensitive. Without a demand column every point has
// demand 1 (candidate files need none).
func ReadPointsCSV(r io.Reader) (pts []Point, geographic bool, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, false, errors.New("points CSV: line 1: expected a header \"id,lat,lon,demand\" or \"id,x,y,demand\", got an empty file")
	}
	if err != nil {
		return nil, false, fmt.Errorf("points CSV: %w", err)
	}
	col := map[string]int{}
	for k, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; dup && h != "" {
			return nil, false, fmt.Errorf("points CSV: line 1: column %q appears twice", h)
		}
		col[h] = k
	}
	_, hasLat := col["lat"]
	_, hasLon := col["lon"]
	_, hasX := col["x"]
	_, hasY := col["y"]
	_, hasID := col["id"]
	xName, yName := "x", "y"
	switch {
	case hasLat && hasLon && !hasX && !hasY:
		geographic, xName, yName = true, "lon", "lat"
	case hasX && hasY && !hasLat && !hasLon:
	default:
		return nil, false, fmt.Errorf("points CSV: line 1: expected a header \"id,lat,lon,demand\" or \"id,x,y,demand\", got %q", strings.Join(head, ","))
	}
	if !hasID {
		return nil, false, fmt.Errorf("points CSV: line 1: the header has no \"id\" column: %q", strings.Join(head, ","))
	}
	dCol, hasDemand := col["demand"]
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, fmt.Errorf("points CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			return nil, false, fmt.Errorf("points CSV: line %d: expected %d fields as in the header, got %d", line, len(head), len(rec))
		}
		num := func(name string) (float64, error) {
			s := strings.TrimSpace(rec[col[name]])
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("points CSV: line %d: %s: expected a finite number, got %q", line, name, s)
			}
			return x, nil
		}
		pt := Point{ID: strings.TrimSpace(rec[col["id"]]), Demand: 1}
		if pt.ID == "" {
			return nil, false, fmt.Errorf("points CSV: line %d: id is empty", line)
		}
		if prev, dup := seen[pt.ID]; dup {
			return nil, false, fmt.Errorf("points CSV: line %d: id %q already used on line %d", line, pt.ID, prev)
		}
		seen[pt.ID] = line
		if pt.X, err = num(xName); err != nil {
			return nil, false, err
		}
		if pt.Y, err = num(yName); err != nil {
			return nil, false, err
		}
		if geographic && (pt.Y < -90 || pt.Y > 90) {
			return nil, false, fmt.Errorf("points CSV: line %d: lat: expected degrees in [-90, 90], got %v", line, pt.Y)
		}
		if geographic && (pt.X < -180 || pt.X > 180) {
			return nil, false, fmt.Errorf("points CSV: line %d: lon: expected degrees in [-180, 180], got %v", line, pt.X)
		}
		if hasDemand {
			_ = dCol
			if pt.Demand, err = num("demand"); err != nil {
				return nil, false, err
			}
			if pt.Demand < 0 {
				return nil, false, fmt.Errorf("points CSV: line %d: demand: expected a number ≥ 0, got %v", line, pt.Demand)
			}
		}
		pts = append(pts, pt)
	}
	return pts, geographic, nil
}

// ReadSJC reads a São José dos Campos MCLP instance (Lorena & Pereira 2002):
// coords has a line n and then n lines "x y" (metres); demand has n lines
// with one demand each, in the same order. Points get ids "1".."n".
func ReadSJC(coords, demand io.Reader) ([]Point, error) {
	lr := newLineReader(coords, "SJC coordinates")
	h, err := lr.expect("n")
	if err != nil {
		return nil, err
	}
	n, err := lr.integer(h[0], "n", 1, 10000000)
	if err != nil {
		return nil, err
	}
	pts := make([]Point, n)
	for k := range n {
		v, err := lr.expect(fmt.Sprintf("x (point %d of %d)", k+1, n), "y")
		if err != nil {
			return nil, err
		}
		pts[k] = Point{ID: strconv.Itoa(k + 1), X: v[0], Y: v[1]}
	}
	if err := lr.atEnd(fmt.Sprintf("the %d points", n)); err != nil {
		return nil, err
	}
	dr := newLineReader(demand, "SJC demand")
	for k := range n {
		v, err := dr.expect(fmt.Sprintf("demand (point %d of %d)", k+1, n))
		if err != nil {
			return nil, err
		}
		if v[0] < 0 {
			return nil, dr.errf("demand: expected a number ≥ 0, got %v", v[0])
		}
		pts[k].Demand = v[0]
	}
	if err := dr.atEnd(fmt.Sprintf("the %d demands", n)); err != nil {
		return nil, err
	}
	return pts, nil
}

// DistanceMatrix returns the clients × sites matrix of haversine distances
// in metres (geographic: X = longitude, Y = latitude in degrees) or of
// Euclidean distances.
func DistanceMatrix(clients, sites []Point, geographic bool) *Matrix {
	m := NewMatrix(len(clients), len(sites))
	for i, c := range clients {
		row := m.D[i*len(sites) : (i+1)*len(sites)]
		for j, s := range sites {
			row[j] = pointDist(c, s, geographic)
		}
	}
	return m
}

func pointDist(a, b Point, geographic bool) float64 {
	if geographic {
		return geo.Haversine(geo.Point{Lon: a.X, Lat: a.Y}, geo.Point{Lon: b.X, Lat: b.Y})
	}
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}
