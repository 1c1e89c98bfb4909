package geo

import (
	"encoding/json"
	"fmt"
	"math"
)

// ParseGeoJSON reads a GeoJSON Polygon or MultiPolygon geometry (a bare
// geometry object, lon/lat in degrees). Closing points of rings are dropped.
func ParseGeoJSON(data []byte) (MultiPolygon, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("geometry: %w", err)
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("polygon coordinates: %w", err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, fmt.Errorf("multipolygon coordinates: %w", err)
		}
	default:
		return nil, fmt.Errorf("geometry type %q: want Polygon or MultiPolygon", g.Type)
	}
	mp := make(MultiPolygon, 0, len(polys))
	for i, p := range polys {
		pg := make(Polygon, 0, len(p))
		for j, r := range p {
			ring := make(Ring, 0, len(r))
			for k, c := range r {
				if len(c) < 2 || math.IsNaN(c[0]) || math.IsNaN(c[1]) {
					return nil, fmt.Errorf("polygon %d ring %d point %d: want [lon, lat]", i+1, j+1, k+1)
				}
				ring = append(ring, Point{Lon: c[0], Lat: c[1]})
			}
			if n := len(ring); n > 1 && ring[0] == ring[n-1] {
				ring = ring[:n-1]
			}
			if len(ring) < 3 {
				return nil, fmt.Errorf("polygon %d ring %d: %d points, want at least 3", i+1, j+1, len(ring))
			}
			pg = append(pg, ring)
		}
		if len(pg) > 0 {
			mp = append(mp, pg)
		}
	}
	return mp, nil
}

// GeoJSON writes the multipolygon as a GeoJSON geometry: a Polygon when it
// has one part. Rings are closed, as the format requires.
func (m MultiPolygon) GeoJSON() string {
	ring := func(r Ring) [][2]float64 {
		out := make([][2]float64, 0, len(r)+1)
		for _, p := range r {
			out = append(out, [2]float64{p.Lon, p.Lat})
		}
		return append(out, out[0])
	}
	poly := func(pg Polygon) [][][2]float64 {
		out := make([][][2]float64, len(pg))
		for i, r := range pg {
			out[i] = ring(r)
		}
		return out
	}
	var v any
	if len(m) == 1 {
		v = map[string]any{"type": "Polygon", "coordinates": poly(m[0])}
	} else {
		parts := make([][][][2]float64, len(m))
		for i, pg := range m {
			parts[i] = poly(pg)
		}
		v = map[string]any{"type": "MultiPolygon", "coordinates": parts}
	}
	b, _ := json.Marshal(v) // numbers and strings only: cannot fail
	return string(b)
}

// Bounds returns the south-west and north-east corners of the multipolygon.
func (m MultiPolygon) Bounds() (sw, ne Point) {
	sw = Point{math.Inf(1), math.Inf(1)}
	ne = Point{math.Inf(-1), math.Inf(-1)}
	for _, pg := range m {
		for _, p := range pg[0] {
			sw.Lon, sw.Lat = math.Min(sw.Lon, p.Lon), math.Min(sw.Lat, p.Lat)
			ne.Lon, ne.Lat = math.Max(ne.Lon, p.Lon), math.Max(ne.Lat, p.Lat)
		}
	}
	return sw, ne
}

// GridPoints returns the points of a regular grid of about spacingM metres
// that fall inside the multipolygon, used to spread a count uniformly over
// an area. An area smaller than one cell gets one point on its surface.
func (m MultiPolygon) GridPoints(spacingM float64) []Point {
	sw, ne := m.Bounds()
	if len(m) == 0 || math.IsInf(sw.Lon, 0) {
		return nil
	}
	dLat := spacingM / (EarthRadiusM * math.Pi / 180)
	dLon := dLat / math.Cos((sw.Lat+ne.Lat)/2*math.Pi/180)
	var out []Point
	for lat := sw.Lat + dLat/2; lat < ne.Lat; lat += dLat {
		for lon := sw.Lon + dLon/2; lon < ne.Lon; lon += dLon {
			if p := (Point{lon, lat}); m.Contains(p) {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		if p, ok := m.PointOnSurface(); ok {
			out = append(out, p)
		}
	}
	return out
}

// PointOnSurface returns a point inside the largest polygon: the middle of
// the widest inside stretch of the horizontal line through its vertical
// middle. ok is false for an empty multipolygon.
func (m MultiPolygon) PointOnSurface() (Point, bool) {
	best, bestA := -1, 0.0
	for i, pg := range m {
		if a := pg.AreaM2(); best < 0 || a > bestA {
			best, bestA = i, a
		}
	}
	if best < 0 {
		return Point{}, false
	}
	pg := m[best]
	sw, ne := MultiPolygon{pg}.Bounds()
	for _, f := range []float64{0.5, 0.37, 0.63, 0.25, 0.75, 0.1, 0.9} {
		lat := sw.Lat + f*(ne.Lat-sw.Lat)
		var xs []float64
		for _, r := range pg {
			for i := range r {
				a, b := r[i], r[(i+1)%len(r)]
				if (a.Lat > lat) != (b.Lat > lat) {
					xs = append(xs, a.Lon+(lat-a.Lat)*(b.Lon-a.Lon)/(b.Lat-a.Lat))
				}
			}
		}
		sortFloats(xs)
		bestW, mid := 0.0, 0.0
		for i := 0; i+1 < len(xs); i += 2 {
			if w := xs[i+1] - xs[i]; w > bestW {
				bestW, mid = w, (xs[i]+xs[i+1])/2
			}
		}
		if bestW > 0 {
			return Point{mid, lat}, true
		}
	}
	return pg[0][0], true
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}
