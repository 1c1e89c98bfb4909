package engine_test

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
)

// The siting-shares attack of issue 12: `where locate … area=nil-X
// radius=50m count=50` proposes one site per census section; the published
// cumulative covered share of each site, times the published total, gave
// the people covered so far, and consecutive differences each chosen
// section's exact count. Now every figure of a siting answer is a published
// region (the people a site newly covers, those covered so far, the area's
// total), so the difference of two consecutive figures carries the noise of
// two independent cells, and the attack recovers a small count no more
// often than the perturbation table allows by chance.

// sitingCumulative returns what the attacker reads from an answer: the
// published total and, for each site, the people covered so far derived
// from its cumulative share (index 0: before any new site, from the
// share_before fact). ok is false where a figure is withheld.
func sitingCumulative(t *testing.T, res *engine.Result) (total int64, cum []int64, ok []bool) {
	t.Helper()
	total, tok := res.Facts["total"].(int64)
	share := colIndex(t, res, "covered_share")
	derive := func(x any) (int64, bool) {
		s, isFloat := x.(float64)
		if !tok || !isFloat {
			return 0, false
		}
		return int64(math.Round(s * float64(total))), true
	}
	c, k := derive(res.Facts["share_before"])
	cum, ok = append(cum, c), append(ok, k)
	for _, r := range res.Rows {
		c, k := derive(r[share].Raw())
		cum, ok = append(cum, c), append(ok, k)
	}
	return total, cum, ok
}

// roundedDiffHit is the chance that the difference of two independent
// published counts of true values a and b (perturbed, rounded to base)
// equals a − b exactly.
func roundedDiffHit(a, b int64, threshold int, base int64) float64 {
	tb := disclose.DefaultTable
	round := func(n int64) int64 {
		if base <= 1 || n == 0 {
			return n
		}
		return max((n+base/2)/base*base, base)
	}
	var p float64
	for va, pa := range tb.Distribution(a, threshold) {
		for vb, pb := range tb.Distribution(b, threshold) {
			if round(va)-round(vb) == a-b {
				p += pa * pb
			}
		}
	}
	return p
}

// sitingTally counts the per-site counts an attack aims at, how many it
// recovers exactly, and how many chance alone would give.
type sitingTally struct {
	cells, derivable, hits int
	expected               float64
}

// boundInPeople finds a solver bound written as a figure in a note.
var boundInPeople = regexp.MustCompile(`(upper bound|limite superiore) [0-9]`)

// noSolverFigures fails when a siting answer carries a solver figure in
// people or a structural count that reveals one.
func noSolverFigures(t *testing.T, q string, res *engine.Result) {
	t.Helper()
	for _, k := range []string{"bound", "demand_points", "gap", "optimal"} {
		if _, ok := res.Facts[k]; ok {
			t.Errorf("%s: fact %s = %v published", q, k, res.Facts[k])
		}
	}
	if g, ok := res.Facts["gap_percent"].(float64); ok && g != math.Round(g*10)/10 {
		t.Errorf("%s: gap_percent %v is not rounded to a tenth", q, g)
	}
	for _, n := range res.Notes {
		if strings.Contains(n, "punti di domanda") || strings.Contains(n, "demand points") || boundInPeople.MatchString(n) {
			t.Errorf("%s: note %q says a solver figure", q, n)
		}
	}
}

