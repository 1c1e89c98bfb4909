package engine

import (
	"cmp"
	"context"
	"fmt"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// reach ranks the areas of a level by where local communication (posters,
// leaflets, an info point) reaches most people of a target: where they are
// both dense on the ground and a large part of the population. The score is
//
//	score = (density / max density) × (share / max share)
//
// with density = count / km², share = count / the area's residents (or
// households, for family targets), and the maxima taken over the areas
// compared whose figures are published. It lies in [0, 1] and is 1 only for
// an area first on both. Without a base population the score is the
// normalised density alone. Every figure is derived from published counts;
// the maxima never include a withheld area, so scores reveal nothing of it.
func (e *Engine) reach(ctx context.Context, p *WhereReach, req Request) (*Result, error) {
	l, role := req.Lang, req.Role
	target, scope, tc, base, err := e.concSetup(ctx, p.Target, p.Area, p.Level, p.Year, role)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	tc.datasets(used)
	if base != nil {
		base.datasets(used)
	}
	rows := e.reachRows(tc, base, p.Level, scope)
	shown := topRows(rows, p.Top)
	res, withheldCells := reachTable(shown, target, p.Level, l)
	scopeN, _ := tc.at(scope)
	res.Facts = concFacts(p.Target, p.Year, p.Level, scope, len(rows), scopeN, base)
	name := target.Name(l)
	head := fmt.Sprintf("%s, %d: ", scope.Name, p.Year)
	if len(rows) > 0 && rows[0].scored && rows[0].n.Positive() {
		top := rows[0]
		res.Facts["top_area"] = top.area.Slug
		res.Facts["top_score"] = top.score
		res.Facts["top_density"] = top.density
		d := FormatFloat(top.density, 0, l)
		if base != nil {
			res.Facts["top_share"] = top.share
			baseIT, baseEN := "dei residenti", "of residents"
			if target.Kind == "family" {
				baseIT, baseEN = "delle famiglie", "of households"
			}
			head += l.Pick(fmt.Sprintf("per raggiungere %s conviene partire da %s (%s per km², %s %s).", name, top.area.Name, d, FormatPercent(top.share, l), baseIT),
				fmt.Sprintf("to reach %s, start from %s (%s per km², %s %s).", name, top.area.Name, d, FormatPercent(top.share, l), baseEN))
		} else {
			head += l.Pick(fmt.Sprintf("per raggiungere %s conviene partire da %s (%s per km²).", name, top.area.Name, d),
				fmt.Sprintf("to reach %s, start from %s (%s per km²).", name, top.area.Name, d))
		}
	} else {
		head += l.Pick(fmt.Sprintf("nessuna zona ha dati pubblicabili su %s per scegliere dove comunicare.", name),
			fmt.Sprintf("no area has publishable figures on %s to choose where to communicate.", name))
	}
	res.Headline = head

	res.Notes = append(res.Notes, l.Pick(
		"Metodo: punteggio = (densità / densità massima) × (quota sulla popolazione / quota massima), con i massimi presi tra le aree confrontate con dati pubblicabili; vale 1 solo per un'area prima in entrambe. Premia le zone dove il target è fitto sul territorio e insieme una parte grande della popolazione: lì un manifesto o un punto informativo raggiunge più persone del target e meno persone fuori target.",
		"Method: score = (density / highest density) × (share of the population / highest share), the highest taken among the areas compared with publishable figures; it is 1 only for an area first on both. It favours areas where the target is dense on the ground and a large part of the population: there a poster or an info point reaches more people of the target and fewer outside it."))
	if base == nil {
		res.Notes = append(res.Notes, concMissingBase(target, p.Year, l), l.Pick(
			"Senza popolazione di riferimento il punteggio è la sola densità normalizzata.",
			"Without a base population the score is the normalised density alone."))
	}
	if role.Rounding() > 1 {
		res.Notes = append(res.Notes, l.Pick("Quote, densità e punteggi sono calcolati sui conteggi arrotondati pubblicati.",
			"Shares, densities and scores are computed from the rounded counts published."))
	}
	res.Notes = withTopNote(res.Notes, p.Top, len(rows), l)
	res.Disclosure = peopleDisclosure(target, withheldCells, l)
	res.Sources = e.sources(used)
	return res, nil
}

// reachRow is an area of the reach ranking.
type reachRow struct {
	area           Area
	n              disclose.Count // as published
	hidden         bool           // count withheld
	density, share float64
	hasDensity     bool
	hasShare       bool
	shareWithheld  bool // the base is withheld
	score          float64
	scored         bool
}

// reachRows scores the areas of a level within the scope. Scored areas
// come first, by score; the others after, by area, so that the place of a
// withheld one reveals nothing.
func (e *Engine) reachRows(tc, base *concTable, level string, scope Area) []reachRow {
	var rows []reachRow
	var maxDensity, maxShare float64
	for _, a := range e.concAreas(tc.cells, level, scope) {
		n, _ := tc.at(a)
		r := reachRow{area: a, n: n, hidden: n.Withheld()}
		if !r.hidden && a.AreaKm2 > 0 {
			r.density, r.hasDensity = float64(concFigure(n))/a.AreaKm2, true
			maxDensity = max(maxDensity, r.density)
		}
		if base != nil && !r.hidden {
			b, known := base.at(a)
			switch {
			case b.Withheld() || !known:
				r.shareWithheld = b.Withheld()
			case b.Positive():
				r.share, r.hasShare = disclose.Share(n, b)
				maxShare = max(maxShare, r.share)
			}
		}
		rows = append(rows, r)
	}
	norm := func(x, m float64) float64 {
		if m <= 0 {
			return 0
		}
		return x / m
	}
	for i := range rows {
		r := &rows[i]
		if r.hasDensity && (base == nil || r.hasShare) {
			r.score, r.scored = norm(r.density, maxDensity), true
			if base != nil {
				r.score *= norm(r.share, maxShare)
			}
		}
	}
	rankWithheldLast(rows, func(r reachRow) bool { return !r.scored }, func(r reachRow) string { return r.area.Slug },
		func(x, y reachRow) int {
			return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(concFigure(y.n), concFigure(x.n)))
		})
	return rows
}

// reachTable lays the shown rows out, with the count of cells withheld.
func reachTable(shown []reachRow, target Target, level string, l Lang) (*Result, int) {
	unit := unitOf(target, l)
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unit},
			Column{Name: "density", Label: l.Pick("densità", "density"), Type: TypeFloat, Unit: unit + " per km²"},
			Column{Name: "population_share", Label: concBaseLabel(target, l), Type: TypePercent},
			Column{Name: "score", Label: l.Pick("punteggio", "score"), Type: TypeFloat},
		),
	}
	withheldCells := 0
	for i, r := range shown {
		density, share, score := Empty(), Empty(), Empty()
		if r.hasDensity {
			density = Float(r.density)
		}
		if r.hasShare {
			share = Float(r.share)
		}
		if r.scored {
			score = Float(r.score)
		}
		switch {
		case r.hidden:
			density, share, score = Suppressed(), Suppressed(), Suppressed()
			withheldCells += 4
		case r.shareWithheld:
			share, score = Suppressed(), Suppressed()
			withheldCells += 2
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.area.Slug), Str(r.area.Name), Count(r.n), density, share, score,
		})
	}
	return res, withheldCells
}
