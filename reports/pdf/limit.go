package pdf

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/welfare-intelligence/wi/question"
)

// Length limits. A call's online form takes each part of the application
// in a field of limited length; a template says, per section, how many
// characters the section's generated text may take (max_chars), and where
// the figure comes from (limits: the call's form, or a house default). The
// generated text is its paragraphs, list items, headlines and key messages
// with their citations — not tables, captions, notes or the writer's
// boxes. When the text is longer, the sentences of least priority are left
// out, whole: first the later sentences of each paragraph, from the end of
// the section, then whole paragraphs from the end; the first sentence of
// the section is always kept. The editable documents say the count under
// the section's heading ("1.850/2.000 caratteri") for the writer who edits
// the text.

// sectionLength is what a section's text came to: for tests and the
// editable documents.
type sectionLength struct {
	Section string
	Chars   int // characters of the text written
	Max     int // the limit; 0 = none
	Dropped int // sentences left out to stay within it
}

var trailingRefs = regexp.MustCompile(`\s\[(?:D|Q)\d+(?:, (?:D|Q)\d+)*\]$`)

// chars counts characters as a form does: runes.
func chars(s string) int { return utf8.RuneCountInString(s) }

// proseOf executes the prose of a section without drawing it, in the order
// it is drawn: the pieces its limit applies to.
func (r *report) proseOf(run *sectionRun) []string {
	var out []string
	add := func(blocks []Block, data *tplData, scope map[string]*answer) {
		for _, b := range blocks {
			switch {
			case len(b.Text) > 0:
				for _, para := range paragraphs(b.Text.In(r.lang)) {
					var used []*answer
					s, err := r.execText(para, data, scope, &used)
					if err != nil {
						continue
					}
					items, _ := splitParagraph(s, r.refs(used))
					out = append(out, items...)
				}
			case b.Headline != "":
				a, ok := scope[b.Headline]
				if !ok {
					a = r.global[b.Headline]
				}
				if a != nil && a.res != nil {
					out = append(out, a.cleanNames(a.res.Headline)+" "+r.refs([]*answer{a}))
				}
			case b.Box != nil && b.Box.Kind != "writer":
				items, _, err := r.boxItems(b.Box, data, scope)
				if err == nil {
					out = append(out, items...)
				}
			}
		}
	}
	add(run.sec.Blocks, &r.data, nil)
	if run.sec.Each != nil {
		if len(run.each) == 0 {
			if s := run.sec.Each.Empty.In(r.lang); s != "" {
				out = append(out, strings.Join(strings.Fields(s), " "))
			}
		}
		for _, e := range run.each {
			add(run.sec.Each.Blocks, &e.data, e.scope)
		}
	}
	return out
}

// splitParagraph is how an executed paragraph is drawn: a list when every
// line starts with "- " (the citations after the last item), running text
// otherwise; no pieces when it is empty.
func splitParagraph(s, refs string) (items []string, list bool) {
	var lines []string
	for _, ln := range strings.Split(s, "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			lines = append(lines, ln)
		}
	}
	if len(lines) == 0 {
		return nil, false
	}
	list = true
	for _, ln := range lines {
		list = list && strings.HasPrefix(ln, "- ")
	}
	if list {
		items = make([]string, len(lines))
		for i, ln := range lines {
			items[i] = strings.TrimPrefix(ln, "- ")
		}
		if refs != "" {
			items[len(items)-1] += " " + refs
		}
		return items, true
	}
	text := strings.Join(lines, " ")
	if refs != "" {
		text += " " + refs
	}
	return []string{text}, false
}

// fitSection decides which sentences of a section's prose to leave out so
// that it takes at most limit characters: r.cut maps each shortened piece to
// what is left of it ("" when nothing is).
func (r *report) fitSection(name string, pieces []string, limit int) sectionLength {
	total := 0
	for _, p := range pieces {
		total += chars(p)
	}
	res := sectionLength{Section: name, Chars: total, Max: limit}
	if limit <= 0 || total <= limit {
		return res
	}
	type sent struct {
		piece, i int
		text     string
	}
	split := make([][]string, len(pieces))
	refs := make([]string, len(pieces))
	var order []sent // least important first
	var firsts []sent
	for pi, p := range pieces {
		body := p
		if loc := trailingRefs.FindStringIndex(p); loc != nil {
			body, refs[pi] = p[:loc[0]], p[loc[0]:]
		}
		split[pi] = sentences(body)
		for si, s := range split[pi] {
			if si == 0 {
				firsts = append(firsts, sent{pi, si, s})
			} else {
				order = append(order, sent{pi, si, s})
			}
		}
	}
	// Later sentences from the end of the section, then the paragraphs'
	// first sentences from the end; never the section's first.
	slices.Reverse(order)
	slices.Reverse(firsts)
	order = append(order, firsts[:max(0, len(firsts)-1)]...)
	dropped := map[[2]int]bool{}
	length := func(pi int) int {
		var kept []string
		for si, s := range split[pi] {
			if !dropped[[2]int{pi, si}] {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			return 0
		}
		return chars(strings.Join(kept, " ") + refs[pi])
	}
	for _, s := range order {
		if total <= limit {
			break
		}
		before := length(s.piece)
		dropped[[2]int{s.piece, s.i}] = true
		total += length(s.piece) - before
		res.Dropped++
	}
	if r.cut == nil {
		r.cut = map[string]string{}
	}
	for pi, p := range pieces {
		var kept []string
		for si, s := range split[pi] {
			if !dropped[[2]int{pi, si}] {
				kept = append(kept, s)
			}
		}
		switch {
		case len(kept) == len(split[pi]):
		case len(kept) == 0:
			r.cut[p] = ""
		default:
			r.cut[p] = strings.Join(kept, " ") + refs[pi]
		}
	}
	res.Chars = total
	return res
}

// fitted is a piece of prose as the section's limit leaves it; ok is false
// when it is left out.
func (r *report) fitted(s string) (string, bool) {
	if v, cut := r.cut[s]; cut {
		return v, v != ""
	}
	return s, true
}

// lengthNote says a section's length against its limit, for the writer:
// "Testo generato: 1.850/2.000 caratteri (limite: …)".
func (r *report) lengthNote(n sectionLength) string {
	l := r.lang
	if n.Max <= 0 {
		return fmt.Sprintf(l.Pick("Testo generato: %s caratteri.", "Generated text: %s characters."), question.FormatInt(int64(n.Chars), l))
	}
	s := fmt.Sprintf(l.Pick("Testo generato: %s/%s caratteri", "Generated text: %s/%s characters"),
		question.FormatInt(int64(n.Chars), l), question.FormatInt(int64(n.Max), l))
	if src := strings.TrimSpace(r.tpl.Limits.In(l)); src != "" {
		s += " (" + src + ")"
	}
	if n.Dropped > 0 {
		s += fmt.Sprintf(l.Pick("; %s per stare nel limite", "; %s to stay within the limit"),
			l.Pick(question.Plural(n.Dropped, "omessa 1 frase di minore importanza", fmt.Sprintf("omesse %d frasi di minore importanza", n.Dropped)),
				question.Plural(n.Dropped, "1 sentence of lesser importance left out", fmt.Sprintf("%d sentences of lesser importance left out", n.Dropped))))
	}
	return s + "."
}
