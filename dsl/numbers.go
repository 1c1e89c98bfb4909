package dsl

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// Distances: a radius is at least minRadiusM, at most maxRadiusM, and a
// multiple of radiusStepM. The grid keeps printed forms exact and limits
// differencing between nearly equal radii (which could single out a few
// people between two circles).
const (
	minRadiusM  = 50
	radiusStepM = 50
	maxRadiusM  = 20000
)

// splitNumber splits a lexed Number into its digits and its unit.
func splitNumber(raw string) (num, unit string) {
	i := strings.IndexFunc(raw, isUnitRune)
	if i < 0 {
		return raw, ""
	}
	return raw[:i], raw[i:]
}

func isUnitRune(r rune) bool { return r != '.' && r != '-' && r != '+' && (r < '0' || r > '9') }

// plain reports whether a number is written plainly: digits, maybe a
// decimal point, no sign, no exponent.
func plain(num string) bool {
	return num != "" && strings.Trim(num, "0123456789.") == "" && num[0] != '.'
}

// exponent reports whether a lexed Number has an exponent (1e308m).
func exponent(raw string) bool {
	num, unit := splitNumber(raw)
	if len(unit) < 2 || unit[0] != 'e' && unit[0] != 'E' || !plain(num) {
		return false
	}
	return unit[1] >= '0' && unit[1] <= '9' || unit[1] == '-' || unit[1] == '+'
}

// noExponent records a number written with an exponent (1e308m), which the
// language does not take: numbers are written out.
func (c *checker) noExponent(a *Arg, it *Item) bool {
	if exponent(it.Raw()) {
		c.add(a.Pos,
			fmt.Sprintf("%s vuole un numero scritto per intero, senza esponente, non %q", a.Key, it.Raw()),
			fmt.Sprintf("%s expects a number written out, without an exponent, not %q", a.Key, it.Raw()))
		return false
	}
	return true
}

// distance resolves a distance in metres: m, km or minutes of walking (at
// question.WalkingSpeedMPerMin), from 50m to 20km on a 50 m grid.
func (c *checker) distance(a *Arg) (float64, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, false
	}
	const wantIT, wantEN = "una distanza (per esempio 800m, 1.5km, 10min)", "a distance (e.g. 800m, 1.5km, 10min)"
	if it.Number == nil {
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	}
	if !c.noExponent(a, it) {
		return 0, false
	}
	num, unit := splitNumber(it.Raw())
	m, err := strconv.ParseFloat(num, 64)
	if err != nil {
		m = math.Inf(1)
	}
	switch strings.ToLower(unit) {
	case "m":
	case "km":
		m *= 1000
	case "min":
		m *= question.WalkingSpeedMPerMin
	case "":
		c.add(a.Pos,
			fmt.Sprintf("%s%s vuole un'unità (m, km o min); per esempio %s%sm", a.Key, num, a.Key, num),
			fmt.Sprintf("%s%s needs a unit (m, km or min); e.g. %s%sm", a.Key, num, a.Key, num))
		return 0, false
	case "%":
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	default:
		c.add(a.Pos,
			fmt.Sprintf("unità sconosciuta %q in %s%s: usa m, km o min", unit, a.Key, it.Raw()),
			fmt.Sprintf("unknown unit %q in %s%s: use m, km or min", unit, a.Key, it.Raw()))
		return 0, false
	}
	if !(m >= minRadiusM && m <= maxRadiusM) {
		c.add(a.Pos,
			fmt.Sprintf("%s deve essere tra 50m e 20km, non %s", a.Key, it.Raw()),
			fmt.Sprintf("%s must be between 50m and 20km, not %s", a.Key, it.Raw()))
		return 0, false
	}
	steps := m / radiusStepM
	if math.Abs(steps-math.Round(steps)) > 1e-6 {
		lo, hi := math.Floor(steps)*radiusStepM, math.Ceil(steps)*radiusStepM
		lo = max(lo, minRadiusM)
		it, en := fmt.Sprintf("%s vuole un multiplo di 50 m", a.Key), fmt.Sprintf("%s must be a multiple of 50 m", a.Key)
		if strings.EqualFold(unit, "min") {
			it += fmt.Sprintf(": %s di cammino sono %s", num+unit, question.FormatMetres(math.Round(m*10)/10))
			en += fmt.Sprintf(": %s of walking is %s", num+unit, question.FormatMetres(math.Round(m*10)/10))
		}
		c.add(a.Pos,
			fmt.Sprintf("%s; usa %s%s o %s%s", it, a.Key, question.FormatMetres(lo), a.Key, question.FormatMetres(hi)),
			fmt.Sprintf("%s; use %s%s or %s%s", en, a.Key, question.FormatMetres(lo), a.Key, question.FormatMetres(hi)))
		return 0, false
	}
	return math.Round(steps) * radiusStepM, true
}

