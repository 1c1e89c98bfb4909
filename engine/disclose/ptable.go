package disclose

// Table is the perturbation table: for a true count n and a cell key, the
// noise added to n. Its parameters are the maximum noise D and the
// probabilities of the noises −D..D for counts far from the threshold; below
// the threshold js (the target's minimum frequency) a count is never
// published as itself.
//
// Rows, for a target whose threshold is t:
//
//   - n = 0: 0 (an empty region reveals no one);
//   - 1 ≤ n < t: t with probability n/t, else 0 (unbiased; never n);
//   - n ≥ t: n + e with e drawn from Noise; a result below t is published
//     as t (a small upward bias at n = t and t + 1 only).
//
// The draw is the key read as a number in [0, 1) against the row's
// cumulative probabilities: the same (count, key) always gets the same
// noise.
type Table struct {
	// Noise holds the probabilities of e = −D … D, in that order; they sum
	// to one and are symmetric, so that the noise has mean zero.
	Noise []float64
}

// DefaultTable is wi's table: D = 2, probabilities 0.1, 0.2, 0.4, 0.2, 0.1,
// variance 1.2.
var DefaultTable = Table{Noise: []float64{0.1, 0.2, 0.4, 0.2, 0.1}}

// D returns the maximum noise of counts at or above the threshold.
func (t Table) D() int { return (len(t.Noise) - 1) / 2 }

// Variance returns the variance of the noise far from the threshold.
func (t Table) Variance() float64 {
	d := t.D()
	var v float64
	for i, p := range t.Noise {
		e := float64(i - d)
		v += p * e * e
	}
	return v
}

// Perturb returns the published value of a true count n with the key.
func (t Table) Perturb(n int64, key Key, threshold int) int64 {
	th := int64(max(threshold, 1))
	u := key.Fraction()
	switch {
	case n <= 0:
		return 0
	case n < th:
		if u < float64(n)/float64(th) {
			return th
		}
		return 0
	}
	d := t.D()
	acc := 0.0
	e := d
	for i, p := range t.Noise {
		acc += p
		if u < acc {
			e = i - d
			break
		}
	}
	return max(n+int64(e), th)
}

// Distribution returns the probability of each published value for a true
// count n (for tests and docs/privacy.md).
func (t Table) Distribution(n int64, threshold int) map[int64]float64 {
	out := map[int64]float64{}
	th := int64(max(threshold, 1))
	switch {
	case n <= 0:
		out[0] = 1
	case n < th:
		p := float64(n) / float64(th)
		out[th] = p
		if p < 1 {
			out[0] = 1 - p
		}
	default:
		d := t.D()
		for i, p := range t.Noise {
			out[max(n+int64(i-d), th)] += p
		}
	}
	return out
}

// DifferenceHit returns the chance that the difference of two independent
// published counts, of true values a ≥ b, equals a − b exactly: what an
// attacker differencing two regions learns by luck.
func (t Table) DifferenceHit(a, b int64, threshold int) float64 {
	da, db := t.Distribution(a, threshold), t.Distribution(b, threshold)
	var p float64
	for va, pa := range da {
		for vb, pb := range db {
			if va-vb == a-b {
				p += pa * pb
			}
		}
	}
	return p
}

// Mean returns the expected published value of a true count n.
func (t Table) Mean(n int64, threshold int) float64 {
	var m float64
	for v, p := range t.Distribution(n, threshold) {
		m += float64(v) * p
	}
	return m
}
