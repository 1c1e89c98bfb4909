package engine

import (
	"encoding/json"
	"time"
)

// Result is the answer to one question, ready to be rendered as text, JSON,
// a chat message or a PDF page.
type Result struct {
	Question   string         `json:"question"`
	Canonical  string         `json:"canonical"`
	Lang       Lang           `json:"lang"`
	Headline   string         `json:"headline"`
	Columns    []Column       `json:"columns"`
	Rows       [][]Value      `json:"rows"`
	Facts      map[string]any `json:"facts"`
	Notes      []string       `json:"notes"`
	Sources    []Source       `json:"sources"`
	Synthetic  bool           `json:"synthetic"`
	Disclosure Disclosure     `json:"disclosure"`
	Catalog    string         `json:"catalog"`
	Role       Role           `json:"role"`
	Elapsed    time.Duration  `json:"-"`
}

// Column describes a column of a result's table.
type Column struct {
	Name  string `json:"name"`  // stable identifier, e.g. "unserved"
	Label string `json:"label"` // heading in the result's language
	Type  string `json:"type"`  // "string", "int", "float", "percent"
	Unit  string `json:"unit,omitempty"`
}

// Column types.
const (
	TypeString  = "string"
	TypeInt     = "int"
	TypeFloat   = "float"
	TypePercent = "percent" // a share in [0, 1]
	TypeYear    = "year"    // a calendar year, written without separators
	TypeCoord   = "coord"   // a latitude or longitude in degrees, written with a point and 5 decimals
)

// Value is one cell of a result's table: a string, an int64, a float64, or a
// confidential cell withheld by disclosure control.
type Value struct {
	v          any
	suppressed bool
}

// Confidential is how a withheld cell is written (Eurostat's flag).
const Confidential = ":c"

// Str, Int, Float and Suppressed make cells.
func Str(s string) Value    { return Value{v: s} }
func Int(n int64) Value     { return Value{v: n} }
func Float(x float64) Value { return Value{v: x} }
func Suppressed() Value     { return Value{suppressed: true} }

// Empty is a cell with no value, such as a share of nobody; JSON null.
func Empty() Value                 { return Value{} }
func (v Value) IsSuppressed() bool { return v.suppressed }

// Raw returns the cell's value: a string, int64 or float64; nil when suppressed.
func (v Value) Raw() any { return v.v }

// MarshalJSON writes the value, or ":c" for a confidential cell.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.suppressed {
		return json.Marshal(Confidential)
	}
	return json.Marshal(v.v)
}

// Disclosure says how a result was protected.
type Disclosure struct {
	Rule       string `json:"rule"`      // in the result's language
	Threshold  int    `json:"threshold"` // smallest count published
	Primary    int    `json:"primary_suppressed"`
	Secondary  int    `json:"secondary_suppressed"`
	Suppressed int    `json:"suppressed_cells"`
	Rounding   int    `json:"rounding,omitempty"` // counts rounded to multiples of this (1 or absent: exact)
}
