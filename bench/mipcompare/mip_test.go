package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needProgram returns the path of prog, skipping the test when it is not
// installed, except under CI=true, where a missing program is a failure
// (.ci/run installs glpk-utils and coinor-cbc).
func needProgram(t *testing.T, prog, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(prog)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found, and CI=true: install %s", prog, pkg)
		}
		t.Skipf("%s not found (apt-get install %s); skipping", prog, pkg)
	}
	return path
}

// tinyMCLP is a maximal covering instance on a line: clients = sites at
// xs, site j covers client i if |x_i − x_j| ≤ radius.
func tinyMCLP() (a []float64, cover [][]int) {
	xs := []float64{0, 1, 2.5, 4, 5.5, 7, 8, 10}
	a = []float64{5, 3, 4, 2, 6, 1, 7, 2}
	const radius = 1.6
	cover = make([][]int, len(xs))
	for i := range xs {
		for j := range xs {
			if math.Abs(xs[i]-xs[j]) <= radius {
				cover[i] = append(cover[i], j)
			}
		}
	}
	return a, cover
}

// subsets calls fn with every p-subset of 0..m-1.
func subsets(m, p int, fn func(s []int)) {
	s := make([]int, 0, p)
	var rec func(from int)
	rec = func(from int) {
		if len(s) == p {
			fn(s)
			return
		}
		for j := from; j < m; j++ {
			s = append(s, j)
			rec(j + 1)
			s = s[:len(s)-1]
		}
	}
	rec(0)
}

// bruteMCLP returns the largest covered demand with p sites.
func bruteMCLP(a []float64, cover [][]int, m, p int) float64 {
	best := math.Inf(-1)
	subsets(m, p, func(s []int) {
		open := map[int]bool{}
		for _, j := range s {
			open[j] = true
		}
		v := 0.0
		for i, list := range cover {
			for _, j := range list {
				if open[j] {
					v += a[i]
					break
				}
			}
		}
		best = max(best, v)
	})
	return best
}

// tinyPMedian is a 7-node p-median instance with Manhattan distances
// between integer points and integer weights.
func tinyPMedian() (n int, d, w []float64) {
	pts := [][2]float64{{0, 0}, {3, 1}, {1, 4}, {6, 5}, {7, 0}, {2, 8}, {9, 9}}
	w = []float64{2, 1, 3, 1, 2, 4, 1}
	n = len(pts)
	d = make([]float64, n*n)
	for i, p := range pts {
		for j, q := range pts {
			d[i*n+j] = math.Abs(p[0]-q[0]) + math.Abs(p[1]-q[1])
		}
	}
	return n, d, w
}

// brutePMedian returns the least weighted distance with p medians.
func brutePMedian(n int, d, w []float64, p int) float64 {
	best := math.Inf(1)
	subsets(n, p, func(s []int) {
		v := 0.0
		for i := 0; i < n; i++ {
			m := math.Inf(1)
			for _, j := range s {
				m = min(m, d[i*n+j])
			}
			v += w[i] * m
		}
		best = min(best, v)
	})
	return best
}

