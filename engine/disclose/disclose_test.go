package disclose

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

var testSecret = SecretFrom("disclose tests")

// TestCellKeyIsTheSumOfItsRecords: a cell's key is the sum of its records'
// keys, so that two cells of one person each give the key of the two, and
// an empty cell adds nothing.
func TestCellKeyIsTheSumOfItsRecords(t *testing.T) {
	cell := CellName("s1", "anziani", 2024)
	for n := int64(0); n < 6; n++ {
		var sum Key
		for i := range n {
			one := testSecret.CellKey(cell, i+1) - testSecret.CellKey(cell, i)
			sum += one
		}
		if got := testSecret.CellKey(cell, n); got != sum {
			t.Errorf("n=%d: key %d, sum of records %d", n, got, sum)
		}
	}
	if testSecret.CellKey(cell, 0) != 0 {
		t.Error("an empty cell has a key")
	}
	other := SecretFrom("another catalog")
	if other.CellKey(cell, 10) == testSecret.CellKey(cell, 10) {
		t.Error("two secrets give the same key")
	}
}

// TestKeysAreUniform: record keys spread evenly over [0, 1), or the noise
// would not follow the table.
func TestKeysAreUniform(t *testing.T) {
	const n = 20000
	var bins [10]int
	for i := range n {
		k := testSecret.CellKey(fmt.Sprintf("cell-%d", i), int64(1+i%7))
		bins[int(k.Fraction()*10)]++
	}
	for b, c := range bins {
		if math.Abs(float64(c)-n/10) > 5*math.Sqrt(n/10) {
			t.Errorf("bin %d holds %d keys of %d", b, c, n)
		}
	}
}

// TestPerturbNeverPublishesASmallCount: counts from 1 to the threshold − 1
// become 0 or the threshold, never themselves; every value at or above
// the threshold moves by at most D; zero stays zero.
func TestPerturbNeverPublishesASmallCount(t *testing.T) {
	tb := DefaultTable
	for _, th := range []int{3, 5, 10} {
		for n := int64(0); n < 40; n++ {
			seen := map[int64]bool{}
			for i := range 2000 {
				k := testSecret.CellKey(fmt.Sprintf("c%d-%d", n, i), 3)
				v := tb.Perturb(n, k, th)
				seen[v] = true
				switch {
				case n == 0 && v != 0:
					t.Fatalf("0 published as %d", v)
				case v > 0 && v < int64(th):
					t.Fatalf("threshold %d: %d published as %d", th, n, v)
				case n >= int64(th) && (v < n-int64(tb.D()) || v > n+int64(tb.D())):
					t.Fatalf("threshold %d: %d published as %d, beyond D=%d", th, n, v, tb.D())
				}
			}
			if n > 0 && n < int64(th) && (!seen[0] || !seen[int64(th)]) {
				t.Errorf("threshold %d: %d published only as %v", th, n, seen)
			}
		}
	}
}

// TestPerturbFollowsTheTable: over many keys, each published value comes
// as often as the table says, and the noise has mean zero and the table's
// variance far from the threshold.
func TestPerturbFollowsTheTable(t *testing.T) {
	tb := DefaultTable
	const trials = 40000
	for _, n := range []int64{2, 12, 100} {
		want := tb.Distribution(n, 5)
		got := map[int64]int{}
		var sum, sq float64
		for i := range trials {
			v := tb.Perturb(n, testSecret.CellKey(fmt.Sprintf("r%d", i), n), 5)
			got[v]++
			sum += float64(v - n)
			sq += float64((v - n) * (v - n))
		}
		for v, p := range want {
			if math.Abs(float64(got[v])/trials-p) > 0.01 {
				t.Errorf("n=%d: value %d in %.3f of draws, table says %.3f", n, v, float64(got[v])/trials, p)
			}
		}
		if n >= 10 {
			if mean := sum / trials; math.Abs(mean) > 0.03 {
				t.Errorf("n=%d: mean noise %.3f", n, mean)
			}
			if v := sq / trials; math.Abs(v-tb.Variance()) > 0.05 {
				t.Errorf("n=%d: noise variance %.3f, table %.3f", n, v, tb.Variance())
			}
		}
		if n < 5 && math.Abs(tb.Mean(n, 5)-float64(n)) > 1e-12 {
			t.Errorf("n=%d below the threshold: mean %.3f, want unbiased", n, tb.Mean(n, 5))
		}
	}
	if math.Abs(tb.Variance()-1.2) > 1e-12 || tb.D() != 2 {
		t.Errorf("default table: D=%d V=%.2f, docs/privacy.md says 2 and 1.2", tb.D(), tb.Variance())
	}
}

