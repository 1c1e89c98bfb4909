package catalog

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/geo"
)

// milanoData is the real Milan open data shared by the project's tests.
const milanoData = "../../shared/data/milano"

// milanoRecipes returns the Milan import recipes, or skips the test when the
// shared data is missing (never under CI, which provides it).
func milanoRecipes(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(milanoData, "PROVENANCE.md")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real Milan data is missing at %s; CI must provide it", milanoData)
		}
		t.Skipf("the real Milan data is not at %s (it lives in the shared folder beside the project)", milanoData)
	}
	paths, err := filepath.Glob("../examples/milano/*.yaml")
	if err != nil || len(paths) < 8 {
		t.Fatalf("Milan recipes: %v, %v", paths, err)
	}
	return paths
}

// milanoImport is the Milan catalog imported once per test binary and
// shared by the tests, which must not modify it.
var milanoImport struct {
	once   sync.Once
	d      *Data
	report *ImportReport
	err    error
}

// importMilano returns the shared import of the Milan recipes, or skips
// like milanoRecipes.
func importMilano(t testing.TB) (*Data, *ImportReport) {
	t.Helper()
	recipes := milanoRecipes(t)
	milanoImport.once.Do(func() {
		milanoImport.d, milanoImport.report, milanoImport.err = Import(context.Background(), recipes, nil)
	})
	if milanoImport.err != nil {
		t.Fatal(milanoImport.err)
	}
	return milanoImport.d, milanoImport.report
}

func TestImportMilano(t *testing.T) {
	d, report := importMilano(t)
	levels := map[string]int{}
	byID := map[string]AreaRow{}
	for _, a := range d.Areas {
		levels[a.Level]++
		byID[a.ID] = a
	}
	// 6,085 polygons less the 6 special codes and section 4240, which the
	// section → NIL mapping lacks.
	if levels["city"] != 1 || levels["municipio"] != 9 || levels["nil"] != 88 || levels["section"] != 6078 {
		t.Errorf("levels = %v, want the city, 9 municipi, the 88 NIL of 2012 and 6,078 sections", levels)
	}
	for _, a := range d.Areas {
		if a.Level == "nil" && byID[a.ParentID].Level != "municipio" {
			t.Errorf("NIL %s (%s) has parent %q, want a municipio", a.ID, a.Name, a.ParentID)
		}
		if a.Level == "section" && byID[a.ParentID].Level != "nil" {
			t.Errorf("section %s has parent %q, want a NIL", a.ID, a.ParentID)
		}
	}
	// Census residents: the census's 1,242,123 less the 271 people of the 7
	// sections that join no NIL, counted here straight from the two files
	// and summed from the sections to their NIL.
	want := censusP1ByNIL(t)
	var total int64
	perNIL := map[string]int64{}
	for _, r := range d.Demand {
		if r.Target == "residenti" && r.Dataset == "istat-censimento-2011" {
			total += r.Count
			perNIL[byID[r.AreaID].ParentID] += r.Count
		}
	}
	if total != 1_242_123-271 {
		t.Errorf("residents = %d, want 1,242,123 − 271 unjoined = 1,241,852", total)
	}
	if perNIL["nil2012-1"] != 15367 || want["1"] != 15367 {
		t.Errorf("DUOMO residents: import %d, sections summed here %d, by hand 15,367", perNIL["nil2012-1"], want["1"])
	}
	for id, n := range want {
		if perNIL["nil2012-"+id] != n {
			t.Errorf("NIL %s: import %d residents, its sections' P1 sum to %d", id, perNIL["nil2012-"+id], n)
		}
	}
	// Facilities: every one inside the section it was given, and in no other.
	shapes := map[string]geo.MultiPolygon{}
	for _, a := range d.Areas {
		if a.Level == "section" {
			shapes[a.ID] = parseGeoJSON(t, a.GeoJSON)
		}
	}
	count := map[string]int{}
	var beds float64
	for _, f := range d.Facilities {
		count[f.Service]++
		if f.Service == "rsa" {
			beds += f.Capacity
		}
		p := geo.Point{Lon: f.Lon, Lat: f.Lat}
		if !windingContains(shapes[f.AreaID], p) {
			t.Errorf("facility %s is not inside its section %s", f.ID, f.AreaID)
		}
		for id, s := range shapes {
			if id != f.AreaID && windingContains(s, p) {
				t.Errorf("facility %s is inside %s too", f.ID, id)
			}
		}
	}
	if count["rsa"] != 59 || beds != 7784 || count["centro-diurno-integrato"] != 22 {
		t.Errorf("RSA %d with %.0f beds, CDI %d; want 59 with 7,784 beds and 22", count["rsa"], beds, count["centro-diurno-integrato"])
	}
	// Geocoding errors are reported, not silently dropped.
	outside := 0
	for _, p := range report.Problems {
		if strings.Contains(p, "lies outside every area") {
			outside++
		}
	}
	if made := count["farmacia"] + count["biblioteca"] + count["scuola-infanzia"] + count["scuola-primaria"] + count["scuola-secondaria-primo-grado"]; outside == 0 || made+outside < 427+214+300 {
		t.Errorf("%d facilities reported outside Milan, %d kept: some rows vanished", outside, made)
	}
	for _, r := range report.Recipes {
		if r.Read != r.Kept+r.Filtered+r.Skipped+r.Problems {
			t.Errorf("%s: read %d ≠ kept %d + filtered %d + skipped %d + problems %d", r.Path, r.Read, r.Kept, r.Filtered, r.Skipped, r.Problems)
		}
	}
	if len(d.Datasets) != 11 {
		t.Errorf("%d datasets, want one per recipe", len(d.Datasets))
	}
	// The demand model is Milan's own: the standards of standards.yaml, each
	// with its source and year, none of the demo city's parameters.
	if len(d.Benchmarks) != 2 {
		t.Errorf("%d standards, want the 2 of standards.yaml: %+v", len(d.Benchmarks), d.Benchmarks)
	}
	for _, b := range d.Benchmarks {
		if strings.Contains(b.Source, "demo") || b.Year != 2021 || b.Kind != "average" || b.Service != "rsa" && b.Service != "centro-diurno-integrato" {
			t.Errorf("standard %+v: want Milan's own (Lombard averages of 2021)", b)
		}
	}
	for _, s := range d.Datasets {
		if len(s.Checksum) != 64 || s.Synthetic {
			t.Errorf("dataset %s: checksum %q synthetic %v", s.ID, s.Checksum, s.Synthetic)
		}
	}
}

