package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/engine/optimize/tsp"
	"github.com/welfare-intelligence/wi/geo"
)

// solverTime bounds a solver's own time within the question's: past it, the
// solvers return the best solution found.
const solverTime = 20 * time.Second

// solverContext bounds the solver's time within the question's.
func solverContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, solverTime)
}

// routeSeed fixes the search: the same question gets the same round.
const routeSeed = 20260101

// nearestLeg is the shortest distance from the start (node 0) to a stop.
func nearestLeg(d *tsp.Dist) float64 {
	best := math.Inf(1)
	for j := 1; j < d.N; j++ {
		best = math.Min(best, d.At(0, j))
	}
	return best
}

// route answers `when route`: the order in which to visit the places where
// most people of a target live in an area, from a facility and back, as a
// shortest closed tour. Stops are the representative points of the finest
// areas the catalog counts (census sections), only those with at least the
// disclosure threshold of people, so a stop never points at one household.
func (e *Engine) route(ctx context.Context, p *WhenRoute, req Request) (*Result, error) {
	l := req.Lang
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	facilities, err := e.facilities(ctx, nil)
	if err != nil {
		return nil, err
	}
	start, err := catchmentFind(facilities, p.From)
	if err != nil {
		return nil, err
	}
	used := sourceSet{start.Dataset: true}
	tbl, err := e.demandTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	// The area: the one asked, else the start's neighbourhood (its
	// municipio when the catalog counts people by neighbourhood: one stop
	// would be no round).
	slug := p.Area
	if slug == "" {
		nilSlug, muni := e.ancestors(start.Area)
		if tbl.level != LevelSection {
			nilSlug = ""
		}
		slug = cmp.Or(nilSlug, muni, e.vocab.CityArea)
	}
	scope, err := e.knownArea(slug)
	if err != nil {
		return nil, err
	}
	stops, err := e.routeStops(tbl, target, scope, p.Visits, used, e.publisher(target, req.Role))
	if err != nil {
		return nil, err
	}
	pts := []geo.Point{start.Point}
	for _, s := range stops {
		pts = append(pts, tbl.rows[s.row].Point)
	}
	d := tsp.NewDist(len(pts))
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			d.Set(i, j, geo.Haversine(pts[i], pts[j]))
		}
	}
	tour, dropped, err := routeSolve(ctx, d, stops, p.TimeMin)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Columns: []Column{
			{Name: "step", Label: l.Pick("tappa", "stop"), Type: TypeInt},
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: l.Pick("quartiere", "neighbourhood"), Type: TypeString},
			{Name: "lat", Label: "lat", Type: TypeCoord},
			{Name: "lon", Label: "lon", Type: TypeCoord},
			{Name: "leg_m", Label: l.Pick("tratto", "leg"), Type: TypeInt, Unit: "m"},
			{Name: "minutes", Label: l.Pick("minuti dalla partenza", "minutes from start"), Type: TypeInt, Unit: "min"},
		},
		Facts: map[string]any{"target": p.Target, "from": start.ID, "area": slug, "visits": len(tour.Order) - 1, "year": p.Year},
	}
	walked := e.routeRows(res, tbl, start, stops, pts, d, tour)
	// The people of the target at the stops visited, all together: one
	// region the question drew, published as such (withheld when it holds
	// fewer than three sections), never stop by stop.
	var visited []int
	for _, node := range tour.Order[1:] {
		visited = append(visited, stops[node-1].row)
	}
	reached := e.publisher(target, req.Role).drawn(tbl.rowRegion(visited...))
	res.Facts["people_reached"] = fact(reached)
	minutes := walked / WalkingSpeedMPerMin
	routeTourFacts(res.Facts, tour, minutes)
	res.Headline = l.Pick(
		fmt.Sprintf("%s: giro di %d visite al target %s partendo da %s e ritorno, %s a piedi in linea d'aria, circa %s minuti a 80 m/min.",
			scope.Name, len(tour.Order)-1, target.Name(l), start.Name, FormatDistance(tour.Length, l), FormatInt(int64(math.Round(minutes)), l)),
		fmt.Sprintf("%s: a round of %d visits to %s from %s and back, %s on foot as the crow flies, about %s minutes at 80 m/min.",
			scope.Name, len(tour.Order)-1, target.Name(l), start.Name, FormatDistance(tour.Length, l), FormatInt(int64(math.Round(minutes)), l)))
	res.Notes = append(res.Notes, routeMethod(tour, len(stops), tbl.level, target.MinCount, l))
	if len(dropped) > 0 {
		var ids []string
		for _, node := range dropped {
			ids = append(ids, tbl.rows[stops[node-1].row].Area)
		}
		res.Facts["dropped"] = ids
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Il giro con tutte le %d tappe non sta in %d minuti: restano fuori %d tappe (%s), scelte per visitare più persone possibile nel tempo dato.", len(stops), p.TimeMin, len(ids), strings.Join(ids, ", ")),
			fmt.Sprintf("The round through all %d stops does not fit in %d minutes: %d stops are left out (%s), chosen to visit as many people as possible in the time given.", len(stops), p.TimeMin, len(ids), strings.Join(ids, ", "))))
	}
	suppressed := 0
	if reached.Withheld() {
		suppressed = 1
	}
	res.Disclosure = routeDisclosure(target, suppressed, l)
	res.Sources = e.sources(used)
	return res, nil
}

