// Command mipcompare compares the engine's location and routing solvers with
// an exact MIP solver, GLPK's glpsol, on public instances with known optima:
// OR-Library pmed1–pmed5 (p-median), pmedcap1 problems 1–3 (capacitated
// p-median), SJC324 (maximal covering, p = 10, radius 800 m), TSPLIB
// eil51 (TSP), and larger maximal covering instances (SJC818 and the demo
// city's census sections with other radii and p; see README.md). For each
// instance it runs our solver, writes the textbook MIP as a CPLEX LP file
// to a temporary directory, runs glpsol on it with the same time limit,
// and prints a Markdown table of both objectives, times,
// bounds and GLPK's status.
//
// Run it from the repository root, with shared/ beside the repository and
// glpsol installed (Debian: apt-get install glpk-utils):
//
//	go run ./bench/mipcompare [--shared ../shared] [--tmlim 60] [--only eil51,pmed1]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

// ourResult is what our solver reported.
type ourResult struct {
	Objective, Bound, Seconds float64
	Optimal                   bool
	Err                       error
}

// instance is one comparison: our solver and the LP model of the same
// problem.
type instance struct {
	Name, Problem, Size string
	Reference           float64 // published optimum, NaN if none
	Ours                func(ctx context.Context) ourResult
	WriteLP             func(path string) error
}

func main() {
	shared := flag.String("shared", "../shared", "the shared/ directory holding bench/ (default: beside the repository, when run from its root)")
	tmlim := flag.Int("tmlim", 60, "time limit per instance and solver, in seconds")
	only := flag.String("only", "", "run only these instances (comma-separated names, e.g. pmed1,eil51)")
	glpsol := flag.String("glpsol", "glpsol", "the glpsol executable")
	keep := flag.Bool("keep", false, "keep the LP, solution and log files")
	seed := flag.Int64("seed", 1, "seed of our solvers")
	truncate := flag.Bool("cpmp-truncate", false, "truncate the capacitated p-median distances to integers (the convention of the published optima) for both solvers")
	demoPoints := flag.String("demo-points", "", "write the demo city's census sections as MCLP points (CSV id,x,y,demand, metres) to this file and exit")
	demoTarget := flag.String("demo-target", "residenti", "with --demo-points: the target whose latest count is the demand")
	pmedFiles := flag.String("pmed-files", "", "also run these OR-Library-format p-median files (comma-separated paths), no reference value")
	flag.Parse()
	if *demoPoints != "" {
		if err := writeDemoPoints(*demoPoints, *demoTarget); err != nil {
			fatalf("%v", err)
		}
		return
	}
	if *tmlim <= 0 {
		fatalf("--tmlim must be a positive number of seconds")
	}
	bench := filepath.Join(*shared, "bench")
	if _, err := os.Stat(bench); err != nil {
		fatalf("no bench directory at %s (set --shared): %v", bench, err)
	}
	want := map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			want[strings.ToLower(s)] = true
		}
	}
	all := instanceNames()
	var names []string
	found := map[string]bool{}
	for n := range want { // any SJCn-rR-pP, demo-rR-pP or milano-rR-pP may be asked for
		if _, _, _, err := mclpName(n); err == nil && strings.Contains(n, "-") && !slices.Contains(all, n) {
			if strings.HasPrefix(n, "sjc") {
				n = "SJC" + n[3:]
			}
			all = append(all, n)
		}
	}
	for _, f := range strings.Split(*pmedFiles, ",") {
		if f = strings.TrimSpace(f); f != "" {
			all = append(all, "file:"+f)
			if len(want) > 0 {
				want[strings.ToLower("file:"+f)] = true
			}
		}
	}
	for _, n := range all {
		if len(want) == 0 || want[strings.ToLower(n)] {
			names = append(names, n)
			found[strings.ToLower(n)] = true
		}
	}
	var unknown []string
	for n := range want {
		if !found[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		fatalf("unknown instance(s) %s; known: %s", strings.Join(unknown, ", "), strings.Join(all, ", "))
	}

	version, verr := glpkVersion(*glpsol)
	if verr != nil {
		if _, err := exec.LookPath(*glpsol); err != nil {
			version = "glpsol not found (apt-get install glpk-utils)"
		} else {
			version = fmt.Sprintf("glpsol does not run: %v", verr)
		}
	}
	dir, err := os.MkdirTemp("", "mipcompare-")
	if err != nil {
		fatalf("%v", err)
	}
	if *keep {
		fmt.Fprintf(os.Stderr, "LP files in %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	fmt.Printf("Time limit %d s per instance and solver; %s; our side: seed %d, GOMAXPROCS %d, %s/%s.\n\n",
		*tmlim, version, *seed, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	fmt.Println("| instance | problem | size | reference | ours | ours s | ours bound (gap) | GLPK | GLPK s | GLPK bound | GLPK status |")
	fmt.Println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, name := range names {
		in, err := loadInstance(bench, name, *seed, *truncate)
		if err != nil {
			fmt.Printf("| %s | | | | error: %v | | | | | | |\n", name, oneLine(err))
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*tmlim)*time.Second)
		ours := in.Ours(ctx)
		cancel()

		var g glpkResult
		if verr != nil {
			g = glpkResult{Status: version, Objective: math.NaN(), Bound: math.NaN()}
		} else {
			lp := filepath.Join(dir, strings.NewReplacer("/", "_", ":", "_").Replace(name)+".lp")
			if err := in.WriteLP(lp); err != nil {
				g = glpkResult{Status: "error writing LP: " + oneLine(err), Objective: math.NaN(), Bound: math.NaN()}
			} else {
				g = runGLPK(*glpsol, lp, *tmlim)
				if g.Err != nil {
					g.Status = "error: " + oneLine(g.Err)
				}
			}
		}

		oursObj, oursS, oursB := "error: "+oneLine(ours.Err), "", ""
		if ours.Err == nil {
			oursObj = fmtNum(ours.Objective)
			if ours.Optimal {
				oursObj += " (opt)"
			}
			oursS = fmt.Sprintf("%.2f", ours.Seconds)
			oursB = fmtBound(ours.Objective, ours.Bound)
		}
		ref := fmtNum(in.Reference)
		fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s |\n",
			in.Name, in.Problem, in.Size, ref, oursObj, oursS, oursB,
			fmtNum(g.Objective), g.Seconds, fmtNum(g.Bound), g.Status)
	}
	fmt.Println()
	fmt.Println("ours: the engine's heuristic with its own lower bound (upper bound for MCLP); (opt) = proved optimal by that bound.")
	fmt.Println("GLPK: glpsol branch-and-cut on the textbook MIP; bound = its best bound when stopped. — = none.")
	if !*truncate {
		fmt.Println("pmedcap1: the published optima hold for distances truncated to integers (run with --cpmp-truncate); here both solvers use the unrounded distances ReadORLibCap gives.")
	}
}

