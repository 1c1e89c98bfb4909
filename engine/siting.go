package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/engine/optimize"
	"github.com/welfare-intelligence/wi/geo"
)

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
// existing facilities of a service, open and fixed. The solver works on the
// exact counts; every figure of people the answer shows is published by pub
// (docs/privacy.md).
type siting struct {
	target    Target
	svc       Service
	radius    float64
	scope     Area
	clients   []demandPoint
	weights   []float64 // each client's decision weight (demandTable.decisionWeight)
	cands     []geo.Point
	candRow   []int // demand-table row of each candidate
	existing  []Facility
	cov       *optimize.Coverage // sites: candidates, then existing facilities (fixed)
	total     float64            // people of the target in the area by decision weights: the solver's own, never published
	before    float64            // of whom within the radius of an existing facility (exact)
	beforeR   disclose.Region    // the people within the radius of an existing facility
	totalPub  disclose.Count     // published people of the target in the area
	pub       publisher
	tbl       *demandTable
	used      map[string]bool
	spacing   float64
	inScopeNo int // existing facilities inside the area
}

// newSiting builds the covering instance of a service for a target in an
// area (the whole city when area is "").
func (e *Engine) newSiting(ctx context.Context, service, targetSlug string, radius float64, area string, year int, role Role) (*siting, error) {
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
		return nil, keyErrorf("service", "il servizio %s non ha un raggio abituale: indica raggio=", "service %s has no usual radius: give radius=", service)
	}
	scope, err := e.knownArea(orCity(area, e.vocab.CityArea))
	if err != nil {
		return nil, err
	}
	tbl, err := e.heldTable(ctx, targetSlug, year)
	if err != nil {
		return nil, err
	}
	s := &siting{target: target, svc: svc, radius: radius, scope: scope, tbl: tbl, used: map[string]bool{}, pub: e.publisher(target, role)}
	inScope := make([]bool, len(tbl.rows))
	var scopeRows []int
	for i, r := range tbl.rows {
		inScope[i] = scope.Level == LevelCity || e.catchmentInArea(r.Area, scope)
		if inScope[i] {
			s.used[r.Dataset] = true
			scopeRows = append(scopeRows, i)
		}
	}
	// The published total: the area's count as every other verb publishes
	// it (with its table's suppression pattern) when the area is a cell of
	// the fixed hierarchy, else as a region the question drew.
	switch scope.Level {
	case LevelCity, LevelMunicipio, LevelNIL:
		c, found, err := e.areaCount(ctx, target, scope, year, role)
		if err != nil {
			return nil, err
		}
		if !found {
			c = s.pub.drawn(tbl.rowRegion(scopeRows...))
		}
		s.totalPub = c
	default:
		s.totalPub = s.pub.drawn(tbl.rowRegion(scopeRows...))
	}
	// The solver decides on decision weights (perturbed for every role but
	// the analyst); the figures published about its choice are regions of
	// the exact records, perturbed once by the publisher.
	for _, pt := range tbl.points {
		if inScope[pt.row] && pt.w > 0 {
			s.clients = append(s.clients, pt)
			w := tbl.decisionWeight(pt, s.pub)
			s.weights = append(s.weights, w)
			s.total += w
		}
	}
	// Nobody, or a published zero: the same answer, so that proposing sites
	// never tells a small count (published as zero) from no one at all.
	if v, ok := s.totalPub.Value(); len(s.clients) == 0 || ok && v == 0 {
		return nil, keyErrorf("area", "in %[2]s il target %[1]s conta meno di %[4]d persone nel %[3]d: troppo poche per proporre siti", "%[2]s holds fewer than %[4]d %[1]s in %[3]d: too few to propose sites", targetSlug, scope.Name, year, max(target.MinCount, 1))
	}
	if len(s.clients) > sitingMaxClients {
		return nil, keyErrorf("area", "%s ha %d punti di domanda di %s, più dei %d che una domanda di localizzazione gestisce: chiedi di un'area più piccola (zona=)", "%s holds %d demand points of %s, more than the %d a siting question handles: ask for a smaller area (area=)",
			scope.Name, len(s.clients), targetSlug, sitingMaxClients)
	}
	s.candidates()
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
	s.coverage()
	return s, nil
}

