package recipe

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The real Milan open data live outside the repository (see
// shared/data/milano/PROVENANCE.md); the recipes under examples/milano
// point at them.
const (
	milanoData    = "../../../shared/data/milano"
	milanoRecipes = "../../examples/milano"
)

func needMilano(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(milanoData); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Milan open data not found at %s (CI=true): %v", milanoData, err)
		}
		t.Skipf("Milan open data not found at %s: these tests need the shared/ folder beside the repository", milanoData)
	}
}

func readMilano(t *testing.T, name string) (*Recipe, *Result) {
	t.Helper()
	r, err := Load(filepath.Join(milanoRecipes, name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := res.RowsKept + res.RowsFiltered + res.RowsSkipped + len(res.Problems); got != res.RowsRead {
		t.Errorf("%s: kept %d + filtered %d + skipped %d + problems %d = %d, want RowsRead %d",
			name, res.RowsKept, res.RowsFiltered, res.RowsSkipped, len(res.Problems), got, res.RowsRead)
	}
	data, err := os.ReadFile(r.Dataset.SourcePath)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); res.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: SHA256 %s, want %x", name, res.SHA256, sum)
	}
	return r, res
}

// TestMilanoRecipes checks each recipe's counts against PROVENANCE.md. The
// facilities outside Milan's bbox (lon 9.04–9.28, lat 45.38–45.54) are kept:
// the catalog reports them. With that bbox there are 5 pharmacies and 65
// libraries outside, where PROVENANCE.md says 4 and 62.
func TestMilanoRecipes(t *testing.T) {
	needMilano(t)
	tests := []struct {
		recipe                           string
		kind, service                    string
		rows                             int     // areas or facilities made
		read, filtered, skipped, problem int     // row counts
		capacity                         float64 // summed
		outside                          int     // facilities outside Milan's bbox
	}{
		{recipe: "municipi.yaml", kind: KindAreas, rows: 9, read: 9},
		{recipe: "nil2012.yaml", kind: KindAreas, rows: 88, read: 88},
		{recipe: "rsa.yaml", kind: KindFacilities, service: "rsa", rows: 59, read: 740, filtered: 681, capacity: 7784},
		{recipe: "cdi.yaml", kind: KindFacilities, service: "centro-diurno-integrato", rows: 22, read: 22, capacity: 602},
		{recipe: "farmacie.yaml", kind: KindFacilities, service: "farmacia", rows: 427, read: 427, outside: 5},
		{recipe: "scuole.yaml", kind: KindFacilities, rows: 300 + 216 + 118, read: 809, skipped: 175, outside: 2},
		{recipe: "biblioteche.yaml", kind: KindFacilities, service: "biblioteca", rows: 214, read: 214, outside: 65},
	}
	for _, tt := range tests {
		t.Run(tt.recipe, func(t *testing.T) {
			r, res := readMilano(t, tt.recipe)
			if r.Kind != tt.kind {
				t.Errorf("kind %q, want %q", r.Kind, tt.kind)
			}
			got := len(res.Areas) + len(res.Facilities)
			if got != tt.rows || res.RowsKept != tt.rows {
				t.Errorf("made %d rows (kept %d), want %d", got, res.RowsKept, tt.rows)
			}
			if res.RowsRead != tt.read || res.RowsFiltered != tt.filtered || res.RowsSkipped != tt.skipped || len(res.Problems) != tt.problem {
				t.Errorf("read/filtered/skipped/problems = %d/%d/%d/%d, want %d/%d/%d/%d; problems: %v",
					res.RowsRead, res.RowsFiltered, res.RowsSkipped, len(res.Problems), tt.read, tt.filtered, tt.skipped, tt.problem, res.Problems)
			}
			var capacity float64
			outside := 0
			ids := map[string]bool{}
			for _, f := range res.Facilities {
				capacity += f.Capacity
				if tt.service != "" && f.Service != tt.service {
					t.Errorf("line %d: service %q, want %q", f.Line, f.Service, tt.service)
				}
				if ids[f.ID] {
					t.Errorf("line %d: duplicate id %s", f.Line, f.ID)
				}
				ids[f.ID] = true
				if f.Name == "" || f.Address == "" {
					t.Errorf("line %d: facility without a name or address: %+v", f.Line, f)
				}
				// Milan's bbox, from PROVENANCE.md.
				if f.Lon < 9.04 || f.Lon > 9.28 || f.Lat < 45.38 || f.Lat > 45.54 {
					outside++
				}
				if f.HasCapacity != (tt.capacity > 0) {
					t.Errorf("line %d: HasCapacity %v", f.Line, f.HasCapacity)
				}
			}
			if outside != tt.outside {
				t.Errorf("%d facilities outside Milan's bbox, want %d", outside, tt.outside)
			}
			if capacity != tt.capacity {
				t.Errorf("capacity %v, want %v", capacity, tt.capacity)
			}
		})
	}
}

