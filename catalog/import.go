package catalog

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/welfare-intelligence/wi/catalog/names"
	"github.com/welfare-intelligence/wi/catalog/recipe"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// ImportReport says what an import made of each recipe and what it could
// not use: nothing is dropped without being listed here.
type ImportReport struct {
	Recipes  []RecipeReport
	Problems []string // rows kept out, one line each, "file:line: …"
}

// RecipeReport is one recipe's share of an import.
type RecipeReport struct {
	Path     string
	Dataset  string
	Kind     string
	Read     int // rows or features read from the source
	Kept     int // rows that made catalog rows
	Filtered int // rows the recipe's filter left out
	Skipped  int // rows the recipe skipped on purpose
	Problems int // rows kept out because of a problem
	Made     int // catalog rows made: areas, demand cells or facilities
}

// Progress is told of each step of an import: the recipe being read, and
// how many of the total are done.
type Progress func(step string, done, total int)

// Import reads recipes and assembles a catalog from them: areas from the
// coarsest level down, with parents by template or by point-in-polygon;
// demand summed per area, target and year and rounded to whole people;
// facilities placed in the finest area containing them. The result is
// validated; the caller writes it with Write.
func Import(ctx context.Context, paths []string, progress Progress) (*Data, *ImportReport, error) {
	if len(paths) == 0 {
		return nil, nil, fmt.Errorf("import: no recipe given")
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	recipes := make([]*recipe.Recipe, 0, len(paths))
	for _, p := range paths {
		r, err := recipe.Load(p)
		if err != nil {
			return nil, nil, err
		}
		recipes = append(recipes, r)
	}
	// Areas first, coarsest level first, then demand, then facilities.
	slices.SortStableFunc(recipes, func(a, b *recipe.Recipe) int {
		return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), cmp.Compare(question.LevelRank(b.Level), question.LevelRank(a.Level)))
	})
	im := &importer{
		d:      &Data{Targets: slices.Clone(StandardTargets), Services: slices.Clone(StandardServices)},
		report: &ImportReport{},
		areas:  map[string]int{},
		slugs:  map[string]string{},
	}
	datasets := map[string]string{}
	for i, r := range recipes {
		progress(filepath.Base(r.Path), i, len(recipes))
		if prev, dup := datasets[r.Dataset.ID]; dup {
			return nil, nil, fmt.Errorf("%s: dataset id %q is already used by %s", r.Path, r.Dataset.ID, prev)
		}
		datasets[r.Dataset.ID] = r.Path
		res, err := r.Read(ctx)
		if err != nil {
			return nil, nil, err
		}
		rep := RecipeReport{Path: r.Path, Dataset: r.Dataset.ID, Kind: r.Kind, Read: res.RowsRead, Kept: res.RowsKept,
			Filtered: res.RowsFiltered, Skipped: res.RowsSkipped, Problems: len(res.Problems)}
		for _, p := range res.Problems {
			p.File = filepath.Base(p.File)
			im.problem(p.String())
		}
		switch r.Kind {
		case recipe.KindAreas:
			rep.Made, err = im.addAreas(r, res.Areas)
		case recipe.KindDemand:
			rep.Made = im.addDemand(r, res.Demand)
			for _, t := range slices.Sorted(maps.Keys(r.Notes)) {
				im.d.Notes = append(im.d.Notes, DatasetNote{Dataset: r.Dataset.ID, Target: t, Note: r.Notes[t]})
			}
		case recipe.KindFacilities:
			rep.Made = im.addFacilities(r, res.Facilities)
		case recipe.KindStandards:
			rep.Made = im.addStandards(res.Standards)
		}
		if err != nil {
			return nil, nil, err
		}
		im.report.Recipes = append(im.report.Recipes, rep)
		im.d.Datasets = append(im.d.Datasets, Dataset{
			ID: r.Dataset.ID, Title: r.Dataset.Title, Publisher: r.Dataset.Publisher, Licence: r.Dataset.Licence,
			URL: r.Dataset.URL, ReferenceDate: r.Dataset.ReferenceDate, Rows: int64(rep.Made), Checksum: res.SHA256,
		})
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
	progress("", len(recipes), len(recipes))
	if len(im.d.Areas) == 0 {
		return nil, nil, fmt.Errorf("import: the recipes make no areas; give at least one areas recipe (e.g. examples/milano/municipi.yaml)")
	}
	name := im.cityName
	if name == "" {
		name = im.d.Areas[0].Name
	}
	im.d.Meta = []MetaEntry{{"schema_version", SchemaVersion}, {"name", name}, {"synthetic", "false"},
		{"imported_at", time.Now().UTC().Format(time.RFC3339)}} // Write adds the disclosure secret
	if err := Validate(im.d); err != nil {
		return nil, nil, err
	}
	return im.d, im.report, nil
}

