// Package disclose is the one door through which every figure about people
// leaves the engine. It implements the cell-key method of statistical
// disclosure control (Australian Bureau of Statistics, TableBuilder;
// Eurostat/Destatis for the 2021 census; see docs/privacy.md):
//
//   - every record (a person or a family) counted in a cell of the catalog
//     (an area × target × year) carries a fixed pseudo-random key derived
//     from the catalog's secret: the i-th record of the cell gets key
//     h(secret, cell, i), so a cell's key is the sum of its records' keys
//     modulo 1, and an empty cell adds nothing;
//   - a region (any set of cells, or of the points a count spread over an
//     area is placed at) has the key of its records, the sum of their keys
//     modulo 1, whatever question drew it;
//   - the published count is the true count plus noise looked up in a
//     perturbation table by (count, key): the same region always gets the
//     same figure, asked twice, through another verb or in a dossier.
//
// A [Count] can only be made here, by a [Policy]; renderers and results only
// ever hold Counts, never the exact sums behind them, and everything derived
// (shares, rates, indices) is computed from Counts.
package disclose

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Key is a record or cell key: a fraction in [0, 1) written in 32-bit fixed
// point, so that keys add modulo 1 exactly and in any order.
type Key uint32

// Fraction returns the key as a number in [0, 1).
func (k Key) Fraction() float64 { return float64(k) / (1 << 32) }

// Secret is the catalog's disclosure secret: it is stored with the catalog,
// never printed, and without it the keys (and so the noise) cannot be
// predicted.
type Secret struct{ b [32]byte }

// SecretLen is the length of a secret in hexadecimal digits.
const SecretLen = 64

// ParseSecret reads a secret written in hexadecimal (64 digits).
func ParseSecret(s string) (Secret, error) {
	var out Secret
	if len(s) != SecretLen {
		return out, fmt.Errorf("disclosure secret: want %d hexadecimal digits, got %d characters", SecretLen, len(s))
	}
	if _, err := hex.Decode(out.b[:], []byte(s)); err != nil {
		return out, fmt.Errorf("disclosure secret: %w", err)
	}
	if out.b == ([32]byte{}) {
		return out, errors.New("disclosure secret: all zeros")
	}
	return out, nil
}

// SecretFrom derives a secret from material (for synthetic catalogs and
// tests, whose answers must be reproducible).
func SecretFrom(material string) Secret {
	return Secret{b: sha256.Sum256([]byte("wi disclosure secret\x00" + material))}
}

// String hides the secret.
func (s Secret) String() string { return "[secret]" }

// GoString hides the secret from %#v too.
func (s Secret) GoString() string { return "disclose.Secret{[secret]}" }

// Hex writes the secret for the catalog's metadata: the only way out.
func (s Secret) Hex() string { return hex.EncodeToString(s.b[:]) }

// IsZero reports whether the secret was never set.
func (s Secret) IsZero() bool { return s.b == [32]byte{} }

// seed returns the cell's 64-bit seed.
func (s Secret) seed(cell string) uint64 {
	h := sha256.New()
	h.Write(s.b[:])
	h.Write([]byte{0})
	h.Write([]byte(cell))
	var sum [32]byte
	return binary.LittleEndian.Uint64(h.Sum(sum[:0]))
}

// splitmix64 is a fast, well-mixed 64-bit hash of a counter.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// CellName names a cell of the catalog: an area, a target and a year. Parts
// of a cell spread over an area's points add the point's index.
func CellName(area, target string, year int) string {
	return fmt.Sprintf("%s\x00%s\x00%d", area, target, year)
}

// CellKey returns the key of a cell of n records: the sum modulo 1 of its
// records' keys, record i having key h(secret, cell, i).
func (s Secret) CellKey(cell string, n int64) Key {
	seed := s.seed(cell)
	var k uint32
	for i := range uint64(max(n, 0)) {
		k += uint32(splitmix64(seed^splitmix64(i)) >> 32)
	}
	return Key(k)
}

// PointKey returns the key of one point of a count spread over an area (the
// point stands for a fraction of a person, with a record key of its own).
func (s Secret) PointKey(cell string, point int) Key {
	return Key(splitmix64(s.seed(cell)^splitmix64(uint64(point)|1<<63)) >> 32)
}

// Region accumulates the records of a region: their exact number (which
// never leaves this package) and their key.
type Region struct {
	n     float64
	key   Key
	units int
}

// Add puts a cell (or a point) of n records with the given key into the
// region. Cells with no records change nothing.
func (r *Region) Add(n float64, key Key) {
	if n <= 0 {
		return
	}
	r.n += n
	r.key += key
	r.units++
}

// Merge adds another region's records.
func (r *Region) Merge(o Region) {
	r.n += o.n
	r.key += o.key
	r.units += o.units
}

// Key returns the region's key.
func (r Region) Key() Key { return r.key }

// Units returns how many non-empty cells (or points) the region holds:
// structural, and published only through the minimum-units rule.
func (r Region) Units() int { return r.units }

