package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/engine/geo"
)

func init() {
	register(func(e *Engine, ctx context.Context, p *WhereServed, req Request) (*Result, error) {
		return e.served(ctx, p, req.Lang, req.Role)
	})
	register(func(e *Engine, ctx context.Context, p *WhereOverlap, req Request) (*Result, error) {
		return e.overlap(ctx, p, req.Lang, req.Role)
	})
}

// served answers `where served`: the people of a target in the catchment of
// one facility, by neighbourhood. The catchment is either every point within
// the radius of the facility (RadiusM > 0) or every point for which it is the
// nearest facility of its service (RadiusM = 0, no distance limit). People
// are placed as in underserved; distance is haversine.
func (e *Engine) served(ctx context.Context, p *WhereServed, l Lang, role Role) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	if p.RadiusM < 0 || math.IsNaN(p.RadiusM) {
		return nil, fmt.Errorf("radius must be positive, got %v m", p.RadiusM)
	}
	all, err := e.facilities(ctx, nil)
	if err != nil {
		return nil, err
	}
	f, err := catchmentFind(all, p.Facility)
	if err != nil {
		return nil, err
	}
	svc, _ := e.vocab.Service(f.Service)
	if !slices.Contains(svc.Targets, p.Target) {
		return nil, answerErrorf("la struttura %s (%s) non serve %s: serve %s", "facility %s (%s) does not serve %s: it serves %s", f.ID, f.Service, p.Target, strings.Join(svc.Targets, ", "))
	}
	var peers []Facility // the facility's service, in catalog order
	for _, g := range all {
		if g.Service == f.Service {
			peers = append(peers, g)
		}
	}
	self := slices.IndexFunc(peers, func(g Facility) bool { return g.ID == f.ID })
	tbl, err := e.demandTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, answerErrorf("il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", p.Target, p.Year)
	}
	// share returns the part of a point's people the facility serves: 0 or
	// 1, or 1/k when k facilities of the service stand at the same nearest
	// spot.
	var share func(pt geo.Point) float64
	if p.RadiusM > 0 {
		share = func(pt geo.Point) float64 {
			if geo.Haversine(pt, f.Point) <= p.RadiusM {
				return 1
			}
			return 0
		}
	} else {
		nearest := newCatchmentAssigner(peers, cmp.Or(svc.RadiusM, 1000))
		share = func(pt geo.Point) float64 {
			group, _ := nearest.nearest(pt)
			if slices.Contains(group, self) {
				return 1 / float64(len(group))
			}
			return 0
		}
	}
	servedR := make([]disclose.Region, len(tbl.rows))
	servedW := make([]float64, len(tbl.rows))
	for k, dp := range tbl.points {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if sh := share(dp.p); sh > 0 {
			servedR[dp.row].Add(dp.w*sh, dp.key)
			servedW[dp.row] += dp.w * sh
		}
	}
	// The land covered: the finest areas whose representative point the
	// catchment holds.
	var areaKm2 float64
	finest := e.catchmentFinestLevel()
	for _, a := range e.vocab.Areas {
		if a.Level == finest {
			areaKm2 += a.AreaKm2 * share(a.Point)
		}
	}

	used := map[string]bool{f.Dataset: true}
	for _, r := range tbl.rows {
		used[r.Dataset] = true
	}
	level := LevelNIL
	if tbl.level == LevelMunicipio {
		level = LevelMunicipio
	}
	key := func(i int) (string, string) { return tbl.nil[i], tbl.municipio[i] }
	pub := e.publisher(target, role)
	totals := rowCells(tbl, pub)
	servedF := map[string]float64{} // whether anyone of an area is in the catchment (not published)
	for i, w := range servedW {
		servedF["n:"+tbl.nil[i]] += w
		servedF["m:"+tbl.municipio[i]] += w
	}
	servedC := cellsOf(len(tbl.rows), key, func(i int) disclose.Region { return servedR[i] }, pub, true)

	// Disclosure over both levels, as underserved: totals as every table of
	// this population; served figures withheld where the total is, where the
	// unserved remainder is small, and where a lone withheld neighbourhood
	// could be recovered from its municipio.
	hideT := protectLevels(totals, nil, nil, target.MinCount)
	hideS, lone := catchmentProtect(servedC, hideT.nil, hideT.muni, target.MinCount)

	type row struct {
		slug                  string
		total, served         disclose.Count
		hideTotal, hideServed bool
	}
	hold := func(c disclose.Count, hide bool) disclose.Count {
		if hide {
			return disclose.Withheld()
		}
		return c
	}
	var rows []row
	if level == LevelNIL {
		for i, s := range totals.nils {
			if servedF["n:"+s] > 0 && (servedC.nilCount[i] > 0 || hideS.nil[i]) {
				rows = append(rows, row{s, hold(totals.nilPub[i], hideT.nil[i]), hold(servedC.nilPub[i], hideS.nil[i]), hideT.nil[i], hideS.nil[i]})
			}
		}
	} else {
		for i, s := range totals.munis {
			if servedF["m:"+s] > 0 && (servedC.muniCount[i] > 0 || hideS.muni[i]) {
				rows = append(rows, row{s, hold(totals.muniPub[i], hideT.muni[i]), hold(servedC.muniPub[i], hideS.muni[i]), hideT.muni[i], hideS.muni[i]})
			}
		}
	}
	slices.SortStableFunc(rows, func(x, y row) int {
		if x.hideServed != y.hideServed {
			if x.hideServed {
				return 1
			}
			return -1
		}
		if x.hideServed {
			return cmp.Compare(x.slug, y.slug)
		}
		xs, _ := x.served.Value()
		ys, _ := y.served.Value()
		return cmp.Or(cmp.Compare(ys, xs), cmp.Compare(x.slug, y.slug))
	})
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: levelName(level, l), Type: TypeString},
			{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "served", Label: l.Pick("nel bacino", "in the catchment"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "served_share", Label: l.Pick("quota nel bacino", "share in the catchment"), Type: TypePercent},
		},
		Facts: map[string]any{},
	}
	withheld := 0
	for i, r := range rows {
		sh := shareValue(r.served, r.total)
		if r.hideTotal {
			withheld++
		}
		if r.hideServed {
			withheld++
		}
		if r.hideServed || r.hideTotal {
			withheld++
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.slug), Str(e.areaName(r.slug)),
			Count(r.total), Count(r.served), sh,
		})
	}

	total, servedAll := totals.cityPub, servedC.cityPub
	if lone {
		servedAll = disclose.Withheld()
	}
	hideServedAll := servedAll.Withheld()
	method := "nearest"
	if p.RadiusM > 0 {
		method = "radius"
	}
	res.Facts["facility"] = f.ID
	res.Facts["facility_name"] = f.Name
	res.Facts["service"] = f.Service
	res.Facts["target"] = p.Target
	res.Facts["year"] = p.Year
	res.Facts["method"] = method
	res.Facts["radius_m"] = p.RadiusM
	res.Facts["areas"] = len(rows)
	res.Facts["area_km2"] = math.Round(areaKm2*100) / 100
	res.Facts["target_count"] = fact(total)
	res.Facts["served"] = fact(servedAll)
	res.Facts["city_share"] = shareFact(servedAll, total)
	if hideServedAll {
		withheld++
	}
	var top string
	var topN int64
	if len(rows) > 1 && !rows[0].hideServed {
		top = e.areaName(rows[0].slug)
		topN, _ = rows[0].served.Value()
	}
	servedN, _ := servedAll.Value()
	totalN, _ := total.Value()
	res.Headline = servedHeadline(p, f, svc, target, servedN, totalN, hideServedAll || total.Withheld(), areaKm2, top, topN, l)
	res.Notes = append(res.Notes, servedMethod(p, svc, target, tbl, len(peers), finest, l)...)
	groupLevel := LevelMunicipio
	if level == LevelMunicipio {
		groupLevel = LevelCity
	}
	res.Disclosure = Disclosure{
		Rule:       disclosureRule(target.MinCount, groupLevel, l),
		Threshold:  target.MinCount,
		Suppressed: withheld,
	}
	res.Sources = e.sources(used)
	return res, nil
}

