package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
)

// A two-municipio city for concentration, reach, compare and profile, small
// enough to answer by hand:
//
//	Tiny ─┬─ municipio-1 (0.75 km²) ─┬─ nil-1 Cà Granda (0.5 km²): s1, s2
//	      │                          └─ nil-2 Borgo (0.25 km²):    s3
//	      └─ municipio-2 (1 km²) ──── nil-3 Prato (1 km²):         s4, s5
//
// Counts in 2024 by section s1..s5, and what they sum to:
//
//	residenti                 100 100  50 200  50   nil 200 50 250 · muni 250 250 · city 500
//	famiglie                   50  40  20  90  20   nil  90 20 110 · muni 110 110 · city 220
//	anziani-soli               20  10  10   8   2   nil  30 10  10 · muni  40  10 · city  50
//	stranieri (min 5)           2   1  30  40   0   nil   3 30  40 · muni  33  40 · city  73
//	famiglie-monogenitoriali    5   4   2   6   3   nil   9  2   9 · muni  11   9 · city  20
//	  (family, min 5)
//
// and in 2023 only anziani-soli: 15 10 5 10 0 (nil 25 5 10, city 40).
//
// Disclosure: stranieri nil-1 (3) is below 5, and nil-2 (30), the only
// other NIL of municipio-1, is withheld with it; famiglie-monogenitoriali
// nil-2 (2) is below 5 and nil-1 (9) goes with it. Municipi are all public.
//
// Facilities: f1 centro-anziani on s1 (100 places), f2 centro-anziani on s4
// (capacity unknown), f3 consultorio on s3 (30), f4 sportello-stranieri on s5 (10).
func aCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	square := func(lon, lat float64) string {
		d := 0.002
		return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			lon-d, lat-d, lon+d, lat-d, lon+d, lat+d, lon-d, lat+d, lon-d, lat-d)
	}
	area := func(id, level, parent, name string, km2, lon, lat float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: km2, GeoJSON: square(lon, lat), Dataset: "a-census"}
	}
	d := &catalog.Data{
		Meta: []catalog.MetaEntry{{Key: "schema_version", Value: catalog.SchemaVersion}, {Key: "name", Value: "Tiny"}, {Key: "synthetic", Value: "false"}},
		Datasets: []catalog.Dataset{
			{ID: "a-census", Title: "Tiny census", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"},
			{ID: "a-services", Title: "Tiny services", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"},
		},
		Areas: []catalog.AreaRow{
			area("tiny", engine.LevelCity, "", "Tiny", 1.75, 9.2, 45.47),
			area("municipio-1", engine.LevelMunicipio, "tiny", "Municipio 1", 0.75, 9.2, 45.46),
			area("municipio-2", engine.LevelMunicipio, "tiny", "Municipio 2", 1, 9.25, 45.5),
			area("nil-1", engine.LevelNIL, "municipio-1", "Cà Granda", 0.5, 9.19, 45.46),
			area("nil-2", engine.LevelNIL, "municipio-1", "Borgo", 0.25, 9.21, 45.47),
			area("nil-3", engine.LevelNIL, "municipio-2", "Prato", 1, 9.25, 45.5),
			area("s1", engine.LevelSection, "nil-1", "s1", 0.25, 9.19, 45.46),
			area("s2", engine.LevelSection, "nil-1", "s2", 0.25, 9.195, 45.46),
			area("s3", engine.LevelSection, "nil-2", "s3", 0.25, 9.21, 45.47),
			area("s4", engine.LevelSection, "nil-3", "s4", 0.5, 9.25, 45.5),
			area("s5", engine.LevelSection, "nil-3", "s5", 0.5, 9.255, 45.5),
		},
		Targets: []engine.Target{
			{Slug: "residenti", Kind: "person", NameIT: "residenti", NameEN: "residents", Sensitivity: "normal", MinCount: 3},
			{Slug: "famiglie", Kind: "family", NameIT: "famiglie", NameEN: "households", Sensitivity: "normal", MinCount: 3},
			{Slug: "anziani-soli", Kind: "person", NameIT: "anziani soli", NameEN: "older people living alone", Sensitivity: "normal", MinCount: 3},
			{Slug: "stranieri", Kind: "person", NameIT: "stranieri", NameEN: "foreign residents", Sensitivity: "sensitive", MinCount: 5},
			{Slug: "famiglie-monogenitoriali", Kind: "family", NameIT: "famiglie monogenitoriali", NameEN: "single-parent households", Sensitivity: "sensitive", MinCount: 5},
		},
		Services: []engine.Service{
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800},
			{Slug: "consultorio", NameIT: "Consultorio", NameEN: "Family clinic", Targets: []string{"famiglie-monogenitoriali"}, CapacityUnit: "utenti", RadiusM: 1000},
			{Slug: "sportello-stranieri", NameIT: "Sportello stranieri", NameEN: "Migrant help desk", Targets: []string{"stranieri"}, CapacityUnit: "utenti", RadiusM: 1000},
		},
		Facilities: []catalog.FacilityRow{
			{ID: "f1", Service: "centro-anziani", Name: "Centro A", Lon: 9.19, Lat: 45.46, Capacity: 100, AreaID: "s1", Dataset: "a-services"},
			{ID: "f2", Service: "centro-anziani", Name: "Centro B", Lon: 9.25, Lat: 45.5, AreaID: "s4", Dataset: "a-services"},
			{ID: "f3", Service: "consultorio", Name: "Consultorio C", Lon: 9.21, Lat: 45.47, Capacity: 30, AreaID: "s3", Dataset: "a-services"},
			{ID: "f4", Service: "sportello-stranieri", Name: "Sportello D", Lon: 9.255, Lat: 45.5, Capacity: 10, AreaID: "s5", Dataset: "a-services"},
		},
	}
	add := func(target string, year int, counts ...int64) {
		for i, n := range counts {
			d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: target, Year: year, Count: n, Dataset: "a-census"})
		}
	}
	add("residenti", 2024, 100, 100, 50, 200, 50)
	add("famiglie", 2024, 50, 40, 20, 90, 20)
	add("anziani-soli", 2024, 20, 10, 10, 8, 2)
	add("stranieri", 2024, 2, 1, 30, 40, 0)
	add("famiglie-monogenitoriali", 2024, 5, 4, 2, 6, 3)
	add("anziani-soli", 2023, 15, 10, 5, 10, 0)
	return d
}

