package bots

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/store"
)

// Catalog is an open catalog: an engine store that can be closed.
// *catalog.Catalog is one.
type Catalog interface {
	store.Store
	Close() error
}

// generation is one open catalog and its engine. Requests hold it while they
// use it; a reload retires it, and it is closed when its last request ends.
type generation struct {
	id     int64
	cat    Catalog
	eng    *engine.Engine
	opened time.Time
	file   os.FileInfo // the catalog file when it was opened, to notice a change

	mu      sync.Mutex
	refs    int
	retired bool
	done    chan struct{}
}

func (g *generation) acquire() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.retired {
		return false
	}
	g.refs++
	return true
}

func (g *generation) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refs--
	if g.retired && g.refs == 0 {
		close(g.done)
	}
}

// retire stops new requests from taking the generation, waits for those
// holding it, and closes its catalog.
func (g *generation) retire() error {
	g.mu.Lock()
	g.retired = true
	if g.refs == 0 {
		close(g.done)
	}
	g.mu.Unlock()
	<-g.done
	return g.cat.Close()
}

// engines holds the current generation and swaps it on reload.
type engines struct {
	open      func(context.Context) (Catalog, error)
	path      string // the catalog file, watched for changes; "" = not watched
	opts      engine.Options
	cur       atomic.Pointer[generation]
	failed    os.FileInfo // a file that failed to load: not retried until it changes
	reloadMu  sync.Mutex
	next      int64
	retiring  sync.WaitGroup
	onRetired func(g *generation, err error)
	warm      func(ctx context.Context, eng *engine.Engine) error
}

// acquire returns the current generation, held until release.
func (e *engines) acquire() *generation {
	for {
		g := e.cur.Load()
		if g == nil {
			return nil
		}
		if g.acquire() {
			return g
		}
	}
}

// load opens a catalog and makes it current; the previous generation is
// closed once its requests end. The engine's vocabulary is read before the
// swap, so that no request waits for it.
func (e *engines) load(ctx context.Context) (*generation, error) {
	e.reloadMu.Lock()
	defer e.reloadMu.Unlock()
	var fi os.FileInfo
	if e.path != "" {
		fi, _ = os.Stat(e.path)
	}
	cat, err := e.open(ctx)
	if err != nil {
		e.failed = fi
		return nil, err
	}
	eng := engine.New(cat, e.opts)
	if _, err := eng.Vocabulary(ctx); err != nil {
		cat.Close()
		return nil, fmt.Errorf("read the catalog's vocabulary: %w", err)
	}
	if e.warm != nil {
		if err := e.warm(ctx, eng); err != nil {
			cat.Close()
			return nil, fmt.Errorf("warm the new catalog up: %w", err)
		}
	}
	e.next++
	g := &generation{id: e.next, cat: cat, eng: eng, opened: time.Now(), file: fi, done: make(chan struct{})}
	old := e.cur.Swap(g)
	if old != nil {
		e.retiring.Add(1)
		go func() {
			defer e.retiring.Done()
			err := old.retire()
			if e.onRetired != nil {
				e.onRetired(old, err)
			}
		}()
	}
	return g, nil
}

// changed reports whether the catalog file is no longer the one the current
// generation opened (replaced by a new snapshot, or rewritten).
func (e *engines) changed() bool {
	g := e.cur.Load()
	if e.path == "" || g == nil {
		return false
	}
	fi, err := os.Stat(e.path)
	if err != nil {
		return false // being replaced, or gone: keep serving the open one
	}
	e.reloadMu.Lock()
	failed := e.failed
	e.reloadMu.Unlock()
	return !sameFile(fi, g.file) && !sameFile(fi, failed)
}

func sameFile(a, b os.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

// close retires the current generation and waits for every retired one.
func (e *engines) close() error {
	var err error
	if g := e.cur.Swap(nil); g != nil {
		err = g.retire()
	}
	e.retiring.Wait()
	return err
}

// OpenPinned returns an OpenCatalog function that opens the file at path
// through a fresh hard link beside it, removed as soon as the catalog is
// open. DuckDB keeps one database instance per path in a process: opening
// the same path again while the previous catalog is still open (as a reload
// does, until the old catalog's requests end) would give back the old
// instance, not the new file. A new name reaches the new file. When no link
// can be made (a read-only directory), the path is opened as it is.
func OpenPinned(path string, open func(ctx context.Context, path string) (Catalog, error)) func(context.Context) (Catalog, error) {
	var n atomic.Int64
	return func(ctx context.Context) (Catalog, error) {
		pin := fmt.Sprintf("%s.serving-%d-%d", path, os.Getpid(), n.Add(1))
		if err := os.Link(path, pin); err != nil {
			return open(ctx, path)
		}
		defer os.Remove(pin)
		return open(ctx, pin)
	}
}

// WarmUp answers a city-wide profile (every target, two years) so that the
// engine's demand tables are in memory before the first user asks: use it
// as Config.WarmUp. It runs before a reloaded catalog is swapped in.
func WarmUp(ctx context.Context, eng *engine.Engine) error {
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		return err
	}
	plan, err := dsl.Compile("profile area="+vocab.CityArea, vocab)
	if err != nil {
		return err
	}
	_, err = eng.Exec(ctx, engine.Request{Question: "warm-up", Plan: plan})
	return err
}
