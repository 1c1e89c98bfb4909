package engine

import (
	"testing"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

func TestFormatNumbersByLanguage(t *testing.T) {
	cases := []struct{ got, want string }{
		{FormatInt(0, Italian), "0"},
		{FormatInt(999, Italian), "999"},
		{FormatInt(1234, Italian), "1.234"},
		{FormatInt(1352010, Italian), "1.352.010"},
		{FormatInt(1352010, English), "1,352,010"},
		{FormatInt(-45678, Italian), "-45.678"},
		{FormatFloat(1234.56, 1, Italian), "1.234,6"},
		{FormatFloat(1234.56, 1, English), "1,234.6"},
		{FormatFloat(-0.04, 1, Italian), "0,0"},
		{FormatPercent(0.18293, Italian), "18,3%"},
		{FormatPercent(0.18293, English), "18.3%"},
		{FormatDistance(800, Italian), "800 m"},
		{FormatDistance(1500, Italian), "1,5 km"},
		{FormatDistance(2000, English), "2 km"},
		{FormatDistance(2750, Italian), "2,75 km"},
		{FormatDistance(1250, English), "1.25 km"},
		{FormatDistance(12.5, Italian), "12,5 m"},
		{FormatFloat(1e19, 0, Italian), "10.000.000.000.000.000.000"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}

func TestProtect(t *testing.T) {
	cases := []struct {
		name      string
		values    []int64
		groups    []string
		forced    []bool
		want      []bool
		prim, sec int
	}{
		{"nothing small", []int64{10, 20, 0}, []string{"a", "a", "a"}, nil, []bool{false, false, false}, 0, 0},
		{"one small, smallest other follows", []int64{2, 30, 9, 0}, []string{"a", "a", "a", "a"}, nil, []bool{true, false, true, false}, 1, 1},
		{"two small need nothing more", []int64{2, 1, 40}, []string{"a", "a", "a"}, nil, []bool{true, true, false}, 2, 0},
		{"groups apart", []int64{2, 30, 9, 50}, []string{"a", "a", "b", "b"}, nil, []bool{true, true, false, false}, 1, 1},
		{"alone in its group", []int64{2, 0}, []string{"a", "a"}, nil, []bool{true, false}, 1, 0},
		{"forced counts as withheld", []int64{40, 30, 9}, []string{"a", "a", "a"}, []bool{true, false, false}, []bool{true, false, true}, 1, 1},
		{"ties go to the first", []int64{1, 7, 7}, []string{"a", "a", "a"}, nil, []bool{true, true, false}, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, p, s := protect(c.values, c.groups, c.forced, 3)
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s: withheld %v, want %v", c.name, got, c.want)
					break
				}
			}
			if p != c.prim || s != c.sec {
				t.Errorf("%s: primary %d secondary %d, want %d and %d", c.name, p, s, c.prim, c.sec)
			}
		})
	}
}

// TestProtectLevelsLoneNeighbourhood: a forced neighbourhood with no
// positive sibling equals its municipio, which must then be withheld, and
// the city total then calls for a second withheld municipio.
func TestProtectLevelsLoneNeighbourhood(t *testing.T) {
	c := cellsOf(4, func(i int) (string, string) {
		return []string{"a1", "a2", "b1", "b2"}[i], []string{"A", "A", "B", "B"}[i]
	}, func(i int) disclose.Region {
		var r disclose.Region
		r.Add(float64([]int64{40, 0, 50, 60}[i]), 0)
		return r
	}, publisher{pol: disclose.Policy{Exact: true}, threshold: 3}, false)
	w := protectLevels(c, []bool{true, false, false, false}, nil, 3)
	for _, s := range []string{"a1", "b1", "b2"} {
		if !w.hiddenNIL(c, s) {
			t.Errorf("NIL %s published", s)
		}
	}
	if w.hiddenNIL(c, "a2") {
		t.Error("a zero was withheld")
	}
	if !w.hiddenMuni(c, "A") || !w.hiddenMuni(c, "B") {
		t.Errorf("municipi withheld: A %v B %v, want both", w.hiddenMuni(c, "A"), w.hiddenMuni(c, "B"))
	}
}
