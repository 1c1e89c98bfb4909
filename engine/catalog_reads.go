package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/geo"
)

// Info describes the engine's catalog: its name, whether it is synthetic,
// and its datasets with publisher, licence and reference date. Reports cite
// it in their appendix.
func (e *Engine) Info(ctx context.Context) (Info, error) {
	if err := e.load(ctx); err != nil {
		return Info{}, err
	}
	return e.info, nil
}

type outlineKey struct{ level string }

// Outlines returns the outlines of the areas of a level, by area ID, parsed
// once per open catalog. It returns ErrNotAvailable when the store keeps no
// outlines.
func (e *Engine) Outlines(ctx context.Context, level string) (map[string]geo.MultiPolygon, error) {
	key := outlineKey{level}
	if c, ok := e.memo.Load(key); ok {
		return c.(map[string]geo.MultiPolygon), nil
	}
	ostore, ok := e.store.(OutlineStore)
	if !ok {
		return nil, fmt.Errorf("outlines of level %s: %w", level, ErrNotAvailable)
	}
	raw, err := ostore.Outlines(ctx, level)
	if err != nil {
		return nil, err
	}
	out := make(map[string]geo.MultiPolygon, len(raw))
	for id, g := range raw {
		if g == "" {
			continue
		}
		mp, err := geo.ParseGeoJSON([]byte(g))
		if err != nil {
			return nil, fmt.Errorf("outline of area %s: %w", id, err)
		}
		out[id] = mp
	}
	e.memo.Store(key, out)
	return out, nil
}

// MapFacilities returns the facilities of the given services (every
// facility when services is empty), sorted by ID, to draw on maps. Figures
// about facilities come from questions; this is only their place. Callers
// must not modify the list.
func (e *Engine) MapFacilities(ctx context.Context, services []string) ([]Facility, error) {
	return e.facilities(ctx, services)
}

// facilities returns the facilities of the given services (every facility
// when services is empty) in ID order, as the store gives them, read once
// per set of services: an open catalog never changes. Callers must not
// modify the list.
func (e *Engine) facilities(ctx context.Context, services []string) ([]Facility, error) {
	key := mapFacilitiesKey{strings.Join(services, ",")}
	if c, ok := e.memo.Load(key); ok {
		return c.([]Facility), nil
	}
	fs, err := e.store.Facilities(ctx, services)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(fs, func(a, b Facility) int { return strings.Compare(a.ID, b.ID) })
	e.memo.Store(key, fs)
	return fs, nil
}

type mapFacilitiesKey struct{ services string }

type benchmarksKey struct{}

// Benchmarks returns the catalog's reference ratios, so that a report asks
// about gaps only for the services that have one.
// They are read once; callers must not modify them.
func (e *Engine) Benchmarks(ctx context.Context) ([]Benchmark, error) {
	if c, ok := e.memo.Load(benchmarksKey{}); ok {
		return c.([]Benchmark), nil
	}
	bs, err := e.store.Benchmarks(ctx)
	if err != nil {
		return nil, err
	}
	e.memo.Store(benchmarksKey{}, bs)
	return bs, nil
}
