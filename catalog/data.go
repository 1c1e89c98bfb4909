package catalog

import (
	"time"

	"github.com/welfare-intelligence/wi/question"
)

// Data is the whole content of a catalog in memory: what a builder produces
// and Write stores, and what Load reads back.
type Data struct {
	Meta          []MetaEntry
	Datasets      []Dataset
	Areas         []AreaRow
	Targets       []question.Target
	Services      []question.Service
	Demand        []DemandRow
	Organizations []Organization
	Facilities    []FacilityRow
	Benchmarks    []Benchmark
	Notes         []DatasetNote
}

// DatasetNote explains how a dataset counts a target: an approximation, a
// definition that differs from the vocabulary's. Answers quote it.
type DatasetNote struct {
	Dataset string
	Target  string
	Note    string
}

// MetaEntry is one key of the catalog's metadata (schema version, name,
// whether the data are synthetic, the generator's seed).
type MetaEntry struct{ Key, Value string }

// Dataset is the provenance of a set of rows.
type Dataset struct {
	ID            string
	Title         string
	Publisher     string
	Licence       string
	URL           string
	ReferenceDate time.Time
	Synthetic     bool
	Rows          int64
	Checksum      string // sha256 of the dataset's rows as the catalog holds them
}

// AreaRow is a territorial unit with its geometry.
type AreaRow struct {
	ID       string
	Level    string // question.LevelSection, LevelNIL, LevelMunicipio, LevelCity
	ParentID string
	Code     string // the publisher's code (census section number, NIL id)
	Slug     string
	Name     string // as documents print it (package catalog/names)
	// NameSource is the name as the source wrote it, when cleaning changed
	// it ("" otherwise).
	NameSource string
	Lon, Lat   float64 // representative point, inside the area
	AreaKm2    float64
	GeoJSON    string // geometry: a GeoJSON Polygon or MultiPolygon
	Dataset    string
}

// DemandRow is the count of a target in an area for a year.
type DemandRow struct {
	AreaID  string
	Target  string
	Year    int
	Count   int64
	Dataset string
}

// Organization runs facilities.
type Organization struct {
	ID         string
	Name       string
	Kind       string // "comune", "ats", "ets", "fondazione", "impresa"
	NameSource string // the source's name when cleaning changed it
}

// FacilityRow is a service point.
type FacilityRow struct {
	ID           string
	Service      string
	Name         string
	NameSource   string // the source's name when cleaning changed it
	Organization string
	Address      string
	Lon, Lat     float64
	Capacity     float64
	AreaID       string // section the point falls in
	Dataset      string
}

// Benchmark is a standard of the demand model: the capacity a service needs
// (or the users it expects) per Per people of its eligible target, with
// its kind and source.
type Benchmark struct {
	ID      string
	Service string
	Target  string  // the eligible target
	Value   float64 // capacity units per Per people of Target
	Per     float64
	Kind    string // one of question.StandardKinds
	NameIT  string
	NameEN  string
	Source  string // law, regional plan or survey, in words
	Year    int    // year of the source
}
