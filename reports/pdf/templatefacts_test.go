package pdf

import (
	"strings"
	"testing"
)

// A template that reads a fact its question does not give fails when it is
// loaded, whatever language the question is written in; the built-in
// templates read only declared facts.
func TestTemplateFactsAreDeclared(t *testing.T) {
	tpl := func(q, fact string) []byte {
		return []byte(`name: prova
title: {it: Prova}
sections:
  - heading: {it: Uno}
    ask:
      - id: d
        q: ` + q + `
    blocks:
      - text: {it: "Persone: {{num (fact \"d\" \"` + fact + `\")}}."}
`)
	}
	for _, c := range []struct {
		name, q, fact, err string
	}{
		{"declared", "howmuch demand target={{.Target}} area={{.Area}}", "count", ""},
		{"declared in Italian", "quanti domanda target={{.Target}} area={{.Area}}", "city_share", ""},
		{"renamed fact", "howmuch demand target={{.Target}} area={{.Area}}", "persone", `fact "persone" is not one that "howmuch demand" gives`},
		{"fact of another question", "where underserved target={{.Target}} radius=800m", "count", `fact "count" is not one that "where underserved" gives`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseTemplate("prova", "prova.yaml", tpl(c.q, c.fact))
			switch {
			case c.err == "" && err != nil:
				t.Errorf("rejected: %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("error %v, want %q", err, c.err)
			}
		})
	}
	names, err := Templates("")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range append(names, factsheetTemplate) {
		if _, err := LoadTemplate(n, ""); err != nil {
			t.Errorf("built-in template %s: %v", n, err)
		}
	}
}
