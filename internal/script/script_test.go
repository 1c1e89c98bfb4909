package script

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

var update = flag.Bool("update", false, "rewrite the expectations of testdata/script/*.test from the answers given")

// dir holds the scripts, at the repository root.
const dir = "../../testdata/script"

var (
	demoOnce sync.Once
	demoEng  *engine.Engine
	demoVoc  *question.Vocabulary
	demoErr  error
	demoDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demo opens the scripts' catalog: the demo city, seed 1, 300 sections,
// built once per test binary.
func demo(t *testing.T) (*engine.Engine, *question.Vocabulary) {
	t.Helper()
	demoOnce.Do(func() {
		ctx := context.Background()
		d, err := catalog.Demo(catalog.DemoOptions{Seed: 1, Sections: 300})
		if err != nil {
			demoErr = err
			return
		}
		if demoDir, err = os.MkdirTemp("", "wi-script-"); err != nil {
			demoErr = err
			return
		}
		path := filepath.Join(demoDir, "demo.duckdb")
		if err := catalog.Write(ctx, path, d); err != nil {
			demoErr = err
			return
		}
		c, err := catalog.Open(ctx, path)
		if err != nil {
			demoErr = err
			return
		}
		demoEng = engine.New(c, engine.Options{})
		demoVoc, demoErr = demoEng.Vocabulary(ctx)
	})
	if demoErr != nil {
		t.Fatalf("demo catalog: %v", demoErr)
	}
	return demoEng, demoVoc
}

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in %s: %v", dir, err)
	}
	eng, voc := demo(t)
	questions := map[string]bool{}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(file, string(text))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range s.Cases() {
				questions[c.Question] = true
				got := answer(t, eng, voc, file, c)
				if *update {
					c.Want = got
					continue
				}
				if !slices.Equal(got, c.Want) {
					t.Errorf("%s:%d: %s\n got:\n  %s\nwant:\n  %s", file, c.Line, c.Question,
						strings.Join(got, "\n  "), strings.Join(c.Want, "\n  "))
				}
			}
			if *update {
				if err := os.WriteFile(file, []byte(s.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if len(questions) < 60 {
		t.Errorf("the scripts ask %d distinct questions, want at least 60", len(questions))
	}
}

// answer asks a case's question and writes what it gives as expectation
// lines. A question that compiles must round-trip through its canonical form.
func answer(t *testing.T, eng *engine.Engine, voc *question.Vocabulary, file string, c *Case) []string {
	t.Helper()
	plan, err := dsl.Compile(c.Question, voc)
	if err != nil {
		var first *dsl.Error
		if !errors.As(err, &first) {
			t.Fatalf("%s:%d: Compile error %T %v", file, c.Line, err, err)
		}
		return []string{fmt.Sprintf("%s%d:%d: %s", ErrorPrefix, first.Line, first.Col, first.Message(first.Lang(c.Lang)))}
	}
	back, err := dsl.Compile(plan.Canonical(), voc)
	if err != nil || !reflect.DeepEqual(back, plan) {
		t.Errorf("%s:%d: canonical form %q does not compile back to the same plan: %v", file, c.Line, plan.Canonical(), err)
	}
	res, err := eng.Exec(context.Background(), engine.Request{Question: c.Question, Plan: plan, Lang: c.Lang})
	var refusal *answers.AnswerError
	switch {
	case errors.Is(err, answers.ErrNotAvailable):
		return []string{NotAvailable}
	case errors.As(err, &refusal):
		// A refusal the asker can act on: placed at its key, in the
		// question's language, as wi ask shows it.
		e := dsl.AtKey(c.Question, refusal.Key, refusal.IT, refusal.EN)
		return []string{fmt.Sprintf("%s%d:%d: %s", ErrorPrefix, e.Line, e.Col, e.Message(e.Lang(c.Lang)))}
	case err != nil:
		return []string{ErrorPrefix + err.Error()}
	}
	return Render(res)
}

func TestParseAndPrint(t *testing.T) {
	text := "# c\nlang en\nhelp\n  = Verbs.\n  | a | b |\n\nwhere x\n  expect not available\n"
	s, err := Parse("x.test", text)
	if err != nil {
		t.Fatal(err)
	}
	cases := s.Cases()
	if len(cases) != 2 || cases[0].Line != 3 || cases[0].Lang != question.English || len(cases[0].Want) != 2 || cases[1].Want[0] != NotAvailable {
		t.Fatalf("cases: %+v", cases)
	}
	if got := s.String(); got != text {
		t.Errorf("String() = %q, want %q", got, text)
	}
	if _, err := Parse("y.test", "# c\n  | stray |\n"); err == nil || err.Error() != "y.test:2: expectation without a question before it" {
		t.Errorf("stray expectation: %v", err)
	}
	if _, err := Parse("z.test", "lang fr\n"); err == nil || !strings.HasPrefix(err.Error(), "z.test:1: ") {
		t.Errorf("unknown language: %v", err)
	}
}

func TestRender(t *testing.T) {
	res := &answers.Result{
		Headline: "h",
		Columns:  []answers.Column{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}},
		Rows:     [][]answers.Value{{answers.Str("x"), answers.Int(12), answers.Float(0.123456789), answers.Suppressed()}, {answers.Empty(), answers.Int(0), answers.Float(2), answers.Str("")}},
		Notes:    []string{"n"},
	}
	want := []string{"= h", "| a | b | c | d |", "| x | 12 | 0.123457 | :c |", "|  | 0 | 2 |  |", "- n"}
	if got := Render(res); !slices.Equal(got, want) {
		t.Errorf("Render = %q, want %q", got, want)
	}
}
