package engine

import (
	"context"
	"fmt"
	"strings"
)

// explain answers `explain <question>`: what the question asks, in words,
// its canonical form and whether the engine can answer it yet. It reads no data.
func (e *Engine) explain(_ context.Context, p *Explain, l Lang) (*Result, error) {
	res := &Result{Headline: describe(p.Plan, l)}
	res.Notes = append(res.Notes, l.Pick("Forma canonica: ", "Canonical form: ")+p.Plan.Canonical())
	if !answerable(p.Plan) {
		res.Notes = append(res.Notes, l.Pick("Il motore non sa ancora rispondere a questa domanda.",
			"The engine cannot answer this question yet."))
	}
	return res, nil
}

// describe says in words what a plan asks.
func describe(p Plan, l Lang) string {
	if d, ok := p.(Describer); ok {
		return d.Describe(l)
	}
	return p.Canonical()
}

// help answers `help [verb]`: the questions of the language, with their keys
// and an example made of the catalog's own targets, services and areas.
func (e *Engine) help(_ context.Context, p *Help, l Lang) (*Result, error) {
	if p.Topic != "" {
		return e.helpTopic(p, l)
	}
	res := &Result{
		Columns: []Column{
			{Name: "question", Label: l.Pick("domanda", "question"), Type: TypeString},
			{Name: "keys", Label: l.Pick("chiavi", "keys"), Type: TypeString},
			{Name: "example", Label: l.Pick("esempio", "example"), Type: TypeString},
		},
	}
	var shown []string
	for _, v := range Verbs {
		if p.Verb == "" || p.Verb == v.EN {
			shown = append(shown, v.Show(l))
		}
	}
	switch {
	case p.Verb == "":
		res.Headline = l.Pick("Verbi: ", "Verbs: ") + strings.Join(shown, ", ") + "."
	case p.Subject != "":
		purpose := Purposes[p.Verb+" "+p.Subject]
		res.Headline = l.Pick(purpose[0], purpose[1])
	default:
		res.Headline = fmt.Sprintf(l.Pick("Domande con %q:", "Questions with %q:"), strings.Join(shown, ""))
	}
	for _, q := range Questions {
		if p.Verb != "" && q.Verb != p.Verb || p.Subject != "" && q.Subject != p.Subject {
			continue
		}
		res.Rows = append(res.Rows, []Value{Str(questionName(q, l)), Str(keyList(q, l)), Str(e.example(q, l))})
	}
	res.Notes = append(res.Notes, l.Pick(
		"Le chiavi tra [ ] sono facoltative; i valori sono i target, i servizi e le aree del catalogo.",
		"Keys in [ ] are optional; values are the catalog's targets, services and areas."))
	return res, nil
}

// questionName is the verb and subject as shown in the language.
func questionName(q QuestionSpec, l Lang) string {
	for _, v := range Verbs {
		if v.EN != q.Verb {
			continue
		}
		for _, s := range v.Subjects {
			if s.EN == q.Subject {
				return v.Show(l) + " " + s.Show(l)
			}
		}
		return v.Show(l)
	}
	return q.Verb
}

// keyList lists a question's keys as shown in the language, optional ones in brackets.
func keyList(q QuestionSpec, l Lang) string {
	switch q.Verb {
	case "help":
		topics := []string{l.Pick("verbo", "verb")}
		for _, t := range HelpTopics {
			topics = append(topics, t.Show(l))
		}
		return "[" + strings.Join(topics, " / ") + "]"
	case "explain":
		return l.Pick("<domanda>", "<question>")
	}
	parts := make([]string, len(q.Keys))
	for i, k := range q.Keys {
		parts[i] = KeyWord(k.Key).Show(l) + "="
		if !k.Required {
			parts[i] = "[" + parts[i] + "]"
		}
	}
	return strings.Join(parts, " ")
}

// example builds an example of the question from the catalog's vocabulary.
func (e *Engine) example(q QuestionSpec, l Lang) string {
	switch q.Verb {
	case "help":
		return Verbs[0].Show(l)
	case "explain":
		for _, u := range Questions {
			if u.Subject == "underserved" {
				return q.VerbAsWord().Show(l) + " " + e.example(u, l)
			}
		}
	}
	parts := []string{questionName(q, l)}
	for _, k := range q.Keys {
		if k.Required || k.Example {
			parts = append(parts, KeyWord(k.Key).Show(l)+"="+ExampleValue(k, e.vocab))
		}
	}
	return strings.Join(parts, " ")
}
