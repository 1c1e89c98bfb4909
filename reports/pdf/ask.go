package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Make builds the document of a dossier or fact-sheet plan (a plan for
// which engine.IsDocument holds): the one place that says which function
// builds which.
func Make(ctx context.Context, eng *engine.Engine, plan question.Plan, opt Options) (*Document, error) {
	switch p := plan.(type) {
	case *question.Dossier:
		return Dossier(ctx, eng, p, opt)
	case *question.Factsheet:
		return Factsheet(ctx, eng, p, opt)
	}
	return nil, fmt.Errorf("no document for %q", plan.Canonical())
}

// answer is a question a report asked, with its answer or why it has none.
type answer struct {
	id        string // the template's identifier
	n         int    // number in the appendix (D1, D2, …)
	question  string // as asked
	canonical string
	plan      question.Plan
	res       *answers.Result
	err       error  // why the data are missing; nil when answered
	section   string // heading of the section that asked it
	used      []string

	namesOnce sync.Once
	names     *strings.Replacer // raw names of the rows → cleaned (cleanNames)
}

// ref is how the report cites the answer: "D3".
func (a *answer) ref(l question.Lang) string { return l.Pick("D", "Q") + strconv.Itoa(a.n) }

func (a *answer) use(section string) {
	if !slices.Contains(a.used, section) {
		a.used = append(a.used, section)
	}
}

// TemplateError is a mistake in a template: a question that does not parse,
// a text that does not execute. It names the file and the section.
type TemplateError struct {
	File    string
	Section string
	Err     error
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("template %s, section %s: %v", e.File, e.Section, e.Err)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// errMessage writes why an answer is missing, in the language: an answer
// it depends on is missing, or the ask pipeline's own message
// (ask.Message).
func errMessage(err error, l question.Lang) string {
	var miss *missingError
	if errors.As(err, &miss) {
		return fmt.Sprintf(l.Pick("dipende dalla domanda %s, che non ha risposta", "it depends on question %s, which has no answer"), miss.a.ref(l))
	}
	return ask.MessageIn(err, l)
}

// vocabularyOnly reports whether a question's errors all say the catalog
// lacks something (a target, service or area name, a service for the
// target, a year): the data are missing, the template is not wrong. Any other error (syntax, keys, values) is the
// template's.
func vocabularyOnly(err error) bool {
	var list dsl.ErrorList
	var errs []*dsl.Error
	if errors.As(err, &list) {
		errs = list
	} else {
		var de *dsl.Error
		if !errors.As(err, &de) {
			return false
		}
		errs = []*dsl.Error{de}
	}
	if len(errs) == 0 {
		return false
	}
	for _, e := range errs {
		m := e.Message(question.English)
		vocab := strings.HasPrefix(m, "unknown target ") || strings.HasPrefix(m, "unknown service ") || strings.HasPrefix(m, "unknown area ")
		if !vocab && !strings.Contains(m, "catalog") { // "no service in the catalog serves target …", years not held
			return false
		}
	}
	return true
}

// questionFuncs are the functions a question may use: names, not answers
// (questions are all asked at once, so none may depend on another's answer).
var questionFuncs = template.FuncMap{"pick": func(it, en string) string { return it }}

// ask compiles the template's questions of one scope and numbers them; exec
// answers them. A question that cannot be asked of this catalog is kept with
// its error: the report says its data are missing.
func (r *report) ask(asks []Ask, data *tplData, section string, scope map[string]*answer) error {
	for _, a := range asks {
		var b strings.Builder
		t, err := template.New(a.ID).Funcs(questionFuncs).Option("missingkey=error").Parse(a.Q)
		if err == nil {
			err = t.Execute(&b, data)
		}
		if err != nil {
			return &TemplateError{r.tpl.File, section, fmt.Errorf("question %s: %w", a.ID, err)}
		}
		q := strings.Join(strings.Fields(b.String()), " ")
		plan, err := dsl.Compile(q, r.vocab)
		if err != nil && !vocabularyOnly(err) {
			return &TemplateError{r.tpl.File, section, fmt.Errorf("question %s %q: %s", a.ID, q, dsl.Format(err, q, question.English))}
		}
		ans := &answer{id: a.ID, question: q, section: section, err: err, plan: plan}
		if err == nil {
			ans.canonical = plan.Canonical()
			if prev, ok := r.byCanonical[ans.canonical]; ok {
				scope[a.ID] = prev
				continue
			}
			r.byCanonical[ans.canonical] = ans
		}
		r.answers = append(r.answers, ans)
		ans.n = len(r.answers)
		scope[a.ID] = ans
	}
	return nil
}

// exec answers every compiled question, as many at once as there are
// processors (the engine is safe for concurrent use). An answer's error is
// kept as missing data, unless the context ended.
func (r *report) exec(ctx context.Context) error {
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	for _, a := range r.answers {
		if a.plan == nil || a.err != nil {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			a.res, a.err = r.eng.Exec(ctx, engine.Request{Question: a.question, Plan: a.plan, Lang: r.lang, Role: r.role})
			if a.err != nil {
				a.res = nil
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// missingError is returned by template functions that need an answer the
// catalog could not give: the paragraph is replaced by a note.
type missingError struct {
	a    *answer
	what string // the fact or column the answer lacks; "" when there is no answer
}

func (e *missingError) Error() string {
	if e.what != "" {
		return fmt.Sprintf("missing data: %s has no %s", e.a.question, e.what)
	}
	return "missing data: " + e.a.question
}

// unknownID is a template naming a question it does not ask.
type unknownID struct{ id string }

func (e *unknownID) Error() string { return fmt.Sprintf("no question with id %q", e.id) }

// funcStubs are the template functions, for parsing; bound ones replace them
// when a report runs.
var funcStubs = template.FuncMap{
	"fact": func(string, ...string) (any, error) { return nil, nil },
	"has":  func(string) bool { return false }, "rows": func(string) int { return 0 },
	"hasfact":  func(string, ...string) bool { return false },
	"headline": func(string) (string, error) { return "", nil },
	"caveats":  func(...string) string { return "" },
	"cell":     func(string, int, string) (string, error) { return "", nil },
	"value":    func(string, int, string) (any, error) { return nil, nil },
	"lookup":   func(string, string, string, string) (any, error) { return nil, nil },
	"num":      func(any) string { return "" }, "pct": func(any) string { return "" },
	"signed": func(any) string { return "" }, "dec": func(any, int) string { return "" },
	"dist": func(any) string { return "" }, "name": func(string) string { return "" },
	"names": func(any) string { return "" }, "pick": func(string, string) string { return "" },
	"gt": func(any, any) bool { return false }, "cap": func(string) string { return "" },
	"zero": func(any) bool { return false }, "the": func(string) string { return "" },
	"known": func(any) bool { return false },
	"peek":  func(string, ...string) any { return nil },
}

// resolve finds the answer of a question id: in the scope, in the report's
// sections, or, as "id:service", in the repeated part of a section for that
// service ("divario:centro-diurno-integrato"), so that a text before the
// repeated part (the key messages) may cite it.
func (r *report) resolve(scope map[string]*answer, id string) (*answer, bool) {
	if a, ok := scope[id]; ok {
		return a, true
	}
	if a, ok := r.global[id]; ok {
		return a, true
	}
	base, service, ok := strings.Cut(id, ":")
	if !ok {
		return nil, false
	}
	for _, run := range r.sections {
		for _, e := range run.each {
			if e.data.Service == service {
				if a, ok := e.scope[base]; ok {
					return a, true
				}
			}
		}
	}
	return nil, false
}

// funcs binds the template functions to the report, a scope of answers and
// the set of answers a text used.
func (r *report) funcs(scope map[string]*answer, used *[]*answer) template.FuncMap {
	l := r.lang
	get := func(id string) (*answer, error) {
		a, ok := r.resolve(scope, id)
		if !ok {
			return nil, &unknownID{id}
		}
		if !slices.Contains(*used, a) {
			*used = append(*used, a)
		}
		if a.res == nil {
			return nil, &missingError{a: a}
		}
		return a, nil
	}
	column := func(a *answer, col string) (int, error) {
		for i, c := range a.res.Columns {
			if c.Name == col {
				return i, nil
			}
		}
		return -1, &missingError{a, col}
	}
	return template.FuncMap{
		"fact": func(id string, keys ...string) (any, error) {
			a, err := get(id)
			if err != nil {
				return nil, err
			}
			var v any = a.res.Facts
			for _, k := range keys {
				m, ok := v.(map[string]any)
				if !ok {
					return nil, &missingError{a, strings.Join(keys, ".")}
				}
				if v, ok = m[k]; !ok || v == nil {
					return nil, &missingError{a, strings.Join(keys, ".")}
				}
			}
			return v, nil
		},
		// peek returns a fact without citing its answer (nil when
		// missing): for a condition, so that a sentence cites only the
		// answers whose figures it prints.
		"peek": func(id string, keys ...string) any {
			a, _ := r.resolve(scope, id)
			if a == nil || a.res == nil {
				return nil
			}
			var v any = a.res.Facts
			for _, k := range keys {
				m, ok := v.(map[string]any)
				if !ok {
					return nil
				}
				v = m[k]
			}
			return v
		},
		"hasfact": func(id string, keys ...string) bool {
			a, _ := r.resolve(scope, id)
			if a == nil || a.res == nil {
				return false
			}
			var v any = a.res.Facts
			for _, k := range keys {
				m, ok := v.(map[string]any)
				if !ok {
					return false
				}
				if v, ok = m[k]; !ok || v == nil {
					return false
				}
			}
			return true
		},
		// caveats writes the caveats of the answers named, each once, as a
		// sentence to print beside their figures ("" when none).
		"caveats": func(ids ...string) string {
			var seen []string
			for _, id := range ids {
				a, err := get(id)
				if err != nil {
					continue
				}
				for _, c := range a.res.Caveats {
					if c = a.cleanNames(c); !slices.Contains(seen, c) {
						seen = append(seen, c)
					}
				}
			}
			if len(seen) == 0 {
				return ""
			}
			return l.Pick("Da sapere: ", "Keep in mind: ") + strings.Join(seen, " ")
		},
		"has": func(id string) bool {
			a, err := get(id)
			return err == nil && a.res != nil
		},
		"rows": func(id string) int {
			a, err := get(id)
			if err != nil {
				return 0
			}
			return len(a.res.Rows)
		},
		"headline": func(id string) (string, error) {
			a, err := get(id)
			if err != nil {
				return "", err
			}
			return a.cleanNames(a.res.Headline), nil
		},
		"cell": func(id string, row int, col string) (string, error) {
			a, err := get(id)
			if err != nil {
				return "", err
			}
			i, err := column(a, col)
			if err != nil {
				return "", err
			}
			if row < 0 || row >= len(a.res.Rows) || i >= len(a.res.Rows[row]) {
				return "", &missingError{a, fmt.Sprintf("%s[%d]", col, row)}
			}
			return cellText(a.res.Rows[row][i], a.res.Columns[i], l), nil
		},
		"value": func(id string, row int, col string) (any, error) {
			a, err := get(id)
			if err != nil {
				return nil, err
			}
			i, err := column(a, col)
			if err != nil {
				return nil, err
			}
			if row < 0 || row >= len(a.res.Rows) || i >= len(a.res.Rows[row]) || a.res.Rows[row][i].IsSuppressed() {
				return nil, &missingError{a, fmt.Sprintf("%s[%d]", col, row)}
			}
			return a.res.Rows[row][i].Raw(), nil
		},
		"lookup": func(id, keyCol, key, col string) (any, error) {
			a, err := get(id)
			if err != nil {
				return nil, err
			}
			k, err := column(a, keyCol)
			if err != nil {
				return nil, err
			}
			i, err := column(a, col)
			if err != nil {
				return nil, err
			}
			for _, row := range a.res.Rows {
				if k < len(row) && i < len(row) && fmt.Sprint(row[k].Raw()) == key && !row[i].IsSuppressed() {
					return row[i].Raw(), nil
				}
			}
			return nil, &missingError{a, fmt.Sprintf("%s[%s=%s]", col, keyCol, key)}
		},
		"num": func(x any) string {
			f, ok := toFloat(x)
			if !ok {
				return fmt.Sprint(x)
			}
			return question.FormatInt(int64(math.Round(f)), l)
		},
		"pct": func(x any) string {
			f, _ := toFloat(x)
			return question.FormatPercent(f, l)
		},
		"signed": func(x any) string {
			f, _ := toFloat(x)
			s := question.FormatPercent(f, l)
			if f >= 0 {
				s = "+" + s
			}
			return s
		},
		"dec": func(x any, n int) string {
			f, _ := toFloat(x)
			return question.FormatFloat(f, n, l)
		},
		"dist": func(x any) string {
			f, _ := toFloat(x)
			return question.FormatDistance(f, l)
		},
		"name":  func(s string) string { return r.name(s) },
		"names": func(x any) string { return r.names(x) },
		"pick":  func(it, en string) string { return l.Pick(it, en) },
		"cap":   capitalize,
		// zero reports whether a figure is a number equal to 0 (a withheld
		// ":c" is not).
		"zero": func(x any) bool {
			f, ok := toFloat(x)
			return ok && f == 0
		},
		// known reports whether a figure is a published number (not ":c"):
		// a sentence compares figures only when both are known.
		"known": func(x any) bool {
			_, ok := toFloat(x)
			return ok
		},
		// the puts the Italian article before a figure: "il 25%", "l'11%".
		"the": question.The,
		"gt": func(a, b any) bool {
			x, _ := toFloat(a)
			y, _ := toFloat(b)
			return x > y
		},
	}
}

// name returns the name of a target, service or area slug (or area ID), in
// the report's language; the slug itself when it names nothing.
func (r *report) name(s string) string {
	if t, ok := r.vocab.Target(s); ok {
		return t.Name(r.lang)
	}
	if sv, ok := r.vocab.Service(s); ok {
		return sv.Name(r.lang)
	}
	if a, ok := r.vocab.Area(s); ok {
		return reports.CleanName(a.Name)
	}
	for _, a := range r.vocab.Areas {
		if a.ID == s {
			return reports.CleanName(a.Name)
		}
	}
	return s
}

// names writes a list of slugs as a list of names: "a, b e c".
func (r *report) names(x any) string {
	var items []string
	switch v := x.(type) {
	case []string:
		items = v
	case []any:
		for _, e := range v {
			items = append(items, fmt.Sprint(e))
		}
	case []svc:
		for _, s := range v {
			items = append(items, s.Slug)
		}
	case string:
		items = []string{v}
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = r.name(s)
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + r.lang.Pick(" e ", " and ") + out[len(out)-1]
}

func toFloat(x any) (float64, bool) {
	switch v := x.(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case int32:
		return float64(v), true
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case answers.Value:
		return toFloat(v.Raw())
	}
	return 0, false
}
