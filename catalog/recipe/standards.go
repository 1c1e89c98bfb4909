package recipe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// KindStandards is the kind of a recipe that gives the standards of the
// demand model: its rows are written in the recipe itself, each with its own
// source, and it reads no file.
const KindStandards = "standards"

// StandardKinds are the kinds a standard may be: a national essential level
// set by law, a regional standard, an average observed by a survey, a local
// parameter. They match question.StandardKinds.
var StandardKinds = []string{"lep", "regional", "average", "local"}

var standardKeys = []string{"id", "service", "target", "value", "per", "kind", "year", "name_it", "name_en", "source"}

// Standard is one standard of the demand model: Value units of a service's
// capacity expected per Per people of its eligible target.
type Standard struct {
	Line                      int
	ID, Service, Target, Kind string
	Value, Per                float64
	Year                      int
	NameIT, NameEN, Source    string
}

// standards reads a standards recipe: a dataset and a list of standards, no
// source, filter or join.
func (l *loader) standards(r *Recipe, top *mapping) error {
	for _, k := range []string{"source", "filter", "join", KindAreas, KindDemand, KindFacilities} {
		if top.has(k) {
			return l.errf(top.keys[k], "%s: a standards recipe writes its rows itself and takes no %s; put it in a recipe of its own", k, k)
		}
	}
	r.Kind = KindStandards
	list := top.vals[KindStandards]
	if list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		return l.errf(top.keys[KindStandards], "standards: expected a list of standards (id, service, target, value, per, kind, year, name_it, name_en, source), got %s", kindName(list))
	}
	seen := map[string]int{}
	for _, n := range list.Content {
		m, err := l.mapping("a standard", n, n, standardKeys...)
		if err != nil {
			return err
		}
		s := Standard{Line: n.Line}
		if s.ID, err = l.slug(m, "id"); err != nil {
			return err
		}
		if prev, dup := seen[s.ID]; dup {
			return l.errf(m.keys["id"], "id: standard %q is already given at line %d", s.ID, prev)
		}
		seen[s.ID] = n.Line
		if s.Service, err = l.slug(m, "service"); err != nil {
			return err
		}
		if s.Target, err = l.slug(m, "target"); err != nil {
			return err
		}
		for _, f := range []struct {
			key string
			dst *float64
		}{{"value", &s.Value}, {"per", &s.Per}} {
			v, vn, err := l.str(m, f.key, true)
			if err != nil {
				return err
			}
			x, perr := strconv.ParseFloat(v, 64)
			if perr != nil || !(x > 0) {
				return l.errf(vn, "%s: expected a positive number written with a decimal point (e.g. 2.87), got %q", f.key, v)
			}
			*f.dst = x
		}
		kind, kn, err := l.str(m, "kind", true)
		if err != nil {
			return err
		}
		if !contains(StandardKinds, kind) {
			return l.errf(kn, "kind: unknown kind %q; expected one of %s%s", kind, strings.Join(StandardKinds, ", "), didYouMean(kind, StandardKinds))
		}
		s.Kind = kind
		y, yn, err := l.str(m, "year", true)
		if err != nil {
			return err
		}
		if s.Year, err = strconv.Atoi(y); err != nil || s.Year < 1900 || s.Year > 2100 {
			return l.errf(yn, "year: expected the year of the source, like 2021, got %q", y)
		}
		for _, f := range []struct {
			key string
			dst *string
		}{{"name_it", &s.NameIT}, {"name_en", &s.NameEN}, {"source", &s.Source}} {
			if *f.dst, _, err = l.str(m, f.key, true); err != nil {
				return err
			}
		}
		r.standards = append(r.standards, s)
	}
	return nil
}

// readStandards returns a standards recipe's rows; its checksum is the
// recipe file's, since the rows are written there.
func (r *Recipe) readStandards() (*Result, error) {
	data, err := os.ReadFile(r.Path)
	if err != nil {
		return nil, fmt.Errorf("read recipe: %w", err)
	}
	sum := sha256.Sum256(data)
	return &Result{Standards: append([]Standard(nil), r.standards...), RowsRead: len(r.standards), RowsKept: len(r.standards),
		SHA256: hex.EncodeToString(sum[:])}, nil
}
