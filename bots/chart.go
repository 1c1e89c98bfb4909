package bots

import (
	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/chart"
)

// chartable reports, without drawing, whether reports/chart would draw an
// answer (chart.FromResult: ranked bars of named rows, or a trend of at
// least three years): two rows or more, no coordinates, a figure, and
// either a year column without names or names in the first column. The
// press draws it, and says so if it does not after all.
func chartable(res *answer.Result) bool {
	if res == nil || len(res.Rows) < 2 || len(res.Columns) < 2 {
		return false
	}
	year, strs, figure := false, 0, false
	for i, c := range res.Columns {
		switch c.Type {
		case answer.TypeCoord:
			return false
		case answer.TypeYear:
			year = true
		case answer.TypeString:
			strs++
		case answer.TypePercent, answer.TypeInt, answer.TypeFloat:
			figure = figure || i > 0
		}
	}
	if !figure {
		return false
	}
	if year {
		return strs == 0 && len(res.Rows) >= 3
	}
	return res.Columns[0].Type == answer.TypeString
}

// chartPNG draws an answer's chart (reports/chart).
func chartPNG(res *answer.Result, l question.Lang) ([]byte, error) {
	png, ok, err := chart.FromResult(res, l)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &answer.AnswerError{IT: "questa risposta non ha un grafico: la tabella dice già tutto", EN: "this answer has no chart: the table says it all"}
	}
	return png, nil
}
