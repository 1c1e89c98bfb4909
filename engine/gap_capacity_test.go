package engine_test

import (
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
)

// Gap and capacity against a benchmark on the meridian city (meridianCity).

func TestGapByHand(t *testing.T) {
	b := openCity(t, meridianCity())
	// 2024, capacity by NIL: nil-a n1 6, nil-b n2 5, nil-c n3 8 (n4 unknown).
	//   nil-a: 30 children, ratio 6·100/30 = 20, missing 0.33·30 − 6 = 3.9
	//   nil-b:  6 children, ratio 5·100/6 = 83.33, missing max(0, 1.98 − 5) = 0
	//   nil-c: 44 children, ratio 8·100/44 = 18.18, missing 14.52 − 8 = 6.52
	// 2SFCA (1 km): n1 serves s1, s2: R = 6/30 = 0.2; n2 serves s2, s3:
	// R = 5/16 = 0.3125; n3 serves s4, s5: R = 8/44. A(s1) = 0.2, A(s2) =
	// 0.5125, A(s3) = 0.3125, A(s4) = A(s5) = 8/44. Per 1,000 children:
	//   nil-a (20·0.2 + 10·0.5125)/30 = 9.125/30 → 304.1667; nil-b 312.5;
	//   nil-c 181.818; city 19/80 → 237.5 (all the capacity over all children).
	// E2SFCA with the Gaussian weight (d0 = 1 km). Both steps use published
	// counts (the analyst's are exact), and a distance-weighted count is a
	// count too, published as whole people: with G(111 m) = 0.98434,
	// G(445 m) = 0.76064, G(945 m) = 0.08445, G(167 m) = 0.96489,
	//   D(n1) = 0.98434·20 + 0.76064·10 = 27.29 → 27, R1 = 6/27;
	//   D(n2) = 0.08445·10 + 0.96489·6 = 6.63 → 7,   R2 = 5/7;
	//   D(n3) = 0.76064·30 + 0.98434·14 = 36.60 → 37, R3 = 8/37.
	// Step 2, each area's weighted people in each catchment over its count:
	//   nil-a: n1 27, n2 0.84 → 1: (6 + 5/7)/30 → 223.8095;
	//   nil-b: n2 5.79 → 6: (5/7)·6/6 → 714.2857; nil-c: n3 37: 8/44;
	//   city: (6 + 5 + 8)/80 → 237.5 again (before rounding the weights these
	//   were 221.2175 and 727.2460 for nil-a and nil-b).
	res := b.ask(t, "where gap service=asilo-nido", engine.Italian)
	checkRows(t, "gap 2024", res, [][]any{
		{1, "nil-c", "Mulini", 44, 8.0, 800.0 / 44, 33.0, 7, "sotto lo standard", 8000.0 / 44, 8000.0 / 44},
		{2, "nil-a", "Rovere", 30, 6.0, 20.0, 33.0, 4, "sotto lo standard", 304.1666666666667, (6 + 5.0/7) / 30 * 1000},
		{3, "nil-b", "Gelsi", 6, 5.0, 500.0 / 6, 33.0, 0, "in linea o sopra", 312.5, 5000.0 / 7},
	})
	// City: 80 children, 19 places, ratio 23.75, missing 26.4 − 19 = 7.4,
	// whole places: 8; by area ⌈6.52⌉ + ⌈3.9⌉ = 7 + 4 = 11.
	if res.Facts["target_count"] != int64(80) || res.Facts["areas_below"] != 2 || res.Facts["benchmark"] != "nido-33" {
		t.Errorf("facts = %v", res.Facts)
	}
	near(t, "ratio", res.Facts["ratio"], 23.75)
	near(t, "places missing", res.Facts["places_missing"], 8)
	near(t, "places missing by area", res.Facts["places_missing_areas"], 11)
	near(t, "capacity", res.Facts["capacity"], 19)
	near(t, "city 2SFCA", res.Facts["access_2sfca"], 237.5)
	near(t, "city E2SFCA", res.Facts["access_e2sfca"], 237.5)
	if want := "Bt, 2024: 19 posti di Asilo nido per 80 bambini 0–2 anni, 23,8 ogni 100 (livello essenziale LEP: 33): mancano 8 posti. Il divario maggiore è a Mulini (7 posti)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, s := range []string{"posti nido per 100 bambini 0–2 anni", "LEP", "L. 234/2021", "2SFCA", "exp(−½(d/1 km)²)", "1 strutture di tipo Asilo nido su 4 non hanno la capacità"} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
	if len(res.Sources) != 2 || res.Disclosure.Suppressed != 0 {
		t.Errorf("sources %v, disclosure %+v", res.Sources, res.Disclosure)
	}
	res = b.ask(t, "where gap service=asilo-nido level=municipio", engine.English)
	// m1: 36 children, 11 places, missing 11.88 − 11 = 0.88, whole: 1; m2
	// as nil-c.
	// E2SFCA of m1: n1's 27 and n2's 6.63 → 7 weighted children are all in
	// it: (6 + 5)/36.
	checkRows(t, "gap by municipio", res, [][]any{
		{1, "m2", "Municipio 2", 44, 8.0, 800.0 / 44, 33.0, 7, "below the standard", 8000.0 / 44, 8000.0 / 44},
		{2, "m1", "Municipio 1", 36, 11.0, 1100.0 / 36, 33.0, 1, "below the standard", (9.125 + 1.875) / 36 * 1000, 11000.0 / 36},
	})
	if want := "Bt, 2024: 19 places of Nursery for 80 children aged 0–2, 23.8 per 100 (LEP essential level: 33): 8 places missing. The largest gap is in Municipio 2 (7 places)."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// Restricted to m1, the facts are m1's.
	res = b.ask(t, "where gap service=asilo-nido area=m1", engine.Italian)
	if len(res.Rows) != 2 || res.Facts["target_count"] != int64(36) {
		t.Errorf("area=m1: rows %v, facts %v", cells(res), res.Facts)
	}
	near(t, "m1 places missing", res.Facts["places_missing"], 1)
}

