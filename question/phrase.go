package question

import (
	"strconv"
	"strings"
	"unicode"
)

// Italian phrasing rules, in one place: agreement with a number and the
// elision of articles and prepositions before a number ("l'11,8%",
// "dell'1%", "all'80%"), as a native writer spells them.

// Plural picks the singular form for one, the plural otherwise.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Agreed writes a number with its noun agreed: "1 struttura", "3 strutture".
func Agreed(n int, one, many string, l Lang) string {
	return FormatInt(int64(n), l) + " " + Plural(n, one, many)
}

// vowelNumber reports whether a number written in figures is read, in
// Italian, with a vowel first: uno, otto, undici, ottanta…, ottocento…,
// ottomila…, undicimila…, un milione…. Its integer part decides ("1,5%"
// is "uno virgola cinque").
func vowelNumber(s string) bool {
	var digits strings.Builder
	for _, r := range s {
		if r == ',' || (!unicode.IsDigit(r) && r != '.') {
			break
		}
		if unicode.IsDigit(r) {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	if d == "" {
		return false
	}
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return false
	}
	switch {
	case d[0] == '8': // otto, ottanta, ottocento, ottomila, ottocentomila…
		return true
	case n == 1 || n == 11: // uno, undici
		return true
	case len(d) == 5 && d[:2] == "11": // undicimila
		return true
	case len(d) == 7 && d[0] == '1', len(d) == 10 && d[0] == '1': // un milione, un miliardo
		return true
	}
	return false
}

// zeroNumber reports whether a figure is read "zero…" (lo 0,5%).
func zeroNumber(s string) bool {
	return strings.HasPrefix(s, "0") && !strings.HasPrefix(s, "0.")
}

// articled returns the masculine article or preposition before a figure:
// the elided form ("l'", "dell'") before a number read with a vowel, else
// the full one ("il ", "del ").
func articled(full, elided, figure string) string {
	if zeroNumber(figure) { // lo 0,5%, dello 0,5%, allo 0,5%
		if full == "il " {
			return "lo " + figure
		}
		return strings.TrimSuffix(full, " ") + "lo " + figure
	}
	if vowelNumber(figure) {
		return elided + figure
	}
	return full + figure
}

// The writes "il 25%" or "l'11,8%": a figure with its definite article.
func The(figure string) string { return articled("il ", "l'", figure) }

// Of writes "del 25%" or "dell'1%".
func Of(figure string) string { return articled("del ", "dell'", figure) }

// To writes "al 25%" or "all'80%".
func To(figure string) string { return articled("al ", "all'", figure) }

// From writes "dal 25%" or "dall'8%".
func From(figure string) string { return articled("dal ", "dall'", figure) }

// In writes "nel 2011" or "nell'11%".
func In(figure string) string { return articled("nel ", "nell'", figure) }

// InPlace writes where something is, with the preposition Italian uses
// before the place's name: "nel Municipio 9", "nella Zona 3", "a Cà Granda".
func InPlace(name string) string {
	switch {
	case strings.HasPrefix(name, "Municipio "):
		return "nel " + name
	case strings.HasPrefix(name, "Città "), strings.HasPrefix(name, "Zona "):
		return "nella " + name
	}
	return "a " + name
}

// OfTheN writes a counted feminine noun after "di" with its article: "delle
// 3 strutture", or "dell'unica struttura" for one.
func OfTheN(n int, one, many string) string {
	if n == 1 {
		return "dell'unica " + one
	}
	return "delle " + strconv.Itoa(n) + " " + many
}
