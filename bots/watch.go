package bots

import (
	"sync"
	"time"
)

// regionWatch notices a user who asks many different regions of one
// sensitive target: the averaging attack of docs/privacy.md needs dozens of
// overlapping regions to wash out the noise of the cell-key method. Past the
// limit within the window, further new regions of that target are refused
// (questions already asked are answered again: they give the same figures).
type regionWatch struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	seen   map[string]map[string]time.Time // user|target → canonical question → last asked
}

func newRegionWatch(limit int, window time.Duration) *regionWatch {
	return &regionWatch{limit: limit, window: window, seen: map[string]map[string]time.Time{}}
}

// allow records a question drawing a region of a sensitive target and
// reports whether it may be answered, with how many different regions of
// the target the user asked within the window.
func (w *regionWatch) allow(user, target, canonical string, now time.Time) (bool, int) {
	if w == nil || w.limit <= 0 {
		return true, 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	k := user + "|" + target
	m := w.seen[k]
	if m == nil {
		m = map[string]time.Time{}
		w.seen[k] = m
	}
	for q, at := range m {
		if now.Sub(at) > w.window {
			delete(m, q)
		}
	}
	if _, ok := m[canonical]; ok {
		m[canonical] = now
		return true, len(m)
	}
	if len(m) >= w.limit {
		return false, len(m)
	}
	m[canonical] = now
	if len(w.seen) > 100_000 { // bound memory: forget the oldest users' windows wholesale
		for key := range w.seen {
			if key != k {
				delete(w.seen, key)
				break
			}
		}
	}
	return true, len(m)
}
