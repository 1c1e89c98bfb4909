package recipe

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// kind reads the one section among areas, demand and facilities.
func (l *loader) kind(r *Recipe, top *mapping) error {
	var first string
	for _, k := range top.order {
		if k != KindAreas && k != KindDemand && k != KindFacilities {
			continue
		}
		if first != "" {
			return l.errf(top.keys[k], "%s: a recipe makes one kind of row, and %s is already given at line %d; split it into two recipes", k, first, top.keys[first].Line)
		}
		first = k
	}
	if first == "" {
		return l.errAt(1, 1, "missing one of areas, demand or facilities: what should this recipe make?")
	}
	r.Kind = first
	switch first {
	case KindAreas:
		return l.areas(r, top)
	case KindDemand:
		return l.demand(r, top)
	}
	return l.facilities(r, top)
}

func (l *loader) areas(r *Recipe, top *mapping) error {
	if r.spec.source.format != "geojson" {
		return l.errf(top.keys[KindAreas], "areas: the source must be geojson (areas need polygons), got %s", r.spec.source.format)
	}
	m, err := l.section(top, KindAreas, areasKeys...)
	if err != nil {
		return err
	}
	level, n, err := l.str(m, "level", true)
	if err != nil {
		return err
	}
	if !contains(levels, level) {
		return l.errf(n, "level: unknown level %q; expected one of %s%s", level, strings.Join(levels, ", "), didYouMean(level, levels))
	}
	r.Level = level
	a := &areasSpec{}
	for _, f := range []struct {
		key      string
		dst      **template
		required bool
	}{{"id", &a.id, true}, {"code", &a.code, false}, {"slug", &a.slug, false}, {"name", &a.name, true}} {
		if *f.dst, err = l.template(m, f.key, f.required); err != nil {
			return err
		}
	}
	if m.has("city") {
		cm, err := l.mapping("city", m.keys["city"], m.vals["city"], cityKeys...)
		if err != nil {
			return err
		}
		c := &CityArea{}
		if c.ID, _, err = l.str(cm, "id", true); err != nil {
			return err
		}
		c.Slug = c.ID
		if cm.has("slug") {
			if c.Slug, err = l.slug(cm, "slug"); err != nil {
				return err
			}
		}
		if c.Name, _, err = l.str(cm, "name", true); err != nil {
			return err
		}
		r.City = c
	}
	if parent, pn, err := l.str(m, "parent", false); err != nil {
		return err
	} else if pn != nil {
		if r.City != nil {
			return l.errf(m.keys["parent"], "parent: the city is already these areas' parent; give parent or city, not both")
		}
		if parent == "contains" {
			r.ParentContains = true
		} else if a.parent, err = l.template(m, "parent", true); err != nil {
			return err
		}
	}
	r.spec.areas = a
	return nil
}

func (l *loader) demand(r *Recipe, top *mapping) error {
	m, err := l.section(top, KindDemand, demandKeys...)
	if err != nil {
		return err
	}
	d := &demandSpec{}
	if d.area, err = l.template(m, "area", true); err != nil {
		return err
	}
	year, yn, err := l.str(m, "year", true)
	if err != nil {
		return err
	}
	if y, err := strconv.Atoi(year); err == nil {
		if y < 1800 || y > 2200 {
			return l.errf(yn, "year: expected a year like 2011, got %d", y)
		}
		d.year = y
	} else {
		if !strings.Contains(year, "{") {
			yn.Value = "{" + year + "}" // a bare column name
			yn.Column--
		}
		if d.yearT, err = l.template(m, "year", true); err != nil {
			return err
		}
	}
	if !m.has("targets") {
		return l.errf(m.at, "missing required key %q in %s", "targets", m.name)
	}
	tm, err := l.mapping("targets", m.keys["targets"], m.vals["targets"])
	if err != nil {
		return err
	}
	if len(tm.order) == 0 {
		return l.errf(m.keys["targets"], "targets: expected at least one target like \"residenti: P1\"")
	}
	for _, slug := range tm.order {
		if !isSlug(slug) {
			return l.errf(tm.keys[slug], "targets: expected a target slug of a-z, 0-9 and -, got %q", slug)
		}
		e, err := l.expr(tm.vals[slug], "targets."+slug)
		if err != nil {
			return err
		}
		d.targets = append(d.targets, targetSpec{slug: slug, expr: e})
	}
	if m.has("notes") {
		nm, err := l.mapping("notes", m.keys["notes"], m.vals["notes"])
		if err != nil {
			return err
		}
		r.Notes = map[string]string{}
		for _, slug := range nm.order {
			if !slices.ContainsFunc(d.targets, func(t targetSpec) bool { return t.slug == slug }) {
				return l.errf(nm.keys[slug], "notes: %q is not one of the targets%s", slug, didYouMean(slug, tm.order))
			}
			if r.Notes[slug], _, err = l.str(nm, slug, true); err != nil {
				return err
			}
		}
	}
	r.spec.demand = d
	return nil
}

func (l *loader) facilities(r *Recipe, top *mapping) error {
	m, err := l.section(top, KindFacilities, facKeys...)
	if err != nil {
		return err
	}
	f := &facilitiesSpec{}
	if err := l.service(&f.service, m); err != nil {
		return err
	}
	for _, t := range []struct {
		key      string
		dst      **template
		required bool
	}{{"id", &f.id, true}, {"name", &f.name, true}, {"operator", &f.operator, false}, {"address", &f.address, false}} {
		if *t.dst, err = l.template(m, t.key, t.required); err != nil {
			return err
		}
	}
	if f.lon, err = l.column(m, "lon", false); err != nil {
		return err
	}
	if f.lat, err = l.column(m, "lat", false); err != nil {
		return err
	}
	switch {
	case (f.lon == nil) != (f.lat == nil):
		return l.errf(m.at, "facilities: give both lon and lat, or neither (for GeoJSON Point features)")
	case f.lon == nil && r.spec.source.format == "csv":
		return l.errf(m.at, "missing required keys \"lon\" and \"lat\" in facilities: a csv source needs coordinate columns")
	}
	if m.has("capacity") {
		if f.capacity, err = l.expr(m.vals["capacity"], "capacity"); err != nil {
			return err
		}
	}
	r.spec.facilities = f
	return nil
}

func (l *loader) service(s *serviceSpec, m *mapping) error {
	v := m.vals["service"]
	if v == nil {
		return l.errf(m.at, "missing required key %q in %s", "service", m.name)
	}
	if v.Kind == yaml.ScalarNode {
		var err error
		s.slug, err = l.slug(m, "service")
		return err
	}
	sm, err := l.mapping("service", m.keys["service"], v, serviceKeys...)
	if err != nil {
		return err
	}
	if s.col, err = l.column(sm, "column", true); err != nil {
		return err
	}
	if !sm.has("map") {
		return l.errf(sm.at, "missing required key %q in service", "map")
	}
	mm, err := l.mapping("service.map", sm.keys["map"], sm.vals["map"])
	if err != nil {
		return err
	}
	s.m = map[string]string{}
	for _, k := range mm.order {
		if s.m[k], err = l.slug(mm, k); err != nil {
			return err
		}
	}
	if def, dn, err := l.str(sm, "default", false); err != nil {
		return err
	} else if def == "skip" {
		s.skip = true
	} else if dn != nil {
		if !isSlug(def) {
			return l.errf(dn, "default: expected skip or a service slug, got %q", def)
		}
		s.def = def
	}
	return nil
}