type aEngine struct {
	eng   *engine.Engine
	vocab *engine.Vocabulary
}

func aOpen(t *testing.T) *aEngine {
	t.Helper()
	eng, v := openData(t, aCity())
	return &aEngine{eng, v}
}

func (a *aEngine) ask(t *testing.T, q string, l engine.Lang, role engine.Role) *engine.Result {
	t.Helper()
	plan, err := dsl.Compile(q, a.vocab)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if role == "" {
		role = engine.RoleAnalyst // exact arithmetic; protected figures are tested in disclosure_attack_test.go
	}
	res, err := a.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Lang: l, Role: role})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// aRows checks a result's table against the expected cells: a string is
// compared with the cell as JSON writes it (":c" for withheld, "null" for
// empty), a float64 within 1e-12, an int exactly.
func aRows(t *testing.T, q string, res *engine.Result, want [][]any) {
	t.Helper()
	if len(res.Rows) != len(want) {
		t.Fatalf("%s: %d rows, want %d: %v", q, len(res.Rows), len(want), res.Rows)
	}
	for i, row := range res.Rows {
		if len(row) != len(want[i]) {
			t.Fatalf("%s: row %d has %d cells, want %d", q, i, len(row), len(want[i]))
		}
		for j, v := range row {
			b, _ := json.Marshal(v)
			got := strings.Trim(string(b), `"`)
			switch w := want[i][j].(type) {
			case string:
				if got != w {
					t.Errorf("%s: row %d, %s = %s, want %s", q, i, res.Columns[j].Name, got, w)
				}
			case int:
				if got != strconv.Itoa(w) {
					t.Errorf("%s: row %d, %s = %s, want %d", q, i, res.Columns[j].Name, got, w)
				}
			case float64:
				x, err := strconv.ParseFloat(got, 64)
				if err != nil || math.Abs(x-w) > 1e-12 {
					t.Errorf("%s: row %d, %s = %s, want %v", q, i, res.Columns[j].Name, got, w)
				}
			}
		}
	}
}

