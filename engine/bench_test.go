package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

var (
	demoOnce sync.Once
	demoPath string
	demoErr  error
)

// demoCatalog builds the Milan-size demo city once per benchmark run.
func demoCatalog(b *testing.B) string {
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wi-bench-")
		if err != nil {
			demoErr = err
			return
		}
		demoPath = filepath.Join(dir, "demo.duckdb")
		d, err := catalog.Demo(catalog.DemoOptions{Seed: catalog.DefaultDemoSeed})
		if err != nil {
			demoErr = err
			return
		}
		demoErr = catalog.Write(context.Background(), demoPath, d)
	})
	if demoErr != nil {
		b.Fatal(demoErr)
	}
	return demoPath
}

const benchQuestion = "where underserved target=anziani-soli radius=800m"

func answer(b *testing.B, ctx context.Context, eng *engine.Engine) *engine.Result {
	v, err := eng.Vocabulary(ctx)
	if err != nil {
		b.Fatal(err)
	}
	plan, err := dsl.Compile(benchQuestion, v)
	if err != nil {
		b.Fatal(err)
	}
	res, err := eng.Exec(ctx, engine.Request{Question: benchQuestion, Plan: plan})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkUnderservedCold measures a whole CLI-style answer: open the
// catalog read-only, read the vocabulary, parse, check, execute, close.
func BenchmarkUnderservedCold(b *testing.B) {
	path := demoCatalog(b)
	ctx := context.Background()
	for b.Loop() {
		c, err := catalog.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		answer(b, ctx, engine.New(c, engine.Options{}))
		c.Close()
	}
}

// BenchmarkUnderservedWarm measures answering on an open catalog, as the
// chat server does: parse, check, execute.
func BenchmarkUnderservedWarm(b *testing.B) {
	path := demoCatalog(b)
	ctx := context.Background()
	c, err := catalog.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	eng := engine.New(c, engine.Options{})
	answer(b, ctx, eng)
	for b.Loop() {
		answer(b, ctx, eng)
	}
}

// BenchmarkDemandWarm measures `howmuch demand` for a neighbourhood, which
// also recomputes its level's disclosure pattern for every year.
func BenchmarkDemandWarm(b *testing.B) {
	path := demoCatalog(b)
	ctx := context.Background()
	c, err := catalog.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	eng := engine.New(c, engine.Options{})
	v, _ := eng.Vocabulary(ctx)
	plan, err := dsl.Compile("howmuch demand target=anziani-soli area=nil-54", v)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := eng.Exec(ctx, engine.Request{Plan: plan}); err != nil {
			b.Fatal(err)
		}
	}
}
