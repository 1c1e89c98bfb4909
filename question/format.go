package question

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatInt writes an integer with the language's thousands separator:
// 1.234.567 in Italian, 1,234,567 in English.
func FormatInt(n int64, l Lang) string {
	return groupDigits(strconv.FormatInt(n, 10), l)
}

// groupDigits puts the language's thousands separator into a string of
// digits, with an optional leading minus.
func groupDigits(s string, l Lang) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := l.Pick(".", ",")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatFloat writes a number with the given decimals and the language's
// separators: 1.234,5 in Italian, 1,234.5 in English.
func FormatFloat(x float64, decimals int, l Lang) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	out := groupDigits(whole, l)
	if frac != "" {
		out += l.Pick(",", ".") + frac
	}
	if x < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return out
}

// FormatPercent writes a share in [0, 1] as a percentage with one decimal:
// "23,9%" in Italian, "23.9%" in English.
func FormatPercent(share float64, l Lang) string {
	return FormatFloat(100*share, 1, l) + "%"
}

// FormatDistance writes metres as people read them, exactly: "800 m",
// "1,5 km", "2,75 km".
func FormatDistance(m float64, l Lang) string {
	if m >= 1000 {
		return trimmed(m/1000, 3, l) + " km"
	}
	return trimmed(m, 1, l) + " m"
}

// Trimmed writes x with at most max decimals, dropping trailing zeros.
func Trimmed(x float64, max int, l Lang) string { return trimmed(x, max, l) }

// trimmed writes x with at most max decimals, dropping trailing zeros.
func trimmed(x float64, max int, l Lang) string {
	s := FormatFloat(x, max, l)
	dec := l.Pick(",", ".")
	if strings.Contains(s, dec) {
		s = strings.TrimRight(strings.TrimRight(s, "0"), dec)
	}
	return s
}

var monthsIT = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// FormatDate writes a date for people: "9 ottobre 2011", "1º gennaio 2024"
// (the first of the month is an ordinal in Italian), "9 October 2011".
func FormatDate(t time.Time, l Lang) string {
	if t.IsZero() {
		return l.Pick("data ignota", "unknown date")
	}
	if l == English {
		return t.Format("2 January 2006")
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1º"
	}
	return fmt.Sprintf("%s %s %d", day, monthsIT[t.Month()-1], t.Year())
}
