package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// benchFile returns a benchmark instance from ../shared/bench, or skips
// when the shared folder is missing (never under CI, which provides it).
func benchFile(t *testing.T, rel string) string {
	t.Helper()
	path := filepath.Join("../../../shared/bench", rel)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("benchmark instance %s is missing; CI must provide ../shared/bench", path)
		}
		t.Skipf("benchmark instance %s is not there (it lives in the shared folder beside the project)", path)
	}
	return path
}

func optimizeJSON(t *testing.T, args ...string) optimizeOutput {
	t.Helper()
	r := run(nil, append([]string{"optimize"}, append(args, "--json")...)...)
	if r.code != 0 {
		t.Fatalf("wi optimize %v: exit %d: %s", args, r.code, r.errOut)
	}
	var out optimizeOutput
	if err := json.Unmarshal([]byte(r.out), &out); err != nil {
		t.Fatalf("JSON: %v\n%s", err, r.out)
	}
	return out
}

// TestOptimizePMedianFindsTheOptimum: pmed1 (OR-Library) has the proven
// optimum 5819 with p = 5; the answer names 5 vertices, 1-based as in the file.
func TestOptimizePMedianFindsTheOptimum(t *testing.T) {
	out := optimizeJSON(t, "pmedian", "--orlib", benchFile(t, "pmed/pmed1.txt"))
	if out.Objective != 5819 || len(out.Open) != 5 || out.Bound == nil || *out.Bound != 5819 || !out.Optimal {
		t.Errorf("pmed1: %+v, want objective 5819 proved by its bound with 5 medians", out)
	}
	for _, id := range out.Open {
		if id == "0" || strings.HasPrefix(id, "-") {
			t.Errorf("open site %q: ids are the file's 1-based vertices", id)
		}
	}
}

// TestOptimizeCPMPTruncated: the published optimum of pmedcap1 problem 1
// (713) reproduces with truncated distances.
func TestOptimizeCPMPTruncated(t *testing.T) {
	out := optimizeJSON(t, "cpmp", "--orlib-cap", benchFile(t, "cpmp/pmedcap1_1.txt"), "--distances", "truncated")
	if out.Published == nil || *out.Published != 713 || out.Objective > 713*1.01 || len(out.Open) != 5 {
		t.Errorf("pmedcap1_1: %+v, want within 1%% of 713 with 5 medians", out)
	}
}

// TestOptimizeTSP: eil51's optimal tour is 426; the tour visits every node once.
func TestOptimizeTSP(t *testing.T) {
	out := optimizeJSON(t, "tsp", "--tsplib", benchFile(t, "tsplib/eil51.tsp"))
	seen := map[string]bool{}
	for _, n := range out.Tour {
		seen[n] = true
	}
	if len(out.Tour) != 51 || len(seen) != 51 || out.Objective < 426 || out.Objective > 426*1.02 {
		t.Errorf("eil51: length %v, %d stops (%d distinct); want 51 stops within 2%% of 426", out.Objective, len(out.Tour), len(seen))
	}
}

