package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
)

// TestKilledBuildLeavesTheCatalogIntact kills a real `wi catalog demo`
// process while it writes a new catalog over an existing one, and checks
// that the existing catalog is still there, whole and readable, and that
// the dead build's leftovers are cleared by a later build.
func TestKilledBuildLeavesTheCatalogIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wi binary and a large catalog")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "wi")
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(goTool, "build", "-o", bin, "github.com/welfare-intelligence/wi/cmd/wi").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "city.duckdb")
	if out, err := exec.Command(bin, "catalog", "demo", "--out", path, "--sections", "1500", "--seed", "3").CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := contentChecksum(t, path)

	cmd := exec.Command(bin, "catalog", "demo", "--out", path, "--sections", "12000", "--seed", "4")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Kill it once it has been writing its new file for a moment.
	deadline := time.Now().Add(2 * time.Minute)
	var building string
	for building == "" && time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the build finished (%v) before it could be killed", err)
		case <-time.After(50 * time.Millisecond):
		}
		matches, _ := filepath.Glob(filepath.Join(dir, ".city.duckdb.building-*"))
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && st.Size() > 0 {
				building = m
			}
		}
	}
	if building == "" {
		t.Fatal("the build never started writing")
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	if err := <-done; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the build was not killed: %v", err)
	}
	if got := contentChecksum(t, path); got != before {
		t.Fatal("the catalog changed under a killed build")
	}
	// The leftovers stay until they are an hour old; then the next build clears them.
	old := time.Now().Add(-2 * time.Hour)
	matches, _ := filepath.Glob(filepath.Join(dir, ".city.duckdb.building-*"))
	if len(matches) == 0 {
		t.Fatal("the killed build left no temporary file: was it writing beside the catalog?")
	}
	for _, m := range matches {
		os.Chtimes(m, old, old)
	}
	if out, err := exec.Command(bin, "catalog", "demo", "--out", path, "--sections", "1500", "--seed", "5").CombinedOutput(); err != nil {
		t.Fatalf("build after the kill: %v\n%s", err, out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".city.duckdb.building-*")); len(left) != 0 {
		t.Errorf("stale files left: %v", left)
	}
}

func contentChecksum(t *testing.T, path string) string {
	t.Helper()
	c, err := catalog.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return catalog.Checksum(d)
}
