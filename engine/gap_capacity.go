package engine

import (
	"context"
	"fmt"
	"math"
)

// gapCapacity answers how many places of a service an area needs against
// its benchmark.
func (e *Engine) gapCapacity(ctx context.Context, p *HowmuchCapacity, l Lang, role Role) (*Result, error) {
	in, err := e.gapResolve(ctx, p.Service)
	if err != nil {
		return nil, err
	}
	b, target, svc := in.bench, in.target, in.service
	area, err := e.knownArea(p.Area)
	if err != nil {
		return nil, err
	}
	count, tbl, err := e.gapAreaCount(ctx, target, area, p.Year, role)
	if err != nil {
		return nil, err
	}
	hide := count.Withheld()
	used := sourceSet{}
	used.table(tbl)
	used.facilities(in.facilities)
	var capacity float64
	inArea := 0
	for _, f := range in.facilities {
		if e.gapHolds(area, f) {
			inArea++
			capacity += f.Capacity
		}
	}
	// Places from the published count, never from the exact one.
	n, _ := count.Value()
	// Places are whole: what is needed is rounded up, and the gap is
	// needed minus the places there are (capacities are whole too).
	needed := math.Ceil(b.Value*float64(n)/b.Per - 1e-9)
	gap := math.Round(needed - capacity)
	ratio := math.NaN()
	if n > 0 {
		ratio = capacity * b.Per / float64(n)
	}
	capUnit := capacityUnit(svc, l)
	res := &Result{
		Columns: []Column{
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: levelName(area.Level, l), Type: TypeString},
			{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: capUnit},
			{Name: "places_needed", Label: l.Pick("posti necessari", "places needed"), Type: TypeInt, Unit: capUnit},
			{Name: "places_missing", Label: l.Pick("posti mancanti", "places missing"), Type: TypeInt, Unit: capUnit},
			{Name: "places_surplus", Label: l.Pick("posti in più", "places to spare"), Type: TypeInt, Unit: capUnit},
			{Name: "ratio", Label: fmt.Sprintf("%s per %s", capUnit, FormatFloat(b.Per, 0, l)), Type: TypeFloat},
			{Name: "benchmark", Label: "standard", Type: TypeFloat},
		},
		Facts: map[string]any{
			"service": p.Service, "target": b.Target, "area": area.Slug, "area_name": area.Name, "year": p.Year,
			"benchmark": b.ID, "benchmark_value": b.Value, "benchmark_per": b.Per, "benchmark_kind": b.Kind,
			"facilities": inArea, "capacity": capacity,
		},
	}
	if hide {
		res.Rows = [][]Value{{Str(area.Slug), Str(area.Name), Count(count), Float(capacity), Suppressed(), Suppressed(), Suppressed(), Suppressed(), Float(b.Value)}}
		for _, k := range []string{"target_count", "places_needed", "gap", "ratio"} {
			res.Facts[k] = Confidential
		}
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: il numero di %s non è pubblicabile (tutela della riservatezza), e con esso i posti di %s necessari; ce ne sono %s.", area.Name, p.Year, target.Name(l), svc.Name(l), FormatFloat(capacity, 0, l)),
			fmt.Sprintf("%s, %d: the number of %s cannot be published (confidentiality), nor the places of %s needed; there are %s.", area.Name, p.Year, target.Name(l), svc.Name(l), FormatFloat(capacity, 0, l)))
	} else {
		// Neither column is ever negative: a surplus is its own column.
		res.Rows = [][]Value{{Str(area.Slug), Str(area.Name), Count(count), Float(capacity), Int(int64(needed)), Int(int64(max(gap, 0))), Int(int64(max(-gap, 0))), gapFloat(ratio), Float(b.Value)}}
		res.Facts["target_count"], res.Facts["places_needed"], res.Facts["gap"] = fact(count), needed, gap
		res.Facts["ratio"] = nil
		if !math.IsNaN(ratio) {
			res.Facts["ratio"] = ratio
		}
		h := l.Pick(
			fmt.Sprintf("%s, %d: per %s %s lo standard chiede %s %s di %s; ce ne sono %s", area.Name, p.Year, FormatInt(n, l), target.Name(l), FormatFloat(needed, 0, l), capUnit, svc.Name(l), FormatFloat(capacity, 0, l)),
			fmt.Sprintf("%s, %d: for %s %s the standard asks for %s %s of %s; there are %s", area.Name, p.Year, FormatInt(n, l), target.Name(l), FormatFloat(needed, 0, l), capUnit, svc.Name(l), FormatFloat(capacity, 0, l)))
		switch {
		case gap > 0:
			h += l.Pick(fmt.Sprintf(": ne mancano %s.", FormatFloat(gap, 0, l)), fmt.Sprintf(": %s missing.", FormatFloat(gap, 0, l)))
		case gap == 0:
			h += l.Pick(": sono quanti ne servono.", ": exactly as many as needed.")
		default:
			h += l.Pick(fmt.Sprintf(", %s in più del necessario.", FormatFloat(-gap, 0, l)), fmt.Sprintf(", %s more than needed.", FormatFloat(-gap, 0, l)))
		}
		res.Headline = h
	}
	res.Notes = append(res.Notes, standardNote(b, l), l.Pick(
		fmt.Sprintf("Metodo: posti necessari = %s × %s / %s, arrotondati per eccesso a posti interi; posti mancanti o in più = differenza tra posti necessari e capacità %s che si trovano nell'area.",
			trimmed(b.Value, 2, l), target.Name(l), FormatFloat(b.Per, 0, l), OfTheN(inArea, "struttura", "strutture")),
		fmt.Sprintf("Method: places needed = %s × %s / %s, rounded up to whole places; places missing or to spare = the difference between places needed and the capacity of the %d facilities standing in the area.",
			trimmed(b.Value, 2, l), target.Name(l), FormatFloat(b.Per, 0, l), inArea)))
	if area.Level != LevelCity {
		res.Notes = append(res.Notes, l.Pick("Le strutture servono anche chi vive appena fuori dall'area, e chi vi abita può usarne di vicine fuori: il confronto è per confini amministrativi.",
			"Facilities also serve people living just outside the area, and its residents may use nearby ones outside it: the comparison follows administrative boundaries."))
	}
	res.Notes = append(res.Notes, gapCaveats(in, 0, role, l)...)
	res.Disclosure = Disclosure{
		Rule:      disclosureRule(target.MinCount, l),
		Threshold: target.MinCount,
	}
	if hide {
		res.Disclosure.Suppressed = 5
	}
	res.Sources = e.sources(used)
	return res, nil
}
