package engine_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// The hand-built cities of the engine tests, each small enough to answer
// by hand, and the small demo city of the attack and property tests.

// The tiny city, small enough to answer by hand:
//
//	municipio m1 ─┬─ nil-1: s1 (9.19, 45.46), s2 (9.20, 45.46)
//	              ├─ nil-2: s3 (9.21, 45.47)
//	              └─ nil-3: s4 (9.25, 45.50)
//
// f1, a centro-anziani at (9.19, 45.465): 556 m from s1, 958 m from s2,
// 1,656 m from s3. f2, an asilo-nido, stands on s3 but serves only
// prima-infanzia. f3, a help desk for foreign residents, stands on s4, more
// than 3 km from the others.
func tinyCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	area := func(id, level, parent, name string, lon, lat float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: 0.2, GeoJSON: square(lon, lat, 0.002), Dataset: "tiny"}
	}
	d := &catalog.Data{
		Meta:     []catalog.MetaEntry{{Key: "schema_version", Value: catalog.SchemaVersion}, {Key: "name", Value: "Tiny"}, {Key: "synthetic", Value: "false"}},
		Datasets: []catalog.Dataset{{ID: "tiny", Title: "Tiny census", Publisher: "Hand", Licence: "CC0-1.0", ReferenceDate: ref, Checksum: "-"}},
		Areas: []catalog.AreaRow{
			area("tiny", engine.LevelCity, "", "Tiny", 9.2, 45.47),
			area("m1", engine.LevelMunicipio, "tiny", "Municipio 1", 9.2, 45.47),
			area("nil-1", engine.LevelNIL, "m1", "Cà Granda", 9.19, 45.46),
			area("nil-2", engine.LevelNIL, "m1", "Borgo", 9.21, 45.47),
			area("nil-3", engine.LevelNIL, "m1", "Prato", 9.25, 45.50),
			area("s1", engine.LevelSection, "nil-1", "s1", 9.19, 45.46),
			area("s2", engine.LevelSection, "nil-1", "s2", 9.20, 45.46),
			area("s3", engine.LevelSection, "nil-2", "s3", 9.21, 45.47),
			area("s4", engine.LevelSection, "nil-3", "s4", 9.25, 45.50),
		},
		Targets: []engine.Target{
			{Slug: "anziani-soli", Kind: "person", NameIT: "anziani soli", NameEN: "older people living alone", Sensitivity: "normal", MinCount: 3},
			{Slug: "prima-infanzia", Kind: "person", NameIT: "bambini 0–2 anni", NameEN: "children aged 0–2", Sensitivity: "normal", MinCount: 3},
			{Slug: "stranieri", Kind: "person", NameIT: "stranieri", NameEN: "foreign residents", Sensitivity: "sensitive", MinCount: 5},
		},
		Services: []engine.Service{
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800, Role: question.RoleWelfare},
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000, Role: question.RoleWelfare},
			{Slug: "sportello-stranieri", NameIT: "Sportello stranieri", NameEN: "Migrant help desk", Targets: []string{"stranieri"}, CapacityUnit: "utenti", RadiusM: 1000, Role: question.RoleWelfare},
		},
		Facilities: []catalog.FacilityRow{
			{ID: "f1", Service: "centro-anziani", Name: "Centro A", Lon: 9.19, Lat: 45.465, Capacity: 100, AreaID: "s1", Dataset: "tiny"},
			{ID: "f2", Service: "asilo-nido", Name: "Nido B", Lon: 9.21, Lat: 45.47, Capacity: 30, AreaID: "s3", Dataset: "tiny"},
			{ID: "f3", Service: "sportello-stranieri", Name: "Sportello C", Lon: 9.25, Lat: 45.50, Capacity: 10, AreaID: "s4", Dataset: "tiny"},
		},
	}
	add := func(target string, year int, counts ...int64) {
		for i, n := range counts {
			d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: target, Year: year, Count: n, Dataset: "tiny"})
		}
	}
	add("anziani-soli", 2023, 2, 58, 12, 0)
	add("anziani-soli", 2024, 40, 25, 10, 0)
	add("prima-infanzia", 2024, 9, 7, 6, 2)
	// stranieri by NIL: 3 (below 5), 10, 50 — the 10 must be withheld too.
	add("stranieri", 2024, 2, 1, 10, 50)
	return d
}

