package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/engine/geo"
	"github.com/welfare-intelligence/wi/engine/optimize"
)

func init() {
	register(func(e *Engine, ctx context.Context, p *WhereLocate, req Request) (*Result, error) {
		return e.locate(ctx, p, req)
	})
	register(func(e *Engine, ctx context.Context, p *HowmuchCenters, req Request) (*Result, error) {
		return e.centers(ctx, p, req)
	})
}

// Siting limits and settings.
const (
	sitingMaxClients    = 250_000   // demand points a question may cover
	sitingCandidateMaxM = 250.0     // candidate sites at most this far apart
	sitingSeed          = 20260101  // fixed: the same question gets the same sites
	sitingCoverEpsilon  = 1e-9      // covered weights are sums of fractions of people
	sitingMinShareGain  = 0.0005    // a new site adding less than this share is not proposed
	sitingEarthM        = 111_320.0 // metres per degree of latitude
)

// siting is a maximal-covering instance built from the catalog: the demand
// points of a target in an area, candidate sites where people live, and the
// existing facilities of a service, open and fixed.
type siting struct {
	target    Target
	svc       Service
	radius    float64
	scope     Area
	clients   []demandPoint
	cands     []geo.Point
	candRow   []int // demand-table row of each candidate
	existing  []Facility
	cov       *optimize.Coverage // sites: candidates, then existing facilities (fixed)
	total     float64            // people of the target in the area
	before    float64            // of whom within the radius of an existing facility
	tbl       *demandTable
	used      map[string]bool
	spacing   float64
	inScopeNo int // existing facilities inside the area
}

// newSiting builds the covering instance of a service for a target in an
// area (the whole city when area is "").
func (e *Engine) newSiting(ctx context.Context, service, targetSlug string, radius float64, area string, year int) (*siting, error) {
	target, ok := e.vocab.Target(targetSlug)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", targetSlug)
	}
	svc, ok := e.vocab.Service(service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", service)
	}
	if radius <= 0 {
		radius = svc.RadiusM
	}
	if radius <= 0 {
		return nil, answerErrorf("il servizio %s non ha un raggio abituale: indica raggio=", "service %s has no usual radius: give radius=", service)
	}
	scope, ok := e.area(orCity(area, e.vocab.CityArea))
	if !ok {
		return nil, fmt.Errorf("unknown area %q", area)
	}
	tbl, err := e.demandTable(ctx, targetSlug, year)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, answerErrorf("il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", targetSlug, year)
	}
	s := &siting{target: target, svc: svc, radius: radius, scope: scope, tbl: tbl, used: map[string]bool{}}
	inScope := make([]bool, len(tbl.rows))
	for i, r := range tbl.rows {
		inScope[i] = scope.Level == LevelCity || e.catchmentInArea(r.Area, scope)
		if inScope[i] {
			s.used[r.Dataset] = true
		}
	}
	for _, pt := range tbl.points {
		if inScope[pt.row] && pt.w > 0 {
			s.clients = append(s.clients, pt)
			s.total += pt.w
		}
	}
	if len(s.clients) == 0 {
		return nil, answerErrorf("nessuno del target %s vive in %s nel %d", "nobody of %s lives in %s in %d", targetSlug, scope.Name, year)
	}
	if len(s.clients) > sitingMaxClients {
		return nil, answerErrorf("%s ha %d punti di domanda di %s, più dei %d che una domanda di localizzazione gestisce: chiedi di un'area più piccola (zona=)", "%s holds %d demand points of %s, more than the %d a siting question handles: ask for a smaller area (area=)",
			scope.Name, len(s.clients), targetSlug, sitingMaxClients)
	}
	// Candidates: where people live, thinned to one per cell of a grid so
	// fine that every demand point has a candidate within the radius.
	s.spacing = math.Min(radius/2, sitingCandidateMaxM)
	lat0 := s.clients[0].p.Lat
	kx := sitingEarthM * math.Cos(lat0*math.Pi/180)
	seen := map[[2]int64]bool{}
	for _, c := range s.clients {
		k := [2]int64{int64(math.Floor(c.p.Lon * kx / s.spacing)), int64(math.Floor(c.p.Lat * sitingEarthM / s.spacing))}
		if !seen[k] {
			seen[k] = true
			s.cands = append(s.cands, c.p)
			s.candRow = append(s.candRow, c.row)
		}
	}
	facilities, err := e.facilities(ctx, []string{service})
	if err != nil {
		return nil, err
	}
	s.existing = facilities
	for _, f := range facilities {
		s.used[f.Dataset] = true
		if scope.Level == LevelCity || e.catchmentInArea(f.Area, scope) {
			s.inScopeNo++
		}
	}

	pts := make([]geo.Point, len(s.clients))
	weight := make([]float64, len(s.clients))
	for i, c := range s.clients {
		pts[i], weight[i] = c.p, c.w
	}
	ix := geo.NewIndex(pts, radius)
	sites := len(s.cands) + len(s.existing)
	cov := &optimize.Coverage{Clients: len(pts), Sites: sites, Weight: weight, Covers: make([][]int32, sites)}
	coverAt := func(p geo.Point) []int32 {
		var out []int32
		ix.Within(p, radius, func(i int, _ float64) bool { out = append(out, int32(i)); return true })
		slices.Sort(out)
		return out
	}
	for j, c := range s.cands {
		cov.Covers[j] = coverAt(c)
	}
	covered := make([]bool, len(pts))
	for k, f := range s.existing {
		j := len(s.cands) + k
		cov.Covers[j] = coverAt(f.Point)
		cov.Fixed = append(cov.Fixed, j)
		for _, i := range cov.Covers[j] {
			covered[i] = true
		}
	}
	for i, c := range covered {
		if c {
			s.before += weight[i]
		}
	}
	s.cov = cov
	return s, nil
}

