package recipe

import (
	"fmt"
	"strings"
)

// template is text with {Column} pieces; "{{" and "}}" stand for braces.
type template struct {
	src   string
	parts []tmplPart
	cols  []*colRef
}

type tmplPart struct {
	lit string
	col *colRef // nil for a literal
}

// parseTemplate parses src; pos maps a byte offset of src to a recipe position.
func parseTemplate(src string, pos func(off int) (int, int)) (*template, error) {
	t := &template{src: src}
	var lit strings.Builder
	for i := 0; i < len(src); {
		switch {
		case strings.HasPrefix(src[i:], "{{"):
			lit.WriteByte('{')
			i += 2
		case strings.HasPrefix(src[i:], "}}"):
			lit.WriteByte('}')
			i += 2
		case src[i] == '{':
			j := strings.IndexByte(src[i+1:], '}')
			if j < 0 {
				return nil, &exprError{i, "unclosed \"{\" in template; write \"{{\" for a brace"}
			}
			name := strings.TrimSpace(src[i+1 : i+1+j])
			if name == "" {
				return nil, &exprError{i, "empty \"{}\" in template; expected a column name"}
			}
			if lit.Len() > 0 {
				t.parts = append(t.parts, tmplPart{lit: lit.String()})
				lit.Reset()
			}
			line, col := pos(i + 1)
			c := &colRef{name: name, line: line, col: col}
			t.parts = append(t.parts, tmplPart{col: c})
			t.cols = append(t.cols, c)
			i += j + 2
		case src[i] == '}':
			return nil, &exprError{i, "unmatched \"}\" in template; write \"}}\" for a brace"}
		default:
			lit.WriteByte(src[i])
			i++
		}
	}
	if lit.Len() > 0 {
		t.parts = append(t.parts, tmplPart{lit: lit.String()})
	}
	return t, nil
}

// render fills the template from the row. With required set, an empty or
// missing column is an error; otherwise it makes the whole result "".
func (t *template) render(r *row, required bool) (string, *Problem) {
	if t == nil {
		return "", nil
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.col == nil {
			b.WriteString(p.lit)
			continue
		}
		v, _, ok := r.cell(p.col.name)
		if !ok || v == "" {
			if !required {
				return "", nil
			}
			msg := "empty value"
			if !ok {
				msg = "missing in this feature's properties"
			}
			return "", &Problem{Line: r.line, Column: p.col.name, Msg: fmt.Sprintf("%s, needed by %q", msg, t.src)}
		}
		b.WriteString(v)
	}
	return b.String(), nil
}