func aNear(t *testing.T, what string, got any, want float64) {
	t.Helper()
	x, ok := got.(float64)
	if !ok || math.Abs(x-want) > 1e-12 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestConcentrationByHand(t *testing.T) {
	a := aOpen(t)
	// City: 50 older people living alone among 500 residents (10%).
	//   nil-1: 30 → share 30/50 = 0.6, density 30/0.5 = 60, LQ (30/200)/0.1 = 1.5
	//   nil-2: 10 → share 0.2, density 10/0.25 = 40, LQ (10/50)/0.1 = 2
	//   nil-3: 10 → share 0.2, density 10/1 = 10, LQ (10/250)/0.1 = 0.4
	// nil-2 and nil-3 tie at 10: by code.
	q := "where concentration target=anziani-soli"
	res := a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
		{1, "nil-1", "Cà Granda", 30, 0.6, 60.0, 1.5},
		{2, "nil-2", "Borgo", 10, 0.2, 40.0, 2.0},
		{3, "nil-3", "Prato", 10, 0.2, 10.0, 0.4},
	})
	if res.Facts["city_count"] != int64(50) || res.Facts["top_area"] != "nil-1" || res.Facts["max_lq_area"] != "nil-2" || res.Facts["base"] != "residenti" {
		t.Errorf("facts = %v", res.Facts)
	}
	aNear(t, "max_lq", res.Facts["max_lq"], 2)
	if want := "Tiny, 2024: la zona con più anziani soli è Cà Granda, con 30 (60,0% del totale cittadino) e un quoziente di localizzazione di 1,50."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	if len(res.Sources) != 1 || res.Sources[0].ID != "a-census" || res.Disclosure.Suppressed != 0 {
		t.Errorf("sources %v, disclosure %+v", res.Sources, res.Disclosure)
	}
	res = a.ask(t, "dove concentrazione target=anziani-soli", engine.English, "")
	if want := "Tiny, 2024: the area with the most older people living alone is Cà Granda, with 30 (60.0% of the city total) and a location quotient of 1.50."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}

	// Family targets are measured against households: municipio-1 has 11
	// single-parent households of 110, municipio-2 9 of 110; the city 20 of 220.
	//   municipio-1: share 11/20, density 11/0.75, LQ (11/110)/(20/220) = 1.1
	//   municipio-2: share 9/20, density 9/1, LQ (9/110)/(20/220) = 0.9
	q = "where concentration target=famiglie-monogenitoriali level=municipio"
	res = a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
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
	res = a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
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
	res = a.ask(t, "where concentration target=stranieri area=municipio-1", engine.Italian, "")
	if len(res.Rows) != 2 || !res.Rows[0][3].IsSuppressed() || !res.Rows[1][3].IsSuppressed() || res.Facts["target_count"] != int64(33) {
		t.Errorf("area=municipio-1: rows %v, facts %v", res.Rows, res.Facts)
	}
	if !strings.Contains(res.Headline, "non sono pubblicabili") || strings.Contains(res.Headline, "30") {
		t.Errorf("area=municipio-1 headline = %q", res.Headline)
	}

	// 2023: no residents counted, so no quotient, and a note says so.
	//   nil-1 25 (25/40, 25/0.5 = 50), nil-3 10 (10/40, 10), nil-2 5 (5/40, 20)
	q = "where concentration target=anziani-soli year=2023"
	res = a.ask(t, q, engine.English, "")
	aRows(t, q, res, [][]any{
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
	res = a.ask(t, q, engine.Italian, engine.RolePress)
	aRows(t, q, res, [][]any{{1, "municipio-1", "Municipio 1", 10, 0.5, 10 / 0.75, 1.0}})
	if res.Disclosure.Rounding != 10 || !strings.Contains(strings.Join(res.Notes, " "), "arrotondati") {
		t.Errorf("press: disclosure %+v, notes %v", res.Disclosure, res.Notes)
	}
}

// aCount reads a published count cell: its figure, false when withheld.
func aCount(v engine.Value) (int64, bool) {
	n, ok := v.Raw().(int64)
	return n, ok && v.IsPeople() && !v.IsSuppressed()
}

// aFact reads a published count from the facts.
func aFact(t *testing.T, what string, v any) int64 {
	t.Helper()
	n, ok := v.(int64)
	if !ok {
		t.Fatalf("%s = %v, want a published count", what, v)
	}
	return n
}

// aNoisy checks a count published to staff against the exact one: within
// the noise (at most D away) at or above the threshold, never a figure from
// 1 to threshold − 1, zero for nobody.
func aNoisy(t *testing.T, what string, got, exact int64, threshold int) {
	t.Helper()
	th := int64(threshold)
	d := int64(disclose.DefaultTable.D())
	switch {
	case got > 0 && got < th:
		t.Errorf("%s = %d: a figure from 1 to %d is never published", what, got, th-1)
	case exact == 0 && got != 0:
		t.Errorf("%s = %d, want 0 (nobody)", what, got)
	case exact >= th && (got < exact-d || got > exact+d):
		t.Errorf("%s = %d, exact %d: beyond the noise (±%d)", what, got, exact, d)
	case exact > 0 && exact < th && got != 0 && got != th:
		t.Errorf("%s = %d, exact %d below the threshold: want 0 or %d", what, got, exact, th)
	}
}

// demand asks as staff and returns the published count of a target in an
// area as `howmuch demand` gives it: the figure every verb must give.
func (a *aEngine) demand(t *testing.T, target, area string) int64 {
	t.Helper()
	q := "howmuch demand target=" + target + " area=" + area
	return aFact(t, q, a.ask(t, q, engine.Italian, engine.RoleStaff).Facts["count"])
}

// TestConcentrationProtected: as staff, every count is the published one
// (the same as `howmuch demand` gives for the area), within the noise of
// the exact count and never from 1 to threshold − 1; shares, densities and
// quotients are those of the published counts.
func TestConcentrationProtected(t *testing.T) {
	a := aOpen(t)
	km2 := map[string]float64{"nil-1": 0.5, "nil-2": 0.25, "nil-3": 1}
	for _, c := range []struct {
		target    string
		threshold int
		exact     map[string]int64
	}{
		{"anziani-soli", 3, map[string]int64{"nil-1": 30, "nil-2": 10, "nil-3": 10, "tiny": 50}},
		{"stranieri", 5, map[string]int64{"nil-1": 3, "nil-2": 30, "nil-3": 40, "tiny": 73}},
	} {
		q := "where concentration target=" + c.target
		res := a.ask(t, q, engine.Italian, engine.RoleStaff)
		city := aFact(t, q+": city_count", res.Facts["city_count"])
		aNoisy(t, q+": city", city, c.exact["tiny"], c.threshold)
		if city != a.demand(t, c.target, "tiny") {
			t.Errorf("%s: city %d, howmuch demand says otherwise", q, city)
		}
		cityBase := a.demand(t, "residenti", "tiny")
		if len(res.Rows) != 3 {
			t.Fatalf("%s: rows %v", q, res.Rows)
		}
		for _, r := range res.Rows {
			slug := r[1].Raw().(string)
			n, ok := aCount(r[3])
			if !ok {
				if !r[3].IsPeople() {
					t.Errorf("%s: %s count not published through disclose", q, slug)
				}
				continue
			}
			aNoisy(t, q+": "+slug, n, c.exact[slug], c.threshold)
			if d := a.demand(t, c.target, slug); d != n {
				t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
			}
			aNear(t, q+": "+slug+" share", r[4].Raw(), float64(n)/float64(city))
			aNear(t, q+": "+slug+" density", r[5].Raw(), float64(n)/km2[slug])
			base := a.demand(t, "residenti", slug)
			aNear(t, q+": "+slug+" LQ", r[6].Raw(), (float64(n)/float64(base))/(float64(city)/float64(cityBase)))
		}
		if d := res.Disclosure; d.Method != "cell-key" || d.MaxNoise != 2 || !strings.Contains(d.Rule, fmt.Sprintf("da 1 a %d", c.threshold-1)) {
			t.Errorf("%s: disclosure %+v", q, d)
		}
	}
}

func TestReachByHand(t *testing.T) {
	a := aOpen(t)
	// density: nil-1 60, nil-2 40, nil-3 10 per km² (max 60);
	// share of residents: 30/200 = 0.15, 10/50 = 0.2, 10/250 = 0.04 (max 0.2).
	//   nil-1: (60/60)·(0.15/0.2) = 0.75
	//   nil-2: (40/60)·(0.2/0.2) = 2/3
	//   nil-3: (10/60)·(0.04/0.2) = 1/30
	q := "where reach target=anziani-soli"
	res := a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
		{1, "nil-1", "Cà Granda", 30, 60.0, 0.15, 0.75},
		{2, "nil-2", "Borgo", 10, 40.0, 0.2, 2.0 / 3},
		{3, "nil-3", "Prato", 10, 10.0, 0.04, 1.0 / 30},
	})
	if want := "Tiny, 2024: per raggiungere anziani soli conviene partire da Cà Granda (60 per km², 15,0% dei residenti)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	res = a.ask(t, "dove raggiungi target=anziani-soli", engine.English, "")
	if want := "Tiny, 2024: to reach older people living alone, start from Cà Granda (60 per km², 15.0% of residents)."; res.Headline != want {
		t.Errorf("English headline = %q, want %q", res.Headline, want)
	}
	aNear(t, "top_score", res.Facts["top_score"], 0.75)

	// The maxima are those of the areas compared: in municipio-2 alone, Prato
	// is first on both and scores 1.
	q = "where reach target=anziani-soli area=municipio-2"
	res = a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{{1, "nil-3", "Prato", 10, 10.0, 0.04, 1.0}})

	// stranieri: only Prato is published (40 per km², 40/250 = 0.16, score
	// 1); the two withheld neighbourhoods go last, by code, and take no part
	// in the maxima.
	q = "where reach target=stranieri"
	res = a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
		{1, "nil-3", "Prato", 40, 40.0, 0.16, 1.0},
		{2, "nil-1", "Cà Granda", ":c", ":c", ":c", ":c"},
		{3, "nil-2", "Borgo", ":c", ":c", ":c", ":c"},
	})
	if d := res.Disclosure; d.Suppressed != 8 {
		t.Errorf("disclosure = %+v", d)
	}
}

