package engine_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/geo"
)

// cLat is the parallel every point of the line city lies on.
const cLat = 45.46

// cLine is a city laid out along one parallel, so that every distance is a
// difference of longitudes (0.001° ≈ 78 m here):
//
//	municipio m1 ─┬─ nil-a "Alfa":  s1 (9.190) 30, s2 (9.200) 20   older people living alone
//	              └─ nil-b "Borgo": s3 (9.210) 40, s4 (9.225) 2
//	municipio m2 ─── nil-c "Cà Rossa": s5 (9.240) 15
//
// Facilities (centro-anziani, usual radius 800 m, unit iscritti; one
// assistenza-domiciliare, 1 km, utenti; all serve anziani-soli):
//
//	ca-001 Centro A  9.195 in s2, Coop Sole, capacity 100
//	ca-002 Centro B  9.212 in s3, Comune di Linea, capacity 40
//	ca-003 Centro C  9.242 in s5, no operator, capacity unknown
//	sad-001 SAD Est  9.232 in s4, Coop Sole, capacity 25
//
// Haversine distances in metres (checked by TestCatchLineCityDistances):
//
//	        s1    s2    s3    s4    s5
//	A      390   390  1170  2340  3510
//	B     1716   936   156  1014  2184
//	C     4056  3276  2496  1326   156
//	A–B 1326, B–C 2340. From at=45.46,9.205: B 546, A 780, C 2886.
//	From nil-b's point (9.2175): B 429, D 1131, A 1755, C 1911.
//	From nil-c's point (9.240): C 156, D 624, B 2184, A 3510.
//	From the city's point (9.215): B 234, D 1326, A 1560, C 2106.
func cLine() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	square := func(lon, lat float64) string {
		d := 0.002
		return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			lon-d, lat-d, lon+d, lat-d, lon+d, lat+d, lon-d, lat+d, lon-d, lat-d)
	}
	area := func(id, level, parent, name string, lon, km2 float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: cLat, AreaKm2: km2, GeoJSON: square(lon, cLat), Dataset: "line"}
	}
	fac := func(id, service, name, org string, lon, capacity float64, section string) catalog.FacilityRow {
		return catalog.FacilityRow{ID: id, Service: service, Name: name, Organization: org, Address: "Via " + name, Lon: lon, Lat: cLat, Capacity: capacity, AreaID: section, Dataset: "line"}
	}
	d := &catalog.Data{
		Meta:     []catalog.MetaEntry{{Key: "schema_version", Value: catalog.SchemaVersion}, {Key: "name", Value: "Linea"}, {Key: "synthetic", Value: "false"}},
		Datasets: []catalog.Dataset{{ID: "line", Title: "Line census", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"}},
		Areas: []catalog.AreaRow{
			area("linea", engine.LevelCity, "", "Linea", 9.215, 1.65),
			area("m1", engine.LevelMunicipio, "linea", "Municipio 1", 9.205, 1.15),
			area("m2", engine.LevelMunicipio, "linea", "Municipio 2", 9.24, 0.5),
			area("nil-a", engine.LevelNIL, "m1", "Alfa", 9.195, 0.5),
			area("nil-b", engine.LevelNIL, "m1", "Borgo", 9.2175, 0.7),
			area("nil-c", engine.LevelNIL, "m2", "Cà Rossa", 9.24, 0.5),
			area("s1", engine.LevelSection, "nil-a", "s1", 9.19, 0.3),
			area("s2", engine.LevelSection, "nil-a", "s2", 9.20, 0.2),
			area("s3", engine.LevelSection, "nil-b", "s3", 9.21, 0.4),
			area("s4", engine.LevelSection, "nil-b", "s4", 9.225, 0.3),
			area("s5", engine.LevelSection, "nil-c", "s5", 9.24, 0.5),
		},
		Targets: []engine.Target{
			{Slug: "anziani-soli", Kind: "person", NameIT: "anziani soli", NameEN: "older people living alone", Sensitivity: "normal", MinCount: 3},
			{Slug: "prima-infanzia", Kind: "person", NameIT: "bambini 0–2 anni", NameEN: "children aged 0–2", Sensitivity: "normal", MinCount: 3},
		},
		Services: []engine.Service{
			{Slug: "assistenza-domiciliare", NameIT: "Assistenza domiciliare", NameEN: "Home care", Targets: []string{"anziani-soli"}, CapacityUnit: "utenti", RadiusM: 1000},
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800},
		},
		Organizations: []catalog.Organization{
			{ID: "org-coop", Name: "Coop Sole", Kind: "ets"},
			{ID: "org-comune", Name: "Comune di Linea", Kind: "comune"},
		},
		Facilities: []catalog.FacilityRow{
			fac("ca-001", "centro-anziani", "Centro A", "org-coop", 9.195, 100, "s2"),
			fac("ca-002", "centro-anziani", "Centro B", "org-comune", 9.212, 40, "s3"),
			fac("ca-003", "centro-anziani", "Centro C", "", 9.242, 0, "s5"),
			fac("sad-001", "assistenza-domiciliare", "SAD Est", "org-coop", 9.232, 25, "s4"),
		},
	}
	for i, n := range []int64{30, 20, 40, 2, 15} {
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: "anziani-soli", Year: 2024, Count: n, Dataset: "line"})
	}
	return d
}