func TestTinyCityDistancesAreWhatTheTestAssumes(t *testing.T) {
	f1 := geo.Point{Lon: 9.19, Lat: 45.465}
	for _, c := range []struct {
		name string
		p    geo.Point
		want float64
	}{
		{"f1-s1", geo.Point{Lon: 9.19, Lat: 45.46}, 556},
		{"f1-s2", geo.Point{Lon: 9.20, Lat: 45.46}, 958},
		{"f1-s3", geo.Point{Lon: 9.21, Lat: 45.47}, 1656},
	} {
		t.Run(c.name, func(t *testing.T) {
			if d := geo.Haversine(f1, c.p); math.Abs(d-c.want) > 2 {
				t.Errorf("distance from f1 to %v = %.0f m, the test assumes %.0f m", c.p, d, c.want)
			}
		})
	}
}

// twoMunicipiCity is a two-municipio city for concentration, reach,
// compare, profile, priority and allocate, small enough to answer by hand:
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
func twoMunicipiCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	area := func(id, level, parent, name string, km2, lon, lat float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: km2, GeoJSON: square(lon, lat, 0.002), Dataset: "a-census"}
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
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800, Role: question.RoleWelfare},
			{Slug: "consultorio", NameIT: "Consultorio", NameEN: "Family clinic", Targets: []string{"famiglie-monogenitoriali"}, CapacityUnit: "utenti", RadiusM: 1000, Role: question.RoleWelfare},
			{Slug: "sportello-stranieri", NameIT: "Sportello stranieri", NameEN: "Migrant help desk", Targets: []string{"stranieri"}, CapacityUnit: "utenti", RadiusM: 1000, Role: question.RoleWelfare},
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

// meridianCity is the city of the benchmark analyses (gap, capacity,
// saturation). Everything stands on the meridian
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
func meridianCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const lon = 9.2
	area := func(id, level, parent, name string, lat float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: 0.2, GeoJSON: square(lon, lat, 0.002), Dataset: "bcensus"}
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
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000, Role: question.RoleWelfare},
			{Slug: "ludoteca", NameIT: "Ludoteca", NameEN: "Toy library", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000, Role: question.RoleWelfare},
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani"}, CapacityUnit: "iscritti", RadiusM: 800, Role: question.RoleWelfare},
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
				NameIT: "posti nido per 100 bambini 0–2 anni", NameEN: "nursery places per 100 children aged 0–2", Source: "L. 234/2021", Year: 2021},
			{ID: "ludo-1", Service: "ludoteca", Target: "prima-infanzia", Value: 1, Per: 1000, Kind: "local",
				NameIT: "posti per 1.000 bambini", NameEN: "places per 1,000 children", Source: "local", Year: 2024},
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

// meridianCityWide is meridianCity with nurseries reaching 2 km, so that
// n1's and n2's catchments hold three census sections each (s1, s2, s3)
// and can be published to every role; n3's and n4's hold two (s4, s5) and
// are withheld for every role but the analyst.
func meridianCityWide() *catalog.Data {
	d := meridianCity()
	d.Services[0].RadiusM = 2000
	return d
}

// lineLat is the parallel every point of the line city lies on.
const lineLat = 45.46

