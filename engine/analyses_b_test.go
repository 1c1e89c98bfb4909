package engine_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/geo"
)

// bMetresPerDegree is the length of a degree of latitude on the haversine
// sphere: along a meridian, distance = Δlat × bMetresPerDegree exactly.
const bMetresPerDegree = geo.EarthRadiusM * math.Pi / 180 // 111,195.08 m

// The city of the benchmark analyses. Everything stands on the meridian
// 9.2 E, so that a distance is Δlat × 111,195 m:
//
//	municipio m1 ─┬─ nil-a "Rovere":  s1 (45.400), s2 (45.405)
//	              └─ nil-b "Gelsi":   s3 (45.415)
//	municipio m2 ─── nil-c "Mulini":  s4 (45.440), s5 (45.445)
//
// Nurseries (asilo-nido, usual radius 1 km; benchmark 33 places per 100
// children aged 0–2):
//
//	n1 at 45.401, 6 places, in s1:  s1 111 m, s2 445 m, s3 1,557 m
//	n2 at 45.4135, 5 places, in s3: s1 1,501 m, s2 945 m, s3 167 m
//	n3 at 45.444, 8 places, in s5:  s4 445 m, s5 111 m
//	n4 at 45.452, capacity unknown, in s5: s4 1,334 m, s5 778 m
//
// So s1 is reached by n1; s2 by n1 and n2; s3 by n2; s4 by n3; s5 by n3
// and n4. Children aged 0–2:
//
//	year  s1  s2  s3  s4  s5 | nil-a nil-b nil-c | city
//	2021  14   8   2  24   4 |   22     2    28  |  56
//	2022  16   8   2  26  10 |   24     2    36  |  62
//	2023  18  10   5  28  12 |   28     5    40  |  73
//	2024  20  10   6  30  14 |   30     6    44  |  80
//
// A ludoteca has a benchmark but no capacity data; a centro-anziani has no
// benchmark.
func bCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const lon = 9.2
	area := func(id, level, parent, name string, lat float64) catalog.AreaRow {
		d := 0.002
		shape := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			lon-d, lat-d, lon+d, lat-d, lon+d, lat+d, lon-d, lat+d, lon-d, lat-d)
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: 0.2, GeoJSON: shape, Dataset: "bcensus"}
	}
	nido := func(id, name string, lat, capacity float64, section string) catalog.FacilityRow {
		return catalog.FacilityRow{ID: id, Service: "asilo-nido", Name: name, Lon: lon, Lat: lat, Capacity: capacity, AreaID: section, Dataset: "bservices"}
	}
	d := &catalog.Data{
		Meta: []catalog.MetaEntry{{Key: "schema_version", Value: catalog.SchemaVersion}, {Key: "name", Value: "Bt"}, {Key: "synthetic", Value: "false"}},
		Datasets: []catalog.Dataset{
			{ID: "bcensus", Title: "B census", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"},
			{ID: "bservices", Title: "B services", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"},
		},
		Areas: []catalog.AreaRow{
			area("bt", engine.LevelCity, "", "Bt", 45.42),
			area("m1", engine.LevelMunicipio, "bt", "Municipio 1", 45.405),
			area("m2", engine.LevelMunicipio, "bt", "Municipio 2", 45.442),
			area("nil-a", engine.LevelNIL, "m1", "Rovere", 45.402),
			area("nil-b", engine.LevelNIL, "m1", "Gelsi", 45.415),
			area("nil-c", engine.LevelNIL, "m2", "Mulini", 45.442),
			area("s1", engine.LevelSection, "nil-a", "s1", 45.400),
			area("s2", engine.LevelSection, "nil-a", "s2", 45.405),
			area("s3", engine.LevelSection, "nil-b", "s3", 45.415),
			area("s4", engine.LevelSection, "nil-c", "s4", 45.440),
			area("s5", engine.LevelSection, "nil-c", "s5", 45.445),
		},
		Targets: []engine.Target{
			{Slug: "prima-infanzia", Kind: "person", NameIT: "bambini 0–2 anni", NameEN: "children aged 0–2", Sensitivity: "normal", MinCount: 3},
			{Slug: "anziani", Kind: "person", NameIT: "anziani", NameEN: "older people", Sensitivity: "normal", MinCount: 3},
		},
		Services: []engine.Service{
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000},
			{Slug: "ludoteca", NameIT: "Ludoteca", NameEN: "Toy library", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000},
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani"}, CapacityUnit: "iscritti", RadiusM: 800},
		},
		Facilities: []catalog.FacilityRow{
			nido("n1", "Nido Uno", 45.401, 6, "s1"),
			nido("n2", "Nido Due", 45.4135, 5, "s3"),
			nido("n3", "Nido Tre", 45.444, 8, "s5"),
			nido("n4", "Nido Quattro", 45.452, 0, "s5"),
			{ID: "l1", Service: "ludoteca", Name: "Ludo", Lon: lon, Lat: 45.400, AreaID: "s1", Dataset: "bservices"},
			{ID: "c1", Service: "centro-anziani", Name: "Centro", Lon: lon, Lat: 45.400, Capacity: 50, AreaID: "s1", Dataset: "bservices"},
		},
		Benchmarks: []catalog.Benchmark{
			{ID: "nido-33", Service: "asilo-nido", Target: "prima-infanzia", Value: 33, Per: 100, Kind: "lep",
				NameIT: "posti nido per 100 bambini 0–2 anni", NameEN: "nursery places per 100 children aged 0–2", Source: "L. 234/2021"},
			{ID: "ludo-1", Service: "ludoteca", Target: "prima-infanzia", Value: 1, Per: 1000, Kind: "local",
				NameIT: "posti per 1.000 bambini", NameEN: "places per 1,000 children", Source: "local"},
		},
	}
	for year, counts := range map[int][]int64{2021: {14, 8, 2, 24, 4}, 2022: {16, 8, 2, 26, 10}, 2023: {18, 10, 5, 28, 12}, 2024: {20, 10, 6, 30, 14}} {
		for i, n := range counts {
			d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: "prima-infanzia", Year: year, Count: n, Dataset: "bcensus"})
			d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: "anziani", Year: year, Count: 10, Dataset: "bcensus"})
		}
	}
	return d
}