// site is a new site of a solution with the people it newly covers,
// counted in the order the sites are listed.
type site struct {
	index int // candidate index
	gain  float64
}

// ordered lists the new sites by what each adds, greedily: first the site
// that covers most people not yet covered, and so on.
func (s *siting) ordered(newSites []int) (sites []site, after float64) {
	covered := make([]bool, s.cov.Clients)
	for _, j := range s.cov.Fixed {
		for _, i := range s.cov.Covers[j] {
			covered[i] = true
		}
	}
	after = s.before
	left := slices.Clone(newSites)
	for len(left) > 0 {
		best, bestGain := -1, -1.0
		for k, j := range left {
			g := 0.0
			for _, i := range s.cov.Covers[j] {
				if !covered[i] {
					g += s.cov.Weight[i]
				}
			}
			if g > bestGain+sitingCoverEpsilon {
				best, bestGain = k, g
			}
		}
		j := left[best]
		for _, i := range s.cov.Covers[j] {
			covered[i] = true
		}
		after += bestGain
		sites = append(sites, site{index: j, gain: bestGain})
		left = slices.Delete(left, best, best+1)
	}
	return sites, after
}

// siteRows writes the new sites as the result's table.
func (e *Engine) siteRows(res *Result, s *siting, sites []site, req Request) (withheld int) {
	l := req.Lang
	res.Columns = []Column{
		{Name: "rank", Label: "#", Type: TypeInt},
		{Name: "area_id", Label: l.Pick("quartiere (codice)", "neighbourhood (id)"), Type: TypeString},
		{Name: "area_name", Label: l.Pick("quartiere", "neighbourhood"), Type: TypeString},
		{Name: "lat", Label: "lat", Type: TypeCoord},
		{Name: "lon", Label: "lon", Type: TypeCoord},
		{Name: "new_covered", Label: l.Pick("nuovi raggiunti", "newly covered"), Type: TypeInt, Unit: unitOf(s.target, l)},
		{Name: "covered_share", Label: l.Pick("quota raggiunta (cumulata)", "share covered (cumulative)"), Type: TypePercent},
	}
	cum := s.before
	for k, st := range sites {
		cum += st.gain
		row := s.candRow[st.index]
		slug := s.tbl.nil[row]
		if slug == "" {
			slug = s.tbl.municipio[row]
		}
		p := s.cands[st.index]
		n := roundCount(st.gain)
		hide := n > 0 && n < int64(s.target.MinCount)
		if hide {
			withheld++
		}
		res.Rows = append(res.Rows, []Value{Int(int64(k + 1)), Str(slug), Str(e.areaName(slug)),
			Float(math.Round(p.Lat*1e5) / 1e5), Float(math.Round(p.Lon*1e5) / 1e5),
			countValue(req.Role.Publish(n), hide), Float(cum / s.total)})
	}
	return withheld
}

