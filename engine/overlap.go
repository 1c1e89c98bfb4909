package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
)

// overlap answers `where overlap`: the pairs of facilities of a service
// whose catchments (the radius around each) hold the same people, ranked by
// the people of the target within both radii.
func (e *Engine) overlap(ctx context.Context, p *WhereOverlap, l Lang, role Role) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	svc, ok := e.vocab.Service(p.Service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", p.Service)
	}
	if p.RadiusM <= 0 || math.IsNaN(p.RadiusM) {
		return nil, fmt.Errorf("radius must be positive, got %v m", p.RadiusM)
	}
	scope, err := e.scopeOf(p.Area, "")
	if err != nil {
		return nil, err
	}
	level := cmp.Or(p.Level, LevelNIL)
	facilities, err := e.facilities(ctx, []string{p.Service})
	if err != nil {
		return nil, err
	}
	if len(facilities) == 0 {
		return nil, keyErrorf("service", "il catalogo non ha strutture del servizio %s", "the catalog holds no facilities of service %s", p.Service)
	}
	tbl, err := e.heldTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	used.facilities(facilities)
	used.table(tbl)
	sums, err := e.overlapSums(ctx, tbl, facilities, p.RadiusM, scope, p.Area, level)
	if err != nil {
		return nil, err
	}
	pub := e.publisher(target, role)
	pairs := overlapPublish(sums, pub, facilities, target.MinCount)
	shown := topRows(pairs, p.Top)
	res, withheld := e.overlapTable(shown, facilities, target, l)
	// People in two catchments or more: withheld when small or when the
	// rest of the scope is. Where pairs do not overlap each other it is
	// their sum, but at least two pairs are withheld whenever one is.
	multi := pub.drawn(sums.multi)
	if multi.Withheld() {
		withheld++
	}
	scopeSlug := cmp.Or(p.Area, e.vocab.CityArea)
	res.Facts = map[string]any{}
	res.Facts["service"] = p.Service
	res.Facts["target"] = p.Target
	res.Facts["year"] = p.Year
	res.Facts["radius_m"] = p.RadiusM
	res.Facts["area"] = scopeSlug
	res.Facts["facilities"] = len(facilities)
	res.Facts["pairs"] = len(pairs)
	res.Facts["multi_covered"] = fact(multi)
	scopeN, _, err := e.areaCount(ctx, target, e.overlapScopeArea(scope), p.Year, role)
	if err != nil {
		return nil, err
	}
	res.Facts["multi_covered_share"] = shareFact(multi, scopeN)
	var best *overlapPair
	if len(shown) > 0 && !shown[0].hide {
		best = &shown[0]
	}
	res.Headline = overlapHeadline(p, svc, target, e.areaName(scopeSlug), len(pairs), best, facilities, role, l)
	res.Notes = overlapNotes(p, svc, target, scope, tbl, len(facilities), len(pairs), level, l)
	res.Disclosure = Disclosure{
		Rule: l.Pick(
			fmt.Sprintf("Conteggi da 1 a %d oscurati (%s), con soppressione secondaria tra tutte le coppie del servizio (mai una coppia oscurata da sola) (Regole deontologiche SISTAN, All. 1 art. 5).", target.MinCount-1, Confidential),
			fmt.Sprintf("Counts from 1 to %d withheld (%s), with secondary suppression among all the service's pairs (never one withheld pair alone) (SISTAN rules, Annex 1 art. 5).", target.MinCount-1, Confidential)),
		Threshold: target.MinCount, Suppressed: withheld,
	}
	res.Sources = e.sources(used)
	return res, nil
}

// overlapSums holds, for every pair of facilities (key a·n + b), the
// people within both radii and their weight by area, and the people within
// two radii or more.
type overlapSums struct {
	n     int64
	pairs map[int64]*disclose.Region
	area  map[int64]map[string]float64
	multi disclose.Region
}

