// Package store is the contract between the engine and the catalog: what
// the engine reads (Store), in which shapes. The catalog implements it over
// DuckDB; the engine never sees SQL drivers, and the catalog never imports
// the engine.
package store

import (
	"context"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// Store is what the engine reads: a catalog opened read-only. The catalog
// package implements it over DuckDB; the engine never sees SQL drivers.
type Store interface {
	// Info describes the catalog: its name, whether it is synthetic, its datasets.
	Info(ctx context.Context) (Info, error)
	// Vocabulary lists the targets, services, areas and years questions may name.
	Vocabulary(ctx context.Context) (*question.Vocabulary, error)
	// FinestDemand returns the count of a target in every area of the finest
	// level that holds it for a year (census sections when the catalog has
	// them, neighbourhoods otherwise), with each area's representative point
	// and, above the section level, its outline.
	FinestDemand(ctx context.Context, target string, year int) ([]AreaDemand, error)
	// Facilities returns the facilities of the given service types, or every
	// facility when services is empty.
	Facilities(ctx context.Context, services []string) ([]Facility, error)
	// Benchmarks returns the reference ratios of service capacity to target
	// population.
	Benchmarks(ctx context.Context) ([]Benchmark, error)
	// DemandByYear returns the count of a target in an area (by slug, at any
	// level) for every year the catalog holds.
	DemandByYear(ctx context.Context, target, area string) ([]YearCount, error)
}

// Info describes a catalog.
type Info struct {
	Name      string
	Synthetic bool
	Datasets  []answer.Source
	// Secret derives the record keys of the cell-key method; a catalog
	// without one cannot answer questions about people.
	Secret disclose.Secret
}

// AreaDemand is the count of a target in one area.
type AreaDemand struct {
	Area    string // area ID
	Level   string
	Point   geo.Point // representative point, inside the area
	Shape   string    // GeoJSON outline, given above the section level
	Count   int64
	Dataset string
}

// Facility is a service point.
type Facility struct {
	ID           string
	Service      string
	Name         string
	Point        geo.Point
	Capacity     float64 // 0 when unknown
	Organization string  // ID of the operator, "" when unknown
	Operator     string  // the operator's name
	Address      string
	Area         string // ID of the area (section or finest level) it stands in
	Dataset      string
}

// Benchmark is a standard of the demand model: Value units of a service's
// capacity expected per Per people (or households) of its eligible target.
// Kind says what the standard is (question.StandardKinds); Source and Year
// say where it comes from.
type Benchmark struct {
	ID      string
	Service string
	Target  string
	Value   float64
	Per     float64
	Kind    string
	NameIT  string
	NameEN  string
	Source  string
	Year    int
}

// YearCount is a count for a year.
type YearCount struct {
	Year    int
	Count   int64
	Dataset string
}

// OutlineStore is a Store that also gives the outlines of its areas, for the
// maps of PDF reports. The catalog implements it; a store without outlines
// yields reports without maps.
type OutlineStore interface {
	// Outlines returns the outline of every area of a level (LevelNIL,
	// LevelMunicipio, LevelCity), by area ID, as GeoJSON geometries.
	Outlines(ctx context.Context, level string) (map[string]string, error)
}