type bEngine struct {
	eng   *engine.Engine
	vocab *engine.Vocabulary
}

func bOpen(t *testing.T) *bEngine {
	t.Helper()
	eng, v := openData(t, bCity())
	return &bEngine{eng, v}
}

// exec asks as the analyst (exact arithmetic); execAs as any role.
func (b *bEngine) exec(q string, l engine.Lang) (*engine.Result, error) {
	return b.execAs(q, l, "")
}

func (b *bEngine) execAs(q string, l engine.Lang, role engine.Role) (*engine.Result, error) {
	plan, err := dsl.Compile(q, b.vocab)
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	if role == "" {
		role = engine.RoleAnalyst // exact arithmetic; protected figures are tested in disclosure_attack_test.go
	}
	return b.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Lang: l, Role: role})
}

func (b *bEngine) ask(t *testing.T, q string, l engine.Lang) *engine.Result {
	t.Helper()
	res, err := b.exec(q, l)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// bRows compares a table with the expected rows: strings for text and
// ":c", ints for integers, float64 for numbers (to 1e-9), nil for empty.
func bRows(t *testing.T, what string, res *engine.Result, want [][]any) {
	t.Helper()
	if len(res.Rows) != len(want) {
		t.Fatalf("%s: %d rows %v, want %d", what, len(res.Rows), cells(res), len(want))
	}
	for i, row := range res.Rows {
		if len(row) != len(want[i]) {
			t.Fatalf("%s row %d: %d cells %v, want %d", what, i, len(row), cells(res)[i], len(want[i]))
		}
		for j, v := range row {
			col := res.Columns[j].Name
			w := want[i][j]
			switch w := w.(type) {
			case nil:
				if v.Raw() != nil || v.IsSuppressed() {
					t.Errorf("%s row %d %s = %v, want empty", what, i, col, cells(res)[i][j])
				}
			case string:
				got, ok := v.Raw().(string)
				if w == engine.Confidential {
					got, ok = cells(res)[i][j], v.IsSuppressed()
				}
				if !ok || got != w {
					t.Errorf("%s row %d %s = %v, want %q", what, i, col, cells(res)[i][j], w)
				}
			case int:
				if got, ok := v.Raw().(int64); !ok || got != int64(w) {
					t.Errorf("%s row %d %s = %v, want %d", what, i, col, cells(res)[i][j], w)
				}
			case float64:
				if got, ok := v.Raw().(float64); !ok || math.Abs(got-w) > 1e-9 {
					t.Errorf("%s row %d %s = %v, want %v", what, i, col, cells(res)[i][j], w)
				}
			}
		}
	}
}

func bNear(t *testing.T, what string, got any, want float64) {
	t.Helper()
	if x, ok := got.(float64); !ok || math.Abs(x-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// bAt is a point on the meridian 9.2 E, metres north of 45.4 N.
func bAt(metres float64) geo.Point {
	return geo.Point{Lon: 9.2, Lat: 45.4 + metres/bMetresPerDegree}
}

func TestAccessTwoFacilitiesThreePointsByHand(t *testing.T) {
	// On a line: F1 at 0 m (30 places), F2 at 1,000 m (40 places); P1 at
	// 200 m (100 people), P2 at 600 m (50), P3 at 1,100 m (30); radius 700 m.
	// Within 700 m: F1–P1 200, F1–P2 600, F2–P2 400, F2–P3 100 (F1–P3
	// 1,100 and F2–P1 800 are out).
	demand := []engine.AccessDemand{{Point: bAt(200), People: 100}, {Point: bAt(600), People: 50}, {Point: bAt(1100), People: 30}}
	supply := []engine.AccessSupply{{Point: bAt(0), Capacity: 30}, {Point: bAt(1000), Capacity: 40}}

	// 2SFCA: D1 = 100 + 50 = 150, R1 = 30/150 = 0.2; D2 = 50 + 30 = 80,
	// R2 = 40/80 = 0.5. A(P1) = 0.2, A(P2) = 0.2 + 0.5 = 0.7, A(P3) = 0.5.
	// Check: 100·0.2 + 50·0.7 + 30·0.5 = 20 + 35 + 15 = 70 = 30 + 40.
	got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 700, Decay: engine.DecayStep})
	for i, want := range []float64{0.2, 0.7, 0.5} {
		if math.Abs(got.Point[i]-want) > 1e-9 {
			t.Errorf("2SFCA A(P%d) = %v, want %v", i+1, got.Point[i], want)
		}
	}
	for j, want := range []float64{0.2, 0.5} {
		if math.Abs(got.Ratio[j]-want) > 1e-12 {
			t.Errorf("2SFCA R%d = %v, want %v", j+1, got.Ratio[j], want)
		}
	}

	// E2SFCA, G(d) = (exp(−½(d/700)²) − exp(−½)) / (1 − exp(−½)), with
	// exp(−½) = 0.6065307:
	//   G(200) = (0.9600060 − 0.6065307)/0.3934693 = 0.8983541
	//   G(600) = (0.6925970 − 0.6065307)/0.3934693 = 0.2186668
	//   G(400) = (0.8493658 − 0.6065307)/0.3934693 = 0.6171641
	//   G(100) = (0.9898478 − 0.6065307)/0.3934693 = 0.9741983
	// D1 = 100·0.8983541 + 50·0.2186668 = 100.768744, R1 = 30/D1 = 0.2977114
	// D2 = 50·0.6171641 + 30·0.9741983 = 60.084153,  R2 = 40/D2 = 0.6657329
	// A(P1) = 0.8983541·R1 = 0.2674502
	// A(P2) = 0.2186668·R1 + 0.6171641·R2 = 0.0650997 + 0.4108663 = 0.4759661
	// A(P3) = 0.9741983·R2 = 0.6485559
	got = engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 700, Decay: engine.DecayGaussian})
	for i, want := range []float64{0.2674502, 0.4759661, 0.6485559} {
		if math.Abs(got.Point[i]-want) > 1e-7 {
			t.Errorf("E2SFCA A(P%d) = %v, want %v", i+1, got.Point[i], want)
		}
	}
	for j, want := range []float64{100.768744, 60.084153} {
		if math.Abs(got.Demand[j]-want) > 1e-6 {
			t.Errorf("E2SFCA D%d = %v, want %v", j+1, got.Demand[j], want)
		}
	}
}

