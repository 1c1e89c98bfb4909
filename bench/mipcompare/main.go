// Command mipcompare compares the engine's location and routing solvers with
// two exact MIP solvers, GLPK's glpsol and COIN-OR CBC, on public instances
// with known optima:
// OR-Library pmed1–pmed5 (p-median), pmedcap1 problems 1–3 (capacitated
// p-median), SJC324 (maximal covering, p = 10, radius 800 m), TSPLIB
// eil51 (TSP), and larger maximal covering instances (SJC818 and the demo
// city's census sections with other radii and p; see README.md). For each
// instance it runs our solver, writes the textbook MIP as a CPLEX LP file
// to a temporary directory, runs glpsol and cbc (one thread) on that same
// file with the same time limit, and prints a Markdown table of the
// objectives, times, bounds and the exact solvers' statuses.
//
// Run it from the repository root, with shared/ beside the repository and
// glpsol and cbc installed (Debian: apt-get install glpk-utils coinor-cbc):
//
//	go run ./bench/mipcompare [--shared ../shared] [--tmlim 60] [--only eil51,pmed1] [--solvers glpk,cbc]
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
	cbc := flag.String("cbc", "cbc", `the cbc executable ("" = none)`)
	solvers := flag.String("solvers", "glpk,cbc", "the exact solvers to run, comma-separated: glpk, cbc")
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

	exact, err := exactSolvers(*solvers, *glpsol, *cbc)
	if err != nil {
		fatalf("%v", err)
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

	var versions []string
	for _, x := range exact {
		versions = append(versions, x.version)
	}
	if len(versions) == 0 {
		versions = append(versions, "no exact solver")
	}
	fmt.Printf("Time limit %d s per instance and solver; %s; our side: seed %d, GOMAXPROCS %d, %s/%s.\n\n",
		*tmlim, strings.Join(versions, "; "), *seed, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	head := []string{"instance", "problem", "size", "reference", "ours", "ours s", "ours bound (gap)"}
	align := []string{"---", "---", "---", "---:", "---:", "---:", "---:"}
	for _, x := range exact {
		head = append(head, x.name, x.name+" s", x.name+" bound", x.name+" status")
		align = append(align, "---:", "---:", "---:", "---")
	}
	printRow(head)
	fmt.Println("|" + strings.Join(align, "|") + "|")
	for _, name := range names {
		in, err := loadInstance(bench, name, *seed, *truncate)
		if err != nil {
			row := make([]string, len(head))
			row[0], row[4] = name, "error: "+oneLine(err)
			printRow(row)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(*tmlim)*time.Second)
		ours := in.Ours(ctx)
		cancel()

		oursObj, oursS, oursB := "error: "+oneLine(ours.Err), "", ""
		if ours.Err == nil {
			oursObj = fmtNum(ours.Objective)
			if ours.Optimal {
				oursObj += " (opt)"
			}
			oursS = fmt.Sprintf("%.2f", ours.Seconds)
			oursB = fmtBound(ours.Objective, ours.Bound)
		}
		row := []string{in.Name, in.Problem, in.Size, fmtNum(in.Reference), oursObj, oursS, oursB}

		// One LP file for all exact solvers.
		lp := filepath.Join(dir, strings.NewReplacer("/", "_", ":", "_").Replace(name)+".lp")
		var lpErr error
		if len(exact) > 0 {
			lpErr = in.WriteLP(lp)
		}
		for _, x := range exact {
			var r mipResult
			switch {
			case x.err != nil:
				r = mipResult{Status: x.version, Objective: math.NaN(), Bound: math.NaN()}
			case lpErr != nil:
				r = mipResult{Status: "error writing LP: " + oneLine(lpErr), Objective: math.NaN(), Bound: math.NaN()}
			default:
				r = x.run(lp, *tmlim)
				if r.Err != nil {
					r.Status = "error: " + oneLine(r.Err)
				}
			}
			secs := ""
			if x.err == nil && lpErr == nil {
				secs = fmt.Sprintf("%.2f", r.Seconds)
				if !math.IsNaN(r.CPUSeconds) {
					// What the solver had of the CPU: less than the wall
					// clock on a loaded machine.
					secs += fmt.Sprintf(" (CPU %.2f)", r.CPUSeconds)
				}
			}
			row = append(row, fmtNum(r.Objective), secs, fmtNum(r.Bound), r.Status)
		}
		printRow(row)
	}
	fmt.Println()
	fmt.Println("ours: the engine's heuristic with its own lower bound (upper bound for MCLP); (opt) = proved optimal by that bound.")
	for _, x := range exact {
		switch x.name {
		case "GLPK":
			fmt.Println("GLPK: glpsol branch-and-cut on the textbook MIP; bound = its best bound when stopped. — = none.")
		case "CBC":
			fmt.Println("CBC: cbc branch-and-cut on the same LP file, one thread, time limit in wall-clock seconds (timeMode elapsed); s = wall clock (CPU = the CPU time CBC reports); bound = its best bound when stopped (upper bound for MCLP). — = none.")
		}
	}
	if !*truncate {
		fmt.Println("pmedcap1: the published optima hold for distances truncated to integers (run with --cpmp-truncate); here all solvers use the unrounded distances ReadORLibCap gives.")
	}
}

// exactSolver is one exact MIP solver of the table.
type exactSolver struct {
	name    string // column title: GLPK, CBC
	version string // its version, or why it cannot run
	err     error  // non-nil: not available, version says why
	run     func(lpPath string, tmlim int) mipResult
}

// exactSolvers returns the solvers listed in list (glpk, cbc), in that
// order, each with its version or the reason it cannot run.
func exactSolvers(list, glpsol, cbc string) ([]exactSolver, error) {
	var out []exactSolver
	seen := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		var x exactSolver
		switch s {
		case "glpk":
			x = exactSolver{name: "GLPK", run: func(lp string, t int) mipResult { return runGLPK(glpsol, lp, t) }}
			x.version, x.err = glpkVersion(glpsol)
			if x.err != nil {
				x.version = notRunning("glpsol", glpsol, "glpk-utils", x.err)
			}
		case "cbc":
			x = exactSolver{name: "CBC", run: func(lp string, t int) mipResult { return runCBC(cbc, lp, t) }}
			if cbc == "" {
				x.err = fmt.Errorf("no cbc")
				x.version = "cbc not used (--cbc \"\")"
			} else if x.version, x.err = cbcVersion(cbc); x.err != nil {
				x.version = notRunning("cbc", cbc, "coinor-cbc", x.err)
			}
		default:
			return nil, fmt.Errorf("--solvers: unknown solver %q (known: glpk, cbc)", s)
		}
		out = append(out, x)
	}
	return out, nil
}

// notRunning says why the program prog (given as path) cannot run.
func notRunning(prog, path, pkg string, err error) string {
	if _, lerr := exec.LookPath(path); lerr != nil {
		return fmt.Sprintf("%s not found (apt-get install %s)", prog, pkg)
	}
	return fmt.Sprintf("%s does not run: %s", prog, oneLine(err))
}

func printRow(cells []string) {
	fmt.Println("| " + strings.Join(cells, " | ") + " |")
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
