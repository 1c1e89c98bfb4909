package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Region problems for maximal covering (a spatial fix-and-optimise large
// neighbourhood search): a few open sites near one another are freed,
// every other open site stays open, every candidate away from them is
// closed, and the freed sites are placed again, exactly, among the
// candidates of their neighbourhood by the Lagrangian branch and bound
// (branchMCFrom). On a city, where sites interact only within a few radii,
// this moves several neighbouring sites at once — what the interchange
// search, one site at a time, cannot do without first losing coverage —
// and a closed tree proves that no better placement of those sites exists
// in that neighbourhood.
//
// Neighbourhoods are measured in hops over the covering graph, so no
// coordinates are needed: the candidates one hop from a site are those
// sharing a client with it (within two radii); each further hop adds the
// candidates covering a client of the previous ones.

// Region sizes: the freed sites (at most p), the candidates of a region
// and the node budget of its branch and bound.
const (
	regionFreeMin  = 3
	regionFreeMax  = 12
	regionCandsMax = 1500
	regionNodes    = 60
)

// Large regions (regionSearchTo with maxFree > regionFreeMax): after a
// pass at regionFreeJump sites without improvement, the next pass frees
// maxFree sites at once, each region with a node budget of regionNodesBig.
//
// On SJC818, r = 400 m, p = 30 (optimum 28,709), the local search ends at
// 28,670 or 28,672 in most runs, whose sites differ from the optimum's in
// 16–22 places, nearly all of the city's centre shifted by 60–380 m: no
// region of up to 17 sites improves them (60 or 300 nodes, every centre
// tried), while regions of 20 sites (2p/3) with 30 nodes improve 28,670
// from 7 of its 30 centres (to 28,708–28,709) and 28,672 from 2 (to
// 28,704), at about 0.1 s each. The sizes in between are skipped: the
// passes at 10–12 sites cost 0.6–2.4 s each there for nothing.
const (
	regionFreeJump = 8
	regionNodesBig = 30
)

// regionWork is the scratch of the region search.
type regionWork struct {
	candMark   []int32 // per site, the round that reached it
	clientMark []int32 // per client, the round that reached it
	round      int32
	cands      []int
}

// region returns the candidates within reach of the open site s0 (layer by
// layer over the covering graph, until the layer that holds want open
// sites, or regionCandsMax candidates) and the open sites among them, the
// nearest first.
func (v *cov) region(s0 int, open []bool, want int, rw *regionWork) (cands, opened []int) {
	rw.round++
	r := rw.round
	rw.cands = append(rw.cands[:0], s0)
	rw.candMark[s0] = r
	opened = append(opened, s0)
	for from := 0; from < len(rw.cands); {
		to := len(rw.cands)
		for _, j := range rw.cands[from:to] {
			for _, i := range v.covers[j] {
				if rw.clientMark[i] == r {
					continue
				}
				rw.clientMark[i] = r
				for _, f32 := range v.by[i] {
					f := int(f32)
					if rw.candMark[f] == r {
						continue
					}
					rw.candMark[f] = r
					rw.cands = append(rw.cands, f)
					if open[f] {
						opened = append(opened, f)
					}
				}
			}
		}
		from = to
		if len(rw.cands) >= regionCandsMax {
			break
		}
		if len(opened) >= want {
			break
		}
	}
	if len(opened) > want {
		opened = opened[:want]
	}
	return rw.cands, opened
}

// regionSearch solves region problems around the sites of best until dl,
// the context's end or maxRounds rounds, and returns the best solution
// found (best itself when none is better) and the rounds done; it also
// ends once stopAt is reached.
//
// It visits the open sites in a random order, each as the centre of a
// region of q freed sites; after a whole pass without improvement, q grows
// by one, and after a pass at regionFreeMax the search ends: no region of
// that kind has a better placement within its node budget. An improvement
// brings q back to regionFreeMin.
func (v *cov) regionSearch(ctx context.Context, p int, best []int, bestObj, stopAt float64, lam []float64, dl time.Time, rep *reporter, seed uint64, maxRounds int) ([]int, float64, int) {
	return v.regionSearchTo(ctx, p, best, bestObj, stopAt, lam, dl, rep, seed, maxRounds, regionFreeMax)
}

// regionSearchTo is regionSearch with regions of up to maxFree sites: when
// maxFree > regionFreeMax, the pass after one at regionFreeJump sites
// without improvement frees maxFree sites (regionNodesBig nodes each), and
// the search ends after such a pass without improvement; a pass of large
// regions stops at its first improvement, and the search goes back to
// regionFreeMin sites around the new solution.
func (v *cov) regionSearchTo(ctx context.Context, p int, best []int, bestObj, stopAt float64, lam []float64, dl time.Time, rep *reporter, seed uint64, maxRounds, maxFree int) ([]int, float64, int) {
	if p < 2 || len(v.cand) <= p {
		return best, bestObj, 0
	}
	rng := rand.New(rand.NewPCG(seed, 0x7e61))
	eps := 1e-9 * math.Max(1, v.total)
	rw := &regionWork{candMark: make([]int32, v.m), clientMark: make([]int32, v.n)}
	open := make([]bool, v.m)
	for _, j := range best {
		open[j] = true
	}
	rounds := 0
	q := min(p, regionFreeMin)
	for {
		order := slices.Clone(best)
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		improved := false
		for _, s0 := range order {
			if rounds >= maxRounds || bestObj >= stopAt-eps || done(ctx) || past(dl) {
				return best, bestObj, rounds
			}
			if !open[s0] {
				continue // moved by an earlier round of this pass
			}
			rounds++
			cands, freed := v.region(s0, open, q, rw)
			state := make([]int8, v.m)
			for _, j := range v.cand {
				state[j] = siteClosed
			}
			for _, j := range cands {
				state[j] = siteFree
			}
			for _, j := range best {
				state[j] = siteOpen
			}
			for _, j := range freed {
				state[j] = siteFree
			}
			nodes := regionNodes
			if q > regionFreeMax {
				nodes = regionNodesBig
			}
			b := v.branchMCFrom(ctx, p, bestObj, slices.Clone(lam), nodes, dl, rep, math.Inf(1), state, false)
			if b.sites != nil && b.obj > bestObj+eps {
				for _, j := range best {
					open[j] = false
				}
				best = v.padSites(b.sites, p)
				bestObj = v.exact(best)
				for _, j := range best {
					open[j] = true
				}
				improved = true
				rep.report("region problem", v.base+bestObj, math.NaN(), false)
				if q > regionFreeMax {
					break // back to small regions, cheaper, around the new sites
				}
			}
		}
		switch {
		case improved:
			q = min(p, regionFreeMin)
		case q >= min(p, max(regionFreeMax, maxFree)):
			return best, bestObj, rounds
		case maxFree > regionFreeMax && q >= regionFreeJump:
			q = min(p, maxFree)
		default:
			q++
		}
	}
}

// regionRounds is the number of region problems without a time budget.
func regionRounds(p int) int { return min(6*p, 300) }