// sitingFacts records an instance's figures and the solver's in the facts.
func sitingFacts(res *Result, s *siting, sol *optimize.Solution, after float64, role Role) {
	pub := func(x float64) int64 { return role.Publish(roundCount(x)) }
	res.Facts["radius_m"] = s.radius
	res.Facts["total"] = pub(s.total)
	res.Facts["covered_before"] = pub(s.before)
	res.Facts["covered_after"] = pub(after)
	res.Facts["gain"] = pub(after - s.before)
	res.Facts["share_before"] = math.Round(s.before/s.total*1000) / 1000
	res.Facts["share_after"] = math.Round(after/s.total*1000) / 1000
	res.Facts["existing"] = len(s.existing)
	res.Facts["existing_in_area"] = s.inScopeNo
	res.Facts["demand_points"] = len(s.clients)
	res.Facts["candidates"] = len(s.cands)
	res.Facts["solver"] = sol.Method
	res.Facts["solver_seconds"] = sol.Seconds
	res.Facts["optimal"] = sol.Optimal
	if !math.IsNaN(sol.Bound) {
		res.Facts["bound"] = sol.Bound
		res.Facts["gap"] = sol.Gap
	}
}

// sitingDisclosure states the rule: counts of people reached, with the
// primary threshold on every published count.
func sitingDisclosure(s *siting, withheld int, l Lang) Disclosure {
	return Disclosure{
		Rule: l.Pick(
			fmt.Sprintf("Conteggi da 1 a %d oscurati (:c); i conteggi sono somme su tutte le persone entro il raggio, mai il conteggio di una sola sezione (Regole deontologiche SISTAN, All. 1 art. 5).", s.target.MinCount-1),
			fmt.Sprintf("Counts from 1 to %d withheld (:c); counts are sums over everyone within the radius, never the count of a single section (SISTAN ethics rules, Annex 1 art. 5).", s.target.MinCount-1)),
		Threshold: s.target.MinCount, Suppressed: withheld,
	}
}

// sitingMethod is the note that says how the sites were chosen.
func sitingMethod(s *siting, sol *optimize.Solution, problem string, l Lang) string {
	bound := l.Pick("nessun limite calcolato", "no bound computed")
	if !math.IsNaN(sol.Bound) {
		bound = l.Pick(
			fmt.Sprintf("limite %s %s, scarto %s", l.Pick("superiore", "upper"), FormatFloat(sol.Bound, 1, l), FormatPercent(sol.Gap, l)),
			fmt.Sprintf("%s bound %s, gap %s", "upper", FormatFloat(sol.Bound, 1, l), FormatPercent(sol.Gap, l)))
		if problem == "lscp" {
			bound = l.Pick(
				fmt.Sprintf("limite inferiore %s nuovi siti, scarto %s", FormatFloat(sol.Bound, 1, l), FormatPercent(sol.Gap, l)),
				fmt.Sprintf("lower bound %s new sites, gap %s", FormatFloat(sol.Bound, 1, l), FormatPercent(sol.Gap, l)))
		}
	}
	if sol.Optimal {
		bound += l.Pick(": soluzione ottima dimostrata", ": proven optimal")
	}
	name := map[string][2]string{
		"mclp": {"copertura massima (MCLP, Church e ReVelle 1974)", "maximal covering (MCLP, Church & ReVelle 1974)"},
		"lscp": {"copertura di insiemi (LSCP, Toregas et al. 1971)", "set covering (LSCP, Toregas et al. 1971)"},
	}[problem]
	return l.Pick(
		fmt.Sprintf("Metodo: %s su %s punti di domanda e %s siti candidati (i punti dove vivono le persone, uno ogni %s), con le %s strutture esistenti del servizio aperte; distanza in linea d'aria; risolto con %s (%s). I siti sono luoghi indicativi: vanno verificati con gli immobili disponibili.",
			name[0], FormatInt(int64(len(s.clients)), l), FormatInt(int64(len(s.cands)), l), FormatDistance(s.spacing, l), FormatInt(int64(len(s.existing)), l), sol.Method, bound),
		fmt.Sprintf("Method: %s over %s demand points and %s candidate sites (where people live, one every %s), with the service's %s existing facilities open; straight-line distance; solved by %s (%s). Sites are indicative places: check them against available premises.",
			name[1], FormatInt(int64(len(s.clients)), l), FormatInt(int64(len(s.cands)), l), FormatDistance(s.spacing, l), FormatInt(int64(len(s.existing)), l), sol.Method, bound))
}

