package engine_test

import (
	"fmt"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// TestPriorityByHand: older people living alone in the tiny city, 2024,
// the centro-anziani's usual radius of 800 m, first year 2023.
//
//	nil-1: 65 (40 + 25), unserved 25 (s2 at 958 m), 2023: 60
//	       V = 65/65 = 1; U = 25/65 = 0.384615; growth = 65/60 − 1 = 0.083333,
//	       G = (0.083333 + 0.2)/0.4 = 0.708333
//	       index = 100 × (0.4 + 0.4 × 0.384615 + 0.2 × 0.708333) = 69.55 → 69.6
//	nil-2: 10, all unserved, 2023: 12
//	       V = 10/65 = 0.153846; U = 1; growth = −0.166667, G = 0.083333
//	       index = 100 × (0.061538 + 0.4 + 0.016667) = 47.82 → 47.8
//	nil-3: nobody: no index.
func TestPriorityByHand(t *testing.T) {
	c := openTiny(t)
	res := c.ask(t, "where priority target=anziani-soli", engine.Italian)
	ratio := func(a, b float64) float64 { return a/b - 1 } // as the engine computes it, at run time
	want := [][]string{
		{"1", "nil-1", "Cà Granda", "65", fmt.Sprint(25.0 / 65), fmt.Sprint(ratio(65, 60)), "69.6"},
		{"2", "nil-2", "Borgo", "10", "1", fmt.Sprint(ratio(10, 12)), "47.8"},
		{"3", "nil-3", "Prato", "0", "null", "null", "null"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v\nwant   %v", got, want)
	}
	if res.Headline != "Tiny, 2024: la priorità più alta per anziani soli è Cà Granda (indice 69,6 su 100)." {
		t.Errorf("headline = %q", res.Headline)
	}
	en := c.ask(t, "where priority target=anziani-soli level=municipio", engine.English)
	// One municipio: 75 people, 35 unserved, 2023: 72.
	// index = 100 × (0.4 + 0.4 × 0.466667 + 0.2 × (0.041667 + 0.2)/0.4)
	//       = 100 × (0.4 + 0.186667 + 0.120833) = 70.75 → 70.8
	if got := cells(en); len(got) != 1 || got[0][6] != "70.8" {
		t.Errorf("by municipio = %v, want index 70.8", got)
	}
	if en.Headline != "Tiny, 2024: the highest priority for older people living alone is Municipio 1 (index 70.8 of 100)." {
		t.Errorf("English headline = %q", en.Headline)
	}
}
