package engine

import (
	"slices"
	"testing"
)

// TestCompareCellsWithheldLast: ordered either way, numbers come by value,
// then empty cells, then withheld ones; text is ordered by its folded
// spelling.
func TestCompareCellsWithheldLast(t *testing.T) {
	rows := [][]Value{{Int(5)}, {Suppressed()}, {Empty()}, {Int(12)}, {Float(7.5)}, {Suppressed()}, {Int(1)}}
	show := func(rs [][]Value) []string {
		var out []string
		for _, r := range rs {
			out = append(out, cellText(r[0]))
		}
		return out
	}
	for _, c := range []struct {
		asc  bool
		want []string
	}{
		{false, []string{"12", "7.5", "5", "1", "", ":c", ":c"}},
		{true, []string{"1", "5", "7.5", "12", "", ":c", ":c"}},
	} {
		rs := slices.Clone(rows)
		slices.SortStableFunc(rs, func(a, b []Value) int { return compareCells(a, b, 0, c.asc) })
		if got := show(rs); !slices.Equal(got, c.want) {
			t.Errorf("asc=%v: %q, want %q", c.asc, got, c.want)
		}
	}
	names := [][]Value{{Str("porta")}, {Str("Cà Granda")}, {Suppressed()}, {Str("borgo")}}
	slices.SortStableFunc(names, func(a, b []Value) int { return compareCells(a, b, 0, true) })
	if got := show(names); !slices.Equal(got, []string{"borgo", "Cà Granda", "porta", ":c"}) {
		t.Errorf("names A to Z: %q", got)
	}
}

func cellText(v Value) string {
	switch x := v.Raw().(type) {
	case nil:
		if v.IsSuppressed() {
			return ":c"
		}
		return ""
	case int64:
		return FormatInt(x, English)
	case float64:
		return FormatFloat(x, 1, English)
	case string:
		return x
	}
	return "?"
}