func TestGapWithholdsWhatTheLevelWithholds(t *testing.T) {
	b := openCity(t, meridianCity())
	// 2022: nil-b has 2 children (primary), so nil-a (24), the other NIL of
	// m1, is withheld too; their ratios, places missing, status and scores
	// with them (6 cells each). nil-c: 36 children, 8 places, ratio 22.22,
	// missing 11.88 − 8 = 3.88, whole places: 4; n3 alone serves nil-c, so both scores are
	// its 8 places over the 36 children it reaches: 222.2 per 1,000.
	res := b.ask(t, "where gap service=asilo-nido year=2022 top=0", engine.Italian)
	c := engine.Confidential
	checkRows(t, "gap 2022", res, [][]any{
		{1, "nil-c", "Mulini", 36, 8.0, 800.0 / 36, 33.0, 4, "sotto lo standard", 8000.0 / 36, 8000.0 / 36},
		{2, "nil-a", "Rovere", c, 6.0, c, 33.0, c, c, c, c},
		{3, "nil-b", "Gelsi", c, 5.0, c, 33.0, c, c, c, c},
	})
	// The analyst's answer says its counts are exact (the cell-key wording
	// is for the other roles); the threshold rule still withholds.
	d := res.Disclosure
	if d.Suppressed != 12 || d.Threshold != 3 || d.Method != "exact" || !strings.Contains(d.Rule, "Conteggi esatti") {
		t.Errorf("disclosure = %+v", d)
	}
	// The city is safe: 62 children, 20.46 places needed, 19 there: 1.46,
	// whole places: 2.
	if res.Facts["target_count"] != int64(62) {
		t.Errorf("facts = %v", res.Facts)
	}
	near(t, "places missing", res.Facts["places_missing"], 2)
	near(t, "places missing in published areas", res.Facts["places_missing_areas"], 4)
	res = b.ask(t, "where gap service=asilo-nido year=2022 area=nil-b", engine.English)
	if res.Facts["target_count"] != c || res.Facts["places_missing"] != c || !strings.Contains(res.Headline, "cannot be published") {
		t.Errorf("area=nil-b: facts %v, headline %q", res.Facts, res.Headline)
	}
}

