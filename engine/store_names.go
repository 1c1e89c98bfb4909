// Code generated from package store; the names the engine's files use unqualified. DO NOT EDIT: go generate ./engine/ rewrites it.

package engine

import "github.com/welfare-intelligence/wi/store"

type (
	AreaDemand   = store.AreaDemand
	Benchmark    = store.Benchmark
	Facility     = store.Facility
	Info         = store.Info
	OutlineStore = store.OutlineStore
	Store        = store.Store
	YearCount    = store.YearCount
)

const ()

var ()
