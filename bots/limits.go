package bots

import (
	"context"
	"sync"
	"time"
)

// rateLimiter is a token bucket per user: perMinute questions a minute, at
// most burst at once. A zero perMinute disables it.
type rateLimiter struct {
	perMinute float64
	burst     float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
	denied bool // the last request was refused
}

func newRateLimiter(perMinute float64, burst int, now func() time.Time) *rateLimiter {
	if burst < 1 {
		burst = 1
	}
	return &rateLimiter{perMinute: perMinute, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for the key, reporting whether there was one, and,
// for a refusal, whether it is the first of a run (worth recording: the
// next ones are not, so that a flood of requests cannot flood the audit log).
func (r *rateLimiter) allow(key string) (ok, first bool) {
	if r == nil || r.perMinute <= 0 {
		return true, true
	}
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if now.Sub(r.swept) > 10*time.Minute {
		for k, b := range r.buckets {
			if now.Sub(b.last) > 10*time.Minute {
				delete(r.buckets, k)
			}
		}
		r.swept = now
	}
	b, ok := r.buckets[key]
	if !ok {
		b = &bucket{tokens: r.burst, last: now}
		r.buckets[key] = b
	}
	b.tokens = min(r.burst, b.tokens+now.Sub(b.last).Minutes()*r.perMinute)
	b.last = now
	if b.tokens < 1 {
		first = !b.denied
		b.denied = true
		return false, first
	}
	b.tokens--
	b.denied = false
	return true, true
}

// semaphore bounds the questions answered at once.
type semaphore chan struct{}

// acquire takes a slot, waiting at most wait; false means busy.
func (s semaphore) acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case s <- struct{}{}:
		return true
	default:
	}
	if wait <= 0 {
		return false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (s semaphore) release() { <-s }