type cCity struct {
	eng   *engine.Engine
	vocab *engine.Vocabulary
}

func cOpen(t *testing.T) *cCity {
	t.Helper()
	eng, v := openData(t, cLine())
	return &cCity{eng, v}
}

func (c *cCity) exec(q string, l engine.Lang, role engine.Role) (*engine.Result, error) {
	plan, err := dsl.Compile(q, c.vocab)
	if err != nil {
		return nil, err
	}
	if role == "" {
		role = engine.RoleAnalyst // exact arithmetic; protected figures are tested in disclosure_attack_test.go
	}
	return c.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Lang: l, Role: role})
}

func (c *cCity) ask(t *testing.T, q string, l engine.Lang) *engine.Result {
	t.Helper()
	res, err := c.exec(q, l, "")
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

func cCheckRows(t *testing.T, q string, res *engine.Result, want [][]string) {
	t.Helper()
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\nrows = %v\nwant   %v", q, got, want)
	}
}

func TestCatchLineCityDistances(t *testing.T) {
	at := func(lon float64) geo.Point { return geo.Point{Lon: lon, Lat: cLat} }
	for _, c := range []struct {
		a, b float64
		want float64
	}{
		{9.195, 9.19, 390}, {9.195, 9.21, 1170}, {9.212, 9.20, 936}, {9.212, 9.21, 156}, {9.212, 9.225, 1014},
		{9.242, 9.225, 1326}, {9.242, 9.24, 156}, {9.195, 9.212, 1326}, {9.212, 9.242, 2340},
		{9.205, 9.212, 546}, {9.205, 9.195, 780}, {9.205, 9.242, 2886}, {9.2175, 9.232, 1131}, {9.2175, 9.212, 429},
		{9.24, 9.232, 624}, {9.24, 9.212, 2184}, {9.24, 9.195, 3510}, {9.215, 9.232, 1326}, {9.215, 9.212, 234},
	} {
		if d := geo.Haversine(at(c.a), at(c.b)); math.Abs(d-c.want) > 0.5 {
			t.Errorf("distance %v–%v = %.1f m, the test assumes %.0f m", c.a, c.b, d, c.want)
		}
	}
}

