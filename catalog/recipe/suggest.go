package recipe

import (
	"fmt"
	"strings"

	"github.com/welfare-intelligence/wi/internal/suggest"
)

// didYouMean returns `; did you mean "x"?` for the candidate closest to
// name, or "" when none is close. A candidate that differs only in case or
// that starts with name wins; otherwise the smallest edit distance within a
// third of the name's length. Ties go to the earliest candidate.
func didYouMean(name string, candidates []string) string {
	if s := closest(name, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func closest(name string, candidates []string) string {
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if strings.ToLower(c) == lower {
			return c
		}
	}
	if len(name) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), lower) {
				return c
			}
		}
	}
	best, _, _ := suggest.Nearest(name, candidates, max(2, len(name)/3), strings.ToLower)
	return best
}