func TestCompareByHand(t *testing.T) {
	a := aOpen(t)
	// anziani-soli: nil-1 30 (30/200 residents, 30/50 of the city), nil-2 10
	// (10/50, 10/50), municipio-2 10 (10/250, 10/50). stranieri: nil-1 3 is
	// withheld (primary), nil-2 30 with it (secondary, as in every NIL
	// table), municipio-2 40 (40/250, 40/73).
	q := "compare area=nil-1,nil-2,municipio-2 target=anziani-soli,stranieri"
	res := a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
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
	if want := "2024, anziani soli: la quota più alta sui residenti è a Borgo (20,0%), la più bassa a Municipio 2 (4,0%)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
	res = a.ask(t, "confronta zona=nil-1,nil-2,municipio-2 target=anziani-soli,stranieri", engine.English, "")
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
	res = a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
		{"municipio-1", "Municipio 1", "anziani-soli", "anziani soli", 40, 40.0 / 250, 40.0 / 50},
		{"municipio-1", "Municipio 1", "stranieri", "stranieri", 33, 33.0 / 250, 33.0 / 73},
	})
	if want := "Municipio 1, 2024: tra i target confrontati il più numeroso è anziani soli (40)."; res.Headline != want {
		t.Errorf("headline = %q, want %q", res.Headline, want)
	}
}

