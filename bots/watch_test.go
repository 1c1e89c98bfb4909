package bots

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An auditor averaging the noise of the cell-key method needs dozens of
// different regions of one sensitive target: past the limit, new regions
// are refused politely and audited; questions already asked still answer,
// and ordinary targets are not watched.
func TestRegionWatchRefusesManyRegionsOfASensitiveTarget(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.RegionWatch = 3 })
	hook := newCatcher(t)
	ask := func(q string) map[string]any {
		t.Helper()
		postSlash(t, ts, q, "U0AUDIT", hook.URL)
		return hook.next(t, 20*time.Second)
	}
	for _, r := range []int{300, 350, 400} {
		if m := ask(fmt.Sprintf("dove sottoservito target=senza-dimora raggio=%dm", r)); !isAnswer(m) {
			t.Fatalf("radius %d refused early: %s", r, texts(m))
		}
	}
	m := ask("dove sottoservito target=senza-dimora raggio=450m")
	if m["response_type"] != "ephemeral" || !strings.Contains(texts(m), "3 zone diverse per persone senza dimora") {
		t.Errorf("the fourth region answered: %s", texts(m))
	}
	if m := ask("dove sottoservito target=senza-dimora raggio=300m"); !isAnswer(m) {
		t.Errorf("a question already asked refused: %s", texts(m))
	}
	if m := ask("dove sottoservito target=anziani-soli raggio=450m"); !isAnswer(m) {
		t.Errorf("an ordinary target refused: %s", texts(m))
	}
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 6 })
	refused := 0
	for _, e := range ts.auditLines(t) {
		if e.Outcome == OutcomeRefused {
			refused++
			if e.Detail != "differencing watch" || !strings.Contains(e.Canonical, "radius=450m") {
				t.Errorf("audit of the refusal: %+v", e)
			}
		}
	}
	if refused != 1 {
		t.Errorf("%d refusals audited, want 1", refused)
	}
}

func TestRegionWatchWindow(t *testing.T) {
	w := newRegionWatch(2, time.Hour)
	t0 := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		q    string
		at   time.Duration
		want bool
	}{{"a", 0, true}, {"b", time.Minute, true}, {"c", 2 * time.Minute, false}, {"a", 3 * time.Minute, true}, {"c", 62 * time.Minute, true}} {
		if ok, _ := w.allow("u", "senza-dimora", c.q, t0.Add(c.at)); ok != c.want {
			t.Errorf("step %d (%s at %v): allowed %v, want %v", i, c.q, c.at, ok, c.want)
		}
	}
	if ok, _ := w.allow("v", "senza-dimora", "c", t0); !ok {
		t.Error("another user is limited by the first's questions")
	}
}
