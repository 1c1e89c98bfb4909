package recipe

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// readRecipe loads recipe (as r.yaml) beside the files and reads it.
func readRecipe(t *testing.T, recipe string, files map[string]string) (*Result, error) {
	t.Helper()
	files["r.yaml"] = recipe
	dir := writeFiles(t, files)
	r, err := Load(filepath.Join(dir, "r.yaml"))
	if err != nil {
		return nil, err
	}
	return r.Read(context.Background())
}

func problems(res *Result) string {
	var b strings.Builder
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "%s\n", strings.TrimPrefix(p.String(), filepath.Dir(p.File)+string(filepath.Separator)))
	}
	return b.String()
}

func TestReadCSVFacilities(t *testing.T) {
	tests := []struct {
		name     string
		csv      string
		recipe   func(string) string // edits facilitiesRecipe
		facs     string              // facilities, one per line: id|name|lon|lat|capacity|has
		problems string
	}{
		{
			name: "BOM, CRLF, quotes and a newline in a field",
			csv: "\ufeffID,NOME,LON,LAT,POSTI,TIPO,P1,P2\r\n" +
				"1,\"Casa \"\"Aurora\"\"\",9.19,45.46,10,RSA,5,3\r\n" +
				"2,\"Casa\r\nsu due righe, con virgola\",9.2,45.47,,RSA,1,1\r\n" +
				"3,Terza,9.21,45.48,7.5,RSA,1,1\r\n",
			facs: "rsa-1|Casa \"Aurora\"|9.19|45.46|10|true\n" +
				"rsa-2|Casa\nsu due righe, con virgola|9.2|45.47|0|false\n" +
				"rsa-3|Terza|9.21|45.48|7.5|true\n",
		},
		{
			name:     "wrong field count is a problem",
			csv:      testCSV + "2,Due,9.2,45.4,1\n3,Tre,9.3,45.5,2,RSA,0,0\n",
			facs:     "rsa-1|Casa \"Aurora\"|9.19|45.46|10|true\nrsa-3|Tre|9.3|45.5|2|true\n",
			problems: "src.csv:3: expected 8 fields as in the header, got 5\n",
		},
		{
			name: "unparseable and empty coordinates are problems",
			csv:  testCSV + "2,Due,9.2x,45.4,1,RSA,0,0\n3,Tre,\"9,3\",45.5,2,RSA,0,0\n4,Quattro,9.3,,2,RSA,0,0\n5,Cinque,9.3,95,2,RSA,0,0\n",
			facs: "rsa-1|Casa \"Aurora\"|9.19|45.46|10|true\n",
			problems: "src.csv:3: column LON: expected a number, got \"9.2x\"\n" +
				"src.csv:4: column LON: expected a number with a decimal point, got \"9,3\"\n" +
				"src.csv:5: column LAT: empty coordinate\n" +
				"src.csv:6: column LAT: coordinate 95 is out of range ±90\n",
		},
		{
			name: "decimal comma",
			csv:  "ID;NOME;LON;LAT;POSTI;TIPO\n1;Uno;9,1836067;45,484017;12;RSA\n2;Due;9.1;45,4;1;RSA\n",
			recipe: func(s string) string {
				return strings.Replace(s, "format: csv", "format: csv\n  delimiter: \";\"\n  decimal: \",\"", 1)
			},
			facs:     "rsa-1|Uno|9.1836067|45.484017|12|true\n",
			problems: "src.csv:3: column LON: expected a number with a decimal comma, got \"9.1\"\n",
		},
		{
			name: "filter and service map",
			csv:  testCSV + "2,Due,9.2,45.4,1,CDI,0,0\n3,Tre,9.3,45.5,2,XX,0,0\n4,Quattro,9.3,45.5,2,NIDO,0,0\n",
			recipe: func(s string) string {
				s = strings.Replace(s, "  service: rsa\n", "  service:\n    column: TIPO\n    map: {RSA: rsa, CDI: centro-diurno-integrato}\n", 1)
				s = strings.Replace(s, `"rsa-{ID}"`, `"{TIPO}-{ID}"`, 1)
				return strings.Replace(s, "facilities:", "filter:\n  - column: TIPO\n    not_equals: NIDO\nfacilities:", 1)
			},
			facs:     "RSA-1|Casa \"Aurora\"|9.19|45.46|10|true\nCDI-2|Due|9.2|45.4|1|true\n",
			problems: "src.csv:4: column TIPO: value \"XX\" is not in the recipe's service map\n",
		},
		{
			name:     "empty id is a problem, empty operator is not",
			csv:      testCSV + ",Senza id,9.2,45.4,1,RSA,0,0\n",
			recipe:   func(s string) string { return s + "  operator: \"Gestore {P2}\"\n" },
			facs:     "rsa-1|Casa \"Aurora\"|9.19|45.46|10|true\n",
			problems: "src.csv:3: column ID: empty value, needed by \"rsa-{ID}\"\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recipe := facilitiesRecipe
			if tt.recipe != nil {
				recipe = tt.recipe(recipe)
			}
			res, err := readRecipe(t, recipe, map[string]string{"src.csv": tt.csv})
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, f := range res.Facilities {
				fmt.Fprintf(&got, "%s|%s|%v|%v|%v|%v\n", f.ID, f.Name, f.Lon, f.Lat, f.Capacity, f.HasCapacity)
			}
			if got.String() != tt.facs {
				t.Errorf("facilities\n got: %s\nwant: %s", got.String(), tt.facs)
			}
			if p := problems(res); p != tt.problems {
				t.Errorf("problems\n got: %s\nwant: %s", p, tt.problems)
			}
			if n := res.RowsKept + res.RowsFiltered + res.RowsSkipped + len(res.Problems); n != res.RowsRead {
				t.Errorf("rows read %d, accounted for %d", res.RowsRead, n)
			}
		})
	}
}