// routeTourFacts writes the round's length, time and solver into the facts.
func routeTourFacts(facts map[string]any, tour *tsp.Tour, minutes float64) {
	facts["length_m"] = math.Round(tour.Length)
	facts["minutes"] = math.Round(minutes)
	facts["solver"] = tour.Method
	facts["optimal"] = tour.Optimal
	if !math.IsNaN(tour.Bound) {
		facts["bound_m"] = math.Round(tour.Bound)
		facts["gap"] = tour.Gap
	}
}

// routeDisclosure is the disclosure line of a round: the people reached
// are published for the whole round only.
func routeDisclosure(target Target, suppressed int, l Lang) Disclosure {
	return Disclosure{
		Rule: disclosureRule(target.MinCount, l) + l.Pick(
			fmt.Sprintf(" Tappe solo in aree con almeno %d persone del target; le persone raggiunte sono pubblicate solo per l'intero giro, mai tappa per tappa.", target.MinCount),
			fmt.Sprintf(" Stops only in areas with at least %d people of the target; the people reached are published only for the whole round, never stop by stop.", target.MinCount)),
		Threshold: target.MinCount, Suppressed: suppressed,
	}
}

// routeStop is a row of the demand table to visit, with its people.
type routeStop struct {
	row   int
	count int64
}

// routeStops returns the rows of the scope with at least the target's
// threshold of people, the most people first, at most visits of them (10
// when visits ≤ 0); it adds their datasets to used.
func (e *Engine) routeStops(tbl *demandTable, target Target, scope Area, visits int, used sourceSet, pub publisher) ([]routeStop, error) {
	var stops []routeStop
	for i, r := range tbl.rows {
		// Stops are chosen and ranked by decision counts (perturbed for every
		// role but the analyst): which sections a route visits, and in
		// which order of size, tells no exact count.
		n := int64(tbl.decisionCount(i, pub))
		if n >= int64(target.MinCount) && (scope.Level == LevelCity || e.catchmentInArea(r.Area, scope)) {
			stops = append(stops, routeStop{i, n})
			used[r.Dataset] = true
		}
	}
	if len(stops) == 0 {
		return nil, &AnswerError{Key: "area",
			IT: fmt.Sprintf("nessuna area (%s) in %s ha almeno %d persone del target %s da visitare", levelName(tbl.level, Italian), scope.Name, target.MinCount, target.Slug),
			EN: fmt.Sprintf("no area (%s) in %s has at least %d people of %s to visit", levelName(tbl.level, English), scope.Name, target.MinCount, target.Slug)}
	}
	slices.SortStableFunc(stops, func(a, b routeStop) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(tbl.rows[a.row].Area, tbl.rows[b.row].Area))
	})
	if visits <= 0 {
		visits = 10
	}
	if len(stops) > visits {
		stops = stops[:visits]
	}
	return stops, nil
}

