package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// Concentration, reach, compare and profile on the two-municipio city
// (twoMunicipiCity), by hand for the analyst and protected for staff.

func TestConcentrationByHand(t *testing.T) {
	a := openCity(t, twoMunicipiCity())
	// City: 50 older people living alone among 500 residents (10%).
	//   nil-1: 30 → share 30/50 = 0.6, density 30/0.5 = 60, LQ (30/200)/0.1 = 1.5
	//   nil-2: 10 → share 0.2, density 10/0.25 = 40, LQ (10/50)/0.1 = 2
	//   nil-3: 10 → share 0.2, density 10/1 = 10, LQ (10/250)/0.1 = 0.4
	// nil-2 and nil-3 tie at 10: by code.
	q := "where concentration target=anziani-soli"
	res := a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{1, "nil-1", "Cà Granda", 30, 0.6, 60.0, 1.5},
		{2, "nil-2", "Borgo", 10, 0.2, 40.0, 2.0},
		{3, "nil-3", "Prato", 10, 0.2, 10.0, 0.4},
	})
	if res.Facts["city_count"] != int64(50) || res.Facts["top_area"] != "nil-1" || res.Facts["max_lq_area"] != "nil-2" || res.Facts["base"] != "residenti" {
		t.Errorf("facts = %v", res.Facts)
	}
	near(t, "max_lq", res.Facts["max_lq"], 2)
	if want := "Tiny, 2024: la zona con più anziani soli è Cà Granda, con 30 (60,0% del totale cittadino) e un quoziente di localizzazione di 1,50."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	if len(res.Sources) != 1 || res.Sources[0].ID != "a-census" || res.Disclosure.Suppressed != 0 {
		t.Errorf("sources %v, disclosure %+v", res.Sources, res.Disclosure)
	}
	res = a.ask(t, "dove concentrazione target=anziani-soli", engine.English)
	if want := "Tiny, 2024: the area with the most older people living alone is Cà Granda, with 30 (60.0% of the city total) and a location quotient of 1.50."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}

	// Family targets are measured against households: municipio-1 has 11
	// single-parent households of 110, municipio-2 9 of 110; the city 20 of 220.
	//   municipio-1: share 11/20, density 11/0.75, LQ (11/110)/(20/220) = 1.1
	//   municipio-2: share 9/20, density 9/1, LQ (9/110)/(20/220) = 0.9
	q = "where concentration target=famiglie-monogenitoriali level=municipio"
	res = a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{1, "municipio-1", "Municipio 1", 11, 11.0 / 20, 11 / 0.75, 1.1},
		{2, "municipio-2", "Municipio 2", 9, 9.0 / 20, 9.0, 0.9},
	})
	if res.Facts["base"] != "famiglie" {
		t.Errorf("base = %v, want famiglie", res.Facts["base"])
	}

	// stranieri: nil-1 (3) below 5, nil-2 (30) withheld with it; both go
	// last, by code, with every figure derived from them.
	//   nil-3: 40 → share 40/73, density 40, LQ (40/250)/(73/500)
	q = "where concentration target=stranieri"
	res = a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{1, "nil-3", "Prato", 40, 40.0 / 73, 40.0, (40.0 / 250) / (73.0 / 500)},
		{2, "nil-1", "Cà Granda", ":c", ":c", ":c", ":c"},
		{3, "nil-2", "Borgo", ":c", ":c", ":c", ":c"},
	})
	// The analyst's rule says the counts are exact (finish replaces the
	// cell-key text, "da 1 a 4" included, with it); the staff's is tested in
	// TestConcentrationProtected.
	if d := res.Disclosure; d.Threshold != 5 || d.Suppressed != 8 || d.Method != "exact" || !strings.Contains(d.Rule, "Conteggi esatti") {
		t.Errorf("disclosure = %+v", d)
	}
	// Restricted to municipio-1, the table withholds what the full one does.
	res = a.ask(t, "where concentration target=stranieri area=municipio-1", engine.Italian)
	if len(res.Rows) != 2 || !res.Rows[0][3].IsSuppressed() || !res.Rows[1][3].IsSuppressed() || res.Facts["target_count"] != int64(33) {
		t.Errorf("area=municipio-1: rows %v, facts %v", res.Rows, res.Facts)
	}
	if !strings.Contains(res.Headline, "non sono pubblicabili") || strings.Contains(res.Headline, "30") {
		t.Errorf("area=municipio-1 headline = %q", res.Headline)
	}

	// 2023: no residents counted, so no quotient, and a note says so.
	//   nil-1 25 (25/40, 25/0.5 = 50), nil-3 10 (10/40, 10), nil-2 5 (5/40, 20)
	q = "where concentration target=anziani-soli year=2023"
	res = a.ask(t, q, engine.English)
	checkRows(t, q, res, [][]any{
		{1, "nil-1", "Cà Granda", 25, 25.0 / 40, 50.0, "null"},
		{2, "nil-3", "Prato", 10, 10.0 / 40, 10.0, "null"},
		{3, "nil-2", "Borgo", 5, 5.0 / 40, 20.0, "null"},
	})
	if !strings.Contains(strings.Join(res.Notes, " "), "does not count residenti") {
		t.Errorf("notes = %v, want one on the missing base population", res.Notes)
	}

	// The press gets perturbed counts rounded to tens, and rates of the
	// counts as published, so that no rate gives a more precise count back.
	// With noise of at most ±2 the figures do not depend on the secret:
	// 11 and 9 single-parent households (9..13, 7..11) → 10 and 10, city 20
	// (18..22) → 20, households 110 and 220 → 110 and 220.
	//   municipio-1 (first of the tie, by code): 10/20 = 0.5, 10/0.75,
	//   LQ (10/110)/(20/220) = 1
	q = "where concentration target=famiglie-monogenitoriali level=municipio top=1"
	res = a.as(engine.RolePress).ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{1, "municipio-1", "Municipio 1", 10, 0.5, 10 / 0.75, 1.0}})
	if res.Disclosure.Rounding != 10 || !strings.Contains(strings.Join(res.Notes, " "), "arrotondati") {
		t.Errorf("press: disclosure %+v, notes %v", res.Disclosure, res.Notes)
	}
}