// Exact returns the region's exact count, for the engine's own work (ranking
// inside a solver, choosing sites). It must never be written into an answer:
// publish [Policy.Count] instead.
func (r Region) Exact() float64 { return r.n }

// Count is a published count of people or families: perturbed by the
// cell-key method (or exact for a role granted it), maybe rounded, or
// withheld. Only a Policy makes one.
type Count struct {
	v     int64
	state state
}

type state uint8

const (
	stateNone      state = iota // the zero Count: no figure
	statePerturbed              // noise added from the perturbation table
	stateExact                  // the exact figure, for a role granted it
	stateWithheld               // not published (too few units, or to protect another)
)

// Withheld returns a count that is not published.
func Withheld() Count { return Count{state: stateWithheld} }

// Zero returns a published zero: a region with no records at all (an empty
// region reveals no one).
func Zero() Count { return Count{state: statePerturbed} }

// Value returns the published figure, and false when there is none (the
// count is withheld or was never set).
func (c Count) Value() (int64, bool) {
	return c.v, c.state == statePerturbed || c.state == stateExact
}

// Withheld reports whether the count is withheld.
func (c Count) Withheld() bool { return c.state == stateWithheld }

// IsExact reports whether the figure is exact (a role granted exact figures).
func (c Count) IsExact() bool { return c.state == stateExact }

// Positive reports whether a figure is published and above zero.
func (c Count) Positive() bool { v, ok := c.Value(); return ok && v > 0 }

// Minus returns c − o from published counts (a figure derived from them,
// such as the people a change adds), withheld if either is or if the
// difference is negative.
func (c Count) Minus(o Count) Count {
	a, ok1 := c.Value()
	b, ok2 := o.Value()
	if !ok1 || !ok2 || a < b {
		return Withheld()
	}
	s := statePerturbed
	if c.state == stateExact && o.state == stateExact {
		s = stateExact
	}
	return Count{v: a - b, state: s}
}

// Share returns num / den from published figures, false when either is
// withheld or den is zero. Shares are never computed from exact counts.
func Share(num, den Count) (float64, bool) {
	a, ok1 := num.Value()
	b, ok2 := den.Value()
	if !ok1 || !ok2 || b <= 0 {
		return 0, false
	}
	return min(float64(a)/float64(b), 1), true
}

// Ratio returns num / den from published figures without capping at one
// (growth, demand per place), false when either is withheld or den is zero.
func Ratio(num, den Count) (float64, bool) {
	a, ok1 := num.Value()
	b, ok2 := den.Value()
	if !ok1 || !ok2 || b == 0 {
		return 0, false
	}
	return float64(a) / float64(b), true
}

// MarshalJSON writes the figure, ":c" when withheld, null when unset.
func (c Count) MarshalJSON() ([]byte, error) {
	switch c.state {
	case stateWithheld:
		return json.Marshal(Confidential)
	case stateNone:
		return []byte("null"), nil
	}
	return json.Marshal(c.v)
}

// Confidential is how a withheld figure is written (Eurostat's flag).
const Confidential = ":c"

// Policy publishes counts for one catalog and one reader.
type Policy struct {
	Secret Secret
	Table  Table
	// MinUnits is the least number of non-empty cells a region drawn by a
	// question (a radius, a catchment, a siting scope) must hold to be
	// published; fewer are withheld. Regions of the fixed hierarchy are
	// published whatever their units.
	MinUnits int
	// Rounding rounds published counts to multiples of this (press: 10);
	// 0 or 1 is none.
	Rounding int64
	// Exact publishes exact counts (the statistics office's analyst role,
	// where the policy grants it); no noise, no rounding.
	Exact bool
}

// DefaultMinUnits is the least number of non-empty census sections of a
// region drawn by a question.
const DefaultMinUnits = 3

// Count publishes a region's count of a target whose threshold (the SISTAN
// minimum frequency) is threshold.
func (p Policy) Count(r Region, threshold int) Count {
	n := int64(math.Round(r.n))
	if p.Exact {
		return Count{v: n, state: stateExact}
	}
	v := p.Table.Perturb(n, r.key, threshold)
	return Count{v: p.round(v), state: statePerturbed}
}

// Drawn publishes the count of a region a question drew (a radius, a
// catchment, the people a site newly covers): as Count, but withheld when
// it holds fewer than MinUnits non-empty cells.
func (p Policy) Drawn(r Region, threshold int) Count {
	if !p.Exact && r.units > 0 && r.units < p.MinUnits {
		return Withheld()
	}
	return p.Count(r, threshold)
}

// round rounds to the nearest multiple of the policy's base, never to zero
// from a positive figure.
func (p Policy) round(n int64) int64 {
	b := p.Rounding
	if b <= 1 || n == 0 {
		return n
	}
	out := (n + b/2) / b * b
	if out == 0 {
		out = b
	}
	return out
}

// SecretFromBytes makes a secret of random bytes.
func SecretFromBytes(b [32]byte) Secret { return Secret{b: b} }
