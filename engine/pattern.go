package engine

import (
	"maps"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// levelCells is one column of published counts (people of a target, or
// those of them without a service) at the two levels questions rank by:
// neighbourhoods, grouped by municipio, and municipi, grouped under the
// city. Every figure in it came through the publisher: the exact sums never
// leave cellsOf.
type levelCells struct {
	nils       []string // NIL slugs, sorted
	nilParent  []string // municipio of each NIL
	nilCount   []int64  // published figure (0 where withheld)
	nilPub     []disclose.Count
	munis      []string // municipio slugs, sorted
	muniCount  []int64
	muniPub    []disclose.Count
	nilIndex   map[string]int
	muniIndex  map[string]int
	cityCounts int64
	cityPub    disclose.Count
}

// cellsOf sums rows by NIL and by municipio and publishes every sum. key
// returns a row's NIL and municipio slugs; region its records. Sums over
// regions a question drew (drawn: the unserved part of each area, say) are
// withheld when they hold too few sections.
func cellsOf(n int, key func(i int) (nilSlug, muni string), region func(i int) disclose.Region, pub publisher, drawn bool) *levelCells {
	nilSum, muniSum := map[string]*disclose.Region{}, map[string]*disclose.Region{}
	var city disclose.Region
	parent := map[string]string{}
	add := func(m map[string]*disclose.Region, k string, r disclose.Region) {
		if m[k] == nil {
			m[k] = &disclose.Region{}
		}
		m[k].Merge(r)
	}
	c := &levelCells{}
	for i := range n {
		ns, ms := key(i)
		r := region(i)
		if ns != "" {
			add(nilSum, ns, r)
			parent[ns] = ms
		}
		add(muniSum, ms, r)
		city.Merge(r)
	}
	publish := pub.count
	if drawn {
		publish = pub.drawn
	}
	c.nils = slices.Sorted(maps.Keys(nilSum))
	c.munis = slices.Sorted(maps.Keys(muniSum))
	c.nilIndex, c.muniIndex = map[string]int{}, map[string]int{}
	for i, s := range c.nils {
		p := publish(*nilSum[s])
		v, _ := p.Value()
		c.nilParent = append(c.nilParent, parent[s])
		c.nilCount = append(c.nilCount, v)
		c.nilPub = append(c.nilPub, p)
		c.nilIndex[s] = i
	}
	for i, s := range c.munis {
		p := publish(*muniSum[s])
		v, _ := p.Value()
		c.muniCount = append(c.muniCount, v)
		c.muniPub = append(c.muniPub, p)
		c.muniIndex[s] = i
	}
	c.cityPub = publish(city)
	c.cityCounts, _ = c.cityPub.Value()
	return c
}

// rowCells publishes a demand table's counts by NIL and municipio.
func rowCells(tbl *demandTable, pub publisher) *levelCells {
	return cellsOf(len(tbl.rows), func(i int) (string, string) { return tbl.nil[i], tbl.municipio[i] },
		func(i int) disclose.Region { return tbl.rowRegion(i) }, pub, false)
}

// held returns the cells the publisher withheld, as forced masks.
func (c *levelCells) held() (nils, munis []bool) {
	nils, munis = make([]bool, len(c.nils)), make([]bool, len(c.munis))
	for i, p := range c.nilPub {
		nils[i] = p.Withheld()
	}
	for i, p := range c.muniPub {
		munis[i] = p.Withheld()
	}
	return nils, munis
}

// withheld is a disclosure pattern over both levels of one column.
type withheld struct {
	nil, muni []bool
}

// protectLevels computes a pattern that holds across the hierarchy: each
// level is protected within its groups (see protect), and every NIL of a
// withheld municipio is withheld too — otherwise the municipio could be
// recomputed by adding up its neighbourhoods, and through the city total a
// second withheld municipio with it. forcedNIL and forcedMuni mark cells to
// withhold whatever their value (e.g. because a complementary count is small).
func protectLevels(c *levelCells, forcedNIL, forcedMuni []bool, threshold int) withheld {
	var w withheld
	heldNIL, heldMuni := c.held()
	if forcedNIL != nil {
		heldNIL = orMasks(heldNIL, forcedNIL)
	}
	if forcedMuni != nil {
		heldMuni = orMasks(heldMuni, forcedMuni)
	}
	forcedNIL, forcedMuni = heldNIL, heldMuni
	cityGroup := make([]string, len(c.munis))
	w.muni, _, _ = protect(c.muniCount, cityGroup, forcedMuni, threshold)
	w.nil, _, _ = protect(c.nilCount, c.nilParent, forcedNIL, threshold)
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
