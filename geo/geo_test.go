package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestHaversineKnownDistances(t *testing.T) {
	// Milan Duomo to Milano Centrale station: about 2.24 km as measured on a map.
	duomo := Point{9.19199, 45.46416}
	centrale := Point{9.20466, 45.48593}
	if d := Haversine(duomo, centrale); math.Abs(d-2620) > 30 {
		t.Errorf("Duomo-Centrale = %.0f m, want about 2620 m", d)
	}
	// One degree of latitude along a meridian is πR/180.
	want := math.Pi * EarthRadiusM / 180
	if d := Haversine(Point{9, 45}, Point{9, 46}); math.Abs(d-want) > 1e-6 {
		t.Errorf("one degree of latitude = %.6f m, want %.6f", d, want)
	}
	if d := Haversine(duomo, duomo); d != 0 {
		t.Errorf("distance to itself = %v", d)
	}
}

func TestRingAreaAndContains(t *testing.T) {
	// A square of 0.01° × 0.01° at the equator: (0.01·πR/180)² ≈ 1.2364 km².
	sq := Ring{{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0.01}}
	side := 0.01 * math.Pi * EarthRadiusM / 180
	if a := sq.AreaM2(); math.Abs(a-side*side)/(side*side) > 1e-4 {
		t.Errorf("area = %.1f m², want %.1f", a, side*side)
	}
	rev := Ring{{0, 0.01}, {0.01, 0.01}, {0.01, 0}, {0, 0}}
	if a := rev.AreaM2(); a >= 0 {
		t.Errorf("clockwise ring area = %v, want negative", a)
	}
	if !sq.Contains(Point{0.005, 0.005}) || sq.Contains(Point{0.011, 0.005}) {
		t.Error("Contains is wrong for a point inside or outside the square")
	}
	holed := Polygon{sq, Ring{{0.004, 0.004}, {0.006, 0.004}, {0.006, 0.006}, {0.004, 0.006}}}
	if holed.Contains(Point{0.005, 0.005}) || !holed.Contains(Point{0.002, 0.002}) {
		t.Error("Contains ignores the hole")
	}
	if a, want := holed.AreaM2(), side*side*(1-0.04); math.Abs(a-want)/want > 1e-4 {
		t.Errorf("holed area = %.1f, want %.1f", a, want)
	}
}

// TestIndexMatchesBruteForce checks radius and nearest queries against a
// scan of every point.
func TestIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]Point, 2000)
	for i := range pts {
		pts[i] = Point{9.05 + 0.25*rng.Float64(), 45.38 + 0.16*rng.Float64()}
	}
	ix := NewIndex(pts, 500)
	for q := range 300 {
		p := Point{9.0 + 0.35*rng.Float64(), 45.35 + 0.22*rng.Float64()}
		r := []float64{150, 800, 2500}[q%3]
		got := map[int]bool{}
		ix.Within(p, r, func(i int, d float64) bool { got[i] = true; return true })
		bestI, bestD := -1, math.Inf(1)
		for i, x := range pts {
			d := Haversine(p, x)
			if (d <= r) != got[i] {
				t.Fatalf("query %d: point %d at %.1f m, radius %.0f: index says %v", q, i, d, r, got[i])
			}
			if d < bestD {
				bestI, bestD = i, d
			}
		}
		if i, d := ix.Nearest(p); i != bestI || d != bestD {
			t.Fatalf("query %d: nearest = %d (%.1f m), want %d (%.1f m)", q, i, d, bestI, bestD)
		}
		if ix.AnyWithin(p, r) != (len(got) > 0) {
			t.Fatalf("query %d: AnyWithin disagrees with Within", q)
		}
	}
}

func TestGeoJSONRoundTripAndSurfacePoints(t *testing.T) {
	// An L-shaped polygon whose centroid lies outside it.
	l := MultiPolygon{{Ring{{0, 0}, {0.02, 0}, {0.02, 0.004}, {0.004, 0.004}, {0.004, 0.02}, {0, 0.02}}}}
	back, err := ParseGeoJSON([]byte(l.GeoJSON()))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || len(back[0][0]) != 6 || back[0][0][3] != (Point{0.004, 0.004}) {
		t.Fatalf("round trip = %v", back)
	}
	p, ok := l.PointOnSurface()
	if !ok || !l.Contains(p) {
		t.Errorf("point on surface %v is outside the L", p)
	}
	pts := l.GridPoints(100)
	// The L covers 0.02² − 0.016² of a degree² at the equator: 144e-6 deg²,
	// about 1.78 km², so about 178 cells of 100 m.
	if len(pts) < 160 || len(pts) > 200 {
		t.Errorf("%d grid points, want about 178", len(pts))
	}
	for _, q := range pts {
		if !l.Contains(q) {
			t.Fatalf("grid point %v outside the polygon", q)
		}
	}
	tiny := MultiPolygon{{Ring{{0, 0}, {0.0001, 0}, {0.0001, 0.0001}}}}
	if pts := tiny.GridPoints(100); len(pts) != 1 || !tiny.Contains(pts[0]) {
		t.Errorf("tiny polygon grid = %v, want one point inside", pts)
	}
	for _, bad := range []string{`{"type":"Point","coordinates":[1,2]}`, `{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}`, `nope`} {
		if _, err := ParseGeoJSON([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestIndexWithTheQueryRadiusAsCell checks the engine's use of the index
// (cells as large as the radius) at small radii and far from the reference
// latitude.
func TestIndexWithTheQueryRadiusAsCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ lat0, span, r float64 }{{45.46, 0.05, 50}, {45.46, 0.3, 150}, {38, 8, 20000}, {60, 4, 5000}} {
		pts := make([]Point, 800)
		for i := range pts {
			pts[i] = Point{9 + c.span*rng.Float64(), c.lat0 + c.span*rng.Float64()}
		}
		ix := NewIndex(pts, c.r)
		for q := range 200 {
			p := Point{9 + c.span*rng.Float64(), c.lat0 + c.span*rng.Float64()}
			n := 0
			ix.Within(p, c.r, func(int, float64) bool { n++; return true })
			want := 0
			for _, x := range pts {
				if Haversine(p, x) <= c.r {
					want++
				}
			}
			if n != want {
				t.Fatalf("lat %v radius %v query %d: index finds %d points, scan %d", c.lat0, c.r, q, n, want)
			}
		}
	}
}
