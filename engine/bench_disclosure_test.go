package engine_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// BenchmarkDisclosureAccuracy measures what the cell-key method costs in
// accuracy on the Milan-size demo city: the mean absolute error of the
// published counts against the exact ones (asked as the analyst), by level
// (neighbourhoods, municipi, and the unserved part of each neighbourhood at
// a radius, a region the question draws), over every target; and the share
// of cells withheld because a drawn region holds fewer than three sections.
// It answers each question once per iteration; the figures are metrics,
// the time is incidental.
func BenchmarkDisclosureAccuracy(b *testing.B) {
	c := cityAt(b, demoCatalog(b))
	v := c.vocab
	ask := func(q string, role engine.Role) *engine.Result {
		return c.as(role).ask(b, q, engine.Italian)
	}
	type tally struct {
		abs, rel  float64
		n, held   int
		largeCell int
	}
	compare := func(t *tally, pub, exact map[string]int64, cells int) {
		for area, x := range exact {
			p, ok := pub[area]
			if !ok {
				t.held++
				continue
			}
			t.abs += math.Abs(float64(p - x))
			if x >= 100 {
				t.rel += math.Abs(float64(p-x)) / float64(x)
				t.largeCell++
			}
			t.n++
		}
		_ = cells
	}
	for b.Loop() {
		var nils, munis, drawn tally
		for _, tg := range v.Targets {
			q := "where concentration target=" + tg.Slug + " top=0"
			compare(&nils, byArea(ask(q, engine.RoleStaff), "target_count"), byArea(ask(q, engine.RoleAnalyst), "target_count"), 0)
			q += " level=municipio"
			compare(&munis, byArea(ask(q, engine.RoleStaff), "target_count"), byArea(ask(q, engine.RoleAnalyst), "target_count"), 0)
			if len(v.ServicesFor(tg.Slug)) > 0 {
				q = fmt.Sprintf("where underserved target=%s radius=500m top=0", tg.Slug)
				compare(&drawn, byArea(ask(q, engine.RoleStaff), "unserved"), byArea(ask(q, engine.RoleAnalyst), "unserved"), 0)
			}
		}
		report := func(name string, t tally) {
			b.ReportMetric(t.abs/float64(max(t.n, 1)), "mae-"+name)
			b.ReportMetric(100*t.rel/float64(max(t.largeCell, 1)), "relerr%-"+name)
			b.ReportMetric(100*float64(t.held)/float64(max(t.n+t.held, 1)), "held%-"+name)
		}
		report("nil", nils)
		report("muni", munis)
		report("drawn", drawn)
		// Decisions: the sites `where locate` proposes for staff (decided on
		// perturbed section counts) against the analyst's (exact), and the
		// coverage each reaches, in percentage points.
		same, asked, gap := 0, 0, 0.0
		for _, q := range []string{
			"where locate service=centro-diurno-integrato target=anziani-soli count=3 radius=800m",
			"where locate service=centro-anziani target=anziani-soli count=10 radius=500m",
			"where locate service=asilo-nido target=prima-infanzia count=5 radius=1km area=municipio-9",
			"where locate service=cdd target=disabili count=3 radius=1km",
		} {
			asked++
			st, an := ask(q, engine.RoleStaff), ask(q, engine.RoleAnalyst)
			if fmt.Sprint(siteCoords(st)) == fmt.Sprint(siteCoords(an)) {
				same++
			}
			x, _ := st.Facts["share_after"].(float64)
			y, _ := an.Facts["share_after"].(float64)
			gap += math.Abs(x-y) * 100
		}
		b.ReportMetric(100*float64(same)/float64(asked), "same-sites%")
		b.ReportMetric(gap/float64(asked), "coverage-diff-pp")
	}
}

// siteCoords lists a siting answer's proposed sites.
func siteCoords(res *engine.Result) []string {
	var out []string
	for _, r := range res.Rows {
		out = append(out, fmt.Sprint(r[3].Raw(), r[4].Raw()))
	}
	return out
}