// lineCity is a city laid out along one parallel, so that every distance is a
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
func lineCity() *catalog.Data {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	area := func(id, level, parent, name string, lon, km2 float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lineLat, AreaKm2: km2, GeoJSON: square(lon, lineLat, 0.002), Dataset: "line"}
	}
	fac := func(id, service, name, org string, lon, capacity float64, section string) catalog.FacilityRow {
		return catalog.FacilityRow{ID: id, Service: service, Name: name, Organization: org, Address: "Via " + name, Lon: lon, Lat: lineLat, Capacity: capacity, AreaID: section, Dataset: "line"}
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
			{Slug: "assistenza-domiciliare", NameIT: "Assistenza domiciliare", NameEN: "Home care", Targets: []string{"anziani-soli"}, CapacityUnit: "utenti", RadiusM: 1000, Role: question.RoleWelfare},
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800, Role: question.RoleWelfare},
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
		// One member per person living alone: expected users equal people,
		// which keeps the hand arithmetic of the spare-capacity tests plain.
		// Home care has no standard: it is measured by ratios.
		Benchmarks: []catalog.Benchmark{
			{ID: "linea-centro-anziani", Service: "centro-anziani", Target: "anziani-soli", Value: 100, Per: 100, Kind: "local",
				NameIT: "iscritti ogni 100 anziani soli", NameEN: "members per 100 older people living alone", Source: "Parametro della città di prova", Year: 2024},
		},
	}
	for i, n := range []int64{30, 20, 40, 2, 15} {
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: fmt.Sprintf("s%d", i+1), Target: "anziani-soli", Year: 2024, Count: n, Dataset: "line"})
	}
	return d
}

// lineCityWide is the line city with two more sections of older people living
// alone in Alfa, near Centro A: s6 (9.188, 12 people, 546 m from A) and s7
// (9.198, 9 people, 234 m). Centro A's catchment then holds four sections
// (s1, s2, s6, s7: 30 + 20 + 12 + 9 = 71), publishable to every role; B's
// (s3) and C's (s5) hold one each.
func lineCityWide() *catalog.Data {
	d := lineCity()
	for _, s := range []struct {
		id  string
		lon float64
		n   int64
	}{{"s6", 9.188, 12}, {"s7", 9.198, 9}} {
		d.Areas = append(d.Areas, catalog.AreaRow{ID: s.id, Level: engine.LevelSection, ParentID: "nil-a", Slug: s.id, Name: s.id,
			Lon: s.lon, Lat: lineLat, AreaKm2: 0.1, Dataset: "line"})
		d.Demand = append(d.Demand, catalog.DemandRow{AreaID: s.id, Target: "anziani-soli", Year: 2024, Count: s.n, Dataset: "line"})
	}
	return d
}

func TestLineCityDistancesAreWhatTheTestsAssume(t *testing.T) {
	at := func(lon float64) geo.Point { return geo.Point{Lon: lon, Lat: lineLat} }
	for _, c := range []struct {
		a, b float64
		want float64
	}{
		{9.195, 9.19, 390}, {9.195, 9.21, 1170}, {9.212, 9.20, 936}, {9.212, 9.21, 156}, {9.212, 9.225, 1014},
		{9.242, 9.225, 1326}, {9.242, 9.24, 156}, {9.195, 9.212, 1326}, {9.212, 9.242, 2340},
		{9.205, 9.212, 546}, {9.205, 9.195, 780}, {9.205, 9.242, 2886}, {9.2175, 9.232, 1131}, {9.2175, 9.212, 429},
		{9.24, 9.232, 624}, {9.24, 9.212, 2184}, {9.24, 9.195, 3510}, {9.215, 9.232, 1326}, {9.215, 9.212, 234},
	} {
		t.Run(fmt.Sprintf("%v-%v", c.a, c.b), func(t *testing.T) {
			if d := geo.Haversine(at(c.a), at(c.b)); math.Abs(d-c.want) > 0.5 {
				t.Errorf("distance %v–%v = %.1f m, the test assumes %.0f m", c.a, c.b, d, c.want)
			}
		})
	}
}

// demoCity is a small demo city (about 600 census sections) of a seed: a
// synthetic city large enough for the attack and property tests.
func demoCity(t testing.TB, seed uint64) *catalog.Data {
	t.Helper()
	d, err := catalog.Demo(catalog.DemoOptions{Seed: seed, Sections: 600})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// square is a GeoJSON polygon, a square of half-side d degrees around a point.
func square(lon, lat, d float64) string {
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lon-d, lat-d, lon+d, lat-d, lon+d, lat+d, lon-d, lat+d, lon-d, lat-d)
}
