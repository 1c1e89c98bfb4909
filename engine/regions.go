package engine

// DrawnRegionTarget returns the target of a plan that draws regions of its
// own (a radius, a catchment, a siting scope, a route), or "" for a plan
// over the fixed areas only. Differences of such regions are what an
// averaging attack needs (docs/privacy.md): the chat server watches them.
// The registry (questions.go) says which plans draw regions.
func DrawnRegionTarget(p Plan) string {
	if q := lookup(p); q != nil {
		return q.drawnTargetOf(p)
	}
	return ""
}
