package question

import (
	"slices"
	"strconv"
)

// Word is a term of the question language: its English spelling, which is
// the canonical one, and its Italian spellings (the first is the one shown
// to Italian readers). The dsl matches words case- and accent-insensitively.
type Word struct {
	EN string
	IT []string
	// More are further English spellings (synonyms such as "by" for
	// level): accepted, never shown.
	More []string
}

// Show returns the spelling shown to readers of the language.
func (w Word) Show(l Lang) string {
	if l == Italian && len(w.IT) > 0 {
		return w.IT[0]
	}
	return w.EN
}

// Spellings returns every spelling of the word, English first.
func (w Word) Spellings() []string {
	out := []string{w.EN}
	for _, sp := range append(w.IT[:len(w.IT):len(w.IT)], w.More...) {
		if !slices.Contains(out, sp) {
			out = append(out, sp)
		}
	}
	return out
}

// LangOf returns the language a spelling of the word belongs to: English
// for EN and More, Italian for IT, "" when it is spelt the same in both
// (target, budget, dossier) or is no spelling of the word. Spellings are
// compared as given: the caller folds them alike.
func (w Word) LangOf(spelling string, same func(a, b string) bool) Lang {
	en := same(w.EN, spelling)
	for _, m := range w.More {
		en = en || same(m, spelling)
	}
	it := false
	for _, sp := range w.IT {
		it = it || same(sp, spelling)
	}
	switch {
	case en && !it && len(w.IT) > 0:
		return English
	case it && !en:
		return Italian
	}
	return ""
}

// VerbWord is a verb and the subjects it takes (none for verbs without one).
type VerbWord struct {
	Word
	Subjects []Word
}

// Verbs lists every verb of the language. The dsl parses them; help lists them.
var Verbs = []VerbWord{
	{Word{EN: "where", IT: []string{"dove"}}, []Word{
		{EN: "concentration", IT: []string{"concentrazione"}},
		{EN: "underserved", IT: []string{"sottoservito", "sottoserviti", "scoperti"}},
		{EN: "served", IT: []string{"servito", "bacino"}},
		{EN: "overlap", IT: []string{"sovrapposizione", "sovrapposizioni"}},
		{EN: "gap", IT: []string{"divario"}},
		{EN: "locate", IT: []string{"localizza"}},
		{EN: "reach", IT: []string{"raggiungi"}},
		{EN: "priority", IT: []string{"priorità", "priorita"}},
	}},
	{Word{EN: "howmuch", IT: []string{"quanti", "quanto", "quante", "quanta"}, More: []string{"how many", "how much"}}, []Word{
		{EN: "demand", IT: []string{"domanda"}},
		{EN: "centers", IT: []string{"centri"}},
		{EN: "capacity", IT: []string{"capacità"}},
	}},
	{Word{EN: "which", IT: []string{"quale", "quali"}}, []Word{
		{EN: "center", IT: []string{"centro"}},
		{EN: "saturation", IT: []string{"saturazione"}},
		{EN: "partners", IT: []string{"partner"}},
		{EN: "alternatives", IT: []string{"alternative"}},
	}},
	{Word{EN: "when", IT: []string{"quando"}}, []Word{
		{EN: "route", IT: []string{"percorso"}},
		{EN: "saturation", IT: []string{"saturazione"}},
	}},
	{Word{EN: "compare", IT: []string{"confronta"}}, nil},
	{Word{EN: "profile", IT: []string{"profilo"}}, nil},
	{Word{EN: "allocate", IT: []string{"ripartisci"}}, nil},
	{Word{EN: "dossier", IT: nil}, nil},
	{Word{EN: "factsheet", IT: []string{"scheda"}}, nil},
	{Word{EN: "help", IT: []string{"aiuto"}}, nil},
	{Word{EN: "explain", IT: []string{"spiega"}}, nil},
}