// TestConcentrationProtected: as staff, every count is the published one
// (the same as `howmuch demand` gives for the area), within the noise of
// the exact count and never from 1 to threshold − 1; shares, densities and
// quotients are those of the published counts.
func TestConcentrationProtected(t *testing.T) {
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	km2 := map[string]float64{"nil-1": 0.5, "nil-2": 0.25, "nil-3": 1}
	for _, c := range []struct {
		target    string
		threshold int
		exact     map[string]int64
	}{
		{"anziani-soli", 3, map[string]int64{"nil-1": 30, "nil-2": 10, "nil-3": 10, "tiny": 50}},
		{"stranieri", 5, map[string]int64{"nil-1": 3, "nil-2": 30, "nil-3": 40, "tiny": 73}},
	} {
		t.Run(c.target, func(t *testing.T) {
			q := "where concentration target=" + c.target
			res := staff.ask(t, q, engine.Italian)
			city := factCount(t, q+": city_count", res.Facts["city_count"])
			publishedNear(t, q+": city", city, c.exact["tiny"], c.threshold)
			if city != staff.demand(t, c.target, "tiny") {
				t.Errorf("%s: city %d, howmuch demand says otherwise", q, city)
			}
			cityBase := staff.demand(t, "residenti", "tiny")
			if len(res.Rows) != 3 {
				t.Fatalf("%s: rows %v", q, res.Rows)
			}
			for _, r := range res.Rows {
				slug := r[1].Raw().(string)
				n, ok := publishedCount(r[3])
				if !ok {
					if !r[3].IsPeople() {
						t.Errorf("%s: %s count not published through disclose", q, slug)
					}
					continue
				}
				publishedNear(t, q+": "+slug, n, c.exact[slug], c.threshold)
				if d := staff.demand(t, c.target, slug); d != n {
					t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
				}
				near(t, q+": "+slug+" share", r[4].Raw(), float64(n)/float64(city))
				near(t, q+": "+slug+" density", r[5].Raw(), float64(n)/km2[slug])
				base := staff.demand(t, "residenti", slug)
				near(t, q+": "+slug+" LQ", r[6].Raw(), (float64(n)/float64(base))/(float64(city)/float64(cityBase)))
			}
			if d := res.Disclosure; d.Method != "cell-key" || d.MaxNoise != 2 || !strings.Contains(d.Rule, fmt.Sprintf("da 1 a %d", c.threshold-1)) {
				t.Errorf("%s: disclosure %+v", q, d)
			}
		})
	}
}

