package reports

import (
	"fmt"
	"time"

	"github.com/welfare-intelligence/wi/question"
)

var monthsIT = [...]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"}

// FormatDate writes a date as the language does: "1 gennaio 2024",
// "1 January 2024".
func FormatDate(t time.Time, l question.Lang) string {
	if t.IsZero() {
		return l.Pick("data ignota", "unknown date")
	}
	if l == question.English {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsIT[t.Month()-1], t.Year())
}