// TestOptimizeMCLPOnPoints: five points on a line 300 m apart (metres),
// demands 1, 1, 5, 1, 3, radius 400 m: a site covers itself and its
// neighbours. One site: d covers 5+1+3 = 9 (b and c cover 7). Two sites
// cover all 11 (d, and a or b).
func TestOptimizeMCLPOnPoints(t *testing.T) {
	dir := t.TempDir()
	pts := filepath.Join(dir, "points.csv")
	csv := "id,x,y,demand\na,0,0,1\nb,300,0,1\nc,600,0,5\nd,900,0,1\ne,1200,0,3\n"
	if err := os.WriteFile(pts, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	one := optimizeJSON(t, "mclp", "--points", pts, "--p", "1", "--radius", "400m")
	if one.Objective != 9 || len(one.Open) != 1 || one.Open[0] != "d" {
		t.Errorf("p=1: %+v, want site d covering 9", one)
	}
	two := optimizeJSON(t, "mclp", "--points", pts, "--p", "2", "--radius", "400m")
	if two.Objective != 11 || !two.Optimal {
		t.Errorf("p=2: %+v, want all 11 covered, proved", two)
	}
	// Every point within 400 m of some site: b covers a–c, d covers c–e.
	all := optimizeJSON(t, "lscp", "--points", pts, "--radius", "400m")
	if all.Objective != 2 || len(all.Open) != 2 {
		t.Errorf("lscp: %+v, want 2 sites", all)
	}
}

// TestOptimizeOutputLanguage reads the text answer for pmed1 (optimum
// 5819, proved) as an Italian and as an English reader: numbers with the
// language's separators, labels and the method in that language.
func TestOptimizeOutputLanguage(t *testing.T) {
	file := benchFile(t, "pmed/pmed1.txt")
	it := run(nil, "optimize", "pmedian", "--orlib", file)
	en := run(nil, "optimize", "pmedian", "--orlib", file, "--lang", "en")
	if it.code != 0 || en.code != 0 {
		t.Fatalf("exit %d, %d: %s %s", it.code, en.code, it.errOut, en.errOut)
	}
	for _, want := range []string{"obiettivo 5.819   limite 5.819   scarto 0,000%   (ottimo dimostrato)", "siti aperti (5): ", "metodo: scambi rapidi di Resende e Werneck"} {
		if !strings.Contains(it.out, want) {
			t.Errorf("Italian answer lacks %q:\n%s", want, it.out)
		}
	}
	for _, english := range []string{"objective", "bound", "gap", "method", "interchange", "Lagrangian"} {
		if strings.Contains(it.out, english) {
			t.Errorf("Italian answer has the English %q:\n%s", english, it.out)
		}
	}
	if !regexp.MustCompile(`metodo: .*   \d+,\d{3} s\n$`).MatchString(it.out) {
		t.Errorf("Italian answer: the time should read like 0,003 s:\n%s", it.out)
	}
	for _, want := range []string{"objective 5,819   bound 5,819   gap 0.000%   (proved optimal)", "open sites (5): ", "method: Resende"} {
		if !strings.Contains(en.out, want) {
			t.Errorf("English answer lacks %q:\n%s", want, en.out)
		}
	}
	if r := run(nil, "optimize", "pmedian", "--orlib", file, "--lang", "fr"); r.code != ExitBadInput || !strings.Contains(r.errOut, `"fr"`) {
		t.Errorf("--lang fr: exit %d, stderr %q; want 2 naming the language", r.code, r.errOut)
	}
}

// TestOptimizeBadInput: a malformed file exits 2 naming the file and line.
func TestOptimizeBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("3 2 1\n1 2 5\n1 x 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(nil, "optimize", "pmedian", "--orlib", bad)
	if r.code != ExitBadInput || !strings.Contains(r.errOut, "bad.txt") || !strings.Contains(r.errOut, "line 3") {
		t.Errorf("exit %d, stderr %q; want 2 naming bad.txt and line 3", r.code, r.errOut)
	}
	r = run(nil, "optimize", "mclp", "--points", bad, "--p", "1")
	if r.code != ExitBadInput || !strings.Contains(r.errOut, "--radius") {
		t.Errorf("missing radius: exit %d, stderr %q", r.code, r.errOut)
	}
	r = run(nil, "optimize", "pmedian")
	if r.code != ExitBadInput || !strings.Contains(r.errOut, "--orlib FILE is required") {
		t.Errorf("missing file: exit %d, stderr %q", r.code, r.errOut)
	}
}

// TestOptimizeProgressOnTerminal: on a terminal, `wi optimize mclp` shows
// its progress on one line of stderr, in Italian, erased before the answer;
// elsewhere (a pipe, a file) it writes nothing there.
func TestOptimizeProgressOnTerminal(t *testing.T) {
	dir := t.TempDir()
	pts := filepath.Join(dir, "points.csv")
	csv := "id,x,y,demand\na,0,0,1\nb,300,0,1\nc,600,0,5\nd,900,0,1\ne,1200,0,3\n"
	if err := os.WriteFile(pts, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"optimize", "mclp", "--points", pts, "--p", "1", "--radius", "400m", "--time-limit", "5s"}
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, IO{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }, Terminal: true})
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	e := errOut.String()
	if !strings.Contains(e, "\r\033[Kcerco la soluzione migliore… ") || !strings.Contains(e, "migliore finora 9") || !strings.HasSuffix(e, "\r\033[K") {
		t.Errorf("terminal stderr %q: want Italian progress lines ending erased", e)
	}
	if strings.ContainsAny(out.String(), "\r\033") || !strings.Contains(out.String(), "obiettivo 9") {
		t.Errorf("stdout %q: want the answer without control characters", out.String())
	}
	if r := run(nil, args...); r.code != 0 || r.errOut != "" {
		t.Errorf("not a terminal: exit %d, stderr %q; want nothing on stderr", r.code, r.errOut)
	}
}