func TestReachByHand(t *testing.T) {
	a := openCity(t, twoMunicipiCity())
	// density: nil-1 60, nil-2 40, nil-3 10 per km² (max 60);
	// share of residents: 30/200 = 0.15, 10/50 = 0.2, 10/250 = 0.04 (max 0.2).
	//   nil-1: (60/60)·(0.15/0.2) = 0.75
	//   nil-2: (40/60)·(0.2/0.2) = 2/3
	//   nil-3: (10/60)·(0.04/0.2) = 1/30
	q := "where reach target=anziani-soli"
	res := a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{1, "nil-1", "Cà Granda", 30, 60.0, 0.15, 0.75},
		{2, "nil-2", "Borgo", 10, 40.0, 0.2, 2.0 / 3},
		{3, "nil-3", "Prato", 10, 10.0, 0.04, 1.0 / 30},
	})
	if want := "Tiny, 2024: per raggiungere anziani soli conviene partire da Cà Granda (60 per km², 15,0% dei residenti)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	res = a.ask(t, "dove raggiungi target=anziani-soli", engine.English)
	if want := "Tiny, 2024: to reach older people living alone, start from Cà Granda (60 per km², 15.0% of residents)."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}
	near(t, "top_score", res.Facts["top_score"], 0.75)

	// The maxima are those of the areas compared: in municipio-2 alone, Prato
	// is first on both and scores 1.
	q = "where reach target=anziani-soli area=municipio-2"
	res = a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{{1, "nil-3", "Prato", 10, 10.0, 0.04, 1.0}})

	// stranieri: only Prato is published (40 per km², 40/250 = 0.16, score
	// 1); the two withheld neighbourhoods go last, by code, and take no part
	// in the maxima.
	q = "where reach target=stranieri"
	res = a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{1, "nil-3", "Prato", 40, 40.0, 0.16, 1.0},
		{2, "nil-1", "Cà Granda", ":c", ":c", ":c", ":c"},
		{3, "nil-2", "Borgo", ":c", ":c", ":c", ":c"},
	})
	if d := res.Disclosure; d.Suppressed != 8 {
		t.Errorf("disclosure = %+v", d)
	}
}

// TestReachProtected: as staff, counts are those of `howmuch demand`,
// densities and shares those of the published counts, and scores those of
// the published densities and shares.
func TestReachProtected(t *testing.T) {
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	q := "where reach target=anziani-soli"
	res := staff.ask(t, q, engine.Italian)
	km2 := map[string]float64{"nil-1": 0.5, "nil-2": 0.25, "nil-3": 1}
	exact := map[string]int64{"nil-1": 30, "nil-2": 10, "nil-3": 10}
	type fig struct{ density, share float64 }
	figs := map[string]fig{}
	var maxD, maxS float64
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		n, ok := publishedCount(r[3])
		if !ok {
			t.Fatalf("%s: %s withheld (nothing is, for staff)", q, slug)
		}
		publishedNear(t, q+": "+slug, n, exact[slug], 3)
		if d := staff.demand(t, "anziani-soli", slug); d != n {
			t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
		}
		base := staff.demand(t, "residenti", slug)
		f := fig{float64(n) / km2[slug], float64(n) / float64(base)}
		near(t, q+": "+slug+" density", r[4].Raw(), f.density)
		near(t, q+": "+slug+" share", r[5].Raw(), f.share)
		figs[slug] = f
		maxD, maxS = max(maxD, f.density), max(maxS, f.share)
	}
	for _, r := range res.Rows {
		f := figs[r[1].Raw().(string)]
		near(t, q+": score", r[6].Raw(), (f.density/maxD)*(f.share/maxS))
	}
	if d := res.Disclosure; d.Method != "cell-key" || !strings.Contains(d.Rule, "da 1 a 2") {
		t.Errorf("disclosure = %+v", d)
	}
}

