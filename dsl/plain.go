package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/question"
)

// Plain questions: `quanti anziani zona=municipio-8`, `quante
// famiglie-numerose`, `how many anziani` name the target where the
// subject goes, and ask what `howmuch demand target=…` asks.

// plainSubject reads the subject of a howmuch question as a target: the
// question is howmuch demand, with the target as its target= (added to the
// arguments by subjectTarget).
func (c *checker) plainSubject(q *Question) (word, bool) {
	var t question.Target
	ok := false
	if q.Detail != nil { // two words: a name (quanti anziani soli)
		if t, ok = c.findTarget(q.Subject.Text + " " + q.Detail.Text); ok {
			c.detailUsed = q.Detail
		}
	}
	if !ok {
		t, ok = c.findTarget(q.Subject.Text)
	}
	if !ok {
		return word{}, false
	}
	text := t.Slug
	c.subject = &Arg{Pos: q.Subject.Pos, Key: "target=", Value: &Value{Pos: q.Subject.Pos, Items: []*Item{{Pos: q.Subject.Pos, Ident: &text}}}}
	for _, v := range question.Verbs {
		if v.EN == "howmuch" {
			for _, s := range v.Subjects {
				if s.EN == "demand" {
					return s, true
				}
			}
		}
	}
	return word{}, false
}

// subjectTarget adds the target of a plain question to its arguments; a
// target= besides it is one too many.
func (c *checker) subjectTarget(a args) {
	if c.subject == nil {
		return
	}
	if arg := a["target"]; arg != nil {
		c.add(arg.Pos,
			fmt.Sprintf("il target è già %q, scritto dopo %q: togli %s", *c.subject.Value.Items[0].Ident, c.name, arg.Key),
			fmt.Sprintf("the target is already %q, written after %q: drop %s", *c.subject.Value.Items[0].Ident, c.name, arg.Key))
		return
	}
	a["target"] = c.subject
}

// findTarget finds a target by slug or name (Italian or English), folded.
func (c *checker) findTarget(s string) (question.Target, bool) {
	if t, ok := c.v.Target(s); ok {
		return t, true
	}
	slug, _ := lookup(s, c.targetEntries())
	return c.v.Target(slug)
}

// unknownPlainSubject records an unknown subject of a howmuch question that
// is nearly a target, suggesting the plain question and its full form; it
// reports whether it did.
func (c *checker) unknownPlainSubject(q *Question, vb question.VerbWord) bool {
	if vb.EN != "howmuch" {
		return false
	}
	if _, ok := suggest(q.Subject.Text, allSpellings(vb.Subjects, "")); ok {
		return false // a misspelt subject: the usual message
	}
	var slugs []string
	for _, t := range c.v.Targets {
		slugs = append(slugs, t.Slug)
	}
	verb := q.Verb.Text
	demandIT, demandEN := "quanti domanda", "howmuch demand"
	if sug, ok := suggest(q.Subject.Text, slugs); ok {
		c.add(q.Subject.Pos,
			fmt.Sprintf("soggetto sconosciuto %q per %q; forse intendevi \"%s %s\", cioè %s target=%s?", q.Subject.Text, verb, verb, sug, demandIT, sug),
			fmt.Sprintf("unknown subject %q for %q; did you mean \"%s %s\", that is %s target=%s?", q.Subject.Text, verb, verb, sug, demandEN, sug))
		return true
	}
	ex := exampleTarget(c.v)
	c.add(q.Subject.Pos,
		fmt.Sprintf("soggetto sconosciuto %q per %q: scrivi %s, o un target, per esempio \"%s %s\" (cioè %s target=%s); i target: aiuto target",
			q.Subject.Text, verb, showList(vb.Subjects, question.Italian, ""), verb, ex, demandIT, ex),
		fmt.Sprintf("unknown subject %q for %q: write %s, or a target, e.g. \"%s %s\" (that is %s target=%s); the targets: help targets",
			q.Subject.Text, verb, showList(vb.Subjects, question.English, ""), verb, ex, demandEN, ex))
	return true
}
