package answer

import (
	"slices"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// Every question of the language declares its facts, and nothing else does.
func TestEveryQuestionDeclaresItsFacts(t *testing.T) {
	names := map[string]bool{}
	for _, q := range question.Questions {
		name := strings.TrimSpace(q.Verb + " " + q.Subject)
		names[name] = true
		if _, ok := Facts[name]; !ok {
			t.Errorf("%s: no declared facts", name)
		}
	}
	for name, keys := range Facts {
		if !names[name] {
			t.Errorf("%s declares facts but is not a question of the language", name)
		}
		if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
			t.Errorf("%s: facts not sorted or repeated: %v", name, keys)
		}
	}
}

func TestQuestionName(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"where underserved target=anziani radius=800m", "where underserved"},
		{"dove sottoservito target={{.Target}}", "where underserved"},
		{"quanti domanda target=x", "howmuch demand"},
		{"profilo area=nil-1", "profile"},
		{"PROFILE area=nil-1", "profile"},
		{"which center service=rsa", "which center"},
		{"where nowhere", ""},
		{"", ""},
	} {
		t.Run(c.text, func(t *testing.T) {
			if got := QuestionName(c.text); got != c.want {
				t.Errorf("QuestionName(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}
