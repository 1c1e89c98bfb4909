package bots

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// shownLevels reads off a result the levels it actually shows: the level of
// every area named in its cells (by ID or slug; by name, the coarsest area
// of that name), of areas named in its facts, and LevelFacility for columns
// of facilities or coordinates.
func shownLevels(res *answer.Result, vocab *question.Vocabulary) map[string]bool {
	byKey := map[string]string{}
	byName := map[string]string{}
	for _, a := range vocab.Areas {
		byKey[a.Slug] = a.Level
		if a.ID != "" {
			byKey[a.ID] = a.Level
		}
		if old, ok := byName[a.Name]; !ok || levelRank(a.Level) > levelRank(old) {
			byName[a.Name] = a.Level
		}
	}
	shown := map[string]bool{}
	for i, c := range res.Columns {
		if c.Type == answer.TypeCoord || strings.Contains(c.Name, "facility") {
			if len(res.Rows) > 0 {
				shown[LevelFacility] = true
			}
		}
		for _, row := range res.Rows {
			if i >= len(row) {
				continue
			}
			s, ok := row[i].Raw().(string)
			if !ok {
				continue
			}
			if l, ok := byKey[s]; ok {
				shown[l] = true
			} else if l, ok := byName[s]; ok && strings.Contains(c.Name, "area") {
				shown[l] = true
			}
		}
	}
	for _, v := range res.Facts {
		if s, ok := v.(string); ok {
			if l, ok := byKey[s]; ok {
				shown[l] = true
			}
		}
	}
	return shown
}

// covers reports whether rated levels are as fine as every shown level: a
// role allowed the rated levels sees nothing finer than it was allowed.
func covers(rated []string, shown map[string]bool) (string, bool) {
	finest := len(rated) + 99
	for _, l := range rated {
		if r := levelRank(l); r >= 0 && r < finest {
			finest = r
		}
	}
	for l := range shown {
		if levelRank(l) < finest {
			return l, false
		}
	}
	return "", true
}

// Every question of the language, with the areas and levels it can take, is
// rated at least as fine as what its answer shows.
func TestPlanLevelsCoverResults(t *testing.T) {
	ctx := t.Context()
	cat, err := openDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var nilArea, munArea string
	for _, a := range vocab.Areas {
		if a.Level == question.LevelNIL && nilArea == "" {
			nilArea = a.Slug
		}
		if a.Level == question.LevelMunicipio {
			munArea = a.Slug
		}
	}
	check := func(q string) bool {
		t.Helper()
		plan, err := compile(q, vocab)
		if err != nil {
			t.Logf("skipped %q: %v", q, err)
			return false
		}
		rated := PlanLevels(plan, vocab)
		if len(rated) == 0 {
			t.Errorf("%s: no levels", q)
		}
		res, err := eng.Exec(ctx, engine.Request{Question: q, Plan: plan, Lang: question.English, Role: answer.RolePress})
		if err != nil {
			t.Logf("no answer to %q: %v", q, err)
			return true // compiled and rated; the engine does not answer it here
		}
		if l, ok := covers(rated, shownLevels(res, vocab)); !ok {
			t.Errorf("%s: rated %v but the answer shows %s", plan.Canonical(), rated, l)
		}
		return true
	}
	for _, spec := range question.Questions {
		name := strings.TrimSpace(spec.Verb + " " + spec.Subject)
		var questions []string
		switch spec.Verb {
		case "help":
			continue // always allowed, shows no figures
		case "explain":
			questions = []string{"explain where underserved target=anziani radius=800m"}
		default:
			hasFrom := slices.ContainsFunc(spec.Keys, func(k question.KeySpec) bool { return k.Key == "from" })
			// The examples' own target and service, then a service with a
			// benchmark (where gap, howmuch capacity).
			for _, ts := range [][2]string{{}, {"prima-infanzia", "asilo-nido"}} {
				for _, area := range []string{"", munArea, nilArea} {
					for _, level := range []string{"", question.LevelMunicipio} {
						parts := []string{name}
						for _, k := range spec.Keys {
							v := ""
							switch {
							case k.Key == "area" && area != "":
								v = area
								if k.Value == "pair" {
									v = area + "," + vocab.CityArea
								}
							case k.Key == "level" && level != "":
								v = level
							case k.Key == "target" && hasFrom:
								v = "anziani" // what the example facility serves
							case k.Key == "target" && ts[0] != "" && k.Required:
								v = ts[0]
							case k.Key == "service" && ts[1] != "" && k.Required:
								v = ts[1]
							case k.Required || k.Example:
								v = question.ExampleValue(k, vocab)
							}
							if v != "" {
								parts = append(parts, k.Key+"="+v)
							}
						}
						questions = append(questions, strings.Join(parts, " "))
					}
				}
			}
		}
		compiled := 0
		slices.Sort(questions)
		for _, q := range slices.Compact(questions) {
			if check(q) {
				compiled++
			}
		}
		if compiled == 0 {
			t.Errorf("%s: no example compiled", name)
		}
	}
	// The cases the review found.
	for _, q := range []string{
		"which saturation service=asilo-nido",
		"where locate service=asilo-nido target=prima-infanzia count=3",
		"which alternatives service=asilo-nido area=" + munArea,
		"which partners target=minori area=" + munArea,
		"when route from=centro-anziani-001 area=" + munArea + " target=anziani visits=5",
	} {
		check(q)
	}
}

