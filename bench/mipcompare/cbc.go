package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// cbcArgs is the command line given to cbc for one LP file: the time limit
// in wall-clock seconds (CBC's default timeMode is CPU time), one thread,
// branch-and-cut, and the solution written to solPath.
func cbcArgs(lpPath, solPath string, tmlim int) []string {
	return []string{lpPath, "sec", strconv.Itoa(tmlim), "timeMode", "elapsed", "threads", "1",
		"solve", "solu", solPath}
}

// runCBC solves the CPLEX LP file with COIN-OR CBC within tmlim seconds on
// one thread. It leaves CBC's output in X.cbc.log and its solution in
// X.cbc.sol beside X.lp.
func runCBC(cbc, lpPath string, tmlim int) mipResult {
	base := strings.TrimSuffix(lpPath, ".lp")
	solPath := base + ".cbc.sol"
	_ = os.Remove(solPath)
	// CBC checks its limit between nodes and heuristics and may overrun it
	// (a long root LP, a cut round); the context only guards against a hang.
	// At that hard limit CBC gets SIGINT, on which it stops and prints its
	// summary ("Result - User ctrl-c…"); it is killed only if it has not
	// ended 30 s later (its output, block-buffered into the pipe, is then
	// partly lost).
	hard := time.Duration(tmlim+120) * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), hard)
	defer cancel()
	cmd := exec.CommandContext(ctx, cbc, cbcArgs(lpPath, solPath, tmlim)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	t0 := time.Now()
	err := cmd.Run()
	secs := time.Since(t0).Seconds()
	_ = os.WriteFile(base+".cbc.log", out.Bytes(), 0o644)
	sol, rerr := os.ReadFile(solPath)
	if rerr != nil {
		sol = nil
	}
	res := parseCBC(out.String(), sol)
	res.Seconds = secs
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		// Interrupted (or killed): its summary, or else what the progress
		// lines said last.
		res.Status = fmt.Sprintf("stopped at the hard limit of %s", hard)
		if !math.IsNaN(res.Objective) {
			res.Status += ", feasible"
		}
	case err != nil:
		res.Status = "error"
		res.Err = fmt.Errorf("cbc: %v: %s", err, lastLines(out.String(), 3))
	}
	return res
}

var (
	// "Cbc0010I After 1200 nodes, 25 on tree, -28709 best solution, best possible -28775.433 (12.34 seconds)"
	cbcProgress = regexp.MustCompile(`Cbc0010I After \d+ nodes, \d+ on tree, (\S+) best solution, best possible (\S+)`)
	// "Cbc0012I Integer solution of -14 found by feasibility pump …", "Cbc0004I Integer solution of 428 found after …"
	cbcIncumbent = regexp.MustCompile(`Cbc00(?:04|12)I Integer solution of (\S+)`)
	// "Cbc0005I Partial search - best objective -28709 (best possible -28775.433), …"
	cbcPartial = regexp.MustCompile(`Cbc0005I Partial search - best objective (\S+) \(best possible (\S+)\)`)
)

