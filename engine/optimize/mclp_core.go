package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Core problems for maximal covering (a fix-and-optimise large
// neighbourhood search): the sites that the best solution shares with
// another elite solution are forced open, a random few of them freed
// again so that at least coreFreeMin sites stay to choose, and the
// remaining choice — every other candidate free — is solved exactly by the
// Lagrangian branch and bound (branchMCFrom) within a node budget. With few
// sites to choose, the Lagrangian bound of the subproblem is tight, and
// the tree closes or finds the best completion of the shared part where the
// interchange search, which moves one site at a time, stalls between local
// optima that differ by several sites.

// coreFreeMin and coreFreeMax bound the number of sites left to choose in
// a core problem; coreNodes is its node budget.
const (
	coreFreeMin = 4
	coreFreeMax = 10
	coreNodes   = 100
)

// coreSearch solves core problems built from best and the elite solutions
// until dl, the context's end or maxRounds rounds, and returns the best
// solution found (best itself when none is better).
func (v *cov) coreSearch(ctx context.Context, p int, best []int, bestObj float64, elite [][]int, lam []float64, dl time.Time, rep *reporter, seed uint64, maxRounds int) ([]int, float64, int) {
	if p < coreFreeMin+1 || len(elite) == 0 {
		return best, bestObj, 0
	}
	rng := rand.New(rand.NewPCG(seed, 0xc07e))
	eps := 1e-9 * math.Max(1, v.total)
	rounds := 0
	for ; rounds < maxRounds && !done(ctx) && !past(dl); rounds++ {
		other := elite[rng.IntN(len(elite))]
		in := make(map[int]bool, len(other))
		for _, j := range other {
			in[j] = true
		}
		var common []int
		for _, j := range best {
			if in[j] {
				common = append(common, j)
			}
		}
		rng.Shuffle(len(common), func(a, b int) { common[a], common[b] = common[b], common[a] })
		free := coreFreeMin + rng.IntN(coreFreeMax-coreFreeMin+1)
		if keep := p - free; len(common) > keep {
			common = common[:max(0, keep)]
		}
		state := make([]int8, v.m)
		for _, j := range common {
			state[j] = siteOpen
		}
		b := v.branchMCFrom(ctx, p, bestObj, slices.Clone(lam), coreNodes, dl, rep, math.Inf(1), state, false)
		if b.sites != nil && b.obj > bestObj+eps {
			best = v.padSites(b.sites, p)
			bestObj = v.exact(best)
			rep.report("core problem", v.base+bestObj, math.NaN(), false)
		}
	}
	return best, bestObj, rounds
}
