// Package recipe reads declarative import recipes: small YAML files that say
// how to turn one open-data source file (CSV or GeoJSON) into catalog rows:
// areas with their polygons, demand counts per area, target and year
// computed from column expressions, or facilities with a service type,
// lon/lat and capacity. A recipe names its dataset's provenance (publisher,
// licence, reference date) so every row it makes can be traced.
//
// Load parses and checks a recipe (unknown keys, missing keys, bad dates,
// columns the source does not have, bad expressions), reporting the recipe
// file, line and column of each mistake. Recipe.Read then reads the source
// and returns plain Go values, with the rows it could not use kept out and
// reported as Problems.
//
// The package is pure Go and knows nothing about DuckDB, the catalog schema,
// the engine, the question language or rendering: the catalog package calls
// it, assigns areas by point-in-polygon, validates against its vocabularies
// and writes the rows.
package recipe
