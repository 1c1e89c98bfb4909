package dsl

import (
	"strings"
	"unicode"

	spell "github.com/welfare-intelligence/wi/internal/suggest"
)

// fold reduces a spelling to the form words are compared in: lower case,
// without accents, and without the characters people type differently in
// the same name (spaces, dashes, underscores, apostrophes), so that "Cà Granda",
// "ca granda", "CA' GRANDA" and "ca-granda" are the same.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '_' || r == '\'' || r == '’' || unicode.IsSpace(r):
			continue
		case unicode.Is(unicode.Mn, r): // a combining accent
			continue
		}
		r = unicode.ToLower(r)
		if base, ok := unaccent[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unaccent maps the accented letters of Italian and its neighbours to their base letter.
var unaccent = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåā", 'e': "èéêëē", 'i': "ìíîïī", 'o': "òóôõöøō", 'u': "ùúûüū",
		'c': "çć", 'n': "ñń", 's': "šś", 'z': "žź", 'y': "ýÿ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// suggest returns the candidate nearest to s, compared folded, if it is near
// enough to be what was meant: an edit distance of at most 2 (or a third of
// the length, for long words), and less than the length of s. Candidates
// whose length differs by more than that distance are skipped unmeasured, so
// a long typed value costs no quadratic work against short names and back.
func suggest(s string, candidates []string) (string, bool) {
	fs := []rune(fold(s))
	if len(fs) > maxSuggestLen {
		return "", false
	}
	best, d, ok := spell.Nearest(s, candidates, max(2, len(fs)/3), fold)
	if !ok || d >= len(fs) {
		return "", false
	}
	return best, true
}

// maxSuggestLen is the longest value a suggestion is looked for: no name
// of the vocabulary is longer.
const maxSuggestLen = 100
