package recipe

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

const standardsRecipe = `dataset:
  id: standard-test
  title: Standards
  publisher: Test
  licence: CC-BY-4.0
  reference_date: 2022-05-03
standards:
  - id: rsa-test
    service: rsa
    target: anziani
    value: 2.87
    per: 100
    kind: average
    year: 2021
    name_it: posti letto ogni 100 anziani
    name_en: beds per 100 older people
    source: Osservatorio di prova
`

// TestStandards reads a standards recipe and its errors: each names the
// line and column of the value at fault and what was expected.
func TestStandards(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ok.yaml": standardsRecipe})
	r, err := Load(filepath.Join(dir, "ok.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != KindStandards || len(res.Standards) != 1 || len(res.SHA256) != 64 {
		t.Fatalf("kind %s, %d standards, sha %q", r.Kind, len(res.Standards), res.SHA256)
	}
	if s := res.Standards[0]; s.Value != 2.87 || s.Per != 100 || s.Year != 2021 || s.Kind != "average" || s.Target != "anziani" || s.Line != 8 {
		t.Errorf("standard = %+v", s)
	}
	for _, c := range []struct{ from, to, want string }{
		{"kind: average", "kind: avrage", `ok.yaml:13:11: kind: unknown kind "avrage"; expected one of lep, regional, average, local; did you mean "average"?`},
		{"value: 2.87", "value: 2,87", `ok.yaml:11:12: value: expected a positive number written with a decimal point (e.g. 2.87), got "2,87"`},
		{"per: 100", "per: 0", `ok.yaml:12:10: per: expected a positive number`},
		{"year: 2021", "year: 21", `ok.yaml:14:11: year: expected the year of the source, like 2021, got "21"`},
		{"    source: Osservatorio di prova\n", "", `missing required key "source" in a standard`},
		{"standards:", "source:\n  path: x.csv\n  format: csv\nstandards:", `source: a standards recipe writes its rows itself and takes no source`},
	} {
		text := strings.Replace(standardsRecipe, c.from, c.to, 1)
		dir := writeFiles(t, map[string]string{"ok.yaml": text})
		_, err := Load(filepath.Join(dir, "ok.yaml"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q → %q: err = %v, want %q", c.from, c.to, err, c.want)
		}
	}
}
