package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
	"github.com/welfare-intelligence/wi/store"
)

// Options configure a report.
type Options struct {
	Lang        question.Lang
	Role        answers.Role // staff/grant: perturbed figures (cell-key); press: perturbed and rounded; analyst: exact
	Template    string       // dossier only; "" = the plan's template / default
	TemplateDir string       // extra or overriding templates; "" = built-in only
	Now         time.Time    // date printed and PDF creation/mod date; zero = time.Now()
}

// Document is a rendered report.
type Document struct {
	PDF       []byte
	DOCX      []byte   // the same dossier as an editable Word document (WordprocessingML), for writers who rework it
	Figures   [][]byte // the figures (charts, maps) as PNG pictures, in order: those of the DOCX and the Markdown
	Title     string
	FileName  string // e.g. "dossier-anziani-soli-municipio-9.pdf"
	Pages     int
	Questions []string // every question the figures come from, canonical form

	Lengths  []sectionLength // each section's generated text against its limit
	outline  string          // the text layer as laid out, for golden tests
	fills    []float64       // share of each page's body written, for layout tests
	markdown string          // the Markdown, figure links with figToken for the base name
}

// Markdown returns the document as Markdown whose figures are the files
// BASE-fig-1.png, BASE-fig-2.png… beside it (Document.Figures in order):
// base is the Markdown file's name without ".md".
func (d *Document) Markdown(base string) []byte {
	return []byte(strings.ReplaceAll(d.markdown, figToken, base))
}

// FigureName is the file name of figure i (0-based) beside a Markdown
// file named base + ".md".
func FigureName(base string, i int) string { return fmt.Sprintf("%s-fig-%d.png", base, i+1) }

// Dossier builds a needs-analysis dossier: a cover, the template's sections
// (territory, target, map, services, unmet needs, beneficiaries, baseline
// indicators) and an appendix of sources and method. The role decides the
// precision of the figures (perturbed by the cell-key method; press also rounded); the
// empty role is grant.
func Dossier(ctx context.Context, eng *engine.Engine, plan *question.Dossier, opt Options) (*Document, error) {
	if plan == nil {
		return nil, errors.New("dossier: no plan")
	}
	name := opt.Template
	if name == "" {
		name = plan.Template
	}
	if name == "" {
		name = question.Templates[0]
	}
	if name == factsheetTemplate {
		known, _ := Templates(opt.TemplateDir)
		return nil, fmt.Errorf("%w %q: it is the fact sheet's; templates: %s", ErrUnknownTemplate, name, strings.Join(known, ", "))
	}
	tpl, err := LoadTemplate(name, opt.TemplateDir)
	if err != nil {
		return nil, err
	}
	if opt.Role == "" {
		opt.Role = answers.RoleGrant
	}
	r, err := newReport(ctx, eng, tpl, plan.Target, plan.Area, plan.Year, opt)
	if err != nil {
		return nil, err
	}
	return r.build(ctx, false)
}

// Factsheet builds a one-page fact sheet for the press: three to five
// headline figures, one chart, the sources. Figures are always those of the
// press role (counts rounded to 10 by the engine), whatever opt.Role says.
func Factsheet(ctx context.Context, eng *engine.Engine, plan *question.Factsheet, opt Options) (*Document, error) {
	if plan == nil {
		return nil, errors.New("factsheet: no plan")
	}
	// A scheda.yaml in the templates directory replaces the built-in one:
	// an office's own contact line, its own figures.
	tpl, err := LoadTemplate(factsheetTemplate, opt.TemplateDir)
	if err != nil {
		return nil, err
	}
	opt.Role = answers.RolePress
	r, err := newReport(ctx, eng, tpl, plan.Target, plan.Area, plan.Year, opt)
	if err != nil {
		return nil, err
	}
	return r.build(ctx, true)
}

// svc is a service as templates see it.
type svc struct {
	Slug, Name string
	RadiusM    float64
}

// tplData is what templates (questions and texts) read: {{.Target}},
// {{.AreaName}}, {{.InArea}}, {{range .Services}}…
type tplData struct {
	Target, TargetName, TargetDefinition string
	Area, AreaName, AreaLevel            string
	InArea                               string // "nel Municipio 9", "a Cà Granda"; "in Municipio 9"
	Parent, ParentName                   string
	MapArea                              string // the area whose neighbourhoods the map shows
	City, CityName                       string
	Municipi                             string // slugs of the municipi (at most 12), comma-separated
	Year, FirstYear                      int
	Services                             []svc  // welfare services of the target with facilities in the catalog
	Resources                            []svc  // context services of the target with facilities (schools, libraries…): resources, not coverage
	Neighbourhoods                       int    // neighbourhoods (NIL) of the territory
	ServiceList                          string // their slugs, comma-separated, for service=
	Benchmarked                          []svc  // those with a reference ratio
	Radius                               string // the shortest usual walking radius of the services, e.g. "800m"
	Service, ServiceName                 string // in an each: block
	Synthetic                            bool
	Role                                 string
}

