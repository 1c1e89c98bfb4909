package bots

import (
	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/chart"
)

// chartable reports, without drawing, whether reports/chart would draw an
// answer (ranked bars of named rows, or a trend of at least three years).
// The press draws it, and says so if it does not after all.
func chartable(res *answer.Result) bool { return chart.Drawable(res) }

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
