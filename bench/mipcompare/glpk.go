package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// mipResult is what one run of an exact MIP solver (glpsol or cbc)
// reported, in the sense of the LP file (a maximum for MCLP).
type mipResult struct {
	Status     string  // optimal, time limit, feasible, time limit, no integer solution, infeasible, error …
	Objective  float64 // NaN when no integer solution
	Bound      float64 // best bound of the branch-and-bound (NaN if unknown)
	Seconds    float64 // wall clock of the solver process
	LogSeconds float64 // wall clock the solver itself reported (CBC only; NaN if none)
	CPUSeconds float64 // CPU time the solver itself reported (CBC only; NaN if none)
	Err        error
}

// mipLine matches glpsol's branch-and-bound progress lines, e.g.
// "+  1234: mip =   5.819000000e+03 >=   5.800000000e+03   0.3% (12; 0)".
var mipLine = regexp.MustCompile(`mip =\s+(not found yet|[-+0-9.eE]+)\s+([<>]=)\s+(tree is empty|[-+]?inf|[-+0-9.eE]+)`)

// runGLPK solves the CPLEX LP file with glpsol within tmlim seconds. It
// leaves glpsol's output in X.log and its solution in X.sol beside X.lp.
func runGLPK(glpsol, lpPath string, tmlim int) mipResult {
	res := mipResult{Objective: nan(), Bound: nan(), LogSeconds: nan(), CPUSeconds: nan()}
	solPath := strings.TrimSuffix(lpPath, ".lp") + ".sol"
	_ = os.Remove(solPath)
	// glpsol honours --tmlim itself; the context only guards against a hang.
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(tmlim+120)*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, glpsol, "--lp", lpPath, "--tmlim", strconv.Itoa(tmlim), "-o", solPath)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	t0 := time.Now()
	err := cmd.Run()
	res.Seconds = time.Since(t0).Seconds()
	_ = os.WriteFile(strings.TrimSuffix(lpPath, ".lp")+".log", out.Bytes(), 0o644)
	log := out.String()
	if err != nil && !strings.Contains(log, "TIME LIMIT") {
		res.Status = "error"
		res.Err = fmt.Errorf("glpsol: %v: %s", err, lastLines(log, 3))
		return res
	}
	sol, err := os.ReadFile(solPath)
	if err != nil {
		sol = nil
	}
	p := parseGLPK(log, sol)
	p.Seconds = res.Seconds
	return p
}

// parseGLPK reads glpsol's terminal output (log) and its solution file
// (sol, written with -o; nil if there is none).
func parseGLPK(log string, sol []byte) mipResult {
	res := mipResult{Objective: nan(), Bound: nan(), LogSeconds: nan(), CPUSeconds: nan()}
	for _, m := range mipLine.FindAllStringSubmatch(log, -1) {
		if v, err := strconv.ParseFloat(m[3], 64); err == nil {
			res.Bound = v
		}
	}
	timeLimit := strings.Contains(log, "TIME LIMIT EXCEEDED")
	if sol == nil {
		res.Status = "no solution file"
		if timeLimit {
			res.Status = "time limit, no integer solution"
		}
		return res
	}
	sc := bufio.NewScanner(bytes.NewReader(sol))
	status := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Status:"):
			status = strings.TrimSpace(strings.TrimPrefix(line, "Status:"))
		case strings.HasPrefix(line, "Objective:"):
			// "Objective:  cost = 5819 (MINimum)"
			if i := strings.Index(line, "="); i >= 0 {
				f := strings.Fields(line[i+1:])
				if len(f) > 0 {
					if v, err := strconv.ParseFloat(f[0], 64); err == nil {
						res.Objective = v
					}
				}
			}
		}
	}
	switch {
	case status == "INTEGER OPTIMAL":
		res.Status = "optimal"
		res.Bound = res.Objective
	case status == "INTEGER NON-OPTIMAL" || (timeLimit && status == "INTEGER FEASIBLE"):
		res.Status = "time limit, feasible"
	case status == "INTEGER EMPTY":
		res.Status = "infeasible"
		res.Objective, res.Bound = nan(), nan()
	case status == "INTEGER UNDEFINED" || status == "UNDEFINED":
		res.Status = "no integer solution"
		if timeLimit {
			res.Status = "time limit, no integer solution"
		}
		res.Objective = nan()
	default:
		res.Status = strings.ToLower(status)
		if timeLimit {
			res.Status = "time limit, " + res.Status
		}
	}
	return res
}

// glpkVersion returns glpsol's version line, or an error if it cannot run.
func glpkVersion(glpsol string) (string, error) {
	out, err := exec.Command(glpsol, "--version").Output()
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(first), nil
}

func lastLines(s string, k int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > k {
		lines = lines[len(lines)-k:]
	}
	return strings.Join(lines, " | ")
}

func nan() float64 { return math.NaN() }