// parseCBC reads CBC's terminal output (log) and the first line of its
// solution file (sol, nil if there is none).
//
// CBC turns a maximisation into a minimisation when it reads an LP file
// ("Maximization problem reformulated as minimization"): its progress
// lines (Cbc0010I, Cbc0012I, Cbc0005I) print the negated objective. The
// summary after "Result - …" is in the original sense: "Objective value:"
// and the bound, which it calls "Lower bound:" for a minimisation and
// "Upper bound:" for a maximisation. The summary is what is reported; the
// progress lines, turned back into the original sense, only stand in when
// CBC was killed before it printed one.
func parseCBC(log string, sol []byte) mipResult {
	res := mipResult{Objective: nan(), Bound: nan(), LogSeconds: nan(), CPUSeconds: nan()}
	sign := 1.0
	if strings.Contains(log, "Maximization problem reformulated as minimization") {
		sign = -1
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.Abs(v) >= 1e49 { // CBC's "no solution" is 1e50
			return nan()
		}
		return v
	}
	result := ""
	haveResult, noSolution, lpInfeasible := false, false, false
	progObj, progBound := nan(), nan()
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Result - "):
			result, haveResult = strings.TrimPrefix(line, "Result - "), true
		case !haveResult && (strings.HasPrefix(line, "Problem is infeasible") || strings.HasPrefix(line, "Pre-processing says infeasible")):
			lpInfeasible = true
		case haveResult && strings.HasPrefix(line, "Objective value:"):
			res.Objective = num(strings.TrimPrefix(line, "Objective value:"))
		case haveResult && strings.HasPrefix(line, "Lower bound:"):
			res.Bound = num(strings.TrimPrefix(line, "Lower bound:"))
		case haveResult && strings.HasPrefix(line, "Upper bound:"):
			res.Bound = num(strings.TrimPrefix(line, "Upper bound:"))
		case haveResult && line == "No feasible solution found":
			noSolution = true
		case strings.HasPrefix(line, "Total time (CPU seconds):"):
			// "Total time (CPU seconds):       2.95   (Wallclock seconds):       5.41"
			if c, w, ok := strings.Cut(strings.TrimPrefix(line, "Total time (CPU seconds):"), "(Wallclock seconds):"); ok {
				res.CPUSeconds, res.LogSeconds = num(c), num(w)
			}
		case !haveResult:
			if m := cbcProgress.FindStringSubmatch(line); m != nil {
				progObj, progBound = sign*num(m[1]), sign*num(m[2])
			} else if m := cbcPartial.FindStringSubmatch(line); m != nil {
				progObj, progBound = sign*num(m[1]), sign*num(m[2])
			} else if m := cbcIncumbent.FindStringSubmatch(line); m != nil {
				progObj = sign * num(m[1])
			}
		}
	}
	solLine, _, _ := strings.Cut(string(sol), "\n")
	solLine = strings.TrimSpace(solLine)
	low := strings.ToLower(result)
	switch {
	case strings.HasPrefix(result, "Optimal solution found"):
		res.Status = "optimal"
		if strings.Contains(low, "gap") { // "(within gap tolerance)": the bound line says how far
			res.Status = "optimal within gap tolerance"
		}
		if math.IsNaN(res.Bound) {
			res.Bound = res.Objective
		}
	case strings.HasPrefix(result, "Stopped on time"):
		res.Status = "time limit, feasible"
		if noSolution || math.IsNaN(res.Objective) {
			res.Status = "time limit, no integer solution"
		}
	case strings.Contains(low, "infeasible"): // "Problem proven infeasible", "Linear relaxation infeasible"
		res.Status = "infeasible"
	case strings.Contains(low, "unbounded"):
		res.Status = "unbounded"
	case strings.Contains(low, "ctrl-c"): // CBC 2.10.8 prints "Result - User ctrl-cuser ctrl-c"
		res.Status = "interrupted, feasible"
		if noSolution || math.IsNaN(res.Objective) {
			res.Status = "interrupted, no integer solution"
		}
	case haveResult:
		res.Status = low
		if noSolution || math.IsNaN(res.Objective) {
			res.Status += ", no integer solution"
		}
	case lpInfeasible || strings.Contains(strings.ToLower(solLine), "infeasible"):
		// Found before branch-and-bound: "Problem is infeasible" (the LP
		// relaxation) or "Pre-processing says infeasible or unbounded"; the
		// solution file then says "Infeasible" or "Integer infeasible".
		res.Status = "infeasible"
		if strings.HasPrefix(solLine, "Unbounded") {
			res.Status = "unbounded"
		}
	case strings.HasPrefix(solLine, "Unbounded"):
		res.Status = "unbounded"
	default:
		res.Status = "no result in the log"
		res.Objective, res.Bound = progObj, progBound
	}
	if res.Status == "infeasible" || res.Status == "unbounded" {
		res.Objective, res.Bound = nan(), nan()
	}
	return res
}

// cbcVersion returns "CBC 2.10.8", or an error if cbc cannot run.
func cbcVersion(cbc string) (string, error) {
	cmd := exec.Command(cbc, "-quit")
	out, err := cmd.Output()
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Version:"); ok {
			return "CBC " + strings.TrimSpace(v), nil
		}
	}
	return "", fmt.Errorf("%s -quit printed no version line", cbc)
}