// bReferenceAccess is an independent 2SFCA/E2SFCA: a dense distance
// matrix, the weights written from the formula, then the two matrix
// products D = Wᵀ·P and A = W·(S/D).
func bReferenceAccess(demand []engine.AccessDemand, supply []engine.AccessSupply, d0 float64, gaussian bool) []float64 {
	n, m := len(demand), len(supply)
	W := make([][]float64, n)
	for i := range n {
		W[i] = make([]float64, m)
		for j := range m {
			d := geo.Haversine(demand[i].Point, supply[j].Point)
			switch {
			case d > d0:
			case !gaussian:
				W[i][j] = 1
			default:
				W[i][j] = (math.Exp(-d*d/(2*d0*d0)) - 1/math.Sqrt(math.E)) / (1 - 1/math.Sqrt(math.E))
			}
		}
	}
	ratio := make([]float64, m)
	for j := range m {
		var D float64
		for i := range n {
			D += W[i][j] * demand[i].People
		}
		if D > 0 {
			ratio[j] = supply[j].Capacity / D
		}
	}
	A := make([]float64, n)
	for i := range n {
		for j := range m {
			A[i] += W[i][j] * ratio[j]
		}
	}
	return A
}

func TestAccessMatchesADenseReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 20 {
		// 60 points and 9 facilities over about 3 × 3 km.
		demand := make([]engine.AccessDemand, 60)
		for i := range demand {
			demand[i] = engine.AccessDemand{Point: geo.Point{Lon: 9.18 + 0.04*rng.Float64(), Lat: 45.45 + 0.027*rng.Float64()}, People: float64(rng.IntN(200))}
		}
		supply := make([]engine.AccessSupply, 9)
		for j := range supply {
			supply[j] = engine.AccessSupply{Point: geo.Point{Lon: 9.18 + 0.04*rng.Float64(), Lat: 45.45 + 0.027*rng.Float64()}, Capacity: float64(1 + rng.IntN(80))}
		}
		radius := 400 + 800*rng.Float64()
		for _, gaussian := range []bool{false, true} {
			decay := engine.DecayStep
			if gaussian {
				decay = engine.DecayGaussian
			}
			got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: radius, Decay: decay})
			want := bReferenceAccess(demand, supply, radius, gaussian)
			var sumPA, sumS float64
			for i := range want {
				if math.Abs(got.Point[i]-want[i]) > 1e-12*math.Max(1, math.Abs(want[i])) {
					t.Fatalf("trial %d gaussian=%v point %d: A = %v, reference %v", trial, gaussian, i, got.Point[i], want[i])
				}
				sumPA += demand[i].People * got.Point[i]
			}
			// Conservation: Σ P·A = Σ S over facilities with someone to serve.
			for j, s := range supply {
				if got.Demand[j] > 0 {
					sumS += s.Capacity
				}
			}
			if math.Abs(sumPA-sumS) > 1e-9*sumS {
				t.Errorf("trial %d gaussian=%v: Σ P·A = %v, Σ S = %v", trial, gaussian, sumPA, sumS)
			}
		}
	}
}

