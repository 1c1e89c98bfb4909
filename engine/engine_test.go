package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/engine/geo"
)

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
	square := func(lon, lat float64) string {
		d := 0.002
		return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
			lon-d, lat-d, lon+d, lat-d, lon+d, lat+d, lon-d, lat+d, lon-d, lat-d)
	}
	area := func(id, level, parent, name string, lon, lat float64) catalog.AreaRow {
		return catalog.AreaRow{ID: id, Level: level, ParentID: parent, Slug: id, Name: name, Lon: lon, Lat: lat, AreaKm2: 0.2, GeoJSON: square(lon, lat), Dataset: "tiny"}
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
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800},
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000},
			{Slug: "sportello-stranieri", NameIT: "Sportello stranieri", NameEN: "Migrant help desk", Targets: []string{"stranieri"}, CapacityUnit: "utenti", RadiusM: 1000},
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

type tiny struct {
	eng   *engine.Engine
	vocab *engine.Vocabulary
}

func openTiny(t *testing.T) *tiny {
	t.Helper()
	eng, v := openData(t, tinyCity())
	return &tiny{eng, v}
}

// openData writes a hand-built catalog with the real DuckDB driver, opens it
// read-only and returns an engine over it with its vocabulary.
func openData(t *testing.T, d *catalog.Data) (*engine.Engine, *engine.Vocabulary) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "catalog.duckdb")
	catalog.SetSecret(d, disclose.SecretFrom("engine tests"))
	if err := catalog.Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	eng := engine.New(c, engine.Options{})
	v, err := eng.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return eng, v
}

func (c *tiny) ask(t *testing.T, q string, l engine.Lang) *engine.Result {
	t.Helper()
	plan, err := dsl.Compile(q, c.vocab)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	res, err := c.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Lang: l, Role: engine.RoleAnalyst})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// try answers a question that may fail, returning the engine's error.
func (c *tiny) try(q string) (*engine.Result, error) {
	plan, err := dsl.Compile(q, c.vocab)
	if err != nil {
		return nil, err
	}
	return c.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Role: engine.RoleAnalyst})
}

// cells returns the table as strings, ":c" for withheld cells.
func cells(res *engine.Result) [][]string {
	var out [][]string
	for _, r := range res.Rows {
		var line []string
		for _, v := range r {
			b, _ := json.Marshal(v)
			line = append(line, strings.Trim(string(b), `"`))
		}
		out = append(out, line)
	}
	return out
}

func TestTinyCityDistancesAreWhatTheTestAssumes(t *testing.T) {
	f1 := geo.Point{Lon: 9.19, Lat: 45.465}
	for _, c := range []struct {
		p    geo.Point
		want float64
	}{{geo.Point{Lon: 9.19, Lat: 45.46}, 556}, {geo.Point{Lon: 9.20, Lat: 45.46}, 958}, {geo.Point{Lon: 9.21, Lat: 45.47}, 1656}} {
		if d := geo.Haversine(f1, c.p); math.Abs(d-c.want) > 2 {
			t.Errorf("distance from f1 to %v = %.0f m, the test assumes %.0f m", c.p, d, c.want)
		}
	}
}

