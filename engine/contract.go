package engine

// The engine names the contract packages' identifiers unqualified (Plan,
// Result, Store, FormatInt, …) through generated aliases:
//go:generate go run ../internal/contractnames ../question question question_names.go
//go:generate go run ../internal/contractnames ../answer answer answer_names.go
//go:generate go run ../internal/contractnames ../store store store_names.go

import (
	"fmt"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// trimmed writes x with at most max decimals, dropping trailing zeros.
func trimmed(x float64, max int, l Lang) string { return question.Trimmed(x, max, l) }

// keyErrorf is an answer.AnswerError with both messages formatted, about
// one key of the question (its English name, e.g. "service"): the asker's
// caret goes under it; "" for the question as a whole.
func keyErrorf(key, it, en string, args ...any) error {
	return &answer.AnswerError{IT: fmt.Sprintf(it, args...), EN: fmt.Sprintf(en, args...), Key: key}
}

// checkFacts fails closed when an answer writes a fact its question does
// not declare (answer.Facts): templates read facts by name, so an
// undeclared one is a contract broken.
func checkFacts(res *Result) error {
	name := answer.QuestionName(res.Canonical)
	for k := range res.Facts {
		if !answer.FactDeclared(name, k) {
			return fmt.Errorf("internal: the answer to %q writes the fact %q, which answer.Facts does not declare for %q", res.Canonical, k, name)
		}
	}
	return nil
}
