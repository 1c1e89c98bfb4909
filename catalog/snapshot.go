package catalog

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// SnapshotsDir is where the catalogs replaced at path are kept.
func SnapshotsDir(path string) string { return path + ".snapshots" }

// Replace writes d as the new catalog at path like Write, and keeps the
// catalog it replaces as a snapshot (a hard link, so nothing is copied) in
// SnapshotsDir(path), pruning all but the newest keep snapshots. Readers
// that opened the previous catalog keep reading it; new readers see the new
// one. It returns the snapshot's path, or "" when there was no previous catalog.
func Replace(ctx context.Context, path string, d *Data, keep int, now time.Time) (string, error) {
	snapshot := ""
	if _, err := os.Stat(path); err == nil {
		dir := SnapshotsDir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", fmt.Errorf("keep snapshot: %w", err)
		}
		snapshot = filepath.Join(dir, now.UTC().Format("20060102T150405.000Z")+".duckdb")
		if err := os.Link(path, snapshot); err != nil {
			return "", fmt.Errorf("keep snapshot of %s: %w", path, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if err := Write(ctx, path, d); err != nil {
		if snapshot != "" {
			os.Remove(snapshot) // the catalog at path is still the one it links to
		}
		return "", err
	}
	if snapshot != "" {
		prune(SnapshotsDir(path), keep)
	}
	return snapshot, nil
}

// Snapshots lists the snapshots kept for the catalog at path, newest first.
func Snapshots(path string) ([]string, error) {
	entries, err := os.ReadDir(SnapshotsDir(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".duckdb") {
			out = append(out, filepath.Join(SnapshotsDir(path), e.Name()))
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, nil
}

func prune(dir string, keep int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".duckdb") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for len(names) > keep {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
}