func TestAccessLeavesOutSmallCatchments(t *testing.T) {
	// F2's catchment holds 2 people: its ratio 10/2 would reveal them.
	demand := []engine.AccessDemand{{Point: bAt(0), People: 40}, {Point: bAt(5000), People: 2}}
	supply := []engine.AccessSupply{{Point: bAt(100), Capacity: 8}, {Point: bAt(5100), Capacity: 10}}
	got := engine.Accessibility(demand, supply, engine.AccessOptions{RadiusM: 500, MinPeople: 3})
	if !got.Excluded[1] || got.Ratio[1] != 0 || got.Point[1] != 0 || got.Excluded[0] || math.Abs(got.Point[0]-0.2) > 1e-12 {
		t.Errorf("excluded %v, ratios %v, points %v; want F2 left out and A(P1) = 8/40", got.Excluded, got.Ratio, got.Point)
	}
}

func TestGapByHand(t *testing.T) {
	b := bOpen(t)
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
	bRows(t, "gap 2024", res, [][]any{
		{1, "nil-c", "Mulini", 44, 8.0, 800.0 / 44, 33.0, 0.33*44 - 8, "sotto il riferimento", 8000.0 / 44, 8000.0 / 44},
		{2, "nil-a", "Rovere", 30, 6.0, 20.0, 33.0, 0.33*30 - 6, "sotto il riferimento", 304.1666666666667, (6 + 5.0/7) / 30 * 1000},
		{3, "nil-b", "Gelsi", 6, 5.0, 500.0 / 6, 33.0, 0.0, "in linea o sopra", 312.5, 5000.0 / 7},
	})
	// City: 80 children, 19 places, ratio 23.75, missing 26.4 − 19 = 7.4;
	// by area 6.52 + 3.9 = 10.42.
	if res.Facts["target_count"] != int64(80) || res.Facts["areas_below"] != 2 || res.Facts["benchmark"] != "nido-33" {
		t.Errorf("facts = %v", res.Facts)
	}
	bNear(t, "ratio", res.Facts["ratio"], 23.75)
	bNear(t, "places missing", res.Facts["places_missing"], 7.4)
	bNear(t, "places missing by area", res.Facts["places_missing_areas"], 10.42)
	bNear(t, "capacity", res.Facts["capacity"], 19)
	bNear(t, "city 2SFCA", res.Facts["access_2sfca"], 237.5)
	bNear(t, "city E2SFCA", res.Facts["access_e2sfca"], 237.5)
	if want := "Bt, 2024: 19 posti di Asilo nido per 80 bambini 0–2 anni, 23,8 ogni 100 contro un riferimento di 33: mancano 7 posti. Il divario maggiore è a Mulini (7 posti)."; res.Headline != want {
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
	// m1: 36 children, 11 places, missing 11.88 − 11 = 0.88; m2 as nil-c.
	// E2SFCA of m1: n1's 27 and n2's 6.63 → 7 weighted children are all in
	// it: (6 + 5)/36.
	bRows(t, "gap by municipio", res, [][]any{
		{1, "m2", "Municipio 2", 44, 8.0, 800.0 / 44, 33.0, 0.33*44 - 8, "below benchmark", 8000.0 / 44, 8000.0 / 44},
		{2, "m1", "Municipio 1", 36, 11.0, 1100.0 / 36, 33.0, 0.33*36 - 11, "below benchmark", (9.125 + 1.875) / 36 * 1000, 11000.0 / 36},
	})
	if want := "Bt, 2024: 19 places of Nursery for 80 children aged 0–2, 23.8 per 100 against a benchmark of 33: 7 places missing. The largest gap is in Municipio 2 (7 places)."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// Restricted to m1, the facts are m1's.
	res = b.ask(t, "where gap service=asilo-nido area=m1", engine.Italian)
	if len(res.Rows) != 2 || res.Facts["target_count"] != int64(36) {
		t.Errorf("area=m1: rows %v, facts %v", cells(res), res.Facts)
	}
	bNear(t, "m1 places missing", res.Facts["places_missing"], 0.33*36-11)
}

func TestGapWithholdsWhatTheLevelWithholds(t *testing.T) {
	b := bOpen(t)
	// 2022: nil-b has 2 children (primary), so nil-a (24), the other NIL of
	// m1, is withheld too; their ratios, places missing, status and scores
	// with them (6 cells each). nil-c: 36 children, 8 places, ratio 22.22,
	// missing 11.88 − 8 = 3.88; n3 alone serves nil-c, so both scores are
	// its 8 places over the 36 children it reaches: 222.2 per 1,000.
	res := b.ask(t, "where gap service=asilo-nido year=2022 top=0", engine.Italian)
	c := engine.Confidential
	bRows(t, "gap 2022", res, [][]any{
		{1, "nil-c", "Mulini", 36, 8.0, 800.0 / 36, 33.0, 0.33*36 - 8, "sotto il riferimento", 8000.0 / 36, 8000.0 / 36},
		{2, "nil-a", "Rovere", c, 6.0, c, 33.0, c, c, c, c},
		{3, "nil-b", "Gelsi", c, 5.0, c, 33.0, c, c, c, c},
	})
	// The analyst's answer says its counts are exact (the cell-key wording
	// is for the other roles); the threshold rule still withholds.
	d := res.Disclosure
	if d.Suppressed != 12 || d.Threshold != 3 || d.Method != "exact" || !strings.Contains(d.Rule, "Conteggi esatti") {
		t.Errorf("disclosure = %+v", d)
	}
	// The city is safe: 62 children, 20.46 places needed, 19 there: 1.46.
	if res.Facts["target_count"] != int64(62) {
		t.Errorf("facts = %v", res.Facts)
	}
	bNear(t, "places missing", res.Facts["places_missing"], 0.33*62-19)
	bNear(t, "places missing in published areas", res.Facts["places_missing_areas"], 0.33*36-8)
	res = b.ask(t, "where gap service=asilo-nido year=2022 area=nil-b", engine.English)
	if res.Facts["target_count"] != c || res.Facts["places_missing"] != c || !strings.Contains(res.Headline, "cannot be published") {
		t.Errorf("area=nil-b: facts %v, headline %q", res.Facts, res.Headline)
	}
}

func TestGapErrors(t *testing.T) {
	b := bOpen(t)
	for q, want := range map[string]string{
		"where gap service=centro-anziani":  "no benchmark for service centro-anziani",
		"howmuch capacity service=ludoteca": "no capacity for the 1 facilities of service ludoteca",
		"where gap service=ludoteca":        "no capacity",
		"which saturation service=ludoteca": "no capacity",
	} {
		_, err := b.exec(q, engine.Italian)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", q, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: err = %v, want %q", q, err, want)
		}
	}
}