// candidates places the candidate sites where people live, thinned to one
// per cell of a grid so fine that every demand point has a candidate
// within the radius.
func (s *siting) candidates() {
	s.spacing = math.Min(s.radius/2, sitingCandidateMaxM)
	lat0 := s.clients[0].p.Lat
	kx := sitingEarthM * math.Cos(lat0*math.Pi/180)
	seen := map[[2]int64]bool{}
	for i, c := range s.clients {
		if s.weights[i] <= 0 {
			continue // no candidate where, for this reader, nobody lives
		}
		k := [2]int64{int64(math.Floor(c.p.Lon * kx / s.spacing)), int64(math.Floor(c.p.Lat * sitingEarthM / s.spacing))}
		if !seen[k] {
			seen[k] = true
			s.cands = append(s.cands, c.p)
			s.candRow = append(s.candRow, c.row)
		}
	}
}

// coverage finds which clients each candidate and each existing facility
// covers, and those the existing ones already cover.
func (s *siting) coverage() {
	radius := s.radius
	pts := make([]geo.Point, len(s.clients))
	weight := make([]float64, len(s.clients))
	for i, c := range s.clients {
		pts[i], weight[i] = c.p, s.weights[i]
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
			s.beforeR.Merge(s.clients[i].region())
		}
	}
	s.cov = cov
}

// site is a new site of a solution with the people it newly covers,
// counted in the order the sites are listed.
type site struct {
	index int             // candidate index
	gain  float64         // exact, for the engine's own choices only
	newly disclose.Region // the people it newly covers, to publish
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
		var newly disclose.Region
		for _, i := range s.cov.Covers[j] {
			if !covered[i] {
				newly.Merge(s.clients[i].region())
			}
			covered[i] = true
		}
		after += bestGain
		sites = append(sites, site{index: j, gain: bestGain, newly: newly})
		left = slices.Delete(left, best, best+1)
	}
	return sites, after
}

// sitingFigures are the published figures of a solution. Every count of
// people in them is a region published by the siting's publisher — the
// people a site newly covers, those covered so far, the total in the area —
// and every share is computed from published counts: consecutive
// cumulative shares times the total give two noisy counts, never a site's
// exact one.
type sitingFigures struct {
	total, before, after, gain disclose.Count
	gainFew                    bool             // the gain is published as fewer than the threshold
	site                       []disclose.Count // per new site: the people it newly covers
	cum                        []disclose.Count // per new site: the people covered so far, old facilities included
}

// figures publishes a solution's figures: per site for the sites listed,
// and in all for those and the unlisted ones (sites a solution needs that
// each add too few people to be shown).
func (s *siting) figures(sites, unlisted []site) sitingFigures {
	f := sitingFigures{total: s.totalPub, before: s.pub.drawn(s.beforeR)}
	cum := s.beforeR
	var gain disclose.Region
	for _, st := range sites {
		cum.Merge(st.newly)
		gain.Merge(st.newly)
		f.site = append(f.site, s.small(s.pub.drawn(st.newly)))
		f.cum = append(f.cum, s.pub.drawn(cum))
	}
	for _, st := range unlisted {
		cum.Merge(st.newly)
		gain.Merge(st.newly)
	}
	f.after = s.pub.drawn(cum)
	g := s.pub.drawn(gain)
	if v, ok := g.Value(); ok && v < int64(s.target.MinCount) {
		f.gainFew = true
	}
	f.gain = s.small(g)
	// Where before and after are both published, the gain a reader sees is
	// their difference, so that "from A to B: C more" adds up; it is derived
	// from published figures and reveals nothing more. A difference below
	// the threshold keeps the region's own figure.
	if d := f.after.Minus(f.before); !f.gainFew && f.gain.Positive() && d.Positive() {
		if v, _ := d.Value(); v >= int64(s.target.MinCount) {
			f.gain = d
		}
	}
	return f
}

