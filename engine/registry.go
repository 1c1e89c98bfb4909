package engine

import (
	"context"
	"reflect"
)

// answerer answers one kind of plan.
type answerer func(e *Engine, ctx context.Context, p Plan, req Request) (*Result, error)

// answerers holds the analyses registered by their own files, by plan type,
// so that an analysis is added by adding a file.
var answerers = map[reflect.Type]answerer{}

// register makes f the answer to plans of type P. It is called from init
// functions.
func register[P Plan](f func(e *Engine, ctx context.Context, p P, req Request) (*Result, error)) {
	var zero P
	answerers[reflect.TypeOf(zero)] = func(e *Engine, ctx context.Context, p Plan, req Request) (*Result, error) {
		return f(e, ctx, p.(P), req)
	}
}

// registered reports whether an analysis answers the plan.
func registered(p Plan) bool {
	_, ok := answerers[reflect.TypeOf(p)]
	return ok
}
