package pdf

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"go.yaml.in/yaml/v3"

	"github.com/welfare-intelligence/wi/question"
)

//go:embed templates/*.yaml
var builtin embed.FS

// factsheetTemplate is the embedded template of the press fact sheet; it is
// not a dossier template and cannot be named by template=.
const factsheetTemplate = "scheda"

// Text is a text in each language, by code ("it", "en"); Italian is required
// and stands in for a missing translation.
type Text map[string]string

// In returns the text in the language.
func (t Text) In(l question.Lang) string {
	if s, ok := t[string(l)]; ok && s != "" {
		return s
	}
	return t["it"]
}

// Template is a report template: its sections, each with the questions it
// asks and the blocks it shows.
type Template struct {
	Name     string    `yaml:"name"`
	Title    Text      `yaml:"title"`
	Subtitle Text      `yaml:"subtitle"`
	Sections []Section `yaml:"sections"`
	// MaxChars is the most characters of generated text a section takes
	// (its paragraphs, headlines and key messages with their citations),
	// unless the section says otherwise; 0 = no limit. Limits says where
	// the figures come from: the call's form, or a house default.
	MaxChars int  `yaml:"max_chars"`
	Limits   Text `yaml:"limits"`
	// Contact is the fact sheet's contact line for the press (text/template):
	// who answers questions on the figures. Without one the fact sheet has a
	// marked place for it.
	Contact Text `yaml:"contact"`

	File string `yaml:"-"` // where the template was read from, for errors
}

// Section is a chapter of a report.
type Section struct {
	ID      string `yaml:"id"`
	Heading Text   `yaml:"heading"`
	NewPage bool   `yaml:"new_page"`
	// MaxChars overrides the template's limit for this section; -1 = none.
	MaxChars int     `yaml:"max_chars"`
	Ask      []Ask   `yaml:"ask"`
	Blocks   []Block `yaml:"blocks"`
	// Each repeats questions and blocks for every service of the target
	// (services: target) or every one with a benchmark (services: benchmarked).
	Each *Each `yaml:"each"`
}

// Each is the part of a section repeated for each service.
type Each struct {
	Services string  `yaml:"services"`
	Heading  Text    `yaml:"heading"`
	Ask      []Ask   `yaml:"ask"`
	Blocks   []Block `yaml:"blocks"`
	Empty    Text    `yaml:"empty"` // said when there is no service to repeat for
}

// Ask is a question of a template: an identifier for the blocks and a
// question in the language, itself a text/template over the report's data.
type Ask struct {
	ID string `yaml:"id"`
	Q  string `yaml:"q"`
}

// Block is one thing a section shows; exactly one field is set.
type Block struct {
	Text     Text       `yaml:"text"`     // paragraphs (text/template), blank lines apart
	Headline string     `yaml:"headline"` // the answer's sentence of the question with this ID
	Figures  []Figure   `yaml:"figures"`  // key figures
	Style    string     `yaml:"style"`    // figures as "boxes" (default) or "table"
	Table    *TableSpec `yaml:"table"`
	Chart    *ChartSpec `yaml:"chart"`
	Map      *MapSpec   `yaml:"map"`
	Box      *BoxSpec   `yaml:"box"`
}

// BoxSpec is a framed box. A list box (the default) writes each paragraph
// of its text (text/template) as one item with the questions it cites;
// items whose conditions do not hold are left out, and at most Max are
// shown: key messages, strengths, weaknesses. A writer box is a marked
// place the applicant fills in with their own evidence (waiting lists,
// interviews, the informal network): its text says what to put there.
type BoxSpec struct {
	Kind  string `yaml:"kind"` // "list" (default) or "writer"
	Title Text   `yaml:"title"`
	Text  Text   `yaml:"text"`
	Max   int    `yaml:"max"` // list: most items shown; 0 = all
}

// Figure is a key figure: a label and a value (text/template).
type Figure struct {
	Label Text   `yaml:"label"`
	Value string `yaml:"value"`
}

// TableSpec shows some columns of an answer's table.
type TableSpec struct {
	From    string   `yaml:"from"`
	Columns []string `yaml:"columns"` // by column name; empty = all
	Top     int      `yaml:"top"`     // rows shown; 0 = all (at most 30)
	Title   Text     `yaml:"title"`
}

// ChartSpec draws a chart of an answer's table: bars (one per row) or a
// line (rows in order, e.g. years). Value axes start at zero.
type ChartSpec struct {
	Kind  string `yaml:"kind"` // "bar" or "line"
	From  string `yaml:"from"`
	Label string `yaml:"label"` // column of the categories
	Value string `yaml:"value"` // numeric column
	Top   int    `yaml:"top"`
	Title Text   `yaml:"title"`
	// Highlight (text/template) is the category drawn in another colour: the
	// territory among the other areas of its level.
	Highlight Text `yaml:"highlight"`
}