func servedHeadline(p *WhereServed, f Facility, svc Service, target Target, served, total int64, hide bool, km2 float64, top string, topN int64, l Lang) string {
	name := target.Name(l)
	who := fmt.Sprintf("%s (%s), %d", f.Name, f.ID, p.Year)
	if hide {
		return l.Pick(
			fmt.Sprintf("%s: il numero di %s nel bacino non è pubblicabile (tutela della riservatezza).", who, name),
			fmt.Sprintf("%s: the number of %s in the catchment cannot be published (confidentiality).", who, name))
	}
	share := servedArticle(float64(served)/float64(max(total, 1)), l)
	area := FormatFloat(km2, 1, l)
	var h string
	if p.RadiusM > 0 {
		h = l.Pick(
			fmt.Sprintf("%s: entro %s vivono %s %s, %s della città, su circa %s km².", who, FormatDistance(p.RadiusM, l), FormatInt(served, l), name, share, area),
			fmt.Sprintf("%s: %s %s live within %s, %s of the city, over about %s km².", who, FormatInt(served, l), name, FormatDistance(p.RadiusM, l), share, area))
	} else {
		h = l.Pick(
			fmt.Sprintf("%s: è la struttura %s più vicina per %s %s, %s della città, su circa %s km².", who, svc.Name(l), FormatInt(served, l), name, share, area),
			fmt.Sprintf("%s: the nearest %s for %s %s, %s of the city, over about %s km².", who, svc.Name(l), FormatInt(served, l), name, share, area))
	}
	if top != "" && topN > 0 {
		h += l.Pick(fmt.Sprintf(" Il gruppo più numeroso è in %s (%s).", top, FormatInt(topN, l)),
			fmt.Sprintf(" Most of them live in %s (%s).", top, FormatInt(topN, l)))
	}
	return h
}