// small withholds an exact figure from 1 to the threshold − 1 (the classic
// rule, for a role granted exact counts); perturbed figures never fall
// there.
func (s *siting) small(c disclose.Count) disclose.Count {
	if v, ok := c.Value(); ok && c.IsExact() && v > 0 && v < int64(s.target.MinCount) {
		return disclose.Withheld()
	}
	return c
}

// siteRows writes the new sites as the result's table and returns how many
// of its cells are withheld.
func (e *Engine) siteRows(res *Result, s *siting, sites []site, f sitingFigures, l Lang) (withheld int) {
	res.Columns = []Column{
		{Name: "rank", Label: "#", Type: TypeInt},
		{Name: "area_id", Label: l.Pick("quartiere (codice)", "neighbourhood (id)"), Type: TypeString},
		{Name: "area_name", Label: l.Pick("quartiere", "neighbourhood"), Type: TypeString},
		{Name: "lat", Label: "lat", Type: TypeCoord},
		{Name: "lon", Label: "lon", Type: TypeCoord},
		{Name: "new_covered", Label: l.Pick("nuovi raggiunti", "newly covered"), Type: TypeInt, Unit: unitOf(s.target, l)},
		{Name: "covered_share", Label: l.Pick("quota raggiunta (cumulata)", "share covered (cumulative)"), Type: TypePercent},
	}
	for k, st := range sites {
		row := s.candRow[st.index]
		slug := s.tbl.nil[row]
		if slug == "" {
			slug = s.tbl.municipio[row]
		}
		p := s.cands[st.index]
		share := shareValue(f.cum[k], f.total)
		for _, v := range []Value{Count(f.site[k]), share} {
			if v.IsSuppressed() {
				withheld++
			}
		}
		res.Rows = append(res.Rows, []Value{Int(int64(k + 1)), Str(slug), Str(e.areaName(slug)),
			Float(math.Round(p.Lat*1e5) / 1e5), Float(math.Round(p.Lon*1e5) / 1e5),
			Count(f.site[k]), share})
	}
	return withheld
}

// sitingFacts records an instance's published figures and the solver's.
// No figure of the solver in people (objective, bound, gap in people) is
// written: the gap only as a percentage rounded to a tenth.
func sitingFacts(res *Result, s *siting, sol *optimize.Solution, f sitingFigures, problem string) {
	res.Facts["radius_m"] = s.radius
	res.Facts["total"] = fact(f.total)
	res.Facts["covered_before"] = fact(f.before)
	res.Facts["covered_after"] = fact(f.after)
	res.Facts["gain"] = fact(f.gain)
	res.Facts["share_before"] = shareFact(f.before, f.total)
	res.Facts["share_after"] = shareFact(f.after, f.total)
	res.Facts["existing"] = len(s.existing)
	res.Facts["existing_in_area"] = s.inScopeNo
	res.Facts["candidates"] = len(s.cands)
	res.Facts["solver"] = sol.Method
	res.Facts["solver_seconds"] = sol.Seconds
	res.Facts["proved_optimal"] = sol.Optimal
	if !math.IsNaN(sol.Gap) {
		res.Facts["gap_percent"] = gapPercent(sol.Gap)
	}
	if problem == "lscp" && !math.IsNaN(sol.Bound) {
		// A number of sites, not of people.
		res.Facts["lower_bound_sites"] = int64(math.Ceil(sol.Bound - 1e-9))
	}
}

// gapPercent is a solver's relative gap as a percentage rounded to a tenth.
func gapPercent(gap float64) float64 { return math.Round(gap*1000) / 10 }

// sitingDisclosure states the rule.
func sitingDisclosure(s *siting, withheld int, l Lang) Disclosure {
	return Disclosure{
		Rule:      disclosureRule(s.target.MinCount, l),
		Threshold: s.target.MinCount, Suppressed: withheld,
	}
}