// handMadeSitingCity: one neighbourhood, nil-a, of twelve census sections
// in a row 200 m apart, with 1 to 9 people each of a target whose
// threshold is 5; a second neighbourhood, nil-b, with larger counts; the
// only help desk stands in nil-b, far from nil-a. With radius=50m every
// site in nil-a newly covers exactly one section.
func handMadeSitingCity() (*catalog.Data, []int64) {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	area := func(id, level, parent string, lon, lat, d float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: id, Lon: lon, Lat: lat, AreaKm2: 0.1, GeoJSON: square(lon, lat, d), Dataset: "hand"}
	}
	d := &catalog.Data{
		Meta:     []catalog.MetaEntry{{Key: "schema_version", Value: catalog.SchemaVersion}, {Key: "name", Value: "Row"}, {Key: "synthetic", Value: "false"}},
		Datasets: []catalog.Dataset{{ID: "hand", Title: "Hand census", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"}},
		Areas: []catalog.AreaRow{
			area("row", engine.LevelCity, "", 9.2, 45.46, 0.05),
			area("m1", engine.LevelMunicipio, "row", 9.2, 45.46, 0.05),
			area("nil-a", engine.LevelNIL, "m1", 9.2, 45.46, 0.02),
			area("nil-b", engine.LevelNIL, "m1", 9.2, 45.50, 0.02),
		},
		Targets: []engine.Target{
			{Slug: "fragili", Kind: "person", NameIT: "persone fragili", NameEN: "frail people", Sensitivity: "sensitive", MinCount: 5},
		},
		Services: []engine.Service{
			{Slug: "sportello", NameIT: "Sportello", NameEN: "Help desk", Targets: []string{"fragili"}, CapacityUnit: "utenti", RadiusM: 500, Role: "welfare"},
		},
		Facilities: []catalog.FacilityRow{
			{ID: "sp1", Service: "sportello", Name: "Sportello B", Lon: 9.2, Lat: 45.50, Capacity: 10, AreaID: "b1", Dataset: "hand"},
		},
	}
	counts := []int64{5, 6, 2, 7, 8, 1, 5, 9, 3, 6, 7, 4}
	for i, n := range counts {
		id := fmt.Sprintf("a%d", i+1)
		lon := 9.18 + 0.0026*float64(i) // about 203 m apart
		d.Areas = append(d.Areas, area(id, engine.LevelSection, "nil-a", lon, 45.46, 0.0005))
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: id, Target: "fragili", Year: 2024, Count: n, Dataset: "hand"})
	}
	for i, n := range []int64{8, 9, 10, 12, 7} {
		id := fmt.Sprintf("b%d", i+1)
		d.Areas = append(d.Areas, area(id, engine.LevelSection, "nil-b", 9.18+0.0026*float64(i), 45.50, 0.0005))
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: id, Target: "fragili", Year: 2024, Count: n, Dataset: "hand"})
	}
	return d, counts
}

// TestSitingSharesAttackByHand: on the hand-made city the analyst sees each
// site's exact count; no site is proposed where it would add fewer than the
// threshold (its place would point at them); staff and press see no site's
// count (one section each), no figure from 1 to 4, the total the other
// verbs publish for the area, and cumulative figures whose consecutive
// differences are mostly not the sections' counts.
func TestSitingSharesAttackByHand(t *testing.T) {
	d, counts := handMadeSitingCity()
	c := openCity(t, d)
	q := "where locate service=sportello target=fragili area=nil-a radius=50m count=50"
	exact, err := c.as(engine.RoleAnalyst).exec(q, engine.Italian)
	if err != nil {
		t.Fatal(err)
	}
	big, sum := 0, int64(0)
	for _, n := range counts {
		sum += n
		if n >= 5 {
			big++
		}
	}
	if len(exact.Rows) != big {
		t.Fatalf("analyst: %d sites, want one per section of at least 5 people (%d)", len(exact.Rows), big)
	}
	T, cum, ok := sitingCumulative(t, exact)
	if T != sum || !ok[0] || cum[0] != 0 {
		t.Fatalf("analyst: total %d, covered before %d (%v), want %d and 0", T, cum[0], ok[0], sum)
	}
	enc := colIndex(t, exact, "new_covered")
	truth := make([]int64, len(exact.Rows))
	for k, r := range exact.Rows {
		truth[k] = cum[k+1] - cum[k]
		if n, _ := r[enc].Raw().(int64); n != truth[k] || n < 5 {
			t.Errorf("analyst: site %d adds %v people, its shares %d; want the same figure, at least 5", k+1, r[enc].Raw(), truth[k])
		}
	}
	noSolverFigures(t, q, exact)
	for _, role := range []engine.Role{engine.RoleStaff, engine.RolePress} {
		t.Run(string(role), func(t *testing.T) {
			res, err := c.as(role).exec(q, engine.Italian)
			if err != nil {
				t.Fatal(err)
			}
			noSolverFigures(t, q, res)
			// The solver decides on perturbed section counts for every role
			// but the analyst (docs/privacy.md): its sites may differ from
			// the analyst's; the attack is measured where they agree.
			m := commonSites(res, exact)
			if m == 0 {
				t.Fatalf("%s: no site in common with the analyst's", role)
			}
			nc := colIndex(t, res, "new_covered")
			for k, r := range res.Rows {
				if !r[nc].IsSuppressed() {
					t.Errorf("%s: site %d publishes the count of its one section: %v", role, k+1, r[nc].Raw())
				}
			}
			for _, f := range []string{"total", "covered_before", "covered_after", "gain"} {
				if n, ok := res.Facts[f].(int64); ok && n > 0 && n < 5 {
					t.Errorf("%s: fact %s = %d, below the threshold", role, f, n)
				}
			}
			// The total is the area's count as every verb publishes it.
			dem, err := c.as(role).exec("howmuch demand target=fragili area=nil-a", engine.Italian)
			if err != nil {
				t.Fatal(err)
			}
			if got := dem.Rows[len(dem.Rows)-1][1].Raw(); got != res.Facts["total"] {
				t.Errorf("%s: siting total %v, howmuch demand %v: the same area must get the same figure", role, res.Facts["total"], got)
			}
			pubT, pubCum, pubOK := sitingCumulative(t, res)
			hits, derivable := 0, 0
			for k, g := range truth[:m] {
				if !pubOK[k] || !pubOK[k+1] {
					continue
				}
				derivable++
				if pubCum[k+1]-pubCum[k] == g {
					hits++
				}
			}
			t.Logf("%s: total %d; %d of %d single-section counts derivable from consecutive shares, %d exact (before this protection: all %d)", role, pubT, derivable, len(truth), hits, len(truth))
			if hits > len(truth)/2 {
				t.Errorf("%s: consecutive shares give back %d of %d section counts", role, hits, len(truth))
			}
			// The first two sites cover one and two sections: withheld.
			share := colIndex(t, res, "covered_share")
			for k := range 2 {
				if !res.Rows[k][share].IsSuppressed() {
					t.Errorf("%s: the cumulative share after %d site(s) of one section each is published: %v", role, k+1, res.Rows[k][share].Raw())
				}
			}
		})
	}
}