func TestCompareByHand(t *testing.T) {
	a := openCity(t, twoMunicipiCity())
	// anziani-soli: nil-1 30 (30/200 residents, 30/50 of the city), nil-2 10
	// (10/50, 10/50), municipio-2 10 (10/250, 10/50). stranieri: nil-1 3 is
	// withheld (primary), nil-2 30 with it (secondary, as in every NIL
	// table), municipio-2 40 (40/250, 40/73).
	q := "compare area=nil-1,nil-2,municipio-2 target=anziani-soli,stranieri"
	res := a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"nil-1", "Cà Granda", "anziani-soli", "anziani soli", 30, 0.15, 0.6},
		{"nil-1", "Cà Granda", "stranieri", "stranieri", ":c", ":c", ":c"},
		{"nil-2", "Borgo", "anziani-soli", "anziani soli", 10, 0.2, 0.2},
		{"nil-2", "Borgo", "stranieri", "stranieri", ":c", ":c", ":c"},
		{"municipio-2", "Municipio 2", "anziani-soli", "anziani soli", 10, 0.04, 0.2},
		{"municipio-2", "Municipio 2", "stranieri", "stranieri", 40, 0.16, 40.0 / 73},
	})
	// The analyst's rule says the counts are exact (finish replaces the
	// cell-key text with it, the higher thresholds too); the staff's is
	// tested in TestCompareProtected.
	d := res.Disclosure
	if d.Threshold != 3 || d.Suppressed != 6 || d.Method != "exact" {
		t.Errorf("disclosure = %+v", d)
	}
	if want := "2024, anziani soli: la quota più alta sui residenti è a Borgo (20,0%), la più bassa nel Municipio 2 (4,0%)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	res = a.ask(t, "confronta zona=nil-1,nil-2,municipio-2 target=anziani-soli,stranieri", engine.English)
	if want := "2024, older people living alone: the highest share of residents is in Borgo (20.0%), the lowest in Municipio 2 (4.0%)."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}
	counts := res.Facts["counts"].(map[string]map[string]any)
	if counts["nil-2"]["stranieri"] != engine.Confidential || counts["municipio-2"]["stranieri"] != int64(40) {
		t.Errorf("facts counts = %v", counts)
	}
	// One area, several targets: municipio-1 has 40 older people living
	// alone and 33 foreign residents (public at the municipio level).
	q = "compare area=municipio-1 target=anziani-soli,stranieri"
	res = a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"municipio-1", "Municipio 1", "anziani-soli", "anziani soli", 40, 40.0 / 250, 40.0 / 50},
		{"municipio-1", "Municipio 1", "stranieri", "stranieri", 33, 33.0 / 250, 33.0 / 73},
	})
	if want := "Municipio 1, 2024: tra i target confrontati il più numeroso è anziani soli (40)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
}

