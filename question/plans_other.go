package question

import (
	"fmt"
	"strconv"
)

// Compare sets areas and targets side by side: `compare area=A,B target=T,U`.
// Areas and targets keep the order given (it is the order shown), without repeats.
type Compare struct {
	Areas   []string
	Targets []string
	Year    int
	Order   Order // sort=, order=
}

func (*Compare) isPlan() {}

// Canonical implements Plan.
func (p *Compare) Canonical() string {
	return newCanon("compare").toks("area", p.Areas).toks("target", p.Targets).num("year", p.Year).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *Compare) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Confronto delle aree %s per i target %s, %s.", "Areas %s side by side for targets %s, %s."),
		list(p.Areas, l), list(p.Targets, l), inYear(p.Year, l))
}

// Profile describes an area: its people, targets, services and indicators:
// `profile area=A`.
type Profile struct {
	Area string
	Year int
}

func (*Profile) isPlan() {}

// Canonical implements Plan.
func (p *Profile) Canonical() string {
	return newCanon("profile").tok("area", p.Area).num("year", p.Year).String()
}

// Describe says what the question asks.
func (p *Profile) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Il profilo dell'area %s: popolazione, target, servizi e indicatori, %s.",
		"The profile of area %s: population, targets, services and indicators, %s."), p.Area, inYear(p.Year, l))
}

// Allocate shares a budget among areas by priority for a target:
// `allocate budget=500000 target=T level=nil`.
type Allocate struct {
	BudgetEUR int64  // whole euros, > 0
	Target    string // target slug
	Level     string // level of the areas the budget goes to
	Area      string // "" = the whole city
	Year      int
	Order     Order // sort=, order=
}

func (*Allocate) isPlan() {}

// Canonical implements Plan.
func (p *Allocate) Canonical() string {
	return newCanon("allocate").kv("budget", strconv.FormatInt(p.BudgetEUR, 10)).tok("target", p.Target).
		kv("level", p.Level).tok("area", p.Area).num("year", p.Year).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *Allocate) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Come ripartire %s € per il target %s, %s, %s, %s.", "How to share €%s for target %s, %s, %s, %s."),
		FormatInt(p.BudgetEUR, l), p.Target, byLevel(p.Level, l), inArea(p.Area, l), inYear(p.Year, l))
}

// Dossier builds a needs-analysis dossier (PDF) for a target in an area:
// `dossier target=T area=A template=cariplo`.
type Dossier struct {
	Target   string
	Area     string
	Template string // one of Templates
	Year     int
}

func (*Dossier) isPlan() {}

// Canonical implements Plan.
func (p *Dossier) Canonical() string {
	return newCanon("dossier").tok("target", p.Target).tok("area", p.Area).tok("template", p.Template).num("year", p.Year).String()
}

// Describe says what the question asks.
func (p *Dossier) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Un dossier di analisi del contesto e dei bisogni (modello %s) sul target %s nell'area %s, %s.",
		"A needs-analysis dossier (template %s) on target %s in area %s, %s."), p.Template, p.Target, p.Area, inYear(p.Year, l))
}

// Factsheet builds a one-page fact sheet for the press, with rounded figures:
// `factsheet target=T area=A`.
type Factsheet struct {
	Target string
	Area   string
	Year   int
}

func (*Factsheet) isPlan() {}

// Canonical implements Plan.
func (p *Factsheet) Canonical() string {
	return newCanon("factsheet").tok("target", p.Target).tok("area", p.Area).num("year", p.Year).String()
}

// Describe says what the question asks.
func (p *Factsheet) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Una scheda stampa di una pagina, con cifre arrotondate, sul target %s nell'area %s, %s.",
		"A one-page press fact sheet, with rounded figures, on target %s in area %s, %s."), p.Target, p.Area, inYear(p.Year, l))
}

// Help lists the verbs of the language, or the questions of one verb, with
// their keys and examples: `help` or `help where`; or the vocabulary of a
// kind (Topic): `help targets`, `help services target=anziani` (the
// services serving a target), `help areas`, `help keys`.
type Help struct {
	Verb    string // English verb; "" = every verb
	Subject string // English subject of Verb: one question (help where underserved); "" = all of the verb
	Topic   string // one of HelpTopics (English); "" = the verbs
	Target  string // target slug, with Topic "services": those serving it
}

func (*Help) isPlan() {}

// Canonical implements Plan.
func (p *Help) Canonical() string {
	switch {
	case p.Topic != "":
		return newCanon("help", p.Topic).tok("target", p.Target).String()
	case p.Verb == "":
		return "help"
	case p.Subject != "":
		return "help " + p.Verb + " " + p.Subject
	}
	return "help " + p.Verb
}

// Describe says what the question asks.
func (p *Help) Describe(l Lang) string {
	switch {
	case p.Topic == TopicServices && p.Target != "":
		return fmt.Sprintf(l.Pick("I servizi del catalogo che servono il target %s.", "The catalog's services serving target %s."), p.Target)
	case p.Topic != "":
		return fmt.Sprintf(l.Pick("L'elenco: %s.", "The list: %s."), HelpTopicWord(p.Topic).Show(l))
	case p.Verb == "":
		return l.Pick("L'elenco dei verbi, delle chiavi e degli esempi.", "The list of verbs, keys and examples.")
	case p.Subject != "":
		return fmt.Sprintf(l.Pick("La domanda %s %s, con chiavi ed esempi.", "The question %s %s, with keys and examples."), p.Verb, p.Subject)
	}
	return fmt.Sprintf(l.Pick("Le domande del verbo %s, con chiavi ed esempi.", "The questions of verb %s, with keys and examples."), p.Verb)
}

// Explain shows what a question asks, in words, without answering it:
// `explain where underserved target=T radius=800m`.
type Explain struct {
	Plan Plan // the question explained; never an *Explain
}

func (*Explain) isPlan() {}

// Canonical implements Plan.
func (p *Explain) Canonical() string { return "explain " + p.Plan.Canonical() }

// Describe says what the question asks.
func (p *Explain) Describe(l Lang) string {
	return l.Pick("La spiegazione di: ", "The explanation of: ") + p.Plan.Canonical()
}

// Describer is a plan that says in words what it asks.
type Describer interface {
	Describe(l Lang) string
}
