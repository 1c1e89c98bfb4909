package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

func TestDisclosureWithholdsSmallAndRecoverableCounts(t *testing.T) {
	c := openCity(t, tinyCity())
	// stranieri by NIL in municipio m1: 3 (1..4 → primary), 10, 50. A lone
	// withheld cell could be recovered from the municipio total (63), so the
	// smallest other, 10, is withheld as well.
	for _, q := range []string{"howmuch demand target=stranieri area=nil-1", "howmuch demand target=stranieri area=nil-2"} {
		t.Run(q, func(t *testing.T) {
			res := c.ask(t, q, engine.Italian)
			if res.Facts["count"] != engine.Confidential {
				t.Errorf("%s: count = %v, want withheld", q, res.Facts["count"])
			}
			if strings.Contains(res.Headline, "10") || strings.Contains(res.Headline, " 3 ") {
				t.Errorf("%s: headline leaks the count: %q", q, res.Headline)
			}
		})
	}
	res := c.ask(t, "howmuch demand target=stranieri area=nil-3", engine.Italian)
	if res.Facts["count"] != int64(50) {
		t.Errorf("nil-3: count = %v, want 50 (safe to publish)", res.Facts["count"])
	}
	// The underserved table withholds the same cells: nil-1 and nil-2 are
	// withheld whole and ranked last, by code, so that their place says nothing.
	res = c.ask(t, "where underserved target=stranieri radius=800m top=0", engine.Italian)
	want := [][]any{
		{"1", "nil-3", "Prato", "50", "0", "0"},
		{"2", "nil-1", "Cà Granda", ":c", ":c", ":c"},
		{"3", "nil-2", "Borgo", ":c", ":c", ":c"},
	}
	checkRows(t, "stranieri", res, want)
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
	want = [][]any{
		{"1", "nil-1", "Cà Granda", "16", "16", "1"},
		{"2", "nil-2", "Borgo", ":c", ":c", ":c"},
		{"3", "nil-3", "Prato", ":c", ":c", ":c"},
	}
	checkRows(t, "prima-infanzia", res, want)
	// A served remainder below the threshold is a count too: in 2023, 58 of
	// nil-1's 60 older people living alone are unserved, so publishing 58
	// would reveal the 2 who are served. nil-1's unserved figure is withheld,
	// and nil-2's with it, while the totals stay public.
	res = c.ask(t, "where underserved target=anziani-soli radius=800m year=2023", engine.Italian)
	want = [][]any{
		{"1", "nil-3", "Prato", "0", "0", "null"},
		{"2", "nil-1", "Cà Granda", "60", ":c", ":c"},
		{"3", "nil-2", "Borgo", "12", ":c", ":c"},
	}
	checkRows(t, "anziani-soli 2023", res, want)
}

// TestDisclosureHoldsAcrossQuestions asks many questions about the same
// populations on a small demo city and checks that no withheld cell can be
// recomputed from what the answers publish together: a restricted question
// publishes exactly what the full table does; within every municipio and
// within the city, withheld cells are never alone; a withheld municipio's
// neighbourhoods are all withheld.
func TestDisclosureHoldsAcrossQuestions(t *testing.T) {
	c := openCity(t, demoCity(t, 2)).as(engine.RoleStaff)
	v := c.vocab
	ask := func(q string) *engine.Result {
		t.Helper()
		return c.ask(t, q, engine.Italian)
	}
	parent := map[string]string{}
	for _, a := range v.Areas {
		if a.Level == engine.LevelNIL {
			parent[a.Slug] = a.Parent
		}
	}
	withheldSome := 0
	for _, target := range []string{"disabili", "senza-dimora", "neet"} {
		t.Run(target, func(t *testing.T) {
			for _, radius := range []string{"300m", "2km"} {
				base := fmt.Sprintf("where underserved target=%s radius=%s top=0", target, radius)
				nilTable := cells(ask(base))
				muniTable := cells(ask(base + " level=municipio"))
				byArea := map[string][]string{}
				for _, r := range append(nilTable, muniTable...) {
					byArea[r[1]] = r
				}
				// Within each group, a withheld count is never alone.
				for _, col := range []int{3, 4} {
					groups := map[string][]string{}
					for _, r := range nilTable {
						groups[parent[r[1]]] = append(groups[parent[r[1]]], r[col])
					}
					for _, r := range muniTable {
						groups["city"] = append(groups["city"], r[col])
					}
					for g, vals := range groups {
						hidden, positive := 0, 0
						for _, x := range vals {
							if x == ":c" {
								hidden++
							} else if x != "0" {
								positive++
							}
						}
						if hidden == 1 && positive > 0 {
							t.Errorf("%s: column %d of group %s has a lone withheld cell: %v", base, col, g, vals)
						}
						withheldSome += hidden
					}
				}
				// A withheld municipio has all its neighbourhoods withheld.
				for _, m := range muniTable {
					for _, col := range []int{3, 4} {
						if m[col] != ":c" {
							continue
						}
						for _, r := range nilTable {
							if parent[r[1]] == m[1] && r[col] != ":c" && r[col] != "0" {
								t.Errorf("%s: municipio %s withheld but its NIL %s publishes %s", base, m[1], r[1], r[col])
							}
						}
					}
				}
				// Restricted questions publish what the tables publish.
				for _, a := range v.Areas {
					if a.Level != engine.LevelNIL && a.Level != engine.LevelMunicipio {
						continue
					}
					res := ask(base + " area=" + a.Slug)
					want := byArea[a.Slug]
					if want == nil {
						continue
					}
					got := []string{fmt.Sprint(res.Facts["target_count"]), fmt.Sprint(res.Facts["unserved"])}
					if got[0] != want[3] || got[1] != want[4] {
						t.Fatalf("%s area=%s publishes %v, the table %v", base, a.Slug, got, want[3:5])
					}
					if a.Level == engine.LevelNIL {
						d := ask(fmt.Sprintf("howmuch demand target=%s area=%s", target, a.Slug))
						if fmt.Sprint(d.Facts["count"]) != want[3] {
							t.Fatalf("howmuch demand %s %s = %v, underserved table says %s", target, a.Slug, d.Facts["count"], want[3])
						}
					}
				}
			}
		})
	}
	if withheldSome == 0 {
		t.Fatal("no cell was withheld: the test city is too large to exercise disclosure")
	}
}