// MapSpec draws a choropleth of an answer's table by area (its area_id
// column), with the facilities of the target's services as points.
type MapSpec struct {
	From  string `yaml:"from"`
	Value string `yaml:"value"` // the column that colours the areas: a rate or share, best
	Count string `yaml:"count"` // a column printed beside each area's name in the key under the map (counts); "" = none
	Level string `yaml:"level"` // level of the areas in the answer; default nil
	Title Text   `yaml:"title"`
}

// slug is what a template name may be.
var slug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Templates lists the names of the dossier templates available: the
// built-in ones and those in dir ("" = built-in only), sorted, the engine's
// default first.
func Templates(dir string) ([]string, error) {
	names := map[string]bool{}
	for _, t := range question.Templates {
		names[t] = true
	}
	if dir != "" {
		files, err := userFiles(dir)
		if err != nil {
			return nil, err
		}
		for n := range files {
			names[n] = true
		}
	}
	delete(names, factsheetTemplate)
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	slices.Sort(out)
	if def := question.Templates[0]; names[def] {
		out = slices.DeleteFunc(out, func(s string) bool { return s == def })
		out = append([]string{def}, out...)
	}
	return out, nil
}

// userFiles returns the template files of a directory by template name.
func userFiles(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("templates directory: %w", err)
	}
	out := map[string]string{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok {
			name, ok = strings.CutSuffix(e.Name(), ".yml")
		}
		if ok && !e.IsDir() && slug.MatchString(name) {
			out[name] = filepath.Join(dir, e.Name())
		}
	}
	return out, nil
}

// ErrUnknownTemplate is returned for a template name that is neither built in
// nor in the templates directory.
var ErrUnknownTemplate = errors.New("unknown template")

// LoadTemplate reads a template by name: from dir when it holds NAME.yaml,
// else the built-in one. It checks the template's structure and the syntax
// of its texts; question errors are found when the questions are asked.
func LoadTemplate(name, dir string) (*Template, error) {
	var (
		data []byte
		file string
		err  error
	)
	if dir != "" {
		files, err := userFiles(dir)
		if err != nil {
			return nil, err
		}
		if p, ok := files[name]; ok {
			file = p
			if data, err = os.ReadFile(p); err != nil {
				return nil, fmt.Errorf("template %s: %w", name, err)
			}
		}
	}
	if file == "" {
		file = "templates/" + name + ".yaml"
		data, err = fs.ReadFile(builtin, file)
		if err != nil || !slug.MatchString(name) {
			known, _ := Templates(dir)
			return nil, fmt.Errorf("%w %q; templates: %s", ErrUnknownTemplate, name, strings.Join(known, ", "))
		}
		file = "(built-in) " + file
	}
	return parseTemplate(name, file, data)
}

func parseTemplate(name, file string, data []byte) (*Template, error) {
	var t Template
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	t.File = file
	if t.Name == "" {
		t.Name = name
	}
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("template %s: %w", file, err)
	}
	return &t, nil
}