func TestCapacityByHand(t *testing.T) {
	b := bOpen(t)
	// City 2024: 80 children → 33·80/100 = 26.4 places; 6 + 5 + 8 = 19
	// (n4 unknown); gap 7.4; ratio 19·100/80 = 23.75.
	res := b.ask(t, "howmuch capacity service=asilo-nido", engine.Italian)
	bRows(t, "city", res, [][]any{{"bt", "Bt", 80, 19.0, 26.4, 7.4, 23.75, 33.0}})
	if want := "Bt, 2024: per 80 bambini 0–2 anni il riferimento chiede 26 posti di Asilo nido; ce ne sono 19: ne mancano 7."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["facilities"] != 4 || res.Facts["target_count"] != int64(80) {
		t.Errorf("facts = %v", res.Facts)
	}
	bNear(t, "gap", res.Facts["gap"], 7.4)
	// nil-b: 6 children → 1.98 places; n2 has 5: 3.02 to spare.
	res = b.ask(t, "howmuch capacity service=asilo-nido area=nil-b", engine.English)
	bRows(t, "nil-b", res, [][]any{{"nil-b", "Gelsi", 6, 5.0, 1.98, 1.98 - 5, 500.0 / 6, 33.0}})
	if want := "Gelsi, 2024: for 6 children aged 0–2 the benchmark asks for 2 places of Nursery; there are 5, 3 more than needed."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// The press sees 6 children rounded to 10, and the places derived from
	// the published figure: 3.3 needed, 1.7 to spare.
	res, err := b.execAs("howmuch capacity service=asilo-nido area=nil-b", engine.Italian, engine.RolePress)
	if err != nil {
		t.Fatal(err)
	}
	bRows(t, "nil-b press", res, [][]any{{"nil-b", "Gelsi", 10, 5.0, 3.3, 3.3 - 5, 50.0, 33.0}})
	if !strings.Contains(strings.Join(res.Notes, " "), "arrotondati") || res.Disclosure.Rounding != 10 {
		t.Errorf("press: notes %v, disclosure %+v", res.Notes, res.Disclosure)
	}
	// nil-b in 2022 (2 children): withheld.
	for _, q := range []string{"howmuch capacity service=asilo-nido area=nil-b year=2022"} {
		res = b.ask(t, q, engine.Italian)
		if res.Facts["target_count"] != engine.Confidential || res.Facts["places_needed"] != engine.Confidential || !strings.Contains(res.Headline, "non è pubblicabile") || res.Disclosure.Suppressed != 4 {
			t.Errorf("%s: facts %v, headline %q, disclosure %+v", q, res.Facts, res.Headline, res.Disclosure)
		}
	}
}

func TestSatByHand(t *testing.T) {
	b := bOpen(t)
	// 2024. Within 1 km: s1 {n1}, s2 {n1, n2}, s3 {n2}, s4 {n3}, s5 {n3, n4}.
	//   full:   n1 20+10 = 30, n2 10+6 = 16, n3 30+14 = 44, n4 14
	//   shared: n1 20+5 = 25,  n2 5+6 = 11,  n3 30+7 = 37,  n4 7
	//   demand (× 33/100): n1 8.25, n2 3.63, n3 12.21, n4 2.31
	//   load: n1 8.25/6 = 1.375, n2 3.63/5 = 0.726, n3 12.21/8 = 1.52625,
	//   n4 unknown (no capacity).
	res := b.ask(t, "which saturation service=asilo-nido", engine.Italian)
	bRows(t, "saturation 2024", res, [][]any{
		{1, "n3", "Nido Tre", "Mulini", 8.0, 44, 37, 0.33 * 37, 0.33 * 37 / 8, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6.0, 30, 25, 8.25, 1.375, "oltre la capacità"},
		{3, "n2", "Nido Due", "Gelsi", 5.0, 16, 11, 3.63, 0.726, "in equilibrio"},
		{4, "n4", "Nido Quattro", "Mulini", nil, 14, 7, 0.33 * 7, nil, "capacità non nota"},
	})
	if want := "Bt, 2024: 2 strutture di Asilo nido su 4 hanno nel bacino più domanda che posti; la più carica è Nido Tre (domanda pari a 1,53 volte i posti)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["over_capacity"] != 2 || res.Facts["max_load_facility"] != "n3" || res.Facts["target"] != "prima-infanzia" {
		t.Errorf("facts = %v", res.Facts)
	}
	res = b.ask(t, "which saturation service=asilo-nido area=nil-a", engine.English)
	if len(res.Rows) != 1 || cells(res)[0][1] != "n1" {
		t.Errorf("area=nil-a: rows %v", cells(res))
	}
	if want := "Rovere, 2024: 1 of 1 Nursery facilities have more demand in their catchment than places; the most loaded is Nido Uno (demand 1.38 times its places)."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// 2021: shares n1 14+4 = 18, n2 4+2 = 6, n3 24+2 = 26, n4 2. n4's 2 is
	// withheld, and n2's 6 with it (the smallest other share): the shares
	// add up to the children with a nursery in reach, which `where
	// underserved` publishes. Full catchments 22, 10, 28, 4 are all ≥ 3.
	res = b.ask(t, "which saturation service=asilo-nido year=2021", engine.Italian)
	c := engine.Confidential
	bRows(t, "saturation 2021", res, [][]any{
		{1, "n3", "Nido Tre", "Mulini", 8.0, 28, 26, 0.33 * 26, 0.33 * 26 / 8, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6.0, 22, 18, 0.33 * 18, 0.33 * 18 / 6, "in equilibrio"},
		{3, "n2", "Nido Due", "Gelsi", 5.0, 10, c, c, c, c},
		{4, "n4", "Nido Quattro", "Mulini", nil, 4, c, c, c, c},
	})
	if d := res.Disclosure; d.Suppressed != 8 {
		t.Errorf("disclosure = %+v", d)
	}
}