func TestGapErrors(t *testing.T) {
	b := openCity(t, meridianCity())
	for q, want := range map[string]string{
		"where gap service=centro-anziani":  "no take-up standard for service centro-anziani",
		"howmuch capacity service=ludoteca": "no capacity for the 1 facilities of service ludoteca",
		"where gap service=ludoteca":        "no capacity",
		"which saturation service=ludoteca": "no capacity",
	} {
		t.Run(q, func(t *testing.T) {
			_, err := b.exec(q, engine.Italian)
			switch {
			case want == "" && err != nil:
				t.Errorf("%s: %v", q, err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("%s: err = %v, want %q", q, err, want)
			}
		})
	}
}

// TestGapWithoutFacilitiesIsMissingData: a catalog that holds no facility of
// the service says so, instead of reporting every place as missing.
func TestGapWithoutFacilitiesIsMissingData(t *testing.T) {
	d := tinyCity()
	d.Benchmarks = append(d.Benchmarks, catalog.Benchmark{ID: "nido-33", Service: "asilo-nido", Target: "prima-infanzia",
		Value: 33, Per: 100, Kind: "lep", NameIT: "posti nido", NameEN: "nursery places", Source: "L. 234/2021", Year: 2021})
	var kept []catalog.FacilityRow
	for _, f := range d.Facilities {
		if f.Service != "asilo-nido" {
			kept = append(kept, f)
		}
	}
	d.Facilities = kept
	c := openCity(t, d).as(engine.RoleStaff)
	for _, q := range []string{"where gap service=asilo-nido", "howmuch capacity service=asilo-nido"} {
		_, err := c.exec(q, engine.Italian)
		if err == nil || !strings.Contains(err.Error(), "holds no facilities of service asilo-nido") {
			t.Errorf("%s: err = %v, want a missing-data error", q, err)
		}
	}
}

func TestGapAndCapacityProtectedForStaff(t *testing.T) {
	b := openCity(t, meridianCity())
	// where gap: the counts of the fixed hierarchy are perturbed, and the
	// ratio and places missing derive from the figure published beside them.
	q := "where gap service=asilo-nido"
	staff, exact := b.as(engine.RoleStaff).ask(t, q, engine.Italian), b.ask(t, q, engine.Italian)
	got := checkProtected(t, q, staff, exact, "area_id", 3)
	for _, row := range staff.Rows {
		n, ok := row[3].Raw().(int64)
		if !ok {
			continue
		}
		capacity := row[4].Raw().(float64)
		if r, ok := row[5].Raw().(float64); !ok || math.Abs(r-capacity*100/float64(n)) > 1e-9 {
			t.Errorf("%s %v: ratio %v, want capacity × 100 / %d published", q, row[1].Raw(), row[5].Raw(), n)
		}
		if m := row[7].Raw().(int64); float64(m) != max(0, math.Ceil(0.33*float64(n)-capacity-1e-9)) {
			t.Errorf("%s %v: places missing %v, want from %d published", q, row[1].Raw(), m, n)
		}
	}
	if len(got) == 0 {
		return
	}
	city, ok := staff.Facts["target_count"].(int64)
	if !ok {
		t.Fatalf("%s: staff city count %v", q, staff.Facts["target_count"])
	}
	publishedNear(t, q+" city", city, 80, 3)
	near(t, q+" city places missing", staff.Facts["places_missing"], max(0, math.Ceil(0.33*float64(city)-19-1e-9)))

	// howmuch capacity: the same city figure, the places needed from it.
	q = "howmuch capacity service=asilo-nido"
	staff = b.as(engine.RoleStaff).ask(t, q, engine.Italian)
	if staff.Facts["target_count"] != city {
		t.Errorf("%s: staff city count %v, where gap published %d: the same region must get the same figure", q, staff.Facts["target_count"], city)
	}
	near(t, q+" places needed", staff.Facts["places_needed"], math.Ceil(0.33*float64(city)-1e-9))
	checkProtected(t, q, staff, b.ask(t, q, engine.Italian), "area_id", 3)
	// nil-b in 2022 holds 2 children: never published as 2.
	staff = b.as(engine.RoleStaff).ask(t, "howmuch capacity service=asilo-nido area=nil-b year=2022", engine.Italian)
	if n, ok := staff.Facts["target_count"].(int64); ok && n > 0 && n < 3 {
		t.Errorf("nil-b 2022: staff published %d children", n)
	}
}

func TestCapacityByHand(t *testing.T) {
	b := openCity(t, meridianCity())
	// City 2024: 80 children → 33·80/100 = 26.4, whole places: 27; 6 + 5 +
	// 8 = 19 (n4 unknown); gap 8; ratio 19·100/80 = 23.75.
	res := b.ask(t, "howmuch capacity service=asilo-nido", engine.Italian)
	checkRows(t, "city", res, [][]any{{"bt", "Bt", 80, 19.0, 27, 8, 0, 23.75, 33.0}})
	if want := "Bt, 2024: per 80 bambini 0–2 anni lo standard chiede 27 posti di Asilo nido; ce ne sono 19: ne mancano 8."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["facilities"] != 4 || res.Facts["target_count"] != int64(80) {
		t.Errorf("facts = %v", res.Facts)
	}
	near(t, "gap", res.Facts["gap"], 8)
	// nil-b: 6 children → 1.98, whole places: 2; n2 has 5: 3 to spare.
	res = b.ask(t, "howmuch capacity service=asilo-nido area=nil-b", engine.English)
	checkRows(t, "nil-b", res, [][]any{{"nil-b", "Gelsi", 6, 5.0, 2, 0, 3, 500.0 / 6, 33.0}})
	if want := "Gelsi, 2024: for 6 children aged 0–2 the standard asks for 2 places of Nursery; there are 5, 3 more than needed."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// The press sees 6 children rounded to 10, and the places derived from
	// the published figure: 3.3 needed, whole places: 4; 1 to spare.
	res, err := b.as(engine.RolePress).exec("howmuch capacity service=asilo-nido area=nil-b", engine.Italian)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, "nil-b press", res, [][]any{{"nil-b", "Gelsi", 10, 5.0, 4, 0, 1, 50.0, 33.0}})
	if !strings.Contains(strings.Join(res.Notes, " "), "arrotondati") || res.Disclosure.Rounding != 10 {
		t.Errorf("press: notes %v, disclosure %+v", res.Notes, res.Disclosure)
	}
	// nil-b in 2022 (2 children): withheld.
	for _, q := range []string{"howmuch capacity service=asilo-nido area=nil-b year=2022"} {
		res = b.ask(t, q, engine.Italian)
		if res.Facts["target_count"] != engine.Confidential || res.Facts["places_needed"] != engine.Confidential || !strings.Contains(res.Headline, "non è pubblicabile") || res.Disclosure.Suppressed != 5 {
			t.Errorf("%s: facts %v, headline %q, disclosure %+v", q, res.Facts, res.Headline, res.Disclosure)
		}
	}
}
