package script

import (
	"context"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// TestHelpExamplesCompile: `help <verb> <subject>` of every question, in
// both languages, lists every key of the question with its default and
// gives two different examples made of the catalog's vocabulary, and
// both compile, in the language they are written in.
func TestHelpExamplesCompile(t *testing.T) {
	eng, voc := demo(t)
	for _, q := range question.Questions {
		if q.Subject == "" {
			continue
		}
		for _, l := range []question.Lang{question.Italian, question.English} {
			src := "help " + q.Verb + " " + q.Subject
			plan, err := dsl.Compile(src, voc)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			res, err := eng.Exec(context.Background(), engine.Request{Question: src, Plan: plan, Lang: l})
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if len(res.Rows) != len(q.Keys) {
				t.Errorf("%s (%s): %d keys listed, want %d", src, l, len(res.Rows), len(q.Keys))
			}
			for _, row := range res.Rows {
				if d, _ := row[2].Raw().(string); d == "" {
					t.Errorf("%s (%s): key %v without a default", src, l, row[0].Raw())
				}
			}
			var examples []string
			prefix := l.Pick("Esempio: ", "Example: ")
			for _, n := range res.Notes {
				if ex, ok := strings.CutPrefix(n, prefix); ok {
					examples = append(examples, ex)
				}
			}
			if len(examples) != 2 || examples[0] == examples[1] {
				t.Errorf("%s (%s): examples %q, want two different ones", src, l, examples)
				continue
			}
			for _, ex := range examples {
				if _, err := dsl.Compile(ex, voc); err != nil {
					t.Errorf("%s (%s): the example %q does not compile: %v", src, l, ex, err)
				}
				if got := dsl.Lang(ex); got != "" && got != l {
					t.Errorf("%s (%s): the example %q is in %s", src, l, ex, got)
				}
			}
		}
	}
}