func TestMilanoSchoolServices(t *testing.T) {
	needMilano(t)
	_, res := readMilano(t, "scuole.yaml")
	got := map[string]int{}
	for _, f := range res.Facilities {
		got[f.Service]++
	}
	want := map[string]int{"scuola-infanzia": 300, "scuola-primaria": 216, "scuola-secondaria-primo-grado": 118}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("services %v, want %v", got, want)
	}
}

func TestMilanoAreas(t *testing.T) {
	needMilano(t)
	r, res := readMilano(t, "municipi.yaml")
	if r.Level != "municipio" || r.City == nil || *r.City != (CityArea{ID: "milano", Slug: "milano", Name: "Milano"}) || r.ParentContains {
		t.Errorf("municipi recipe: level %q city %+v contains %v", r.Level, r.City, r.ParentContains)
	}
	var total float64
	for i, a := range res.Areas {
		n := strconv.Itoa(i + 1)
		want := Area{Line: i + 1, ID: "municipio-" + n, Code: n, Slug: "municipio-" + n, Name: "Municipio " + n, Parent: "milano"}
		if a.Line != want.Line || a.ID != want.ID || a.Code != want.Code || a.Slug != want.Slug || a.Name != want.Name || a.Parent != want.Parent {
			t.Errorf("area %d = %+v, want %+v", i, a, want)
		}
		total += a.Shape.AreaM2()
	}
	// Milan covers 181.67 km².
	if km2 := total / 1e6; math.Abs(km2-181.67) > 1.5 {
		t.Errorf("municipi cover %.2f km², want about 181.67", km2)
	}

	r, res = readMilano(t, "nil2012.yaml")
	if r.Level != "nil" || !r.ParentContains || r.City != nil {
		t.Errorf("nil2012 recipe: level %q contains %v city %+v", r.Level, r.ParentContains, r.City)
	}
	byID := map[string]Area{}
	for _, a := range res.Areas {
		byID[a.ID] = a
	}
	if a := byID["nil2012-74"]; a.Name != "SACCO" || a.Slug != "nil-74" || a.Parent != "" || len(a.Shape) != 1 {
		t.Errorf("nil2012-74 = %+v", a)
	}
	if len(byID) != 88 {
		t.Errorf("%d distinct NIL ids, want 88", len(byID))
	}
}

var (
	censusOnce sync.Once
	censusRecs [][]string
)

// censusColumn sums column col of the census file by NIL (via the section
// mapping), with encoding/csv only: independent of the recipe code. Sections
// without a NIL go under "".
func censusColumn(t *testing.T, col string) map[string]float64 {
	t.Helper()
	nilOf := map[string]string{}
	for _, rec := range readAll(t, "sezioni2011_to_nil2012.csv", ',')[1:] {
		nilOf[rec[0]] = rec[2]
	}
	censusOnce.Do(func() { censusRecs = readAll(t, "istat_census2011_sezioni_milano.csv", ';') })
	recs := censusRecs
	idx := -1
	for i, h := range recs[0] {
		if h == col {
			idx = i
		}
	}
	sums := map[string]float64{}
	for _, rec := range recs[1:] {
		v, err := strconv.ParseFloat(rec[idx], 64)
		if err != nil {
			t.Fatal(err)
		}
		sums[nilOf[rec[0]]] += v
	}
	return sums
}