// sitingMethod is the note that says how the sites were chosen. The
// solver's quality is said as a percentage or as proven optimal, never as a
// bound in people.
func sitingMethod(s *siting, sol *optimize.Solution, problem string, l Lang) string {
	quality := l.Pick("nessun limite calcolato", "no bound computed")
	gap := FormatFloat(gapPercent(sol.Gap), 1, l) + "%"
	switch {
	case problem == "lscp" && !math.IsNaN(sol.Bound):
		lb := int64(math.Ceil(sol.Bound - 1e-9))
		quality = l.Pick(fmt.Sprintf("limite inferiore %s %s, scarto %s", FormatInt(lb, l), Plural(int(lb), "nuovo sito", "nuovi siti"), gap),
			fmt.Sprintf("lower bound %s %s, gap %s", FormatInt(lb, l), Plural(int(lb), "new site", "new sites"), gap))
		if sol.Optimal {
			quality += l.Pick(": soluzione ottima dimostrata", ": proven optimal")
		}
	case sol.Optimal:
		quality = l.Pick("soluzione ottima dimostrata", "proven optimal")
	case !math.IsNaN(sol.Gap):
		quality = l.Pick(fmt.Sprintf("scarto dal limite superiore %s", gap), fmt.Sprintf("gap to the upper bound %s", gap))
	}
	name := map[string][2]string{
		"mclp": {"copertura massima (MCLP, Church e ReVelle 1974)", "maximal covering (MCLP, Church & ReVelle 1974)"},
		"lscp": {"copertura di insiemi (LSCP, Toregas et al. 1971)", "set covering (LSCP, Toregas et al. 1971)"},
	}[problem]
	return l.Pick(
		fmt.Sprintf("Metodo: %s su %s (i punti dove vivono le persone, uno ogni %s), %s; distanza in linea d'aria; risolto con %s (%s). I siti sono luoghi indicativi: vanno verificati con gli immobili disponibili.",
			name[0], Agreed(len(s.cands), "sito candidato", "siti candidati", l), FormatDistance(s.spacing, l),
			existingOpenIT(len(s.existing)), SolverName(sol.Method, l), quality),
		fmt.Sprintf("Method: %s over %s candidate sites (where people live, one every %s), %s; straight-line distance; solved by %s (%s). Sites are indicative places: check them against available premises.",
			name[1], FormatInt(int64(len(s.cands)), l), FormatDistance(s.spacing, l), existingOpenEN(len(s.existing)), sol.Method, quality))
}

// pctOf writes " (53,3%)", the share of a published count in the published
// total; "" when either is withheld.
func pctOf(c, total disclose.Count, l Lang) string {
	if c.Withheld() || total.Withheld() {
		return ""
	}
	if x, ok := disclose.Share(c, total); ok {
		return " (" + FormatPercent(x, l) + ")"
	}
	return ""
}

// countText writes a published count.
func countText(c disclose.Count, l Lang) string {
	v, _ := c.Value()
	return FormatInt(v, l)
}

