package optimize

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// benchDir is where the shared benchmark instances live, relative to the
// package directory (the repository is cloned beside shared/ in CI).
const benchDir = "../../../shared/bench"

// benchFile returns the path of a benchmark file; when it is missing the
// test is skipped, or fails under CI=true.
func benchFile(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(benchDir, rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("benchmark file %s missing (CI=true): %v", p, err)
		}
		tb.Skipf("benchmark file %s not found (clone shared/ beside the repository to run this test): %v", p, err)
	}
	return p
}

func openBench(tb testing.TB, rel string) *os.File {
	tb.Helper()
	f, err := os.Open(benchFile(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// readOptima reads "name value" lines (whitespace or tab separated) into a
// map, skipping lines whose value is not a number (headers).
func readOptima(tb testing.TB, rel string, col int) map[string]float64 {
	tb.Helper()
	f := openBench(tb, rel)
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) <= col {
			continue
		}
		v, err := strconv.ParseFloat(fs[col], 64)
		if err != nil {
			continue
		}
		out[fs[0]] = v
	}
	if len(out) == 0 {
		tb.Fatalf("no values in %s", rel)
	}
	return out
}