// servedArticle writes a share with its Italian article ("il 46,7%",
// "l'11,2%", "l'8%"); in English, the share alone.
func servedArticle(share float64, l Lang) string {
	s := FormatPercent(share, l)
	if l == English {
		return s
	}
	whole, _, _ := strings.Cut(strings.TrimSuffix(s, "%"), ",")
	if strings.HasPrefix(whole, "8") || whole == "1" || whole == "11" {
		return "l'" + s
	}
	return "il " + s
}

func servedMethod(p *WhereServed, svc Service, target Target, tbl *demandTable, peers int, finest string, l Lang) []string {
	var out []string
	if p.RadiusM > 0 {
		out = append(out, l.Pick(
			fmt.Sprintf("Metodo: le persone sono collocate nel punto rappresentativo della loro area; sono nel bacino se entro %s in linea d'aria (haversine) dalla struttura, anche se un'altra è più vicina.", FormatDistance(p.RadiusM, l)),
			fmt.Sprintf("Method: people are placed at their area's representative point; they are in the catchment when within %s in a straight line (haversine) of the facility, even if another is nearer.", FormatDistance(p.RadiusM, l))))
	} else {
		out = append(out, l.Pick(
			fmt.Sprintf("Metodo: assegnazione alla più vicina: le persone sono nel bacino se, in linea d'aria (haversine) dal punto rappresentativo della loro area, questa è la più vicina delle %d strutture %s, a qualunque distanza; chi è equidistante da strutture nello stesso punto è diviso in parti uguali.", peers, svc.Name(l)),
			fmt.Sprintf("Method: nearest assignment: people are in the catchment when, in a straight line (haversine) from their area's representative point, this is the nearest of the %d %s facilities, at any distance; people equally near to facilities on the same spot are split equally.", peers, svc.Name(l))))
	}
	units := l.Pick("delle sezioni censuarie", "census sections")
	if finest != LevelSection {
		units = l.Pick("delle aree ("+levelName(finest, Italian)+")", "areas ("+levelName(finest, English)+")")
	}
	out = append(out, l.Pick(
		fmt.Sprintf("Superficie approssimata: somma delle superfici %s il cui punto rappresentativo cade nel bacino.", units),
		fmt.Sprintf("Approximate area: the sum of the %s whose representative point falls in the catchment.", units)))
	if tbl.spread {
		out = append(out, l.Pick(
			fmt.Sprintf("Il catalogo conta %s per %s e non per sezione censuaria: ogni conteggio è distribuito uniformemente sul territorio della sua area, un'approssimazione.", target.Name(l), levelName(tbl.level, Italian)),
			fmt.Sprintf("The catalog counts %s by %s, not by census section: each count is spread uniformly over its area, an approximation.", target.Name(l), levelName(tbl.level, English))))
	}
	return out
}

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
	var scope Area
	if p.Area != "" {
		if scope, ok = e.area(p.Area); !ok {
			return nil, fmt.Errorf("unknown area %q", p.Area)
		}
	}
	level := cmp.Or(p.Level, LevelNIL)
	facilities, err := e.facilities(ctx, []string{p.Service})
	if err != nil {
		return nil, err
	}
	if len(facilities) == 0 {
		return nil, answerErrorf("il catalogo non ha strutture del servizio %s", "the catalog holds no facilities of service %s", p.Service)
	}
	tbl, err := e.demandTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, answerErrorf("il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", p.Target, p.Year)
	}
	used := map[string]bool{}
	pts := make([]geo.Point, len(facilities))
	for i, f := range facilities {
		pts[i] = f.Point
		used[f.Dataset] = true
	}
	for _, r := range tbl.rows {
		used[r.Dataset] = true
	}
	inScope := make([]bool, len(tbl.rows))
	for i, r := range tbl.rows {
		inScope[i] = p.Area == "" || scope.Level == LevelCity || tbl.nil[i] == scope.Slug || tbl.municipio[i] == scope.Slug || e.catchmentInArea(r.Area, scope)
	}
	index := geo.NewIndex(pts, p.RadiusM)
	n := int64(len(facilities))
	pairW := map[int64]*disclose.Region{}
	pairArea := map[int64]map[string]float64{}
	var multiR disclose.Region
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
		index.Within(dp.p, p.RadiusM, func(i int, _ float64) bool { near = append(near, i); return true })
		if len(near) < 2 {
			continue
		}
		multiR.Merge(dp.region())
		slices.Sort(near)
		slug := tbl.nil[dp.row]
		if level == LevelMunicipio || slug == "" {
			slug = tbl.municipio[dp.row]
		}
		for a := 0; a < len(near); a++ {
			for b := a + 1; b < len(near); b++ {
				key := int64(near[a])*n + int64(near[b])
				if pairW[key] == nil {
					pairW[key] = &disclose.Region{}
				}
				pairW[key].Merge(dp.region())
				m := pairArea[key]
				if m == nil {
					m = map[string]float64{}
					pairArea[key] = m
				}
				m[slug] += dp.w
			}
		}
	}
	pub := e.publisher(target, role)
	type pair = overlapPair
	var pairs []pair
	for key, w := range pairW {
		shared := pub.drawn(*w)
		if !shared.Positive() && !shared.Withheld() {
			continue
		}
		var area string
		var best float64
		for s, x := range pairArea[key] {
			if x > best || (x == best && s < area) {
				area, best = s, x
			}
		}
		pairs = append(pairs, pair{int(key / n), int(key % n), shared, false, area})
	}
	// Disclosure over every pair, whatever the question shows: small shares
	// withheld, and never one alone (the smallest other goes with it).
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	values := make([]int64, len(pairs))
	forced := make([]bool, len(pairs))
	for i, pr := range pairs {
		values[i], _ = pr.shared.Value()
		forced[i] = pr.shared.Withheld()
	}
	hidePairs, _, _ := protect(values, make([]string, len(pairs)), forced, target.MinCount)
	for i := range pairs {
		pairs[i].hide = hidePairs[i]
		if hidePairs[i] {
			pairs[i].shared = disclose.Withheld()
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
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
	shown := pairs
	if p.Top > 0 && len(shown) > p.Top {
		shown = shown[:p.Top]
	}
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
		Facts: map[string]any{},
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
	// People in two catchments or more: withheld when small or when the
	// rest of the scope is. Where pairs do not overlap each other it is
	// their sum, but at least two pairs are withheld whenever one is.
	multi := pub.drawn(multiR)
	if multi.Withheld() {
		withheld++
	}
	scopeSlug := cmp.Or(p.Area, e.vocab.CityArea)
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
	res.Notes = append(res.Notes, l.Pick(
		fmt.Sprintf("Metodo: per ogni coppia delle %d strutture %s, le persone il cui punto rappresentativo è entro %s in linea d'aria (haversine) da entrambe; chi è entro il raggio di tre o più strutture conta in ogni coppia. La zona principale è il %s dove vive la maggior parte della domanda condivisa.", len(facilities), svc.Name(l), FormatDistance(p.RadiusM, l), levelName(level, Italian)),
		fmt.Sprintf("Method: for each pair of the %d %s facilities, the people whose representative point is within %s in a straight line (haversine) of both; people within the radius of three or more facilities count in every pair. The main area is the %s where most of the shared demand lives.", len(facilities), svc.Name(l), FormatDistance(p.RadiusM, l), levelName(level, English))))
	if p.Area != "" {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Contate solo le persone che vivono in %s; le strutture possono stare fuori.", scope.Name),
			fmt.Sprintf("Only people living in %s are counted; the facilities may stand outside it.", scope.Name)))
	}
	if tbl.spread {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Il catalogo conta %s per %s e non per sezione censuaria: ogni conteggio è distribuito uniformemente sul territorio della sua area, un'approssimazione.", target.Name(l), levelName(tbl.level, Italian)),
			fmt.Sprintf("The catalog counts %s by %s, not by census section: each count is spread uniformly over its area, an approximation.", target.Name(l), levelName(tbl.level, English))))
	}
	if p.Top > 0 && len(pairs) > p.Top {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d coppie su %d (top=0 per vederle tutte).", p.Top, len(pairs)),
			fmt.Sprintf("Showing the first %d pairs of %d (top=0 shows them all).", p.Top, len(pairs))))
	}
	res.Disclosure = Disclosure{
		Rule: l.Pick(
			fmt.Sprintf("Conteggi da 1 a %d oscurati (%s), con soppressione secondaria tra tutte le coppie del servizio (mai una coppia oscurata da sola) (Regole deontologiche SISTAN, All. 1 art. 5).", target.MinCount-1, Confidential),
			fmt.Sprintf("Counts from 1 to %d withheld (%s), with secondary suppression among all the service's pairs (never one withheld pair alone) (SISTAN rules, Annex 1 art. 5).", target.MinCount-1, Confidential)),
		Threshold: target.MinCount, Suppressed: withheld,
	}
	res.Sources = e.sources(used)
	return res, nil
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

