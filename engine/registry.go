package engine

import "context"

// register is kept, doing nothing, for the init functions of the analysis
// files until they are removed: the registry (questions.go) lists every
// handler explicitly.
//
// Deprecated: add the plan's entry to registry in questions.go.
func register[P Plan](func(e *Engine, ctx context.Context, p P, req Request) (*Result, error)) {}
