package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		name, a, b string
		want       int
	}{
		{"both empty", "", "", 0},
		{"from empty", "", "abc", 3},
		{"to empty", "abc", "", 3},
		{"same", "anziani", "anziani", 0},
		{"one substitution", "gatto", "gatti", 1},
		{"one insertion", "anziani-sol", "anziani-soli", 1},
		{"one deletion", "ca-0002", "ca-002", 1},
		{"transposition is two", "ab", "ba", 2},
		{"kitten", "kitten", "sitting", 3},
		{"runes, not bytes", "città", "citta", 1},
		{"accented both sides", "Cà", "Cè", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Distance(c.a, c.b); got != c.want {
				t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
			}
			if got := Distance(c.b, c.a); got != c.want {
				t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
			}
			if got := Runes([]rune(c.a), []rune(c.b)); got != c.want {
				t.Errorf("Runes(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestBounded(t *testing.T) {
	for _, c := range []struct {
		name, a, b  string
		bound, want int
	}{
		{"below the bound", "kitten", "sitting", 4, 3},
		{"at the bound", "kitten", "sitting", 3, 3},
		{"above the bound", "kitten", "sitting", 2, 2},
		{"lengths too far apart", "a", "abcdef", 3, 3},
		{"zero bound", "a", "a", 0, 0},
		{"same within any bound", "ca-002", "ca-002", 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Bounded(c.a, c.b, c.bound); got != c.want {
				t.Errorf("Bounded(%q, %q, %d) = %d, want %d", c.a, c.b, c.bound, got, c.want)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	ids := []string{"ca-001", "ca-002", "ca-003", "sad-001"}
	for _, c := range []struct {
		name       string
		s          string
		candidates []string
		limit      int
		norm       func(string) string
		want       string
		wantD      int
		ok         bool
	}{
		{"one letter missing", "ca-02", ids, 2, nil, "ca-002", 1, true},
		{"exact", "sad-001", ids, 2, nil, "sad-001", 0, true},
		{"ties go to the first", "ca-00x", ids, 2, nil, "ca-001", 1, true},
		{"too far", "centro", ids, 2, nil, "", 0, false},
		{"case folded by norm", "CA-003", ids, 2, strings.ToLower, "ca-003", 0, true},
		{"case counts without norm", "CA-003", ids, 1, nil, "", 0, false},
		{"no candidates", "x", nil, 2, nil, "", 0, false},
		{"zero limit needs an exact match", "ca-004", ids, 0, nil, "", 0, false},
		{"negative limit", "ca-001", ids, -1, nil, "", 0, false},
		{"returns the candidate as spelt", "anziani soli", []string{"Anziani-Soli"}, 2, func(s string) string {
			return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "-", ""), " ", ""))
		}, "Anziani-Soli", 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, d, ok := Nearest(c.s, c.candidates, c.limit, c.norm)
			if got != c.want || d != c.wantD || ok != c.ok {
				t.Errorf("Nearest(%q) = %q, %d, %v; want %q, %d, %v", c.s, got, d, ok, c.want, c.wantD, c.ok)
			}
		})
	}
}
