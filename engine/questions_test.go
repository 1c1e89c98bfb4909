package engine

import (
	"slices"
	"testing"
)

// TestRegistryNamesTheLanguage checks the registry against the language's
// list of questions (question.Questions): each entry names one question of
// the list, no two entries the same one, and every question has an entry.
func TestRegistryNamesTheLanguage(t *testing.T) {
	type spec struct{ verb, subject string }
	var named []spec
	for _, q := range registry() {
		verb, subject := q.spec()
		s := spec{verb, subject}
		if slices.Contains(named, s) {
			t.Errorf("two entries name %q %q", verb, subject)
		}
		named = append(named, s)
		if !slices.ContainsFunc(Questions, func(q QuestionSpec) bool { return q.Verb == verb && q.Subject == subject }) {
			t.Errorf("entry %q %q names no question of question.Questions", verb, subject)
		}
		if q.answers() == q.isDocument() {
			t.Errorf("entry %q %q: a handler unless it is a document, and only then none", verb, subject)
		}
	}
	for _, q := range Questions {
		if !slices.Contains(named, spec{q.Verb, q.Subject}) {
			t.Errorf("question %q %q has no entry in the registry", q.Verb, q.Subject)
		}
	}
}
