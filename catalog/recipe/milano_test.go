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
	"slices"
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
	targets := []string{"residenti", "anziani", "anziani-75", "minori", "prima-infanzia", "stranieri", "famiglie", "famiglie-unipersonali",
		"famiglie-numerose", "popolazione-attiva", "giovani", "adolescenti", "infanzia", "bambini", "ragazzi"}
	// Every census row makes its section's rows: the sections that join no
	// area are the catalog's to report.
	if res.RowsRead != 6017 || res.RowsKept != 6017 || len(res.Problems) != 0 || len(res.Demand) != 6017*len(targets) {
		t.Errorf("read %d kept %d problems %v demand rows %d, want 6017, 6017, none, %d", res.RowsRead, res.RowsKept, res.Problems, len(res.Demand), 6017*len(targets))
	}
	sums := map[string]float64{}
	bySection := map[string]float64{}
	for _, d := range res.Demand {
		if d.Year != 2011 || !strings.HasPrefix(d.Area, "sez2011-") {
			t.Fatalf("demand %+v", d)
		}
		sums[d.Target] += d.Value
		if d.Target == "residenti" {
			bySection[strings.TrimPrefix(d.Area, "sez2011-")] = d.Value
		}
	}
	// Milan's census population is 1,242,123 and 618,524 households.
	all := func(col string) float64 {
		var sum float64
		for _, v := range censusColumn(t, col) {
			sum += v
		}
		return sum
	}
	if sums["residenti"] != 1242123 || sums["famiglie"] != 618524 || all("P1") != 1242123 {
		t.Errorf("residenti %v famiglie %v, want 1,242,123 and 618,524", sums["residenti"], sums["famiglie"])
	}
	// Every target against its columns summed independently.
	for _, tt := range []struct {
		target string
		cols   []string
		w      []float64
	}{
		{"residenti", []string{"P1"}, []float64{1}},
		{"anziani", []string{"P27", "P28", "P29"}, []float64{1, 1, 1}},
		{"anziani-75", []string{"P29"}, []float64{1}},
		{"minori", []string{"P14", "P15", "P16", "P17"}, []float64{1, 1, 1, 0.6}},
		{"prima-infanzia", []string{"P14"}, []float64{0.6}},
		{"stranieri", []string{"ST1"}, []float64{1}},
		{"famiglie", []string{"PF1"}, []float64{1}},
		{"famiglie-unipersonali", []string{"PF3"}, []float64{1}},
		{"famiglie-numerose", []string{"PF7", "PF8"}, []float64{1, 1}},
		{"popolazione-attiva", []string{"P17", "P18", "P19", "P20", "P21", "P22", "P23", "P24", "P25", "P26"}, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"giovani", []string{"P17", "P18", "P19", "P20"}, []float64{0.4, 1, 1, 1}},
		{"adolescenti", []string{"P16", "P17"}, []float64{0.2, 0.6}},
		{"infanzia", []string{"P14", "P15"}, []float64{0.4, 0.2}},
		{"bambini", []string{"P15", "P16"}, []float64{0.8, 0.2}},
		{"ragazzi", []string{"P16"}, []float64{0.6}},
	} {
		var want float64
		for i, c := range tt.cols {
			want += tt.w[i] * all(c)
		}
		if math.Abs(sums[tt.target]-want) > 1e-6 {
			t.Errorf("%s sum %v, want %v", tt.target, sums[tt.target], want)
		}
		if tt.w[len(tt.w)-1] != 1 || tt.w[0] != 1 {
			if r.Notes[tt.target] == "" {
				t.Errorf("no note for the estimated target %s", tt.target)
			}
		}
	}
	// Each section's P1 is its own row.
	p1 := censusSection(t, "P1")
	if len(p1) != 6017 {
		t.Fatalf("%d census sections, want 6,017", len(p1))
	}
	for sez, v := range p1 {
		if bySection[sez] != v {
			t.Errorf("section %s residenti %v, want P1 %v", sez, bySection[sez], v)
		}
	}
	for _, slug := range []string{"residenti", "stranieri"} {
		if !strings.Contains(r.Notes[slug], "anagrafe") {
			t.Errorf("the census note of %s does not say how it differs from the registry: %q", slug, r.Notes[slug])
		}
	}
}