// templateQuestions returns the questions a document template asks, with its
// placeholders filled in for the target, service and area.
func templateQuestions(t *testing.T, file, target, service, area, city, year string) []string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ifElse := regexp.MustCompile(`\{\{if [^}]*\}\}(.*?)\{\{else\}\}.*?\{\{end\}\}`)
	fill := strings.NewReplacer("{{.Target}}", target, "{{.Service}}", service, "{{.Area}}", area, "{{.MapArea}}", area,
		"{{.City}}", city, "{{.Municipi}}", area+",municipio-1", "{{.Year}}", year, "{{.Radius}}", "800m")
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		q, ok := strings.CutPrefix(strings.TrimLeft(strings.TrimSpace(line), "- "), "q: ")
		if !ok {
			continue
		}
		q = fill.Replace(ifElse.ReplaceAllString(strings.TrimSpace(q), "$1"))
		if strings.Contains(q, "{{") {
			t.Fatalf("%s: placeholder left in %q", file, q)
		}
		out = append(out, q)
	}
	return out
}

// A document is rated at least as fine as every answer its template shows:
// fact sheets (template scheda) and dossiers (the others).
func TestDocumentLevelsCoverTemplates(t *testing.T) {
	ctx := t.Context()
	cat, err := openDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "reports", "pdf", "templates", "*.yaml"))
	if len(files) == 0 {
		t.Skip("no document templates found")
	}
	const target, service, area = "prima-infanzia", "asilo-nido", "municipio-9"
	for _, file := range files {
		doc := "dossier target=" + target + " area=" + area
		if filepath.Base(file) == "scheda.yaml" {
			doc = "factsheet target=" + target + " area=" + area
		}
		plan, err := compile(doc, vocab)
		if err != nil {
			t.Fatal(err)
		}
		rated := PlanLevels(plan, vocab)
		for _, q := range templateQuestions(t, file, target, service, area, vocab.CityArea, "2024") {
			p, err := compile(q, vocab)
			if err != nil {
				t.Errorf("%s: %q: %v", filepath.Base(file), q, err)
				continue
			}
			res, err := eng.Exec(ctx, engine.Request{Question: q, Plan: p, Lang: question.English, Role: answer.RolePress})
			if err != nil {
				t.Logf("%s: no answer to %q: %v", filepath.Base(file), q, err)
				continue
			}
			if l, ok := covers(rated, shownLevels(res, vocab)); !ok {
				t.Errorf("%s (%s): rated %v but %q shows %s", doc, filepath.Base(file), rated, q, l)
			}
			for _, l := range PlanLevels(p, vocab) {
				if _, ok := covers(rated, map[string]bool{l: true}); !ok {
					t.Errorf("%s (%s): rated %v but asks %q, rated %v", doc, filepath.Base(file), rated, q, PlanLevels(p, vocab))
				}
			}
		}
	}
}