// censusP1ByNIL sums P1 of the 2011 census sections by their 2012 NIL,
// reading the two files directly.
func censusP1ByNIL(t *testing.T) map[string]int64 {
	t.Helper()
	read := func(name string, sep rune) [][]string {
		f, err := os.Open(filepath.Join(milanoData, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.Comma = sep
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	nilOf := map[string]string{}
	for _, r := range read("sezioni2011_to_nil2012.csv", ',')[1:] {
		nilOf[r[0]] = r[2]
	}
	census := read("istat_census2011_sezioni_milano.csv", ';')
	col := -1
	for i, h := range census[0] {
		if h == "P1" {
			col = i
		}
	}
	out := map[string]int64{}
	for _, r := range census[1:] {
		if id, ok := nilOf[r[0]]; ok {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatal(err)
			}
			out[id] += int64(v)
		}
	}
	return out
}

// windingContains is an independent point-in-polygon test (winding number),
// to check the catalog's own even-odd test.
func windingContains(mp geo.MultiPolygon, p geo.Point) bool {
	for _, pg := range mp {
		inside := true
		for k, r := range pg {
			w := 0
			for i := range r {
				a, b := r[i], r[(i+1)%len(r)]
				cross := (b.Lon-a.Lon)*(p.Lat-a.Lat) - (p.Lon-a.Lon)*(b.Lat-a.Lat)
				if a.Lat <= p.Lat && b.Lat > p.Lat && cross > 0 {
					w++
				} else if a.Lat > p.Lat && b.Lat <= p.Lat && cross < 0 {
					w--
				}
			}
			if (k == 0) != (w != 0) {
				inside = false
				break
			}
		}
		if inside {
			return true
		}
	}
	return false
}

// TestBrokenImportKeepsThePreviousCatalog builds the Milan catalog, then
// imports again with one source file corrupted midway: the import fails,
// naming the file and line, and the catalog in place is untouched.
func TestBrokenImportKeepsThePreviousCatalog(t *testing.T) {
	ctx := context.Background()
	recipes := milanoRecipes(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "milano.duckdb")
	shared, _ := importMilano(t)
	d := *shared // a shallow copy: Meta is cleared below
	if _, err := Replace(ctx, path, &d, 5, time.Now()); err != nil {
		t.Fatal(err)
	}
	// A copy of the RSA recipe reading a copy of its file with a broken quote
	// on line 300.
	src, err := os.ReadFile(filepath.Join(milanoData, "lombardia_rsa.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(src), "\n")
	lines[299] = `"325","9999","RSA ROTTA` + "\n"
	broken := filepath.Join(dir, "lombardia_rsa.csv")
	os.WriteFile(broken, []byte(strings.Join(lines, "")), 0o644)
	rsa, err := os.ReadFile("../examples/milano/rsa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	brokenRecipe := filepath.Join(dir, "rsa.yaml")
	os.WriteFile(brokenRecipe, []byte(strings.ReplaceAll(string(rsa), "../../../shared/data/milano/lombardia_rsa.csv", broken)), 0o644)
	var withBroken []string
	for _, r := range recipes {
		if filepath.Base(r) == "rsa.yaml" {
			r = brokenRecipe
		}
		withBroken = append(withBroken, r)
	}
	_, _, err = Import(ctx, withBroken, nil)
	if err == nil || !strings.Contains(err.Error(), "lombardia_rsa.csv:30") {
		t.Fatalf("broken import: err = %v, want one naming lombardia_rsa.csv and the line", err)
	}
	// The catalog in place is the first one, readable.
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	back, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.Meta, back.Meta = nil, nil // imported_at differs by nature
	if Checksum(back) != Checksum(&d) {
		t.Error("the catalog in place changed")
	}
	// An import cancelled midway leaves it intact too.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := Import(cancelled, recipes, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: err = %v, want context.Canceled", err)
	}
}

func TestReplaceKeepsSnapshotsAndExportWritesTables(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.duckdb")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 4 {
		if _, err := Replace(ctx, path, smallDemo(t, uint64(10+i)), 2, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	snaps, err := Snapshots(path)
	if err != nil || len(snaps) != 2 {
		t.Fatalf("snapshots = %v (%v), want the 2 newest", snaps, err)
	}
	// The newest snapshot is the catalog of seed 12, replaced by seed 13.
	c, err := Open(ctx, snaps[0])
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := c.Meta(ctx, "seed")
	c.Close()
	if seed != "12" {
		t.Errorf("newest snapshot has seed %s, want 12", seed)
	}
	c, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	files, err := c.Export(ctx, filepath.Join(dir, "export"), FormatCSV)
	if err != nil || len(files) != 7 {
		t.Fatalf("export: %v %v", files, err)
	}
	f, _ := os.Open(filepath.Join(dir, "export", "areas.csv"))
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0][:9], ",") != "id,level,name,slug,parent_id,code,lon,lat,area_m2" {
		t.Errorf("areas.csv header = %v", rows[0])
	}
	d, err := c.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != int(d.Tables[0].Rows) {
		t.Errorf("areas.csv has %d rows, the catalog %d", len(rows)-1, d.Tables[0].Rows)
	}
	if _, err := c.Export(ctx, filepath.Join(dir, "pq"), FormatParquet); err != nil {
		t.Errorf("parquet export: %v", err)
	}
}

// TestImportCleansNamesAndKeepsTheSource: names come cleaned into the
// catalog ("CITTA' STUDI" → "Città Studi", capitals in title case, doubled
// quotes single), the source's name is kept in name_source, and both
// survive a write and a load.
func TestImportCleansNamesAndKeepsTheSource(t *testing.T) {
	d, _ := importMilano(t)
	var area *AreaRow
	for i, a := range d.Areas {
		if a.NameSource == "CITTA' STUDI" {
			area = &d.Areas[i]
		}
		if a.NameSource != "" && a.NameSource == a.Name {
			t.Errorf("area %s: name_source %q kept though the name did not change", a.ID, a.NameSource)
		}
	}
	if area == nil || area.Name != "Città Studi" {
		t.Fatalf("CITTA' STUDI was not cleaned to Città Studi: %+v", area)
	}
	dirty := 0
	for _, f := range d.Facilities {
		if f.NameSource != "" {
			dirty++
		}
		if strings.Contains(f.Name, `""`) {
			t.Errorf("facility %s keeps doubled quotes: %q", f.ID, f.Name)
		}
	}
	if dirty == 0 {
		t.Error("no facility name was cleaned: the Milan sources write them in capitals")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "milano.duckdb")
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
	for _, a := range back.Areas {
		if a.ID == area.ID && (a.Name != "Città Studi" || a.NameSource != "CITTA' STUDI") {
			t.Errorf("after a write and a load: %q / %q", a.Name, a.NameSource)
		}
	}
	n := 0
	for _, f := range back.Facilities {
		if f.NameSource != "" {
			n++
		}
	}
	if n != dirty {
		t.Errorf("%d facilities keep their source's name after a load, %d before", n, dirty)
	}
}
