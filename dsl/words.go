package dsl

import (
	"strings"

	"github.com/welfare-intelligence/wi/engine"
)

// word is a term of the language: its English spelling, which is the
// canonical one, and its Italian spellings. Words match folded (see fold), so
// case and accents do not matter.
type word struct {
	en string
	it []string // the first is the one shown to Italian readers
}

// spellings returns every spelling of the word, English first.
func (w word) spellings() []string { return append([]string{w.en}, w.it...) }

// show returns the spelling shown to readers of the language.
func (w word) show(l engine.Lang) string {
	if l == engine.Italian && len(w.it) > 0 {
		return w.it[0]
	}
	return w.en
}

// is reports whether s is a spelling of the word.
func (w word) is(s string) bool {
	f := fold(s)
	for _, sp := range w.spellings() {
		if fold(sp) == f {
			return true
		}
	}
	return false
}

// findWord returns the word of ws that s spells.
func findWord(ws []word, s string) (word, bool) {
	for _, w := range ws {
		if w.is(s) {
			return w, true
		}
	}
	return word{}, false
}

// allSpellings returns every spelling of ws, each followed by suffix.
func allSpellings(ws []word, suffix string) []string {
	var out []string
	for _, w := range ws {
		for _, sp := range w.spellings() {
			out = append(out, sp+suffix)
		}
	}
	return out
}

// showList joins the words as shown in the language, each followed by suffix.
func showList(ws []word, l engine.Lang, suffix string) string {
	shown := make([]string, len(ws))
	for i, w := range ws {
		shown[i] = w.show(l) + suffix
	}
	return strings.Join(shown, ", ")
}

// verb is a verb of the language and the subjects it takes (none for verbs
// that take no subject).
type verb struct {
	word
	subjects []word
}

// verbs lists every verb the language recognises, implemented or not.
var verbs = []verb{
	{word{"where", []string{"dove"}}, []word{
		{"concentration", []string{"concentrazione"}},
		{"underserved", []string{"sottoservito", "sottoserviti", "scoperti"}},
		{"served", []string{"servito"}},
		{"overlap", []string{"sovrapposizione"}},
		{"gap", []string{"divario"}},
		{"locate", []string{"localizza"}},
		{"reach", []string{"raggiungi"}},
		{"priority", []string{"priorità", "priorita"}},
	}},
	{word{"howmuch", []string{"quanti", "quanto"}}, []word{
		{"demand", []string{"domanda"}},
		{"centers", []string{"centri"}},
		{"capacity", []string{"capacità"}},
	}},
	{word{"which", []string{"quale", "quali"}}, []word{
		{"center", []string{"centro"}},
		{"saturation", []string{"saturazione"}},
		{"partners", []string{"partner"}},
		{"alternatives", []string{"alternative"}},
	}},
	{word{"when", []string{"quando"}}, []word{
		{"route", []string{"percorso"}},
		{"saturation", []string{"saturazione"}},
	}},
	{word{"compare", []string{"confronta"}}, nil},
	{word{"profile", []string{"profilo"}}, nil},
	{word{"allocate", []string{"ripartisci"}}, nil},
	{word{"dossier", nil}, nil},
	{word{"factsheet", []string{"scheda"}}, nil},
	{word{"help", []string{"aiuto"}}, nil},
	{word{"explain", []string{"spiega"}}, nil},
}

// keys lists every key the language recognises; each question takes some.
var keys = []word{
	{"target", nil},
	{"service", []string{"servizio"}},
	{"radius", []string{"raggio"}},
	{"area", []string{"zona"}},
	{"year", []string{"anno"}},
	{"level", []string{"livello"}},
	{"top", []string{"primi"}},
	{"count", []string{"numero"}},
	{"coverage", []string{"copertura"}},
	{"template", []string{"modello"}},
	{"from", []string{"da"}},
	{"budget", nil},
	{"at", []string{"presso"}},
	{"visits", []string{"visite"}},
	{"lang", []string{"lingua"}},
}

// key returns the key word with the English name; it panics on a name
// missing from keys, which is a mistake in the tables.
func key(name string) word {
	for _, k := range keys {
		if k.en == name {
			return k
		}
	}
	panic("dsl: no key " + name)
}

// question is an implemented question: a verb and subject, the keys it
// takes, and the function that checks its arguments into a plan.
type question struct {
	verb, subject string // English names; subject is "" for verbs without one
	params        []param
	check         func(c *checker, a args) engine.Plan
}

// param is a key a question takes.
type param struct {
	key      string                            // English name of the key
	required bool                              // missing it is an error
	example  func(v *engine.Vocabulary) string // a value to show when it is missing
}

// questions lists the implemented questions. A recognised verb and subject
// with no row here is reported as not available yet.
var questions = []question{
	{
		verb: "where", subject: "underserved",
		params: []param{
			{key: "target", required: true, example: exampleTarget},
			{key: "service"},
			{key: "radius", required: true, example: func(*engine.Vocabulary) string { return "800m" }},
			{key: "area"},
			{key: "level"},
			{key: "year"},
			{key: "top"},
		},
		check: checkUnderserved,
	},
	{
		verb: "howmuch", subject: "demand",
		params: []param{
			{key: "target", required: true, example: exampleTarget},
			{key: "area"},
			{key: "year"},
		},
		check: checkDemand,
	},
}

// exampleTarget is the vocabulary's first target, to show in messages.
func exampleTarget(v *engine.Vocabulary) string {
	if len(v.Targets) > 0 {
		return v.Targets[0].Slug
	}
	return "anziani-soli"
}

// keyWords returns the key words a question takes.
func (q *question) keyWords() []word {
	ws := make([]word, len(q.params))
	for i, p := range q.params {
		ws[i] = key(p.key)
	}
	return ws
}

// findQuestion returns the implemented question for a verb and subject.
func findQuestion(verb, subject string) *question {
	for i := range questions {
		if questions[i].verb == verb && questions[i].subject == subject {
			return &questions[i]
		}
	}
	return nil
}
