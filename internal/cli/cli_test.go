package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/catalog"
)

// The demo city is built once, by the first question asked with an empty
// cache, exactly as a newcomer's first `wi ask` builds it.
var (
	cacheRoot   string
	firstAsk    result
	demoCatalog string
	pocketsOld  []string
)

type result struct {
	code        int
	out, errOut string
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wi-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cacheRoot = dir
	firstAsk = run(nil, "ask", "--lang", "it", "where underserved target=anziani-soli radius=800m")
	demoCatalog = filepath.Join(dir, fmt.Sprintf("demo-seed%d-schema%s.duckdb", catalog.DefaultDemoSeed, catalog.SchemaVersion))
	if c, err := catalog.Open(context.Background(), demoCatalog); err == nil {
		if v, err := c.Meta(context.Background(), "pockets.elderly"); err == nil {
			pocketsOld = strings.Split(v, ",")
		}
		c.Close()
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run executes the command line as a user would, with the test's cache and
// the given extra environment.
func run(env map[string]string, args ...string) result {
	var out, errOut bytes.Buffer
	io := IO{
		In: strings.NewReader(""), Out: &out, Err: &errOut,
		Getenv: func(k string) string {
			if v, ok := env[k]; ok {
				return v
			}
			if k == "WI_CACHE_DIR" {
				return cacheRoot
			}
			return ""
		},
	}
	code := Run(context.Background(), args, io)
	return result{code, out.String(), errOut.String()}
}

func TestFirstAskBuildsTheDemoOnceAndSaysSo(t *testing.T) {
	if firstAsk.code != 0 {
		t.Fatalf("first ask: exit %d, stderr %s", firstAsk.code, firstAsk.errOut)
	}
	if !strings.Contains(firstAsk.errOut, "costruisco una volta la città demo sintetica") {
		t.Errorf("first ask did not say it builds the demo: stderr %q", firstAsk.errOut)
	}
	again := run(nil, "ask", "--lang", "it", "where underserved target=anziani-soli radius=800m")
	if again.code != 0 || again.errOut != "" {
		t.Errorf("second ask: exit %d, stderr %q; want the cached catalog, silently", again.code, again.errOut)
	}
	if again.out != firstAsk.out {
		t.Error("the same question gave two different answers")
	}
}

func TestAskUnderservedPrintsARankedSyntheticTable(t *testing.T) {
	out := firstAsk.out
	if !strings.HasPrefix(out, "[DATI SINTETICI] Città demo, 2024: ") {
		t.Errorf("answer does not open with the synthetic mark and headline:\n%s", out)
	}
	for _, want := range []string{"quartiere (NIL)", "anziani soli", "senza servizio", "Fonti:", "Riservatezza:", "Domanda: where underserved target=anziani-soli radius=800m level=nil year=2024 top=10"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}
	// The pockets the generator left without elderly services rank among the
	// ten least served neighbourhoods.
	if len(pocketsOld) != 4 {
		t.Fatalf("demo catalog lists %d elderly pockets, want 4", len(pocketsOld))
	}
	for _, p := range pocketsOld {
		if !strings.Contains(out, " "+p+" ") {
			t.Errorf("pocket %s is not among the ten least served:\n%s", p, out)
		}
	}
}

type answer struct {
	Question  string `json:"question"`
	Canonical string `json:"canonical"`
	Headline  string `json:"headline"`
	Columns   []struct {
		Name, Type, Unit string
	} `json:"columns"`
	Rows    [][]any        `json:"rows"`
	Facts   map[string]any `json:"facts"`
	Notes   []string       `json:"notes"`
	Sources []struct {
		ID            string `json:"id"`
		Publisher     string `json:"publisher"`
		ReferenceDate string `json:"reference_date"`
		Synthetic     bool   `json:"synthetic"`
	} `json:"sources"`
	Synthetic  bool `json:"synthetic"`
	Disclosure struct {
		Threshold int    `json:"threshold"`
		Method    string `json:"method"`
	} `json:"disclosure"`
}

// askJSON asks a question with `wi ask --json`; flags may come before it.
func askJSON(t *testing.T, args ...string) answer {
	t.Helper()
	question := args[len(args)-1]
	r := run(nil, append([]string{"ask", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("%s: exit %d, stderr %s", question, r.code, r.errOut)
	}
	var a answer
	if err := json.Unmarshal([]byte(r.out), &a); err != nil {
		t.Fatalf("%s: output is not JSON: %v\n%s", question, err, r.out)
	}
	return a
}

func TestAskJSONUnderserved(t *testing.T) {
	a := askJSON(t, "dove sottoservito target=anziani-soli raggio=800m primi=0")
	if !a.Synthetic || len(a.Sources) != 1 || !a.Sources[0].Synthetic || a.Sources[0].ReferenceDate == "" {
		t.Errorf("synthetic %v, sources %+v: want the synthetic demo dataset with its date", a.Synthetic, a.Sources)
	}
	if a.Canonical != "where underserved target=anziani-soli radius=800m level=nil year=2024 top=0" {
		t.Errorf("canonical = %q", a.Canonical)
	}
	var names []string
	for _, c := range a.Columns {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "rank,area_id,area_name,target_count,unserved,unserved_share" {
		t.Errorf("columns = %s", got)
	}
	if len(a.Rows) != 88 {
		t.Fatalf("%d rows, want the 88 neighbourhoods", len(a.Rows))
	}
	// Every total is published (anziani-soli counts by NIL are all large in
	// the demo); an unserved figure is withheld only where the unserved
	// people live in one or two census sections (docs/privacy.md), and such
	// rows come last. Shares are published figure over published figure.
	var sum, heldTotals float64
	prev, withheld := 1e18, false
	for _, r := range a.Rows {
		total, okT := r[3].(float64)
		if !okT {
			t.Fatalf("row %v: total withheld", r)
		}
		unserved, okU := r[4].(float64)
		if !okU {
			if r[4] != ":c" || r[5] != ":c" {
				t.Fatalf("row %v: unserved withheld but not its share", r)
			}
			withheld = true
			heldTotals += total
			continue
		}
		if withheld || unserved > total || unserved > prev {
			t.Fatalf("row %v: unserved exceeds the total or breaks the ranking", r)
		}
		if share := r[5].(float64); total > 0 && share != min(unserved/total, 1) {
			t.Fatalf("row %v: share %v, want %v", r, share, unserved/total)
		}
		prev = unserved
		sum += unserved
	}
	// The city's figure is a region of its own: it need not be the sum of
	// the rows, but lies between the published unserved figures and those
	// plus the totals of the withheld rows, give or take the noise.
	if got := a.Facts["unserved"].(float64); got < sum-2*88 || got > sum+heldTotals+2*88 {
		t.Errorf("facts.unserved = %v, rows sum to %v (+ up to %v withheld)", got, sum, heldTotals)
	}
	if a.Disclosure.Threshold != 3 {
		t.Errorf("disclosure threshold = %d, want 3", a.Disclosure.Threshold)
	}
}

// TestAskJSONDemandMatchesTheCatalog checks `howmuch demand` against the
// catalog's section rows summed here.
func TestAskJSONDemandMatchesTheCatalog(t *testing.T) {
	c, err := catalog.Open(context.Background(), demoCatalog)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sections, err := c.FinestDemand(context.Background(), "prima-infanzia", 2022)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Vocabulary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	for _, a := range v.Areas {
		parent[a.ID] = a.Parent
	}
	var want, city float64
	for _, s := range sections {
		if parent[parent[s.Area]] == "municipio-9" {
			want += float64(s.Count)
		}
		city += float64(s.Count)
	}
	// Published counts differ from the exact ones by at most D = 2 (the
	// cell-key method, docs/privacy.md); the share is published over
	// published.
	a := askJSON(t, "quanti domanda target=prima-infanzia zona=municipio-9 anno=2022")
	got, _ := a.Facts["count"].(float64)
	if math.Abs(got-want) > 2 {
		t.Errorf("facts.count = %v, the catalog's sections sum to %v", got, want)
	}
	cityPub := askJSON(t, "quanti domanda target=prima-infanzia anno=2022").Facts["count"].(float64)
	if math.Abs(cityPub-city) > 2 {
		t.Errorf("city count %v, the catalog's sections sum to %v", cityPub, city)
	}
	if share := a.Facts["city_share"]; share != got/cityPub {
		t.Errorf("facts.city_share = %v, want %v / %v", share, got, cityPub)
	}
	analyst := askJSON(t, "--role", "analyst", "quanti domanda target=prima-infanzia zona=municipio-9 anno=2022")
	if analyst.Facts["count"] != want || analyst.Disclosure.Method != "exact" {
		t.Errorf("analyst: count %v (want the exact %v), method %q", analyst.Facts["count"], want, analyst.Disclosure.Method)
	}
	if len(a.Rows) != 5 {
		t.Errorf("%d rows, want one per year 2020–2024", len(a.Rows))
	}
	a = askJSON(t, `howmuch demand target=anziani area="ca granda"`)
	if a.Facts["area"] != "nil-54" || a.Facts["area_name"] != "Cà Granda" {
		t.Errorf("area by name: facts %v", a.Facts)
	}
}

func TestShellWordsKeepTheirQuotes(t *testing.T) {
	// The shell turns area="Cà Granda" into the word area=Cà Granda.
	r := run(nil, "ask", "--json", "howmuch", "demand", "target=anziani", "area=Cà Granda")
	if r.code != 0 || !strings.Contains(r.out, `"area_name": "Cà Granda"`) {
		t.Errorf("exit %d: %s%s", r.code, r.out, r.errOut)
	}
}

func TestDamagedCacheIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"WI_CACHE_DIR": dir}
	path := filepath.Join(dir, filepath.Base(demoCatalog))
	os.WriteFile(path, []byte("damaged"), 0o644)
	r := run(env, "ask", "--lang", "it", "howmuch demand target=anziani")
	if r.code != 0 || !strings.Contains(r.errOut, "illeggibile") || !strings.Contains(r.out, "Città demo, 2024:") {
		t.Errorf("exit %d:\n%s%s", r.code, r.out, r.errOut)
	}
}

func TestPressRoleGetsRoundedCounts(t *testing.T) {
	exact := askJSON(t, "howmuch demand target=anziani-soli area=nil-54")
	r := run(nil, "ask", "--lang", "it", "--json", "--role", "press", "howmuch demand target=anziani-soli area=nil-54")
	var press answer
	if r.code != 0 || json.Unmarshal([]byte(r.out), &press) != nil {
		t.Fatalf("press: exit %d %s", r.code, r.errOut)
	}
	n, p := exact.Facts["count"].(float64), press.Facts["count"].(float64)
	if int(p)%10 != 0 || p < n-5 || p > n+5 {
		t.Errorf("press count %v for exact %v: want the nearest multiple of 10", p, n)
	}
	if !strings.Contains(r.out, "arrotondati alla decina") {
		t.Error("the press answer does not say its counts are rounded")
	}
}

func TestEnglishAnswer(t *testing.T) {
	r := run(nil, "ask", "--lang", "en", "where underserved target=anziani-soli radius=1.5km top=3")
	if r.code != 0 || !strings.HasPrefix(r.out, "[SYNTHETIC DATA] Città demo, 2024: ") || !strings.Contains(r.out, "have no service for them within 1.5 km") {
		t.Errorf("exit %d:\n%s%s", r.code, r.out, r.errOut)
	}
}

func TestBadInputExitsTwoWithAHelpfulMessage(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"ask", "dove sottoservito target=anziani-sli raggio=800m"},
			[]string{`1:19: target sconosciuto "anziani-sli"; forse intendevi "anziani-soli"?`, "  dove sottoservito target=anziani-sli raggio=800m\n                    ^"}},
		// Errors come in the question's language, whatever --lang says (issue 16).
		{[]string{"ask", "where underserved target=anziani-sli radius=800m"},
			[]string{`1:19: unknown target "anziani-sli"; did you mean "anziani-soli"?`, "  where underserved target=anziani-sli radius=800m\n                    ^"}},
		{[]string{"ask", "--lang", "en", "dove sottoservito target=anziani-sli raggio=800m"},
			[]string{`1:19: target sconosciuto "anziani-sli"; forse intendevi "anziani-soli"?`}},
		{[]string{"ask", "where underserved target=anziani-soli radius=800"}, []string{"1:39: radius=800 needs a unit (m, km or min); e.g. radius=800m"}},
		{[]string{"ask", "dove sottoservito target=anziani-soli raggio=800m zona=\"Ca Grnda\""}, []string{`"Cà Granda"`}},
		{[]string{"ask", "--bogus", "x"}, []string{"unknown flag: --bogus"}},
		{[]string{"ask"}, []string{"requires at least 1 arg"}},
		{[]string{"ask", "--lang", "fr", "howmuch demand target=anziani"}, []string{`unknown language "fr"`}},
		{[]string{"catalog", "demo"}, []string{"--out is required"}},
	}
	for _, c := range cases {
		r := run(nil, c.args...)
		if r.code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %q)", c.args, r.code, r.errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(r.errOut, w) {
				t.Errorf("%q: stderr lacks %q:\n%s", c.args, w, r.errOut)
			}
		}
		if r.out != "" {
			t.Errorf("%q: wrote to stdout on error: %q", c.args, r.out)
		}
		if strings.Contains(r.errOut, "goroutine") || strings.Contains(r.errOut, "panic") {
			t.Errorf("%q: stack trace in the error:\n%s", c.args, r.errOut)
		}
	}
}