func instanceNames() []string {
	return []string{"pmed1", "pmed2", "pmed3", "pmed4", "pmed5",
		"pmedcap1_1", "pmedcap1_2", "pmedcap1_3", "SJC324", "eil51",
		"SJC818-r800-p50", "demo-r500-p50", "demo-r800-p50", "demo-r800-p100"}
}

// fmtNum prints integers without decimals, others with two; NaN as —.
func fmtNum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "—"
	case math.IsInf(x, 0):
		return fmt.Sprint(x)
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return fmt.Sprintf("%.0f", x)
	default:
		return fmt.Sprintf("%.2f", x)
	}
}

func fmtBound(obj, bound float64) string {
	if math.IsNaN(bound) {
		return "—"
	}
	gap := math.Abs(obj-bound) / math.Max(math.Abs(obj), 1e-12)
	return fmt.Sprintf("%s (%.2f%%)", fmtNum(bound), 100*gap)
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(strings.ReplaceAll(err.Error(), "\n", " "), "|", "/")
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "mipcompare: "+format+"\n", a...)
	os.Exit(2)
}

// openBoth opens two files, closing the first if the second fails.
func openBoth(a, b string) (io.ReadCloser, io.ReadCloser, error) {
	fa, err := os.Open(a)
	if err != nil {
		return nil, nil, err
	}
	fb, err := os.Open(b)
	if err != nil {
		fa.Close()
		return nil, nil, err
	}
	return fa, fb, nil
}