// TestSameRegionSameFigure: a region is published the same whichever way
// it was assembled (the cells in any order, or merged from parts).
func TestSameRegionSameFigure(t *testing.T) {
	p := Policy{Secret: testSecret, Table: DefaultTable, MinUnits: 3}
	cells := []struct {
		name string
		n    int64
	}{{"a", 4}, {"b", 7}, {"c", 1}, {"d", 0}, {"e", 12}}
	var fwd, back, left, right Region
	for i, c := range cells {
		fwd.Add(float64(c.n), testSecret.CellKey(c.name, c.n))
		d := cells[len(cells)-1-i]
		back.Add(float64(d.n), testSecret.CellKey(d.name, d.n))
		if i < 2 {
			left.Add(float64(c.n), testSecret.CellKey(c.name, c.n))
		} else {
			right.Add(float64(c.n), testSecret.CellKey(c.name, c.n))
		}
	}
	left.Merge(right)
	a, b, c := p.Count(fwd, 5), p.Count(back, 5), p.Count(left, 5)
	if a != b || a != c {
		t.Errorf("one region, three figures: %v %v %v", a, b, c)
	}
	if fwd.Units() != 4 {
		t.Errorf("units = %d, want 4 (the empty cell is not one)", fwd.Units())
	}
}

// TestDrawnRegionsOfFewSectionsAreWithheld: a region a question drew with
// one or two non-empty sections is withheld, whatever its count.
func TestDrawnRegionsOfFewSectionsAreWithheld(t *testing.T) {
	p := Policy{Secret: testSecret, Table: DefaultTable, MinUnits: 3}
	var r Region
	r.Add(400, testSecret.CellKey("s1", 400))
	r.Add(2, testSecret.CellKey("s2", 2))
	if c := p.Drawn(r, 3); !c.Withheld() {
		t.Errorf("two sections published as %v", c)
	}
	if c := p.Count(r, 3); c.Withheld() {
		t.Error("a fixed area of two sections withheld")
	}
	r.Add(1, testSecret.CellKey("s3", 1))
	if c := p.Drawn(r, 3); c.Withheld() {
		t.Error("three sections withheld")
	}
	if c := p.Drawn(Region{}, 3); !c.Positive() && c.Withheld() {
		t.Error("an empty region is withheld")
	}
}

// TestPressRoundingAndAnalyst: press figures are perturbed then rounded to
// ten (never to zero from a positive figure); the analyst's are exact.
func TestPressRoundingAndAnalyst(t *testing.T) {
	press := Policy{Secret: testSecret, Table: DefaultTable, MinUnits: 3, Rounding: 10}
	analyst := Policy{Secret: testSecret, Table: DefaultTable, Exact: true}
	for n := int64(1); n < 200; n += 7 {
		var r Region
		r.Add(float64(n), testSecret.CellKey(fmt.Sprint(n), n))
		v, _ := press.Count(r, 3).Value()
		if v%10 != 0 || (v == 0 && n >= 3) {
			t.Errorf("press: %d published as %d", n, v)
		}
		e := analyst.Count(r, 3)
		if x, _ := e.Value(); x != n || !e.IsExact() {
			t.Errorf("analyst: %d published as %d", n, x)
		}
	}
}

// TestSharesComeFromPublishedFigures: a share is the ratio of two
// published figures, so it gives back nothing but them.
func TestSharesComeFromPublishedFigures(t *testing.T) {
	p := Policy{Secret: testSecret, Table: DefaultTable, MinUnits: 3}
	var num, den Region
	for i := range 5 {
		k := testSecret.CellKey(fmt.Sprint(i), 6)
		den.Add(6, k)
		if i < 3 {
			num.Add(6, k)
		}
	}
	a, b := p.Count(num, 3), p.Count(den, 3)
	s, ok := Share(a, b)
	av, _ := a.Value()
	bv, _ := b.Value()
	if !ok || s != min(float64(av)/float64(bv), 1) {
		t.Errorf("share %v of %v / %v", s, av, bv)
	}
	if _, ok := Share(Withheld(), b); ok {
		t.Error("a share of a withheld count")
	}
}

// TestSecretNeverPrinted: the secret does not show in %v, %+v, %#v or JSON.
func TestSecretNeverPrinted(t *testing.T) {
	hex := testSecret.Hex()
	type holder struct{ S Secret }
	h := holder{testSecret}
	js, _ := json.Marshal(h)
	for _, s := range []string{fmt.Sprint(testSecret), fmt.Sprintf("%+v", h), fmt.Sprintf("%#v", h), string(js)} {
		if strings.Contains(s, hex) || strings.Contains(s, hex[:16]) {
			t.Errorf("secret printed: %s", s)
		}
	}
	back, err := ParseSecret(hex)
	if err != nil || back != testSecret {
		t.Errorf("parse back: %v", err)
	}
	for _, bad := range []string{"", "zz", strings.Repeat("0", 64), strings.Repeat("g", 64)} {
		if _, err := ParseSecret(bad); err == nil {
			t.Errorf("ParseSecret(%q) accepted", bad)
		}
	}
}

// TestDifferenceHitRate: the chance that differencing two published counts
// gives the exact difference, from the table: what the attack tests assert.
func TestDifferenceHitRate(t *testing.T) {
	tb := DefaultTable
	// Far from the threshold: P(e1 = e2) = Σ p² = 0.01+0.04+0.16+0.04+0.01.
	if got := tb.DifferenceHit(100, 99, 10); math.Abs(got-0.26) > 1e-12 {
		t.Errorf("hit rate %v, want 0.26", got)
	}
}
