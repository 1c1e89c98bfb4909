package engine

import (
	"cmp"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// unservedSorted returns the rows of an underserved ranking in the order
// sort= asks: SortShare ranks by the share of the area's target without a
// service, from published counts; areas without the share (withheld, or
// nobody of the target) last, by area, so that their place reveals
// nothing. "" keeps the order by the people without a service.
func unservedSorted(rows []unservedRow, sort string) []unservedRow {
	if sort != SortShare {
		return rows
	}
	share := func(r unservedRow) (float64, bool) {
		if r.hideUnserved || r.hideTotal {
			return 0, false
		}
		return disclose.Share(r.unserved, r.total)
	}
	out := slices.Clone(rows)
	rankWithheldLast(out, func(r unservedRow) bool { _, ok := share(r); return !ok }, func(r unservedRow) string { return r.slug },
		func(x, y unservedRow) int {
			sx, _ := share(x)
			sy, _ := share(y)
			return cmp.Compare(sy, sx)
		})
	return out
}