func TestCatchServedByHand(t *testing.T) {
	c := cOpen(t)
	// Totals: Alfa 30 + 20 = 50, Borgo 40 + 2 = 42, Cà Rossa 15; city 107.
	// Within 800 m of Centro A: s1 (390 m) and s2 (390 m), not s3 (1,170 m):
	// 50 people, all of Alfa, 50/107 = 46.7% of the city, over s1 + s2 =
	// 0.3 + 0.2 = 0.5 km².
	q := "where served from=ca-001 target=anziani-soli radius=800m"
	res := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{{"1", "nil-a", "Alfa", "50", "50", "1"}})
	if res.Facts["served"] != int64(50) || res.Facts["target_count"] != int64(107) || res.Facts["area_km2"] != 0.5 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if s := res.Facts["city_share"].(float64); math.Abs(s-50.0/107) > 1e-12 {
		t.Errorf("city share = %v, want 50/107", s)
	}
	if want := "Centro A (ca-001), 2024: entro 800 m vivono 50 anziani soli, il 46,7% della città, su circa 0,5 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Disclosure.Suppressed != 0 || res.Disclosure.Threshold != 3 || len(res.Sources) != 1 {
		t.Errorf("disclosure %+v, sources %v", res.Disclosure, res.Sources)
	}

	// By nearest assignment, Centro B is the nearest of A, B, C for s3 (156
	// m against 1,170 and 2,496) and s4 (1,014 against 2,340 and 1,326): 40
	// + 2 = 42, all of Borgo; 42/107 = 39.3%; s3 + s4 = 0.4 + 0.3 = 0.7 km².
	q = "where served from=ca-002 target=anziani-soli"
	res = c.ask(t, q, engine.English)
	cCheckRows(t, q, res, [][]string{{"1", "nil-b", "Borgo", "42", "42", "1"}})
	if res.Facts["served"] != int64(42) || res.Facts["method"] != "nearest" || res.Facts["area_km2"] != 0.7 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if want := "Centro B (ca-002), 2024: the nearest Senior centre for 42 older people living alone, 39.3% of the city, over about 0.7 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Within 800 m Centro B holds s3 only (s2 is 936 m, s4 1,014 m): 40 of
	// Borgo's 42, 40/107 = 37.4% of the city, over s3's 0.4 km². The analyst
	// sees exact counts, and the threshold rule withholds only counts from 1
	// to 2: the small remainder (s4's 2 people outside the catchment) no
	// longer withholds the large figure, as it did when every role saw exact
	// counts (other roles get perturbed counts, and a one-section catchment
	// is withheld for them: TestCatchServedProtectedForStaff).
	q = "where served from=ca-002 target=anziani-soli radius=800m"
	res = c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{{"1", "nil-b", "Borgo", "42", "40", fmt.Sprint(40.0 / 42)}})
	if res.Facts["served"] != int64(40) || res.Facts["city_share"] != 40.0/107 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if d := res.Disclosure; d.Suppressed != 0 || d.Method != "exact" {
		t.Errorf("%s: disclosure = %+v, want nothing withheld", q, d)
	}
	if want := "Centro B (ca-002), 2024: entro 800 m vivono 40 anziani soli, il 37,4% della città, su circa 0,4 km²."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Unknown facility: a did-you-mean by edit distance.
	if _, err := c.exec("where served from=ca-02 target=anziani-soli", engine.Italian, ""); err == nil || !strings.Contains(err.Error(), `did you mean "ca-002"`) {
		t.Errorf("unknown facility: err = %v", err)
	}
	// A facility that does not serve the target.
	if _, err := c.exec("where served from=ca-001 target=prima-infanzia", engine.Italian, ""); err == nil || !strings.Contains(err.Error(), "does not serve prima-infanzia") {
		t.Errorf("wrong target: err = %v", err)
	}
}

func TestCatchOverlapByHand(t *testing.T) {
	c := cOpen(t)
	// 1 km: A holds s1, s2; B holds s2 (936 m), s3; C holds s5; s4 is in
	// none (1,014 and 1,326 m). Only A–B share people: s2's 20.
	q := "where overlap service=centro-anziani target=anziani-soli radius=1km"
	res := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", "20", "Alfa"}})
	if res.Facts["pairs"] != 1 || res.Facts["multi_covered"] != int64(20) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if s := res.Facts["multi_covered_share"].(float64); math.Abs(s-20.0/107) > 1e-12 {
		t.Errorf("multi-covered share = %v, want 20/107", s)
	}
	if want := "Linea, 2024, Centro anziani: una coppia di strutture ha anziani soli in comune entro 1 km; la sovrapposizione maggiore è tra Centro A e Centro B, a 1,326 km l'una dall'altra (20 anziani soli in entrambi i bacini)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// 1.4 km: A holds s1, s2, s3 (1,170 m); B holds s2, s3, s4 (1,014 m); C
	// holds s4 (1,326 m), s5. A–B share s2 + s3 = 20 + 40 = 60; B–C share
	// s4's 2, withheld (below 3). A lone withheld pair could be recovered
	// from people in two catchments (62 = 60 + 2), so A–B is withheld too
	// (secondary); both go last, by ID. 62 itself is publishable: it is the
	// sum of two unknowns.
	q = "where overlap service=centro-anziani target=anziani-soli radius=1.4km"
	res = c.ask(t, q, engine.English)
	cCheckRows(t, q, res, [][]string{
		{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", ":c", "Borgo"},
		{"2", "ca-002", "Centro B", "ca-003", "Centro C", "2340", ":c", "Borgo"},
	})
	if res.Facts["pairs"] != 2 || res.Facts["multi_covered"] != int64(62) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	if d := res.Disclosure; d.Suppressed != 2 || d.Threshold != 3 {
		t.Errorf("%s: disclosure = %+v", q, d)
	}
	if want := "Linea, 2024, Senior centre: 2 pairs of facilities share older people living alone within 1.4 km."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}

	// Restricted to Alfa, only its people count: A–B share s2's 20.
	q = "where overlap service=centro-anziani target=anziani-soli radius=1.4km area=nil-a"
	res = c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{{"1", "ca-001", "Centro A", "ca-002", "Centro B", "1326", "20", "Alfa"}})
	if res.Facts["multi_covered"] != int64(20) {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
}

