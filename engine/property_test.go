package engine_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// propertyTemplates are the question shapes the random questions are drawn
// from; {target}, {service}, {radius}, {level}, {area}, {nil} and {top} are
// filled from the catalog's vocabulary.
var propertyTemplates = []string{
	"where underserved target={target} radius={radius} level={level} top={top}",
	"where underserved target={target} radius={radius} area={area} top=0",
	"howmuch demand target={target} area={area}",
	"howmuch demand target={target} area={nil}",
	"where priority target={target} level={level} top={top}",
	"where concentration target={target} level={level} top={top}",
	"where reach target={target} level={level} top={top}",
	"where gap service={service} level={level} top={top}",
	"which saturation service={service} top={top}",
	"compare area={area},{nil} target={target}",
	"profile area={nil}",
	"which partners target={target} area={nil}",
	"where served from={facility} target={target}",
	"where overlap service={service} target={target} top={top}",
	"where locate service={service} target={target} count={count} radius={radius} area={area}",
	"howmuch centers service={service} target={target} coverage=80% radius={radius} area={area}",
	"allocate budget=100k target={target} level={level}",
	"when saturation service={service} area={area}",
	"which center service={service} area={nil} top={top}",
	"which alternatives service={service} area={nil}",
	"howmuch capacity service={service} area={area}",
	"when route from={facility} area={nil} target={target} visits=8",
	"where served from={facility} target={target} radius={radius}",
}

// TestNoSmallCountIsEverPublished asks hundreds of random questions about
// the demo city (sensitive targets included) and checks every published
// count of people: none lies between 1 and its target's threshold − 1, and
// no table whose total is published leaves a single withheld cell that the
// total would give back.
func TestNoSmallCountIsEverPublished(t *testing.T) {
	c := openCity(t, demoCity(t, 3))
	v, d := c.vocab, c.data
	facilities := d.Facilities
	var nils, areas []string
	for _, a := range v.Areas {
		switch a.Level {
		case engine.LevelNIL:
			nils = append(nils, a.Slug)
			areas = append(areas, a.Slug)
		case engine.LevelMunicipio:
			areas = append(areas, a.Slug)
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	answered, tables := 0, 0
	for i := range 600 {
		tpl := propertyTemplates[i%len(propertyTemplates)]
		target := v.Targets[rng.IntN(len(v.Targets))]
		services := v.ServicesFor(target.Slug)
		service := v.Services[rng.IntN(len(v.Services))].Slug
		if len(services) > 0 && rng.IntN(2) == 0 {
			service = pick(services)
		}
		q := strings.NewReplacer(
			"{target}", target.Slug, "{service}", service,
			"{radius}", pick([]string{"100m", "300m", "500m", "800m", "1km", "2km"}),
			"{level}", pick([]string{"nil", "municipio"}), "{area}", pick(areas), "{nil}", pick(nils),
			"{top}", pick([]string{"0", "5", "10"}), "{count}", pick([]string{"1", "3", "5"}), "{facility}", facilities[rng.IntN(len(facilities))].ID,
		).Replace(tpl)
		role := []engine.Role{engine.RoleStaff, engine.RoleGrant, engine.RolePress}[i%3]
		res, err := c.as(role).exec(q, engine.Italian)
		if err != nil {
			continue // a service that does not serve the target, a question not available or that the catalog cannot answer (no benchmark, no demand): a plain error is fine
		}
		answered++
		threshold := int64(res.Disclosure.Threshold)
		if threshold == 0 {
			threshold = 3
		}
		// Every published count of people is zero or at least the threshold.
		for ci, col := range res.Columns {
			if !isPeople(col) {
				continue
			}
			hidden, positive := 0, 0
			for _, row := range res.Rows {
				if row[ci].IsSuppressed() {
					hidden++
					continue
				}
				n, ok := row[ci].Raw().(int64)
				if !ok {
					continue
				}
				if n > 0 {
					positive++
				}
				if n > 0 && n < threshold {
					t.Errorf("%s: column %s publishes %d, below the threshold %d", q, col.Name, n, threshold)
				}
			}
			if hidden == 1 && positive > 0 && completeTable(q) {
				t.Errorf("%s: column %s withholds a single cell in a complete table", q, col.Name)
			}
			tables++
		}
		// Every fact, at any depth of the JSON, that counts people.
		js, err := json.Marshal(res.Facts)
		if err != nil {
			t.Fatal(err)
		}
		var facts any
		if err := json.Unmarshal(js, &facts); err != nil {
			t.Fatal(err)
		}
		walkFacts(facts, "", func(path string, n float64) {
			if strings.HasPrefix(q, "where locate") && path == ".count" {
				return // the number of sites asked
			}
			if isPeopleFact(path) && n == math.Trunc(n) && n > 0 && n < float64(threshold) {
				t.Errorf("%s (%s): fact %s = %v, below the threshold %d", q, role, path, n, threshold)
			}
		})
		if strings.Contains(string(js), "demand_points") || strings.Contains(string(js), `"bound"`) {
			t.Errorf("%s: facts carry structural or bound figures in people: %s", q, js)
		}
	}
	if answered < 100 {
		t.Fatalf("only %d of 600 random questions were answered", answered)
	}
	t.Logf("%d questions answered, %d columns of people checked", answered, tables)
}

// walkFacts calls f with every number in a decoded JSON value and its path.
func walkFacts(v any, path string, f func(string, float64)) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			walkFacts(y, path+"."+k, f)
		}
	case []any:
		for _, y := range x {
			walkFacts(y, path, f)
		}
	case float64:
		f(path, x)
	}
}

func isPeopleFact(k string) bool {
	for _, s := range []string{"share", "ratio", "index", "quotient", "lq", "density", "percent", "per_", "change", "trend", "capacity", "places", "km", "_m", "euro", "budget", "weight", "minutes"} {
		if strings.Contains(k, s) {
			return false
		}
	}
	if strings.Contains(k, "year") || strings.Contains(k, "sites") || strings.Contains(k, "facilities") || strings.Contains(k, "candidates") || strings.Contains(k, "areas") || strings.Contains(k, "visits") || strings.Contains(k, "stops") {
		return false
	}
	for _, s := range []string{"count", "unserved", "target_count", "served", "shared", "demand", "covered", "gain", "reached", "people", "population", "households"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// completeTable reports whether a question shows every area of its level,
// so that its column sums to a published total.
func completeTable(q string) bool {
	return strings.Contains(q, "top=0") && !strings.Contains(q, "area=")
}
