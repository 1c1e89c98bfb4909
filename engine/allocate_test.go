package engine_test

import (
	"fmt"
	"math"
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
	c := openCity(t, tinyCity())
	res := c.ask(t, "allocate budget=100k target=anziani-soli", engine.Italian)
	want := [][]any{
		{"1", "nil-1", "Cà Granda", "65", "69.6", "59284", "25", "71429"},
		{"2", "nil-2", "Borgo", "10", "47.8", "40716", "10", "28571"},
		{"3", "nil-3", "Prato", "0", "null", "0", "0", "0"},
	}
	checkRows(t, "allocate budget=100k target=anziani-soli", res, want)
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
	c := openCity(t, tinyCity())
	res := c.ask(t, "allocate budget=10k target=stranieri", engine.English)
	for _, r := range res.Rows {
		if r[3].IsSuppressed() && (r[5].Raw() != int64(0) || r[7].Raw() != int64(0)) {
			t.Errorf("%v: a withheld area got a share", r)
		}
	}
}

// TestAllocateProtected: as staff, the euros are shares of the budget
// computed from published figures only (the need index of `where priority`
// and the unserved count `where underserved` publishes), so they reveal
// nothing the published counts do not.
func TestAllocateProtected(t *testing.T) {
	staff := openCity(t, twoMunicipiCity()).as(engine.RoleStaff)
	q := "allocate budget=100k target=stranieri level=municipio"
	res := staff.ask(t, q, engine.Italian)
	pri := map[string][]engine.Value{}
	for _, r := range staff.ask(t, "where priority target=stranieri level=municipio", engine.Italian).Rows {
		pri[r[1].Raw().(string)] = r
	}
	unserved := map[string]engine.Value{}
	for _, r := range staff.ask(t, "where underserved target=stranieri radius=1km level=municipio", engine.Italian).Rows {
		unserved[r[1].Raw().(string)] = r[4]
	}
	const budget = 100000
	var sumIndex, sumUnserved float64
	for _, r := range res.Rows {
		slug := r[1].Raw().(string)
		if p := pri[slug]; fmt.Sprint(r[3].Raw(), r[4].Raw()) != fmt.Sprint(p[3].Raw(), p[6].Raw()) {
			t.Errorf("%s: %s count and index %v %v, where priority %v %v", q, slug, r[3].Raw(), r[4].Raw(), p[3].Raw(), p[6].Raw())
		}
		if !r[6].IsPeople() || r[6].Raw() != unserved[slug].Raw() {
			t.Errorf("%s: %s unserved %v, where underserved %v", q, slug, r[6].Raw(), unserved[slug].Raw())
		}
		sumIndex += r[4].Raw().(float64)
		sumUnserved += float64(r[6].Raw().(int64))
	}
	if sumUnserved == 0 {
		t.Fatalf("%s: nobody unserved: %v", q, cells(res))
	}
	var sumProp, sumFair int64
	for _, r := range res.Rows {
		prop, fair := r[5].Raw().(int64), r[7].Raw().(int64)
		sumProp, sumFair = sumProp+prop, sumFair+fair
		if want := budget * r[4].Raw().(float64) / sumIndex; math.Abs(float64(prop)-want) >= 1 {
			t.Errorf("%s: %s gets %d € by need, want %.2f from the published index", q, r[1].Raw(), prop, want)
		}
		if want := budget * float64(r[6].Raw().(int64)) / sumUnserved; math.Abs(float64(fair)-want) >= 1 {
			t.Errorf("%s: %s gets %d € fair, want %.2f from the published unserved", q, r[1].Raw(), fair, want)
		}
	}
	if sumProp != budget || sumFair != budget {
		t.Errorf("%s: shares add to %d and %d, want %d", q, sumProp, sumFair, budget)
	}
	if got := res.Facts["eur_per_unserved"]; got != budget/sumUnserved {
		t.Errorf("%s: eur_per_unserved %v, want %v", q, got, budget/sumUnserved)
	}

	// The tiny city by neighbourhood: every unserved region is a single
	// census section, withheld, so no area has an index or a fair share,
	// and not a euro is given on a withheld figure.
	c := openCity(t, tinyCity())
	q = "allocate budget=100k target=anziani-soli"
	res = c.as(engine.RoleStaff).ask(t, q, engine.Italian)
	for _, r := range res.Rows {
		if r[5].Raw() != int64(0) || r[7].Raw() != int64(0) {
			t.Errorf("%s: %v: a share from a withheld figure", q, cells(res))
		}
	}
	if res.Headline != "Nessuna area ha un indice di bisogno pubblicabile: il budget non si può ripartire su questi dati." {
		t.Errorf("%s: headline %q", q, res.Headline)
	}
}