func TestCenterByHand(t *testing.T) {
	c := cOpen(t)
	// Catchment demand: anziani-soli 2024 within the usual 800 m, each
	// section to its nearest centre: s1, s2 → A (390 m): 50; s3 → B (156
	// m): 40; s4's nearest is B at 1,014 m, beyond 800 m: nobody; s5 → C
	// (156 m): 15. Spare: A 100 − 50 = 50, B 40 − 40 = 0, C unknown.
	q := "which center service=centro-anziani at=45.46,9.205"
	res := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{
		{"1", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "546", "40", "40", "0"},
		{"2", "ca-001", "Centro A", "Via Centro A", "Coop Sole", "780", "100", "50", "50"},
		{"3", "ca-003", "Centro C", "Via Centro C", "", "2886", "null", "15", "null"},
	})
	if want := "Da 45.46, 9.205, la struttura Centro anziani più vicina con posti liberi stimati è Centro A (ca-001), a 780 m: 50 liberi su 100 iscritti. La più vicina in assoluto è Centro B (ca-002), a 546 m."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["nearest"] != "ca-002" || res.Facts["nearest_with_spare"] != "ca-001" || res.Facts["spare_capacity"] != 50.0 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// From Cà Rossa's point: C (156 m), B (2,184 m); for the analyst the
	// nearest with room is A, 3,510 m away.
	q = "which center service=centro-anziani area=nil-c top=2"
	res = c.ask(t, q, engine.English)
	cCheckRows(t, q, res, [][]string{
		{"1", "ca-003", "Centro C", "Via Centro C", "", "156", "null", "15", "null"},
		{"2", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "2184", "40", "40", "0"},
	})
	if want := "From Cà Rossa, the nearest Senior centre facility with estimated spare capacity is Centro A (ca-001), 3.51 km away: 50 free of 100 iscritti. The nearest overall is Centro C (ca-003), 156 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	// For the press, every catchment is a region the question draws, and
	// each here holds one or two census sections: withheld, and the spare
	// capacity with it (the headline says none can be published, not that
	// none has room).
	res, err := c.exec(q, engine.English, engine.RolePress)
	if err != nil {
		t.Fatal(err)
	}
	cCheckRows(t, q, res, [][]string{
		{"1", "ca-003", "Centro C", "Via Centro C", "", "156", "null", ":c", "null"},
		{"2", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "2184", "40", ":c", ":c"},
	})
	if want := "From Cà Rossa, no Senior centre facility has estimated spare capacity that can be published; the nearest is Centro C (ca-003), 156 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if d := res.Disclosure; d.Rounding != 10 || d.Suppressed != 3 || d.Method != "cell-key" {
		t.Errorf("press disclosure = %+v, want rounding to 10, 3 cells withheld", d)
	}
}

