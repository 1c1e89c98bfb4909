package engine

import (
	"maps"
	"slices"
)

// levelCells is one column of counts (people of a target, or those of them
// without a service) at the two levels questions rank by: neighbourhoods,
// grouped by municipio, and municipi, grouped under the city.
type levelCells struct {
	nils       []string // NIL slugs, sorted
	nilParent  []string // municipio of each NIL
	nilCount   []int64
	munis      []string // municipio slugs, sorted
	muniCount  []int64
	nilIndex   map[string]int
	muniIndex  map[string]int
	cityCounts int64
}

// cellsOf sums values by NIL and by municipio. key returns a row's NIL and
// municipio slugs; value its count.
func cellsOf(n int, key func(i int) (nilSlug, muni string), value func(i int) int64) *levelCells {
	nilSum, muniSum := map[string]int64{}, map[string]int64{}
	parent := map[string]string{}
	c := &levelCells{}
	for i := range n {
		ns, ms := key(i)
		v := value(i)
		if ns != "" {
			nilSum[ns] += v
			parent[ns] = ms
		}
		muniSum[ms] += v
		c.cityCounts += v
	}
	c.nils = slices.Sorted(maps.Keys(nilSum))
	c.munis = slices.Sorted(maps.Keys(muniSum))
	c.nilIndex, c.muniIndex = map[string]int{}, map[string]int{}
	for i, s := range c.nils {
		c.nilParent = append(c.nilParent, parent[s])
		c.nilCount = append(c.nilCount, nilSum[s])
		c.nilIndex[s] = i
	}
	for i, s := range c.munis {
		c.muniCount = append(c.muniCount, muniSum[s])
		c.muniIndex[s] = i
	}
	return c
}

// withheld is a disclosure pattern over both levels of one column.
type withheld struct {
	nil, muni          []bool
	primary, secondary int
}

// protectLevels computes a pattern that holds across the hierarchy: each
// level is protected within its groups (see protect), and every NIL of a
// withheld municipio is withheld too — otherwise the municipio could be
// recomputed by adding up its neighbourhoods, and through the city total a
// second withheld municipio with it. forcedNIL and forcedMuni mark cells to
// withhold whatever their value (e.g. because a complementary count is small).
func protectLevels(c *levelCells, forcedNIL, forcedMuni []bool, threshold int) withheld {
	var w withheld
	cityGroup := make([]string, len(c.munis))
	var p, s int
	w.muni, p, s = protect(c.muniCount, cityGroup, forcedMuni, threshold)
	w.primary, w.secondary = p, s
	w.nil, p, s = protect(c.nilCount, c.nilParent, forcedNIL, threshold)
	w.primary, w.secondary = w.primary+p, w.secondary+s
	// Repeat until nothing changes: a withheld municipio withholds its
	// neighbourhoods; a municipio whose only withheld neighbourhood has no
	// positive sibling to hide behind equals that neighbourhood, so it is
	// withheld itself; a lone withheld municipio takes the smallest other
	// with it.
	for changed := true; changed; {
		changed = false
		for i, m := range c.nilParent {
			if k, ok := c.muniIndex[m]; ok && w.muni[k] && !w.nil[i] && c.nilCount[i] > 0 {
				w.nil[i] = true
				w.secondary++
				changed = true
			}
		}
		hiddenIn, openIn := map[string]int{}, map[string]int{}
		for i, m := range c.nilParent {
			switch {
			case w.nil[i] && c.nilCount[i] > 0:
				hiddenIn[m]++
			case !w.nil[i] && c.nilCount[i] > 0:
				openIn[m]++
			}
		}
		for m, n := range hiddenIn {
			if k, ok := c.muniIndex[m]; ok && n == 1 && openIn[m] == 0 && !w.muni[k] {
				w.muni[k] = true
				w.secondary++
				changed = true
			}
		}
		hidden, best := 0, -1
		for k := range c.munis {
			if w.muni[k] && c.muniCount[k] > 0 {
				hidden++
			} else if !w.muni[k] && c.muniCount[k] > 0 && (best < 0 || c.muniCount[k] < c.muniCount[best]) {
				best = k
			}
		}
		if hidden == 1 && best >= 0 {
			w.muni[best] = true
			w.secondary++
			changed = true
		}
	}
	return w
}

// hiddenNIL and hiddenMuni look a slug up in a pattern.
func (w withheld) hiddenNIL(c *levelCells, slug string) bool {
	i, ok := c.nilIndex[slug]
	return ok && w.nil[i]
}

func (w withheld) hiddenMuni(c *levelCells, slug string) bool {
	i, ok := c.muniIndex[slug]
	return ok && w.muni[i]
}

// smallRemainders marks the cells whose complement (total − part) is a
// count from 1 to threshold − 1: publishing the part would reveal it.
func smallRemainders(total, part []int64, threshold int) []bool {
	out := make([]bool, len(total))
	for i := range total {
		r := total[i] - part[i]
		out[i] = r > 0 && r < int64(threshold)
	}
	return out
}

func orMasks(a, b []bool) []bool {
	out := make([]bool, len(a))
	for i := range a {
		out[i] = a[i] || b[i]
	}
	return out
}