// routeSolve orders the round; with a time budget, it keeps the visits to
// the most people that fit in it and returns the nodes left out.
func routeSolve(ctx context.Context, d *tsp.Dist, stops []routeStop, timeMin int) (*tsp.Tour, []int, error) {
	sctx, cancel := solverContext(ctx)
	defer cancel()
	tour, err := tsp.Solve(sctx, d, 0, tsp.Options{Seed: routeSeed})
	if err != nil {
		return tour, nil, fmt.Errorf("ordering %d visits: %w", len(stops), err)
	}
	var dropped []int
	budgetM := float64(timeMin) * WalkingSpeedMPerMin
	if timeMin > 0 && tour.Length > budgetM {
		prize := make([]float64, len(stops)+1)
		for k, s := range stops {
			prize[k+1] = float64(s.count)
		}
		if tour, dropped, err = tsp.WithinBudget(sctx, d, 0, budgetM, prize, tsp.Options{Seed: routeSeed}); err != nil {
			return tour, nil, fmt.Errorf("fitting %d visits in %d minutes: %w", len(stops), timeMin, err)
		}
		tour.Bound, tour.Gap = math.NaN(), math.NaN()
		if len(tour.Order) == 1 {
			return tour, nil, keyErrorf("time", "nessuna visita sta in %d minuti a piedi: la tappa più vicina, andata e ritorno, richiede %.0f minuti", "no visit fits in %d minutes on foot: the nearest stop and back take %.0f minutes",
				timeMin, 2*nearestLeg(d)/WalkingSpeedMPerMin)
		}
	}
	return tour, dropped, nil
}

// routeRows adds a row per stop of the round, from the start and back to
// it, and returns the metres walked.
func (e *Engine) routeRows(res *Result, tbl *demandTable, start Facility, stops []routeStop, pts []geo.Point, d *tsp.Dist, tour *tsp.Tour) float64 {
	var walked float64
	prev := 0
	add := func(step int, id, nilSlug string, pt geo.Point, leg float64) {
		walked += leg
		res.Rows = append(res.Rows, []Value{Int(int64(step)), Str(id), Str(e.areaName(nilSlug)),
			Float(math.Round(pt.Lat*1e5) / 1e5), Float(math.Round(pt.Lon*1e5) / 1e5),
			Int(int64(math.Round(leg))), Int(int64(math.Round(walked / WalkingSpeedMPerMin)))})
	}
	startNIL, _ := e.ancestors(start.Area)
	add(0, start.ID, startNIL, start.Point, 0)
	for k, node := range tour.Order[1:] {
		row := stops[node-1].row
		add(k+1, tbl.rows[row].Area, cmp.Or(tbl.nil[row], tbl.municipio[row]), pts[node], d.At(prev, node))
		prev = node
	}
	add(len(tour.Order), start.ID, startNIL, start.Point, d.At(prev, 0))
	return walked
}

// routeMethod says how stops were chosen and ordered, and how good the
// order is.
func routeMethod(tour *tsp.Tour, stops int, level string, minCount int, l Lang) string {
	bound := l.Pick("nessun limite inferiore calcolato", "no lower bound computed")
	if !math.IsNaN(tour.Bound) {
		bound = l.Pick(fmt.Sprintf("limite inferiore %s, scarto %s", FormatDistance(tour.Bound, l), FormatPercent(tour.Gap, l)),
			fmt.Sprintf("lower bound %s, gap %s", FormatDistance(tour.Bound, l), FormatPercent(tour.Gap, l)))
	}
	if tour.Optimal {
		bound += l.Pick(": percorso ottimo", ": optimal tour")
	}
	return l.Pick(
		fmt.Sprintf("Tappe: i %d punti (%s) dell'area con più persone del target, solo quelli con almeno %d persone; ordine del giro più breve (problema del commesso viaggiatore) calcolato con %s (%s). Distanze in linea d'aria: a piedi, per strada, di solito sono il 20–40%% in più; i minuti sono di solo cammino, senza la durata delle visite.",
			stops, levelName(level, l), minCount, SolverName(tour.Method, l), bound),
		fmt.Sprintf("Stops: the area's %d points (%s) with the most people of the target, only those with at least %d people; order of the shortest round (travelling salesman problem) computed by %s (%s). Straight-line distances: walking by street is usually 20–40%% more; minutes are walking only, without the visits themselves.",
			stops, levelName(level, l), minCount, tour.Method, bound))
}