// TestCompareProtected: as staff, each area's count is the figure `howmuch
// demand` and `where concentration` publish for it, within the noise of the
// exact one and never from 1 to threshold − 1; shares are those of the
// published counts.
func TestCompareProtected(t *testing.T) {
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	q := "compare area=nil-1,nil-2,municipio-2,tiny target=anziani-soli,stranieri"
	res := staff.ask(t, q, engine.Italian)
	exact := map[string]map[string]int64{
		"anziani-soli": {"nil-1": 30, "nil-2": 10, "municipio-2": 10, "tiny": 50},
		"stranieri":    {"nil-1": 3, "nil-2": 30, "municipio-2": 40, "tiny": 73},
	}
	threshold := map[string]int{"anziani-soli": 3, "stranieri": 5}
	// The concentration tables' figures, by target and area.
	conc := map[string]map[string]engine.Value{}
	for _, target := range []string{"anziani-soli", "stranieri"} {
		conc[target] = map[string]engine.Value{}
		for _, level := range []string{"nil", "municipio"} {
			for _, r := range staff.ask(t, "where concentration target="+target+" level="+level, engine.Italian).Rows {
				conc[target][r[1].Raw().(string)] = r[3]
			}
		}
	}
	counts := res.Facts["counts"].(map[string]map[string]any)
	if len(res.Rows) != 8 {
		t.Fatalf("%s: %d rows", q, len(res.Rows))
	}
	for _, r := range res.Rows {
		area, target := r[0].Raw().(string), r[2].Raw().(string)
		what := q + ": " + area + " " + target
		dq := "howmuch demand target=" + target + " area=" + area
		want := staff.ask(t, dq, engine.Italian).Facts["count"]
		if counts[area][target] != want {
			t.Errorf("%s: fact %v, howmuch demand %v", what, counts[area][target], want)
		}
		if c, ok := conc[target][area]; ok && fmt.Sprint(c.Raw(), c.IsSuppressed()) != fmt.Sprint(r[4].Raw(), r[4].IsSuppressed()) {
			t.Errorf("%s: %v, where concentration %v", what, r[4].Raw(), c.Raw())
		}
		n, ok := publishedCount(r[4])
		if !ok {
			continue
		}
		publishedNear(t, what, n, exact[target][area], threshold[target])
		checkShare(t, what+" population share", r[5], n, staff.demand(t, "residenti", area))
		checkShare(t, what+" city share", r[6], n, staff.demand(t, target, "tiny"))
	}
	if d := res.Disclosure; d.Method != "cell-key" || d.Threshold != 3 || !strings.Contains(d.Rule, "5 (stranieri)") {
		t.Errorf("disclosure = %+v", d)
	}
}

func TestProfileByHand(t *testing.T) {
	a := openCity(t, twoMunicipiCity())
	// nil-1 (Cà Granda), 2024, targets by slug:
	//   anziani-soli 30: 30/200 = 0.15 of residents, 30/50 = 0.6 of the city,
	//     25 in 2023 → +20%; LQ 0.15/(50/500) = 1.5, the only one above 1
	//   famiglie 90: 90/90 of households, 90/220 of the city; no 2023
	//   famiglie-monogenitoriali 9: withheld (secondary, nil-2 has 2)
	//   residenti 200: 1, 200/500 = 0.4
	//   stranieri 3: withheld (primary)
	// Facilities: f1, a senior centre with 100 places, stands on s1.
	q := "profile area=nil-1"
	res := a.ask(t, q, engine.Italian)
	checkRows(t, q, res, [][]any{
		{"target", "anziani-soli", "anziani soli", 30, 0.15, 0.6, 0.2, 2023, "null", "null", "null"},
		{"target", "famiglie", "famiglie", 90, 1.0, 90.0 / 220, "null", "null", "null", "null", "null"},
		{"target", "famiglie-monogenitoriali", "famiglie monogenitoriali", ":c", ":c", ":c", "null", "null", "null", "null", "null"},
		{"target", "residenti", "residenti", 200, 1.0, 0.4, "null", "null", "null", "null", "null"},
		{"target", "stranieri", "stranieri", ":c", ":c", ":c", "null", "null", "null", "null", "null"},
		{"service", "centro-anziani", "Centro anziani", "null", "null", "null", "null", "null", 1, 100.0, "iscritti"},
	})
	if want := "Cà Granda, 2024: 200 residenti; rispetto alla città il target più sovrarappresentato è anziani soli (15,0% dei residenti contro 10,0% in città)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	if d := res.Disclosure; d.Suppressed != 6 {
		t.Errorf("disclosure = %+v", d)
	}
	if res.Facts["population"] != int64(200) || res.Facts["households"] != int64(90) || res.Facts["facilities"] != 1 || res.Facts["over_represented"] != "anziani-soli" {
		t.Errorf("facts = %v", res.Facts)
	}
	if len(res.Sources) != 2 {
		t.Errorf("sources = %v, want census and services", res.Sources)
	}
	// municipio-2: stranieri 40 of 250 residents (0.16) against 73/500 =
	// 0.146 in the city, LQ 1.096, above anziani-soli (0.04/0.1) and
	// single-parent households ((9/110)/(20/220) = 0.9). Its senior centre
	// has no stated capacity: the cell is empty and a note says so.
	res = a.ask(t, "profilo zona=municipio-2", engine.English)
	if want := "Municipio 2, 2024: 250 residents; compared with the city, the most over-represented target is foreign residents (16.0% of residents against 14.6% in the city)."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}
	last := res.Rows[len(res.Rows)-2:]
	if last[0][1].Raw() != "centro-anziani" || last[0][9].Raw() != nil || last[1][1].Raw() != "sportello-stranieri" || last[1][9].Raw() != 10.0 {
		t.Errorf("service rows = %v", last)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "Capacity unknown for some facilities (without capacity/total), left out of the total: Senior centre (1/1)") {
		t.Errorf("notes = %v", res.Notes)
	}
	// The whole city: every facility, no comparison with itself.
	res = a.ask(t, "profile area=tiny", engine.Italian)
	if res.Facts["facilities"] != 4 || res.Headline != "Tiny, 2024: 500 residenti e 4 strutture." {
		t.Errorf("city: facilities %v, headline %q", res.Facts["facilities"], res.Headline)
	}
}