// catchmentColumn is a column of counts summed unrounded by area, rounded
// once per cell, over the areas of totals.
func catchmentColumn(totals *levelCells, sums map[string]float64) *levelCells {
	c := &levelCells{nils: totals.nils, nilParent: totals.nilParent, munis: totals.munis,
		nilIndex: totals.nilIndex, muniIndex: totals.muniIndex, cityCounts: roundCount(sums["city"])}
	for _, s := range totals.nils {
		c.nilCount = append(c.nilCount, roundCount(sums["n:"+s]))
	}
	for _, s := range totals.munis {
		c.muniCount = append(c.muniCount, roundCount(sums["m:"+s]))
	}
	return c
}

// catchmentProtect is protectLevels with one more guard: a municipio left
// with a single withheld neighbourhood and no other positive one (so that
// protect found nothing to pair it with) is withheld too, since its figure
// would equal the neighbourhood's. lone reports that a single municipio is
// withheld with nothing to pair it with in the city, so that the city's
// figure must be withheld as well.
func catchmentProtect(c *levelCells, forcedNIL, forcedMuni []bool, threshold int) (w withheld, lone bool) {
	fm := make([]bool, len(c.munis))
	if forcedMuni != nil {
		copy(fm, forcedMuni)
	}
	added := 0
	for range len(c.munis) + 1 {
		w = protectLevels(c, forcedNIL, fm, threshold)
		changed := false
		for k := range c.munis {
			if w.muni[k] {
				continue
			}
			hidden := 0
			for i, m := range c.nilParent {
				if m == c.munis[k] && w.nil[i] {
					hidden++
				}
			}
			if hidden == 1 {
				fm[k], changed = true, true
				added++
			}
		}
		if !changed {
			break
		}
	}
	// protect counted the municipi forced here as primary.
	w.primary -= added
	w.secondary += added
	hiddenMunis := 0
	for _, h := range w.muni {
		if h {
			hiddenMunis++
		}
	}
	return w, hiddenMunis == 1
}

