package engine_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// TestPriorityByHand: older people living alone in the tiny city, 2024,
// the centro-anziani's usual radius of 800 m, first year 2023.
//
//	nil-1: 65 (40 + 25), unserved 25 (s2 at 958 m), 2023: 60
//	       V = 65/65 = 1; U = 25/65 = 0.384615; growth = 65/60 − 1 = 0.083333,
//	       G = (0.083333 + 0.2)/0.4 = 0.708333
//	       index = 100 × (0.4 + 0.4 × 0.384615 + 0.2 × 0.708333) = 69.55 → 69.6
//	nil-2: 10, all unserved, 2023: 12
//	       V = 10/65 = 0.153846; U = 1; growth = −0.166667, G = 0.083333
//	       index = 100 × (0.061538 + 0.4 + 0.016667) = 47.82 → 47.8
//	nil-3: nobody: no index.
func TestPriorityByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	res := c.ask(t, "where priority target=anziani-soli", engine.Italian)
	ratio := func(a, b float64) float64 { return a/b - 1 } // as the engine computes it, at run time
	want := [][]any{
		{"1", "nil-1", "Cà Granda", "65", fmt.Sprint(25.0 / 65), fmt.Sprint(ratio(65, 60)), "69.6"},
		{"2", "nil-2", "Borgo", "10", "1", fmt.Sprint(ratio(10, 12)), "47.8"},
		{"3", "nil-3", "Prato", "0", "null", "null", "null"},
	}
	checkRows(t, "where priority target=anziani-soli", res, want)
	if res.Headline != "Tiny, 2024: la priorità più alta per anziani soli è Cà Granda (indice 69,6 su 100)." {
		t.Errorf("headline = %q", res.Headline)
	}
	en := c.ask(t, "where priority target=anziani-soli level=municipio", engine.English)
	// One municipio: 75 people, 35 unserved, 2023: 72.
	// index = 100 × (0.4 + 0.4 × 0.466667 + 0.2 × (0.041667 + 0.2)/0.4)
	//       = 100 × (0.4 + 0.186667 + 0.120833) = 70.75 → 70.8
	if got := cells(en); len(got) != 1 || got[0][6] != "70.8" {
		t.Errorf("by municipio = %v, want index 70.8", got)
	}
	if en.Headline != "Tiny, 2024: the highest priority for older people living alone is Municipio 1 (index 70.8 of 100)." {
		t.Errorf("English headline = %q", en.Headline)
	}
}

// TestPriorityWithoutTheFirstYear: foreign residents are counted only in
// 2024, so their growth since 2023 is unknown (it used to crash the index).
func TestPriorityWithoutTheFirstYear(t *testing.T) {
	c := openCity(t, tinyCity())
	res := c.ask(t, "where priority target=stranieri", engine.English)
	for _, r := range res.Rows {
		if g := r[5]; !g.IsSuppressed() && g.Raw() != nil {
			t.Errorf("%v: growth %v from a year with no count", r, g.Raw())
		}
	}
	// nil-3: 50 people, all served by the help desk at its centre; the
	// largest published count, so V = 1, U = 0, G = 0.5 → 100 × (0.4 + 0.1) = 50.
	if got := cells(res); len(got) == 0 || got[0][1] != "nil-3" || got[0][6] != "50" {
		t.Errorf("rows = %v, want nil-3 first with index 50", got)
	}
}

// TestPriorityProtected: as staff, the counts are those `howmuch demand`
// publishes, the unserved those `where underserved` publishes, and the
// share, growth and index are computed from them.
func TestPriorityProtected(t *testing.T) {
	// The tiny city by neighbourhood: the unserved of nil-1 (s2) and of
	// nil-2 (s3) are each one census section, a region too small to
	// publish, so their share and index are withheld; the growth is that of
	// the published counts of 2023 and 2024.
	tiny := openCity(t, tinyCity()).as(engine.RoleStaff)
	q := "where priority target=anziani-soli"
	res := tiny.ask(t, q, engine.Italian)
	exact := map[string]int64{"nil-1": 65, "nil-2": 10, "nil-3": 0}
	exact2023 := map[string]int64{"nil-1": 60, "nil-2": 12}
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		n, ok := publishedCount(r[3])
		if !ok {
			t.Fatalf("%s: %s count withheld", q, slug)
		}
		publishedNear(t, q+": "+slug, n, exact[slug], 3)
		if d := tiny.demand(t, "anziani-soli", slug); d != n {
			t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
		}
		if n == 0 {
			continue
		}
		if !r[4].IsSuppressed() || !r[6].IsSuppressed() {
			t.Errorf("%s: %s share %v, index %v: want both withheld (one section unserved)", q, slug, r[4].Raw(), r[6].Raw())
		}
		q0 := "howmuch demand target=anziani-soli area=" + slug + " year=2023"
		n0 := factCount(t, q0, tiny.ask(t, q0, engine.Italian).Facts["count"])
		publishedNear(t, q0, n0, exact2023[slug], 3)
		near(t, q+": "+slug+" growth", r[5].Raw(), float64(n)/float64(n0)-1)
	}

	// The two-municipio city, foreign residents by municipio: 33 and 40,
	// the 33 of municipio-1 all farther than 1 km from the help desk (three
	// sections), none of municipio-2. No count in 2023: growth neutral.
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	q = "where priority target=stranieri level=municipio"
	res = staff.ask(t, q, engine.Italian)
	uq := "where underserved target=stranieri radius=1km level=municipio"
	unserved := map[string]engine.Value{}
	for _, r := range staff.ask(t, uq, engine.Italian).Rows {
		unserved[r[1].Raw().(string)] = r[4]
	}
	exact = map[string]int64{"municipio-1": 33, "municipio-2": 40}
	totals := map[string]int64{}
	var largest int64
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		n, ok := publishedCount(r[3])
		if !ok {
			t.Fatalf("%s: %s count withheld", q, slug)
		}
		publishedNear(t, q+": "+slug, n, exact[slug], 5)
		if d := staff.demand(t, "stranieri", slug); d != n {
			t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
		}
		totals[slug], largest = n, max(largest, n)
	}
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		u, ok := publishedCount(unserved[slug])
		if !ok {
			t.Fatalf("%s: %s unserved withheld", uq, slug)
		}
		if slug == "municipio-1" {
			publishedNear(t, uq+": "+slug, u, 33, 5)
		} else if u != 0 {
			t.Errorf("%s: %s unserved %d, want 0", uq, slug, u)
		}
		share := float64(u) / float64(totals[slug])
		near(t, q+": "+slug+" unserved share", r[4].Raw(), share)
		index := 100 * (0.4*float64(totals[slug])/float64(largest) + 0.4*share + 0.2*0.5)
		near(t, q+": "+slug+" index", r[6].Raw(), math.Round(index*10)/10)
	}
}