// validate checks what can be checked without a catalog: identifiers,
// block kinds, references between blocks and questions, text syntax.
func (t *Template) validate() error {
	if t.Title["it"] == "" {
		return errors.New("title: the Italian title (title.it) is required")
	}
	if len(t.Sections) == 0 {
		return errors.New("no sections")
	}
	if t.MaxChars < 0 {
		return fmt.Errorf("max_chars is %d, want a positive number or 0 (no limit)", t.MaxChars)
	}
	if err := checkText(t.Limits, "limits"); err != nil {
		return err
	}
	if err := checkText(t.Contact, "contact"); err != nil {
		return err
	}
	global := map[string]bool{}
	for i := range t.Sections {
		s := &t.Sections[i]
		where := fmt.Sprintf("section %d", i+1)
		if s.ID != "" {
			where += " (" + s.ID + ")"
		}
		if s.Heading["it"] == "" {
			return fmt.Errorf("%s: heading.it is required", where)
		}
		if s.MaxChars < -1 || s.MaxChars > 0 && s.MaxChars < 200 {
			return fmt.Errorf("%s: max_chars is %d, want at least 200, 0 (the template's) or -1 (no limit)", where, s.MaxChars)
		}
		if err := checkAsks(s.Ask, global, where); err != nil {
			return err
		}
		if err := checkText(s.Heading, where+" heading"); err != nil {
			return err
		}
		local := map[string]bool{}
		if s.Each != nil {
			if s.Each.Services != "target" && s.Each.Services != "benchmarked" {
				return fmt.Errorf("%s: each.services is %q, want target or benchmarked", where, s.Each.Services)
			}
			if err := checkAsks(s.Each.Ask, local, where+" each"); err != nil {
				return err
			}
			for id := range global {
				if local[id] {
					return fmt.Errorf("%s each: question id %q is used twice", where, id)
				}
			}
			if err := checkText(s.Each.Heading, where+" each heading"); err != nil {
				return err
			}
		}
		if err := checkBlocks(s.Blocks, global, where); err != nil {
			return err
		}
		if s.Each != nil {
			both := map[string]bool{}
			for id := range global {
				both[id] = true
			}
			for id := range local {
				both[id] = true
			}
			if err := checkBlocks(s.Each.Blocks, both, where+" each"); err != nil {
				return err
			}
		}
	}
	return t.checkFacts()
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func checkAsks(asks []Ask, ids map[string]bool, where string) error {
	for _, a := range asks {
		if !idPattern.MatchString(a.ID) {
			return fmt.Errorf("%s: question id %q: use lowercase letters, digits, - and _", where, a.ID)
		}
		if ids[a.ID] {
			return fmt.Errorf("%s: question id %q is used twice", where, a.ID)
		}
		ids[a.ID] = true
		if strings.TrimSpace(a.Q) == "" {
			return fmt.Errorf("%s: question %s is empty", where, a.ID)
		}
		if _, err := template.New(a.ID).Funcs(questionFuncs).Parse(a.Q); err != nil {
			return fmt.Errorf("%s: question %s: %w", where, a.ID, err)
		}
	}
	return nil
}

func checkText(t Text, where string) error {
	for lang, s := range t {
		if lang != "it" && lang != "en" {
			return fmt.Errorf("%s: language %q, want it or en", where, lang)
		}
		if _, err := template.New(where).Funcs(funcStubs).Parse(s); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

func checkBlocks(blocks []Block, ids map[string]bool, where string) error {
	ref := func(id, what string, i int) error {
		if !ids[id] {
			return fmt.Errorf("%s block %d: %s refers to question %q, which the section (or an earlier one) does not ask", where, i+1, what, id)
		}
		return nil
	}
	for i, b := range blocks {
		n := 0
		if len(b.Text) > 0 {
			n++
			if err := checkText(b.Text, fmt.Sprintf("%s block %d text", where, i+1)); err != nil {
				return err
			}
		}
		if b.Headline != "" {
			n++
			if err := ref(b.Headline, "headline", i); err != nil {
				return err
			}
		}
		if len(b.Figures) > 0 {
			n++
			if b.Style != "" && b.Style != "boxes" && b.Style != "table" {
				return fmt.Errorf("%s block %d: style %q, want boxes or table", where, i+1, b.Style)
			}
			for j, f := range b.Figures {
				if err := checkText(f.Label, fmt.Sprintf("%s block %d figure %d label", where, i+1, j+1)); err != nil {
					return err
				}
				if err := checkText(Text{"it": f.Value}, fmt.Sprintf("%s block %d figure %d value", where, i+1, j+1)); err != nil {
					return err
				}
			}
		}
		for _, t := range []*Text{tableTitle(b), chartTitle(b), chartHighlight(b), mapTitle(b)} {
			if t != nil {
				if err := checkText(*t, fmt.Sprintf("%s block %d title", where, i+1)); err != nil {
					return err
				}
			}
		}
		if b.Box != nil {
			n++
			if b.Box.Kind != "" && b.Box.Kind != "list" && b.Box.Kind != "writer" {
				return fmt.Errorf("%s block %d: box kind %q, want list or writer", where, i+1, b.Box.Kind)
			}
			if b.Box.Title["it"] == "" || b.Box.Text["it"] == "" {
				return fmt.Errorf("%s block %d: a box needs title.it and text.it", where, i+1)
			}
			for _, t := range []Text{b.Box.Title, b.Box.Text} {
				if err := checkText(t, fmt.Sprintf("%s block %d box", where, i+1)); err != nil {
					return err
				}
			}
		}
		if b.Table != nil {
			n++
			if err := ref(b.Table.From, "table", i); err != nil {
				return err
			}
		}
		if b.Chart != nil {
			n++
			if b.Chart.Kind != "bar" && b.Chart.Kind != "line" {
				return fmt.Errorf("%s block %d: chart kind %q, want bar or line", where, i+1, b.Chart.Kind)
			}
			if b.Chart.Label == "" || b.Chart.Value == "" {
				return fmt.Errorf("%s block %d: a chart needs label and value columns", where, i+1)
			}
			if err := ref(b.Chart.From, "chart", i); err != nil {
				return err
			}
		}
		if b.Map != nil {
			n++
			if b.Map.Value == "" {
				return fmt.Errorf("%s block %d: a map needs a value column", where, i+1)
			}
			if err := ref(b.Map.From, "map", i); err != nil {
				return err
			}
		}
		if n != 1 {
			return fmt.Errorf("%s block %d: want exactly one of text, headline, figures, table, chart, map, box; got %d", where, i+1, n)
		}
	}
	return nil
}

// maxChars is a section's limit: its own, else the template's; 0 = none.
func (t *Template) maxChars(s *Section) int {
	switch {
	case s.MaxChars < 0:
		return 0
	case s.MaxChars > 0:
		return s.MaxChars
	}
	return t.MaxChars
}

func tableTitle(b Block) *Text {
	if b.Table == nil {
		return nil
	}
	return &b.Table.Title
}

func chartTitle(b Block) *Text {
	if b.Chart == nil {
		return nil
	}
	return &b.Chart.Title
}

func chartHighlight(b Block) *Text {
	if b.Chart == nil {
		return nil
	}
	return &b.Chart.Highlight
}

func mapTitle(b Block) *Text {
	if b.Map == nil {
		return nil
	}
	return &b.Map.Title
}
