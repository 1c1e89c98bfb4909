package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// milanoRecipes returns the Milan recipes, or skips when the shared real
// data is missing (never under CI, which provides it).
func milanoRecipes(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat("../../../shared/data/milano/PROVENANCE.md"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the real Milan data is missing at ../shared/data/milano; CI must provide it")
		}
		t.Skip("the real Milan data is not at ../shared/data/milano (it lives in the shared folder beside the project)")
	}
	paths, _ := filepath.Glob("../../examples/milano/*.yaml")
	return paths
}

func TestImportMilanoThenAskIt(t *testing.T) {
	recipes := milanoRecipes(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "milano.duckdb")
	report := filepath.Join(dir, "report.json")
	r := run(nil, append([]string{"catalog", "import", "--out", path, "--report", report}, recipes...)...)
	if r.code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	for _, want := range []string{`Catalogo "Milano" scritto in`, "censimento2011.yaml", "istat-censimento-2011", "lies outside every area"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("import output lacks %q:\n%s", want, r.out)
		}
	}
	var rep struct {
		Recipes  []struct{ Dataset string }
		Problems []string
	}
	b, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(b, &rep) != nil || len(rep.Recipes) != 11 || len(rep.Problems) == 0 {
		t.Fatalf("report: %v; %d recipes, %d problems", err, len(rep.Recipes), len(rep.Problems))
	}
	env := map[string]string{"WI_CATALOG": path}
	// The foundation's questions work on the real catalog and cite it.
	a := run(env, "ask", "--json", "howmuch demand target=residenti area=nil-1")
	var ans answer
	if a.code != 0 || json.Unmarshal([]byte(a.out), &ans) != nil {
		t.Fatalf("ask: exit %d %s", a.code, a.errOut)
	}
	// 15,367 residents: published within D = 2 (a fresh secret each import),
	// exact for the analyst.
	exact := run(env, "ask", "--json", "--role", "analyst", "howmuch demand target=residenti area=nil-1")
	if !strings.Contains(exact.out, `"count": 15367`) {
		t.Errorf("analyst: %s", exact.out)
	}
	if c, _ := ans.Facts["count"].(float64); c < 15365 || c > 15369 || ans.Synthetic || ans.Sources[0].ID != "istat-censimento-2011" || ans.Sources[0].ReferenceDate[:10] != "2011-10-09" {
		t.Errorf("DUOMO residents: facts %v, synthetic %v, sources %+v", ans.Facts, ans.Synthetic, ans.Sources)
	}
	u := run(env, "ask", "--lang", "it", "where underserved target=anziani-75 service=rsa,centro-diurno-integrato radius=1km top=3")
	if u.code != 0 || strings.Contains(u.out, "DATI SINTETICI") || !strings.Contains(u.out, "Milano, 2011:") || !strings.Contains(u.out, "sezioni censuarie") || !strings.Contains(u.out, "anni fa") {
		t.Errorf("underserved on Milan: exit %d\n%s%s", u.code, u.out, u.errOut)
	}
	d := run(env, "catalog", "describe")
	for _, want := range []string{"Milano — ", "lombardia-rsa", "rsa                            59 strutture", "residenti              1999–2018  1.395.274"} {
		if !strings.Contains(d.out, want) {
			t.Errorf("describe lacks %q:\n%s", want, d.out)
		}
	}
	// Importing again keeps the first catalog as a snapshot.
	if r := run(nil, append([]string{"catalog", "import", "--out", path}, recipes...)...); r.code != 0 || !strings.Contains(r.out, "il catalogo precedente resta in") {
		t.Fatalf("second import: exit %d\n%s", r.code, r.out)
	}
	l := run(nil, "catalog", "list", path)
	if l.code != 0 || strings.Count(l.out, " corrente ") != 1 || strings.Count(l.out, " istantanea ") != 1 {
		t.Errorf("list:\n%s%s", l.out, l.errOut)
	}
	e := run(env, "catalog", "export", "--out", filepath.Join(dir, "export"))
	if e.code != 0 || strings.Count(e.out, ".csv") != 7 {
		t.Errorf("export: exit %d\n%s%s", e.code, e.out, e.errOut)
	}
}

func TestBadRecipeExitsWithItsPosition(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("dataset:\n  id: x\n  publsher: ISTAT\n"), 0o644)
	r := run(nil, "catalog", "import", "--out", filepath.Join(dir, "x.duckdb"), bad)
	if r.code == 0 || !strings.Contains(r.errOut, "bad.yaml:3:3:") || !strings.Contains(r.errOut, `"publisher"`) {
		t.Errorf("exit %d, stderr %q: want the file, line and column and a suggestion", r.code, r.errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.duckdb")); err == nil {
		t.Error("a failed import wrote a catalog")
	}
}