type importer struct {
	d        *Data
	report   *ImportReport
	areas    map[string]int    // area ID → index in d.Areas
	slugs    map[string]string // slug → area ID
	shapes   []geo.MultiPolygon
	boxes    []box    // bounding box of each shape, to skip most point-in-polygon tests
	where    []string // "file:feature" each area came from ("" for a city made as a union)
	cityName string
	orgs     map[string]bool
}

func (im *importer) problem(s string) { im.report.Problems = append(im.report.Problems, s) }

func kindRank(k string) int {
	return map[string]int{recipe.KindAreas: 0, recipe.KindDemand: 1, recipe.KindFacilities: 2, recipe.KindStandards: 3}[k]
}

// box is a bounding box in degrees.
type box struct{ sw, ne geo.Point }

func (b box) contains(p geo.Point) bool {
	return p.Lon >= b.sw.Lon && p.Lon <= b.ne.Lon && p.Lat >= b.sw.Lat && p.Lat <= b.ne.Lat
}

// contains reports whether area i's outline contains p.
func (im *importer) contains(i int, p geo.Point) bool {
	return im.boxes[i].contains(p) && im.shapes[i].Contains(p)
}

func (im *importer) addArea(a AreaRow, shape geo.MultiPolygon, where string) error {
	if _, dup := im.areas[a.ID]; dup {
		return fmt.Errorf("area %q is made twice (the second time by dataset %s)", a.ID, a.Dataset)
	}
	if other, dup := im.slugs[a.Slug]; dup {
		return fmt.Errorf("area slug %q is used by both %s and %s", a.Slug, other, a.ID)
	}
	im.areas[a.ID] = len(im.d.Areas)
	im.slugs[a.Slug] = a.ID
	im.d.Areas = append(im.d.Areas, a)
	im.shapes = append(im.shapes, shape)
	sw, ne := shape.Bounds()
	im.boxes = append(im.boxes, box{sw, ne})
	im.where = append(im.where, where)
	return nil
}

func (im *importer) addAreas(r *recipe.Recipe, in []recipe.Area) (int, error) {
	made := 0
	if r.City != nil {
		var union geo.MultiPolygon
		for _, a := range in {
			union = append(union, a.Shape...)
		}
		p, _ := union.PointOnSurface()
		city := AreaRow{ID: r.City.ID, Level: question.LevelCity, Slug: orDefault(r.City.Slug, r.City.ID), Name: r.City.Name,
			Lon: round6(p.Lon), Lat: round6(p.Lat), AreaKm2: round6(union.AreaM2() / 1e6), GeoJSON: union.GeoJSON(), Dataset: r.Dataset.ID}
		if err := im.addArea(city, union, ""); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Path, err)
		}
		im.cityName = r.City.Name
		made++
	}
	for _, a := range in {
		p, ok := a.Shape.PointOnSurface()
		if !ok {
			im.problem(fmt.Sprintf("%s:%d: area %s has no outline", filepath.Base(r.Dataset.SourcePath), a.Line, a.ID))
			continue
		}
		name, source := cleanName(a.Name)
		row := AreaRow{ID: a.ID, Level: r.Level, ParentID: a.Parent, Code: a.Code, Slug: orDefault(a.Slug, a.ID), Name: name, NameSource: source,
			Lon: round6(p.Lon), Lat: round6(p.Lat), AreaKm2: round6(a.Shape.AreaM2() / 1e6), GeoJSON: a.Shape.GeoJSON(), Dataset: r.Dataset.ID}
		switch {
		case r.City != nil:
			row.ParentID = r.City.ID
		case r.ParentContains:
			row.ParentID = im.containing(geo.Point{Lon: row.Lon, Lat: row.Lat}, question.LevelRank(r.Level))
			if row.ParentID == "" {
				im.problem(fmt.Sprintf("%s:%d: area %s (%s) lies in no coarser area; kept without a parent",
					filepath.Base(r.Dataset.SourcePath), a.Line, a.ID, a.Name))
			}
		}
		if row.ParentID != "" {
			if _, ok := im.areas[row.ParentID]; !ok {
				return 0, fmt.Errorf("%s: area %s: parent %q is not an area of the recipes read before it (areas recipes are read coarsest level first)", r.Path, a.ID, row.ParentID)
			}
		}
		if err := im.addArea(row, a.Shape, fmt.Sprintf("%s:%d", filepath.Base(r.Dataset.SourcePath), a.Line)); err != nil {
			return 0, fmt.Errorf("%s: %w", r.Path, err)
		}
		made++
	}
	return made, nil
}

