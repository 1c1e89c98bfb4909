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
	slices.SortStableFunc(out, func(x, y unservedRow) int {
		sx, okx := share(x)
		sy, oky := share(y)
		switch {
		case okx != oky:
			if okx {
				return -1
			}
			return 1
		case !okx:
			return cmp.Compare(x.slug, y.slug)
		}
		return cmp.Or(cmp.Compare(sy, sx), cmp.Compare(x.slug, y.slug))
	})
	return out
}