// overlapSums sums the people of the scope by the pairs of facilities
// whose radius holds them.
func (e *Engine) overlapSums(ctx context.Context, tbl *demandTable, facilities []Facility, radiusM float64, scope Area, area, level string) (*overlapSums, error) {
	pts := make([]geo.Point, len(facilities))
	for i, f := range facilities {
		pts[i] = f.Point
	}
	inScope := make([]bool, len(tbl.rows))
	for i, r := range tbl.rows {
		inScope[i] = area == "" || scope.Level == LevelCity || tbl.nil[i] == scope.Slug || tbl.municipio[i] == scope.Slug || e.catchmentInArea(r.Area, scope)
	}
	index := geo.NewIndex(pts, radiusM)
	n := int64(len(facilities))
	sums := &overlapSums{n: n, pairs: map[int64]*disclose.Region{}, area: map[int64]map[string]float64{}}
	var near []int
	for k, dp := range tbl.points {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !inScope[dp.row] {
			continue
		}
		near = near[:0]
		index.Within(dp.p, radiusM, func(i int, _ float64) bool { near = append(near, i); return true })
		if len(near) < 2 {
			continue
		}
		sums.multi.Merge(dp.region())
		slices.Sort(near)
		slug := tbl.nil[dp.row]
		if level == LevelMunicipio || slug == "" {
			slug = tbl.municipio[dp.row]
		}
		for a := 0; a < len(near); a++ {
			for b := a + 1; b < len(near); b++ {
				key := int64(near[a])*n + int64(near[b])
				if sums.pairs[key] == nil {
					sums.pairs[key] = &disclose.Region{}
				}
				sums.pairs[key].Merge(dp.region())
				m := sums.area[key]
				if m == nil {
					m = map[string]float64{}
					sums.area[key] = m
				}
				m[slug] += dp.w
			}
		}
	}
	return sums, nil
}

// overlapPublish publishes the pairs that share anyone, with the
// disclosure pattern over every pair whatever the question shows (small
// shares withheld, and never one alone: the smallest other goes with it),
// most shared first, withheld pairs last.
func overlapPublish(sums *overlapSums, pub publisher, facilities []Facility, threshold int) []overlapPair {
	n := sums.n
	var pairs []overlapPair
	for key, w := range sums.pairs {
		shared := pub.drawn(*w)
		if !shared.Positive() && !shared.Withheld() {
			continue
		}
		var area string
		var best float64
		for s, x := range sums.area[key] {
			if x > best || (x == best && s < area) {
				area, best = s, x
			}
		}
		pairs = append(pairs, overlapPair{int(key / n), int(key % n), shared, false, area})
	}
	slices.SortFunc(pairs, func(x, y overlapPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	values := make([]int64, len(pairs))
	forced := make([]bool, len(pairs))
	for i, pr := range pairs {
		values[i], _ = pr.shared.Value()
		forced[i] = pr.shared.Withheld()
	}
	hidePairs, _, _ := protect(values, make([]string, len(pairs)), forced, threshold)
	for i := range pairs {
		pairs[i].hide = hidePairs[i]
		if hidePairs[i] {
			pairs[i].shared = disclose.Withheld()
		}
	}
	slices.SortFunc(pairs, func(x, y overlapPair) int {
		if x.hide != y.hide {
			if x.hide {
				return 1
			}
			return -1
		}
		if !x.hide {
			xs, _ := x.shared.Value()
			ys, _ := y.shared.Value()
			if c := cmp.Compare(ys, xs); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(facilities[x.a].ID, facilities[y.a].ID), cmp.Compare(facilities[x.b].ID, facilities[y.b].ID))
	})
	return pairs
}

// overlapTable lays the shown pairs out, with the count of cells withheld.
func (e *Engine) overlapTable(shown []overlapPair, facilities []Facility, target Target, l Lang) (*Result, int) {
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "facility_a", Label: l.Pick("struttura A", "facility A"), Type: TypeString},
			{Name: "name_a", Label: l.Pick("nome A", "name A"), Type: TypeString},
			{Name: "facility_b", Label: l.Pick("struttura B", "facility B"), Type: TypeString},
			{Name: "name_b", Label: l.Pick("nome B", "name B"), Type: TypeString},
			{Name: "distance_m", Label: l.Pick("distanza", "distance"), Type: TypeInt, Unit: "m"},
			{Name: "shared", Label: l.Pick("in entrambi i bacini", "in both catchments"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "main_area", Label: l.Pick("zona principale", "main area"), Type: TypeString},
		},
	}
	withheld := 0
	for i, pr := range shown {
		fa, fb := facilities[pr.a], facilities[pr.b]
		if pr.hide {
			withheld++
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(fa.ID), Str(fa.Name), Str(fb.ID), Str(fb.Name),
			Int(int64(math.Round(geo.Haversine(fa.Point, fb.Point)))),
			Count(pr.shared), Str(e.areaName(pr.area)),
		})
	}
	return res, withheld
}