func TestCenterAlternativesByHand(t *testing.T) {
	c := cOpen(t)
	// Borgo's points: its own (9.2175), s3 (9.21), s4 (9.225). Outside it, A
	// is 1,170 m from s3 and C 1,326 m from s4, both within 1.4 km; B stands
	// in Borgo (its own supply, 40 iscritti). SAD Est, home care for the
	// same people, stands in s4: distance 0. Borgo's demand: 40 + 2 = 42.
	q := "which alternatives service=centro-anziani area=nil-b radius=1.4km"
	res := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{
		{"1", "stesso servizio", "ca-001", "Centro A", "Centro anziani", "anziani soli", "Coop Sole", "1170", "100", "iscritti"},
		{"2", "stesso servizio", "ca-003", "Centro C", "Centro anziani", "anziani soli", "", "1326", "null", "iscritti"},
		{"3", "altro servizio", "sad-001", "SAD Est", "Assistenza domiciliare", "anziani soli", "Coop Sole", "0", "25", "utenti"},
	})
	if want := "Fuori da Borgo, entro 1,4 km, ci sono 2 strutture Centro anziani (capacità nota: 100 iscritti); un'altra di un servizio per gli stessi destinatari (Assistenza domiciliare). Domanda nell'area nel 2024: 42 anziani soli."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["demand"] != int64(42) || res.Facts["area_facilities"] != 1 || res.Facts["area_capacity"] != 40.0 || res.Facts["alternatives"] != 2 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// Within 1 km nothing of the service is left outside Borgo.
	res = c.ask(t, "which alternatives service=centro-anziani area=nil-b radius=1km", engine.English)
	if want := "Outside Borgo, within 1 km, there is no other Senior centre facility; 1 more of another service for the same people (Home care). Demand in the area in 2024: 42 older people living alone."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
}

func TestPartnersByHand(t *testing.T) {
	c := cOpen(t)
	// Borgo: B stands in it (Comune, 429 m from its point), and so does SAD
	// Est (Coop Sole, 1,131 m: beyond 1 km, but inside). A and C are outside
	// and farther than 1 km. One facility in the area each: by distance.
	q := "which partners target=anziani-soli area=nil-b"
	res := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{
		{"1", "org-comune", "Comune di Linea", "1", "1", "Centro anziani", "40", "429"},
		{"2", "org-coop", "Coop Sole", "1", "1", "Assistenza domiciliare", "25", "1131"},
	})
	if want := "Borgo: 2 organizzazioni gestiscono strutture per anziani soli nell'area o entro 1 km; la più presente è Comune di Linea (1 nell'area)."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	// Cà Rossa: C stands in it but has no known operator; SAD Est is 624 m
	// away, outside.
	q = "which partners target=anziani-soli area=nil-c"
	res = c.ask(t, q, engine.English)
	cCheckRows(t, q, res, [][]string{{"1", "org-coop", "Coop Sole", "1", "0", "Home care", "25", "624"}})
	if want := "Cà Rossa: 1 organisation runs facilities for older people living alone in the area or within 1 km; the nearest is Coop Sole, 624 m away."; res.Headline != want {
		t.Errorf("headline = %q\nwant       %q", res.Headline, want)
	}
	if res.Facts["without_operator"] != 1 || res.Facts["facilities"] != 2 {
		t.Errorf("%s: facts = %v", q, res.Facts)
	}
	// The whole city: Coop Sole runs A and SAD Est (2 inside, capacity 100 +
	// 25 = 125 in mixed units, nearest 1,326 m), the Comune runs B.
	q = "which partners target=anziani-soli area=linea"
	res = c.ask(t, q, engine.Italian)
	cCheckRows(t, q, res, [][]string{
		{"1", "org-coop", "Coop Sole", "2", "2", "Assistenza domiciliare, Centro anziani", "125", "1326"},
		{"2", "org-comune", "Comune di Linea", "1", "1", "Centro anziani", "40", "234"},
	})
	// Only the services asked for.
	res = c.ask(t, "which partners target=anziani-soli area=nil-b service=centro-anziani", engine.Italian)
	if len(res.Rows) != 1 || cells(res)[0][1] != "org-comune" {
		t.Errorf("service=centro-anziani: rows = %v", cells(res))
	}
}

// cAskAs asks as a role.
func (c *cCity) askAs(t *testing.T, q string, role engine.Role) *engine.Result {
	t.Helper()
	res, err := c.exec(q, engine.Italian, role)
	if err != nil {
		t.Fatalf("%s as %s: %v", q, role, err)
	}
	return res
}

func TestCatchServedProtectedForStaff(t *testing.T) {
	c := cOpen(t)
	// Centro B's 800 m hold s3 alone: one section, withheld for staff
	// whatever its count (the analyst sees 40).
	q := "where served from=ca-002 target=anziani-soli radius=800m"
	res := c.askAs(t, q, engine.RoleStaff)
	cCheckRows(t, q, res, [][]string{{"1", "nil-b", "Borgo", fmt.Sprint(res.Rows[0][3].Raw()), ":c", ":c"}})
	if res.Facts["served"] != engine.Confidential {
		t.Errorf("%s: staff served %v, want withheld", q, res.Facts["served"])
	}
	if n, ok := res.Facts["target_count"].(int64); !ok {
		t.Errorf("%s: staff city count %v", q, res.Facts["target_count"])
	} else {
		bPublishedNear(t, q+" city", n, 107, 3)
	}
}

