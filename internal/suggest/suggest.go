// Package suggest measures how far apart two spellings are (the Levenshtein
// edit distance, in runes) and picks the candidate a mistyped name most
// likely meant, for the "did you mean" of error messages in the question
// language, the recipe files and the engine's facility IDs.
package suggest

import "math"

// Distance is the Levenshtein distance between a and b, counted in runes:
// the fewest insertions, deletions and substitutions of one rune that turn
// a into b.
func Distance(a, b string) int {
	return Runes([]rune(a), []rune(b))
}

// Runes is the Levenshtein distance between two rune slices.
func Runes(a, b []rune) int {
	return bounded(a, b, math.MaxInt)
}

// Bounded is the Levenshtein distance between a and b in runes, or bound
// when it is at least bound: far pairs stop early and cost little.
func Bounded(a, b string, bound int) int {
	return bounded([]rune(a), []rune(b), bound)
}

func bounded(a, b []rune, bound int) int {
	if d := len(a) - len(b); d >= bound || -d >= bound {
		return bound
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= bound {
			return bound
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], bound)
}

// Nearest returns the first of the candidates at the smallest distance
// from s, and that distance, when it is at most limit; ok is false when no
// candidate is that near. Spellings are compared after norm (nil compares
// them as they are), so that a caller decides what counts as the same
// letter (case, accents, dashes).
func Nearest(s string, candidates []string, limit int, norm func(string) string) (best string, d int, ok bool) {
	if norm == nil {
		norm = func(s string) string { return s }
	}
	if limit < 0 {
		return "", 0, false
	}
	want := []rune(norm(s))
	bestD := limit
	if limit < math.MaxInt {
		bestD = limit + 1
	}
	for _, c := range candidates {
		if dc := bounded(want, []rune(norm(c)), bestD); dc < bestD {
			best, bestD = c, dc
		}
	}
	if bestD > limit {
		return "", 0, false
	}
	return best, bestD, true
}
