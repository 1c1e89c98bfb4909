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
	case strings.HasPrefix(name, "pmed"):
		return loadPMedian(bench, name, opts)
	case strings.HasPrefix(name, "SJC"):
		return loadMCLP(bench, name, opts)
	default:
		return loadTSP(bench, name, seed)
	}
}

func loadPMedian(bench, name string, opts optimize.Options) (*instance, error) {
	f, err := os.Open(filepath.Join(bench, "pmed", name+".txt"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pr, err := optimize.ReadORLib(f)
	if err != nil {
		return nil, err
	}
	ref, err := lookup(filepath.Join(bench, "pmed", "pmedopt.txt"), name, 1, " ")
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

func loadMCLP(bench, name string, opts optimize.Options) (*instance, error) {
	fc, fd, err := openBoth(filepath.Join(bench, "sjc", name+".coords.txt"), filepath.Join(bench, "sjc", name+".demand.txt"))
	if err != nil {
		return nil, err
	}
	defer fc.Close()
	defer fd.Close()
	pts, err := optimize.ReadSJC(fc, fd)
	if err != nil {
		return nil, err
	}
	m := optimize.DistanceMatrix(pts, pts, false)
	a := make([]float64, len(pts))
	for i, p := range pts {
		a[i] = p.Demand
	}
	cover := make([][]int, len(pts))
	for i := range pts {
		for j := range pts {
			if m.At(i, j) <= sjcRadius {
				cover[i] = append(cover[i], j)
			}
		}
	}
	return &instance{
		Name: name, Problem: "MCLP", Size: fmt.Sprintf("n=%d p=%d r=%g", len(pts), sjcP, sjcRadius), Reference: math.NaN(),
		Ours: func(ctx context.Context) ourResult {
			cov := optimize.NewCoverage(m, a, sjcRadius)
			s, err := optimize.MCLP(ctx, cov, sjcP, opts)
			return fromSolution(s, err)
		},
		WriteLP: func(path string) error { return writeMCLPLP(path, a, cover, len(pts), sjcP) },
	}, nil
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