// TestProfileProtected: as staff, a profile's counts are those of `howmuch
// demand` for the area, within the noise of the exact ones; shares, changes
// and quotients are those of the published counts.
func TestProfileProtected(t *testing.T) {
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	q := "profile area=nil-1"
	res := staff.ask(t, q, engine.Italian)
	exact := map[string]int64{"anziani-soli": 30, "famiglie": 90, "famiglie-monogenitoriali": 9, "residenti": 200, "stranieri": 3}
	threshold := map[string]int{"anziani-soli": 3, "famiglie": 3, "famiglie-monogenitoriali": 5, "residenti": 3, "stranieri": 5}
	base := map[string]string{"famiglie": "famiglie", "famiglie-monogenitoriali": "famiglie"}
	targets := res.Facts["targets"].(map[string]any)
	seen := 0
	for _, r := range res.Rows {
		if r[0].Raw() != "target" {
			continue
		}
		seen++
		slug := r[1].Raw().(string)
		what := q + ": " + slug
		if !r[3].IsPeople() {
			t.Errorf("%s: count not published through disclose", what)
		}
		want := staff.ask(t, "howmuch demand target="+slug+" area=nil-1", engine.Italian).Facts["count"]
		if got := targets[slug].(map[string]any)["count"]; got != want {
			t.Errorf("%s: %v, howmuch demand %v", what, got, want)
		}
		n, ok := publishedCount(r[3])
		if !ok {
			continue
		}
		publishedNear(t, what, n, exact[slug], threshold[slug])
		b := base[slug]
		if b == "" {
			b = "residenti"
		}
		checkShare(t, what+" population share", r[4], n, staff.demand(t, b, "nil-1"))
		checkShare(t, what+" city share", r[5], n, staff.demand(t, slug, "tiny"))
		if slug == "anziani-soli" {
			// 25 in 2023: the change is that of the published counts.
			q0 := "howmuch demand target=anziani-soli area=nil-1 year=2023"
			n0 := factCount(t, q0, staff.ask(t, q0, engine.Italian).Facts["count"])
			publishedNear(t, q0, n0, 25, 3)
			near(t, what+" change", r[6].Raw(), float64(n)/float64(n0)-1)
		}
	}
	if seen != 5 {
		t.Errorf("%s: %d targets, want 5", q, seen)
	}
	if d := res.Disclosure; d.Method != "cell-key" || !strings.Contains(d.Rule, "5 (famiglie monogenitoriali, stranieri)") {
		t.Errorf("disclosure = %+v", d)
	}
}
