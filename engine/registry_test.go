package engine_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// TestEveryQuestionHasAnEntry compiles the example of every question of the
// language, as help shows it, and checks that the registry has an entry for
// the plan's type, naming that question. A plan type added to the language
// without its entry in engine/questions.go fails here.
func TestEveryQuestionHasAnEntry(t *testing.T) {
	c := openCity(t, twoMunicipiCity())
	help, err := c.exec("help", engine.English)
	if err != nil {
		t.Fatal(err)
	}
	if len(help.Rows) != len(engine.Questions) {
		t.Fatalf("help lists %d questions, the language has %d", len(help.Rows), len(engine.Questions))
	}
	for i, q := range engine.Questions {
		example := fmt.Sprint(help.Rows[i][2].Raw())
		if q.Verb == "help" {
			example = "help " + example // help's example is a verb to ask help on
		}
		t.Run(q.Verb+" "+q.Subject, func(t *testing.T) {
			plan, err := dsl.Compile(example, c.vocab)
			if err != nil {
				t.Fatalf("example %q: %v", example, err)
			}
			verb, subject, ok := engine.QuestionOf(plan)
			if !ok {
				t.Fatalf("plan %T of %q has no entry in the registry (engine/questions.go)", plan, example)
			}
			if verb != q.Verb || subject != q.Subject {
				t.Errorf("plan %T: entry names %q %q, want %q %q", plan, verb, subject, q.Verb, q.Subject)
			}
			_, err = c.eng.Exec(t.Context(), engine.Request{Question: example, Plan: plan, Lang: engine.English})
			// Exec answers every question but documents, which reports/pdf builds.
			if got, want := errors.Is(err, engine.ErrNotAvailable), engine.IsDocument(plan); got != want {
				t.Errorf("%q: Exec error %v, but IsDocument = %v", example, err, want)
			}
		})
	}
}