// TestSitingTellsNoZeroFromSmall: on the tiny city, Prato (nil-3) has no
// older person living alone and Cà Granda (nil-1) 3 foreign residents, below
// their threshold of 5. Asking for sites in either gets the same kind of
// answer, so a siting question cannot tell a small count from no one: an
// area published as zero is refused in the same words, and a small one
// never gets a site.
func TestSitingTellsNoZeroFromSmall(t *testing.T) {
	c := openCity(t, tinyCity())
	for _, role := range []engine.Role{engine.RoleStaff, engine.RolePress} {
		t.Run(string(role), func(t *testing.T) {
			_, err := c.as(role).exec("where locate service=centro-anziani target=anziani-soli area=nil-3", engine.Italian)
			if err == nil || !engine.IsAnswerError(err) || !strings.Contains(err.Error(), "too few to propose sites") {
				t.Fatalf("%s: nobody in the area: err = %v", role, err)
			}
			res, err := c.as(role).exec("where locate service=sportello-stranieri target=stranieri area=nil-1 radius=50m count=5", engine.Italian)
			switch {
			case err != nil && (!engine.IsAnswerError(err) || !strings.Contains(err.Error(), "too few to propose sites")):
				t.Errorf("%s: a small area: err = %v, want the same refusal as for nobody", role, err)
			case err == nil && len(res.Rows) > 0:
				t.Errorf("%s: a small area gets sites %v", role, cells(res))
			}
		})
	}
}