// containing returns the area of the nearest coarser level whose outline
// contains p, or "".
func (im *importer) containing(p geo.Point, finerThan int) string {
	best, bestRank := "", math.MaxInt
	for i, a := range im.d.Areas {
		rank := question.LevelRank(a.Level)
		if rank <= finerThan || rank >= bestRank {
			continue
		}
		if im.contains(i, p) {
			best, bestRank = a.ID, rank
		}
	}
	return best
}

// demandKey is a demand cell: an area, a target, a year.
type demandKey struct {
	area, target string
	year         int
}

func (im *importer) addDemand(r *recipe.Recipe, in []recipe.Demand) int {
	type key = demandKey
	sums := map[key]float64{}
	var order []key
	unknownTargets := map[string]int{}
	// The people of a source row that joins no area: its first target's
	// count (the recipe lists residents or households first).
	unknownAreas := map[string]float64{}
	var firstTarget string
	targets := map[string]bool{}
	for _, t := range im.d.Targets {
		targets[t.Slug] = true
	}
	for _, x := range in {
		if firstTarget == "" {
			firstTarget = x.Target
		}
		if !targets[x.Target] {
			unknownTargets[x.Target]++
			continue
		}
		if _, ok := im.areas[x.Area]; !ok {
			if x.Target == firstTarget {
				unknownAreas[x.Area] += x.Value
			} else if _, seen := unknownAreas[x.Area]; !seen {
				unknownAreas[x.Area] = 0
			}
			continue
		}
		k := key{x.Area, x.Target, x.Year}
		if _, ok := sums[k]; !ok {
			order = append(order, k)
		}
		sums[k] += x.Value
	}
	src := filepath.Base(r.Dataset.SourcePath)
	for _, t := range slices.Sorted(maps.Keys(unknownTargets)) {
		im.problem(fmt.Sprintf("%s: target %q is not in the vocabulary; %d rows kept out", src, t, unknownTargets[t]))
	}
	for _, a := range slices.Sorted(maps.Keys(unknownAreas)) {
		im.problem(fmt.Sprintf("%s: area %q does not join any area; its counts (%s %.0f) kept out", src, a, firstTarget, unknownAreas[a]))
	}
	im.missingDemand(r, order)
	var kept []key
	for _, k := range order {
		if v := sums[k]; v < 0 {
			im.problem(fmt.Sprintf("%s: %s in %s, %d: negative count %.1f kept out", src, k.target, k.area, k.year, v))
			continue
		}
		kept = append(kept, k)
	}
	counts := im.roundUnderParents(kept, sums)
	for _, k := range kept {
		im.d.Demand = append(im.d.Demand, DemandRow{AreaID: k.area, Target: k.target, Year: k.year, Count: counts[k], Dataset: r.Dataset.ID})
	}
	return len(order)
}

// roundUnderParents rounds estimated counts (3/5 of an age class) to whole
// people so that the areas under one parent add up to the parent's own
// rounded total: each area gets its count rounded down, and the people left
// go one each to the areas with the largest fractions (largest remainders).
// Every area stays within one person of its estimate, and a NIL's total is
// the same whether its sections or the NIL itself were rounded.
func (im *importer) roundUnderParents(cells []demandKey, sums map[demandKey]float64) map[demandKey]int64 {
	type group struct {
		parent, target string
		year           int
	}
	groups := map[group][]demandKey{}
	var order []group
	for _, k := range cells {
		g := group{im.d.Areas[im.areas[k.area]].ParentID, k.target, k.year}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], k)
	}
	const eps = 1e-9 // 0.6 × 5 is 3.0000000000000004
	out := make(map[demandKey]int64, len(cells))
	for _, g := range order {
		ks := groups[g]
		var total float64
		var floors int64
		for _, k := range ks {
			total += sums[k]
			f := int64(math.Floor(sums[k] + eps))
			out[k] = f
			floors += f
		}
		left := int64(math.Round(total)) - floors
		if left <= 0 {
			continue
		}
		frac := func(k demandKey) float64 { return max(sums[k]-float64(out[k]), 0) }
		slices.SortStableFunc(ks, func(a, b demandKey) int {
			return cmp.Or(cmp.Compare(frac(b), frac(a)), cmp.Compare(a.area, b.area))
		})
		for i := 0; i < int(left) && i < len(ks); i++ {
			out[ks[i]]++
		}
	}
	return out
}

