package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

func TestPlansTheEngineCannotRunSayNotAvailable(t *testing.T) {
	c := openCity(t, tinyCity())
	_, err := c.eng.Exec(context.Background(), engine.Request{Plan: otherPlan{}})
	if !errors.Is(err, engine.ErrNotAvailable) {
		t.Errorf("err = %v, want ErrNotAvailable", err)
	}
}

type otherPlan struct{ engine.Plan }

func (otherPlan) Canonical() string { return "where locate target=x" }
