package recipe

import (
	"fmt"
	"time"

	"github.com/welfare-intelligence/wi/geo"
)

// Kinds of recipe: each recipe makes exactly one kind of row.
const (
	KindAreas      = "areas"
	KindDemand     = "demand"
	KindFacilities = "facilities"
)

// Recipe is a loaded and checked import recipe.
type Recipe struct {
	Path           string // the recipe file, as given to Load
	Kind           string // KindAreas, KindDemand, KindFacilities or KindStandards
	Dataset        Dataset
	Level          string            // areas only: section, nil, municipio or city
	City           *CityArea         // areas only, may be nil; when set it is every area's Parent
	ParentContains bool              // areas only: the parent is found by point-in-polygon
	Notes          map[string]string // demand only: target slug → note on an approximation

	spec      *spec
	standards []Standard // standards only
}

// Dataset is the provenance of every row a recipe makes.
type Dataset struct {
	ID, Title, Publisher, Licence, URL string
	ReferenceDate                      time.Time
	SourcePath                         string // the source file, resolved against the recipe's directory
}

// CityArea is the city area an areas recipe asks for: the union of its areas
// and their parent.
type CityArea struct{ ID, Slug, Name string }

// Area is one territorial unit. Line is the 1-based feature index for
// GeoJSON, the line for CSV.
type Area struct {
	Line                         int
	ID, Code, Slug, Name, Parent string
	Shape                        geo.MultiPolygon
}

// Demand is the count of one target in one source row: one per source row
// per target, not aggregated (the catalog sums and rounds).
type Demand struct {
	Line   int
	Area   string
	Target string
	Year   int
	Value  float64
}

// Facility is one service point.
type Facility struct {
	Line                                 int
	ID, Service, Name, Operator, Address string
	Lon, Lat                             float64
	Capacity                             float64
	HasCapacity                          bool // false when the capacity cells are empty or the recipe has none
}

// Problem is a source row the recipe could not use: it is kept out of the
// result and reported.
type Problem struct {
	File   string
	Line   int
	Column string // the source column at fault, if one is
	Msg    string
}

// String prints the problem as "file:line: column X: msg".
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: column %s: %s", p.File, p.Line, p.Column, p.Msg)
}

// Result is what Read made of a source file. Every row read is counted once:
// RowsRead = RowsKept + RowsFiltered + RowsSkipped + len(Problems).
type Result struct {
	Areas      []Area
	Demand     []Demand
	Facilities []Facility
	Standards  []Standard
	Problems   []Problem

	RowsRead     int    // data rows (CSV) or features (GeoJSON) read
	RowsKept     int    // rows that made areas, demand or facilities
	RowsFiltered int    // rows dropped by the recipe's filter
	RowsSkipped  int    // rows dropped on purpose: a service map's `default: skip`
	SHA256       string // hex digest of the source file's bytes
}

// Error is a fatal error in a recipe or a source file, with its position.
// Line and Col are 1-based; zero means unknown.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}
