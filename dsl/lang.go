package dsl

import (
	"fmt"
	"slices"

	"github.com/welfare-intelligence/wi/question"
)

// The language of a question is read from its words: the verb counts twice,
// the subject and every key once; words spelt the same in both languages
// (target, budget, dossier) do not count. A question with as much Italian
// as English, or no word of the language, has no language ("").

// questionLang returns the language of a parsed question.
func questionLang(q *Question) question.Lang {
	var verb, subject string
	if q.Verb != nil {
		verb = q.Verb.Text
	} else if q.Explain != nil {
		verb = q.Explain.Text
	}
	if q.Subject != nil {
		subject = q.Subject.Text
	}
	keys := make([]string, 0, len(q.Args))
	for _, a := range q.Args {
		keys = append(keys, a.Name())
	}
	return detectLang(verb, subject, keys)
}

// sourceLang returns the language of a question that may not parse, from
// its tokens: the first word is the verb, a second word before any key the
// subject, and the keys.
func sourceLang(src string) question.Lang {
	lx, err := lexDef.LexString("", src)
	if err != nil {
		return ""
	}
	var words, keys []string
	for {
		t, err := lx.Next()
		if err != nil || t.EOF() {
			break
		}
		switch t.Type {
		case symbols["Ident"]:
			if len(keys) == 0 && len(words) < 3 {
				words = append(words, t.Value)
			}
		case symbols["Key"]:
			keys = append(keys, t.Value[:len(t.Value)-1])
		}
	}
	if len(words) > 0 && is(explainVerb, words[0]) {
		words = words[1:]
	}
	var verb, subject string
	if len(words) > 0 {
		verb = words[0]
	}
	if len(words) > 1 {
		subject = words[1]
	}
	return detectLang(verb, subject, keys)
}

// detectLang weighs the words of a question.
func detectLang(verb, subject string, keys []string) question.Lang {
	it, en := 0, 0
	count := func(l question.Lang, weight int) {
		switch l {
		case question.Italian:
			it += weight
		case question.English:
			en += weight
		}
	}
	if verb != "" {
		f := fold(verb)
		if is(explainVerb, verb) {
			count(explainVerb.LangOf(f, sameFolded), 2)
		}
		for _, v := range question.Verbs {
			if isFolded(v.Word, f) {
				count(v.LangOf(f, sameFolded), 2)
				if subject != "" {
					if s, ok := findWord(v.Subjects, subject); ok {
						count(s.LangOf(fold(subject), sameFolded), 1)
					}
				}
				break
			}
		}
	}
	for _, k := range keys {
		if w, ok := findWord(question.Keys, k); ok {
			count(w.LangOf(fold(k), sameFolded), 1)
		}
	}
	switch {
	case it > en:
		return question.Italian
	case en > it:
		return question.English
	}
	return ""
}

// sameFolded compares a spelling of the tables with a folded typed word.
func sameFolded(spelling, folded string) bool { return foldSpelling(spelling) == folded }

// langOr returns the question's language, or l when it has none.
func langOr(q, l question.Lang) question.Lang {
	if q != "" {
		return q
	}
	return l
}

// spellingsIn returns the spellings of ws a reader of the language writes:
// the Italian ones (or the English one of a word with none) for Italian,
// the English ones for English.
func spellingsIn(ws []word, l question.Lang) []string {
	var out []string
	for _, w := range ws {
		if l == question.Italian && len(w.IT) > 0 {
			out = append(out, w.IT...)
			continue
		}
		out = append(out, w.EN)
		if l == question.English {
			out = append(out, w.More...)
		}
	}
	return out
}

// suggestWord returns the word of ws nearest to s, spelt in the language:
// the spelling that was nearest when it is one of the language, else the
// word as the language shows it (never an English word in an Italian
// message).
func suggestWord(s string, ws []word, l question.Lang) (string, bool) {
	sug, ok := suggest(s, allSpellings(ws, ""))
	if !ok {
		return "", false
	}
	if slices.Contains(spellingsIn(ws, l), sug) {
		return sug, true
	}
	w, _ := findWord(ws, sug)
	return w.Show(l), true
}

// setLang records the question's language on every error.
func (l ErrorList) setLang(lang question.Lang) {
	for _, e := range l {
		if e.lang == "" {
			e.lang = lang
		}
	}
}

// wordHint is what an error about an unknown word adds, in the language:
// "; forse intendevi "x"?" with the nearest word spelt in the language, or
// else the list of the words ("; chiavi: a=, b=").
func wordHint(s string, ws []word, l question.Lang, suffix, listName string) string {
	if sug, ok := suggestWord(s, ws, l); ok {
		return fmt.Sprintf(l.Pick("; forse intendevi %q?", "; did you mean %q?"), sug+suffix)
	}
	return "; " + listName + ": " + showList(ws, l, suffix)
}

// Lang returns the language a question is written in, from its verb,
// subject and keys ("" when its words are the same in both languages, or
// it does not lex): answers follow it unless the asker chose one.
func Lang(src string) question.Lang { return sourceLang(src) }