// Keys lists every key of the language; each question takes some.
var Keys = []Word{
	{EN: "target", IT: nil},
	{EN: "service", IT: []string{"servizio"}},
	{EN: "radius", IT: []string{"raggio"}},
	{EN: "area", IT: []string{"zona", "area"}}, // area is Italian too: it says no language
	{EN: "year", IT: []string{"anno"}},
	{EN: "level", IT: []string{"livello", "per"}, More: []string{"by"}},
	{EN: "top", IT: []string{"primi"}},
	{EN: "count", IT: []string{"numero"}},
	{EN: "coverage", IT: []string{"copertura"}},
	{EN: "template", IT: []string{"modello"}},
	{EN: "from", IT: []string{"da"}},
	{EN: "budget", IT: nil},
	{EN: "at", IT: []string{"presso", "vicino"}, More: []string{"near"}},
	{EN: "visits", IT: []string{"visite"}},
	{EN: "time", IT: []string{"tempo"}},
	{EN: "sort", IT: []string{"ordina", "ordinamento"}, More: []string{"rank"}},
	{EN: "order", IT: []string{"verso"}, More: []string{"direction"}},
}

// KeyWord returns the key with the English name; it panics on a name missing
// from Keys, which is a mistake in the tables.
func KeyWord(name string) Word {
	for _, k := range Keys {
		if k.EN == name {
			return k
		}
	}
	panic("engine: no key " + name)
}

// KeySpec is a key a question takes.
type KeySpec struct {
	Key      string // English name
	Required bool   // missing it is an error
	Example  bool   // shown in the question's example even when optional
	Value    string // example value; "" takes one from the vocabulary (ExampleValue)
}

// QuestionSpec is a question of the language: verb, subject ("" for verbs
// without one) and the keys it takes, in canonical order.
type QuestionSpec struct {
	Verb, Subject string
	Keys          []KeySpec
}

var (
	kTarget   = KeySpec{Key: "target", Required: true}
	kService  = KeySpec{Key: "service", Required: true}
	kArea     = KeySpec{Key: "area"}
	kAreaReq  = KeySpec{Key: "area", Required: true}
	kLevel    = KeySpec{Key: "level"}
	kYear     = KeySpec{Key: "year"}
	kTop      = KeySpec{Key: "top"}
	kRadius   = KeySpec{Key: "radius"}
	kServices = KeySpec{Key: "service"}
	kSort     = KeySpec{Key: "sort"}
	kOrder    = KeySpec{Key: "order"}
)