// serviceRadius is the default radius of a question about a service: the
// service's usual radius, on the 50 m grid. ok is false (and an error
// recorded at the end of the question) when the service has none.
func (c *checker) serviceRadius(s question.Service) (float64, bool) {
	if s.RadiusM <= 0 || math.IsNaN(s.RadiusM) {
		c.add(c.end,
			fmt.Sprintf("il servizio %q non ha un raggio abituale: indica raggio=, per esempio raggio=800m", s.Slug),
			fmt.Sprintf("service %q has no usual radius: give radius=, e.g. radius=800m", s.Slug))
		return 0, false
	}
	m := math.Round(s.RadiusM/radiusStepM) * radiusStepM
	return min(max(m, minRadiusM), maxRadiusM), true
}

// whole resolves a whole number without unit, 0 or more.
func (c *checker) whole(a *Arg, wantIT, wantEN string) (int, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(it.Raw())
	if it.Number == nil || err != nil || n < 0 || !plain(it.Raw()) {
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	}
	return n, true
}

// top resolves top=: how many rows, 0 for all.
func (c *checker) top(a *Arg) (int, bool) {
	return c.whole(a, "un numero intero, 0 o più (0 per tutte le righe)", "a whole number, 0 or more (0 for every row)")
}

// between resolves a whole number from lo to hi.
func (c *checker) between(a *Arg, lo, hi int) (int, bool) {
	it, en := fmt.Sprintf("un numero intero da %d a %d", lo, hi), fmt.Sprintf("a whole number from %d to %d", lo, hi)
	n, ok := c.whole(a, it, en)
	if ok && (n < lo || n > hi) {
		c.add(a.Pos, fmt.Sprintf("%s vuole %s, non %d", a.Key, it, n), fmt.Sprintf("%s expects %s, not %d", a.Key, en, n))
		return 0, false
	}
	return n, ok
}

// maxMinutes bounds a time budget: a day.
const maxMinutes = 24 * 60

// minutes resolves a duration such as 90min or 2h into whole minutes, from 1
// to a day.
func (c *checker) minutes(a *Arg) (int, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, false
	}
	const wantIT, wantEN = "una durata (per esempio 90min o 2h)", "a duration (e.g. 90min or 2h)"
	num, unit := splitNumber(it.Raw())
	if it.Number == nil || !plain(num) {
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	}
	x, err := strconv.ParseFloat(num, 64)
	switch strings.ToLower(unit) {
	case "min":
	case "h":
		x *= 60
	case "":
		c.add(a.Pos,
			fmt.Sprintf("%s%s vuole un'unità (min o h); per esempio %s%smin", a.Key, num, a.Key, num),
			fmt.Sprintf("%s%s needs a unit (min or h); e.g. %s%smin", a.Key, num, a.Key, num))
		return 0, false
	default:
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	}
	if err != nil || x < 1 || x > maxMinutes || math.Abs(x-math.Round(x)) > 1e-9 {
		c.add(a.Pos,
			fmt.Sprintf("%s vuole minuti interi da 1 a %d (24h), non %s", a.Key, maxMinutes, it.Raw()),
			fmt.Sprintf("%s expects whole minutes from 1 to %d (24h), not %s", a.Key, maxMinutes, it.Raw()))
		return 0, false
	}
	return int(math.Round(x)), true
}

// percent resolves a percentage such as 90% or 92.5%: more than 0, at most
// 100, to one decimal.
func (c *checker) percent(a *Arg) (float64, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, false
	}
	num, unit := splitNumber(it.Raw())
	if it.Number == nil || unit != "%" || !plain(num) {
		c.notA(a, it, "una percentuale, per esempio 90%", "a percentage, e.g. 90%")
		return 0, false
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !(x > 0 && x <= 100) || math.Abs(x*10-math.Round(x*10)) > 1e-9 {
		c.add(a.Pos,
			fmt.Sprintf("%s vuole una percentuale più di 0 e al massimo 100%%, con al più un decimale, non %s", a.Key, it.Raw()),
			fmt.Sprintf("%s expects a percentage above 0 and at most 100%%, with at most one decimal, not %s", a.Key, it.Raw()))
		return 0, false
	}
	return math.Round(x*10) / 10, true
}

// point resolves at=lat,lon in degrees, to 6 decimals (about 10 cm).
func (c *checker) point(a *Arg) (lat, lon float64, ok bool) {
	const wantIT, wantEN = "latitudine,longitudine in gradi, per esempio 45.46,9.19", "latitude,longitude in degrees, e.g. 45.46,9.19"
	items := a.Value.Items
	if len(items) != 2 {
		c.add(a.Pos, fmt.Sprintf("%s vuole %s", a.Key, wantIT), fmt.Sprintf("%s expects %s", a.Key, wantEN))
		return 0, 0, false
	}
	var xs [2]float64
	for i, it := range items {
		num, unit := splitNumber(it.Raw())
		x, err := strconv.ParseFloat(num, 64)
		if it.Number == nil || unit != "" || err != nil || strings.ContainsAny(num[1:], "+-") {
			c.notA(a, it, wantIT, wantEN)
			return 0, 0, false
		}
		xs[i] = math.Round(x*1e6) / 1e6
	}
	if math.Abs(xs[0]) > 90 || math.Abs(xs[1]) > 180 {
		c.add(a.Pos, fmt.Sprintf("%s fuori dal globo: latitudine tra -90 e 90, longitudine tra -180 e 180", a.Key),
			fmt.Sprintf("%s is off the globe: latitude from -90 to 90, longitude from -180 to 180", a.Key))
		return 0, 0, false
	}
	return xs[0] + 0, xs[1] + 0, true // + 0 turns -0 into 0, so the plan prints back the same
}

