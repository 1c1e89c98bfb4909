package recipe

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// colRef is a column named by the recipe, with its position there.
type colRef struct {
	name      string
	line, col int
}

// expr is an arithmetic expression over numeric columns:
// numbers, column names (or `quoted names`), + - * /, parentheses and unary
// minus.
type expr struct {
	src  string
	root *exprNode
	cols []*colRef
}

type exprNode struct {
	op   byte // 'n' number, 'c' column, 'u' unary minus, or + - * /
	num  float64
	col  *colRef
	l, r *exprNode
}

// errDivZero is returned by eval when a divisor is zero.
var errDivZero = errors.New("division by zero")

// eval computes the expression; value gives each column's number.
func (e *expr) eval(value func(*colRef) (float64, error)) (float64, error) {
	return e.root.eval(value)
}

func (n *exprNode) eval(value func(*colRef) (float64, error)) (float64, error) {
	switch n.op {
	case 'n':
		return n.num, nil
	case 'c':
		return value(n.col)
	case 'u':
		v, err := n.l.eval(value)
		return -v, err
	}
	a, err := n.l.eval(value)
	if err != nil {
		return 0, err
	}
	b, err := n.r.eval(value)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case '+':
		return a + b, nil
	case '-':
		return a - b, nil
	case '*':
		return a * b, nil
	}
	if b == 0 {
		return 0, errDivZero
	}
	return a / b, nil
}

// exprError is a syntax error at a byte offset of the expression text.
type exprError struct {
	off int
	msg string
}

func (e *exprError) Error() string { return e.msg }

type token struct {
	kind byte // 'n' number, 'c' column, 'o' operator or paren, 0 end
	text string
	off  int
	num  float64
}

// parseExpr parses src; pos maps a byte offset of src to a recipe position.
func parseExpr(src string, pos func(off int) (int, int)) (*expr, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{toks: toks, pos: pos}
	root, err := p.sum()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != 0 {
		return nil, &exprError{t.off, fmt.Sprintf("unexpected %s; expected an operator (+ - * /) or the end", describe(t))}
	}
	return &expr{src: src, root: root, cols: p.cols}, nil
}

func lexExpr(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte("+-*/()", c) >= 0:
			toks = append(toks, token{kind: 'o', text: src[i : i+1], off: i})
			i++
		case c >= '0' && c <= '9' || c == '.':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
				k := j + 1
				if k < len(src) && (src[k] == '+' || src[k] == '-') {
					k++
				}
				if k < len(src) && src[k] >= '0' && src[k] <= '9' {
					for j = k; j < len(src) && src[j] >= '0' && src[j] <= '9'; j++ {
					}
				}
			}
			v, err := strconv.ParseFloat(src[i:j], 64)
			if err != nil {
				return nil, &exprError{i, fmt.Sprintf("bad number %q", src[i:j])}
			}
			toks = append(toks, token{kind: 'n', text: src[i:j], off: i, num: v})
			i = j
		case c == '`':
			j := strings.IndexByte(src[i+1:], '`')
			if j < 0 {
				return nil, &exprError{i, "unclosed ` in column name"}
			}
			if j == 0 {
				return nil, &exprError{i, "empty column name ``"}
			}
			toks = append(toks, token{kind: 'c', text: src[i+1 : i+1+j], off: i})
			i += j + 2
		case c == '_' || c < 0x80 && unicode.IsLetter(rune(c)):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] < 0x80 && (unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j])))) {
				j++
			}
			toks = append(toks, token{kind: 'c', text: src[i:j], off: i})
			i = j
		default:
			return nil, &exprError{i, fmt.Sprintf("unexpected %q; column names with other characters need backquotes, like `col-name`", src[i:i+1])}
		}
	}
	return append(toks, token{off: len(src)}), nil
}

type exprParser struct {
	toks []token
	i    int
	pos  func(int) (int, int)
	cols []*colRef
}

func (p *exprParser) peek() token { return p.toks[p.i] }
func (p *exprParser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *exprParser) sum() (*exprNode, error) {
	l, err := p.product()
	for err == nil && p.peek().kind == 'o' && (p.peek().text == "+" || p.peek().text == "-") {
		op := p.next().text[0]
		var r *exprNode
		if r, err = p.product(); err == nil {
			l = &exprNode{op: op, l: l, r: r}
		}
	}
	return l, err
}

func (p *exprParser) product() (*exprNode, error) {
	l, err := p.unary()
	for err == nil && p.peek().kind == 'o' && (p.peek().text == "*" || p.peek().text == "/") {
		op := p.next().text[0]
		var r *exprNode
		if r, err = p.unary(); err == nil {
			l = &exprNode{op: op, l: l, r: r}
		}
	}
	return l, err
}

func (p *exprParser) unary() (*exprNode, error) {
	if t := p.peek(); t.kind == 'o' && t.text == "-" {
		p.next()
		n, err := p.unary()
		return &exprNode{op: 'u', l: n}, err
	}
	return p.primary()
}

func (p *exprParser) primary() (*exprNode, error) {
	t := p.next()
	switch {
	case t.kind == 'n':
		return &exprNode{op: 'n', num: t.num}, nil
	case t.kind == 'c':
		line, col := p.pos(t.off)
		c := &colRef{name: t.text, line: line, col: col}
		p.cols = append(p.cols, c)
		return &exprNode{op: 'c', col: c}, nil
	case t.kind == 'o' && t.text == "(":
		n, err := p.sum()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != 'o' || c.text != ")" {
			return nil, &exprError{c.off, fmt.Sprintf("unexpected %s; expected \")\"", describe(c))}
		}
		return n, nil
	}
	return nil, &exprError{t.off, fmt.Sprintf("unexpected %s; expected a number, a column or \"(\"", describe(t))}
}

func describe(t token) string {
	if t.kind == 0 {
		return "end of expression"
	}
	return strconv.Quote(t.text)
}

// parseNumber parses a cell written with the decimal separator dec ('.' or
// ','). The other separator is refused, so a recipe that declares the wrong
// decimal separator fails loudly instead of misreading numbers.
func parseNumber(s string, dec byte) (float64, error) {
	if dec == ',' {
		if strings.IndexByte(s, '.') >= 0 {
			return 0, fmt.Errorf("expected a number with a decimal comma, got %q", s)
		}
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.IndexByte(s, ',') >= 0 {
		return 0, fmt.Errorf("expected a number with a decimal point, got %q", s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, fmt.Errorf("expected a number, got %q", s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, fmt.Errorf("expected a number, got %q", s)
	}
	return v, nil
}
