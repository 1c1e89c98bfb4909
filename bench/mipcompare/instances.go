package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/bench/milano"
	"github.com/welfare-intelligence/wi/engine/optimize"
	"github.com/welfare-intelligence/wi/engine/optimize/tsp"
)

// MCLP settings for SJC324, the usual ones in the literature.
const (
	sjcP      = 10
	sjcRadius = 800.0
)

// loadInstance reads the named instance from the bench directory.
// truncate replaces the capacitated p-median distances by their integer
// parts, the convention under which the published optima reproduce.
func loadInstance(bench, name string, seed int64, truncate bool) (*instance, error) {
	opts := optimize.Options{Seed: seed}
	switch {
	case strings.HasPrefix(name, "pmedcap1_"):
		return loadCPMP(bench, name, opts, truncate)
	case strings.HasPrefix(name, "pmed"), strings.HasPrefix(name, "file:"):
		return loadPMedian(bench, name, opts)
	case strings.HasPrefix(name, "SJC"), strings.HasPrefix(name, "demo"), strings.HasPrefix(name, "milano"):
		return loadMCLP(bench, name, opts)
	default:
		return loadTSP(bench, name, seed)
	}
}

func loadPMedian(bench, name string, opts optimize.Options) (*instance, error) {
	path := filepath.Join(bench, "pmed", name+".txt")
	ref := math.NaN()
	if f, ok := strings.CutPrefix(name, "file:"); ok {
		path = f // an OR-Library-format file given with --pmed-files
	} else {
		var err error
		if ref, err = lookup(filepath.Join(bench, "pmed", "pmedopt.txt"), name, 1, " "); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pr, err := optimize.ReadORLib(f)
	if err != nil {
		return nil, err
	}
	n, m := pr.Dist.Clients, pr.Dist.Sites
	w := pr.Weight
	if w == nil {
		w = ones(n)
	}
	return &instance{
		Name: name, Problem: "p-median", Size: fmt.Sprintf("n=%d p=%d", n, pr.P), Reference: ref,
		Ours: func(ctx context.Context) ourResult {
			s, err := optimize.PMedian(ctx, pr, opts)
			return fromSolution(s, err)
		},
		WriteLP: func(path string) error { return writePMedianLP(path, n, m, pr.Dist.D, w, pr.P) },
	}, nil
}

func loadCPMP(bench, name string, opts optimize.Options, truncate bool) (*instance, error) {
	f, err := os.Open(filepath.Join(bench, "cpmp", name+".txt"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pr, _, published, err := optimize.ReadORLibCap(f)
	if err != nil {
		return nil, err
	}
	n := pr.Dist.Clients
	dist := "d unrounded"
	if truncate {
		for k, v := range pr.Dist.D {
			pr.Dist.D[k] = math.Trunc(v)
		}
		dist = "d truncated"
	}
	q := pr.Demand
	if q == nil {
		q = ones(n)
	}
	return &instance{
		Name: name, Problem: "capacitated p-median", Size: fmt.Sprintf("n=%d p=%d Q=%g, %s", n, pr.P, pr.Capacity[0], dist),
		Reference: published,
		Ours: func(ctx context.Context) ourResult {
			s, err := optimize.CPMP(ctx, pr, opts)
			return fromSolution(s, err)
		},
		WriteLP: func(path string) error { return writeCPMPLP(path, n, pr.Dist.D, q, pr.Capacity, pr.P) },
	}, nil
}

// loadMCLP reads a maximal covering instance. Names: SJCn (p = 10, radius
// 800 m), SJCn-rR-pP (São José dos Campos with radius R and P sites), or
// demo-rR-pP (the demo city's census sections, demand = residents), or
// milano-rR-pP (Milan's 2011 census sections with residents, demand = the
// 2011 residents, read from shared/data/milano by bench/milano).
func loadMCLP(bench, name string, opts optimize.Options) (*instance, error) {
	base, radius, p, err := mclpName(name)
	if err != nil {
		return nil, err
	}
	var pts []optimize.Point
	switch base {
	case "demo":
		if pts, err = demoPoints("residenti"); err != nil {
			return nil, err
		}
	case "milano":
		secs, err := milano.Sections(filepath.Join(filepath.Dir(bench), "data", "milano"))
		if err != nil {
			return nil, err
		}
		for _, s := range secs {
			pts = append(pts, optimize.Point{ID: s.ID, X: s.X, Y: s.Y, Demand: s.Pop})
		}
	default:
		fc, fd, err := openBoth(filepath.Join(bench, "sjc", base+".coords.txt"), filepath.Join(bench, "sjc", base+".demand.txt"))
		if err != nil {
			return nil, err
		}
		defer fc.Close()
		defer fd.Close()
		if pts, err = optimize.ReadSJC(fc, fd); err != nil {
			return nil, err
		}
	}
	cov := optimize.CoverageFromPoints(pts, pts, false, radius)
	a := make([]float64, len(pts))
	for i, q := range pts {
		a[i] = q.Demand
	}
	// cover[i] lists the sites within the radius of client i.
	cover := make([][]int, len(pts))
	for j, list := range cov.Covers {
		for _, i := range list {
			cover[i] = append(cover[i], j)
		}
	}
	return &instance{
		Name: name, Problem: "MCLP", Size: fmt.Sprintf("n=%d p=%d r=%g", len(pts), p, radius), Reference: math.NaN(),
		Ours: func(ctx context.Context) ourResult {
			o := opts
			if dl, ok := ctx.Deadline(); ok {
				o.TimeLimit = time.Until(dl)
			}
			s, err := optimize.MCLP(ctx, cov, p, o)
			return fromSolution(s, err)
		},
		WriteLP: func(path string) error { return writeMCLPLP(path, a, cover, len(pts), p) },
	}, nil
}

// mclpName splits an MCLP instance name into its data, radius and p.
func mclpName(name string) (base string, radius float64, p int, err error) {
	parts := strings.Split(name, "-")
	base, radius, p = parts[0], sjcRadius, sjcP
	for _, f := range parts[1:] {
		var x float64
		switch {
		case strings.HasPrefix(f, "r"):
			x, err = strconv.ParseFloat(f[1:], 64)
			radius = x
		case strings.HasPrefix(f, "p"):
			p, err = strconv.Atoi(f[1:])
		default:
			err = fmt.Errorf("instance %s: part %q is neither rR nor pP", name, f)
		}
		if err != nil {
			return "", 0, 0, err
		}
	}
	return base, radius, p, nil
}

func loadTSP(bench, name string, seed int64) (*instance, error) {
	f, err := os.Open(filepath.Join(bench, "tsplib", name+".tsp"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	inst, err := tsp.ReadTSPLIB(f)
	if err != nil {
		return nil, err
	}
	ref, err := lookup(filepath.Join(bench, "tsplib", "optima.tsv"), name, 4, "\t")
	if err != nil {
		return nil, err
	}
	return &instance{
		Name: name, Problem: "TSP", Size: fmt.Sprintf("n=%d", inst.N), Reference: ref,
		Ours: func(ctx context.Context) ourResult {
			t, err := tsp.Solve(ctx, inst.Dist, 0, tsp.Options{Seed: seed})
			if err != nil {
				return ourResult{Err: err}
			}
			return ourResult{Objective: t.Length, Bound: t.Bound, Seconds: t.Seconds, Optimal: t.Optimal}
		},
		WriteLP: func(path string) error { return writeTSPLP(path, inst.N, inst.Dist.D) },
	}, nil
}

func fromSolution(s *optimize.Solution, err error) ourResult {
	if err != nil {
		return ourResult{Err: err}
	}
	return ourResult{Objective: s.Objective, Bound: s.Bound, Seconds: s.Seconds, Optimal: s.Optimal}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// lookup returns the number in column col of the line whose first field is
// name, in a file of fields separated by sep (runs of spaces when sep is
// " ").
func lookup(path, name string, col int, sep string) (float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return math.NaN(), err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var fields []string
		if sep == " " {
			fields = strings.Fields(sc.Text())
		} else {
			fields = strings.Split(sc.Text(), sep)
		}
		if len(fields) > col && fields[0] == name {
			v, err := strconv.ParseFloat(strings.TrimSpace(fields[col]), 64)
			if err != nil {
				return math.NaN(), fmt.Errorf("%s: %s: %v", path, name, err)
			}
			return v, nil
		}
	}
	if err := sc.Err(); err != nil {
		return math.NaN(), err
	}
	return math.NaN(), fmt.Errorf("%s: no line for %s", path, name)
}
