package answer

import (
	"errors"
	"fmt"
	"github.com/welfare-intelligence/wi/question"
)

// ErrNotAvailable is returned for a plan the engine cannot answer yet.
var ErrNotAvailable = errors.New("not available yet")

// AnswerError is a question the engine cannot answer as asked: a facility
// that does not exist, an area where nobody of the target lives, a catalog
// without the data the question needs. It is not a failure of the system:
// its message is for the person who asked, in both languages, and says
// what to do.
type AnswerError struct {
	IT, EN string
	// Key, when set, is the key of the question the refusal is about, by
	// its English name ("service", "from", "area"): what the asker can
	// change. The command line puts its caret there; it is "" when the
	// refusal is about the question as a whole or the catalog.
	Key string
}

// Error returns the English message (for logs); Message picks the user's language.
func (e *AnswerError) Error() string { return e.EN }

// Errorf formats both messages with the same arguments.
func Errorf(it, en string, args ...any) error {
	return &AnswerError{IT: fmt.Sprintf(it, args...), EN: fmt.Sprintf(en, args...)}
}

// Message returns what to tell the person who asked: an AnswerError's message
// in their language, any other error's text as it is.
func Message(err error, l question.Lang) string {
	var ae *AnswerError
	if errors.As(err, &ae) {
		return l.Pick(ae.IT, ae.EN)
	}
	return err.Error()
}

// IsAnswerError reports whether err says why a question cannot be answered
// (as opposed to a failure of the system: I/O, the database, a deadline).
func IsAnswerError(err error) bool {
	var ae *AnswerError
	return errors.As(err, &ae)
}
