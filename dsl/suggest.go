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
// enough to be what was meant: an edit distance of at most suggestLimit,
// and less than the length of s. Candidates whose length differs by more
// than that distance are skipped unmeasured, so a long typed value costs no
// quadratic work against short names and back.
func suggest(s string, candidates []string) (string, bool) {
	best, _, ok := nearest(s, candidates)
	return best, ok
}

// nearest is suggest with the distance. Of candidates equally near, the
// one sharing the longest beginning with s wins (people get the first
// letters right: yaer is year, not per), then the first.
func nearest(s string, candidates []string) (string, int, bool) {
	fs := []rune(fold(s))
	if len(fs) > maxSuggestLen {
		return "", 0, false
	}
	limit := min(suggestLimit(len(fs)), len(fs)-1)
	if limit < 1 {
		return "", 0, false
	}
	best, bestD, bestP := "", limit+1, -1
	for _, c := range candidates {
		fc := []rune(fold(c))
		if len(fc)-len(fs) > limit || len(fs)-len(fc) > limit {
			continue
		}
		d := spell.Runes(fs, fc)
		if d > limit || d > bestD {
			continue
		}
		p := commonPrefix(fs, fc)
		if d < bestD || p > bestP {
			best, bestD, bestP = c, d, p
		}
	}
	return best, bestD, best != ""
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// suggestLimit is the farthest a word of n letters may be from what it
// suggests: none for two letters or fewer (xy is not by), one edit for
// three letters (sad is not cam, per is not year), two up to eight, a
// third of the length beyond.
func suggestLimit(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 3:
		return 1
	case n <= 8:
		return 2
	}
	return max(2, n/3)
}

// maxSuggestLen is the longest value a suggestion is looked for: no name
// of the vocabulary is longer.
const maxSuggestLen = 100
