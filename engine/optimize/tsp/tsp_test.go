package tsp

import (
	"bufio"
	"context"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchDir is where the shared TSPLIB instances live, relative to this
// package (the repository is cloned beside shared/).
const benchDir = "../../../../shared/bench/tsplib"

var tsplibNames = []string{"eil51", "berlin52", "st70", "kroA100", "ch150", "a280"}

// needBench skips the test when the shared instances are missing, except
// under CI=true, where their absence is a failure.
func needBench(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(benchDir, "optima.tsv")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("TSPLIB instances missing at %s (CI=true): %v", benchDir, err)
		}
		tb.Skipf("TSPLIB instances not found at %s (clone the repository beside shared/): %v", benchDir, err)
	}
}

func readOptima(tb testing.TB) map[string]float64 {
	tb.Helper()
	f, err := os.Open(filepath.Join(benchDir, "optima.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	opt := map[string]float64{}
	sc := bufio.NewScanner(f)
	col := -1
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col < 0 {
			for i, h := range fields {
				if h == "optimal_tour_length" {
					col = i
				}
			}
			if col < 0 {
				tb.Fatal("optima.tsv has no optimal_tour_length column")
			}
			continue
		}
		if len(fields) <= col {
			continue
		}
		v, err := strconv.ParseFloat(fields[col], 64)
		if err != nil {
			tb.Fatalf("optima.tsv: %v", err)
		}
		opt[fields[0]] = v
	}
	return opt
}

func loadInstance(tb testing.TB, name string) *Instance {
	tb.Helper()
	f, err := os.Open(filepath.Join(benchDir, name+".tsp"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	inst, err := ReadTSPLIB(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return inst
}

// checkTour fails unless t visits every node of d exactly once from start
// and its Length is the recomputed closed length.
func checkTour(t *testing.T, d *Dist, start int, tour *Tour) {
	t.Helper()
	if len(tour.Order) != d.N {
		t.Fatalf("tour has %d nodes, want %d", len(tour.Order), d.N)
	}
	checkSubTour(t, d, start, tour.Order, tour.Length)
}

func checkSubTour(t *testing.T, d *Dist, start int, order []int, length float64) {
	t.Helper()
	if len(order) == 0 || order[0] != start {
		t.Fatalf("tour %v does not start at %d", order, start)
	}
	seen := make([]bool, d.N)
	for _, v := range order {
		if v < 0 || v >= d.N || seen[v] {
			t.Fatalf("node %d out of range or repeated in %v", v, order)
		}
		seen[v] = true
	}
	l := 0.0
	for k := range order {
		l += d.At(order[k], order[(k+1)%len(order)])
	}
	if len(order) == 1 {
		l = 0
	}
	if math.Abs(l-length) > 1e-6*math.Max(1, l) {
		t.Fatalf("reported length %v, recomputed %v", length, l)
	}
}

func TestTSPLIBWithinTwoPercent(t *testing.T) {
	needBench(t)
	optima := readOptima(t)
	for _, name := range tsplibNames {
		t.Run(name, func(t *testing.T) {
			inst := loadInstance(t, name)
			opt, ok := optima[name]
			if !ok {
				t.Fatalf("%s missing from optima.tsv", name)
			}
			tour, err := Solve(context.Background(), inst.Dist, 0, Options{Seed: 1, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			checkTour(t, inst.Dist, 0, tour)
			if tour.Length > 1.02*opt {
				t.Errorf("length %v more than 2%% above the optimum %v", tour.Length, opt)
			}
			if tour.Length < opt {
				t.Errorf("length %v below the published optimum %v: distances wrong", tour.Length, opt)
			}
			if math.IsNaN(tour.Bound) || tour.Bound > tour.Length || tour.Bound > opt {
				t.Errorf("bound %v must be ≤ length %v and ≤ optimum %v", tour.Bound, tour.Length, opt)
			}
			if tour.Bound < 0.95*opt {
				t.Errorf("bound %v is weak (optimum %v): subgradient not converging", tour.Bound, opt)
			}
			if tour.Optimal && tour.Length != opt {
				t.Errorf("claims optimal at %v, optimum %v", tour.Length, opt)
			}
			t.Logf("%s: length %v (opt %v, +%.2f%%), bound %v, gap %.2f%%, %d kicks, %.3fs",
				name, tour.Length, opt, 100*(tour.Length/opt-1), tour.Bound, 100*tour.Gap, tour.Iterations, tour.Seconds)
		})
	}
}

// randomEuclid returns n random points in a 1000×1000 square with rounded
// Euclidean distances.
func randomEuclid(rng *rand.Rand, n int) *Dist {
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i], y[i] = rng.Float64()*1000, rng.Float64()*1000
	}
	d := NewDist(n)
	f := distFunc("EUC_2D")
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			d.Set(i, j, f(x[i], y[i], x[j], y[j]))
		}
	}
	return d
}

// randomMatrix returns a symmetric matrix of random (non-metric) values.
func randomMatrix(rng *rand.Rand, n int) *Dist {
	d := NewDist(n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			d.Set(i, j, math.Round(rng.Float64()*100*10)/10)
		}
	}
	return d
}

// bruteForce returns the optimal closed tour length by enumerating all
// permutations of the nodes other than 0.
func bruteForce(d *Dist) float64 {
	n := d.N
	perm := make([]int, n-1)
	for i := range perm {
		perm[i] = i + 1
	}
	best := math.Inf(1)
	var rec func(k int)
	rec = func(k int) {
		if k == len(perm) {
			order := append([]int{0}, perm...)
			if l := TourLength(d, order); l < best {
				best = l
			}
			return
		}
		for i := k; i < len(perm); i++ {
			perm[k], perm[i] = perm[i], perm[k]
			rec(k + 1)
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	rec(0)
	return best
}

func TestExactAndHeuristicMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for trial := 0; trial < 24; trial++ {
		n := 4 + trial%6 // 4..9
		var d *Dist
		if trial%2 == 0 {
			d = randomEuclid(rng, n)
		} else {
			d = randomMatrix(rng, n)
		}
		want := bruteForce(d)
		start := trial % n
		tour, err := Solve(context.Background(), d, start, Options{Seed: int64(trial)})
		if err != nil {
			t.Fatal(err)
		}
		checkTour(t, d, start, tour)
		if !tour.Optimal || math.Abs(tour.Length-want) > 1e-9 {
			t.Errorf("trial %d n=%d: exact DP %v (optimal=%v), brute force %v", trial, n, tour.Length, tour.Optimal, want)
		}
		h := runILS(context.Background(), d, nil, Options{Seed: int64(trial), Workers: 1, MaxIter: 200})
		if math.Abs(TourLength(d, h.order)-want) > 1e-9 {
			t.Errorf("trial %d n=%d: heuristic %v, brute force %v", trial, n, TourLength(d, h.order), want)
		}
	}
}

func TestExactVersusHeuristicOnThirteen(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 4; trial++ {
		d := randomEuclid(rng, 13)
		tour, err := Solve(context.Background(), d, 3, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkTour(t, d, 3, tour)
		h := runILS(context.Background(), d, nil, Options{Seed: 1, Workers: 1, MaxIter: 500})
		if hl := TourLength(d, h.order); hl < tour.Length-1e-9 {
			t.Errorf("heuristic %v beats the exact DP %v", hl, tour.Length)
		}
		b := heldKarpBound(context.Background(), d, tour.Length)
		if b > tour.Length+1e-9 {
			t.Errorf("bound %v above the optimum %v", b, tour.Length)
		}
	}
}

func TestTrivialSizes(t *testing.T) {
	for n := 1; n <= 3; n++ {
		d := randomEuclid(rand.New(rand.NewSource(int64(n))), n)
		for start := 0; start < n; start++ {
			tour, err := Solve(context.Background(), d, start, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkTour(t, d, start, tour)
			if !tour.Optimal {
				t.Errorf("n=%d not optimal", n)
			}
		}
	}
}

func TestDeterministicForSeed(t *testing.T) {
	d := randomEuclid(rand.New(rand.NewSource(3)), 150)
	opt := Options{Seed: 99, Workers: 2, MaxIter: 3000}
	a, err := Solve(context.Background(), d, 5, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), d, 5, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkTour(t, d, 5, a)
	if a.Length != b.Length || len(a.Order) != len(b.Order) {
		t.Fatalf("same seed, different tours: %v vs %v", a.Length, b.Length)
	}
	for i := range a.Order {
		if a.Order[i] != b.Order[i] {
			t.Fatalf("same seed, different order at %d", i)
		}
	}
	if a.Bound != b.Bound {
		t.Fatalf("same seed, different bounds %v vs %v", a.Bound, b.Bound)
	}
	// the number of workers changes speed, not the tour
	opt.Workers = 1
	c, err := Solve(context.Background(), d, 5, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Order {
		if a.Order[i] != c.Order[i] {
			t.Fatalf("1 and 2 workers give different tours (%v vs %v)", c.Length, a.Length)
		}
	}
}

func TestDeadlineReturnsBestSoFar(t *testing.T) {
	d := randomEuclid(rand.New(rand.NewSource(5)), 600)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	tour, err := Solve(ctx, d, 0, Options{Seed: 1, MaxIter: 1 << 30})
	if err != nil {
		t.Fatalf("deadline must not be an error: %v", err)
	}
	checkTour(t, d, 0, tour)
	if !tour.Stopped {
		t.Errorf("a 2^30-kick search ended without being stopped")
	}
	if math.IsNaN(tour.Bound) || tour.Bound > tour.Length {
		t.Errorf("bound %v after a deadline, length %v", tour.Bound, tour.Length)
	}
	// an already cancelled context still gives a valid tour
	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	tour, err = Solve(done, d, 7, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTour(t, d, 7, tour)
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	good := randomEuclid(rand.New(rand.NewSource(1)), 20)
	nan := randomEuclid(rand.New(rand.NewSource(1)), 20)
	nan.D[3*20+4] = math.NaN()
	neg := randomEuclid(rand.New(rand.NewSource(1)), 20)
	neg.Set(2, 5, -1)
	inf := randomEuclid(rand.New(rand.NewSource(1)), 20)
	inf.Set(2, 5, math.Inf(1))
	asym := randomEuclid(rand.New(rand.NewSource(1)), 20)
	asym.D[1*20+2] += 5
	cases := []struct {
		name  string
		d     *Dist
		start int
		opt   Options
	}{
		{"nil", nil, 0, Options{}},
		{"n=0", NewDist(0), 0, Options{}},
		{"negative n", &Dist{N: -3}, 0, Options{}},
		{"short matrix", &Dist{N: 4, D: make([]float64, 15)}, 0, Options{}},
		{"NaN", nan, 0, Options{}},
		{"negative distance", neg, 0, Options{}},
		{"infinite distance", inf, 0, Options{}},
		{"asymmetric", asym, 0, Options{}},
		{"start -1", good, -1, Options{}},
		{"start n", good, 20, Options{}},
		{"negative workers", good, 0, Options{Workers: -1}},
		{"negative MaxIter", good, 0, Options{MaxIter: -1}},
		{"negative Runs", good, 0, Options{Runs: -1}},
	}
	for _, c := range cases {
		if _, err := Solve(ctx, c.d, c.start, c.opt); err == nil {
			t.Errorf("Solve %s: no error", c.name)
		} else {
			t.Logf("Solve %s: %v", c.name, err)
		}
		prize := make([]float64, 20)
		if _, _, err := WithinBudget(ctx, c.d, c.start, 100, prize, c.opt); err == nil {
			t.Errorf("WithinBudget %s: no error", c.name)
		}
	}
	prize := make([]float64, 20)
	for _, b := range []float64{-1, math.NaN()} {
		if _, _, err := WithinBudget(ctx, good, 0, b, prize, Options{}); err == nil {
			t.Errorf("budget %v accepted", b)
		}
	}
	if _, _, err := WithinBudget(ctx, good, 0, 100, prize[:5], Options{}); err == nil {
		t.Error("5 prizes for 20 nodes accepted")
	}
	for _, p := range []float64{-1, math.NaN(), math.Inf(1)} {
		bad := make([]float64, 20)
		bad[4] = p
		if _, _, err := WithinBudget(ctx, good, 0, 100, bad, Options{}); err == nil {
			t.Errorf("prize %v accepted", p)
		}
	}
	// the start's prize is ignored, whatever it is
	odd := make([]float64, 20)
	odd[0] = math.NaN()
	if _, _, err := WithinBudget(ctx, good, 0, 100, odd, Options{}); err != nil {
		t.Errorf("start prize NaN refused: %v", err)
	}
}

// bestSubsetPrize returns the best prize of a closed tour from start within
// budget, by enumerating subsets and brute-forcing each.
func bestSubsetPrize(d *Dist, start int, budget float64, prize []float64) float64 {
	n := d.N
	best := 0.0
	for mask := 0; mask < 1<<n; mask++ {
		if mask&(1<<start) == 0 {
			continue
		}
		var nodes []int
		pr := 0.0
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				nodes = append(nodes, i)
				if i != start {
					pr += prize[i]
				}
			}
		}
		if pr <= best {
			continue
		}
		// shortest closed tour over nodes
		sub := NewDist(len(nodes))
		for a := range nodes {
			for b := range nodes {
				sub.D[a*len(nodes)+b] = d.At(nodes[a], nodes[b])
			}
		}
		l := 0.0
		if len(nodes) > 1 {
			l = bruteForce(sub)
		}
		if l <= budget {
			best = pr
		}
	}
	return best
}

func checkBudget(t *testing.T, d *Dist, start int, budget float64, prize []float64, tour *Tour, dropped []int) float64 {
	t.Helper()
	checkSubTour(t, d, start, tour.Order, tour.Length)
	if tour.Length > budget {
		t.Fatalf("length %v over budget %v", tour.Length, budget)
	}
	in := make([]bool, d.N)
	for _, v := range tour.Order {
		in[v] = true
	}
	for _, v := range dropped {
		if v == start {
			t.Fatalf("start %d dropped", start)
		}
		if in[v] {
			t.Fatalf("node %d both visited and dropped", v)
		}
		in[v] = true
	}
	for i, ok := range in {
		if !ok {
			t.Fatalf("node %d neither visited nor dropped", i)
		}
	}
	pr := 0.0
	for _, v := range tour.Order[1:] {
		pr += prize[v]
	}
	return pr
}

func TestWithinBudgetExactSmall(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for trial := 0; trial < 8; trial++ {
		n := 5 + trial%4 // 5..8
		d := randomEuclid(rng, n)
		prize := make([]float64, n)
		for i := range prize {
			prize[i] = float64(rng.Intn(10))
		}
		full, _ := Solve(context.Background(), d, 0, Options{})
		budget := full.Length * (0.3 + 0.1*float64(trial%5))
		start := trial % n
		tour, dropped, err := WithinBudget(context.Background(), d, start, budget, prize, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := checkBudget(t, d, start, budget, prize, tour, dropped)
		if want := bestSubsetPrize(d, start, budget, prize); got != want {
			t.Errorf("trial %d: prize %v, best possible %v", trial, got, want)
		}
	}
}

func TestWithinBudgetHeuristic(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	d := randomEuclid(rng, 80)
	prize := make([]float64, 80)
	total := 0.0
	for i := range prize {
		prize[i] = 1 + float64(rng.Intn(9))
		if i != 4 {
			total += prize[i]
		}
	}
	full, err := Solve(context.Background(), d, 4, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, frac := range []float64{0, 0.05, 0.3, 0.6, 0.9, 1.0} {
		budget := frac * full.Length
		tour, dropped, err := WithinBudget(context.Background(), d, 4, budget, prize, Options{Seed: 1, MaxIter: 2000})
		if err != nil {
			t.Fatal(err)
		}
		pr := checkBudget(t, d, 4, budget, prize, tour, dropped)
		t.Logf("budget %.0f%% of the full tour: %d visited, %d dropped, prize %.0f of %.0f", 100*frac, len(tour.Order), len(dropped), pr, total)
		if frac == 1.0 && len(dropped) != 0 {
			t.Errorf("budget = full tour length, yet %d nodes dropped", len(dropped))
		}
		if frac == 0 && len(tour.Order) != 1 {
			t.Errorf("budget 0 visits %v", tour.Order)
		}
		if frac >= 0.6 && pr < 0.5*total {
			t.Errorf("budget %.0f%%: only %.0f of %.0f prize collected", 100*frac, pr, total)
		}
	}
	// a non-metric matrix
	m := randomMatrix(rng, 40)
	pm := make([]float64, 40)
	for i := range pm {
		pm[i] = rng.Float64()
	}
	tour, dropped, err := WithinBudget(context.Background(), m, 0, 300, pm, Options{Seed: 2, MaxIter: 500})
	if err != nil {
		t.Fatal(err)
	}
	checkBudget(t, m, 0, 300, pm, tour, dropped)
}

func TestDegenerateInstances(t *testing.T) {
	// all nodes at one place, and all on a line with repeated points
	zero := NewDist(30)
	line := NewDist(40)
	for i := 0; i < 40; i++ {
		for j := i + 1; j < 40; j++ {
			line.Set(i, j, math.Abs(float64(i/2-j/2)))
		}
	}
	for _, c := range []struct {
		d    *Dist
		want float64
	}{{zero, 0}, {line, 38}} {
		tour, err := Solve(context.Background(), c.d, 1, Options{Seed: 3, MaxIter: 300})
		if err != nil {
			t.Fatal(err)
		}
		checkTour(t, c.d, 1, tour)
		if tour.Length != c.want || tour.Bound > tour.Length {
			t.Errorf("length %v (want %v), bound %v", tour.Length, c.want, tour.Bound)
		}
		prize := make([]float64, c.d.N)
		for i := range prize {
			prize[i] = 1
		}
		bt, dropped, err := WithinBudget(context.Background(), c.d, 1, c.want/2, prize, Options{Seed: 3, MaxIter: 300})
		if err != nil {
			t.Fatal(err)
		}
		checkBudget(t, c.d, 1, c.want/2, prize, bt, dropped)
	}
}