// missingDemand reports the areas of the level a demand recipe fills that
// get no row from it, or none for some of its years: a census section with
// an outline but no census row, a neighbourhood missing from a register.
func (im *importer) missingDemand(r *recipe.Recipe, cells []demandKey) {
	levels := map[string]bool{}
	years := map[int]bool{}
	has := map[string]map[int]bool{}
	for _, k := range cells {
		levels[im.d.Areas[im.areas[k.area]].Level] = true
		years[k.year] = true
		if has[k.area] == nil {
			has[k.area] = map[int]bool{}
		}
		has[k.area][k.year] = true
	}
	if len(levels) != 1 {
		return // a recipe over several levels fills no one level
	}
	all := slices.Sorted(maps.Keys(years))
	// Areas with no row at all are listed on one line, by code, as
	// PROVENANCE files list them; areas missing some years one per line.
	var none []string
	var noneKm2 float64
	noneWhere, noneLevel := "", ""
	for i, a := range im.d.Areas {
		if !levels[a.Level] || len(has[a.ID]) == len(all) {
			continue
		}
		where := cmp.Or(im.where[i], a.Dataset)
		if len(has[a.ID]) == 0 {
			none = append(none, cmp.Or(a.Code, a.ID))
			noneKm2 += a.AreaKm2
			noneWhere, _, _ = strings.Cut(where, ":")
			noneLevel = a.Level
			continue
		}
		var missing []string
		for _, y := range all {
			if !has[a.ID][y] {
				missing = append(missing, fmt.Sprint(y))
			}
		}
		im.problem(fmt.Sprintf("%s: %s %s (%s) has no row in %s for %s", where, a.Level, a.ID, a.Name, r.Dataset.ID, strings.Join(missing, ", ")))
	}
	if len(none) > 0 {
		im.problem(fmt.Sprintf("%s: %d areas of level %s (%.2f km² in all) have an outline but no row in %s: %s",
			noneWhere, len(none), noneLevel, noneKm2, r.Dataset.ID, strings.Join(none, ", ")))
	}
}

func (im *importer) addFacilities(r *recipe.Recipe, in []recipe.Facility) int {
	services := map[string]bool{}
	for _, s := range im.d.Services {
		services[s.Slug] = true
	}
	// Facilities fall in the finest level that has outlines.
	finest := math.MaxInt
	for _, a := range im.d.Areas {
		finest = min(finest, question.LevelRank(a.Level))
	}
	ids := map[string]bool{}
	for _, f := range im.d.Facilities {
		ids[f.ID] = true
	}
	if im.orgs == nil {
		im.orgs = map[string]bool{}
	}
	src := filepath.Base(r.Dataset.SourcePath)
	made := 0
	for _, f := range in {
		where := fmt.Sprintf("%s:%d", src, f.Line)
		if !services[f.Service] {
			im.problem(fmt.Sprintf("%s: service %q is not in the vocabulary; facility %s kept out", where, f.Service, f.ID))
			continue
		}
		if ids[f.ID] {
			im.problem(fmt.Sprintf("%s: facility id %s appears again; the second is kept out", where, f.ID))
			continue
		}
		p := geo.Point{Lon: f.Lon, Lat: f.Lat}
		area := ""
		for i, a := range im.d.Areas {
			if question.LevelRank(a.Level) == finest && im.contains(i, p) {
				area = a.ID
				break
			}
		}
		if area == "" {
			im.problem(fmt.Sprintf("%s: facility %s (%s) at %.6f, %.6f lies outside every area; kept out", where, f.ID, f.Name, f.Lat, f.Lon))
			continue
		}
		org := ""
		if f.Operator != "" {
			org = "org-" + slugify(f.Operator)
			if !im.orgs[org] {
				im.orgs[org] = true
				name, source := cleanName(f.Operator)
				im.d.Organizations = append(im.d.Organizations, Organization{ID: org, Name: name, NameSource: source, Kind: "gestore"})
			}
		}
		capacity := f.Capacity
		if !f.HasCapacity {
			capacity = 0
		}
		ids[f.ID] = true
		name, source := cleanName(f.Name)
		im.d.Facilities = append(im.d.Facilities, FacilityRow{ID: f.ID, Service: f.Service, Name: name, NameSource: source, Organization: org,
			Address: f.Address, Lon: f.Lon, Lat: f.Lat, Capacity: capacity, AreaID: area, Dataset: r.Dataset.ID})
		made++
	}
	return made
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// slugify makes an identifier from a name: lower case, accents removed,
// runs of other characters turned into one dash.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// addStandards adds a standards recipe's rows to the demand model. The
// catalog's own check (Validate) rejects a service or target it does not know.
func (im *importer) addStandards(ss []recipe.Standard) int {
	for _, s := range ss {
		im.d.Benchmarks = append(im.d.Benchmarks, Benchmark{ID: s.ID, Service: s.Service, Target: s.Target, Value: s.Value, Per: s.Per,
			Kind: s.Kind, NameIT: s.NameIT, NameEN: s.NameEN, Source: s.Source, Year: s.Year})
	}
	return len(ss)
}

// cleanName is a source's name as the catalog stores it (package
// catalog/names), and the original when cleaning changed it ("" when not).
func cleanName(s string) (name, source string) {
	name = names.Clean(s)
	if name != s {
		source = s
	}
	return name, source
}