// TestSitingSharesAttackOnDemoCity runs the attack of the issue on a small
// demo city, for four sensitive targets and every neighbourhood, as staff
// and as press. Small counts (exact 1 to threshold − 1) are out of its
// reach: no site is proposed that adds fewer people than the threshold
// (checked against the analyst's exact answer). What remains, the count a
// site adds (mostly one census section), it recovers exactly no more often
// than the perturbation table gives by chance.
func TestSitingSharesAttackOnDemoCity(t *testing.T) {
	c := openCity(t, demoCity(t, 5))
	v := c.vocab
	var nils []string
	for _, a := range v.Areas {
		if a.Level == engine.LevelNIL {
			nils = append(nils, a.Slug)
		}
	}
	pairs := [][2]string{{"senza-dimora", "dormitorio"}, {"disabili", "cdd"}, {"neet", "centro-aggregazione-giovanile"}, {"famiglie-in-poverta", "mensa-sociale"}}
	tallies := map[engine.Role]*sitingTally{engine.RoleStaff: {}, engine.RolePress: {}}
	questions := 0
	for _, pr := range pairs {
		tg, ok := v.Target(pr[0])
		if !ok {
			t.Fatalf("the demo city has no target %s", pr[0])
		}
		th := tg.MinCount
		for _, nilSlug := range nils {
			q := fmt.Sprintf("where locate service=%s target=%s area=%s radius=50m count=50", pr[1], pr[0], nilSlug)
			exact, err := c.as(engine.RoleAnalyst).exec(q, engine.Italian)
			if err != nil {
				if engine.IsAnswerError(err) {
					continue // nobody of the target lives there
				}
				t.Fatalf("%s: %v", q, err)
			}
			questions++
			noSolverFigures(t, q, exact)
			T, cum, ok := sitingCumulative(t, exact)
			if !ok[0] || T == 0 {
				continue // the analyst's own table withholds the area: no truth to compare with
			}
			enc := colIndex(t, exact, "new_covered")
			truth := make([]int64, len(exact.Rows))
			for k := range truth {
				truth[k] = cum[k+1] - cum[k]
				// The derivation is exact for the analyst: it matches every
				// per-site count the analyst sees.
				if n, isInt := exact.Rows[k][enc].Raw().(int64); isInt && n != truth[k] {
					t.Fatalf("%s: site %d: analyst's count %d, derived %d", q, k+1, n, truth[k])
				}
			}
			for role, tally := range tallies {
				res, err := c.as(role).exec(q, engine.Italian)
				if err != nil {
					t.Fatalf("%s (%s): %v", q, role, err)
				}
				noSolverFigures(t, q, res)
				m := commonSites(res, exact) // the sites decided alike (see TestSitingSharesAttackByHand)
				nc := colIndex(t, res, "new_covered")
				for k, r := range res.Rows {
					if n, isInt := r[nc].Raw().(int64); isInt && n > 0 && n < int64(th) {
						t.Errorf("%s (%s): site %d publishes %d, below the threshold %d", q, role, k+1, n, th)
					}
				}
				for _, f := range []string{"total", "covered_before", "covered_after", "gain"} {
					if n, isInt := res.Facts[f].(int64); isInt && n > 0 && n < int64(th) {
						t.Errorf("%s (%s): fact %s = %d, below the threshold %d", q, role, f, n, th)
					}
				}
				if role == engine.RoleStaff {
					// The area's total is the figure every verb publishes for it.
					dem, err := c.as(role).exec(fmt.Sprintf("howmuch demand target=%s area=%s", pr[0], nilSlug), engine.Italian)
					if err != nil {
						t.Fatal(err)
					}
					if got := dem.Rows[len(dem.Rows)-1][1]; fmt.Sprint(got.Raw(), got.IsSuppressed()) != fmt.Sprint(res.Facts["total"], res.Facts["total"] == engine.Confidential) &&
						!(got.IsSuppressed() && res.Facts["total"] == engine.Confidential) {
						t.Errorf("%s: total %v, howmuch demand %v", q, res.Facts["total"], got.Raw())
					}
				}
				base := int64(1)
				if role == engine.RolePress {
					base = 10
				}
				_, pubCum, pubOK := sitingCumulative(t, res)
				for k, g := range truth[:m] {
					if g > 0 && g < int64(th) {
						t.Errorf("%s: site %d is proposed for %d people, fewer than the threshold %d", q, k+1, g, th)
					}
					tally.cells++
					if !pubOK[k] || !pubOK[k+1] {
						continue
					}
					tally.derivable++
					tally.expected += roundedDiffHit(cum[k+1], cum[k], th, base)
					if pubCum[k+1]-pubCum[k] == g {
						tally.hits++
					}
				}
			}
		}
	}
	if questions < 100 {
		t.Fatalf("only %d siting questions answered", questions)
	}
	for role, tl := range tallies {
		if tl.cells < 30 {
			t.Fatalf("%s: only %d per-site counts attacked; the city does not exercise the attack", role, tl.cells)
		}
		rate, want := float64(tl.hits)/float64(tl.cells), tl.expected/float64(tl.cells)
		sd := math.Sqrt(want * (1 - want) / float64(tl.cells))
		t.Logf("siting shares (%s): %d questions, %d per-site counts (none from 1 to the threshold − 1: no such site is proposed), %d derivable, %d recovered exactly (%.1f%%; by chance %.1f%%; before this protection 100%%)",
			role, questions, tl.cells, tl.derivable, tl.hits, 100*rate, 100*want)
		if rate > want+3*sd+0.01 {
			t.Errorf("%s: %.1f%% of per-site counts recovered, the table allows %.1f%%", role, 100*rate, 100*want)
		}
		if rate > 0.5 {
			t.Errorf("%s: the attack recovers most per-site counts (%.1f%%)", role, 100*rate)
		}
	}
}

// commonSites is how many leading sites two siting answers share (same
// area, same coordinates).
func commonSites(a, b *engine.Result) int {
	m := 0
	for m < len(a.Rows) && m < len(b.Rows) && fmt.Sprint(a.Rows[m][:5]) == fmt.Sprint(b.Rows[m][:5]) {
		m++
	}
	return m
}
