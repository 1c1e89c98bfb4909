// Package catalog is wi's memory: a DuckDB database file holding the demand
// (people and families by target group, per area and year), the supply
// (facilities with location and capacity), the vocabularies, benchmarks and
// the provenance of every row. It builds catalogs (the deterministic demo
// city; later, imports of real open data), writes them atomically beside the
// current one, and opens them read-only to answer the engine's queries.
//
// It is the only package that imports the DuckDB driver. It knows nothing
// about the question language, chat platforms or PDF rendering; it serves
// the engine through the store.Store interface (package store, the contract
// between them): the catalog never imports the engine.
package catalog
