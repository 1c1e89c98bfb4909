package geo

import "math"

// EarthRadiusM is the mean Earth radius (IUGG), in metres.
const EarthRadiusM = 6371008.8

// Point is a position in degrees: longitude first, as GeoJSON writes it.
type Point struct {
	Lon, Lat float64
}

// Haversine returns the great-circle distance between a and b, in metres.
func Haversine(a, b Point) float64 {
	φ1 := a.Lat * math.Pi / 180
	φ2 := b.Lat * math.Pi / 180
	dφ := φ2 - φ1
	dλ := (b.Lon - a.Lon) * math.Pi / 180
	s := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * EarthRadiusM * math.Asin(math.Min(1, math.Sqrt(s)))
}

// Ring is a closed sequence of points; the last point need not repeat the first.
type Ring []Point

// AreaM2 returns the area enclosed by the ring on the sphere, in square
// metres, positive when the ring runs counter-clockwise (as GeoJSON outer
// rings do) and negative when it runs clockwise.
func (r Ring) AreaM2() float64 {
	n := len(r)
	if n < 3 {
		return 0
	}
	// Spherical excess by the trapezoid formula over longitude (Chamberlain &
	// Duquette, "Some algorithms for polygons on a sphere", JPL 2007).
	var sum float64
	for i := range n {
		p1, p2 := r[i], r[(i+1)%n]
		λ1, λ2 := p1.Lon*math.Pi/180, p2.Lon*math.Pi/180
		φ1, φ2 := p1.Lat*math.Pi/180, p2.Lat*math.Pi/180
		sum += (λ2 - λ1) * (2 + math.Sin(φ1) + math.Sin(φ2))
	}
	return -sum * EarthRadiusM * EarthRadiusM / 2
}

// Contains reports whether p lies inside the ring (even-odd rule, in the
// lon/lat plane, which is exact enough at city scale).
func (r Ring) Contains(p Point) bool {
	in := false
	n := len(r)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
			p.Lon < (b.Lon-a.Lon)*(p.Lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
			in = !in
		}
	}
	return in
}

// Polygon is an outer ring followed by its holes.
type Polygon []Ring

// AreaM2 returns the polygon's area: the outer ring's less its holes'.
func (pg Polygon) AreaM2() float64 {
	var a float64
	for i, r := range pg {
		if i == 0 {
			a += math.Abs(r.AreaM2())
		} else {
			a -= math.Abs(r.AreaM2())
		}
	}
	return a
}

// Contains reports whether p is inside the outer ring and outside every hole.
func (pg Polygon) Contains(p Point) bool {
	if len(pg) == 0 || !pg[0].Contains(p) {
		return false
	}
	for _, h := range pg[1:] {
		if h.Contains(p) {
			return false
		}
	}
	return true
}

// MultiPolygon is a set of polygons, as GeoJSON's MultiPolygon.
type MultiPolygon []Polygon

// AreaM2 returns the total area of the polygons.
func (m MultiPolygon) AreaM2() float64 {
	var a float64
	for _, pg := range m {
		a += pg.AreaM2()
	}
	return a
}

// Contains reports whether p is inside one of the polygons.
func (m MultiPolygon) Contains(p Point) bool {
	for _, pg := range m {
		if pg.Contains(p) {
			return true
		}
	}
	return false
}
