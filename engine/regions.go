package engine

// DrawnRegionTarget returns the target of a plan that draws regions of its
// own (a radius, a catchment, a siting scope, a route), or "" for a plan
// over the fixed areas only. Differences of such regions are what an
// averaging attack needs (docs/privacy.md): the chat server watches them.
func DrawnRegionTarget(p Plan) string {
	switch q := p.(type) {
	case *Underserved:
		return q.Target
	case *WhereServed:
		return q.Target
	case *WhereOverlap:
		return q.Target
	case *WhereLocate:
		return q.Target
	case *HowmuchCenters:
		return q.Target
	case *WhenRoute:
		return q.Target
	}
	return ""
}