// cWideLine is the line city with two more sections of older people living
// alone in Alfa, near Centro A: s6 (9.188, 12 people, 546 m from A) and s7
// (9.198, 9 people, 234 m). Centro A's catchment then holds four sections
// (s1, s2, s6, s7: 30 + 20 + 12 + 9 = 71), publishable to every role; B's
// (s3) and C's (s5) hold one each.
func cWideLine(t *testing.T) *cCity {
	t.Helper()
	d := cLine()
	for _, s := range []struct {
		id  string
		lon float64
		n   int64
	}{{"s6", 9.188, 12}, {"s7", 9.198, 9}} {
		d.Areas = append(d.Areas, catalog.AreaRow{ID: s.id, Level: engine.LevelSection, ParentID: "nil-a", Slug: s.id, Name: s.id,
			Lon: s.lon, Lat: cLat, AreaKm2: 0.1, Dataset: "line"})
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: s.id, Target: "anziani-soli", Year: 2024, Count: s.n, Dataset: "line"})
	}
	eng, v := openData(t, d)
	return &cCity{eng, v}
}

func TestCenterProtectedForStaff(t *testing.T) {
	c := cWideLine(t)
	q := "which center service=centro-anziani at=45.46,9.205"
	exact := c.ask(t, q, engine.Italian)
	cCheckRows(t, q, exact, [][]string{
		{"1", "ca-002", "Centro B", "Via Centro B", "Comune di Linea", "546", "40", "40", "0"},
		{"2", "ca-001", "Centro A", "Via Centro A", "Coop Sole", "780", "100", "71", "29"},
		{"3", "ca-003", "Centro C", "Via Centro C", "", "2886", "null", "15", "null"},
	})
	staff := c.askAs(t, q, engine.RoleStaff)
	got := bProtected(t, q, staff, exact, "facility_id", 3)
	a, ok := got["ca-001"]["catchment_demand"]
	if !ok {
		t.Fatalf("%s: staff demand of Centro A withheld, want it published (four sections): %v", q, cells(staff))
	}
	if len(got) != 1 {
		t.Errorf("%s: staff published %v, want only Centro A (B and C hold one section each)", q, got)
	}
	// Spare capacity from the published demand.
	if staff.Facts["nearest_with_spare"] != "ca-001" || staff.Facts["spare_capacity"] != float64(100-a) {
		t.Errorf("%s: staff facts %v, want Centro A with 100 − %d free", q, staff.Facts, a)
	}
}

func TestAlternativesAndPartnersProtectedForStaff(t *testing.T) {
	c := cOpen(t)
	// which alternatives publishes Borgo's count as its level's table does.
	q := "which alternatives service=centro-anziani area=nil-b radius=1.4km"
	staff := c.askAs(t, q, engine.RoleStaff)
	n, ok := staff.Facts["demand"].(int64)
	if !ok {
		t.Fatalf("%s: staff demand %v", q, staff.Facts["demand"])
	}
	bPublishedNear(t, q+" demand", n, 42, 3)
	if !strings.Contains(staff.Headline, fmt.Sprintf("Domanda nell'area nel 2024: %d anziani soli.", n)) || staff.Disclosure.Method != "cell-key" {
		t.Errorf("%s: staff headline %q, disclosure %+v", q, staff.Headline, staff.Disclosure)
	}
	// which partners publishes no count of people: the same answer for every
	// role, with no disclosure line.
	q = "which partners target=anziani-soli area=linea"
	staff, exact := c.askAs(t, q, engine.RoleStaff), c.ask(t, q, engine.Italian)
	if fmt.Sprint(cells(staff)) != fmt.Sprint(cells(exact)) || staff.Headline != exact.Headline || staff.Disclosure.Rule != "" {
		t.Errorf("%s: staff %v %q %+v, analyst %v", q, cells(staff), staff.Headline, staff.Disclosure, cells(exact))
	}
}
