package question

import "strconv"

// Word is a term of the question language: its English spelling, which is
// the canonical one, and its Italian spellings (the first is the one shown
// to Italian readers). The dsl matches words case- and accent-insensitively.
type Word struct {
	EN string
	IT []string
}

// Show returns the spelling shown to readers of the language.
func (w Word) Show(l Lang) string {
	if l == Italian && len(w.IT) > 0 {
		return w.IT[0]
	}
	return w.EN
}

// Spellings returns every spelling of the word, English first.
func (w Word) Spellings() []string { return append([]string{w.EN}, w.IT...) }

// VerbWord is a verb and the subjects it takes (none for verbs without one).
type VerbWord struct {
	Word
	Subjects []Word
}

// Verbs lists every verb of the language. The dsl parses them; help lists them.
var Verbs = []VerbWord{
	{Word{"where", []string{"dove"}}, []Word{
		{"concentration", []string{"concentrazione"}},
		{"underserved", []string{"sottoservito", "sottoserviti", "scoperti"}},
		{"served", []string{"servito", "bacino"}},
		{"overlap", []string{"sovrapposizione", "sovrapposizioni"}},
		{"gap", []string{"divario"}},
		{"locate", []string{"localizza"}},
		{"reach", []string{"raggiungi"}},
		{"priority", []string{"priorità", "priorita"}},
	}},
	{Word{"howmuch", []string{"quanti", "quanto", "quante", "quanta"}}, []Word{
		{"demand", []string{"domanda"}},
		{"centers", []string{"centri"}},
		{"capacity", []string{"capacità"}},
	}},
	{Word{"which", []string{"quale", "quali"}}, []Word{
		{"center", []string{"centro"}},
		{"saturation", []string{"saturazione"}},
		{"partners", []string{"partner"}},
		{"alternatives", []string{"alternative"}},
	}},
	{Word{"when", []string{"quando"}}, []Word{
		{"route", []string{"percorso"}},
		{"saturation", []string{"saturazione"}},
	}},
	{Word{"compare", []string{"confronta"}}, nil},
	{Word{"profile", []string{"profilo"}}, nil},
	{Word{"allocate", []string{"ripartisci"}}, nil},
	{Word{"dossier", nil}, nil},
	{Word{"factsheet", []string{"scheda"}}, nil},
	{Word{"help", []string{"aiuto"}}, nil},
	{Word{"explain", []string{"spiega"}}, nil},
}

// Keys lists every key of the language; each question takes some.
var Keys = []Word{
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
	{"time", []string{"tempo"}},
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
)

// Questions lists every question of the language with its keys.
var Questions = []QuestionSpec{
	{"where", "concentration", []KeySpec{kTarget, kArea, kLevel, kYear, kTop}},
	{"where", "underserved", []KeySpec{kTarget, kServices, {Key: "radius", Required: true, Value: "800m"}, kArea, kLevel, kYear, kTop}},
	{"where", "served", []KeySpec{{Key: "from", Required: true, Value: "centro-anziani-001"}, kTarget, kRadius, kYear}},
	{"where", "overlap", []KeySpec{kService, kTarget, kRadius, kArea, kLevel, kYear, kTop}},
	{"where", "gap", []KeySpec{kService, kArea, kLevel, kYear, kTop}},
	{"where", "locate", []KeySpec{kService, kTarget, {Key: "count", Example: true, Value: "3"}, {Key: "radius", Example: true, Value: "800m"}, kArea, kYear}},
	{"where", "reach", []KeySpec{kTarget, kArea, kLevel, kYear, kTop}},
	{"where", "priority", []KeySpec{kTarget, kServices, kArea, kLevel, kYear, kTop}},
	{"howmuch", "demand", []KeySpec{kTarget, kArea, kYear}},
	{"howmuch", "centers", []KeySpec{kService, kTarget, {Key: "coverage", Required: true, Value: "90%"}, kRadius, kArea, kYear}},
	{"howmuch", "capacity", []KeySpec{kService, kArea, kYear}},
	{"which", "center", []KeySpec{kService, {Key: "at", Example: true, Value: "45.46,9.19"}, kArea, kTop}},
	{"which", "saturation", []KeySpec{kService, kArea, kYear, kTop}},
	{"which", "partners", []KeySpec{kTarget, kAreaReq, kServices, kTop}},
	{"which", "alternatives", []KeySpec{kService, kAreaReq, kRadius, kYear, kTop}},
	{"when", "route", []KeySpec{{Key: "from", Required: true, Value: "centro-anziani-001"}, kAreaReq, kTarget, {Key: "visits", Example: true, Value: "12"}, {Key: "time", Value: "90min"}, kYear}},
	{"when", "saturation", []KeySpec{kService, kArea, {Key: "year", Example: true, Value: "range"}}},
	{"compare", "", []KeySpec{{Key: "area", Required: true, Value: "pair"}, {Key: "target", Required: true}, kYear}},
	{"profile", "", []KeySpec{kAreaReq, kYear}},
	{"allocate", "", []KeySpec{{Key: "budget", Required: true, Value: "500000"}, kTarget, {Key: "level", Example: true, Value: "nil"}, kArea, kYear}},
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
