package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/engine"
)

// Checksum returns a sha256 over the catalog's content, independent of row
// order and of the storage format: two catalogs with the same checksum answer
// every question alike. The datasets' own checksums are left out of it.
func Checksum(d *Data) string {
	h := sha256.New()
	table := func(name string, rows []string) {
		slices.Sort(rows)
		fmt.Fprintf(h, "table %s %d\n", name, len(rows))
		for _, r := range rows {
			h.Write([]byte(r))
			h.Write([]byte{'\n'})
		}
	}
	table("meta", mapRows(d.Meta, func(m MetaEntry) []any { return []any{m.Key, m.Value} }))
	table("datasets", mapRows(d.Datasets, func(s Dataset) []any {
		return []any{s.ID, s.Title, s.Publisher, s.Licence, s.URL, s.ReferenceDate, s.Synthetic, s.Rows}
	}))
	table("areas", mapRows(d.Areas, func(a AreaRow) []any {
		return []any{a.ID, a.Level, a.ParentID, a.Code, a.Slug, a.Name, a.Lon, a.Lat, a.AreaKm2, a.GeoJSON, a.Dataset}
	}))
	table("targets", mapRows(d.Targets, func(t engine.Target) []any {
		return []any{t.Slug, t.Kind, t.NameIT, t.NameEN, t.DefinitionIT, t.DefinitionEN, t.Sensitivity, t.MinCount}
	}))
	table("services", mapRows(d.Services, func(s engine.Service) []any {
		return []any{s.Slug, s.NameIT, s.NameEN, strings.Join(slices.Sorted(slices.Values(s.Targets)), ","), s.CapacityUnit, s.RadiusM}
	}))
	table("demand", mapRows(d.Demand, func(r DemandRow) []any { return []any{r.AreaID, r.Target, r.Year, r.Count, r.Dataset} }))
	table("organizations", mapRows(d.Organizations, func(o Organization) []any { return []any{o.ID, o.Name, o.Kind} }))
	table("facilities", mapRows(d.Facilities, func(f FacilityRow) []any {
		return []any{f.ID, f.Service, f.Name, f.Organization, f.Address, f.Lon, f.Lat, f.Capacity, f.AreaID, f.Dataset}
	}))
	table("benchmarks", mapRows(d.Benchmarks, func(b Benchmark) []any {
		return []any{b.ID, b.Service, b.Target, b.Value, b.Per, b.Kind, b.NameIT, b.NameEN, b.Source}
	}))
	return hex.EncodeToString(h.Sum(nil))
}

func mapRows[T any](rows []T, cols func(T) []any) []string {
	out := make([]string, len(rows))
	var b strings.Builder
	for i, r := range rows {
		b.Reset()
		for j, v := range cols(r) {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(field(v))
		}
		out[i] = b.String()
	}
	return out
}

// field prints a value exactly: floats with the shortest form that reads back
// to the same bits, text quoted so that tabs and newlines cannot collide.
func field(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format("2006-01-02")
	}
	panic(fmt.Sprintf("catalog checksum: unexpected %T", v))
}