// locate answers `where locate`: the best places for new facilities of a
// service, maximising the people of the target within the radius of some
// facility, old or new.
func (e *Engine) locate(ctx context.Context, p *WhereLocate, req Request) (*Result, error) {
	l := req.Lang
	s, err := e.newSiting(ctx, p.Service, p.Target, p.RadiusM, p.Area, p.Year, req.Role)
	if err != nil {
		return nil, err
	}
	count := p.Count
	if count <= 0 {
		count = 1
	}
	count = min(count, len(s.cands))
	sctx, cancel, budget := e.budgetContext(ctx)
	defer cancel()
	sol, err := optimize.MCLP(sctx, s.cov, count, solverOptions(ctx, true))
	if err != nil {
		return nil, fmt.Errorf("locating %d sites: %w", count, err)
	}
	cut := budgetReached(sctx, ctx)
	sites, _ := s.ordered(sol.New)
	// A site that adds nobody is not worth proposing; nor one that adds
	// fewer people than the threshold: where it stands would point at them.
	// (Sites are listed by what each adds, so those are the last ones.)
	least := max(sitingMinShareGain*s.total, float64(s.target.MinCount))
	for len(sites) > 0 && sites[len(sites)-1].gain < least-sitingCoverEpsilon {
		sites = sites[:len(sites)-1]
	}
	f := s.figures(sites, nil)
	res := &Result{Facts: map[string]any{"target": p.Target, "service": p.Service, "year": p.Year, "count": count}}
	withheld := e.siteRows(res, s, sites, f, l)
	sitingFacts(res, s, sol, f, "mclp")
	if cut {
		res.Caveats = append(res.Caveats, budgetNote(budget, sol, l))
	}
	head := fmt.Sprintf("%s, %d", s.scope.Name, p.Year)
	dist := FormatDistance(s.radius, l)
	svcName, tName := s.svc.Name(l), s.target.Name(l)
	switch {
	case len(sites) == 0:
		already := ""
		if b := pctOf(f.before, f.total, l); b != "" {
			b = b[2 : len(b)-1]
			already = l.Pick(": le strutture esistenti ne raggiungono già "+The(b), ": existing facilities already reach "+b)
		}
		res.Headline = l.Pick(
			fmt.Sprintf("%s: nessun nuovo sito di %s raggiungerebbe almeno %d altre persone (%s) entro %s%s.", head, svcName, s.target.MinCount, tName, dist, already),
			fmt.Sprintf("%s: no new %s site would reach at least %d more %s within %s%s.", head, svcName, s.target.MinCount, tName, dist, already))
	case f.gainFew:
		res.Headline = l.Pick(
			fmt.Sprintf("%s: %s di %s %s meno di %d persone (%s) entro %s.", head, newSitesIT(len(sites)), svcName, Plural(len(sites), "aggiungerebbe", "aggiungerebbero"), s.target.MinCount, tName, dist),
			fmt.Sprintf("%s: %s (%s) would add fewer than %d %s within %s.", head, newSitesEN(len(sites)), svcName, s.target.MinCount, tName, dist))
	case f.gain.Withheld():
		res.Headline = l.Pick(
			fmt.Sprintf("%s: con %s di %s ben collocat%s, più persone (%s) avrebbero una struttura entro %s; quante, non è pubblicato per riservatezza.",
				head, newSitesIT(len(sites)), svcName, Plural(len(sites), "a", "e"), tName, dist),
			fmt.Sprintf("%s: with %s (%s), well placed, more %s would have a facility within %s; how many is not published, for privacy.",
				head, newSitesEN(len(sites)), svcName, tName, dist))
	case f.before.Withheld():
		res.Headline = l.Pick(
			fmt.Sprintf("%s: con %s di %s ben collocat%s, %s persone (%s) in più avrebbero una struttura entro %s, %s in tutto%s.",
				head, newSitesIT(len(sites)), svcName, Plural(len(sites), "a", "e"), countText(f.gain, l), tName, dist, countText(f.after, l), pctOf(f.after, f.total, l)),
			fmt.Sprintf("%s: with %s (%s), well placed, %s more %s would have a facility within %s, %s in all%s.",
				head, newSitesEN(len(sites)), svcName, countText(f.gain, l), tName, dist, countText(f.after, l), pctOf(f.after, f.total, l)))
	default:
		res.Headline = l.Pick(
			fmt.Sprintf("%s: con %s di %s ben collocat%s, le persone (%s) con una struttura entro %s passano da %s%s a %s%s: %s in più.",
				head, newSitesIT(len(sites)), svcName, Plural(len(sites), "a", "e"), tName, dist,
				countText(f.before, l), pctOf(f.before, f.total, l), countText(f.after, l), pctOf(f.after, f.total, l), countText(f.gain, l)),
			fmt.Sprintf("%s: with %s (%s), well placed, the %s with a facility within %s go from %s%s to %s%s: %s more.",
				head, newSitesEN(len(sites)), svcName, tName, dist,
				countText(f.before, l), pctOf(f.before, f.total, l), countText(f.after, l), pctOf(f.after, f.total, l), countText(f.gain, l)))
	}
	res.Notes = append(res.Notes, sitingMethod(s, sol, "mclp", l))
	if len(sites) < count {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Chiesti %d siti, proposti %d: ciascuno degli altri raggiungerebbe meno di %d persone in più.", count, len(sites), s.target.MinCount),
			fmt.Sprintf("%d sites asked, %d proposed: each of the others would reach fewer than %d more people.", count, len(sites), s.target.MinCount)))
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
	s, err := e.newSiting(ctx, p.Service, p.Target, p.RadiusM, p.Area, p.Year, req.Role)
	if err != nil {
		return nil, err
	}
	share := p.CoveragePct / 100
	if share <= 0 || share > 1 {
		return nil, fmt.Errorf("coverage must be in (0%%, 100%%], got %s", FormatPct(p.CoveragePct))
	}
	res := &Result{Facts: map[string]any{"target": p.Target, "service": p.Service, "year": p.Year, "coverage": share}}
	scope, svcName, tName := s.scope.Name, s.svc.Name(l), s.target.Name(l)
	// Whether the goal is met today is read on the published figures when
	// there are some (the answer then agrees with the share it shows, and
	// asking goal after goal learns no more than that share); else on the
	// solver's own.
	before := s.pub.drawn(s.beforeR)
	met := s.before >= share*s.total-sitingCoverEpsilon
	if b, ok := disclose.Share(before, s.totalPub); ok && !before.Withheld() && !s.totalPub.Withheld() {
		met = b >= share-1e-12
	}
	var sites []site
	sol := &optimize.Solution{Method: "-", Bound: math.NaN(), Gap: math.NaN(), Optimal: true}
	cut, budget := false, time.Duration(0)
	if !met {
		sctx, cancel, d := e.budgetContext(ctx)
		defer cancel()
		budget = d
		sol, err = optimize.LSCP(sctx, s.cov, share, solverOptions(ctx, false))
		cut = budgetReached(sctx, ctx)
		if errors.Is(err, optimize.ErrInfeasible) {
			return nil, fmt.Errorf("%s: %w", scope, err)
		}
		if err != nil {
			return nil, fmt.Errorf("counting the centres needed: %w", err)
		}
		sites, _ = s.ordered(sol.New)
	}
	// Every site the goal needs is counted; only those adding at least the
	// threshold of people are shown, since where a site stands points at
	// the people it adds (sites are listed by what each adds).
	needed := len(sites)
	shown := sites
	for len(shown) > 0 && shown[len(shown)-1].gain < float64(s.target.MinCount)-sitingCoverEpsilon {
		shown = shown[:len(shown)-1]
	}
	f := s.figures(shown, sites[len(shown):])
	withheld := e.siteRows(res, s, shown, f, l)
	if rows := len(res.Rows); p.Top > 0 && rows > p.Top {
		res.Rows = res.Rows[:p.Top]
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Mostrati i primi %d nuovi siti su %d, nell'ordine in cui si aggiungono (primi=0 per vederli tutti).", p.Top, rows),
			fmt.Sprintf("Showing the first %d new sites of %d, in the order they are added (top=0 shows them all).", p.Top, rows)))
	}
	sitingFacts(res, s, sol, f, "lscp")
	if cut {
		res.Caveats = append(res.Caveats, budgetNote(budget, sol, l))
	}
	res.Facts["new_sites"] = needed
	today := ""
	if b := pctOf(f.before, f.total, l); b != "" {
		today = b[2 : len(b)-1]
	}
	if len(sites) == 0 {
		b, _ := disclose.Share(f.before, f.total)
		if today != "" && b >= share-1e-12 {
			res.Headline = l.Pick(
				fmt.Sprintf("%s, %d: nessun nuovo centro serve: %s di %s %s già %s delle persone (%s) entro %s (obiettivo %s).",
					scope, p.Year, existingIT(len(s.existing)), svcName, Plural(len(s.existing), "raggiunge", "raggiungono"), The(today), tName, FormatDistance(s.radius, l), FormatPct(p.CoveragePct)),
				fmt.Sprintf("%s, %d: no new centre is needed: the %d %s facilities already reach %s of %s within %s (goal %s).",
					scope, p.Year, len(s.existing), svcName, today, tName, FormatDistance(s.radius, l), FormatPct(p.CoveragePct)))
		} else {
			res.Headline = l.Pick(
				fmt.Sprintf("%s, %d: nessun nuovo centro serve: %s di %s %s già %s delle persone (%s) entro %s.",
					scope, p.Year, existingIT(len(s.existing)), svcName, Plural(len(s.existing), "raggiunge", "raggiungono"), The(FormatPct(p.CoveragePct)), tName, FormatDistance(s.radius, l)),
				fmt.Sprintf("%s, %d: no new centre is needed: the %d %s facilities already reach %s of %s within %s.",
					scope, p.Year, len(s.existing), svcName, FormatPct(p.CoveragePct), tName, FormatDistance(s.radius, l)))
		}
	} else {
		now := l.Pick("oggi con "+Agreed(len(s.existing), "struttura", "strutture", l), fmt.Sprintf("today with %d facilities", len(s.existing)))
		if today != "" {
			now = l.Pick(fmt.Sprintf("oggi %s, con %s", The(today), Agreed(len(s.existing), "struttura", "strutture", l)), fmt.Sprintf("today %s, with %d facilities", today, len(s.existing)))
		}
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: serv%s %s di %s perché %s delle persone (%s) ne abbia una entro %s (%s).",
				scope, p.Year, Plural(len(sites), "e", "ono"), newSitesIT(len(sites)), svcName, The(FormatPct(p.CoveragePct)), tName, FormatDistance(s.radius, l), now),
			fmt.Sprintf("%s, %d: %s (%s) %s needed for %s of %s to have one within %s (%s).",
				scope, p.Year, newSitesEN(len(sites)), svcName, Plural(len(sites), "is", "are"), FormatPct(p.CoveragePct), tName, FormatDistance(s.radius, l), now))
		res.Notes = append(res.Notes, sitingMethod(s, sol, "lscp", l))
		if hidden := needed - len(shown); hidden > 0 {
			res.Notes = append(res.Notes, l.Pick(
				fmt.Sprintf("%d delle %d nuove strutture raggiungerebbero ciascuna meno di %d persone in più: per riservatezza non sono mostrate, ma sono contate nel totale.", hidden, needed, s.target.MinCount),
				fmt.Sprintf("%d of the %d new facilities would each reach fewer than %d more people: for privacy they are not shown, but they are counted in the total.", hidden, needed, s.target.MinCount)))
		}
	}
	if s.tbl.spread {
		res.Notes = append(res.Notes, spreadNote(l))
	}
	res.Disclosure = sitingDisclosure(s, withheld, l)
	res.Sources = e.sources(s.used)
	return res, nil
}

// existingOpenIT says which existing facilities a solution keeps open.
func existingOpenIT(n int) string {
	switch n {
	case 0:
		return "senza strutture esistenti del servizio"
	case 1:
		return "con l'unica struttura esistente del servizio aperta"
	}
	return fmt.Sprintf("con le %d strutture esistenti del servizio aperte", n)
}

// existingOpenEN is existingOpenIT in English.
func existingOpenEN(n int) string {
	switch n {
	case 0:
		return "without the service's existing facilities"
	case 1:
		return "with the service's only existing facility open"
	}
	return fmt.Sprintf("with the service's %d existing facilities open", n)
}

// existingIT says the existing facilities with their article: "la
// struttura esistente" for one, "le 10 strutture" for more.
func existingIT(n int) string {
	if n == 1 {
		return "l'unica struttura"
	}
	return fmt.Sprintf("le %d strutture", n)
}

// newSitesIT and newSitesEN say "1 nuova struttura", "3 nuove strutture".
func newSitesIT(n int) string {
	return fmt.Sprintf("%d %s", n, Plural(n, "nuova struttura", "nuove strutture"))
}

func newSitesEN(n int) string {
	return fmt.Sprintf("%d %s", n, Plural(n, "new facility", "new facilities"))
}
