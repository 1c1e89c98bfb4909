package reports

import (
	"fmt"
	"time"

	"github.com/welfare-intelligence/wi/question"
)

var monthsIT = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// FormatDate writes a date as the language does: "1º gennaio 2024" (the
// first of the month is an ordinal in Italian), "9 ottobre 2011",
// "1 January 2024".
func FormatDate(t time.Time, l question.Lang) string {
	if t.IsZero() {
		return l.Pick("data ignota", "unknown date")
	}
	if l == question.English {
		return t.Format("2 January 2006")
	}
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1º"
	}
	return fmt.Sprintf("%s %s %d", day, monthsIT[t.Month()-1], t.Year())
}
