package engine

import (
	"fmt"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// The accessibility scores of `where gap`: 2SFCA and E2SFCA by area, from
// published counts only.

// gapAccess holds population-weighted mean scores by area key ("n:slug",
// "m:slug", "city"); an area with nobody has no key, and an area whose score
// cannot be computed from published counts is held.
type gapAccess struct {
	step, gauss         map[string]float64
	heldStep, heldGauss map[string]bool
	excluded            int
}

// gapCatchments is what the scores need whatever the reader: the demand
// table, every facility's catchment under both decays, and the demand
// points of each area.
type gapCatchments struct {
	tbl    *demandTable
	links  [2][][]accessLink // by decay (step, Gaussian), by facility
	points map[string][]int  // area key → demand points
}

// gapAreaKeys returns the area keys a demand point counts in.
func gapAreaKeys(tbl *demandTable, dp demandPoint) []string {
	keys := []string{"city", "m:" + tbl.municipio[dp.row]}
	if tbl.nil[dp.row] != "" {
		keys = append(keys, "n:"+tbl.nil[dp.row])
	}
	return keys
}

// gapAccessFor returns the accessibility scores of a service for a reader,
// computed once per engine and precision.
func (e *Engine) gapAccessFor(tbl *demandTable, supply []AccessSupply, svc Service, target Target, year int, role Role, pub publisher, published map[string]disclose.Count) gapAccess {
	base := fmt.Sprintf("access|%s|%s|%d|%g", svc.Slug, target.Slug, year, svc.RadiusM)
	key := fmt.Sprintf("%s|%d|%t", base, role.Rounding(), role.Exact())
	if v, ok := e.memo.Load(key); ok {
		return v.(gapAccess)
	}
	v, ok := e.memo.Load(base)
	if !ok {
		demand := make([]AccessDemand, len(tbl.points))
		c := &gapCatchments{tbl: tbl, points: map[string][]int{}}
		for k, dp := range tbl.points {
			demand[k] = AccessDemand{dp.p, dp.w}
			for _, a := range gapAreaKeys(tbl, dp) {
				c.points[a] = append(c.points[a], k)
			}
		}
		c.links[0] = accessLinks(demand, supply, svc.RadiusM, DecayStep)
		c.links[1] = accessLinks(demand, supply, svc.RadiusM, DecayGaussian)
		v, _ = e.memo.LoadOrStore(base, c)
	}
	acc := gapAccessScores(v.(*gapCatchments), supply, pub, published)
	e.memo.Store(key, acc)
	return acc
}

// gapAccessScores computes 2SFCA and E2SFCA (see access.go) from published
// counts only, so that no score gives an exact count back by algebra:
//
//   - step 1: a facility's ratio is its capacity over the published count of
//     the people in its catchment (weighted by distance for E2SFCA, as a
//     weighted count); a facility whose catchment is withheld (too few
//     sections, or a count below the threshold for a reader of exact
//     counts) is left out, as is one with nobody to serve;
//   - step 2: an area's score is Σ_j R_j · N_aj / P_a, where P_a is the
//     area's published count (the one its row shows) and N_aj the
//     published (weighted) count of its people in facility j's catchment;
//     when that part is withheld for having too few sections, it is the
//     area's count minus the published count of the rest of the area, and
//     when both are withheld the area's score is withheld.
func gapAccessScores(c *gapCatchments, supply []AccessSupply, pub publisher, published map[string]disclose.Count) gapAccess {
	tbl := c.tbl
	out := gapAccess{step: map[string]float64{}, gauss: map[string]float64{}, heldStep: map[string]bool{}, heldGauss: map[string]bool{}}
	// Facilities left out: catchment people withheld or small.
	left := make([]bool, len(supply))
	for j, ls := range c.links[0] {
		var r disclose.Region
		for _, lk := range ls {
			r.Merge(tbl.points[lk.k].region())
		}
		if n := pub.drawn(r); n.Withheld() || gapSmall(n, pub.threshold) {
			left[j] = true
			out.excluded++
		}
	}
	for d, links := range c.links {
		scores, held := out.step, out.heldStep
		if d == 1 {
			scores, held = out.gauss, out.heldGauss
		}
		ratio := make([]float64, len(supply))
		for j, ls := range links {
			if left[j] {
				continue
			}
			var r disclose.Region
			for _, lk := range ls {
				dp := tbl.points[lk.k]
				r.Add(lk.w*dp.w, dp.key)
			}
			if v, ok := pub.drawn(r).Value(); ok && v > 0 {
				ratio[j] = supply[j].Capacity / float64(v)
			}
		}
		// The weighted people of each area in each catchment.
		parts := map[string]map[int]*disclose.Region{}
		for j, ls := range links {
			if ratio[j] == 0 {
				continue
			}
			for _, lk := range ls {
				dp := tbl.points[lk.k]
				for _, a := range gapAreaKeys(tbl, dp) {
					m := parts[a]
					if m == nil {
						m = map[int]*disclose.Region{}
						parts[a] = m
					}
					if m[j] == nil {
						m[j] = &disclose.Region{}
					}
					m[j].Add(lk.w*dp.w, dp.key)
				}
			}
		}
		for a, pc := range published {
			pa, ok := pc.Value()
			if !ok || pa <= 0 {
				continue // withheld or nobody: the row shows no score
			}
			var sum float64
			for j, r := range parts[a] {
				n, ok := pub.drawn(*r).Value()
				if !ok {
					// The rest of the area: each point with the weight it
					// lacks (1 − w, so 1 outside the catchment).
					w := map[int]float64{}
					for _, lk := range links[j] {
						w[lk.k] = lk.w
					}
					var rest disclose.Region
					for _, k := range c.points[a] {
						dp := tbl.points[k]
						rest.Add((1-w[k])*dp.w, dp.key)
					}
					m, ok := pub.drawn(rest).Value()
					if !ok {
						held[a] = true
						break
					}
					n = max(pa-m, 0)
				}
				sum += ratio[j] * float64(n)
			}
			if !held[a] {
				scores[a] = sum / float64(pa)
			}
		}
	}
	return out
}

func gapAccessNote(radiusM float64, excluded int, l Lang) string {
	if radiusM <= 0 {
		return l.Pick("Accessibilità non calcolata: il servizio non ha un raggio abituale.",
			"Accessibility not computed: the service has no usual radius.")
	}
	d := FormatDistance(radiusM, l)
	s := l.Pick(
		fmt.Sprintf("Accessibilità in posti per 1.000 persone, media dell'area pesata sulla popolazione. 2SFCA (Luo e Wang 2003): per ogni struttura, capacità diviso le persone entro %s; per ogni punto, somma dei rapporti delle strutture entro %s. E2SFCA: come 2SFCA con peso gaussiano G(d) = (exp(−½(d/%s)²) − exp(−½)) / (1 − exp(−½)) in entrambi i passi, 1 a distanza zero e 0 a %s.", d, d, d, d),
		fmt.Sprintf("Accessibility in places per 1,000 people, the area's population-weighted mean. 2SFCA (Luo & Wang 2003): for each facility, capacity divided by the people within %s; for each point, the sum of the ratios of the facilities within %s. E2SFCA: as 2SFCA with the Gaussian weight G(d) = (exp(−½(d/%s)²) − exp(−½)) / (1 − exp(−½)) in both steps, 1 at distance zero and 0 at %s.", d, d, d, d))
	s += l.Pick(" Entrambi i passi usano i conteggi pubblicati, non quelli esatti.",
		" Both steps use the published counts, not the exact ones.")
	if excluded > 0 {
		s += l.Pick(
			fmt.Sprintf(" %d strutture il cui bacino non è pubblicabile sono escluse dal calcolo.", excluded),
			fmt.Sprintf(" %d facilities whose catchment cannot be published are left out.", excluded))
	}
	return s
}
