package ask_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
)

// demo opens a small demo city.
func demo(t *testing.T) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	d, err := catalog.Demo(catalog.DemoOptions{Seed: 1, Sections: 1500})
	if err != nil {
		t.Fatal(err)
	}
	catalog.SetSecret(d, disclose.SecretFrom("ask tests"))
	path := filepath.Join(t.TempDir(), "catalog.duckdb")
	if err := catalog.Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return engine.New(c, engine.Options{})
}

// TestRun follows questions through each way out of the pipeline.
func TestRun(t *testing.T) {
	eng := demo(t)
	refuse := errors.New("refused")
	for _, c := range []struct {
		name, question string
		check          error
		document       bool
		wantErr        func(error) bool
		plan           bool
	}{
		{name: "answer", question: "howmuch demand target=anziani-soli", plan: true},
		{name: "help", question: "help", plan: true},
		{name: "document", question: "factsheet target=anziani-soli area=municipio-1", document: true, plan: true},
		{name: "does not compile", question: "where nowhere",
			wantErr: func(err error) bool { var ce *ask.CompileError; return errors.As(err, &ce) }},
		{name: "refused by the check", question: "howmuch demand target=anziani-soli", check: refuse, plan: true,
			wantErr: func(err error) bool { return err == refuse }},
		{name: "answer error", question: "where served from=nessuna target=anziani-soli", plan: true,
			wantErr: answer.IsAnswerError},
	} {
		t.Run(c.name, func(t *testing.T) {
			checked := false
			asked, err := ask.Run(t.Context(), eng, ask.Question{Text: c.question, Lang: question.English,
				Check: func(plan question.Plan, vocab *question.Vocabulary) error {
					checked = plan != nil && vocab != nil
					return c.check
				}})
			if c.wantErr == nil && err != nil || c.wantErr != nil && (err == nil || !c.wantErr(err)) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if (asked.Plan != nil) != c.plan || checked != c.plan {
				t.Errorf("plan %v, checked %v, want %v", asked.Plan, checked, c.plan)
			}
			if asked.Document != c.document {
				t.Errorf("document = %v, want %v", asked.Document, c.document)
			}
			if answered := asked.Result != nil; answered != (err == nil && !c.document) {
				t.Errorf("result %v with err %v and document %v", answered, err, c.document)
			}
		})
	}
}

// TestMessages checks the errors' words in both languages: one sentence
// for a question with no answer yet, the dsl's message for a question that
// does not compile.
func TestMessages(t *testing.T) {
	eng := demo(t)
	_, err := ask.Run(t.Context(), eng, ask.Question{Text: "where nowhere"})
	var ce *ask.CompileError
	if !errors.As(err, &ce) || !strings.Contains(ce.Show(question.English), "^") || strings.Contains(ask.Message(err, question.English), "\n") {
		t.Errorf("compile error %v: shown %q, message %q", err, ce.Show(question.English), ask.Message(err, question.English))
	}
	for _, c := range []struct {
		name string
		got  string
		want string
	}{
		{"not available, it", ask.Message(answer.ErrNotAvailable, question.Italian), "la domanda non ha ancora una risposta in questa versione di wi"},
		{"not available, en", ask.Message(answer.ErrNotAvailable, question.English), "the question has no answer in this version of wi yet"},
		{"named, it", ask.NotAvailable("help", question.Italian), `la domanda "help" non ha ancora una risposta in questa versione di wi`},
		{"named, en", ask.NotAvailable("help", question.English), `the question "help" has no answer in this version of wi yet`},
		{"answer error", ask.Message(&answer.AnswerError{IT: "no", EN: "not"}, question.Italian), "no"},
		{"system", ask.Message(errors.New("disk"), question.Italian), "disk"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}
