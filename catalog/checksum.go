package catalog

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/question"
)

// Checksum returns a sha256 over the catalog's content, independent of row
// order and of the storage format: two catalogs with the same checksum answer
// every question alike. The datasets' own checksums are left out of it.
//
// Each table's rows are hashed one by one and the hashes added together
// (a multiset hash), so that no table is sorted or held twice in memory,
// even at national scale.
func Checksum(d *Data) string {
	h := sha256.New()
	table := func(name string, acc tableSum) {
		fmt.Fprintf(h, "table %s %d %x\n", name, acc.rows, acc.sum)
	}
	table("meta", sumRows(d.Meta, func(m MetaEntry) []any { return []any{m.Key, m.Value} }))
	table("datasets", sumRows(d.Datasets, func(s Dataset) []any {
		return []any{s.ID, s.Title, s.Publisher, s.Licence, s.URL, s.ReferenceDate, s.Synthetic, s.Rows}
	}))
	table("areas", sumRows(d.Areas, func(a AreaRow) []any {
		return []any{a.ID, a.Level, a.ParentID, a.Code, a.Slug, a.Name, a.Lon, a.Lat, a.AreaKm2, a.GeoJSON, a.Dataset}
	}))
	table("targets", sumRows(d.Targets, func(t question.Target) []any {
		return []any{t.Slug, t.Kind, t.NameIT, t.NameEN, t.DefinitionIT, t.DefinitionEN, t.Sensitivity, t.MinCount}
	}))
	table("services", sumRows(d.Services, func(s question.Service) []any {
		return []any{s.Slug, s.NameIT, s.NameEN, strings.Join(s.Targets, ","), s.CapacityUnit, s.RadiusM, s.Role}
	}))
	table("demand", sumRows(d.Demand, func(r DemandRow) []any { return []any{r.AreaID, r.Target, r.Year, r.Count, r.Dataset} }))
	table("organizations", sumRows(d.Organizations, func(o Organization) []any { return []any{o.ID, o.Name, o.Kind} }))
	table("facilities", sumRows(d.Facilities, func(f FacilityRow) []any {
		return []any{f.ID, f.Service, f.Name, f.Organization, f.Address, f.Lon, f.Lat, f.Capacity, f.AreaID, f.Dataset}
	}))
	table("dataset_notes", sumRows(d.Notes, func(n DatasetNote) []any { return []any{n.Dataset, n.Target, n.Note} }))
	table("benchmarks", sumRows(d.Benchmarks, func(b Benchmark) []any {
		return []any{b.ID, b.Service, b.Target, b.Value, b.Per, b.Kind, b.NameIT, b.NameEN, b.Source, b.Year}
	}))
	return hex.EncodeToString(h.Sum(nil))
}

// tableSum is the sum, lane by lane modulo 2⁶⁴, of the sha256 of every row.
type tableSum struct {
	rows int
	sum  [4]uint64
}

func sumRows[T any](rows []T, cols func(T) []any) tableSum {
	var acc tableSum
	var b []byte
	for _, r := range rows {
		b = b[:0]
		for j, v := range cols(r) {
			if j > 0 {
				b = append(b, '\t')
			}
			b = append(b, field(v)...)
		}
		d := sha256.Sum256(b)
		for k := range acc.sum {
			acc.sum[k] += binary.BigEndian.Uint64(d[8*k:])
		}
		acc.rows++
	}
	return acc
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
