package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/welfare-intelligence/wi/question"
)

// Compile is Parse then Check.
func Compile(src string, v *question.Vocabulary) (question.Plan, error) {
	q, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Check(q, v)
}

// Check resolves a parsed question against the vocabulary into a typed plan,
// with every default filled in. The error, if any, is an ErrorList holding
// every problem found, in source order.
func Check(q *Question, v *question.Vocabulary) (question.Plan, error) {
	if v == nil {
		v = &question.Vocabulary{}
	}
	if q != nil && askedKey(q.Args) != nil {
		c := &checker{v: v, lang: questionLang(q)}
		plan := c.listing(q)
		if len(c.errs) > 0 {
			c.errs.setLang(c.lang)
			return nil, c.errs
		}
		return plan, nil
	}
	if q == nil || q.Verb == nil && q.Explain == nil {
		return nil, ErrorList{errorf(lexer.Position{Line: 1, Column: 1}, "domanda vuota", "empty question")}
	}
	c := &checker{v: v, lang: questionLang(q)}
	plan := c.check(q)
	if len(c.errs) > 0 {
		c.errs.setLang(c.lang)
		sort.SliceStable(c.errs, func(i, j int) bool {
			ei, ej := c.errs[i], c.errs[j]
			return ei.Line < ej.Line || ei.Line == ej.Line && ei.Col < ej.Col
		})
		return nil, c.errs
	}
	return plan, nil
}

// check checks a question, explain and help included.
func (c *checker) check(q *Question) question.Plan {
	if q.Explain != nil {
		if q.Verb == nil {
			ex := "where underserved target=" + exampleTarget(c.v) + " radius=800m"
			c.add(after(q.Explain.Pos, q.Explain.Text),
				fmt.Sprintf("manca la domanda dopo %q; per esempio %s dove sottoservito target=%s raggio=800m", q.Explain.Text, q.Explain.Text, exampleTarget(c.v)),
				fmt.Sprintf("missing the question after %q; for example %s %s", q.Explain.Text, q.Explain.Text, ex))
			return nil
		}
		inner := *q
		inner.Explain = nil
		p := c.check(&inner)
		if p == nil {
			return nil
		}
		return &question.Explain{Plan: p}
	}
	vb, ok := findVerb(q.Verb.Text)
	if !ok {
		c.unknownVerb(q.Verb)
		return nil
	}
	if vb.EN == "help" {
		return c.help(q)
	}
	def := c.question(q, vb)
	if def != nil && q.Detail != nil && c.detailUsed != q.Detail {
		c.add(q.Detail.Pos,
			fmt.Sprintf("%q inatteso: atteso chiave=valore", q.Detail.Text),
			fmt.Sprintf("unexpected %q: expected key=value", q.Detail.Text))
		return nil
	}
	if c.listed != nil {
		return c.listed
	}
	if def == nil {
		return nil
	}
	a := c.args(q, def)
	c.subjectTarget(a)
	plan := def.check(c, a)
	if r, ok := plan.(question.Ranked); ok {
		legacy := ""
		switch p := plan.(type) {
		case *question.WhereConcentration:
			legacy = p.Sort
		case *question.Underserved:
			legacy = p.Sort
		}
		c.ordering(a, r, strings.TrimSpace(def.Verb+" "+def.Subject), legacy)
	}
	c.missing(def, a)
	return plan
}