func TestTrendSaturationByHand(t *testing.T) {
	b := bOpen(t)
	// 2022–2024, demand in places (× 0.33):
	//   city: 62, 73, 80 children → 20.46, 24.09, 26.4 > 19 places: already;
	//         slope (26.4 − 20.46)/2 = 2.97.
	//   n1 shares 20, 23, 25 → 6.6 … 8.25 > 6: already.
	//   n3 shares 31, 34, 37 → 10.23 … 12.21 > 8: already.
	//   n2 shares 6, 10, 11 → 1.98, 3.3, 3.63 (capacity 5). Mean 2.97 at
	//      2023, slope (−1·−0.99 + 1·0.66)/2 = 0.825; fitted 2.145, 2.97,
	//      3.795; residuals −0.165, 0.33, −0.165, SSR = 0.16335; SE =
	//      √(0.16335/1/2) = 0.2858. Crossing 2023 + (5 − 2.97)/0.825 =
	//      2025.46 → 2026; with slope 1.1108: 2024.83 → 2025 (the first
	//      year after 2024); with 0.5392: 2026.76 → 2027.
	//   n4 shares 5, 6, 7 → slope 0.33; capacity unknown.
	res := b.ask(t, "when saturation service=asilo-nido year=2022..2024", engine.Italian)
	bRows(t, "trend", res, [][]any{
		{"bt", "Totale Bt", 19.0, 26.4, 2.97, nil, nil, nil, "già satura"},
		{"n1", "Nido Uno", 6.0, 8.25, 0.33 * 2.5, nil, nil, nil, "già satura"},
		{"n3", "Nido Tre", 8.0, 12.21, 0.99, nil, nil, nil, "già satura"},
		{"n2", "Nido Due", 5.0, 3.63, 0.825, 2026, 2025, 2027, "satura nel 2026"},
		{"n4", "Nido Quattro", nil, 2.31, 0.33, nil, nil, nil, "capacità non nota"},
	})
	if want := "Bt: la domanda di Asilo nido (26 posti nel 2024) supera già i 19 disponibili. Strutture: 2 su 4 già sature, 1 lo saranno entro il 2039."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["status"] != "already" || res.Facts["facilities_saturated"] != 2 || res.Facts["method"] != "linear least squares" {
		t.Errorf("facts = %v", res.Facts)
	}
	// nil-b, 2023–2024: 5, 6 children → 1.65, 1.98 places against n2's 5:
	// slope 0.33, crossing 2023.5 + (5 − 1.815)/0.33 = 2033.15 → 2034; no
	// uncertainty from two years. n2: 3.3, 3.63 → 2023.5 + 1.535/0.33 =
	// 2028.15 → 2029.
	res = b.ask(t, "when saturation service=asilo-nido area=nil-b year=2023..2024", engine.English)
	bRows(t, "nil-b", res, [][]any{
		{"nil-b", "Total Gelsi", 5.0, 1.98, 0.33, 2034, nil, nil, "saturated in 2034"},
		{"n2", "Nido Due", 5.0, 3.63, 0.33, 2029, nil, nil, "saturated in 2029"},
	})
	if want := "Gelsi: at the 2023–2024 pace (+0.3 a year), the demand for Nursery will exceed the 5 places in 2034. Facilities: 0 of 1 already saturated, 1 more by 2039."; res.Headline != want {
		t.Errorf("English headline = %q\nwant               %q", res.Headline, want)
	}
	// Every year (2021–2024): nil-b's 2 children of 2021 and 2022 withhold
	// the area row; n2 and n4 are withheld as in `which saturation` 2021.
	res = b.ask(t, "when saturation service=asilo-nido area=nil-b", engine.Italian)
	c := engine.Confidential
	bRows(t, "nil-b all years", res, [][]any{
		{"nil-b", "Totale Gelsi", 5.0, c, c, c, c, c, c},
		{"n2", "Nido Due", 5.0, c, c, c, c, c, c},
	})
	if !strings.Contains(res.Headline, "non è pubblicabile") || res.Facts["saturation_year"] != c || res.Disclosure.Suppressed != 12 {
		t.Errorf("headline %q, facts %v, disclosure %+v", res.Headline, res.Facts, res.Disclosure)
	}
}