// locate answers `where locate`: the best places for new facilities of a
// service, maximising the people of the target within the radius of some
// facility, old or new.
func (e *Engine) locate(ctx context.Context, p *WhereLocate, req Request) (*Result, error) {
	l := req.Lang
	s, err := e.newSiting(ctx, p.Service, p.Target, p.RadiusM, p.Area, p.Year)
	if err != nil {
		return nil, err
	}
	count := p.Count
	if count <= 0 {
		count = 1
	}
	count = min(count, len(s.cands))
	sctx, cancel := solverContext(ctx)
	defer cancel()
	sol, err := optimize.MCLP(sctx, s.cov, count, optimize.Options{Seed: sitingSeed})
	if err != nil {
		return nil, fmt.Errorf("locating %d sites: %w", count, err)
	}
	sites, after := s.ordered(sol.New)
	// A site that adds nobody is not worth proposing.
	for len(sites) > 0 && sites[len(sites)-1].gain < sitingMinShareGain*s.total {
		sites = sites[:len(sites)-1]
	}
	res := &Result{Facts: map[string]any{"target": p.Target, "service": p.Service, "year": p.Year, "count": count}}
	withheld := e.siteRows(res, s, sites, req)
	sitingFacts(res, s, sol, after, req.Role)
	gain := roundCount(after - s.before)
	scope := s.scope.Name
	svcName, tName := s.svc.Name(l), s.target.Name(l)
	switch {
	case len(sites) == 0:
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: nessun nuovo sito di %s raggiungerebbe altre persone (%s) entro %s: le strutture esistenti ne raggiungono già il %s.",
				scope, p.Year, svcName, tName, FormatDistance(s.radius, l), FormatPercent(s.before/s.total, l)),
			fmt.Sprintf("%s, %d: no new %s site would reach more %s within %s: existing facilities already reach %s.",
				scope, p.Year, svcName, tName, FormatDistance(s.radius, l), FormatPercent(s.before/s.total, l)))
	case gain < int64(s.target.MinCount):
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: %s di %s aggiungerebbe meno di %d persone (%s) entro %s.", scope, p.Year, newSitesIT(len(sites)), svcName, s.target.MinCount, tName, FormatDistance(s.radius, l)),
			fmt.Sprintf("%s, %d: %s (%s) would add fewer than %d %s within %s.", scope, p.Year, newSitesEN(len(sites)), svcName, s.target.MinCount, tName, FormatDistance(s.radius, l)))
	default:
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: con %s di %s ben collocat%s, le persone (%s) con una struttura entro %s passano da %s (%s) a %s (%s): %s in più.",
				scope, p.Year, newSitesIT(len(sites)), svcName, Plural(len(sites), "a", "e"), tName, FormatDistance(s.radius, l),
				FormatInt(req.Role.Publish(roundCount(s.before)), l), FormatPercent(s.before/s.total, l),
				FormatInt(req.Role.Publish(roundCount(after)), l), FormatPercent(after/s.total, l), FormatInt(req.Role.Publish(gain), l)),
			fmt.Sprintf("%s, %d: with %s (%s), well placed, the %s with a facility within %s go from %s (%s) to %s (%s): %s more.",
				scope, p.Year, newSitesEN(len(sites)), svcName, tName, FormatDistance(s.radius, l),
				FormatInt(req.Role.Publish(roundCount(s.before)), l), FormatPercent(s.before/s.total, l),
				FormatInt(req.Role.Publish(roundCount(after)), l), FormatPercent(after/s.total, l), FormatInt(req.Role.Publish(gain), l)))
	}
	res.Notes = append(res.Notes, sitingMethod(s, sol, "mclp", l))
	if len(sites) < count {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Chiesti %d siti, proposti %d: gli altri non raggiungerebbero quasi nessuno in più.", count, len(sites)),
			fmt.Sprintf("%d sites asked, %d proposed: the others would reach hardly anyone more.", count, len(sites))))
	}
	if s.tbl.spread {
		res.Notes = append(res.Notes, spreadNote(l))
	}
	res.Disclosure = sitingDisclosure(s, withheld, l)
	res.Sources = e.sources(s.used)
	return res, nil
}