// help checks `help [verb]` and `help <topic> [target=…]`.
func (c *checker) help(q *Question) question.Plan {
	p := &question.Help{}
	if q.Subject != nil {
		if w, ok := findWord(question.HelpTopics, q.Subject.Text); ok {
			return c.topic(q, w.EN)
		}
		var words []word
		for _, v := range question.Verbs {
			words = append(words, v.Word)
		}
		if w, ok := findWord(words, q.Subject.Text); ok {
			p.Verb = w.EN
			if q.Detail != nil {
				p.Subject = c.helpSubject(w.EN, q.Detail)
			}
		} else {
			all := append(words[:len(words):len(words)], question.HelpTopics...)
			c.add(q.Subject.Pos,
				fmt.Sprintf("aiuto su %q sconosciuto", q.Subject.Text)+wordHint(q.Subject.Text, all, question.Italian, "", "verbi ed elenchi"),
				fmt.Sprintf("no help on %q", q.Subject.Text)+wordHint(q.Subject.Text, all, question.English, "", "verbs and lists"))
		}
	}
	if len(q.Args) > 0 {
		a := q.Args[0]
		c.add(a.Pos, fmt.Sprintf("%q non vuole chiavi: scrivi %s [verbo]", q.Verb.Text, q.Verb.Text),
			fmt.Sprintf("%q takes no keys: write %s [verb]", q.Verb.Text, q.Verb.Text))
	}
	return p
}

// checker holds what Check has found so far.
type checker struct {
	v    *question.Vocabulary
	errs ErrorList
	lang question.Lang // the question's language, "" when its words do not say
	// filled holds the required keys a check took from a default (the
	// service's only target): they are not missing.
	filled map[string]bool
	// subject is target= written as the subject of a plain question
	// (`quanti anziani` is `quanti domanda target=anziani`).
	subject *Arg
	// listed is the listing a which question asks (`quali servizi`).
	listed question.Plan
	// detailUsed is the question's third word when it belongs to a plain
	// subject (`quanti anziani soli`).
	detailUsed *Word
	// legacySort: sort= named an order `where concentration` or `where
	// underserved` computes itself.
	legacySort bool
	name       string // the question as typed, e.g. "dove sottoservito"
	end        lexer.Position
}

// add records an error.
func (c *checker) add(pos lexer.Position, it, en string) {
	c.errs = append(c.errs, errorf(pos, it, en))
}

// args is the arguments of a question by the English name of their key.
type args map[string]*Arg

// question finds the implemented question q asks, or records why there is none.
func (c *checker) question(q *Question, vb question.VerbWord) *questionDef {
	name, subject := q.Verb.Text, ""
	if len(vb.Subjects) > 0 {
		if q.Subject == nil {
			c.add(after(q.Verb.Pos, q.Verb.Text),
				fmt.Sprintf("manca il soggetto dopo %q: %s", q.Verb.Text, showList(vb.Subjects, question.Italian, "")),
				fmt.Sprintf("missing subject after %q: %s", q.Verb.Text, showList(vb.Subjects, question.English, "")))
			return nil
		}
		s, ok := findWord(vb.Subjects, q.Subject.Text)
		if !ok && vb.EN == "howmuch" {
			s, ok = c.plainSubject(q)
		}
		if w, isTopic := findWord(question.HelpTopics, q.Subject.Text); !ok && isTopic && vb.EN == "which" {
			c.listed = c.topic(q, w.EN) // quali servizi target=anziani
			return nil
		}
		if !ok {
			if c.unknownPlainSubject(q, vb) {
				return nil
			}
			it := fmt.Sprintf("soggetto sconosciuto %q per %q", q.Subject.Text, q.Verb.Text)
			en := fmt.Sprintf("unknown subject %q for %q", q.Subject.Text, q.Verb.Text)
			it += wordHint(q.Subject.Text, vb.Subjects, question.Italian, "", "soggetti")
			en += wordHint(q.Subject.Text, vb.Subjects, question.English, "", "subjects")
			c.add(q.Subject.Pos, it, en)
			return nil
		}
		name, subject = name+" "+q.Subject.Text, s.EN
	}
	def := findQuestion(vb.EN, subject)
	if def == nil {
		c.add(q.Verb.Pos,
			fmt.Sprintf("la domanda %q non è ancora disponibile", name),
			fmt.Sprintf("%q is not available yet", name))
		return nil
	}
	if subject == "" && q.Subject != nil {
		c.add(q.Subject.Pos,
			fmt.Sprintf("%q inatteso: atteso chiave=valore", q.Subject.Text),
			fmt.Sprintf("unexpected %q: expected key=value", q.Subject.Text))
		return nil
	}
	c.name = name
	c.end = q.end()
	return def
}