// TestGapWithoutFacilitiesIsMissingData: a catalog that holds no facility of
// the service says so, instead of reporting every place as missing.
func TestGapWithoutFacilitiesIsMissingData(t *testing.T) {
	d := tinyCity()
	d.Benchmarks = append(d.Benchmarks, catalog.Benchmark{ID: "nido-33", Service: "asilo-nido", Target: "prima-infanzia",
		Value: 33, Per: 100, Kind: "lep", NameIT: "posti nido", NameEN: "nursery places", Source: "L. 234/2021"})
	var kept []catalog.FacilityRow
	for _, f := range d.Facilities {
		if f.Service != "asilo-nido" {
			kept = append(kept, f)
		}
	}
	d.Facilities = kept
	eng, v := openData(t, d)
	for _, q := range []string{"where gap service=asilo-nido", "howmuch capacity service=asilo-nido"} {
		plan, err := dsl.Compile(q, v)
		if err != nil {
			t.Fatal(err)
		}
		_, err = eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan})
		if err == nil || !strings.Contains(err.Error(), "holds no facilities of service asilo-nido") {
			t.Errorf("%s: err = %v, want a missing-data error", q, err)
		}
	}
}

// bNoise is the most a published count differs from the exact one at or
// above the threshold (disclose.DefaultTable: D = 2).
const bNoise = 2

// bPublishedNear checks a published count against the exact one: a count
// from 1 to threshold − 1 is published as 0 or the threshold, never as
// itself; a larger one within the noise, never below the threshold.
func bPublishedNear(t *testing.T, what string, published, exact, threshold int64) {
	t.Helper()
	switch {
	case published > 0 && published < threshold:
		t.Errorf("%s: published %d, a count from 1 to %d", what, published, threshold-1)
	case exact == 0 && published != 0:
		t.Errorf("%s: published %d for an empty region", what, published)
	case exact > 0 && exact < threshold && published != 0 && published != threshold:
		t.Errorf("%s: published %d for a small count, want 0 or %d", what, published, threshold)
	case exact >= threshold && (published-exact > bNoise || exact-published > bNoise):
		t.Errorf("%s: published %d, exact %d: beyond the noise ±%d", what, published, exact, bNoise)
	}
}

// bProtected compares a staff answer with the analyst's exact one, rows
// matched by the key column: every count of people the staff answer
// publishes is withheld or near the exact count (bPublishedNear), and at
// least one is published. It returns the published figures by key and
// column.
func bProtected(t *testing.T, what string, staff, exact *engine.Result, key string, threshold int64) map[string]map[string]int64 {
	t.Helper()
	col := func(res *engine.Result, name string) int {
		for j, c := range res.Columns {
			if c.Name == name {
				return j
			}
		}
		t.Fatalf("%s: no column %q", what, name)
		return -1
	}
	k := col(staff, key)
	exactRows := map[string][]engine.Value{}
	for _, row := range exact.Rows {
		exactRows[fmt.Sprint(row[col(exact, key)].Raw())] = row
	}
	out := map[string]map[string]int64{}
	for j, c := range staff.Columns {
		switch c.Unit {
		case "persone", "people", "famiglie", "households":
		default:
			continue
		}
		for _, row := range staff.Rows {
			id := fmt.Sprint(row[k].Raw())
			v, ok := row[j].Raw().(int64)
			if !ok {
				if !row[j].IsSuppressed() {
					t.Errorf("%s %s %s = %v, want a count or withheld", what, id, c.Name, row[j].Raw())
				}
				continue
			}
			if out[id] == nil {
				out[id] = map[string]int64{}
			}
			out[id][c.Name] = v
			ex, ok := exactRows[id][j].Raw().(int64)
			if !ok {
				continue // withheld for the analyst by the threshold rule
			}
			bPublishedNear(t, what+" "+id+" "+c.Name, v, ex, threshold)
		}
	}
	if len(out) == 0 {
		t.Errorf("%s: the staff answer publishes no count of people: the comparison is empty", what)
	}
	return out
}

// bAskAs asks as a role.
func (b *bEngine) askAs(t *testing.T, q string, role engine.Role) *engine.Result {
	t.Helper()
	res, err := b.execAs(q, engine.Italian, role)
	if err != nil {
		t.Fatalf("%s as %s: %v", q, role, err)
	}
	return res
}