// censusSection reads column col of the census file by section, with
// encoding/csv only.
func censusSection(t *testing.T, col string) map[string]float64 {
	t.Helper()
	censusOnce.Do(func() { censusRecs = readAll(t, "istat_census2011_sezioni_milano.csv", ';') })
	idx := slices.Index(censusRecs[0], col)
	out := map[string]float64{}
	for _, rec := range censusRecs[1:] {
		v, err := strconv.ParseFloat(rec[idx], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[rec[0]] = v
	}
	return out
}

// TestMilanoSectionAreas reads the census sections as areas: the 6 special
// codes filtered out, section 4240 (missing from the NIL mapping) a
// problem, every other section under its NIL of the mapping.
func TestMilanoSectionAreas(t *testing.T) {
	needMilano(t)
	r, res := readMilano(t, "sezioni2011.yaml")
	if r.Level != "section" || r.ParentContains || r.City != nil {
		t.Errorf("level %q contains %v city %v", r.Level, r.ParentContains, r.City)
	}
	if res.RowsRead != 6085 || res.RowsFiltered != 6 || len(res.Problems) != 1 || len(res.Areas) != 6078 {
		t.Errorf("read %d filtered %d problems %v areas %d, want 6085, 6, 1, 6078", res.RowsRead, res.RowsFiltered, res.Problems, len(res.Areas))
	}
	if len(res.Problems) == 1 && (res.Problems[0].Line != 4226 || !strings.Contains(res.Problems[0].Msg, `"151460004240"`)) {
		t.Errorf("problem %s, want feature 4226, section 151460004240", res.Problems[0])
	}
	nilOf := map[string]string{}
	for _, rec := range readAll(t, "sezioni2011_to_nil2012.csv", ',')[1:] {
		nilOf[rec[0]] = rec[2]
	}
	var km2 float64
	for _, a := range res.Areas {
		sez := strings.TrimPrefix(a.ID, "sez2011-")
		n, _ := strconv.Atoi(sez[5:])
		if a.Code != sez || a.Parent != "nil2012-"+nilOf[sez] || a.Slug != fmt.Sprintf("sez-%d", n) || a.Name != fmt.Sprintf("Sezione %d", n) {
			t.Errorf("area %+v", a)
		}
		if strings.HasPrefix(sez, "15146888888") {
			t.Errorf("special code %s made an area", sez)
		}
		km2 += a.Shape.AreaM2() / 1e6
	}
	// PROVENANCE.md: 181.828 km² without the special sections, on the
	// ellipsoid; section 4240 (0.402 km²) is left out here. Areas on the
	// sphere come out about 0.2% smaller: allow 1%.
	if want := 181.828 - 0.402; math.Abs(km2/want-1) > 0.01 {
		t.Errorf("sections cover %.3f km², want %.3f within 1%%", km2, want)
	}
}

// TestMilanoRegistry reads the registry series: every row joins its NIL by
// name (upper-cased, 5 by alias), residents are the sum of the 28 columns,
// foreigners all but ita.
func TestMilanoRegistry(t *testing.T) {
	needMilano(t)
	r, res := readMilano(t, "anagrafe1999_2018.yaml")
	if res.RowsRead != 1760 || res.RowsKept != 1760 || len(res.Problems) != 0 || len(res.Demand) != 2*1760 {
		t.Fatalf("read %d kept %d problems %v demand %d, want 1760, 1760, none, 3520", res.RowsRead, res.RowsKept, res.Problems, len(res.Demand))
	}
	recs := readAll(t, "nil2012_popolazione_cittadinanza_1999_2018.csv", ',')
	type key struct {
		year   int
		area   string
		target string
	}
	want := map[key]float64{}
	pos := map[string]int{}
	for _, rec := range recs[1:] {
		y, _ := strconv.Atoi(rec[0])
		pos[rec[0]]++ // PROVENANCE.md: the k-th row of a year is NIL k
		area := fmt.Sprintf("nil2012-%d", pos[rec[0]])
		for i, h := range recs[0][2:] {
			v, _ := strconv.ParseFloat(rec[i+2], 64)
			want[key{y, area, "residenti"}] += v
			if !strings.HasPrefix(h, "ita ") {
				want[key{y, area, "stranieri"}] += v
			}
		}
	}
	for _, d := range res.Demand {
		if w, ok := want[key{d.Year, d.Area, d.Target}]; d.Value != w || !ok {
			t.Errorf("%s %s %d = %v, want %v", d.Area, d.Target, d.Year, d.Value, w)
		}
	}
	for _, slug := range []string{"residenti", "stranieri"} {
		if !strings.Contains(r.Notes[slug], "censimento") {
			t.Errorf("the registry note of %s does not say how it differs from the census: %q", slug, r.Notes[slug])
		}
	}
	if !strings.Contains(r.Notes["residenti"], "1.341.830") || !strings.Contains(r.Notes["residenti"], "1.242.123") {
		t.Errorf("the note does not state the 2011 difference: %q", r.Notes["residenti"])
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
