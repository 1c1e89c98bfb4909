package engine_test

import (
	"fmt"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// TestAllocateByHand: 100,000 € for older people living alone in the tiny
// city, by neighbourhood (the priority indexes of TestPriorityByHand).
//
//	by need:  nil-1 69.6, nil-2 47.8 (sum 117.4)
//	          100000 × 69.6/117.4 = 59284.497, × 47.8/117.4 = 40715.503
//	          floors add to 99999: the euro left goes to the larger remainder, nil-2
//	fair:     unserved nil-1 25, nil-2 10 (sum 35)
//	          100000 × 25/35 = 71428.571, × 10/35 = 28571.429 → the euro left to nil-1
//	nil-3:    nobody: no index, no share
func TestAllocateByHand(t *testing.T) {
	c := openTiny(t)
	res := c.ask(t, "allocate budget=100k target=anziani-soli", engine.Italian)
	want := [][]string{
		{"1", "nil-1", "Cà Granda", "65", "69.6", "59284", "25", "71429"},
		{"2", "nil-2", "Borgo", "10", "47.8", "40716", "10", "28571"},
		{"3", "nil-3", "Prato", "0", "null", "0", "0", "0"},
	}
	if got := cells(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows = %v\nwant   %v", got, want)
	}
	var sumProp, sumFair int64
	for _, r := range res.Rows {
		sumProp += r[5].Raw().(int64)
		sumFair += r[7].Raw().(int64)
	}
	if sumProp != 100000 || sumFair != 100000 {
		t.Errorf("shares add to %d and %d, want the budget 100000", sumProp, sumFair)
	}
	if res.Headline != "Tiny, 2024: dei 100.000 € per anziani soli, la quota più alta in proporzione al bisogno va a Cà Granda (59.284 €, il 59,3%)." {
		t.Errorf("headline = %q", res.Headline)
	}
}

// TestAllocateNeverSharesByAWithheldCount: foreign residents by
// neighbourhood are 3, 10 and 50 with a threshold of 5: the 3 and (by
// secondary suppression) the 10 are withheld, so neither variant may give
// them a share computed from their counts.
func TestAllocateNeverSharesByAWithheldCount(t *testing.T) {
	c := openTiny(t)
	res := c.ask(t, "allocate budget=10k target=stranieri", engine.English)
	for _, r := range res.Rows {
		if r[3].IsSuppressed() && (r[5].Raw() != int64(0) || r[7].Raw() != int64(0)) {
			t.Errorf("%v: a withheld area got a share", r)
		}
	}
}

// TestPriorityWithoutTheFirstYear: foreign residents are counted only in
// 2024, so their growth since 2023 is unknown (it used to crash the index).
func TestPriorityWithoutTheFirstYear(t *testing.T) {
	c := openTiny(t)
	res := c.ask(t, "where priority target=stranieri", engine.English)
	for _, r := range res.Rows {
		if g := r[5]; !g.IsSuppressed() && g.Raw() != nil {
			t.Errorf("%v: growth %v from a year with no count", r, g.Raw())
		}
	}
	// nil-3: 50 people, all served by the help desk at its centre; the
	// largest published count, so V = 1, U = 0, G = 0.5 → 100 × (0.4 + 0.1) = 50.
	if got := cells(res); len(got) == 0 || got[0][1] != "nil-3" || got[0][6] != "50" {
		t.Errorf("rows = %v, want nil-3 first with index 50", got)
	}
}