func TestGapAndCapacityProtectedForStaff(t *testing.T) {
	b := bOpen(t)
	// where gap: the counts of the fixed hierarchy are perturbed, and the
	// ratio and places missing derive from the figure published beside them.
	q := "where gap service=asilo-nido"
	staff, exact := b.askAs(t, q, engine.RoleStaff), b.ask(t, q, engine.Italian)
	got := bProtected(t, q, staff, exact, "area_id", 3)
	for _, row := range staff.Rows {
		n, ok := row[3].Raw().(int64)
		if !ok {
			continue
		}
		capacity := row[4].Raw().(float64)
		if r, ok := row[5].Raw().(float64); !ok || math.Abs(r-capacity*100/float64(n)) > 1e-9 {
			t.Errorf("%s %v: ratio %v, want capacity × 100 / %d published", q, row[1].Raw(), row[5].Raw(), n)
		}
		if m := row[7].Raw().(float64); math.Abs(m-max(0, 0.33*float64(n)-capacity)) > 1e-9 {
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
	bPublishedNear(t, q+" city", city, 80, 3)
	bNear(t, q+" city places missing", staff.Facts["places_missing"], max(0, 0.33*float64(city)-19))

	// howmuch capacity: the same city figure, the places needed from it.
	q = "howmuch capacity service=asilo-nido"
	staff = b.askAs(t, q, engine.RoleStaff)
	if staff.Facts["target_count"] != city {
		t.Errorf("%s: staff city count %v, where gap published %d: the same region must get the same figure", q, staff.Facts["target_count"], city)
	}
	bNear(t, q+" places needed", staff.Facts["places_needed"], 0.33*float64(city))
	bProtected(t, q, staff, b.ask(t, q, engine.Italian), "area_id", 3)
	// nil-b in 2022 holds 2 children: never published as 2.
	staff = b.askAs(t, "howmuch capacity service=asilo-nido area=nil-b year=2022", engine.RoleStaff)
	if n, ok := staff.Facts["target_count"].(int64); ok && n > 0 && n < 3 {
		t.Errorf("nil-b 2022: staff published %d children", n)
	}
}

// bWideCity is bCity with nurseries reaching 2 km, so that n1's and n2's
// catchments hold three census sections each (s1, s2, s3) and can be
// published to every role; n3's and n4's hold two (s4, s5) and are
// withheld for every role but the analyst.
func bWideCity(t *testing.T) *bEngine {
	t.Helper()
	d := bCity()
	d.Services[0].RadiusM = 2000
	eng, v := openData(t, d)
	return &bEngine{eng, v}
}

func TestSaturationAndTrendProtectedForStaff(t *testing.T) {
	b := bWideCity(t)
	// 2024 within 2 km: s1, s2, s3 are each reached by n1 and n2, s4 and s5
	// by n3 and n4. Shares: n1 = n2 = (20 + 10 + 6)/2 = 18, full 36 each;
	// n3 = n4 = (30 + 14)/2 = 22, full 44. Loads: n2 5.94/5 = 1.188, n1
	// 5.94/6 = 0.99, n3 7.26/8 = 0.9075.
	q := "which saturation service=asilo-nido"
	exact := b.ask(t, q, engine.Italian)
	bRows(t, "wide saturation, analyst", exact, [][]any{
		{1, "n2", "Nido Due", "Gelsi", 5.0, 36, 18, 0.33 * 18, 0.33 * 18 / 5, "oltre la capacità"},
		{2, "n1", "Nido Uno", "Rovere", 6.0, 36, 18, 0.33 * 18, 0.33 * 18 / 6, "in equilibrio"},
		{3, "n3", "Nido Tre", "Mulini", 8.0, 44, 22, 0.33 * 22, 0.33 * 22 / 8, "in equilibrio"},
		{4, "n4", "Nido Quattro", "Mulini", nil, 44, 22, 0.33 * 22, nil, "capacità non nota"},
	})
	staff := b.askAs(t, q, engine.RoleStaff)
	got := bProtected(t, q, staff, exact, "facility_id", 3)
	for _, id := range []string{"n1", "n2"} {
		if _, ok := got[id]["shared_count"]; !ok {
			t.Errorf("%s: staff share of %s withheld, want it published (three sections)", q, id)
		}
	}
	for _, id := range []string{"n3", "n4"} {
		if _, ok := got[id]; ok {
			t.Errorf("%s: staff counts of %s published %v, want withheld (two sections)", q, id, got[id])
		}
	}
	// Demand derives from the published share.
	demand := map[string]float64{}
	for _, row := range staff.Rows {
		id := row[1].Raw().(string)
		if n, ok := got[id]["shared_count"]; ok {
			demand[id] = row[7].Raw().(float64)
			bNear(t, q+" "+id+" demand", demand[id], 0.33*float64(n))
		}
	}

	// when saturation fits its line on the same published shares, year by
	// year: its 2024 demand is the one `which saturation` publishes.
	q = "when saturation service=asilo-nido year=2022..2024"
	staff = b.askAs(t, q, engine.RoleStaff)
	for _, row := range staff.Rows {
		id := row[0].Raw().(string)
		switch id {
		case "n1", "n2":
			bNear(t, q+" "+id+" 2024 demand", row[3].Raw(), demand[id])
		case "n3", "n4":
			if !row[3].IsSuppressed() {
				t.Errorf("%s: %s demand %v, want withheld", q, id, row[3].Raw())
			}
		}
	}
	// The slope is fitted on published figures: with 3 years at 2022, 2023,
	// 2024 it is half their difference from 2022 to 2024, a multiple of 0.33
	// / 2 (whole published children × 0.33 per child).
	for _, row := range staff.Rows {
		if x, ok := row[4].Raw().(float64); ok {
			if k := x / (0.33 / 2); math.Abs(k-math.Round(k)) > 1e-9 {
				t.Errorf("%s %v: slope %v is not from whole published counts", q, row[0].Raw(), x)
			}
		}
	}
}
