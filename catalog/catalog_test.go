package catalog

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/geo"
)

// smallDemo is a demo city small enough for quick tests.
func smallDemo(t testing.TB, seed uint64) *Data {
	t.Helper()
	d, err := Demo(DemoOptions{Seed: seed, Sections: 1500})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDemoIsDeterministic(t *testing.T) {
	a, b, c := smallDemo(t, 7), smallDemo(t, 7), smallDemo(t, 8)
	if Checksum(a) != Checksum(b) {
		t.Fatal("two demo cities from seed 7 differ")
	}
	if Checksum(a) == Checksum(c) {
		t.Fatal("seeds 7 and 8 give the same city")
	}
	if a.Datasets[0].Checksum != Checksum(a) {
		t.Errorf("the demo dataset's checksum %s is not the content's %s", a.Datasets[0].Checksum, Checksum(a))
	}
}

// TestWriteThenLoadGivesTheSameContent writes a catalog with the real DuckDB
// driver, reopens it read-only and reads every table back.
func TestWriteThenLoadGivesTheSameContent(t *testing.T) {
	ctx := context.Background()
	d := smallDemo(t, 3)
	path := filepath.Join(t.TempDir(), "demo.duckdb")
	if err := Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	back, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Checksum(back), Checksum(d); got != want {
		t.Fatalf("checksum after the round trip = %s, want %s", got, want)
	}
	if len(back.Demand) != len(d.Demand) || len(back.Areas) != len(d.Areas) {
		t.Fatalf("read back %d demand rows and %d areas, wrote %d and %d", len(back.Demand), len(back.Areas), len(d.Demand), len(d.Areas))
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the catalog directory holds %d files, want only the catalog: %v", len(entries), entries)
	}
}

// TestFailedWriteKeepsThePreviousCatalog checks that neither inconsistent
// content nor a cancelled build touches the catalog already in place.
func TestFailedWriteKeepsThePreviousCatalog(t *testing.T) {
	ctx := context.Background()
	d := smallDemo(t, 3)
	dir := t.TempDir()
	path := filepath.Join(dir, "city.duckdb")
	if err := Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	bad := smallDemo(t, 4)
	bad.Demand = append(bad.Demand, DemandRow{AreaID: "sez-99999", Target: "anziani", Year: 2024, Count: 3, Dataset: demoDataset})
	err := Write(ctx, path, bad)
	if err == nil || !strings.Contains(err.Error(), `unknown area "sez-99999"`) {
		t.Fatalf("writing inconsistent content: err = %v, want one naming the unknown area", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := Write(cancelled, path, smallDemo(t, 4)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled write: err = %v, want context.Canceled", err)
	}
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	back, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if Checksum(back) != Checksum(d) {
		t.Fatal("the catalog in place changed after failed writes")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("failed writes left files behind: %v", entries)
	}
}

func TestOpenExplainsWhatIsWrong(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, err := Open(ctx, filepath.Join(dir, "missing.duckdb"))
	if err == nil || !strings.Contains(err.Error(), "wi catalog demo --out") {
		t.Errorf("missing file: err = %v, want a hint to build one", err)
	}
	junk := filepath.Join(dir, "junk.duckdb")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	if _, err := Open(ctx, junk); err == nil {
		t.Error("opening a file that is not a catalog succeeded")
	}
}

// TestDemoCityHoldsTogether checks the full-size demo city: Milan's scale,
// sections that tile their neighbourhoods, counts that nest and add up.
func TestDemoCityHoldsTogether(t *testing.T) {
	d, err := Demo(DemoOptions{Seed: DefaultDemoSeed})
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(d); err != nil {
		t.Fatal(err)
	}
	levels := map[string]int{}
	byID := map[string]AreaRow{}
	for _, a := range d.Areas {
		levels[a.Level]++
		byID[a.ID] = a
	}
	if levels["city"] != 1 || levels["municipio"] != 9 || levels["nil"] != 88 || levels["section"] < 5500 || levels["section"] > 6500 {
		t.Fatalf("levels = %v, want 1 city, 9 municipi, 88 NIL, about 6,000 sections", levels)
	}
	// Areas: children add up to their parent, and every representative point
	// is inside its area's polygon.
	childArea := map[string]float64{}
	for _, a := range d.Areas {
		if a.ParentID != "" {
			childArea[a.ParentID] += a.AreaKm2
		}
		mp := parseGeoJSON(t, a.GeoJSON)
		if !mp.Contains(geo.Point{Lon: a.Lon, Lat: a.Lat}) {
			t.Errorf("%s: representative point (%v, %v) is outside its polygon", a.ID, a.Lon, a.Lat)
		}
		if got := mp.AreaM2() / 1e6; math.Abs(got-a.AreaKm2) > 1e-5 {
			t.Errorf("%s: area column %.6f km², polygon %.6f km²", a.ID, a.AreaKm2, got)
		}
	}
	for id, sum := range childArea {
		if a := byID[id]; math.Abs(sum-a.AreaKm2) > 1e-3*a.AreaKm2 {
			t.Errorf("%s: children cover %.4f km², the area is %.4f km²", id, sum, a.AreaKm2)
		}
	}
	if city := byID["demo"].AreaKm2; city < 150 || city > 215 {
		t.Errorf("city area %.1f km², want Milan's scale (181.7 km²)", city)
	}
	// Counts nest within each section and year.
	type key struct {
		area string
		year int
	}
	counts := map[key]map[string]int64{}
	for _, r := range d.Demand {
		k := key{r.AreaID, r.Year}
		if counts[k] == nil {
			counts[k] = map[string]int64{}
		}
		counts[k][r.Target] = r.Count
	}
	nests := [][2]string{
		{"grandi-anziani", "anziani-75"}, {"anziani-75", "anziani"}, {"anziani", "residenti"},
		{"anziani-soli", "anziani"}, {"anziani-soli", "famiglie-unipersonali"}, {"prima-infanzia", "minori"},
		{"adolescenti", "minori"}, {"minori-stranieri", "minori"}, {"minori-stranieri", "stranieri"},
		{"famiglie-monogenitoriali", "famiglie"}, {"famiglie-numerose", "famiglie"}, {"famiglie", "residenti"},
		{"non-autosufficienti", "anziani"}, {"infanzia", "minori"}, {"bambini", "minori"}, {"ragazzi", "minori"},
		{"neet", "giovani"}, {"grandi-anziani-soli", "grandi-anziani"}, {"grandi-anziani-soli", "anziani-soli"},
		{"famiglie-in-poverta", "famiglie"}, {"famiglie-anziane", "famiglie"}, {"famiglie-straniere", "famiglie"},
		{"famiglie-con-disabili", "famiglie"}, {"famiglie-unipersonali", "famiglie"}, {"popolazione-attiva", "residenti"},
	}
	var residents int64
	for k, c := range counts {
		for _, n := range nests {
			if c[n[0]] > c[n[1]] {
				t.Fatalf("%s %d: %s = %d exceeds %s = %d", k.area, k.year, n[0], c[n[0]], n[1], c[n[1]])
			}
		}
		if k.year == 2024 {
			residents += c["residenti"]
		}
		// Age groups of minors partition them.
		if sum := c["prima-infanzia"] + c["infanzia"] + c["bambini"] + c["ragazzi"] + c["adolescenti"]; sum != c["minori"] {
			t.Fatalf("%s %d: age groups of minors sum to %d, minori = %d", k.area, k.year, sum, c["minori"])
		}
	}
	if residents < 1_300_000 || residents > 1_400_000 {
		t.Errorf("residents in 2024 = %d, want about 1.35 million", residents)
	}
	if n := len(d.Facilities); n < 1300 || n > 1800 {
		t.Errorf("%d facilities, want about 1,600", n)
	}
	if len(d.Targets) < 28 || len(d.Services) < 15 {
		t.Errorf("%d targets and %d services, want at least 20 + 8 and 15", len(d.Targets), len(d.Services))
	}
	for _, f := range d.Facilities {
		a := byID[f.AreaID]
		if !parseGeoJSON(t, a.GeoJSON).Contains(geo.Point{Lon: f.Lon, Lat: f.Lat}) {
			t.Errorf("facility %s is outside its section %s", f.ID, f.AreaID)
		}
	}
}

// TestDemoTotalsAddUpInTheCatalog asks the catalog for counts at every level
// and checks that sections sum to neighbourhoods, to municipi, to the city.
func TestDemoTotalsAddUpInTheCatalog(t *testing.T) {
	ctx := context.Background()
	d := smallDemo(t, 5)
	path := filepath.Join(t.TempDir(), "demo.duckdb")
	if err := Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	parent := map[string]string{}
	for _, a := range d.Areas {
		parent[a.ID] = a.ParentID
	}
	for _, target := range []string{"anziani-soli", "prima-infanzia", "famiglie-numerose"} {
		sections, err := c.FinestDemand(ctx, target, 2023)
		if err != nil {
			t.Fatal(err)
		}
		byNIL, byMunicipio := map[string]int64{}, map[string]int64{}
		var city int64
		for _, s := range sections {
			if s.Level != "section" || s.Shape != "" {
				t.Fatalf("finest demand row %+v: want a section without its outline", s)
			}
			byNIL[parent[s.Area]] += s.Count
			byMunicipio[parent[parent[s.Area]]] += s.Count
			city += s.Count
		}
		check := func(area string, want int64) {
			t.Helper()
			series, err := c.DemandByYear(ctx, target, area)
			if err != nil {
				t.Fatal(err)
			}
			for _, y := range series {
				if y.Year == 2023 && y.Count != want {
					t.Errorf("%s in %s, 2023: catalog says %d, its sections sum to %d", target, area, y.Count, want)
				}
			}
			if len(series) != 5 {
				t.Errorf("%s in %s: %d years, want 5 (2020–2024)", target, area, len(series))
			}
		}
		var nilSum, muniSum int64
		for slug, n := range byNIL {
			check(slug, n)
			nilSum += n
		}
		for slug, n := range byMunicipio {
			check(slug, n)
			muniSum += n
		}
		check("demo", city)
		if nilSum != city || muniSum != city || city == 0 {
			t.Errorf("%s: NIL sum %d, municipio sum %d, city %d", target, nilSum, muniSum, city)
		}
	}
	v, err := c.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.CityArea != "demo" || v.DefaultYear != 2024 || len(v.Targets) < 8 || len(v.Services) < 7 {
		t.Errorf("vocabulary: city %q, default year %d, %d targets, %d services", v.CityArea, v.DefaultYear, len(v.Targets), len(v.Services))
	}
	for _, want := range []string{"anziani", "grandi-anziani", "anziani-soli", "minori", "prima-infanzia", "stranieri", "famiglie-monogenitoriali", "famiglie-numerose"} {
		if _, ok := v.Target(want); !ok {
			t.Errorf("target %s is missing", want)
		}
	}
	for _, want := range []string{"centro-anziani", "centro-diurno-integrato", "rsa", "asilo-nido", "servizio-sociale-territoriale", "consultorio-familiare", "centro-aggregazione-giovanile"} {
		if _, ok := v.Service(want); !ok {
			t.Errorf("service %s is missing", want)
		}
	}
	if got := v.ServicesFor("prima-infanzia"); !contains(got, "asilo-nido") {
		t.Errorf("services for prima-infanzia = %v, want asilo-nido among them", got)
	}
	info, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Synthetic || info.Name != "Città demo" || len(info.Datasets) != 1 {
		t.Errorf("info = %+v, want the synthetic demo with one dataset", info)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func parseGeoJSON(t testing.TB, s string) geo.MultiPolygon {
	t.Helper()
	mp, err := geo.ParseGeoJSON([]byte(s))
	if err != nil {
		t.Fatalf("geometry %.60s: %v", s, err)
	}
	return mp
}
