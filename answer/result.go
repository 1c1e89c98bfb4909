package answer

import (
	"encoding/json"
	"github.com/welfare-intelligence/wi/question"
	"time"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// Result is the answer to one question, ready to be rendered as text, JSON,
// a chat message or a PDF page.
type Result struct {
	Question  string         `json:"question"`
	Canonical string         `json:"canonical"`
	Lang      question.Lang  `json:"lang"`
	Headline  string         `json:"headline"`
	Columns   []Column       `json:"columns"`
	Rows      [][]Value      `json:"rows"`
	Facts     map[string]any `json:"facts"`
	// Caveats qualify the headline's figures in plain words (services the
	// catalog lacks, estimated or evenly spread counts, old data, straight-
	// line distances): every rendering shows them beside the figures, not
	// only among the notes.
	Caveats    []string      `json:"caveats,omitempty"`
	Notes      []string      `json:"notes"`
	Sources    []Source      `json:"sources"`
	Synthetic  bool          `json:"synthetic"`
	Disclosure Disclosure    `json:"disclosure"`
	Catalog    string        `json:"catalog"`
	Role       Role          `json:"role"`
	Elapsed    time.Duration `json:"-"`
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

// Value is one cell of a result's table: a string, an int64, a float64, a
// published count of people (made only from a disclose.Count), or a
// confidential cell withheld by disclosure control.
type Value struct {
	v          any
	suppressed bool
	people     bool // made by Count: a figure that passed through disclose
}

// Confidential is how a withheld cell is written (Eurostat's flag).
const Confidential = ":c"

// Str, Int, Float and Suppressed make cells.
func Str(s string) Value    { return Value{v: s} }
func Int(n int64) Value     { return Value{v: n} }
func Float(x float64) Value { return Value{v: x} }
func Suppressed() Value     { return Value{suppressed: true} }

// Count makes a cell of a count of people or families: the only way such a
// figure enters a table (the engine refuses a people column holding
// anything else).
func Count(c disclose.Count) Value {
	if v, ok := c.Value(); ok {
		return Value{v: v, people: true}
	}
	if c.Withheld() {
		return Value{suppressed: true, people: true}
	}
	return Value{people: true}
}

// IsPeople reports whether the cell was made by Count.
func (v Value) IsPeople() bool { return v.people }

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

// Disclosure says how a result was protected. It never says why a cell was
// withheld (that would tell a small count from a protecting one).
type Disclosure struct {
	Rule       string `json:"rule"`      // in the result's language, three sentences at most
	Method     string `json:"method"`    // "cell-key" (perturbed counts) or "exact" (analyst role)
	Threshold  int    `json:"threshold"` // counts below it are never published as themselves
	MaxNoise   int    `json:"max_noise"` // the most a published count differs from the exact one, at or above the threshold
	Suppressed int    `json:"suppressed_cells"`
	Rounding   int    `json:"rounding,omitempty"` // counts rounded to multiples of this (1 or absent: no rounding)
}
