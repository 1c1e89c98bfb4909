package recipe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/welfare-intelligence/wi/geo"
)

// feature is one GeoJSON feature: its 1-based index, its properties as text
// and its geometry (nil for a null geometry).
type feature struct {
	index int
	props *row
	geom  *geometry
}

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// readGeoJSON walks a FeatureCollection in data, calling fn for each
// feature, and stops after limit features when limit > 0. A "crs" member
// must name WGS84 lon/lat.
func readGeoJSON(ctx context.Context, path string, data []byte, limit int, fn func(feature) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) error {
		line, col := lineCol(data, dec.InputOffset())
		return &Error{File: path, Line: line, Col: col, Msg: strings.TrimPrefix(err.Error(), "json: ")}
	}
	// decode decodes the next value into v. The offsets in the errors of a
	// Decoder that also reads tokens are not reliable, so a failed value
	// is decoded again on its own to find where it went wrong.
	decode := func(v any) error {
		start := dec.InputOffset()
		err := dec.Decode(v)
		if err == nil {
			return nil
		}
		rest := data[start:]
		skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n,:"))
		again := json.NewDecoder(bytes.NewReader(rest[skip:]))
		again.UseNumber()
		var off int64 = -1
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch err2 := again.Decode(v); {
		case errors.As(err2, &se):
			off, err = se.Offset-1, err2
		case errors.As(err2, &te):
			off, err = te.Offset-1, err2
		}
		if off < 0 {
			return fail(err)
		}
		line, col := lineCol(data, start+int64(skip)+off)
		return &Error{File: path, Line: line, Col: col, Msg: strings.TrimPrefix(err.Error(), "json: ")}
	}
	expect := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			line, col := lineCol(data, dec.InputOffset())
			return &Error{File: path, Line: line, Col: col, Msg: fmt.Sprintf("expected %q, got %v", want, t)}
		}
		return nil
	}
	if err := expect('{'); err != nil {
		return err
	}
	sawType, n := false, 0
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := t.(string)
		keyOff := dec.InputOffset()
		switch key {
		case "type":
			var typ string
			if err := decode(&typ); err != nil {
				return err
			}
			if typ != "FeatureCollection" {
				line, col := lineCol(data, keyOff)
				return &Error{File: path, Line: line, Col: col, Msg: fmt.Sprintf("GeoJSON type %q: expected a FeatureCollection", typ)}
			}
			sawType = true
		case "crs":
			var crs struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := decode(&crs); err != nil {
				return err
			}
			if !isWGS84(crs.Properties.Name) {
				line, _ := lineCol(data, keyOff)
				return &Error{File: path, Line: line, Msg: fmt.Sprintf("unsupported CRS %q: expected WGS84 lon/lat (CRS84 or EPSG:4326); reproject the file first", crs.Properties.Name)}
			}
		case "features":
			if err := expect('['); err != nil {
				return err
			}
			for dec.More() {
				if limit > 0 && n >= limit {
					return nil
				}
				n++
				if n%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				var f struct {
					Properties map[string]any `json:"properties"`
					Geometry   *geometry      `json:"geometry"`
				}
				if err := decode(&f); err != nil {
					return err
				}
				if err := fn(feature{index: n, props: propsRow(n, f.Properties), geom: f.Geometry}); err != nil {
					return err
				}
			}
			if err := expect(']'); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := decode(&skip); err != nil {
				return err
			}
		}
	}
	if !sawType {
		return &Error{File: path, Line: 1, Msg: `missing "type": "FeatureCollection"`}
	}
	return nil
}

func isWGS84(name string) bool {
	n := strings.ToUpper(name)
	return strings.HasSuffix(n, "CRS84") || n == "EPSG:4326" ||
		strings.HasPrefix(n, "URN:OGC:DEF:CRS:EPSG:") && strings.HasSuffix(n, ":4326")
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	return line, int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// propsRow turns properties into a row of text: integral numbers print
// without a fraction, null is empty.
func propsRow(index int, props map[string]any) *row {
	r := &row{line: index, cols: make(map[string]int, len(props)), dec: '.'}
	for k, v := range props {
		r.cols[k] = len(r.vals)
		r.vals = append(r.vals, propText(v))
	}
	return r
}

func propText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if f, err := v.Float64(); err == nil {
			if f == math.Trunc(f) && math.Abs(f) < 1e15 {
				return strconv.FormatInt(int64(f), 10)
			}
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return v.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// shape converts a Polygon or MultiPolygon geometry. Closing points of rings
// are dropped, as package geo expects.
func (g *geometry) shape() (geo.MultiPolygon, error) {
	if g == nil {
		return nil, errors.New("null geometry; expected Polygon or MultiPolygon")
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, fmt.Errorf("polygon coordinates: %v", err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, fmt.Errorf("multipolygon coordinates: %v", err)
		}
	default:
		return nil, fmt.Errorf("geometry type %s; expected Polygon or MultiPolygon", g.Type)
	}
	mp := make(geo.MultiPolygon, 0, len(polys))
	for i, p := range polys {
		if len(p) == 0 {
			return nil, fmt.Errorf("polygon %d has no rings", i+1)
		}
		pg := make(geo.Polygon, 0, len(p))
		for j, rc := range p {
			ring := make(geo.Ring, 0, len(rc))
			for k, c := range rc {
				if len(c) < 2 || !validLonLat(c[0], c[1]) {
					return nil, fmt.Errorf("polygon %d ring %d point %d: expected [lon, lat] in degrees, got %v", i+1, j+1, k+1, c)
				}
				ring = append(ring, geo.Point{Lon: c[0], Lat: c[1]})
			}
			if n := len(ring); n > 1 && ring[0] == ring[n-1] {
				ring = ring[:n-1]
			}
			if len(ring) < 3 {
				return nil, fmt.Errorf("polygon %d ring %d has %d distinct points; expected at least 3", i+1, j+1, len(ring))
			}
			pg = append(pg, ring)
		}
		mp = append(mp, pg)
	}
	return mp, nil
}

// point returns a Point geometry's lon/lat.
func (g *geometry) point() (float64, float64, error) {
	if g == nil || g.Type != "Point" {
		typ := "null"
		if g != nil {
			typ = g.Type
		}
		return 0, 0, fmt.Errorf("geometry type %s; expected Point (or give lon and lat columns)", typ)
	}
	var c []float64
	if err := json.Unmarshal(g.Coordinates, &c); err != nil || len(c) < 2 || !validLonLat(c[0], c[1]) {
		return 0, 0, fmt.Errorf("point coordinates %s: expected [lon, lat] in degrees", g.Coordinates)
	}
	return c[0], c[1], nil
}

func validLonLat(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}