// report is one report being built.
type report struct {
	eng   *engine.Engine
	vocab *question.Vocabulary
	info  store.Info
	lang  question.Lang
	role  answers.Role
	tpl   *Template
	now   time.Time
	data  tplData

	facilities  []store.Facility // of the target's services, for maps
	answers     []*answer        // in the order asked: D1, D2, …
	global      map[string]*answer
	byCanonical map[string]*answer
	sections    []*sectionRun
	outlines    map[string]map[string]geo.MultiPolygon // by level, then area ID
	mapMaxH     map[*MapSpec]float64                   // maps drawn smaller to finish a page
	cut         map[string]string                      // prose shortened to fit its section's limit ("" = left out)
	lengths     []sectionLength                        // each section's text against its limit
}

// sectionRun is a section with its answers: one scope for the section, one
// per repeated service.
type sectionRun struct {
	sec     *Section
	heading string
	each    []eachRun
}

type eachRun struct {
	data  tplData
	scope map[string]*answer
}

func newReport(ctx context.Context, eng *engine.Engine, tpl *Template, target, area string, year int, opt Options) (*report, error) {
	if eng == nil {
		return nil, errors.New("report: no engine")
	}
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	info, err := eng.Info(ctx)
	if err != nil {
		return nil, err
	}
	r := &report{eng: eng, vocab: vocab, info: info, lang: opt.Lang, role: opt.Role, tpl: tpl, now: opt.Now,
		global: map[string]*answer{}, byCanonical: map[string]*answer{}, mapMaxH: map[*MapSpec]float64{}}
	if r.lang == "" {
		r.lang = question.Italian
	}
	if r.role == "" {
		r.role = answers.RoleStaff
	}
	if r.now.IsZero() {
		r.now = time.Now()
	}
	t, ok := vocab.Target(target)
	if !ok {
		return nil, fmt.Errorf("report: unknown target %q", target)
	}
	a, ok := vocab.Area(area)
	if !ok {
		if area != "" {
			return nil, fmt.Errorf("report: unknown area %q", area)
		}
		a, _ = vocab.Area(vocab.CityArea)
	}
	if year == 0 {
		year = vocab.DefaultYear
	}
	d := tplData{Target: t.Slug, TargetName: t.Name(r.lang), TargetDefinition: strings.TrimRight(t.DefinitionIT, ". "),
		Area: a.Slug, AreaName: a.Name, AreaLevel: a.Level, Parent: a.Slug, ParentName: a.Name, MapArea: a.Slug,
		City: vocab.CityArea, Year: year, Synthetic: info.Synthetic, Role: string(r.role)}
	d.AreaName = reports.CleanName(a.Name)
	d.ParentName = d.AreaName
	d.InArea = r.lang.Pick(inPlaceIT(d.AreaName), "in "+d.AreaName)
	if r.lang == question.English && t.DefinitionEN != "" {
		d.TargetDefinition = strings.TrimRight(t.DefinitionEN, ". ")
	}
	if c, ok := vocab.Area(vocab.CityArea); ok {
		d.CityName = c.Name
	}
	for _, p := range vocab.Areas {
		if p.ID == a.Parent {
			d.Parent, d.ParentName = p.Slug, reports.CleanName(p.Name)
			if a.Level == question.LevelNIL || a.Level == question.LevelSection {
				d.MapArea = p.Slug
			}
		}
	}
	for _, x := range vocab.Areas {
		if x.Level != question.LevelNIL {
			continue
		}
		switch {
		case a.Level == question.LevelNIL && x.ID == a.ID,
			a.Level == question.LevelMunicipio && x.Parent == a.ID,
			a.Level == question.LevelCity:
			d.Neighbourhoods++
		}
	}
	var mun []string
	for _, x := range vocab.Areas {
		if x.Level == question.LevelMunicipio && len(mun) < 12 {
			mun = append(mun, x.Slug)
		}
	}
	d.Municipi = strings.Join(mun, ",")
	if len(vocab.Years) > 0 {
		d.FirstYear = vocab.Years[0]
	} else {
		d.FirstYear = year
	}
	// The target's services that have facilities in the catalog.
	services := vocab.ServicesFor(t.Slug)
	if len(services) > 0 {
		if r.facilities, err = eng.MapFacilities(ctx, services); err != nil {
			return nil, err
		}
	}
	has := map[string]bool{}
	for _, f := range r.facilities {
		has[f.Service] = true
	}
	benchmarks, err := eng.Benchmarks(ctx)
	if err != nil {
		return nil, err
	}
	radius := math.Inf(1)
	var slugs []string
	for _, s := range services {
		if !has[s] {
			continue
		}
		sv, _ := vocab.Service(s)
		x := svc{Slug: s, Name: sv.Name(r.lang), RadiusM: sv.RadiusM}
		if !sv.Welfare() {
			// A school or a library is a resource of the territory, not a
			// service that answers the target's need: listed, never
			// measured as coverage or load.
			d.Resources = append(d.Resources, x)
			continue
		}
		d.Services = append(d.Services, x)
		slugs = append(slugs, s)
		if sv.RadiusM > 0 {
			radius = math.Min(radius, sv.RadiusM)
		}
		if slices.ContainsFunc(benchmarks, func(b store.Benchmark) bool { return b.Service == s }) {
			d.Benchmarked = append(d.Benchmarked, x)
		}
	}
	d.ServiceList = strings.Join(slugs, ",")
	if math.IsInf(radius, 1) {
		radius = 800
	}
	d.Radius = strconv.Itoa(int(math.Round(radius))) + "m"
	r.data = d
	return r, nil
}

