package engine_test

import (
	"math"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/geo"
)

// TestRouteByHand: from the senior centre f1 (in section s1 of Cà Granda),
// Cà Granda's sections s1 (40) and s2 (25) are the
// stops. Either direction of the triangle f1–s1–s2 is the optimum.
func TestRouteByHand(t *testing.T) {
	c := openTiny(t)
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
}
