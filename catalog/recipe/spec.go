package recipe

// spec is the parsed body of a recipe, beyond what Recipe exports.
type spec struct {
	source     sourceSpec
	filters    []filterSpec
	join       *joinSpec
	areas      *areasSpec
	demand     *demandSpec
	facilities *facilitiesSpec
}

type sourceSpec struct {
	path      string // resolved against the recipe's directory
	format    string // "csv" or "geojson"
	delim     rune
	dec       byte
	line, col int // of the path value, for errors about the file
}

// filterSpec keeps a row when its column equals (op "equals"), is one of
// ("in") or differs from ("not_equals") the values.
type filterSpec struct {
	col    *colRef
	op     string
	values []string
}

type joinSpec struct {
	path      string
	delim     rune
	dec       byte
	key, on   *colRef // key: lookup column; on: source column
	line, col int
	fold      bool              // match: upper; keys compared upper-cased
	aliases   map[string]string // source value → the lookup key it stands for
	aliasAt   map[string]*colRef
}

type areasSpec struct {
	id, code, slug, name, parent *template
}

type demandSpec struct {
	area    *template
	year    int       // the year, when constant
	yearT   *template // otherwise a template (a bare column is "{column}")
	targets []targetSpec
}

type targetSpec struct {
	slug string
	expr *expr
}

type facilitiesSpec struct {
	service                     serviceSpec
	id, name, operator, address *template
	lon, lat                    *colRef // nil: use a GeoJSON Point geometry
	capacity                    *expr
}

// serviceSpec is a constant slug, or a column whose values map to slugs.
type serviceSpec struct {
	slug string
	col  *colRef
	m    map[string]string
	def  string // slug for unmapped values; "" makes them Problems
	skip bool   // unmapped values are skipped (default: skip)
}

// columns lists the recipe's column references: those that must be in the
// source, in the lookup, and in either.
func (s *spec) columns() (source, lookup, either []*colRef) {
	for _, f := range s.filters {
		source = append(source, f.col)
	}
	if s.join != nil {
		source = append(source, s.join.on)
		lookup = append(lookup, s.join.key)
	}
	tmpl := func(ts ...*template) {
		for _, t := range ts {
			if t != nil {
				either = append(either, t.cols...)
			}
		}
	}
	switch {
	case s.areas != nil:
		a := s.areas
		tmpl(a.id, a.code, a.slug, a.name, a.parent)
	case s.demand != nil:
		d := s.demand
		tmpl(d.area, d.yearT)
		for _, t := range d.targets {
			either = append(either, t.expr.cols...)
		}
	case s.facilities != nil:
		f := s.facilities
		if f.service.col != nil {
			either = append(either, f.service.col)
		}
		tmpl(f.id, f.name, f.operator, f.address)
		for _, c := range []*colRef{f.lon, f.lat} {
			if c != nil {
				either = append(either, c)
			}
		}
		if f.capacity != nil {
			either = append(either, f.capacity.cols...)
		}
	}
	return source, lookup, either
}
