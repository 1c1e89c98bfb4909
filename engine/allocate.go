package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// allocate shares a budget among areas by need, in two variants shown side
// by side:
//
//   - proportional to the need index: area i gets B × I_i / Σ I, where I is
//     the priority index of `where priority` (volume, unserved share, growth);
//   - max-min fair per unserved person: the division that maximises the
//     smallest amount per person of the target with no service within reach,
//     which gives every such person the same amount: B × U_i / Σ U.
//
// Only published figures enter either division (the index as the priority
// table shows it, computed from published counts, and the published count of
// the unserved), so that the euros reveal nothing the published counts do
// not: an area whose index or unserved count is withheld by disclosure
// control gets no share in that variant (a share proportional to a withheld
// count would reveal it), and the answer says how many areas get none.
// Amounts are whole euros that add up exactly to the budget (largest
// remainders).
func (e *Engine) allocate(ctx context.Context, p *Allocate, req Request) (*Result, error) {
	l := req.Lang
	if p.BudgetEUR <= 0 {
		return nil, keyErrorf("budget", "il budget deve essere positivo, non %d €", "the budget must be positive, got %d €", p.BudgetEUR)
	}
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	level := p.Level
	if level == "" {
		level = LevelNIL
	}
	pri, prows, err := e.priority(ctx, &WherePriority{Target: p.Target, Area: p.Area, Level: level, Year: p.Year}, req)
	if err != nil {
		return nil, err
	}
	cIndex := -1
	for i, c := range pri.Columns {
		if c.Name == "priority_index" {
			cIndex = i
		}
	}
	if cIndex < 0 || len(prows) != len(pri.Rows) {
		panic("engine: priority has no column priority_index, or not one figure per row")
	}
	areas := e.allocateAreas(prows)
	index := make([]float64, len(areas))
	unserved := make([]float64, len(areas))
	for i, a := range areas {
		if a.hasIndex {
			index[i] = a.index
		}
		if a.hasUnsrv {
			unserved[i] = float64(concFigure(a.unserved))
		}
	}
	prop := divide(p.BudgetEUR, index)
	fair := divide(p.BudgetEUR, unserved)

	order := make([]int, len(areas))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Or(cmp.Compare(prop[y], prop[x]), cmp.Compare(fair[y], fair[x]), cmp.Compare(areas[x].slug, areas[y].slug))
	})
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "priority_index", Label: l.Pick("indice di bisogno", "need index"), Type: TypeFloat, Unit: "0–100"},
			Column{Name: "proportional_eur", Label: l.Pick("quota proporzionale al bisogno", "share by need"), Type: TypeInt, Unit: "€"},
			Column{Name: "unserved", Label: l.Pick("senza servizio", "unserved"), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "fair_eur", Label: l.Pick("quota equa per persona senza servizio", "fair share per unserved person"), Type: TypeInt, Unit: "€"},
		),
		Facts: map[string]any{"target": p.Target, "year": p.Year, "budget_eur": p.BudgetEUR, "level": level, "areas": len(areas)},
	}
	var noIndex, noUnserved int
	var sumUnserved int64
	for rank, i := range order {
		a := areas[i]
		idx, uns := Empty(), Count(a.unserved)
		switch v := pri.Rows[i][cIndex]; {
		case v.IsSuppressed():
			idx = Suppressed()
		case a.hasIndex:
			idx = Float(a.index)
		}
		if !a.hasIndex {
			noIndex++
		}
		if a.unserved.Withheld() {
			noUnserved++
		} else {
			sumUnserved += concFigure(a.unserved)
		}
		res.Rows = append(res.Rows, []Value{Int(int64(rank + 1)), Str(a.slug), Str(a.name), Count(a.total), idx, Int(prop[i]), uns, Int(fair[i])})
	}
	scope := e.areaName(orCity(p.Area, e.vocab.CityArea))
	if len(order) > 0 && prop[order[0]] > 0 {
		top := areas[order[0]]
		res.Facts["first"] = top.slug
		res.Facts["first_eur"] = prop[order[0]]
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: dei %s € per %s, la quota più alta in proporzione al bisogno va a %s (%s €, %s).",
				scope, p.Year, FormatInt(p.BudgetEUR, l), target.Name(l), top.name, FormatInt(prop[order[0]], l), The(FormatPercent(float64(prop[order[0]])/float64(p.BudgetEUR), l))),
			fmt.Sprintf("%s, %d: of the €%s for %s, the largest share by need goes to %s (€%s, %s).",
				scope, p.Year, FormatInt(p.BudgetEUR, l), target.Name(l), top.name, FormatInt(prop[order[0]], l), FormatPercent(float64(prop[order[0]])/float64(p.BudgetEUR), l)))
	} else {
		res.Headline = l.Pick("Nessuna area ha un indice di bisogno pubblicabile: il budget non si può ripartire su questi dati.",
			"No area has a publishable need index: the budget cannot be shared on these figures.")
	}
	if sumUnserved > 0 {
		res.Facts["eur_per_unserved"] = float64(p.BudgetEUR) / float64(sumUnserved)
	}
	res.Notes = allocateNotes(noIndex, noUnserved, l)
	res.Disclosure = pri.Disclosure
	res.Sources = pri.Sources
	return res, nil
}