func TestProfileByHand(t *testing.T) {
	a := aOpen(t)
	// nil-1 (Cà Granda), 2024, targets by slug:
	//   anziani-soli 30: 30/200 = 0.15 of residents, 30/50 = 0.6 of the city,
	//     25 in 2023 → +20%; LQ 0.15/(50/500) = 1.5, the only one above 1
	//   famiglie 90: 90/90 of households, 90/220 of the city; no 2023
	//   famiglie-monogenitoriali 9: withheld (secondary, nil-2 has 2)
	//   residenti 200: 1, 200/500 = 0.4
	//   stranieri 3: withheld (primary)
	// Facilities: f1, a senior centre with 100 places, stands on s1.
	q := "profile area=nil-1"
	res := a.ask(t, q, engine.Italian, "")
	aRows(t, q, res, [][]any{
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
	res = a.ask(t, "profilo zona=municipio-2", engine.English, "")
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
	res = a.ask(t, "profile area=tiny", engine.Italian, "")
	if res.Facts["facilities"] != 4 || res.Headline != "Tiny, 2024: 500 residenti e 4 strutture." {
		t.Errorf("city: facilities %v, headline %q", res.Facts["facilities"], res.Headline)
	}
}

// aShare checks a share cell: the published ratio, or null when the
// denominator is zero.
func aShare(t *testing.T, what string, v engine.Value, num, den int64) {
	t.Helper()
	if den <= 0 {
		if v.Raw() != nil {
			t.Errorf("%s = %v, want null (a share of nobody)", what, v.Raw())
		}
		return
	}
	aNear(t, what, v.Raw(), math.Min(float64(num)/float64(den), 1))
}

// TestReachProtected: as staff, counts are those of `howmuch demand`,
// densities and shares those of the published counts, and scores those of
// the published densities and shares.
func TestReachProtected(t *testing.T) {
	a := aOpen(t)
	q := "where reach target=anziani-soli"
	res := a.ask(t, q, engine.Italian, engine.RoleStaff)
	km2 := map[string]float64{"nil-1": 0.5, "nil-2": 0.25, "nil-3": 1}
	exact := map[string]int64{"nil-1": 30, "nil-2": 10, "nil-3": 10}
	type fig struct{ density, share float64 }
	figs := map[string]fig{}
	var maxD, maxS float64
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		n, ok := aCount(r[3])
		if !ok {
			t.Fatalf("%s: %s withheld (nothing is, for staff)", q, slug)
		}
		aNoisy(t, q+": "+slug, n, exact[slug], 3)
		if d := a.demand(t, "anziani-soli", slug); d != n {
			t.Errorf("%s: %s = %d, howmuch demand = %d", q, slug, n, d)
		}
		base := a.demand(t, "residenti", slug)
		f := fig{float64(n) / km2[slug], float64(n) / float64(base)}
		aNear(t, q+": "+slug+" density", r[4].Raw(), f.density)
		aNear(t, q+": "+slug+" share", r[5].Raw(), f.share)
		figs[slug] = f
		maxD, maxS = max(maxD, f.density), max(maxS, f.share)
	}
	for _, r := range res.Rows {
		f := figs[r[1].Raw().(string)]
		aNear(t, q+": score", r[6].Raw(), (f.density/maxD)*(f.share/maxS))
	}
	if d := res.Disclosure; d.Method != "cell-key" || !strings.Contains(d.Rule, "da 1 a 2") {
		t.Errorf("disclosure = %+v", d)
	}
}

// TestCompareProtected: as staff, each area's count is the figure `howmuch
// demand` and `where concentration` publish for it, within the noise of the
// exact one and never from 1 to threshold − 1; shares are those of the
// published counts.
func TestCompareProtected(t *testing.T) {
	a := aOpen(t)
	q := "compare area=nil-1,nil-2,municipio-2,tiny target=anziani-soli,stranieri"
	res := a.ask(t, q, engine.Italian, engine.RoleStaff)
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
			for _, r := range a.ask(t, "where concentration target="+target+" level="+level, engine.Italian, engine.RoleStaff).Rows {
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
		want := a.ask(t, dq, engine.Italian, engine.RoleStaff).Facts["count"]
		if counts[area][target] != want {
			t.Errorf("%s: fact %v, howmuch demand %v", what, counts[area][target], want)
		}
		if c, ok := conc[target][area]; ok && fmt.Sprint(c.Raw(), c.IsSuppressed()) != fmt.Sprint(r[4].Raw(), r[4].IsSuppressed()) {
			t.Errorf("%s: %v, where concentration %v", what, r[4].Raw(), c.Raw())
		}
		n, ok := aCount(r[4])
		if !ok {
			continue
		}
		aNoisy(t, what, n, exact[target][area], threshold[target])
		aShare(t, what+" population share", r[5], n, a.demand(t, "residenti", area))
		aShare(t, what+" city share", r[6], n, a.demand(t, target, "tiny"))
	}
	if d := res.Disclosure; d.Method != "cell-key" || d.Threshold != 3 || !strings.Contains(d.Rule, "5 (stranieri)") {
		t.Errorf("disclosure = %+v", d)
	}
}

// TestProfileProtected: as staff, a profile's counts are those of `howmuch
// demand` for the area, within the noise of the exact ones; shares, changes
// and quotients are those of the published counts.
func TestProfileProtected(t *testing.T) {
	a := aOpen(t)
	q := "profile area=nil-1"
	res := a.ask(t, q, engine.Italian, engine.RoleStaff)
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
		want := a.ask(t, "howmuch demand target="+slug+" area=nil-1", engine.Italian, engine.RoleStaff).Facts["count"]
		if got := targets[slug].(map[string]any)["count"]; got != want {
			t.Errorf("%s: %v, howmuch demand %v", what, got, want)
		}
		n, ok := aCount(r[3])
		if !ok {
			continue
		}
		aNoisy(t, what, n, exact[slug], threshold[slug])
		b := base[slug]
		if b == "" {
			b = "residenti"
		}
		aShare(t, what+" population share", r[4], n, a.demand(t, b, "nil-1"))
		aShare(t, what+" city share", r[5], n, a.demand(t, slug, "tiny"))
		if slug == "anziani-soli" {
			// 25 in 2023: the change is that of the published counts.
			q0 := "howmuch demand target=anziani-soli area=nil-1 year=2023"
			n0 := aFact(t, q0, a.ask(t, q0, engine.Italian, engine.RoleStaff).Facts["count"])
			aNoisy(t, q0, n0, 25, 3)
			aNear(t, what+" change", r[6].Raw(), float64(n)/float64(n0)-1)
		}
	}
	if seen != 5 {
		t.Errorf("%s: %d targets, want 5", q, seen)
	}
	if d := res.Disclosure; d.Method != "cell-key" || !strings.Contains(d.Rule, "5 (famiglie monogenitoriali, stranieri)") {
		t.Errorf("disclosure = %+v", d)
	}
}
