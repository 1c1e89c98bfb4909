package engine_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// The tiny city's older people living alone, 2024: s1 40, s2 25 (Cà Granda),
// s3 10 (Borgo). The senior centre f1 stands 556 m from s1 and 958 m from s2:
// with an 800 m radius it reaches 40 of 75. A new site at s1 or at s2 reaches
// both (780 m apart): 25 more; one at s3 reaches only s3 (1,359 m from s2): 10.

// TestLocateByHand: one new site goes to s1 or s2 (a tie: the solver's
// choice is either), two to one of them and s3.
func TestLocateByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	one := c.ask(t, "where locate service=centro-anziani target=anziani-soli count=1 radius=800m", engine.Italian)
	want := [][]any{{"1", "nil-1", "Cà Granda", "45.46", "9.19", "25", fmt.Sprint(65.0 / 75)}}
	if lon := one.Rows[0][4].Raw(); lon == 9.2 {
		want[0][4] = "9.2"
	}
	checkRows(t, "one site", one, want)
	// The analyst's figures are exact; the total is the area's count as
	// every verb publishes it. The solver's quality is a flag and a
	// percentage, never a bound in people.
	if one.Facts["covered_before"] != int64(40) || one.Facts["gain"] != int64(25) || one.Facts["total"] != int64(75) || one.Facts["proved_optimal"] != true {
		t.Errorf("facts = %v, want 40 covered before, 25 gained of 75, proven optimal", one.Facts)
	}
	for _, k := range []string{"bound", "demand_points", "gap", "optimal"} {
		if _, ok := one.Facts[k]; ok {
			t.Errorf("fact %s = %v published", k, one.Facts[k])
		}
	}
	if g, ok := one.Facts["gap_percent"].(float64); !ok || g != 0 {
		t.Errorf("gap_percent = %v, want 0", one.Facts["gap_percent"])
	}
	two := c.ask(t, "where locate service=centro-anziani target=anziani-soli count=2 radius=800m", engine.Italian)
	want = append(want, []any{"2", "nil-2", "Borgo", "45.47", "9.21", "10", "1"})
	checkRows(t, "two sites", two, want)
	if two.Headline != "Tiny, 2024: con 2 nuove strutture di Centro anziani ben collocate, le persone (anziani soli) con una struttura entro 800 m passano da 40 (53,3%) a 75 (100,0%): 35 in più." {
		t.Errorf("headline = %q", two.Headline)
	}
	// A third site would add nobody: it is not proposed, and the answer says so.
	three := c.ask(t, "where locate service=centro-anziani target=anziani-soli count=3 radius=800m", engine.English)
	if len(three.Rows) != 2 || len(three.Notes) < 2 {
		t.Errorf("three sites asked: %d rows, notes %q; want 2 rows and a note on the third", len(three.Rows), three.Notes)
	}
}

// TestCentersByHand: 80% of 75 is 60 (s2's site reaches 65: one centre);
// 90% is 67.5 (both sites); 50% is already met by f1 (53.3%).
func TestCentersByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	for _, tc := range []struct {
		coverage string
		want     int
	}{{"50%", 0}, {"80%", 1}, {"90%", 2}, {"100%", 2}} {
		t.Run(tc.coverage, func(t *testing.T) {
			res := c.ask(t, "howmuch centers service=centro-anziani target=anziani-soli radius=800m coverage="+tc.coverage, engine.Italian)
			if res.Facts["new_sites"] != tc.want || len(res.Rows) != tc.want {
				t.Errorf("coverage %s: %v new sites, %d rows; want %d", tc.coverage, res.Facts["new_sites"], len(res.Rows), tc.want)
			}
			if tc.want > 0 && (res.Facts["proved_optimal"] != true || res.Facts["lower_bound_sites"] != int64(tc.want)) {
				t.Errorf("coverage %s: the tiny instance must be proved optimal, facts %v", tc.coverage, res.Facts)
			}
		})
	}
}

// TestSitingWithholdsSmallGains: prima-infanzia 2024 is 9, 7, 6, 2 in s1–s4,
// with no nursery near s4 (the nursery is at s3). A new nursery for s4 would
// add 2 children, below the threshold of 3: it is not proposed (its place
// would point at them), and no gain from 1 to 2 is ever published.
// For staff and press every site's gain is the people it newly covers,
// published as a region a question drew: one census section alone is
// withheld, whatever its size, and no figure is ever 1 or 2.
func TestSitingWithholdsSmallGains(t *testing.T) {
	c := openCity(t, tinyCity())
	q := "where locate service=asilo-nido target=prima-infanzia count=2 radius=500m"
	res := c.ask(t, q, engine.Italian)
	if len(res.Rows) == 0 {
		t.Fatalf("%s: no site proposed", q)
	}
	for _, r := range res.Rows {
		if n, ok := r[5].Raw().(int64); ok && n > 0 && n < 3 {
			t.Errorf("%v: a gain of %d children published", r, n)
		}
	}
	// A site that would add 2 children is not proposed: where it stands
	// would point at them.
	for _, r := range cells(res) {
		if r[1] == "nil-3" {
			t.Errorf("a site proposed for s4's 2 children: %v", r)
		}
	}
	// Full coverage needs it all the same: it is counted, not shown.
	full := c.ask(t, "howmuch centers service=asilo-nido target=prima-infanzia radius=500m coverage=100%", engine.English)
	if full.Facts["new_sites"] != 3 || len(full.Rows) != 2 || !strings.Contains(strings.Join(full.Notes, " "), "1 of the 3 new facilities would each reach fewer than 3 more people") {
		t.Errorf("coverage 100%%: %v new sites, rows %v, notes %q; want 3 counted, 2 shown and a note", full.Facts["new_sites"], cells(full), full.Notes)
	}
	if full.Facts["covered_after"] != int64(24) || full.Facts["gain"] != int64(18) {
		t.Errorf("coverage 100%%: facts %v; want all 24 children covered, 18 more, the unshown site included", full.Facts)
	}
	for _, role := range []engine.Role{engine.RoleStaff, engine.RolePress} {
		t.Run(string(role), func(t *testing.T) {
			res := c.as(role).ask(t, q, engine.Italian)
			if len(res.Rows) == 0 {
				t.Fatalf("%s (%s): no site proposed", q, role)
			}
			for _, r := range res.Rows {
				// With 500 m every site here newly covers one or two sections.
				if !r[5].IsSuppressed() {
					t.Errorf("%s: %v publishes the gain of one or two sections", role, r)
				}
			}
			for _, k := range []string{"gain", "covered_before", "covered_after", "total"} {
				if n, ok := res.Facts[k].(int64); ok && n > 0 && n < 3 {
					t.Errorf("%s: fact %s = %d, below the threshold", role, k, n)
				}
			}
		})
	}
}