// TestExactSolversOnTinyModels runs the real glpsol and cbc on LP files
// written by the package's own writers and checks the parsed objective,
// bound and status against brute force, for a maximisation (MCLP), a
// minimisation (p-median) and an infeasible model (more sites to open than
// there are).
func TestExactSolversOnTinyModels(t *testing.T) {
	type solver struct {
		name string
		run  func(lp string, tmlim int) mipResult
	}
	var solvers []solver
	t.Run("glpk", func(t *testing.T) {
		p := needProgram(t, "glpsol", "glpk-utils")
		solvers = append(solvers, solver{"glpk", func(lp string, tl int) mipResult { return runGLPK(p, lp, tl) }})
	})
	t.Run("cbc", func(t *testing.T) {
		p := needProgram(t, "cbc", "coinor-cbc")
		solvers = append(solvers, solver{"cbc", func(lp string, tl int) mipResult { return runCBC(p, lp, tl) }})
	})
	if len(solvers) == 0 {
		t.Skip("neither glpsol nor cbc is installed")
	}
	dir := t.TempDir()
	a, cover := tinyMCLP()
	m := len(a)
	n, d, w := tinyPMedian()
	type model struct {
		name   string
		write  func(path string) error
		want   float64 // NaN: infeasible
		status string
	}
	var models []model
	for _, p := range []int{2, 3} {
		want := bruteMCLP(a, cover, m, p)
		models = append(models, model{
			name:  "mclp-p" + string(rune('0'+p)),
			write: func(path string) error { return writeMCLPLP(path, a, cover, m, p) },
			want:  want, status: "optimal",
		})
	}
	// The brute force against a hand count: sites at x = 1 (covers 0, 1,
	// 2.5: 5+3+4 = 12) and 7 (5.5, 7, 8: 6+1+7 = 14) give 26; a third site
	// adds x = 4 or x = 10 (2), 28, and no 3 sites cover all 30.
	if b2, b3 := bruteMCLP(a, cover, m, 2), bruteMCLP(a, cover, m, 3); b2 != 26 || b3 != 28 {
		t.Fatalf("brute-force MCLP = %g, %g for p = 2, 3; want 26, 28 (by hand)", b2, b3)
	}
	for _, p := range []int{2, 3} {
		want := brutePMedian(n, d, w, p)
		models = append(models, model{
			name:  "pmed-p" + string(rune('0'+p)),
			write: func(path string) error { return writePMedianLP(path, n, n, d, w, p) },
			want:  want, status: "optimal",
		})
	}
	models = append(models, model{
		name:  "mclp-infeasible",
		write: func(path string) error { return writeMCLPLP(path, a, cover, m, m+1) },
		want:  math.NaN(), status: "infeasible",
	})
	for _, md := range models {
		lp := filepath.Join(dir, md.name+".lp")
		if err := md.write(lp); err != nil {
			t.Fatal(err)
		}
		for _, s := range solvers {
			r := s.run(lp, 10)
			if r.Err != nil {
				t.Errorf("%s on %s: %v", s.name, md.name, r.Err)
				continue
			}
			if r.Status != md.status {
				t.Errorf("%s on %s: status %q, want %q", s.name, md.name, r.Status, md.status)
			}
			if !sameNum(r.Objective, md.want) || !sameNum(r.Bound, md.want) {
				t.Errorf("%s on %s: objective %g bound %g, want %g for both", s.name, md.name, r.Objective, r.Bound, md.want)
			}
			if r.Seconds <= 0 || r.Seconds > 10 {
				t.Errorf("%s on %s: %g s", s.name, md.name, r.Seconds)
			}
		}
	}
	if len(solvers) == 2 {
		// Both logs stay beside the LP file, under different names.
		for _, f := range []string{"mclp-p2.log", "mclp-p2.sol", "mclp-p2.cbc.log", "mclp-p2.cbc.sol"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Error(err)
			}
		}
	}
}

