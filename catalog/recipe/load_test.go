package recipe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes files into a new temporary directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const testCSV = "ID,NOME,LON,LAT,POSTI,TIPO,P1,P2\n" +
	"1,\"Casa \"\"Aurora\"\"\",9.19,45.46,10,RSA,5,3\n"

// facilitiesRecipe's lines are numbered: the tests below expect positions.
const facilitiesRecipe = `dataset:
  id: test-data
  title: Test
  publisher: Test
  licence: CC-BY-4.0
  reference_date: 2011-10-09
source:
  path: src.csv
  format: csv
facilities:
  service: rsa
  id: "rsa-{ID}"
  name: "{NOME}"
  lon: LON
  lat: LAT
  capacity: POSTI
`

const demandRecipe = `dataset:
  id: test-data
  title: Test
  publisher: Test
  licence: CC-BY-4.0
  reference_date: 2011-10-09
source:
  path: src.csv
  format: csv
demand:
  area: "a-{ID}"
  year: 2011
  targets:
    residenti: P1 + P2
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, base, old, new string
		want                 string // after "<dir>/r.yaml"
	}{
		{"unknown key", facilitiesRecipe, "  publisher:", "  publsher:",
			`:4:3: unknown key "publsher" in dataset; did you mean "publisher"?`},
		{"unknown top key", facilitiesRecipe, "facilities:", "facilties:",
			`:10:1: unknown key "facilties" in the recipe; did you mean "facilities"?`},
		{"unknown key without suggestion", facilitiesRecipe, "  lon: LON", "  colour: red",
			`:14:3: unknown key "colour" in facilities; expected one of service, id, name, operator, address, lon, lat, capacity`},
		{"missing required key", facilitiesRecipe, "  licence: CC-BY-4.0\n", "",
			`:1:1: missing required key "licence" in dataset`},
		{"missing dataset", facilitiesRecipe, "dataset:", "dataset_:",
			`:1:1: unknown key "dataset_" in the recipe; did you mean "dataset"?`},
		{"empty required value", facilitiesRecipe, "  title: Test", "  title:",
			`:3:3: title: expected a value, got nothing`},
		{"bad date", facilitiesRecipe, "2011-10-09", "9/10/2011",
			`:6:19: reference_date: expected a date like 2011-10-09, got "9/10/2011"`},
		{"bad slug", facilitiesRecipe, "id: test-data", "id: Test_Data",
			`:2:7: id: expected a slug of a-z, 0-9 and -, got "Test_Data"`},
		{"unknown column in expression", facilitiesRecipe, "capacity: POSTI", "capacity: POSTO",
			`:16:13: unknown column "POSTO" in source src.csv; did you mean "POSTI"?`},
		{"unknown column in template", facilitiesRecipe, `"{NOME}"`, `"Casa {NOM}"`,
			`:13:16: unknown column "NOM" in source src.csv; did you mean "NOME"?`},
		{"unknown column, case", facilitiesRecipe, "lat: LAT", "lat: lat",
			`:15:8: unknown column "lat" in source src.csv; did you mean "LAT"?`},
		{"unknown column, no suggestion", facilitiesRecipe, "lat: LAT", "lat: WGS84_Y",
			`:15:8: unknown column "WGS84_Y" in source src.csv`},
		{"unknown format", facilitiesRecipe, "format: csv", "format: xlsx",
			`:9:11: format: unknown format "xlsx"; expected csv or geojson`},
		{"missing source", facilitiesRecipe, "path: src.csv", "path: nope.csv",
			`:8:9: path: source file "nope.csv" not found (looked for %DIR%/nope.csv)`},
		{"two kinds", facilitiesRecipe, "  capacity: POSTI\n", "  capacity: POSTI\ndemand:\n  area: x\n",
			`:17:1: demand: a recipe makes one kind of row, and facilities is already given at line 10; split it into two recipes`},
		{"no kind", facilitiesRecipe, "facilities:\n  service: rsa\n  id: \"rsa-{ID}\"\n  name: \"{NOME}\"\n  lon: LON\n  lat: LAT\n  capacity: POSTI\n", "",
			`:1:1: missing one of areas, demand or facilities: what should this recipe make?`},
		{"bad expression", demandRecipe, "P1 + P2", "P1 +* P2",
			`:14:20: targets.residenti: bad expression "P1 +* P2": unexpected "*"; expected a number, a column or "("`},
		{"unclosed parenthesis", demandRecipe, "P1 + P2", `"(P1 + P2"`,
			`:14:25: targets.residenti: bad expression "(P1 + P2": unexpected end of expression; expected ")"`},
		{"bad template", demandRecipe, `"a-{ID}"`, `"a-{ID"`,
			`:11:12: area: bad template "a-{ID": unclosed "{" in template; write "{{" for a brace`},
		{"bad year", demandRecipe, "year: 2011", "year: 11",
			`:12:9: year: expected a year like 2011, got 11`},
		{"note for no target", demandRecipe, "    residenti: P1 + P2\n", "    residenti: P1 + P2\n  notes:\n    residente: x\n",
			`:16:5: notes: "residente" is not one of the targets; did you mean "residenti"?`},
		{"lon without lat", facilitiesRecipe, "  lat: LAT\n", "",
			`:10:1: facilities: give both lon and lat, or neither (for GeoJSON Point features)`},
		{"service map value", facilitiesRecipe, "  service: rsa", "  service:\n    column: TIPO\n    map: {RSA: R S A}",
			`:13:16: RSA: expected a slug of a-z, 0-9 and -, got "R S A"`},
		{"areas from csv", facilitiesRecipe, "facilities:\n  service: rsa\n", "areas:\n  level: nil\n",
			`:10:1: areas: the source must be geojson (areas need polygons), got csv`},
		{"yaml syntax", facilitiesRecipe, "  title: Test", "  title: a: b",
			`:3: YAML syntax: mapping values are not allowed in this context`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(tt.base, tt.old, tt.new, 1)
			if text == tt.base {
				t.Fatalf("%q not found in the recipe", tt.old)
			}
			dir := writeFiles(t, map[string]string{"r.yaml": text, "src.csv": testCSV})
			path := filepath.Join(dir, "r.yaml")
			_, err := Load(path)
			want := path + strings.ReplaceAll(tt.want, "%DIR%", dir)
			if err == nil || err.Error() != want {
				t.Errorf("Load error\n got: %v\nwant: %s", err, want)
			}
		})
	}
}

func TestLoadGood(t *testing.T) {
	dir := writeFiles(t, map[string]string{"r.yaml": facilitiesRecipe + "  operator: \"{{{NOME}}}\"\n", "src.csv": testCSV})
	r, err := Load(filepath.Join(dir, "r.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d := r.Dataset
	if r.Kind != KindFacilities || d.ID != "test-data" || d.Licence != "CC-BY-4.0" || d.ReferenceDate.Format("2006-01-02") != "2011-10-09" ||
		d.SourcePath != filepath.Join(dir, "src.csv") {
		t.Errorf("recipe %+v", r)
	}
}
