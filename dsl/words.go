package dsl

import (
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// The words of the language (verbs, subjects, keys, with their English and
// Italian spellings) and the keys each question takes live in engine
// (question.Verbs, question.Keys, question.Questions), because `help` lists them
// too. Words match folded (see fold), so case and accents do not matter.
type word = question.Word

// is reports whether s is a spelling of the word.
func is(w word, s string) bool { return isFolded(w, fold(s)) }

// isFolded reports whether f, folded, is a spelling of the word.
func isFolded(w word, f string) bool {
	if foldSpelling(w.EN) == f {
		return true
	}
	for _, sp := range w.IT {
		if foldSpelling(sp) == f {
			return true
		}
	}
	for _, sp := range w.More {
		if foldSpelling(sp) == f {
			return true
		}
	}
	return false
}

// findWord returns the word of ws that s spells.
func findWord(ws []word, s string) (word, bool) {
	f := fold(s)
	for _, w := range ws {
		if isFolded(w, f) {
			return w, true
		}
	}
	return word{}, false
}

// foldedSpellings holds every spelling of the language's words folded, so
// that matching a typed word folds only what was typed.
var foldedSpellings = func() map[string]string {
	m := map[string]string{}
	add := func(w word) {
		for _, sp := range w.Spellings() {
			m[sp] = fold(sp)
		}
	}
	for _, v := range question.Verbs {
		add(v.Word)
		for _, s := range v.Subjects {
			add(s)
		}
	}
	for _, k := range question.Keys {
		add(k)
	}
	return m
}()

// foldSpelling returns a spelling folded, from foldedSpellings when it is there.
func foldSpelling(sp string) string {
	if f, ok := foldedSpellings[sp]; ok {
		return f
	}
	return fold(sp)
}

// allSpellings returns every spelling of ws, each followed by suffix.
func allSpellings(ws []word, suffix string) []string {
	var out []string
	for _, w := range ws {
		for _, sp := range w.Spellings() {
			out = append(out, sp+suffix)
		}
	}
	return out
}

// showList joins the words as shown in the language, each followed by suffix.
func showList(ws []word, l question.Lang, suffix string) string {
	shown := make([]string, len(ws))
	for i, w := range ws {
		shown[i] = w.Show(l) + suffix
	}
	return strings.Join(shown, ", ")
}

// key returns the key word with the English name.
func key(name string) word { return question.KeyWord(name) }

// questionDef is a question of the language: its verb, subject and keys (from
// question.Questions) and the function that checks its arguments into a plan.
type questionDef struct {
	question.QuestionSpec
	check func(c *checker, a args) question.Plan
}

// checks maps "verb subject" (English) to the function checking the question.
var checks = map[string]func(c *checker, a args) question.Plan{
	"where concentration": checkConcentration,
	"where underserved":   checkUnderserved,
	"where served":        checkServed,
	"where overlap":       checkOverlap,
	"where gap":           checkGap,
	"where locate":        checkLocate,
	"where reach":         checkReach,
	"where priority":      checkPriority,
	"howmuch demand":      checkDemand,
	"howmuch centers":     checkCenters,
	"howmuch capacity":    checkCapacity,
	"which center":        checkCenter,
	"which saturation":    checkWhichSaturation,
	"which partners":      checkPartners,
	"which alternatives":  checkAlternatives,
	"when route":          checkRoute,
	"when saturation":     checkWhenSaturation,
	"compare":             checkCompare,
	"profile":             checkProfile,
	"allocate":            checkAllocate,
	"dossier":             checkDossier,
	"factsheet":           checkFactsheet,
}

// exampleTarget is a target of the vocabulary, to show in messages.
func exampleTarget(v *question.Vocabulary) string {
	return question.ExampleValue(question.KeySpec{Key: "target"}, v)
}

// keyWords returns the key words a question takes.
func (q *questionDef) keyWords() []word {
	ws := make([]word, len(q.Keys))
	for i, p := range q.Keys {
		ws[i] = key(p.Key)
	}
	return ws
}

// findQuestion returns the question for a verb and subject (English names).
func findQuestion(verb, subject string) *questionDef {
	name := strings.TrimSpace(verb + " " + subject)
	check := checks[name]
	if check == nil {
		return nil
	}
	for _, q := range question.Questions {
		if q.Verb == verb && q.Subject == subject {
			return &questionDef{q, check}
		}
	}
	return nil
}