// allocateArea is an area to share the budget among.
type allocateArea struct {
	slug, name         string
	total, unserved    disclose.Count
	index              float64
	hasIndex, hasUnsrv bool
}

// allocateAreas takes the areas of the priority table. Both divisions take
// only published figures: the need index as the priority table shows it,
// and the published count of the unserved, so that the euros reveal
// nothing the published counts do not.
func (e *Engine) allocateAreas(prows []priorityRow) []allocateArea {
	areas := make([]allocateArea, 0, len(prows))
	for _, r := range prows {
		a := allocateArea{slug: r.slug, name: e.areaName(r.slug), total: r.total, unserved: r.unserved}
		if r.hasIdx {
			a.index = math.Round(r.index*10) / 10
			a.hasIndex = a.index > 0
		}
		if r.total.Withheld() {
			a.unserved = disclose.Withheld()
		}
		a.hasUnsrv = a.unserved.Positive()
		areas = append(areas, a)
	}
	return areas
}

// allocateNotes says how the two divisions are made and which areas get
// no share.
func allocateNotes(noIndex, noUnserved int, l Lang) []string {
	notes := []string{l.Pick(
		"Due ripartizioni a confronto. Proporzionale al bisogno: ogni area riceve il budget in proporzione al suo indice di bisogno (l'indice di priorità: 0,4 volume + 0,4 quota senza servizio + 0,2 crescita). Equa max-min: la ripartizione che massimizza l'importo minimo per persona senza servizio, cioè lo stesso importo a ciascuna persona senza una struttura entro il raggio abituale. Importi in euro interi che sommano esattamente al budget (resti maggiori).",
		"Two divisions side by side. By need: each area gets the budget in proportion to its need index (the priority index: 0.4 volume + 0.4 unserved share + 0.2 growth). Max-min fair: the division that maximises the smallest amount per unserved person, that is the same amount for every person with no facility within the usual radius. Whole euros that add up exactly to the budget (largest remainders).")}
	if noIndex > 0 || noUnserved > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Aree senza quota: %d senza indice pubblicabile (riservato o nessun bisogno), %d con il numero di persone senza servizio riservato; una quota calcolata su un dato riservato lo rivelerebbe.", noIndex, noUnserved),
			fmt.Sprintf("Areas with no share: %d with no publishable index (withheld or no need), %d whose unserved count is withheld; a share computed from a withheld figure would reveal it.", noIndex, noUnserved)))
	}
	return notes
}

// divide splits budget whole euros in proportion to the weights (which must
// be ≥ 0), by largest remainders, ties to the earlier weight; all zeros when
// every weight is zero.
func divide(budget int64, weights []float64) []int64 {
	out := make([]int64, len(weights))
	var sum float64
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, 0, len(weights))
	left := budget
	for i, w := range weights {
		exact := float64(budget) * w / sum
		out[i] = int64(math.Floor(exact))
		left -= out[i]
		if w > 0 {
			rems = append(rems, rem{i, exact - float64(out[i])})
		}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; left > 0 && len(rems) > 0; k = (k + 1) % len(rems) {
		out[rems[k].i]++
		left--
	}
	return out
}
