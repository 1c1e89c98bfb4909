package engine_test

import (
	"math"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/geo"
)

// TestRouteByHand: from the senior centre f1 (in section s1 of Cà Granda),
// Cà Granda's sections s1 (40) and s2 (25) are the
// stops. Either direction of the triangle f1–s1–s2 is the optimum.
func TestRouteByHand(t *testing.T) {
	c := openCity(t, tinyCity())
	res := c.ask(t, "when route from=f1 area=nil-1 target=anziani-soli", engine.Italian)
	f1 := geo.Point{Lon: 9.19, Lat: 45.465}
	s1 := geo.Point{Lon: 9.19, Lat: 45.46}
	s2 := geo.Point{Lon: 9.20, Lat: 45.46}
	length := geo.Haversine(f1, s1) + geo.Haversine(s1, s2) + geo.Haversine(s2, f1)
	got := cells(res)
	if len(got) != 4 || got[0][1] != "f1" || got[3][1] != "f1" {
		t.Fatalf("rows = %v, want f1, two sections, f1", got)
	}
	stops := got[1][1] + "," + got[2][1]
	if stops != "s1,s2" && stops != "s2,s1" {
		t.Errorf("stops = %s, want s1 and s2", stops)
	}
	if l := res.Facts["length_m"].(float64); l != math.Round(length) {
		t.Errorf("length = %v m, want %v (the triangle)", l, math.Round(length))
	}
	if m := res.Rows[3][6].Raw().(int64); m != int64(math.Round(length/80)) {
		t.Errorf("minutes at the end = %d, want %v", m, math.Round(length/80))
	}
	if res.Facts["optimal"] != true {
		t.Errorf("a 3-node tour must be solved exactly, got %v", res.Facts["optimal"])
	}
	// The people at the stops, all together (the analyst's exact 40 + 25);
	// never stop by stop: no column of the table counts people.
	if res.Facts["people_reached"] != int64(65) {
		t.Errorf("people reached = %v, want 65", res.Facts["people_reached"])
	}
	for _, col := range res.Columns {
		if col.Unit == "persone" || col.Unit == "people" {
			t.Errorf("column %s counts people stop by stop", col.Name)
		}
	}
}

// TestRouteReachedIsProtected: for staff and press the people reached are
// one region a question drew; two sections are too few to publish, three
// are published with the same figure whatever the role's noise, and never
// as a figure from 1 to the threshold − 1.
func TestRouteReachedIsProtected(t *testing.T) {
	c := openCity(t, tinyCity())
	for _, role := range []engine.Role{engine.RoleStaff, engine.RolePress} {
		t.Run(string(role), func(t *testing.T) {
			ask := func(q string) *engine.Result {
				t.Helper()
				return c.as(role).ask(t, q, engine.Italian)
			}
			two := ask("when route from=f1 area=nil-1 target=anziani-soli")
			if two.Facts["people_reached"] != engine.Confidential {
				t.Errorf("%s: two sections reached publish %v, want %s", role, two.Facts["people_reached"], engine.Confidential)
			}
			three := ask("when route from=f1 area=m1 target=anziani-soli")
			n, ok := three.Facts["people_reached"].(int64)
			near := n >= 75-2 && n <= 75+2
			if role == engine.RolePress {
				near = n == 70 || n == 80
			}
			if !ok || !near {
				t.Errorf("%s: three sections (75 people) reached publish %v", role, three.Facts["people_reached"])
			}
			if again := ask("when route from=f1 area=m1 target=anziani-soli visits=3"); again.Facts["people_reached"] != three.Facts["people_reached"] {
				t.Errorf("%s: the same stops publish %v and %v", role, three.Facts["people_reached"], again.Facts["people_reached"])
			}
		})
	}
}

// TestRouteWithinATimeBudget: the full round f1–s1–s2–f1 takes 29 minutes;
// in 20 minutes (1,600 m) only f1–s1–f1 (1,112 m, 40 people) fits, since
// f1–s2–f1 is 1,916 m: s2 is left out and the answer says so.
func TestRouteWithinATimeBudget(t *testing.T) {
	c := openCity(t, tinyCity())
	res := c.ask(t, "when route from=f1 area=nil-1 target=anziani-soli time=20min", engine.English)
	got := cells(res)
	if len(got) != 3 || got[1][1] != "s1" {
		t.Fatalf("rows = %v, want f1, s1, f1", got)
	}
	if d, ok := res.Facts["dropped"].([]string); !ok || len(d) != 1 || d[0] != "s2" {
		t.Errorf("dropped = %v, want [s2]", res.Facts["dropped"])
	}
	f1, s1 := geo.Point{Lon: 9.19, Lat: 45.465}, geo.Point{Lon: 9.19, Lat: 45.46}
	if l := res.Facts["length_m"].(float64); l != math.Round(2*geo.Haversine(f1, s1)) {
		t.Errorf("length = %v, want there and back to s1", l)
	}
	_, err := c.exec("when route from=f1 area=nil-1 target=anziani-soli time=5min", "")
	if err == nil || !strings.Contains(err.Error(), "no visit fits in 5 minutes") {
		t.Fatalf("5 minutes: err = %v, want no visit fits", err)
	}
	// The person who asked reads it in their language.
	if got := engine.Message(err, engine.Italian); !strings.HasPrefix(got, "nessuna visita sta in 5 minuti a piedi") || !engine.IsAnswerError(err) {
		t.Errorf("Italian message = %q (answer error: %v)", got, engine.IsAnswerError(err))
	}
}