// askAll asks every question of the template, section by section, before
// anything is drawn: a text may cite an answer of a later section.
func (r *report) askAll(ctx context.Context) error {
	if err := r.compileAll(); err != nil {
		return err
	}
	return r.exec(ctx)
}

// compileAll compiles the questions of every section and numbers them.
func (r *report) compileAll() error {
	for i := range r.tpl.Sections {
		sec := &r.tpl.Sections[i]
		run := &sectionRun{sec: sec}
		heading, err := r.execText(sec.Heading.In(r.lang), &r.data, nil, nil)
		if err != nil {
			return &TemplateError{r.tpl.File, sectionName(sec, i), err}
		}
		run.heading = heading
		if err := r.ask(sec.Ask, &r.data, sectionName(sec, i), r.global); err != nil {
			return err
		}
		if sec.Each != nil {
			list := r.data.Services
			if sec.Each.Services == "benchmarked" {
				list = r.data.Benchmarked
			}
			for _, s := range list {
				d := r.data
				d.Service, d.ServiceName = s.Slug, s.Name
				scope := map[string]*answer{}
				if err := r.ask(sec.Each.Ask, &d, sectionName(sec, i), scope); err != nil {
					return err
				}
				run.each = append(run.each, eachRun{data: d, scope: scope})
			}
		}
		r.sections = append(r.sections, run)
	}
	return nil
}

func sectionName(s *Section, i int) string {
	name := strconv.Itoa(i+1) + " " + strconv.Quote(s.Heading["it"])
	if s.ID != "" {
		name = s.ID + " (" + name + ")"
	}
	return name
}

// build asks the questions and draws the report.
func (r *report) build(ctx context.Context, factsheet bool) (*Document, error) {
	if err := r.askAll(ctx); err != nil {
		return nil, err
	}
	if err := r.loadOutlines(ctx); err != nil {
		return nil, err
	}
	title := r.tpl.Title.In(r.lang)
	full := fmt.Sprintf("%s: %s, %s", title, r.data.TargetName, r.data.AreaName)
	w := newWriter(r, full, factsheet)
	if factsheet {
		r.drawFactsheetHead(w)
	} else {
		r.drawCover(w)
	}
	for i, run := range r.sections {
		if err := r.drawSection(w, run, i, factsheet); err != nil {
			return nil, err
		}
	}
	if factsheet {
		r.drawFactsheetFoot(w)
	} else {
		r.drawAppendix(w)
	}
	out, err := w.output()
	if err != nil {
		return nil, err
	}
	editable, err := w.doc.docx.Bytes()
	if err != nil {
		return nil, err
	}
	doc := &Document{PDF: out, DOCX: editable, Figures: w.doc.md.figs, Title: full, Pages: w.pdf.PageNo(), Lengths: r.lengths,
		outline: w.log.String(), fills: w.fills, markdown: w.doc.md.b.String()}
	kind := "dossier"
	if factsheet {
		kind = r.lang.Pick("scheda", "factsheet")
	}
	doc.FileName = kind + "-" + r.data.Target + "-" + r.data.Area + ".pdf"
	for _, a := range r.answers {
		if a.res != nil {
			doc.Questions = append(doc.Questions, a.canonical)
		}
	}
	return doc, nil
}