// Questions lists every question of the language with its keys.
var Questions = []QuestionSpec{
	{"where", "concentration", []KeySpec{kTarget, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"where", "underserved", []KeySpec{kTarget, kServices, {Key: "radius", Required: true, Value: "800m"}, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"where", "served", []KeySpec{{Key: "from", Required: true, Value: "centro-anziani-001"}, kTarget, kRadius, kYear, kSort, kOrder}},
	{"where", "overlap", []KeySpec{kService, kTarget, kRadius, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"where", "gap", []KeySpec{kService, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"where", "locate", []KeySpec{kService, kTarget, {Key: "count", Example: true, Value: "3"}, {Key: "radius", Example: true, Value: "800m"}, kArea, kYear}},
	{"where", "reach", []KeySpec{kTarget, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"where", "priority", []KeySpec{kTarget, kServices, kArea, kLevel, kYear, kTop, kSort, kOrder}},
	{"howmuch", "demand", []KeySpec{kTarget, kArea, kYear}},
	{"howmuch", "centers", []KeySpec{kService, kTarget, {Key: "coverage", Required: true, Value: "90%"}, kRadius, kArea, kYear, kTop}},
	{"howmuch", "capacity", []KeySpec{kService, kArea, kYear, kSort, kOrder}},
	{"which", "center", []KeySpec{kService, {Key: "at", Example: true, Value: "45.46,9.19"}, kArea, kTop, kSort, kOrder}},
	{"which", "saturation", []KeySpec{kService, kArea, kYear, kTop, kSort, kOrder}},
	{"which", "partners", []KeySpec{kTarget, kAreaReq, kServices, kTop, kSort, kOrder}},
	{"which", "alternatives", []KeySpec{kService, kAreaReq, kRadius, kYear, kTop, kSort, kOrder}},
	{"when", "route", []KeySpec{{Key: "from", Required: true, Value: "centro-anziani-001"}, kAreaReq, kTarget, {Key: "visits", Example: true, Value: "12"}, {Key: "time", Value: "90min"}, kYear}},
	{"when", "saturation", []KeySpec{kService, kArea, {Key: "year", Example: true, Value: "range"}, kSort, kOrder}},
	{"compare", "", []KeySpec{{Key: "area", Required: true, Value: "pair"}, {Key: "target", Required: true}, kYear, kSort, kOrder}},
	{"profile", "", []KeySpec{kAreaReq, kYear}},
	{"allocate", "", []KeySpec{{Key: "budget", Required: true, Value: "500000"}, kTarget, {Key: "level", Example: true, Value: "nil"}, kArea, kYear, kSort, kOrder}},
	{"dossier", "", []KeySpec{kTarget, kAreaReq, {Key: "template", Example: true, Value: "cariplo"}, kYear}},
	{"factsheet", "", []KeySpec{kTarget, kAreaReq, kYear}},
	{"help", "", nil},
	{"explain", "", nil},
}

// Templates are the built-in dossier templates a question may name; the first
// is the default. reports/pdf embeds one file for each, and also reads user
// templates from a directory (wi dossier --templates DIR).
var Templates = []string{"generico", "cariplo", "fondazione-comunita"}

// ExampleValue returns a value of the key to show in messages and help,
// taken from the vocabulary where the key names something: a target served
// by a service, a service serving that target, a municipio.
func ExampleValue(k KeySpec, v *Vocabulary) string {
	switch {
	case k.Value == "pair":
		a := exampleAreas(v)
		if len(a) > 1 {
			return Token(a[0]) + "," + Token(a[1])
		}
		return "municipio-1,municipio-2"
	case k.Value == "range":
		if len(v.Years) > 1 {
			return strconv.Itoa(v.Years[0]) + ".." + strconv.Itoa(v.Years[len(v.Years)-1])
		}
		return "2020..2024"
	case k.Value != "":
		return k.Value
	}
	target, service := exampleTargetService(v)
	switch k.Key {
	case "target":
		return Token(target)
	case "service":
		return Token(service)
	case "area":
		if a := exampleAreas(v); len(a) > 0 {
			return Token(a[len(a)-1])
		}
		return "municipio-9"
	case "radius":
		return "800m"
	case "year":
		return strconv.Itoa(v.DefaultYear)
	case "level":
		return LevelNIL
	case "top":
		return "10"
	}
	return ""
}

// exampleTargetService returns the target most services serve (the first
// of equals), and the first service serving it.
func exampleTargetService(v *Vocabulary) (string, string) {
	best, services := "", []string(nil)
	for _, t := range v.Targets {
		if s := v.ServicesFor(t.Slug); len(s) > len(services) {
			best, services = t.Slug, s
		}
	}
	if best != "" {
		return best, services[0]
	}
	if len(v.Targets) > 0 {
		return v.Targets[0].Slug, "centro-anziani"
	}
	return "anziani-soli", "centro-anziani"
}

// exampleAreas returns the slugs of the municipi (NILs when there are none).
func exampleAreas(v *Vocabulary) []string {
	var mun, nils []string
	for _, a := range v.Areas {
		switch a.Level {
		case LevelMunicipio:
			mun = append(mun, a.Slug)
		case LevelNIL:
			nils = append(nils, a.Slug)
		}
	}
	if len(mun) > 0 {
		return mun
	}
	return nils
}

// VerbAsWord returns the verb of the question as a word of both languages.
func (q QuestionSpec) VerbAsWord() Word {
	for _, v := range Verbs {
		if v.EN == q.Verb {
			return v.Word
		}
	}
	return Word{EN: q.Verb}
}