// maxBudget is the largest budget a question may share: 10 billion euros.
const maxBudget = 10_000_000_000

// budget resolves budget= in whole euros: 500000, 500k, 1.5M (or 1.5mln).
func (c *checker) budget(a *Arg) (int64, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, false
	}
	const wantIT, wantEN = "euro interi, per esempio 500000, 500k o 1.5M", "whole euros, e.g. 500000, 500k or 1.5M"
	if it.Number == nil || !c.noExponent(a, it) {
		if it.Number == nil {
			c.notA(a, it, wantIT, wantEN)
		}
		return 0, false
	}
	num, unit := splitNumber(it.Raw())
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !plain(num) {
		c.notA(a, it, wantIT, wantEN)
		return 0, false
	}
	if whole, frac, dot := strings.Cut(num, "."); dot && unit == "" && len(frac) == 3 && len(whole) <= 3 && whole[0] != '0' {
		// 200.000 is two hundred thousand written the Italian way, not 200 euros
		it, en := writeNumber(a.Key, it.Raw(), whole+frac)
		c.add(a.Pos, it, en)
		return 0, false
	}
	switch unit {
	case "":
	case "k", "K":
		x *= 1e3
	case "M", "mln", "Mln":
		x *= 1e6
	case "eur", "EUR", "euro":
	default:
		c.add(a.Pos,
			fmt.Sprintf("unità sconosciuta %q in %s%s: scrivi euro interi, o k (migliaia), M o mln (milioni)", unit, a.Key, it.Raw()),
			fmt.Sprintf("unknown unit %q in %s%s: write whole euros, or k (thousands), M or mln (millions)", unit, a.Key, it.Raw()))
		return 0, false
	}
	x = math.Round(x*100) / 100
	if !(x >= 1 && x <= maxBudget) || x != math.Trunc(x) {
		c.add(a.Pos,
			fmt.Sprintf("%s vuole euro interi da 1 a 10 miliardi, non %s", a.Key, it.Raw()),
			fmt.Sprintf("%s expects whole euros from 1 to 10 billion, not %s", a.Key, it.Raw()))
		return 0, false
	}
	return int64(x), true
}

// thousands reads a list of numbers as one number written with commas
// between groups of thousands (200,000 or 1,500,000m, lexed as a list):
// the digits without the commas, and the unit of the last group.
func thousands(items []*Item) (string, bool) {
	var b strings.Builder
	for i, it := range items {
		if it.Number == nil {
			return "", false
		}
		num, unit := splitNumber(it.Raw())
		if unit != "" && i < len(items)-1 || !plain(num) || strings.Contains(num, ".") {
			return "", false
		}
		if i == 0 && (len(num) > 3 || num[0] == '0') || i > 0 && len(num) != 3 {
			return "", false
		}
		b.WriteString(num)
		if i == len(items)-1 {
			b.WriteString(unit)
		}
	}
	return b.String(), true
}

// writeNumber says how to write a number typed with separators of
// thousands (200,000 or 200.000): digits alone, or with k or M for euros.
func writeNumber(key, typed, digits string) (it, en string) {
	num, unit := splitNumber(digits)
	alts := []string{key + digits}
	if fold(key) == "budget=" && unit == "" {
		if n, err := strconv.ParseInt(num, 10, 64); err == nil && n >= 1000 && n%1000 == 0 {
			if n >= 1_000_000 && n%100_000 == 0 {
				alts = append(alts, key+strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64)+"M")
			} else {
				alts = append(alts, key+strconv.FormatInt(n/1000, 10)+"k")
			}
		}
	}
	return fmt.Sprintf("%s%s: i numeri si scrivono senza separatore delle migliaia; scrivi %s", key, typed, joinOr(alts, question.Italian)),
		fmt.Sprintf("%s%s: numbers are written without a thousands separator; write %s", key, typed, joinOr(alts, question.English))
}

// joinOr joins alternatives: "a o b", "a or b".
func joinOr(alts []string, l question.Lang) string {
	if len(alts) == 1 {
		return alts[0]
	}
	return strings.Join(alts[:len(alts)-1], ", ") + l.Pick(" o ", " or ") + alts[len(alts)-1]
}
