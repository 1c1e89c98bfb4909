package question

import "fmt"

// Lang is the language answers are written in. Italian is the default.
type Lang string

// Languages of answers.
const (
	Italian Lang = "it"
	English Lang = "en"
)

// ParseLang reads a language code; the empty string means Italian.
func ParseLang(s string) (Lang, error) {
	switch s {
	case "", "it", "ita", "italiano":
		return Italian, nil
	case "en", "eng", "english", "inglese":
		return English, nil
	}
	return "", fmt.Errorf("unknown language %q: use it or en", s)
}

// Pick returns it or en according to the language.
func (l Lang) Pick(it, en string) string {
	if l == English {
		return en
	}
	return it
}