// overlapNotes says how pairs were found, whom they count, and where the
// table was cut.
func overlapNotes(p *WhereOverlap, svc Service, target Target, scope Area, tbl *demandTable, facilities, pairs int, level string, l Lang) []string {
	notes := []string{l.Pick(
		fmt.Sprintf("Metodo: per ogni coppia delle %d strutture %s, le persone il cui punto rappresentativo è entro %s in linea d'aria (haversine) da entrambe; chi è entro il raggio di tre o più strutture conta in ogni coppia. La zona principale è il %s dove vive la maggior parte della domanda condivisa.", facilities, svc.Name(l), FormatDistance(p.RadiusM, l), levelName(level, Italian)),
		fmt.Sprintf("Method: for each pair of the %d %s facilities, the people whose representative point is within %s in a straight line (haversine) of both; people within the radius of three or more facilities count in every pair. The main area is the %s where most of the shared demand lives.", facilities, svc.Name(l), FormatDistance(p.RadiusM, l), levelName(level, English)))}
	if p.Area != "" {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Contate solo le persone che vivono in %s; le strutture possono stare fuori.", scope.Name),
			fmt.Sprintf("Only people living in %s are counted; the facilities may stand outside it.", scope.Name)))
	}
	if tbl.spread {
		notes = append(notes, spreadCaveat(target, tbl.level, l))
	}
	if p.Top > 0 && pairs > p.Top {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d coppie su %d (primi=0 per vederle tutte).", p.Top, pairs),
			fmt.Sprintf("Showing the first %d pairs of %d (top=0 shows them all).", p.Top, pairs)))
	}
	return notes
}

// overlapScopeArea is the area whose total is the overlap's denominator.
func (e *Engine) overlapScopeArea(scope Area) Area {
	if scope.Slug == "" {
		a, _ := e.area(e.vocab.CityArea)
		return a
	}
	return scope
}

func overlapHeadline(p *WhereOverlap, svc Service, target Target, scopeName string, pairs int, best *overlapPair, facilities []Facility, role Role, l Lang) string {
	head := fmt.Sprintf("%s, %d, %s", scopeName, p.Year, svc.Name(l))
	dist := FormatDistance(p.RadiusM, l)
	name := target.Name(l)
	var h string
	switch pairs {
	case 0:
		return l.Pick(
			fmt.Sprintf("%s: nessuna coppia di strutture ha %s in comune entro %s.", head, name, dist),
			fmt.Sprintf("%s: no two facilities share %s within %s.", head, name, dist))
	case 1:
		h = l.Pick(
			fmt.Sprintf("%s: una coppia di strutture ha %s in comune entro %s", head, name, dist),
			fmt.Sprintf("%s: one pair of facilities shares %s within %s", head, name, dist))
	default:
		h = l.Pick(
			fmt.Sprintf("%s: %d coppie di strutture hanno %s in comune entro %s", head, pairs, name, dist),
			fmt.Sprintf("%s: %d pairs of facilities share %s within %s", head, pairs, name, dist))
	}
	if best == nil {
		return h + "."
	}
	a, b := facilities[best.a], facilities[best.b]
	d := FormatDistance(math.Round(geo.Haversine(a.Point, b.Point)), l)
	v, _ := best.shared.Value()
	n := FormatInt(v, l)
	return h + l.Pick(
		fmt.Sprintf("; la sovrapposizione maggiore è tra %s e %s, a %s l'una dall'altra (%s %s in entrambi i bacini).", a.Name, b.Name, d, n, name),
		fmt.Sprintf("; the largest overlap is between %s and %s, %s apart (%s %s in both catchments).", a.Name, b.Name, d, n, name))
}

// overlapPair is two facilities, by index, and the people they share.
type overlapPair struct {
	a, b   int
	shared disclose.Count
	hide   bool
	area   string
}
