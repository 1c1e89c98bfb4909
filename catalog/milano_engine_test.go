package catalog

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// TestMilanoUnderservedFromSections asks the real Milan catalog where people
// aged 75+ have no RSA or day centre within 800 m, and checks the answer
// against a recomputation here: the haversine distance (written here, not
// package geo's) from each census section's representative point to the
// nearest such facility. With sections there is no spreading: every
// section's people are either served or not.
func TestMilanoUnderservedFromSections(t *testing.T) {
	d, _ := importMilano(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "milano.duckdb")
	if err := Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	e := engine.New(c, engine.Options{})
	v, err := e.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const q = "where underserved target=anziani-75 service=rsa,centro-diurno-integrato radius=800m top=0"
	plan, err := dsl.Compile(q, v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Exec(ctx, engine.Request{Question: q, Plan: plan, Role: engine.RoleAnalyst})
	if err != nil {
		t.Fatal(err)
	}

	// The recomputation.
	haversine := func(lon1, lat1, lon2, lat2 float64) float64 {
		const r = 6371008.8 // mean Earth radius, m
		rad := math.Pi / 180
		a := math.Pow(math.Sin((lat2-lat1)*rad/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin((lon2-lon1)*rad/2), 2)
		return 2 * r * math.Asin(math.Sqrt(a))
	}
	var sites [][2]float64
	for _, f := range d.Facilities {
		if f.Service == "rsa" || f.Service == "centro-diurno-integrato" {
			sites = append(sites, [2]float64{f.Lon, f.Lat})
		}
	}
	if len(sites) != 81 {
		t.Fatalf("%d RSA and CDI, want 59 + 22", len(sites))
	}
	areas := map[string]AreaRow{}
	for _, a := range d.Areas {
		areas[a.ID] = a
	}
	var total, unserved int64
	unservedNIL := map[string]int64{}
	near := 0 // sections within 1 m of the radius, where rounding could flip the answer
	for _, r := range d.Demand {
		if r.Target != "anziani-75" || r.Year != 2011 {
			continue
		}
		a := areas[r.AreaID]
		if a.Level != "section" {
			t.Fatalf("anziani-75 row on %s, want sections only", a.Level)
		}
		nearest := math.Inf(1)
		for _, s := range sites {
			nearest = min(nearest, haversine(a.Lon, a.Lat, s[0], s[1]))
		}
		if math.Abs(nearest-800) < 1 {
			near++
		}
		total += r.Count
		if nearest > 800 {
			unserved += r.Count
			unservedNIL[areas[a.ParentID].Slug] += r.Count
		}
	}
	if near > 0 {
		t.Logf("%d sections lie within 1 m of 800 m from their nearest facility", near)
	}
	if got := res.Facts["target_count"]; got != total || total != 158_372 {
		t.Errorf("people aged 75+: answer %v, recomputed %d (census P29 of the sections with a NIL: 158,372)", got, total)
	}
	if got := res.Facts["unserved"]; got != unserved {
		t.Errorf("unserved: answer %v, recomputed %d", got, unserved)
	}
	// Each NIL of the table against the recomputation.
	col := map[string]int{}
	for i, cl := range res.Columns {
		col[cl.Name] = i
	}
	if len(res.Rows) != 88 {
		t.Errorf("%d rows, want the 88 NIL", len(res.Rows))
	}
	withheld := 0
	for _, row := range res.Rows {
		slug, _ := row[1].Raw().(string)
		cell := row[col["unserved"]]
		if cell.IsSuppressed() {
			withheld++ // a cell the disclosure rule hides, for every role
			continue
		}
		if got := cell.Raw(); got != unservedNIL[slug] {
			t.Errorf("%s: unserved %v, recomputed %d", slug, got, unservedNIL[slug])
		}
	}
	if withheld > 15 {
		t.Errorf("%d of 88 NIL withheld: too few left to check", withheld)
	}
	t.Logf("unserved aged 75+: %d of %d", unserved, total)
}
