package optimize

import (
	"context"
	"slices"
)

// Tabu intensification for maximal covering: from a local optimum of the
// interchange search, the walk applies the best swap whose closed site was
// not closed recently and whose open site was not opened recently, even
// when it loses coverage, and keeps the best solution met (the short-term
// memory of Glover's tabu search, as used for covering location by
// Máximo, Cordeau & Nascimento's hybrid ILS, ITOR 2023). A swap that beats
// the walk's best is allowed even when tabu (aspiration). The swap is
// found with bestSparse's visit of the pairs that share a once-covered
// client, so that a step costs what a descent step costs.

// tabuBest returns the best swap (f in, the site at k out) among the
// non-tabu ones (tabu[j] > it: j may not change state), or one that reaches
// more than aspire. f < 0 when none exists.
func (s *mcLS) tabuBest(tabu []int, it int, aspire float64) (f, k int, profit float64) {
	// Aspiration: the overall best swap when it beats aspire.
	fa, ka, pa := s.bestSparse()
	if fa >= 0 && s.obj+pa > aspire+s.eps() {
		return fa, ka, pa
	}
	return s.bestVisit(tabu, it)
}

// tabuWalk runs a tabu walk from the current (locally optimal) solution
// until maxStall steps pass without beating the walk's best, and leaves
// the search at the best solution met. tabu is scratch of length m (reset
// here); rngTenure draws the tenure of each move.
func (s *mcLS) tabuWalk(ctx context.Context, tabu []int, maxStall int, rngTenure func() int) {
	if s.p == 0 || len(s.sites) < s.p || len(s.v.cand) <= s.p || s.v.pairs >= len(s.v.cand)*s.p {
		return
	}
	clear(tabu)
	best, bestObj := slices.Clone(s.sites), s.obj
	eps := s.eps()
	moved := false
	for it, stall := 1, 0; stall < maxStall; it++ {
		if it&7 == 0 && (done(ctx) || past(s.dl)) {
			break
		}
		f, k, _ := s.tabuBest(tabu, it, bestObj)
		if f < 0 {
			break
		}
		r := s.sites[k]
		s.swap(f, k)
		moved = true
		tabu[r] = it + rngTenure() // r may not reopen for a while
		tabu[f] = it + rngTenure() // nor f close
		if s.obj > bestObj+eps {
			best, bestObj, stall, moved = slices.Clone(s.sites), s.obj, 0, false
		} else {
			stall++
		}
	}
	if moved {
		s.load(best)
	}
}

// Tabu walk settings. The walk runs only under a time budget (Options.
// TimeLimit) and when the instance has at most mcTabuPairs covering pairs:
// on SJC818, r = 400 m, p = 30 (21,944 pairs), with a 10 s budget on the
// shared, loaded machine, it reached the optimum 28,709 in 4 of 6 runs
// against 1 of 4 without it (the others ended at 28,704 or 28,672); with a
// fixed effort it costs about three times an iteration without a gain per
// second, and on the 6,000-point synthetic city at r = 800 m (341,154
// pairs, p = 100) it was slower for no better answer (984,737 in 12.8 CPU
// seconds against 987,261 in 3.6 without it, 400 iterations each).
//
// The walk stops after mcTabuStall steps without improving its best (10
// reached 28,709 sooner than p/2); a move's tenure is drawn in
// [mcTenureMin, mcTenureMin + max(2, p/mcTenureDiv)).
const (
	mcTabuPairs = 100_000
	mcTabuStall = 10
	mcTenureMin = 3
	mcTenureDiv = 4
)