// findVerb returns the verb s spells.
func findVerb(s string) (question.VerbWord, bool) {
	for _, v := range question.Verbs {
		if is(v.Word, s) {
			return v, true
		}
	}
	return question.VerbWord{}, false
}

// unknownVerb records an unknown verb, with a suggestion: a verb spelt
// nearly the same, or the verb to put before a subject typed without one.
func (c *checker) unknownVerb(w *Word) {
	it := fmt.Sprintf("verbo sconosciuto %q", w.Text)
	en := fmt.Sprintf("unknown verb %q", w.Text)
	var words []word
	for _, v := range question.Verbs {
		words = append(words, v.Word)
	}
	if sug, ok := verbForSubject(w.Text); ok {
		it += fmt.Sprintf("; forse intendevi %q?", sug)
		en += fmt.Sprintf("; did you mean %q?", sug)
	} else {
		it += wordHint(w.Text, words, question.Italian, "", "verbi")
		en += wordHint(w.Text, words, question.English, "", "verbs")
	}
	c.add(w.Pos, it, en)
}

// verbForSubject returns "verb subject" when s is a subject, with the verb in
// the language the subject is spelt in.
func verbForSubject(s string) (string, bool) {
	for _, v := range question.Verbs {
		if w, ok := findWord(v.Subjects, s); ok {
			if fold(w.EN) == fold(s) {
				return v.EN + " " + s, true
			}
			return v.Show(question.Italian) + " " + s, true
		}
	}
	return "", false
}

// args checks the keys of q against the question: each must be one it takes,
// and appear once.
func (c *checker) args(q *Question, def *questionDef) args {
	a := args{}
	kws := def.keyWords()
	known := append(kws[:len(kws):len(kws)], def.extraKeyWords()...)
	for _, arg := range q.Args {
		if arg.Value == nil || len(arg.Value.Items) == 0 { // only in a hand-built Question
			c.add(after(arg.Pos, arg.Key),
				fmt.Sprintf("manca il valore dopo %q", arg.Key), fmt.Sprintf("expected a value after %q", arg.Key))
			continue
		}
		k, ok := findWord(known, arg.Name())
		if !ok {
			c.unknownKey(arg, kws)
			continue
		}
		if _, dup := a[k.EN]; dup {
			c.add(arg.Pos, fmt.Sprintf("chiave %q ripetuta", arg.Key), fmt.Sprintf("repeated key %q", arg.Key))
			continue
		}
		a[k.EN] = arg
	}
	return a
}

// unknownKey records a key the question does not take.
func (c *checker) unknownKey(arg *Arg, kws []word) {
	var it, en string
	if _, known := findWord(question.Keys, arg.Name()); known {
		it = fmt.Sprintf("la chiave %q non vale per %q", arg.Key, c.name)
		en = fmt.Sprintf("key %q does not apply to %q", arg.Key, c.name)
	} else {
		it = fmt.Sprintf("chiave sconosciuta %q per %q", arg.Key, c.name)
		en = fmt.Sprintf("unknown key %q for %q", arg.Key, c.name)
	}
	it += wordHint(arg.Name(), kws, question.Italian, "=", "chiavi")
	en += wordHint(arg.Name(), kws, question.English, "=", "keys")
	c.add(arg.Pos, it, en)
}

// missing records the required keys the question lacks, at its end.
func (c *checker) missing(def *questionDef, a args) {
	for _, p := range def.Keys {
		if !p.Required || a[p.Key] != nil || c.filled[p.Key] {
			continue
		}
		k := key(p.Key)
		ex := question.ExampleValue(p, c.v)
		kit, ken := k.Show(question.Italian)+"=", k.Show(question.English)+"="
		c.add(c.end,
			fmt.Sprintf("manca %s; per esempio %s%s", kit, kit, ex),
			fmt.Sprintf("missing %s; for example %s%s", ken, ken, ex))
	}
}
