package script

import (
	"fmt"
	"strconv"
	"strings"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// Script is a parsed script file.
type Script struct {
	Name  string
	Items []Item // in file order
}

// Item is a line kept as is (Case nil) or a question with its expectation.
type Item struct {
	Text string // the verbatim line, when Case is nil
	Case *Case
}

// Case is a question, its language and what it must give.
type Case struct {
	Line     int // line of the question in the file
	Lang     question.Lang
	Question string
	Want     []string // expectation lines, without their indent
}

const indent = "  "

// Parse reads a script.
func Parse(name, text string) (*Script, error) {
	s := &Script{Name: name}
	lang := question.Italian
	var cur *Case
	for i, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, indent) && trimmed != "":
			if cur == nil {
				return nil, fmt.Errorf("%s:%d: expectation without a question before it", name, n)
			}
			cur.Want = append(cur.Want, strings.TrimPrefix(line, indent))
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			s.Items = append(s.Items, Item{Text: line})
			cur = nil
		case strings.HasPrefix(trimmed, "lang "):
			l, err := question.ParseLang(strings.TrimSpace(strings.TrimPrefix(trimmed, "lang ")))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, err)
			}
			lang = l
			s.Items = append(s.Items, Item{Text: line})
			cur = nil
		default:
			cur = &Case{Line: n, Lang: lang, Question: line}
			s.Items = append(s.Items, Item{Case: cur})
		}
	}
	return s, nil
}

// Cases returns the questions of the script.
func (s *Script) Cases() []*Case {
	var out []*Case
	for _, it := range s.Items {
		if it.Case != nil {
			out = append(out, it.Case)
		}
	}
	return out
}

// String prints the script back, expectations included.
func (s *Script) String() string {
	var b strings.Builder
	for _, it := range s.Items {
		if it.Case == nil {
			b.WriteString(it.Text + "\n")
			continue
		}
		b.WriteString(it.Case.Question + "\n")
		for _, w := range it.Case.Want {
			b.WriteString(indent + w + "\n")
		}
	}
	return b.String()
}

// Expectation lines for failures.
const (
	NotAvailable = "expect not available"
	ErrorPrefix  = "expect error "
)

// Render writes a result as expectation lines: the headline, the table, the notes.
func Render(res *answers.Result) []string {
	var out []string
	if res.Headline != "" {
		out = append(out, "= "+res.Headline)
	}
	if len(res.Columns) > 0 {
		names := make([]string, len(res.Columns))
		for i, c := range res.Columns {
			names[i] = c.Name
		}
		out = append(out, row(names))
		for _, r := range res.Rows {
			cells := make([]string, len(r))
			for i, v := range r {
				cells[i] = cell(v)
			}
			out = append(out, row(cells))
		}
	}
	for _, c := range res.Caveats {
		out = append(out, "! "+c)
	}
	for _, n := range res.Notes {
		out = append(out, "- "+n)
	}
	return out
}

func row(cells []string) string { return "| " + strings.Join(cells, " | ") + " |" }

// cell writes one value of a table.
func cell(v answers.Value) string {
	if v.IsSuppressed() {
		return answers.Confidential
	}
	switch x := v.Raw().(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', 6, 64)
	default:
		return fmt.Sprint(x)
	}
}
