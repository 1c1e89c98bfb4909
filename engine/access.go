package engine

import (
	"math"

	"github.com/welfare-intelligence/wi/geo"
)

// Accessibility scores: the two-step floating catchment area method (2SFCA,
// Luo & Wang 2003) and its enhanced variant with a distance decay (E2SFCA,
// Luo & Qi 2009), here with a Gaussian decay.
//
// Step 1, for each facility j with capacity S_j:
//
//	D_j = Σ_k G(d_kj) P_k   over the demand points k with d_kj ≤ d0
//	R_j = S_j / D_j         (0 when D_j = 0: nobody to serve)
//
// Step 2, for each demand point i:
//
//	A_i = Σ_j G(d_ij) R_j   over the facilities j with d_ij ≤ d0
//
// 2SFCA uses G = 1 within the catchment radius d0; E2SFCA uses the Gaussian
// weight rescaled to fall to zero at the radius (as Dai 2010 and Wan, Zou &
// Sternberg 2012 do), so that both scores share the same catchment:
//
//	G(d) = (exp(−½ (d/d0)²) − exp(−½)) / (1 − exp(−½))   for d ≤ d0, 0 beyond
//
// The scores conserve supply: Σ_i P_i A_i = Σ_j S_j over the facilities with
// D_j > 0. Distances are haversine.

// AccessDemand is a number of people (or households) at a point.
type AccessDemand struct {
	Point  geo.Point
	People float64
}

// AccessSupply is a facility's capacity at a point.
type AccessSupply struct {
	Point    geo.Point
	Capacity float64
}

// AccessDecay is the distance-decay weight of an accessibility score.
type AccessDecay int

// Decays.
const (
	DecayStep     AccessDecay = iota // 2SFCA: weight 1 within the radius, 0 beyond
	DecayGaussian                    // E2SFCA: rescaled Gaussian, 1 at distance 0, 0 at the radius
)

// accessGaussianFloor is exp(−½), the plain Gaussian's value at the radius.
var accessGaussianFloor = math.Exp(-0.5)

// Weight returns the weight of a distance d for catchment radius d0.
func (dc AccessDecay) Weight(d, d0 float64) float64 {
	if d > d0 || d0 <= 0 {
		return 0
	}
	if dc == DecayStep {
		return 1
	}
	r := d / d0
	return (math.Exp(-0.5*r*r) - accessGaussianFloor) / (1 - accessGaussianFloor)
}

// AccessOptions configure Accessibility.
type AccessOptions struct {
	RadiusM float64 // catchment radius d0, metres
	Decay   AccessDecay
	// MinPeople leaves out of step 2 every facility whose catchment holds
	// from 1 to MinPeople − 1 people (unweighted, rounded): its ratio would
	// reveal that small count. 0 keeps every facility.
	MinPeople int
}

// AccessScores are the results of both steps.
type AccessScores struct {
	Point    []float64 // A_i: capacity per person reachable from each demand point
	Ratio    []float64 // R_j: capacity per person of each facility's catchment (0 when left out)
	Demand   []float64 // D_j: weighted demand in each facility's catchment
	People   []float64 // people within each facility's radius, unweighted
	Excluded []bool    // facilities left out by MinPeople
}

// Accessibility computes 2SFCA or E2SFCA scores of the demand points.
func Accessibility(demand []AccessDemand, supply []AccessSupply, o AccessOptions) AccessScores {
	out := AccessScores{
		Point: make([]float64, len(demand)), Ratio: make([]float64, len(supply)),
		Demand: make([]float64, len(supply)), People: make([]float64, len(supply)), Excluded: make([]bool, len(supply)),
	}
	if o.RadiusM <= 0 || len(demand) == 0 || len(supply) == 0 {
		return out
	}
	links := accessLinks(demand, supply, o.RadiusM, o.Decay)
	for j, ls := range links {
		for _, lk := range ls {
			out.People[j] += demand[lk.k].People
			out.Demand[j] += lk.w * demand[lk.k].People
		}
	}
	for j, s := range supply {
		n := roundCount(out.People[j])
		if o.MinPeople > 0 && n > 0 && n < int64(o.MinPeople) {
			out.Excluded[j] = true
			continue
		}
		if out.Demand[j] > 0 {
			out.Ratio[j] = s.Capacity / out.Demand[j]
		}
	}
	for j, ls := range links {
		if out.Ratio[j] == 0 {
			continue
		}
		for _, lk := range ls {
			out.Point[lk.k] += lk.w * out.Ratio[j]
		}
	}
	return out
}

// accessLink is a demand point k within a facility's radius, with its
// distance-decay weight w (a point at exactly the radius, whose Gaussian
// weight is zero, is not a link).
type accessLink struct {
	k int
	w float64
}

// accessLinks returns, for each facility, the demand points within the
// radius and their weights: the catchments both steps share.
func accessLinks(demand []AccessDemand, supply []AccessSupply, radiusM float64, decay AccessDecay) [][]accessLink {
	links := make([][]accessLink, len(supply))
	if radiusM <= 0 || len(demand) == 0 {
		return links
	}
	pts := make([]geo.Point, len(demand))
	for k, d := range demand {
		pts[k] = d.Point
	}
	index := geo.NewIndex(pts, radiusM)
	for j, s := range supply {
		index.Within(s.Point, radiusM, func(k int, d float64) bool {
			if w := decay.Weight(d, radiusM); w > 0 {
				links[j] = append(links[j], accessLink{k, w})
			}
			return true
		})
	}
	return links
}
