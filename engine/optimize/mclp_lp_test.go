package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// checkLPCertificate asserts that the LP's primal solution is feasible for
// the node and that its value equals the Lagrangian bound at the LP's
// duals, which proves both optimal (weak duality); it returns that value.
func checkLPCertificate(t *testing.T, v *cov, lp *mcLP, state []int8, p int, what string) float64 {
	t.Helper()
	tol := 1e-7 * math.Max(1, v.total)
	var sumY float64
	for c, j := range lp.ySite {
		y := lp.x[c]
		if y < lp.lo[c]-1e-9 || y > lp.up[c]+1e-9 {
			t.Fatalf("%s: y[%d] = %v outside [%v, %v]", what, j, y, lp.lo[c], lp.up[c])
		}
		switch state[j] {
		case siteOpen:
			if math.Abs(y-1) > 1e-9 {
				t.Fatalf("%s: open site %d has y %v", what, j, y)
			}
		case siteClosed:
			if math.Abs(y) > 1e-9 {
				t.Fatalf("%s: closed site %d has y %v", what, j, y)
			}
		}
		sumY += y
	}
	if sumY > float64(p)+1e-7 {
		t.Fatalf("%s: Σy = %v > p = %d", what, sumY, p)
	}
	var obj float64
	for r := 1; r < lp.nr; r++ {
		i := lp.rowCli[r]
		z := lp.x[lp.ny+r-1]
		var cover float64
		for _, j := range v.by[i] {
			cover += lp.x[lp.siteY[j]]
		}
		if z < -1e-9 || z > 1+1e-9 || z > cover+1e-7 {
			t.Fatalf("%s: client %d has z %v with cover %v", what, i, z, cover)
		}
		obj += v.w[i] * z
	}
	lam := make([]float64, v.n)
	lp.duals(lam)
	w := v.newLagWork()
	nd := v.node(state, p)
	L, _, _ := v.lagEval(nd, lam, w.big, &w.top, &w.order)
	if math.Abs(L-obj) > tol {
		t.Fatalf("%s: LP value %v but L(λ) = %v at its duals", what, obj, L)
	}
	return obj
}

// TestMcLPCertificates solves the LP relaxation of random covering
// instances under random site fixings, from the slack basis and warm
// started from another node's basis, and checks each answer by its
// certificate: a feasible primal whose value equals the Lagrangian bound
// at the duals.
func TestMcLPCertificates(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 70))
	for k := range 60 {
		c, _, _ := randomCoverage(rng, 40+rng.IntN(80), 10+rng.IntN(40), 10+rng.Float64()*25)
		v, err := newCov(c, "MCLP")
		if err != nil {
			t.Fatal(err)
		}
		p := 1 + rng.IntN(min(8, len(v.cand)))
		lp := v.newMcLP(p, uint64(k))
		root := make([]int8, v.m)
		if !lp.load(lp.slackBasis(), root) || !lp.solve(100000, nil) {
			t.Fatalf("instance %d: root LP not solved", k)
		}
		rootObj := checkLPCertificate(t, v, lp, root, p, "root")
		start := lp.basis()
		for range 4 {
			state := make([]int8, v.m)
			opened := 0
			for _, j := range v.cand {
				switch rng.IntN(6) {
				case 0:
					if opened < p {
						state[j] = siteOpen
						opened++
					}
				case 1:
					state[j] = siteClosed
				}
			}
			if !lp.load(start, state) || !lp.solve(100000, nil) {
				t.Fatalf("instance %d: node LP not solved", k)
			}
			if obj := checkLPCertificate(t, v, lp, state, p, "node"); obj > rootObj+1e-7*v.total {
				t.Fatalf("instance %d: node LP %v above the root's %v", k, obj, rootObj)
			}
		}
	}
}

// TestMcLPRootSJC: the LP relaxation of SJC818 (r = 400 m, p = 30) has the
// value GLPK reports for it, 28,793.68.
func TestMcLPRootSJC(t *testing.T) {
	pts := loadSJC(t, 818)
	v, err := newCov(CoverageFromPoints(pts, pts, false, 400), "MCLP")
	if err != nil {
		t.Fatal(err)
	}
	const p = 30
	lp := v.newMcLP(p, 1)
	state := make([]int8, v.m)
	if !lp.load(lp.slackBasis(), state) || !lp.solve(math.MaxInt, nil) {
		t.Fatal("root LP not solved")
	}
	if obj := checkLPCertificate(t, v, lp, state, p, "SJC818"); math.Abs(obj-28793.68) > 0.01 {
		t.Errorf("root LP %.4f, want GLPK's 28793.68", obj)
	}
}

// TestBranchMCLPTree runs the best-first branch and bound with the node
// LPs on SJC818 r400 p30 from an incumbent one below its optimum 28,709
// (proved by GLPK and CBC), which the Lagrangian tree alone cannot prove:
// the LP tree must find the optimum and prove it. (TestBranchMCBestFirst
// runs it to the end against enumeration on small instances.)
func TestBranchMCLPTree(t *testing.T) {
	if testing.Short() {
		t.Skip("a proof of about 40 s")
	}
	pts := loadSJC(t, 818)
	v, err := newCov(CoverageFromPoints(pts, pts, false, 400), "MCLP")
	if err != nil {
		t.Fatal(err)
	}
	v.lpTree = true
	const p, opt = 30, 28709
	st := time.Now()
	b := v.branchMC(context.Background(), p, opt-1, v.startLam(), math.MaxInt, time.Time{}, nil, math.Inf(1), true)
	if !b.proved || b.obj != opt || v.exact(b.sites) != opt {
		t.Errorf("SJC818 r400 p30: proved %v at %v (bound %v), want 28709 proved", b.proved, b.obj, b.bound)
	}
	t.Logf("SJC818 r400 p30 proved %v at %v in %d nodes, %v", b.proved, b.obj, b.nodes, time.Since(st))
}
