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
		return e.helpQuestion(p, l), nil
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

// helpQuestion answers `help <verb> <subject>`: what the question is for,
// in one sentence; each of its keys, required or not, with its default and
// its values; two examples made of the catalog's vocabulary, the second
// with optional keys; for a ranking, the columns it may be ordered by.
func (e *Engine) helpQuestion(p *Help, l Lang) *Result {
	purpose := Purposes[p.Verb+" "+p.Subject]
	res := &Result{
		Headline: l.Pick(purpose[0], purpose[1]),
		Columns: []Column{
			{Name: "key", Label: l.Pick("chiave", "key"), Type: TypeString},
			{Name: "required", Label: l.Pick("serve", "required"), Type: TypeString},
			{Name: "default", Label: l.Pick("se manca", "default"), Type: TypeString},
			{Name: "value", Label: l.Pick("valore", "value"), Type: TypeString},
		},
	}
	var q QuestionSpec
	for _, u := range Questions {
		if u.Verb == p.Verb && u.Subject == p.Subject {
			q = u
		}
	}
	for _, k := range q.Keys {
		need := l.Pick("no", "no")
		if k.Required {
			need = l.Pick("sì", "yes")
		}
		v := KeyValues[k.Key]
		res.Rows = append(res.Rows, []Value{Str(KeyWord(k.Key).Show(l) + "="), Str(need), Str(e.keyDefault(q, k.Key, l)), Str(l.Pick(v[0], v[1]))})
	}
	res.Notes = append(res.Notes,
		l.Pick("Esempio: ", "Example: ")+e.example(q, l),
		l.Pick("Esempio: ", "Example: ")+e.fullerExample(q, l))
	if cols := SortColumns[strings.TrimSpace(q.Verb+" "+q.Subject)]; len(cols) > 0 {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Show(l)
		}
		res.Notes = append(res.Notes, fmt.Sprintf(l.Pick("Colonne per ordina=: %s (verso=crescente o decrescente).",
			"Columns for sort=: %s (order=asc or desc)."), strings.Join(names, ", ")))
	}
	return res
}

// keyDefault says what a question takes when the key is missing.
func (e *Engine) keyDefault(q QuestionSpec, key string, l Lang) string {
	name := strings.TrimSpace(q.Verb + " " + q.Subject)
	for _, k := range q.Keys {
		if k.Key == key && k.Required {
			return "—"
		}
	}
	switch key {
	case "area":
		return l.Pick("tutta la città", "the whole city")
	case "level":
		return l.Pick("nil (quartiere)", "nil (neighbourhood)")
	case "year":
		switch name {
		case "howmuch demand", "when saturation":
			return l.Pick("tutti gli anni del catalogo", "every year of the catalog")
		}
		return fmt.Sprintf(l.Pick("l'ultimo del catalogo (%d)", "the catalog's latest (%d)"), e.vocab.DefaultYear)
	case "top":
		if name == "which center" {
			return "3"
		}
		return "10"
	case "radius":
		if name == "where served" {
			return l.Pick("chi ha la struttura come più vicina", "the people for whom it is the nearest")
		}
		return l.Pick("il raggio abituale del servizio", "the service's usual radius")
	case "service":
		if name == "which partners" {
			return l.Pick("ogni servizio", "every service")
		}
		return l.Pick("ogni servizio che serve il target", "every service serving the target")
	case "target":
		return l.Pick("il target del servizio, se è uno solo", "the service's target, when it has one")
	case "count":
		return "1"
	case "visits":
		return "10"
	case "time":
		return l.Pick("nessun limite", "no limit")
	case "template":
		return Templates[0]
	case "at":
		return l.Pick("zona= al suo posto", "area= instead")
	case "sort":
		return l.Pick("l'ordine della risposta", "the answer's own order")
	case "order":
		return l.Pick("decrescente (crescente per i nomi)", "desc (asc for names)")
	}
	return "—"
}

// fullerExample is a second example of the question: the first, with the
// optional keys people add most (an area, a level, fewer rows, an order).
func (e *Engine) fullerExample(q QuestionSpec, l Lang) string {
	parts := []string{e.example(q, l)}
	has := func(key string) bool {
		for _, k := range q.Keys {
			if k.Key == key && !k.Required && !k.Example {
				return true
			}
		}
		return false
	}
	name := strings.TrimSpace(q.Verb + " " + q.Subject)
	if has("area") && name != "which center" {
		parts = append(parts, KeyWord("area").Show(l)+"="+ExampleValue(KeySpec{Key: "area"}, e.vocab))
	}
	if has("level") && !has("area") {
		parts = append(parts, KeyWord("level").Show(l)+"=municipio")
	}
	if has("year") && e.vocab.DefaultYear > 0 && name != "when saturation" {
		parts = append(parts, fmt.Sprintf("%s=%d", KeyWord("year").Show(l), e.vocab.DefaultYear-1))
	}
	if has("top") {
		parts = append(parts, KeyWord("top").Show(l)+"=5")
	}
	if cols := SortColumns[name]; len(cols) > 1 && has("sort") {
		c := cols[1]
		way := "asc"
		if c.Text {
			way = "desc"
		}
		w := KeyWord("order")
		if l == Italian {
			way = map[string]string{"asc": "crescente", "desc": "decrescente"}[way]
		}
		parts = append(parts, KeyWord("sort").Show(l)+"="+c.Show(l), w.Show(l)+"="+way)
	}
	if len(parts) == 1 && has("radius") {
		parts = append(parts, KeyWord("radius").Show(l)+"=1km")
	}
	return strings.Join(parts, " ")
}
