package engine

import (
	"context"
	"fmt"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// publisher publishes the counts of one target for one reader: the
// engine's only way to turn people into a figure (docs/privacy.md).
type publisher struct {
	pol       disclose.Policy
	threshold int
}

// publisher returns the publisher of a target's counts for a role.
func (e *Engine) publisher(t Target, role Role) publisher {
	return publisher{
		pol: disclose.Policy{Secret: e.info.Secret, Table: disclose.DefaultTable, MinUnits: disclose.DefaultMinUnits,
			Rounding: role.Rounding(), Exact: role.Exact()},
		threshold: max(t.MinCount, 1),
	}
}

// count publishes a cell of the fixed hierarchy (a neighbourhood, a
// municipio, the city) or any union of whole cells.
func (p publisher) count(r disclose.Region) disclose.Count { return p.pol.Count(r, p.threshold) }

// drawn publishes a region a question drew (a radius, a catchment, the
// people a site covers): withheld when it holds too few census sections.
func (p publisher) drawn(r disclose.Region) disclose.Count { return p.pol.Drawn(r, p.threshold) }

// fact writes a published count into a result's facts: its figure, or ":c".
func fact(c disclose.Count) any {
	if v, ok := c.Value(); ok {
		return v
	}
	return Confidential
}

// shareValue is a table cell of num / den from published counts: empty
// when den is zero, withheld when either is.
func shareValue(num, den disclose.Count) Value {
	if num.Withheld() || den.Withheld() {
		return Suppressed()
	}
	if s, ok := disclose.Share(num, den); ok {
		return Float(s)
	}
	return Empty()
}

// shareFact is num / den for the facts: ":c" when either is withheld, nil
// when den is zero.
func shareFact(num, den disclose.Count) any {
	if num.Withheld() || den.Withheld() {
		return Confidential
	}
	if s, ok := disclose.Share(num, den); ok {
		return s
	}
	return nil
}

// isPeopleUnit reports whether a column's unit counts people or families.
func isPeopleUnit(unit string) bool {
	switch unit {
	case "persone", "people", "famiglie", "households":
		return true
	}
	return false
}

// checkPublished fails closed: a column of people that holds a figure not
// made by Count (so not published through disclose) is a defect of the
// analysis, and the answer is refused rather than published.
func checkPublished(res *Result) error {
	for j, c := range res.Columns {
		if !isPeopleUnit(c.Unit) {
			continue
		}
		for i, row := range res.Rows {
			if j < len(row) && row[j].Raw() != nil && !row[j].IsPeople() {
				return fmt.Errorf("internal: row %d, column %q holds a count of people not published through disclose", i+1, c.Name)
			}
		}
	}
	return checkFacts(res)
}

// levelTable returns a target's published counts by neighbourhood,
// municipio and city for a year, with the disclosure pattern every table of
// those levels applies, cached for the role's precision.
func (e *Engine) levelTable(ctx context.Context, target Target, year int, role Role) (*levelCells, withheld, *demandTable, error) {
	tbl, err := e.demandTable(ctx, target.Slug, year)
	if err != nil {
		return nil, withheld{}, nil, err
	}
	type levels struct {
		c *levelCells
		w withheld
	}
	key := fmt.Sprintf("levels|%s|%d|%d|%t", target.Slug, year, role.Rounding(), role.Exact())
	if v, ok := e.memo.Load(key); ok {
		l := v.(levels)
		return l.c, l.w, tbl, nil
	}
	c := rowCells(tbl, e.publisher(target, role))
	w := protectLevels(c, nil, nil, target.MinCount)
	e.memo.Store(key, levels{c, w})
	return c, w, tbl, nil
}

// areaCount returns the published count of a target in an area of the
// fixed hierarchy for a year, withheld where the tables of its level
// withhold it (sections are never published one by one). found is false
// when the catalog holds no count of the target for the area that year.
func (e *Engine) areaCount(ctx context.Context, target Target, area Area, year int, role Role) (c disclose.Count, found bool, err error) {
	cells, w, tbl, err := e.levelTable(ctx, target, year, role)
	if err != nil || len(tbl.rows) == 0 {
		return disclose.Withheld(), false, err
	}
	hold := func(c disclose.Count, hide bool) disclose.Count {
		if hide {
			return disclose.Withheld()
		}
		return c
	}
	switch area.Level {
	case LevelCity:
		// Exact figures (the analyst) keep the classic threshold rule;
		// perturbed ones are never in 1..threshold−1.
		v, ok := cells.cityPub.Value()
		return hold(cells.cityPub, ok && v > 0 && v < int64(target.MinCount)), true, nil
	case LevelMunicipio:
		if i, ok := cells.muniIndex[area.Slug]; ok {
			return hold(cells.muniPub[i], w.muni[i]), true, nil
		}
	case LevelNIL:
		if i, ok := cells.nilIndex[area.Slug]; ok {
			return hold(cells.nilPub[i], w.nil[i]), true, nil
		}
	default:
		return disclose.Withheld(), true, nil
	}
	return disclose.Withheld(), false, nil
}