func TestReadFatal(t *testing.T) {
	geo := func(crs string) string {
		return `{"type": "FeatureCollection",` + "\n" + crs + `"features": [` + "\n" +
			`{"type": "Feature", "properties": {"ID": 1, "NOME": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[9,45],[9.1,45],[9.1,45.1],[9,45]]]}}` + "\n]}\n"
	}
	areas := strings.Replace(strings.Replace(facilitiesRecipe, "src.csv\n  format: csv", "g.geojson\n  format: geojson", 1),
		facilitiesRecipe[strings.Index(facilitiesRecipe, "facilities:"):], "areas:\n  level: nil\n  id: \"a-{ID}\"\n  name: \"{NOME}\"\n", 1)
	tests := []struct {
		name, recipe string
		files        map[string]string
		want         string // after the temporary directory
	}{
		{"broken quote", facilitiesRecipe, map[string]string{"src.csv": testCSV + "2,\"Casa \"Rotta\",9.2,45.4,1,RSA,0,0\n3,Tre,9.3,45.5,2,RSA,0,0\n"},
			`/src.csv:3:9: extraneous or missing " in quoted-field`},
		{"bare quote", facilitiesRecipe, map[string]string{"src.csv": testCSV + "2,Casa \"Rotta\",9.2,45.4,1,RSA,0,0\n"},
			`/src.csv:3:8: bare " in non-quoted-field`},
		{"UTM CRS", areas, map[string]string{"g.geojson": geo(`"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32632"}},` + "\n")},
			`/g.geojson:2: unsupported CRS "urn:ogc:def:crs:EPSG::32632": expected WGS84 lon/lat (CRS84 or EPSG:4326); reproject the file first`},
		{"malformed JSON", areas, map[string]string{"g.geojson": strings.Replace(geo(""), `"NOME": "A"`, `"NOME": "A",`, 1)},
			`/g.geojson:3:57: invalid character '}' looking for beginning of object key string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tt.files
			files["r.yaml"] = tt.recipe
			dir := writeFiles(t, files)
			var err error
			r, err := Load(filepath.Join(dir, "r.yaml"))
			if err == nil {
				_, err = r.Read(context.Background())
			}
			var e *Error
			if !errors.As(err, &e) || strings.TrimPrefix(err.Error(), dir) != tt.want {
				t.Errorf("error\n got: %v\nwant: %s%s", err, dir, tt.want)
			}
		})
	}
}

func TestReadGeoJSONAreas(t *testing.T) {
	const gj = `{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": [
{"type": "Feature", "properties": {"ID": 7, "NOME": "Sette", "M": 2.0}, "geometry": {"type": "Polygon", "coordinates": [[[9,45],[9.1,45],[9.1,45.1],[9,45]]]}},
{"type": "Feature", "properties": {"ID": 8, "NOME": "Otto", "M": 2}, "geometry": {"type": "Point", "coordinates": [9, 45]}},
{"type": "Feature", "properties": {"ID": 9.5, "NOME": "Nove", "M": 3}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[9,45],[9.1,45],[9.1,45.1],[9,45]]], [[[10,45],[10.1,45],[10.1,45.1]]]]}},
{"type": "Feature", "properties": {"ID": 10, "NOME": "Dieci", "M": 3}, "geometry": null}
]}`
	recipe := strings.Replace(strings.Replace(facilitiesRecipe, "src.csv\n  format: csv", "g.geojson\n  format: geojson", 1),
		facilitiesRecipe[strings.Index(facilitiesRecipe, "facilities:"):],
		"areas:\n  level: nil\n  id: \"nil-{ID}\"\n  name: \"{NOME}\"\n  parent: \"municipio-{M}\"\n", 1)
	res, err := readRecipe(t, recipe, map[string]string{"g.geojson": gj})
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, a := range res.Areas {
		fmt.Fprintf(&got, "%d %s %s %s %s polygons=%d points=%d\n", a.Line, a.ID, a.Slug, a.Name, a.Parent, len(a.Shape), len(a.Shape[len(a.Shape)-1][0]))
	}
	want := "1 nil-7 nil-7 Sette municipio-2 polygons=1 points=3\n3 nil-9.5 nil-9.5 Nove municipio-3 polygons=2 points=3\n"
	if got.String() != want {
		t.Errorf("areas\n got: %s\nwant: %s", got.String(), want)
	}
	wantP := "g.geojson:2: geometry type Point; expected Polygon or MultiPolygon\n" +
		"g.geojson:4: null geometry; expected Polygon or MultiPolygon\n"
	if p := problems(res); p != wantP {
		t.Errorf("problems\n got: %s\nwant: %s", p, wantP)
	}
}

func TestReadJoinAndDemand(t *testing.T) {
	src := "SEZ;P1;P2;ANNO\n1;10;4;2011\n2;5;;2011\n3;7;1;2011\n4;1;x;2011\n5;2;2;20x1\n"
	lk := "SEZ2011,NIL_ID\n1,A\n2,A\n4,B\n5,C\n"
	recipe := strings.Replace(demandRecipe, "format: csv", "format: csv\n  delimiter: \";\"\njoin:\n  path: lk.csv\n  key: SEZ2011\n  on: SEZ", 1)
	recipe = strings.Replace(recipe, `"a-{ID}"`, `"nil-{NIL_ID}"`, 1)
	recipe = strings.Replace(recipe, "year: 2011", "year: ANNO", 1)
	recipe = strings.Replace(recipe, "residenti: P1 + P2", "residenti: P1\n    altri: (P1 - P2) / 2", 1)
	res, err := readRecipe(t, recipe, map[string]string{"src.csv": src, "lk.csv": lk})
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, d := range res.Demand {
		fmt.Fprintf(&got, "%d %s %s %d %v\n", d.Line, d.Area, d.Target, d.Year, d.Value)
	}
	want := "2 nil-A residenti 2011 10\n2 nil-A altri 2011 3\n3 nil-A residenti 2011 5\n3 nil-A altri 2011 2.5\n"
	if got.String() != want {
		t.Errorf("demand\n got: %s\nwant: %s", got.String(), want)
	}
	wantP := "src.csv:4: column SEZ: no row with SEZ2011 \"3\" in lk.csv\n" +
		"src.csv:5: column P2: target altri: expected a number, got \"x\"\n" +
		"src.csv:6: column ANNO: expected a year like 2011, got \"20x1\"\n"
	if p := problems(res); p != wantP {
		t.Errorf("problems\n got: %s\nwant: %s", p, wantP)
	}
}

func TestReadCancelled(t *testing.T) {
	dir := writeFiles(t, map[string]string{"r.yaml": facilitiesRecipe, "src.csv": testCSV})
	r, err := Load(filepath.Join(dir, "r.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Read(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Read with a cancelled context: %v", err)
	}
}

// TestReadJoinGeoJSONByName joins rows to a GeoJSON's feature properties by
// a name compared upper-cased, with aliases for names that differ.
func TestReadJoinGeoJSONByName(t *testing.T) {
	src := "Anno,Nil,N\n2011,Città Studi,10\n2011,Duomo,4\n2011,Vle Monza,3\n2011,Nowhere,1\n"
	lk := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ID":22,"NAME":"CITTA' STUDI"},"geometry":null},
{"type":"Feature","properties":{"ID":1,"NAME":"DUOMO"},"geometry":null},
{"type":"Feature","properties":{"ID":16,"NAME":"VIALE MONZA"},"geometry":null}]}`
	join := "format: csv\njoin:\n  path: lk.geojson\n  key: NAME\n  on: Nil\n  match: upper\n  aliases:\n    \"Città Studi\": \"CITTA' STUDI\"\n    \"Vle Monza\": \"VIALE MONZA\""
	recipe := strings.Replace(demandRecipe, "format: csv", join, 1)
	recipe = strings.Replace(recipe, `"a-{ID}"`, `"nil-{ID}"`, 1)
	recipe = strings.Replace(recipe, "year: 2011", "year: Anno", 1)
	recipe = strings.Replace(recipe, "residenti: P1 + P2", "residenti: N", 1)
	res, err := readRecipe(t, recipe, map[string]string{"src.csv": src, "lk.geojson": lk})
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, d := range res.Demand {
		fmt.Fprintf(&got, "%s %v; ", d.Area, d.Value)
	}
	if want := "nil-22 10; nil-1 4; nil-16 3; "; got.String() != want {
		t.Errorf("demand %q, want %q", got.String(), want)
	}
	if p := problems(res); p != "src.csv:5: column Nil: no row with NAME \"Nowhere\" in lk.geojson\n" {
		t.Errorf("problems %q", p)
	}

	// An alias to a name the lookup lacks stops the read at the alias.
	bad := strings.Replace(recipe, `"VIALE MONZA"`, `"VIALE MONZZA"`, 1)
	_, err = readRecipe(t, bad, map[string]string{"src.csv": src, "lk.geojson": lk})
	if err == nil || !strings.Contains(err.Error(), "r.yaml:17:18: aliases: \"Vle Monza\" stands for NAME \"VIALE MONZZA\", which is not in lk.geojson") {
		t.Errorf("bad alias: %v", err)
	}
	// An unknown match mode stops the load at its value.
	bad = strings.Replace(recipe, "match: upper", "match: fold", 1)
	_, err = readRecipe(t, bad, map[string]string{"src.csv": src, "lk.geojson": lk})
	if err == nil || !strings.Contains(err.Error(), "r.yaml:14:10: match: expected exact or upper") {
		t.Errorf("bad match: %v", err)
	}
	// A lookup column the GeoJSON's properties lack is named with a suggestion.
	bad = strings.Replace(recipe, "key: NAME", "key: NAM", 1)
	_, err = readRecipe(t, bad, map[string]string{"src.csv": src, "lk.geojson": lk})
	if err == nil || !strings.Contains(err.Error(), `unknown column "NAM" in lookup lk.geojson; did you mean "NAME"?`) {
		t.Errorf("bad key: %v", err)
	}
}
