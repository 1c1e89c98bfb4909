package catalog

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkDemoGenerate measures generating the Milan-size demo city in memory.
func BenchmarkDemoGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Demo(DemoOptions{Seed: DefaultDemoSeed}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDemoWrite measures writing the demo city into a new DuckDB file.
func BenchmarkDemoWrite(b *testing.B) {
	d, err := Demo(DemoOptions{Seed: DefaultDemoSeed})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for b.Loop() {
		if err := Write(context.Background(), filepath.Join(dir, "demo.duckdb"), d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportMilano measures reading the eight Milan recipes and
// assembling the catalog in memory (without writing it).
func BenchmarkImportMilano(b *testing.B) {
	recipes := milanoRecipes(b)
	for b.Loop() {
		if _, _, err := Import(context.Background(), recipes, nil); err != nil {
			b.Fatal(err)
		}
	}
}