// spreadNote says that counts known by neighbourhood were spread over it.
func spreadNote(l Lang) string {
	return l.Pick(
		fmt.Sprintf("Il catalogo conta il target per quartiere: le persone sono distribuite uniformemente sul quartiere (griglia di %s) per misurare le distanze.", FormatDistance(spreadSpacingM, l)),
		fmt.Sprintf("The catalog counts the target by neighbourhood: people are spread evenly over it (a %s grid) to measure distances.", FormatDistance(spreadSpacingM, l)))
}

// centers answers `howmuch centers`: the fewest new facilities so that a
// share of the target has one within the radius, existing ones counted.
func (e *Engine) centers(ctx context.Context, p *HowmuchCenters, req Request) (*Result, error) {
	l := req.Lang
	s, err := e.newSiting(ctx, p.Service, p.Target, p.RadiusM, p.Area, p.Year)
	if err != nil {
		return nil, err
	}
	share := p.CoveragePct / 100
	if share <= 0 || share > 1 {
		return nil, fmt.Errorf("coverage must be in (0%%, 100%%], got %s", FormatPct(p.CoveragePct))
	}
	res := &Result{Facts: map[string]any{"target": p.Target, "service": p.Service, "year": p.Year, "coverage": share}}
	scope, svcName, tName := s.scope.Name, s.svc.Name(l), s.target.Name(l)
	if s.before >= share*s.total-sitingCoverEpsilon {
		res.Facts["new_sites"] = 0
		sitingFacts(res, s, &optimize.Solution{Method: "-", Bound: math.NaN(), Gap: math.NaN(), Optimal: true}, s.before, req.Role)
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: nessun nuovo centro serve: le %d strutture di %s raggiungono già il %s delle persone (%s) entro %s (obiettivo %s).",
				scope, p.Year, len(s.existing), svcName, FormatPercent(s.before/s.total, l), tName, FormatDistance(s.radius, l), FormatPct(p.CoveragePct)),
			fmt.Sprintf("%s, %d: no new centre is needed: the %d %s facilities already reach %s of %s within %s (goal %s).",
				scope, p.Year, len(s.existing), svcName, FormatPercent(s.before/s.total, l), tName, FormatDistance(s.radius, l), FormatPct(p.CoveragePct)))
		res.Disclosure = sitingDisclosure(s, 0, l)
		res.Sources = e.sources(s.used)
		e.siteRows(res, s, nil, req)
		return res, nil
	}
	sctx, cancel := solverContext(ctx)
	defer cancel()
	sol, err := optimize.LSCP(sctx, s.cov, share, optimize.Options{Seed: sitingSeed})
	if errors.Is(err, optimize.ErrInfeasible) {
		return nil, fmt.Errorf("%s: %w", scope, err)
	}
	if err != nil {
		return nil, fmt.Errorf("counting the centres needed: %w", err)
	}
	sites, after := s.ordered(sol.New)
	withheld := e.siteRows(res, s, sites, req)
	sitingFacts(res, s, sol, after, req.Role)
	res.Facts["new_sites"] = len(sites)
	res.Headline = l.Pick(
		fmt.Sprintf("%s, %d: serv%s %s di %s perché il %s delle persone (%s) ne abbia una entro %s (oggi il %s, con %d strutture).",
			scope, p.Year, Plural(len(sites), "e", "ono"), newSitesIT(len(sites)), svcName, FormatPct(p.CoveragePct), tName, FormatDistance(s.radius, l), FormatPercent(s.before/s.total, l), len(s.existing)),
		fmt.Sprintf("%s, %d: %s (%s) %s needed for %s of %s to have one within %s (today %s, with %d facilities).",
			scope, p.Year, newSitesEN(len(sites)), svcName, Plural(len(sites), "is", "are"), FormatPct(p.CoveragePct), tName, FormatDistance(s.radius, l), FormatPercent(s.before/s.total, l), len(s.existing)))
	res.Notes = append(res.Notes, sitingMethod(s, sol, "lscp", l))
	if s.tbl.spread {
		res.Notes = append(res.Notes, spreadNote(l))
	}
	res.Disclosure = sitingDisclosure(s, withheld, l)
	res.Sources = e.sources(s.used)
	return res, nil
}

// newSitesIT and newSitesEN say "1 nuova struttura", "3 nuove strutture".
func newSitesIT(n int) string {
	return fmt.Sprintf("%d %s", n, Plural(n, "nuova struttura", "nuove strutture"))
}

func newSitesEN(n int) string {
	return fmt.Sprintf("%d %s", n, Plural(n, "new facility", "new facilities"))
}

// Plural picks the singular form for one, the plural otherwise.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
