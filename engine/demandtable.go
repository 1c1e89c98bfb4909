package engine

import (
	"context"
	"fmt"
	"math"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
)

// spreadSpacingM is the grid over which a count known only for a whole
// neighbourhood is spread, uniformly, to measure distances.
const spreadSpacingM = 100.0

// demandTable is a target's demand for a year at the finest level the
// catalog holds, with each row's ancestors and the weighted points that
// place its people on the map.
type demandTable struct {
	level     string
	rows      []AreaDemand
	nil       []string       // slug of each row's neighbourhood ("" above that level)
	municipio []string       // slug of each row's municipio
	keys      []disclose.Key // cell key of each row
	points    []demandPoint
	spread    bool // some counts were spread over their area's outline
}

// demandPoint is where a share of a row's people live, with the record key
// of those people (the row's cell key for a section; a key of its own for
// each point of a count spread over an area, the row's key being their sum).
type demandPoint struct {
	p   geo.Point
	w   float64 // people (or families) at this point
	row int
	key disclose.Key
}

// region returns the records of one point, for a disclose.Region.
func (dp demandPoint) region() disclose.Region {
	var r disclose.Region
	r.Add(dp.w, dp.key)
	return r
}

// rowRegion returns the records of whole rows (cells of the catalog).
func (t *demandTable) rowRegion(rows ...int) disclose.Region {
	var r disclose.Region
	for _, i := range rows {
		r.Add(float64(t.rows[i].Count), t.keys[i])
	}
	return r
}

// ancestors returns the slugs of an area's neighbourhood and municipio.
func (e *Engine) ancestors(id string) (nilSlug, municipio string) {
	for a, ok := e.areaByID[id]; ok; a, ok = e.areaByID[a.Parent] {
		switch a.Level {
		case LevelNIL:
			nilSlug = a.Slug
		case LevelMunicipio:
			municipio = a.Slug
			return nilSlug, municipio
		}
	}
	return nilSlug, municipio
}

// demandTable returns the table, from the store the first time and from
// memory afterwards: an open catalog never changes. Callers must not modify it.
func (e *Engine) demandTable(ctx context.Context, target string, year int) (*demandTable, error) {
	k := tableKey{target, year}
	e.mu.Lock()
	t, ok := e.tables[k]
	e.mu.Unlock()
	if ok {
		return t, nil
	}
	rows, err := e.store.FinestDemand(ctx, target, year)
	if err != nil {
		return nil, err
	}
	t = &demandTable{rows: rows, nil: make([]string, len(rows)), municipio: make([]string, len(rows)), keys: make([]disclose.Key, len(rows))}
	secret := e.info.Secret
	for i, r := range rows {
		t.level = r.Level
		t.nil[i], t.municipio[i] = e.ancestors(r.Area)
		cell := disclose.CellName(r.Area, target, year)
		if r.Level == LevelSection || r.Shape == "" {
			t.keys[i] = secret.CellKey(cell, r.Count)
			t.points = append(t.points, demandPoint{r.Point, float64(r.Count), i, t.keys[i]})
			continue
		}
		shape, err := geo.ParseGeoJSON([]byte(r.Shape))
		if err != nil {
			return nil, fmt.Errorf("outline of area %s: %w", r.Area, err)
		}
		pts := shape.GridPoints(spreadSpacingM)
		if len(pts) == 0 {
			pts = []geo.Point{r.Point}
		}
		w := float64(r.Count) / float64(len(pts))
		for j, p := range pts {
			k := secret.PointKey(cell, j)
			if r.Count == 0 {
				k = 0
			}
			t.keys[i] += k
			t.points = append(t.points, demandPoint{p, w, i, k})
		}
		t.spread = true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tables == nil {
		e.tables = map[tableKey]*demandTable{}
	}
	if _, ok := e.tables[k]; !ok {
		for len(e.order) > 0 && e.cached+len(t.points) > e.cacheLimit {
			e.cached -= len(e.tables[e.order[0]].points)
			delete(e.tables, e.order[0])
			e.order = e.order[1:]
		}
		e.tables[k] = t
		e.order = append(e.order, k)
		e.cached += len(t.points)
	}
	return t, nil
}

// rankingTable returns a target's demand table for a year, or an error when
// the catalog holds none or cannot rank it at the level asked.
func (e *Engine) rankingTable(ctx context.Context, target string, year int, level string) (*demandTable, error) {
	tbl, err := e.heldTable(ctx, target, year)
	if err != nil {
		return nil, err
	}
	if level == LevelNIL && tbl.level == LevelMunicipio {
		return nil, keyErrorf("level", "il catalogo conta %s solo per municipio: chiedi con livello=municipio", "the catalog holds %s only by municipio: ask with level=municipio", target)
	}
	return tbl, nil
}

// heldTable returns a target's demand table for a year, or an error when
// the catalog holds none.
func (e *Engine) heldTable(ctx context.Context, target string, year int) (*demandTable, error) {
	tbl, err := e.demandTable(ctx, target, year)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, keyErrorf("year", "il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", target, year)
	}
	return tbl, nil
}

// roundCount turns a spread count back into whole people.
func roundCount(x float64) int64 { return int64(math.Round(x)) }

// decisionCount is a row's count as the engine's choices for a reader use
// it: exact for a role granted exact counts, else perturbed with the row's
// own key (a small count becomes 0 or the threshold, never itself). What a
// solver decides from it — how many sites a coverage goal needs, which
// candidates exist, which stops a route visits and in which order — then
// reveals no more than perturbed section counts, however many coverage
// goals or visit limits an asker tries (docs/privacy.md).
func (t *demandTable) decisionCount(i int, pub publisher) float64 {
	n := t.rows[i].Count
	if pub.pol.Exact || n <= 0 {
		return float64(max(n, 0))
	}
	return float64(pub.pol.Table.Perturb(n, t.keys[i], pub.threshold))
}

// decisionWeight is a point's share of its row's decision count.
func (t *demandTable) decisionWeight(dp demandPoint, pub publisher) float64 {
	n := t.rows[dp.row].Count
	if n <= 0 {
		return 0
	}
	return dp.w * t.decisionCount(dp.row, pub) / float64(n)
}

// sameSource reports whether a target's demand in two years comes from the
// same dataset: only then is their difference a change (census and registry
// count the same people differently). A year without demand is no source.
func (e *Engine) sameSource(ctx context.Context, target string, y0, y1 int) (bool, error) {
	t0, err := e.demandTable(ctx, target, y0)
	if err != nil {
		return false, err
	}
	t1, err := e.demandTable(ctx, target, y1)
	if err != nil {
		return false, err
	}
	if len(t0.rows) == 0 || len(t1.rows) == 0 {
		return false, nil
	}
	return t0.rows[0].Dataset == t1.rows[0].Dataset, nil
}