func sameNum(x, y float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.IsNaN(x) && math.IsNaN(y)
	}
	return math.Abs(x-y) <= 1e-6*max(1, math.Abs(y))
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseCBC parses logs captured from real cbc 2.10.8 runs on this
// project's LP files (see testdata/README.md).
func TestParseCBC(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		log, sol       string // files in testdata; sol may be ""
		status         string
		obj, bound     float64
		wall, cpu      float64 // the last line: "Total time (CPU seconds): … (Wallclock seconds): …"
		boundAboveObj  bool    // a maximisation: the bound is an upper one
		boundBelowObj  bool    // a minimisation
		checkBoundSide bool
	}{
		// MCLP, a maximisation, proved optimal (GLPK proves 28838 too).
		{log: "cbc-SJC818-r800-p10-optimal.log", status: "optimal", obj: 28838, bound: 28838, wall: 1.99, cpu: 1.69},
		{log: "cbc-pmed1-optimal.log", status: "optimal", obj: 5819, bound: 5819, wall: 1.14, cpu: 0.47},
		// MCLP stopped on time: "Upper bound:" in the original (max) sense.
		{log: "cbc-SJC818-r400-p30-time.log", status: "time limit, feasible", obj: 28709, bound: 28775.433, wall: 5.41, cpu: 2.95,
			checkBoundSide: true, boundAboveObj: true},
		// The same in the 30 s run of the README's table, on a loaded machine:
		// 30 s of wall clock gave CBC 5.6 s of CPU.
		{log: "cbc-SJC818-r400-p30-time30.log", status: "time limit, feasible", obj: 28709, bound: 28775.433, wall: 30.17, cpu: 5.62,
			checkBoundSide: true, boundAboveObj: true},
		// TSP stopped on time: "Lower bound:".
		{log: "cbc-eil51-time.log", status: "time limit, feasible", obj: 428, bound: 420.493, wall: 5.03, cpu: 4.25,
			checkBoundSide: true, boundBelowObj: true},
		// Heuristics off, 1 s: no integer solution, a lower bound all the same.
		{log: "cbc-eil51-time-nosolution.log", sol: "cbc-eil51-time-nosolution.sol", status: "time limit, no integer solution",
			obj: nan, bound: 419.791, wall: 1.15, cpu: 0.97},
		// SIGINT: "Result - User ctrl-cuser ctrl-c", summary in the max sense.
		{log: "cbc-SJC818-r400-p30-sigint.log", sol: "cbc-SJC818-r400-p30-sigint.sol", status: "interrupted, feasible",
			obj: 28709, bound: 28793.681, wall: 9.13, cpu: 2.00},
		// SIGKILL mid-run: no summary; the progress lines (negated: the
		// model is a maximisation) stand in.
		{log: "cbc-SJC818-r400-p30-killed.log", status: "no result in the log", obj: 28709, bound: nan, wall: nan, cpu: nan},
		// The LP relaxation is infeasible: found before branch-and-bound.
		{log: "cbc-infeasible-lp.log", sol: "cbc-infeasible-lp.sol", status: "infeasible", obj: nan, bound: nan, wall: 0, cpu: 0},
		// Pre-processing finds the integer model infeasible.
		{log: "cbc-infeasible-preprocess.log", sol: "cbc-infeasible-preprocess.sol", status: "infeasible", obj: nan, bound: nan, wall: 0, cpu: 0},
		// Without pre-processing: "Result - Linear relaxation infeasible".
		{log: "cbc-infeasible-bab.log", sol: "cbc-infeasible-bab.sol", status: "infeasible", obj: nan, bound: nan, wall: 0, cpu: 0},
	}
	for _, c := range cases {
		var sol []byte
		if c.sol != "" {
			sol = readTestdata(t, c.sol)
		}
		r := parseCBC(string(readTestdata(t, c.log)), sol)
		if r.Status != c.status || !sameNum(r.Objective, c.obj) || !sameNum(r.Bound, c.bound) ||
			!sameNum(r.LogSeconds, c.wall) || !sameNum(r.CPUSeconds, c.cpu) {
			t.Errorf("%s: got status %q obj %g bound %g wall %g cpu %g; want %q %g %g %g %g",
				c.log, r.Status, r.Objective, r.Bound, r.LogSeconds, r.CPUSeconds, c.status, c.obj, c.bound, c.wall, c.cpu)
		}
		if c.checkBoundSide && (c.boundAboveObj && r.Bound < r.Objective || c.boundBelowObj && r.Bound > r.Objective) {
			t.Errorf("%s: bound %g on the wrong side of %g", c.log, r.Bound, r.Objective)
		}
	}
}

// TestParseGLPK parses glpsol 5.0 output and solution headers captured
// from real runs (see testdata/README.md).
func TestParseGLPK(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		log, sol   string
		status     string
		obj, bound float64
	}{
		{"glpk-pmed1-optimal.log", "glpk-pmed1-optimal.sol", "optimal", 5819, 5819},
		{"glpk-SJC818-r800-p10-optimal.log", "glpk-SJC818-r800-p10-optimal.sol", "optimal", 28838, 28838},
		{"glpk-eil51-time.log", "glpk-eil51-time.sol", "time limit, feasible", 439, 422},
		{"glpk-infeasible-lp.log", "glpk-infeasible-lp.sol", "infeasible", nan, nan},
		{"glpk-infeasible-bab.log", "glpk-infeasible-bab.sol", "infeasible", nan, nan},
	}
	for _, c := range cases {
		r := parseGLPK(string(readTestdata(t, c.log)), readTestdata(t, c.sol))
		if r.Status != c.status || !sameNum(r.Objective, c.obj) || !sameNum(r.Bound, c.bound) {
			t.Errorf("%s: got status %q obj %g bound %g; want %q %g %g",
				c.log, r.Status, r.Objective, r.Bound, c.status, c.obj, c.bound)
		}
	}
	if r := parseGLPK(string(readTestdata(t, "glpk-eil51-time.log")), nil); r.Status != "time limit, no integer solution" {
		t.Errorf("no solution file after a time limit: status %q", r.Status)
	}
}

func TestCBCArgs(t *testing.T) {
	got := strings.Join(cbcArgs("a.lp", "a.cbc.sol", 30), " ")
	if want := "a.lp sec 30 timeMode elapsed threads 1 solve solu a.cbc.sol"; got != want {
		t.Errorf("cbc %s, want cbc %s", got, want)
	}
}
