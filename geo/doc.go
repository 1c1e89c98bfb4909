// Package geo is the geometry of wi, done in Go because no DuckDB spatial
// extension is available: geodesic (haversine) distances on lon/lat, a grid
// index for radius and nearest queries, and polygon measures.
//
// It knows points and polygons only: nothing about targets, services,
// storage, questions or rendering.
package geo
