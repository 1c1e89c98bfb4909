package reports

import (
	"time"

	"github.com/welfare-intelligence/wi/question"
)

// FormatDate writes a date for people: "9 ottobre 2011", "1º gennaio
// 2024", "9 October 2011" (question.FormatDate, the one place of the rule).
func FormatDate(t time.Time, l question.Lang) string { return question.FormatDate(t, l) }
