package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/internal/suggest"
)

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
	f, svc, peers, self, err := e.servedFacility(ctx, p)
	if err != nil {
		return nil, err
	}
	tbl, err := e.heldTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	share := servedShare(p.RadiusM, f, svc, peers, self)
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
	finest := e.catchmentFinestLevel()
	areaKm2 := e.servedKm2(finest, share)

	used := sourceSet{f.Dataset: true}
	used.table(tbl)
	level := LevelNIL
	if tbl.level == LevelMunicipio {
		level = LevelMunicipio
	}
	pub := e.publisher(target, role)
	totals := rowCells(tbl, pub)
	key := func(i int) (string, string) { return tbl.nil[i], tbl.municipio[i] }
	servedC := cellsOf(len(tbl.rows), key, func(i int) disclose.Region { return servedR[i] }, pub, true)

	// Disclosure over both levels, as underserved: totals as every table of
	// this population; served figures withheld where the total is, where the
	// unserved remainder is small, and where a lone withheld neighbourhood
	// could be recovered from its municipio.
	hideT := protectLevels(totals, nil, nil, target.MinCount)
	hideS, lone := catchmentProtect(servedC, hideT.nil, hideT.muni, target.MinCount)
	rows := servedRows(tbl, servedW, totals, servedC, hideT, hideS, level)
	res, withheld := e.servedTable(rows, target, level, l)

	total, servedAll := totals.cityPub, servedC.cityPub
	if lone {
		servedAll = disclose.Withheld()
	}
	hideServedAll := servedAll.Withheld()
	method := "nearest"
	if p.RadiusM > 0 {
		method = "radius"
	}
	res.Facts = map[string]any{}
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
	res.Disclosure = peopleDisclosure(target, withheld, l)
	res.Sources = e.sources(used)
	return res, nil
}

// servedKm2 is the land a catchment covers: the finest areas whose
// representative point it holds.
func (e *Engine) servedKm2(finest string, share func(geo.Point) float64) float64 {
	var areaKm2 float64
	for _, a := range e.vocab.Areas {
		if a.Level == finest {
			areaKm2 += a.AreaKm2 * share(a.Point)
		}
	}
	return areaKm2
}

// servedFacility finds the facility asked about, checks that its service
// serves the target, and returns the facilities of its service (in catalog
// order) with the facility's index among them.
func (e *Engine) servedFacility(ctx context.Context, p *WhereServed) (f Facility, svc Service, peers []Facility, self int, err error) {
	all, err := e.facilities(ctx, nil)
	if err != nil {
		return f, svc, nil, 0, err
	}
	f, err = catchmentFind(all, p.Facility)
	if err != nil {
		return f, svc, nil, 0, err
	}
	svc, _ = e.vocab.Service(f.Service)
	if !slices.Contains(svc.Targets, p.Target) {
		return f, svc, nil, 0, keyErrorf("target", "la struttura %s (%s) non serve %s: serve %s", "facility %s (%s) does not serve %s: it serves %s", f.ID, f.Service, p.Target, strings.Join(svc.Targets, ", "))
	}
	for _, g := range all {
		if g.Service == f.Service {
			peers = append(peers, g)
		}
	}
	self = slices.IndexFunc(peers, func(g Facility) bool { return g.ID == f.ID })
	return f, svc, peers, self, nil
}

// servedShare returns the part of a point's people the facility serves: 0
// or 1, or 1/k when k facilities of the service stand at the same nearest
// spot.
func servedShare(radiusM float64, f Facility, svc Service, peers []Facility, self int) func(pt geo.Point) float64 {
	if radiusM > 0 {
		return func(pt geo.Point) float64 {
			if geo.Haversine(pt, f.Point) <= radiusM {
				return 1
			}
			return 0
		}
	}
	nearest := newCatchmentAssigner(peers, cmp.Or(svc.RadiusM, 1000))
	return func(pt geo.Point) float64 {
		group, _ := nearest.nearest(pt)
		if slices.Contains(group, self) {
			return 1 / float64(len(group))
		}
		return 0
	}
}

// servedRow is an area of a catchment.
type servedRow struct {
	slug                  string
	total, served         disclose.Count
	hideTotal, hideServed bool
}

// servedRows lists the areas of the level anyone of which is in the
// catchment, most served first, withheld rows last.
func servedRows(tbl *demandTable, servedW []float64, totals, servedC *levelCells, hideT, hideS withheld, level string) []servedRow {
	servedF := map[string]float64{} // whether anyone of an area is in the catchment (not published)
	for i, w := range servedW {
		servedF["n:"+tbl.nil[i]] += w
		servedF["m:"+tbl.municipio[i]] += w
	}
	var rows []servedRow
	for _, a := range totals.scopeCells(level, "") {
		key := "n:" + a.slug
		if a.muni {
			key = "m:" + a.slug
		}
		if servedF[key] > 0 && (concFigure(servedC.pub(a)) > 0 || hideS.hides(a)) {
			t, ht := totals.cell(a, hideT)
			sv, hs := servedC.cell(a, hideS)
			rows = append(rows, servedRow{a.slug, t, sv, ht, hs})
		}
	}
	rankWithheldLast(rows, func(r servedRow) bool { return r.hideServed }, func(r servedRow) string { return r.slug },
		func(x, y servedRow) int {
			xs, _ := x.served.Value()
			ys, _ := y.served.Value()
			return cmp.Compare(ys, xs)
		})
	return rows
}

// servedTable lays the rows out, with the count of cells withheld.
func (e *Engine) servedTable(rows []servedRow, target Target, level string, l Lang) (*Result, int) {
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "served", Label: l.Pick("nel bacino", "in the catchment"), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "served_share", Label: l.Pick("quota nel bacino", "share in the catchment"), Type: TypePercent},
		),
	}
	withheld := 0
	for i, r := range rows {
		if r.hideTotal {
			withheld++
		}
		if r.hideServed {
			withheld++
		}
		if r.hideServed || r.hideTotal {
			withheld++
		}
		res.Rows = append(res.Rows, append(e.areaRowStart(i+1, r.slug), Count(r.total), Count(r.served), shareValue(r.served, r.total)))
	}
	return res, withheld
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
			fmt.Sprintf("Metodo: assegnazione alla più vicina: le persone sono nel bacino se, in linea d'aria (haversine) dal punto rappresentativo della loro area, questa è la più vicina %s %s, a qualunque distanza; chi è equidistante da strutture nello stesso punto è diviso in parti uguali.", OfTheN(peers, "struttura", "strutture"), svc.Name(l)),
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
		out = append(out, spreadCaveat(target, tbl.level, l))
	}
	return out
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
			}
		}
		if !changed {
			break
		}
	}
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
		if LevelRank(a.Level) < LevelRank(finest) {
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
		return Facility{}, keyErrorf("from", "struttura sconosciuta %q: il catalogo non ha strutture", "unknown facility %q: the catalog holds no facilities", id)
	}
	want := strings.ToLower(id)
	best, bestD := "", math.MaxInt
	limit := max(2, len([]rune(want))/3)
	for _, f := range fs {
		if d := suggest.Bounded(want, strings.ToLower(f.ID), min(bestD, limit+1)); d < bestD {
			best, bestD = f.ID, d
		}
	}
	if bestD <= limit {
		return Facility{}, keyErrorf("from", "struttura sconosciuta %q: forse intendevi %q?", "unknown facility %q: did you mean %q?", id, best)
	}
	return Facility{}, keyErrorf("from", "struttura sconosciuta %q: i codici delle strutture sono come %q", "unknown facility %q: facility IDs look like %q", id, fs[0].ID)
}