func TestUnderservedByHand(t *testing.T) {
	c := openTiny(t)
	// 800 m: s1 (556 m) is served; s2 (958 m) and s3 (1,656 m) are not; the
	// nursery on s3 does not serve older people.
	res := c.ask(t, "where underserved target=anziani-soli radius=800m", engine.Italian)
	want := [][]string{
		{"1", "nil-1", "Cà Granda", "65", "25", "0.38461538461538464"},
		{"2", "nil-2", "Borgo", "10", "10", "1"},
		{"3", "nil-3", "Prato", "0", "0", "null"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if res.Facts["target_count"] != int64(75) || res.Facts["unserved"] != int64(35) {
		t.Errorf("facts = %v, want 75 older people living alone, 35 unserved", res.Facts)
	}
	if s := res.Facts["unserved_share"].(float64); math.Abs(s-35.0/75) > 1e-12 {
		t.Errorf("unserved share = %v, want 35/75", s)
	}
	if !strings.Contains(res.Headline, "35 anziani soli su 75 (46,7%)") || !strings.Contains(res.Headline, "Cà Granda (25)") {
		t.Errorf("headline = %q", res.Headline)
	}
	if res.Synthetic || len(res.Sources) != 1 || res.Sources[0].ID != "tiny" {
		t.Errorf("synthetic %v, sources %v: want the tiny dataset, not synthetic", res.Synthetic, res.Sources)
	}
	// 1 km: s2 (958 m) is now served; only s3 is left out.
	res = c.ask(t, "dove sottoservito target=anziani-soli raggio=1km", engine.English)
	if res.Facts["unserved"] != int64(10) || cells(res)[0][1] != "nil-2" {
		t.Errorf("1 km: unserved %v, first row %v; want 10 in nil-2", res.Facts["unserved"], cells(res)[0])
	}
	if !strings.Contains(res.Headline, "10 of 75 older people living alone (13.3%)") {
		t.Errorf("English headline = %q", res.Headline)
	}
	// Restricted to one neighbourhood.
	res = c.ask(t, "where underserved target=anziani-soli radius=800m area=nil-1", engine.Italian)
	if len(res.Rows) != 1 || res.Facts["unserved"] != int64(25) || res.Facts["target_count"] != int64(65) {
		t.Errorf("area=nil-1: rows %v, facts %v", cells(res), res.Facts)
	}
	// Every section is more than 800 m from a nursery except s3.
	res = c.ask(t, "where underserved target=prima-infanzia radius=800m level=municipio", engine.Italian)
	if res.Facts["unserved"] != int64(18) || len(res.Rows) != 1 {
		t.Errorf("prima-infanzia by municipio: rows %v facts %v; want 9+7+2 = 18 unserved", cells(res), res.Facts)
	}
}

func TestDisclosureWithholdsSmallAndRecoverableCounts(t *testing.T) {
	c := openTiny(t)
	// stranieri by NIL in municipio m1: 3 (1..4 → primary), 10, 50. A lone
	// withheld cell could be recovered from the municipio total (63), so the
	// smallest other, 10, is withheld as well.
	for _, q := range []string{"howmuch demand target=stranieri area=nil-1", "howmuch demand target=stranieri area=nil-2"} {
		res := c.ask(t, q, engine.Italian)
		if res.Facts["count"] != engine.Confidential {
			t.Errorf("%s: count = %v, want withheld", q, res.Facts["count"])
		}
		if strings.Contains(res.Headline, "10") || strings.Contains(res.Headline, " 3 ") {
			t.Errorf("%s: headline leaks the count: %q", q, res.Headline)
		}
	}
	res := c.ask(t, "howmuch demand target=stranieri area=nil-3", engine.Italian)
	if res.Facts["count"] != int64(50) {
		t.Errorf("nil-3: count = %v, want 50 (safe to publish)", res.Facts["count"])
	}
	// The underserved table withholds the same cells: nil-1 and nil-2 are
	// withheld whole and ranked last, by code, so that their place says nothing.
	res = c.ask(t, "where underserved target=stranieri radius=800m top=0", engine.Italian)
	want := [][]string{
		{"1", "nil-3", "Prato", "50", "0", "0"},
		{"2", "nil-1", "Cà Granda", ":c", ":c", ":c"},
		{"3", "nil-2", "Borgo", ":c", ":c", ":c"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	// Totals: nil-1 (3) primary, nil-2 (10) secondary. Unserved: nil-1 and
	// nil-2 forced by their totals (counted as primary), nil-3 is 0.
	d := res.Disclosure
	if d.Threshold != 5 || d.Suppressed != 6 {
		t.Errorf("disclosure = %+v, want threshold 5, 3 primary, 1 secondary, 6 cells withheld", d)
	}
	// Restricted to nil-2, the answer withholds what the table withholds.
	restricted := c.ask(t, "where underserved target=stranieri radius=800m area=nil-2", engine.Italian)
	if restricted.Facts["target_count"] != engine.Confidential || restricted.Facts["unserved"] != engine.Confidential || strings.Contains(restricted.Headline, "10") {
		t.Errorf("area=nil-2: facts %v, headline %q: want nil-2 withheld as in the full table", restricted.Facts, restricted.Headline)
	}
	if !strings.Contains(d.Rule, "Conteggi esatti") || d.Method != "exact" { // the analyst's line; staff's in disclosure_attack_test.go
		t.Errorf("rule = %q", d.Rule)
	}
	// 2 + 1 + 10 = 13 unserved of 63: safe at city level.
	if res.Facts["unserved"] != int64(13) || res.Facts["target_count"] != int64(63) {
		t.Errorf("facts = %v", res.Facts)
	}
	// prima-infanzia by NIL: 16, 6, 2. The 2 is withheld, and the 6 with it.
	res = c.ask(t, "where underserved target=prima-infanzia radius=800m top=0", engine.Italian)
	want = [][]string{
		{"1", "nil-1", "Cà Granda", "16", "16", "1"},
		{"2", "nil-2", "Borgo", ":c", ":c", ":c"},
		{"3", "nil-3", "Prato", ":c", ":c", ":c"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("prima-infanzia rows = %v, want %v", got, want)
	}
	// A served remainder below the threshold is a count too: in 2023, 58 of
	// nil-1's 60 older people living alone are unserved, so publishing 58
	// would reveal the 2 who are served. nil-1's unserved figure is withheld,
	// and nil-2's with it, while the totals stay public.
	res = c.ask(t, "where underserved target=anziani-soli radius=800m year=2023", engine.Italian)
	want = [][]string{
		{"1", "nil-3", "Prato", "0", "0", "null"},
		{"2", "nil-1", "Cà Granda", "60", ":c", ":c"},
		{"3", "nil-2", "Borgo", "12", ":c", ":c"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("2023 rows = %v, want %v", got, want)
	}
}

func TestDemandByHand(t *testing.T) {
	c := openTiny(t)
	res := c.ask(t, "howmuch demand target=anziani-soli area=nil-1", engine.Italian)
	if res.Facts["count"] != int64(65) {
		t.Fatalf("count = %v, want 40+25 = 65", res.Facts["count"])
	}
	if s := res.Facts["city_share"].(float64); math.Abs(s-65.0/75) > 1e-12 {
		t.Errorf("city share = %v, want 65/75", s)
	}
	if ch := res.Facts["change"].(float64); math.Abs(ch-(65.0/60-1)) > 1e-12 {
		t.Errorf("change = %v, want 65/60 − 1", ch)
	}
	want := [][]string{{"2023", "60", fmt.Sprint(60.0 / 72)}, {"2024", "65", fmt.Sprint(65.0 / 75)}}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if res.Headline != "Cà Granda, 2024: 65 anziani soli, il 86,7% del totale cittadino (+8,3% rispetto al 2023)." {
		t.Errorf("headline = %q", res.Headline)
	}
	res = c.ask(t, "howmuch demand target=anziani-soli year=2023", engine.English)
	if res.Facts["count"] != int64(72) || res.Headline != "Tiny, 2023: 72 older people living alone." {
		t.Errorf("city 2023: count %v, headline %q", res.Facts["count"], res.Headline)
	}
}

func TestPlansTheEngineCannotRunSayNotAvailable(t *testing.T) {
	c := openTiny(t)
	_, err := c.eng.Exec(context.Background(), engine.Request{Plan: otherPlan{}})
	if !errors.Is(err, engine.ErrNotAvailable) {
		t.Errorf("err = %v, want ErrNotAvailable", err)
	}
}

type otherPlan struct{ engine.Plan }

func (otherPlan) Canonical() string { return "where locate target=x" }