func TestOtherFailuresExitOne(t *testing.T) {
	r := run(nil, "ask", "--catalog", filepath.Join(t.TempDir(), "none.duckdb"), "howmuch demand target=anziani")
	if r.code != 1 || !strings.Contains(r.errOut, "no such file") {
		t.Errorf("missing catalog: exit %d, stderr %q", r.code, r.errOut)
	}
	r = run(map[string]string{"WI_CATALOG": filepath.Join(t.TempDir(), "none.duckdb")}, "ask", "howmuch demand target=anziani")
	if r.code != 1 {
		t.Errorf("WI_CATALOG pointing nowhere: exit %d", r.code)
	}
}

func TestCatalogDemoThenAskIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.duckdb")
	r := run(nil, "catalog", "demo", "--out", path, "--seed", "3", "--sections", "1500")
	if r.code != 0 || !strings.Contains(r.out, "checksum ") {
		t.Fatalf("catalog demo: exit %d\n%s%s", r.code, r.out, r.errOut)
	}
	r = run(map[string]string{"WI_CATALOG": path}, "ask", "--json", "howmuch demand target=residenti")
	if r.code != 0 {
		t.Fatalf("ask the new catalog: exit %d %s", r.code, r.errOut)
	}
	var a answer
	if err := json.Unmarshal([]byte(r.out), &a); err != nil {
		t.Fatal(err)
	}
	// 1,500 sections are a quarter of the city: about 338,000 residents.
	if n := a.Facts["count"].(float64); n < 300_000 || n > 380_000 {
		t.Errorf("residents of the small demo = %v, want about 338,000", n)
	}
}

func TestVersion(t *testing.T) {
	r := run(nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.out, "wi ") || !strings.Contains(r.out, "catalog schema "+catalog.SchemaVersion) {
		t.Errorf("version: exit %d, %q", r.code, r.out)
	}
	r = run(nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.out, "bash completion") {
		t.Errorf("completion bash: exit %d, %.80q", r.code, r.out)
	}
}
