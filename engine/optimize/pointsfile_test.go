package optimize

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestPointsFile solves a covering instance from a points file, for
// measurements on data outside the repository (the demo city's sections,
// written by `go run ./bench/mipcompare --demo-points FILE`): every point
// is a client and a candidate; WI_MCLP_POINTS is the CSV (id,x,y,demand),
// WI_MCLP_R the radius, WI_MCLP_P the sites of an MCLP or WI_LSCP_SHARE
// the share of a partial cover, WI_MCLP_T an optional time budget, and
// WI_MCLP_V=1 logs the progress. Skipped without WI_MCLP_POINTS.
func TestPointsFile(t *testing.T) {
	path := os.Getenv("WI_MCLP_POINTS")
	if path == "" {
		t.Skip("WI_MCLP_POINTS not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pts, geo, err := ReadPointsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(os.Getenv("WI_MCLP_P"))
	r, _ := strconv.ParseFloat(os.Getenv("WI_MCLP_R"), 64)
	tl, _ := time.ParseDuration(os.Getenv("WI_MCLP_T"))
	c := CoverageFromPoints(pts, pts, geo, r)
	ctx := context.Background()
	opt := Options{Seed: 1, TimeLimit: tl}
	if os.Getenv("WI_MCLP_V") != "" {
		opt.Progress = func(pr Progress) {
			t.Logf("%6.2fs %-16s %.0f %.0f", pr.Elapsed.Seconds(), pr.Phase, pr.Objective, pr.Bound)
		}
	}
	var sol *Solution
	if sh, _ := strconv.ParseFloat(os.Getenv("WI_LSCP_SHARE"), 64); sh > 0 {
		sol, err = LSCP(ctx, c, sh, opt)
	} else {
		sol, err = MCLP(ctx, c, p, opt)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("n=%d p=%d r=%g obj=%.0f bound=%.0f gap=%.4f%% opt=%v iter=%d %.2fs", len(pts), p, r, sol.Objective, sol.Bound, 100*sol.Gap, sol.Optimal, sol.Iter, sol.Seconds)
}
