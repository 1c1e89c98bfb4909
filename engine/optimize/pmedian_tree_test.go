package optimize

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPMLagPick checks pick's selection against a full sort: the open set
// is the q free sites of smallest C (ties by index), free[q-1] is the
// largest of them, free[q] the smallest of the rest and free[0] the
// smallest of all, with many ties and every q.
func TestPMLagPick(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range 300 {
		m := 2 + rng.IntN(60)
		lp := &pmLag{in: &inst{p: 0}, c: make([]float64, m), isOpen: make([]bool, m)}
		for j := range m {
			lp.c[j] = float64(rng.IntN(1 + m/3)) // ties
			if k%2 == 0 {
				lp.c[j] = -rng.Float64()
			}
			lp.free = append(lp.free, j)
		}
		rng.Shuffle(m, func(a, b int) { lp.free[a], lp.free[b] = lp.free[b], lp.free[a] })
		sorted := slices.Clone(lp.free)
		slices.SortFunc(sorted, func(a, b int) int {
			if r := cmp.Compare(lp.c[a], lp.c[b]); r != 0 {
				return r
			}
			return cmp.Compare(a, b)
		})
		lp.q = rng.IntN(m + 1)
		var want float64
		for _, j := range sorted[:lp.q] {
			want += lp.c[j]
		}
		L := lp.pick(0)
		if math.Abs(L-want) > 1e-9 {
			t.Fatalf("case %d: L %v, want %v", k, L, want)
		}
		got := slices.Sorted(slices.Values(lp.free[:lp.q]))
		if !slices.Equal(got, slices.Sorted(slices.Values(sorted[:lp.q]))) {
			t.Fatalf("case %d (m %d q %d): chose %v, want %v", k, m, lp.q, got, sorted[:lp.q])
		}
		if lp.q > 0 && lp.q < m {
			if lp.free[lp.q-1] != sorted[lp.q-1] || lp.free[lp.q] != sorted[lp.q] || lp.free[0] != sorted[0] {
				t.Fatalf("case %d (m %d q %d): free[0], free[q-1], free[q] = %d %d %d, want %d %d %d", k, m, lp.q,
					lp.free[0], lp.free[lp.q-1], lp.free[lp.q], sorted[0], sorted[lp.q-1], sorted[lp.q])
			}
		}
		for j := range m {
			if lp.isOpen[j] != slices.Contains(lp.open, j) {
				t.Fatalf("case %d: isOpen[%d] = %v", k, j, lp.isOpen[j])
			}
		}
	}
}

// TestPMedianTreeBruteForce runs the branch and bound alone (deflected
// warm-started node steps, clipped multipliers at opened children,
// branching on the most fractional averaged choice) from a short root
// subgradient and a deliberately poor upper bound, on instances whose
// optimum is known by enumeration: the tree must find the optimum itself
// (the relaxation's open sets and leaves are its only primal sources) and
// end with a bound equal to it. With the optimum as the upper bound it must
// prove that nothing is better, and with a cut just below the optimum it
// must find nothing better than the optimum and report no bound above it.
// Each runs with the sorted walks (with and without the stored w_i d_ij)
// and with plain row scans.
func TestPMedianTreeBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	deep := 0
	for k := range 120 {
		var pr *Problem
		switch k % 3 {
		case 0:
			pr = randomProblem(rng, 30, 14, k%2 == 0)
			pr.P = min(14-len(pr.Fixed)-len(pr.Forbidden), 2+rng.IntN(5))
			if k%5 == 0 {
				pr.Cutoff = 35
			}
		default:
			var err error
			if pr, err = ReadORLib(strings.NewReader(smallGraph(rng, 22, 40, 2+rng.IntN(4)))); err != nil {
				t.Fatal(err)
			}
			perm := rng.Perm(22)
			pr.Fixed, pr.Forbidden = perm[:rng.IntN(2)], perm[2:2+rng.IntN(3)]
		}
		want := brutePMedian(pr)
		in, err := newInst(pr, "test")
		if err != nil {
			t.Fatal(err)
		}
		if in.p == 0 || in.p >= len(in.cand) {
			continue
		}
		eps := 1e-6 * math.Max(1, want)
		for variant := range 3 {
			// Sorted walks with w_i d_ij stored, without it (as on large
			// instances), and plain row scans.
			order := sortedOrders(in)
			if variant == 2 {
				order = nil
			}
			for _, mode := range []string{"poor", "optimum", "below"} {
				lp := newPMLag(in, order)
				if variant == 1 {
					lp.wd = nil
				}
				s := newLS(in, order)
				s.load(greedyPM(in, nil, 0))
				lam := lp.initLambda(s)
				ub := 3 * evalPM(in, in.cand[:in.p]) // poor
				switch mode {
				case "optimum":
					ub = want
				case "below":
					ub = want - 1
					if !in.integer {
						ub = want - 1e-3*math.Max(1, want)
					}
				}
				lb := lp.subgrad(context.Background(), lam, ub, 20, 2, 5, nil)
				if lb > want+eps {
					t.Fatalf("instance %d: root bound %v above the optimum %v", k, lb, want)
				}
				best := math.Inf(1)
				bb := lp.branchAndBound(context.Background(), lam, ub, lb, 0, func(sites []int, o float64) {
					if len(sites) != in.p {
						t.Fatalf("instance %d: primal with %d sites, want %d", k, len(sites), in.p)
					}
					if e := evalPM(in, sites); math.Abs(e-o) > eps {
						t.Fatalf("instance %d: primal valued %v, evaluates to %v", k, o, e)
					}
					best = math.Min(best, o)
				})
				if !bb.done {
					t.Fatalf("instance %d %s: tree not exhausted", k, mode)
				}
				if bb.nodes > 3 {
					deep++
				}
				switch mode {
				case "poor":
					if math.Abs(best-want) > eps || math.Abs(bb.lb-want) > eps {
						t.Errorf("instance %d (variant %d): tree found %v with bound %v, optimum %v (%d nodes)", k, variant, best, bb.lb, want, bb.nodes)
					}
				case "optimum":
					if best < want-eps || bb.lb > want+eps {
						t.Errorf("instance %d: with ub = optimum %v the tree found %v, bound %v", k, want, best, bb.lb)
					}
				case "below":
					if !math.IsInf(best, 1) && best < want-eps {
						t.Errorf("instance %d: found %v below the optimum %v", k, best, want)
					}
					if bb.lb > want+eps {
						t.Errorf("instance %d: bound %v above the optimum %v", k, bb.lb, want)
					}
				}
			}
		}
	}
	if deep < 50 {
		t.Errorf("only %d trees had more than 3 nodes: the test does not exercise the branching", deep)
	}
	t.Logf("%d trees with more than 3 nodes", deep)
}
