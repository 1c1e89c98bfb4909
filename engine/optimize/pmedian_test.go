package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// checkPM verifies a p-median family solution against its problem
// independently of the solver: sizes, fixed and forbidden sites, and the
// objective recomputed from the open sites.
func checkPM(t *testing.T, pr *Problem, sol *Solution, center bool) {
	t.Helper()
	if len(sol.New) != pr.P {
		t.Fatalf("New has %d sites, want P = %d: %v", len(sol.New), pr.P, sol.New)
	}
	if !slices.IsSorted(sol.Open) || !slices.IsSorted(sol.New) {
		t.Fatalf("Open %v / New %v not ascending", sol.Open, sol.New)
	}
	for _, j := range pr.Fixed {
		if !slices.Contains(sol.Open, j) || slices.Contains(sol.New, j) {
			t.Fatalf("fixed site %d: Open %v New %v", j, sol.Open, sol.New)
		}
	}
	for _, j := range pr.Forbidden {
		if slices.Contains(sol.Open, j) {
			t.Fatalf("forbidden site %d is open: %v", j, sol.Open)
		}
	}
	var obj float64
	for i := range pr.Dist.Clients {
		b := math.Inf(1)
		for _, j := range sol.Open {
			b = math.Min(b, capped(pr, i, j))
		}
		if center {
			if wOf(pr, i) > 0 {
				obj = math.Max(obj, b)
			}
		} else {
			obj += wOf(pr, i) * b
		}
	}
	if math.Abs(obj-sol.Objective) > 1e-6*math.Max(1, obj) {
		t.Fatalf("objective %v, recomputed %v", sol.Objective, obj)
	}
	if !math.IsNaN(sol.Bound) && sol.Bound > sol.Objective+1e-6*math.Max(1, obj) {
		t.Fatalf("bound %v above objective %v", sol.Bound, sol.Objective)
	}
}

func TestPMedianORLibOptima(t *testing.T) {
	opt := readOptima(t, "pmed/pmedopt.txt", 1)
	for k := 1; k <= 10; k++ {
		name := fmt.Sprintf("pmed%d", k)
		t.Run(name, func(t *testing.T) {
			pr, err := ReadORLib(openBench(t, "pmed/"+name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			sol, err := PMedian(context.Background(), pr, Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			checkPM(t, pr, sol, false)
			if sol.Objective != opt[name] {
				t.Errorf("%s: objective %v, published optimum %v", name, sol.Objective, opt[name])
			}
			if sol.Bound > opt[name] {
				t.Errorf("%s: bound %v above the optimum %v", name, sol.Bound, opt[name])
			}
			for i, a := range sol.Assign {
				if !slices.Contains(sol.Open, a) {
					t.Fatalf("client %d assigned to %d, not open", i, a)
				}
			}
			t.Logf("%s: objective %v bound %v optimal %v (%s) %.3fs", name, sol.Objective, sol.Bound, sol.Optimal, sol.Method, sol.Seconds)
		})
	}
}

func TestPMedianBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 60 {
		pr := randomProblem(rng, 12, 8, k%2 == 0)
		if k%3 == 0 {
			pr.Cutoff = 30
		}
		want := brutePMedian(pr)
		sol, err := PMedian(context.Background(), pr, Options{Seed: int64(k)})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		checkPM(t, pr, sol, false)
		if math.Abs(sol.Objective-want) > 1e-6*math.Max(1, want) {
			t.Errorf("instance %d: objective %v, brute-force optimum %v", k, sol.Objective, want)
		}
		if sol.Bound > want+1e-6*math.Max(1, want) {
			t.Errorf("instance %d: bound %v above the optimum %v", k, sol.Bound, want)
		}
		if pr.Cutoff > 0 {
			for i, a := range sol.Assign {
				if a >= 0 && pr.Dist.At(i, a) > pr.Cutoff || a < 0 && slices.ContainsFunc(sol.Open, func(j int) bool { return pr.Dist.At(i, j) <= pr.Cutoff }) {
					t.Fatalf("instance %d: client %d assigned %d with cutoff %v", k, i, a, pr.Cutoff)
				}
			}
		}
	}
}

func TestPMedianDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pr := randomProblem(rng, 150, 120, false)
	pr.P = 12
	var first *Solution
	for _, w := range []int{1, 2, 3} {
		sol, err := PMedian(context.Background(), pr, Options{Seed: 42, Workers: w, MaxIter: 60})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = sol
			continue
		}
		if !slices.Equal(sol.Open, first.Open) || sol.Objective != first.Objective || sol.Bound != first.Bound {
			t.Fatalf("workers %d: %v %v, first %v %v", w, sol.Open, sol.Objective, first.Open, first.Objective)
		}
	}
}

func TestPMedianDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pr := randomProblem(rand.New(rand.NewPCG(1, 1)), 20, 10, true)
	if _, err := PMedian(ctx, pr, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: err %v, want context.Canceled", err)
	}
	big := randomProblem(rand.New(rand.NewPCG(9, 9)), 600, 600, false)
	big.P = 40
	ctx, cancel = context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	sol, err := PMedian(ctx, big, Options{MaxIter: 1 << 30})
	if err != nil {
		t.Fatalf("deadline: %v", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("deadline of 150ms overrun: %v", el)
	}
	checkPM(t, big, sol, false)
}

func TestPMedianRejectsBadInput(t *testing.T) {
	good := func() *Problem { return randomProblem(rand.New(rand.NewPCG(2, 2)), 5, 4, true) }
	cases := []struct {
		name string
		edit func(*Problem)
		want string
	}{
		{"P too large", func(p *Problem) { p.P = 10; p.Fixed, p.Forbidden = nil, nil }, "only 4 sites may open"},
		{"negative P", func(p *Problem) { p.P = -1 }, "must be ≥ 0"},
		{"NaN weight", func(p *Problem) { p.Weight[2] = math.NaN() }, "weight of client 2"},
		{"weight length", func(p *Problem) { p.Weight = p.Weight[:3] }, "one per client"},
		{"fixed and forbidden", func(p *Problem) { p.Fixed, p.Forbidden = []int{1}, []int{1} }, "both fixed and forbidden"},
		{"fixed out of range", func(p *Problem) { p.Fixed = []int{7} }, "out of range"},
		{"NaN distance", func(p *Problem) { p.Dist.Set(1, 1, math.NaN()) }, "client 1 to site 1"},
		{"infinite distance", func(p *Problem) { p.Dist.Set(0, 2, math.Inf(1)); p.Cutoff = 0 }, "infinite"},
		{"empty", func(p *Problem) { p.Dist = NewMatrix(0, 0) }, "no clients"},
		{"nil matrix", func(p *Problem) { p.Dist = nil }, "no distance matrix"},
		{"nothing open", func(p *Problem) { p.P, p.Fixed = 0, nil }, "nothing would be open"},
		{"bad cutoff", func(p *Problem) { p.Cutoff = -1 }, "cutoff"},
	}
	for _, c := range cases {
		pr := good()
		c.edit(pr)
		for name, f := range map[string]func(context.Context, *Problem, Options) (*Solution, error){"PMedian": PMedian, "PCenter": PCenter} {
			_, err := f(context.Background(), pr, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s: err %v, want it to mention %q", name, c.name, err, c.want)
			}
		}
	}
	if _, err := PMedian(context.Background(), nil, Options{}); err == nil {
		t.Error("nil problem accepted")
	}
}

func TestPMedianFixedOnly(t *testing.T) {
	pr := randomProblem(rand.New(rand.NewPCG(3, 3)), 10, 6, true)
	pr.P, pr.Fixed, pr.Forbidden = 0, []int{1, 4}, nil
	sol, err := PMedian(context.Background(), pr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkPM(t, pr, sol, false)
	if !sol.Optimal || !slices.Equal(sol.Open, []int{1, 4}) || len(sol.New) != 0 {
		t.Fatalf("fixed only: %+v", sol)
	}
}

func TestPCenterBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for k := range 40 {
		pr := randomProblem(rng, 12, 8, k%2 == 0)
		if k%4 == 1 {
			pr.Weight[3] = 0 // ignored by the p-center objective
		}
		if k%5 == 2 {
			pr.Cutoff = 40
		}
		want := brutePCenter(pr)
		sol, err := PCenter(context.Background(), pr, Options{Seed: int64(k)})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		checkPM(t, pr, sol, true)
		if sol.Objective != want {
			t.Errorf("instance %d: objective %v, brute-force optimum %v", k, sol.Objective, want)
		}
		if sol.Bound > want {
			t.Errorf("instance %d: bound %v above the optimum %v", k, sol.Bound, want)
		}
	}
}
