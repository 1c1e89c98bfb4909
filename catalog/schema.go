package catalog

// SchemaVersion changes whenever the tables change; a cached demo catalog of
// another version is rebuilt. Version 3 added the disclosure secret to meta;
// version 5 stores names cleaned at import (package catalog/names) and keeps
// the source's in name_source (areas, organizations, facilities).
const SchemaVersion = "5"

// schema creates the catalog's tables (DESIGN.md §4).
const schema = `
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE datasets (
	id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, publisher VARCHAR NOT NULL,
	licence VARCHAR NOT NULL, url VARCHAR, reference_date DATE NOT NULL,
	synthetic BOOLEAN NOT NULL, row_count BIGINT NOT NULL, checksum VARCHAR NOT NULL);
CREATE TABLE areas (
	id VARCHAR PRIMARY KEY, level VARCHAR NOT NULL, parent_id VARCHAR, code VARCHAR,
	slug VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL,
	area_km2 DOUBLE NOT NULL, geometry VARCHAR NOT NULL, dataset_id VARCHAR NOT NULL, name_source VARCHAR);
CREATE TABLE targets (
	slug VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, name_it VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
	definition_it VARCHAR NOT NULL, definition_en VARCHAR NOT NULL,
	sensitivity VARCHAR NOT NULL, min_count INTEGER NOT NULL CHECK (min_count >= 3));
CREATE TABLE services (
	slug VARCHAR PRIMARY KEY, name_it VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
	capacity_unit VARCHAR NOT NULL, radius_m DOUBLE NOT NULL,
	role VARCHAR NOT NULL CHECK (role IN ('welfare', 'context')));
CREATE TABLE service_targets (service VARCHAR NOT NULL, target VARCHAR NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (service, target));
CREATE TABLE demand (
	area_id VARCHAR NOT NULL, target VARCHAR NOT NULL, year INTEGER NOT NULL,
	count BIGINT NOT NULL CHECK (count >= 0), dataset_id VARCHAR NOT NULL,
	PRIMARY KEY (area_id, target, year));
CREATE TABLE organizations (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, name_source VARCHAR);
CREATE TABLE facilities (
	id VARCHAR PRIMARY KEY, service VARCHAR NOT NULL, name VARCHAR NOT NULL, organization_id VARCHAR,
	address VARCHAR, lon DOUBLE NOT NULL, lat DOUBLE NOT NULL, capacity DOUBLE,
	area_id VARCHAR, dataset_id VARCHAR NOT NULL, name_source VARCHAR);
CREATE TABLE benchmarks (
	id VARCHAR PRIMARY KEY, service VARCHAR NOT NULL, target VARCHAR NOT NULL, value DOUBLE NOT NULL,
	per DOUBLE NOT NULL, kind VARCHAR NOT NULL, name_it VARCHAR NOT NULL, name_en VARCHAR NOT NULL,
	source VARCHAR NOT NULL, year INTEGER NOT NULL);
CREATE TABLE dataset_notes (
	dataset_id VARCHAR NOT NULL, target VARCHAR NOT NULL, note VARCHAR NOT NULL,
	PRIMARY KEY (dataset_id, target));
CREATE TABLE indicators (
	area_id VARCHAR NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL,
	dataset_id VARCHAR NOT NULL);
`
