package recipe

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestExpr(t *testing.T) {
	cols := map[string]float64{"P1": 10, "P2": 4, "P17": 5, "col-name": 3, "_x1": 2}
	tests := []struct {
		src  string
		want string // value, or "error at OFFSET: msg"
	}{
		{"P1", "10"},
		{"P1 + P2 * 2", "18"},
		{"(P1 + P2) * 2", "28"},
		{"P1 - P2 - 1", "5"},
		{"P1 / P2 / 2", "1.25"},
		{"-P1 + --P2", "-6"},
		{"0.6 * P17", "3"},
		{"1e2 + .5", "100.5"},
		{"`col-name` * _x1", "6"},
		{"P1 / (P2 - 4)", "division by zero"},
		{"P1 +* P2", `error at 4: unexpected "*"; expected a number, a column or "("`},
		{"P1 P2", `error at 3: unexpected "P2"; expected an operator (+ - * /) or the end`},
		{"(P1", `error at 3: unexpected end of expression; expected ")"`},
		{"", `error at 0: unexpected end of expression; expected a number, a column or "("`},
		{"col-name", "0"}, // col minus name: Load reports both as unknown columns
		{"P1 % 2", "error at 3: unexpected \"%\"; column names with other characters need backquotes, like `col-name`"},
		{"`P1", "error at 0: unclosed ` in column name"},
		{"1.2.3", `error at 0: bad number "1.2.3"`},
	}
	for _, tt := range tests {
		e, err := parseExpr(tt.src, func(off int) (int, int) { return 1, off + 1 })
		var got string
		if err != nil {
			var ee *exprError
			if !errors.As(err, &ee) {
				t.Fatalf("%q: error %T", tt.src, err)
			}
			got = fmt.Sprintf("error at %d: %s", ee.off, ee.msg)
		} else {
			v, err := e.eval(func(c *colRef) (float64, error) { return cols[c.name], nil })
			got = fmt.Sprint(v)
			if err != nil {
				got = err.Error()
			}
		}
		if got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestExprColumnPositions(t *testing.T) {
	e, err := parseExpr("P27 + `a b` * P29", func(off int) (int, int) { return 7, 10 + off })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range e.cols {
		got = append(got, fmt.Sprintf("%s@%d:%d", c.name, c.line, c.col))
	}
	if s := strings.Join(got, " "); s != "P27@7:10 a b@7:16 P29@7:24" {
		t.Errorf("columns %s", s)
	}
}

func TestTemplate(t *testing.T) {
	r := &row{line: 3, cols: map[string]int{"ID": 0, "NOME": 1, "VUOTO": 2}, vals: []string{"12", "Casa", ""}, dec: '.'}
	tests := []struct {
		src, want string
		required  bool
	}{
		{"rsa-{ID}", "rsa-12", true},
		{"costante", "costante", true},
		{"{{{NOME}}} {ID}", "{Casa} 12", true},
		{"{ NOME }", "Casa", true},
		{"x-{VUOTO}", `problem: line 3 column VUOTO: empty value, needed by "x-{VUOTO}"`, true},
		{"x-{VUOTO}", "", false},
		{"x-{ALTRO}", `problem: line 3 column ALTRO: missing in this feature's properties, needed by "x-{ALTRO}"`, true},
		{"a-{ID", `error at 2: unclosed "{" in template; write "{{" for a brace`, true},
		{"a-{}", `error at 2: empty "{}" in template; expected a column name`, true},
		{"a}", `error at 1: unmatched "}" in template; write "}}" for a brace`, true},
	}
	for _, tt := range tests {
		var got string
		tm, err := parseTemplate(tt.src, func(off int) (int, int) { return 1, off + 1 })
		if err != nil {
			ee := err.(*exprError)
			got = fmt.Sprintf("error at %d: %s", ee.off, ee.msg)
		} else if s, p := tm.render(r, tt.required); p != nil {
			got = fmt.Sprintf("problem: line %d column %s: %s", p.Line, p.Column, p.Msg)
		} else {
			got = s
		}
		if got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestNumbersAndText(t *testing.T) {
	tests := []struct {
		in   string
		dec  byte
		num  string
		text string
	}{
		{"45,484017", ',', "45.484017", "45,484017"},
		{"45.484017", ',', `expected a number with a decimal comma, got "45.484017"`, "45.484017"},
		{"12,0", ',', "12", "12"},
		{"12.0", '.', "12", "12"},
		{"-3.00", '.', "-3", "-3"},
		{"000528", '.', "528", "000528"},
		{"1,5", '.', `expected a number with a decimal point, got "1,5"`, "1,5"},
		{"NaN", '.', `expected a number, got "NaN"`, "NaN"},
		{"1e400", '.', `expected a number, got "1e400"`, "1e400"},
		{"20.154", '.', "20.154", "20.154"},
	}
	for _, tt := range tests {
		v, err := parseNumber(tt.in, tt.dec)
		num := fmt.Sprint(v)
		if err != nil {
			num = err.Error()
		}
		if num != tt.num {
			t.Errorf("parseNumber(%q, %q) = %s, want %s", tt.in, tt.dec, num, tt.num)
		}
		if text := trimZeroFraction(tt.in, tt.dec); text != tt.text {
			t.Errorf("trimZeroFraction(%q, %q) = %s, want %s", tt.in, tt.dec, text, tt.text)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	header := []string{"TOT_POSTI_AUTORIZZATI", "TOT_POSTI_ACCREDITATI", "WGS84_X", "WGS84_Y", "publisher", "P1", "P17"}
	tests := map[string]string{
		"TOT_POSTI": "TOT_POSTI_AUTORIZZATI",
		"WGS84_x":   "WGS84_X",
		"WGS_84_X":  "WGS84_X",
		"publsher":  "publisher",
		"P71":       "P1",
		"ANNO":      "",
		"p1":        "P1",
	}
	for in, want := range tests {
		if got := closest(in, header); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}