// catchmentFinestLevel is the finest level of the catalog's areas.
func (e *Engine) catchmentFinestLevel() string {
	finest := LevelCity
	for _, a := range e.vocab.Areas {
		if levelRank(a.Level) < levelRank(finest) {
			finest = a.Level
		}
	}
	return finest
}

// catchmentInArea reports whether the area with the ID lies in scope (or is
// scope).
func (e *Engine) catchmentInArea(id string, scope Area) bool {
	for a, ok := e.areaByID[id]; ok; a, ok = e.areaByID[a.Parent] {
		if a.ID == scope.ID {
			return true
		}
		if a.Parent == "" || a.Parent == a.ID {
			return false
		}
	}
	return false
}

// catchmentAssigner finds the nearest facility of a set to a point. Facilities
// at the same spot form one group, in catalog order, which shares the points
// it is nearest to.
type catchmentAssigner struct {
	ix     *geo.Index
	groups [][]int
}

func newCatchmentAssigner(fs []Facility, cellM float64) *catchmentAssigner {
	a := &catchmentAssigner{}
	at := map[geo.Point]int{}
	var pts []geo.Point
	for i, f := range fs {
		g, ok := at[f.Point]
		if !ok {
			g = len(pts)
			at[f.Point] = g
			pts = append(pts, f.Point)
			a.groups = append(a.groups, nil)
		}
		a.groups[g] = append(a.groups[g], i)
	}
	a.ix = geo.NewIndex(pts, cellM)
	return a
}