func readAll(t *testing.T, name string, comma rune) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(milanoData, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = comma
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestMilanoCensus(t *testing.T) {
	needMilano(t)
	r, res := readMilano(t, "censimento2011.yaml")
	targets := []string{"residenti", "anziani", "anziani-75", "minori", "prima-infanzia", "stranieri", "famiglie", "famiglie-unipersonali", "famiglie-numerose"}
	if res.RowsRead != 6017 || res.RowsKept != 6010 || len(res.Demand) != 6010*len(targets) {
		t.Errorf("read %d kept %d demand rows %d, want 6017, 6010, %d", res.RowsRead, res.RowsKept, len(res.Demand), 6010*len(targets))
	}
	// The 7 sections missing from the mapping: 6 fictitious ones for the
	// homeless and one real section.
	var unjoined []string
	for _, p := range res.Problems {
		if p.Column != "SEZ2011" || !strings.HasSuffix(p.Msg, " in sezioni2011_to_nil2012.csv") {
			t.Errorf("unexpected problem %s", p)
		}
		unjoined = append(unjoined, strings.Split(p.Msg, `"`)[1])
	}
	want := "[151460004240 151468888883 151468888884 151468888885 151468888886 151468888887 151468888888]"
	if fmt.Sprint(unjoined) != want {
		t.Errorf("unjoined sections %v, want %v", unjoined, want)
	}
	if len(res.Problems) != 7 {
		t.Errorf("%d problems, want 7", len(res.Problems))
	}

	sums := map[string]float64{}
	byNIL := map[string]float64{}
	for _, d := range res.Demand {
		if d.Year != 2011 || !strings.HasPrefix(d.Area, "nil2012-") {
			t.Fatalf("demand %+v", d)
		}
		sums[d.Target] += d.Value
		if d.Target == "residenti" {
			byNIL[strings.TrimPrefix(d.Area, "nil2012-")] += d.Value
		}
	}
	// Milan's census population is 1,242,123 and 618,524 households; the
	// unjoined sections hold 271 residents and 255 households.
	for _, tt := range []struct {
		target, col string
		total, lost float64
	}{
		{"residenti", "P1", 1242123, 271},
		{"famiglie", "PF1", 618524, 255},
	} {
		if got := sums[tt.target]; got != tt.total-tt.lost {
			t.Errorf("%s sum %v, want %v - %v", tt.target, got, tt.total, tt.lost)
		}
		if lost := censusColumn(t, tt.col)[""]; lost != tt.lost {
			t.Errorf("%s of unjoined sections %v, want %v", tt.col, lost, tt.lost)
		}
	}
	// Every target against its columns summed independently, sections
	// without a NIL left out.
	joined := func(col string) float64 {
		var sum float64
		for nil2012, v := range censusColumn(t, col) {
			if nil2012 != "" {
				sum += v
			}
		}
		return sum
	}
	for _, tt := range []struct {
		target string
		cols   []string
		weight float64 // of the last column
	}{
		{"residenti", []string{"P1"}, 1},
		{"anziani", []string{"P27", "P28", "P29"}, 1},
		{"anziani-75", []string{"P29"}, 1},
		{"minori", []string{"P14", "P15", "P16", "P17"}, 0.6},
		{"prima-infanzia", []string{"P14"}, 0.6},
		{"stranieri", []string{"ST1"}, 1},
		{"famiglie", []string{"PF1"}, 1},
		{"famiglie-unipersonali", []string{"PF3"}, 1},
		{"famiglie-numerose", []string{"PF7", "PF8"}, 1},
	} {
		var want float64
		for i, c := range tt.cols {
			w := 1.0
			if i == len(tt.cols)-1 {
				w = tt.weight
			}
			want += w * joined(c)
		}
		if math.Abs(sums[tt.target]-want) > 1e-6 {
			t.Errorf("%s sum %v, want %v", tt.target, sums[tt.target], want)
		}
	}
	// One NIL by hand: DUOMO (1) and SACCO (74).
	hand := censusColumn(t, "P1")
	for _, id := range []string{"1", "74"} {
		if byNIL[id] != hand[id] || hand[id] == 0 {
			t.Errorf("NIL %s residenti %v, want %v (summed from the CSV files)", id, byNIL[id], hand[id])
		}
	}
	for _, slug := range []string{"minori", "prima-infanzia"} {
		if r.Notes[slug] == "" {
			t.Errorf("no note for the approximated target %s", slug)
		}
	}
}

// TestMilanoCommaDecimals checks an RSA's lon/lat, written with a decimal
// comma, against the same file's WKT Location, written with a point.
func TestMilanoCommaDecimals(t *testing.T) {
	needMilano(t)
	_, res := readMilano(t, "rsa.yaml")
	recs := readAll(t, "lombardia_rsa.csv", ',')
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var loc string
	for _, rec := range recs[1:] {
		if rec[col["COD_STRUTTURA"]] == "000314" {
			loc = rec[col["Location"]]
		}
	}
	var lon, lat float64
	if _, err := fmt.Sscanf(loc, "POINT (%g %g)", &lon, &lat); err != nil {
		t.Fatalf("Location %q: %v", loc, err)
	}
	for _, f := range res.Facilities {
		if f.ID == "rsa-000314" {
			if f.Lon != lon || f.Lat != lat || f.Name != "RSA SAN GIORGIO" || f.Capacity != 138 {
				t.Errorf("rsa-000314 = %+v, want lon %v lat %v (from %q)", f, lon, lat, loc)
			}
			return
		}
	}
	t.Error("rsa-000314 not found")
}