// nearest returns the facilities at the spot nearest to p and its distance;
// nil when there are no facilities.
func (a *catchmentAssigner) nearest(p geo.Point) ([]int, float64) {
	g, d := a.ix.Nearest(p)
	if g < 0 {
		return nil, d
	}
	return a.groups[g], d
}

// catchmentFind returns the facility with the ID (exactly, else ignoring
// case), or an error suggesting the nearest ID by edit distance.
func catchmentFind(fs []Facility, id string) (Facility, error) {
	for _, f := range fs {
		if f.ID == id {
			return f, nil
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.ID, id) {
			return f, nil
		}
	}
	if len(fs) == 0 {
		return Facility{}, answerErrorf("struttura sconosciuta %q: il catalogo non ha strutture", "unknown facility %q: the catalog holds no facilities", id)
	}
	want := strings.ToLower(id)
	best, bestD := "", math.MaxInt
	limit := max(2, len([]rune(want))/3)
	for _, f := range fs {
		if d := catchmentEditDistance(want, strings.ToLower(f.ID), min(bestD, limit+1)); d < bestD {
			best, bestD = f.ID, d
		}
	}
	if bestD <= limit {
		return Facility{}, answerErrorf("struttura sconosciuta %q: forse intendevi %q?", "unknown facility %q: did you mean %q?", id, best)
	}
	return Facility{}, answerErrorf("struttura sconosciuta %q: i codici delle strutture sono come %q", "unknown facility %q: facility IDs look like %q", id, fs[0].ID)
}

// catchmentEditDistance is the Levenshtein distance between a and b, or
// bound when it is at least bound (so that far candidates cost little).
func catchmentEditDistance(a, b string, bound int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= bound || -d >= bound {
		return bound
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], bound)
}
