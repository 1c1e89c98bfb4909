package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/optimize"
	"github.com/welfare-intelligence/wi/engine/optimize/tsp"
	"github.com/welfare-intelligence/wi/question"
)

// OptimizeOptions are the flags every `wi optimize` problem shares.
type OptimizeOptions struct {
	JSON      bool
	Seed      int64
	TimeLimit time.Duration
	Workers   int
	MaxIter   int
	Lang      string // the output's language: it or en

	lang question.Lang // Lang, parsed by check
}

// optimizeOutput is what `wi optimize --json` prints.
type optimizeOutput struct {
	Problem   string   `json:"problem"`
	Instance  string   `json:"instance"`
	Objective float64  `json:"objective"`
	Open      []string `json:"open,omitempty"`
	Tour      []string `json:"tour,omitempty"`
	Bound     *float64 `json:"bound,omitempty"`
	Gap       *float64 `json:"gap,omitempty"`
	Optimal   bool     `json:"optimal"`
	Method    string   `json:"method"`
	Seconds   float64  `json:"seconds"`
	// Published is the instance's published optimum, when the file states one.
	Published *float64 `json:"published,omitempty"`
}

func newOptimizeCmd(io IO) *cobra.Command {
	opts := &OptimizeOptions{}
	cmd := &cobra.Command{
		Use:   "optimize",
		Short: "Risolve problemi di localizzazione e di percorso su file in formati standard",
		Long: `Risolve problemi di localizzazione (p-mediana, p-centro, copertura massima, copertura
di insiemi, p-mediana capacitata) e di percorso (commesso viaggiatore) su file in
formati standard, con il valore dell'obiettivo, un limite (bound) e lo scarto (gap).

Esempi:
  wi optimize pmedian --orlib pmed1.txt
  wi optimize cpmp --orlib-cap pmedcap1_1.txt --json
  wi optimize mclp --points punti.csv --p 5 --radius 800m
  wi optimize tsp --tsplib eil51.tsp`,
	}
	cmd.PersistentFlags().BoolVar(&opts.JSON, "json", false, "stampa il risultato in JSON")
	cmd.PersistentFlags().Int64Var(&opts.Seed, "seed", 1, "seme: lo stesso seme dà la stessa soluzione")
	cmd.PersistentFlags().DurationVar(&opts.TimeLimit, "time-limit", 60*time.Second, "tempo massimo; allo scadere stampa la migliore soluzione trovata")
	cmd.PersistentFlags().IntVar(&opts.Workers, "workers", 0, "goroutine di ricerca (0 = tutti i core)")
	cmd.PersistentFlags().IntVar(&opts.MaxIter, "max-iter", 0, "iterazioni della ricerca (0 = in base all'istanza)")
	cmd.PersistentFlags().StringVar(&opts.Lang, "lang", "it", "lingua del risultato: it o en")
	cmd.AddCommand(newOptimizePMedianCmd(io, opts, "pmedian"), newOptimizePMedianCmd(io, opts, "pcenter"),
		newOptimizeCPMPCmd(io, opts), newOptimizeCoverCmd(io, opts, "mclp"), newOptimizeCoverCmd(io, opts, "lscp"),
		newOptimizeTSPCmd(io, opts))
	return cmd
}

func (o *OptimizeOptions) options() optimize.Options {
	// The search uses the budget (MCLP and partial covers stop when it is
	// spent or the optimum is proved); a tenth is left to print the answer
	// before the context's deadline.
	return optimize.Options{Seed: o.Seed, Workers: o.Workers, MaxIter: o.MaxIter, TimeLimit: o.TimeLimit * 9 / 10}
}

func (o *OptimizeOptions) context(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, o.TimeLimit)
}

func (o *OptimizeOptions) check() error {
	l, err := langFlag(o.Lang)
	if err != nil {
		return err
	}
	o.lang = l
	if o.TimeLimit <= 0 {
		return usageError{fmt.Errorf("--time-limit must be positive, got %s", o.TimeLimit)}
	}
	if o.Workers < 0 || o.MaxIter < 0 {
		return usageError{errors.New("--workers and --max-iter must not be negative")}
	}
	return nil
}

// openInput opens an instance file, with a usage error when it is missing.
func openInput(flag, path string) (*os.File, error) {
	if path == "" {
		return nil, usageError{fmt.Errorf("--%s FILE is required", flag)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("--%s: %w", flag, err)}
	}
	return f, nil
}

// inputError wraps a malformed instance file: exit code 2, with the file named.
func inputError(path string, err error) error {
	return usageError{fmt.Errorf("%s: %w", path, err)}
}

func newOptimizePMedianCmd(io IO, opts *OptimizeOptions, problem string) *cobra.Command {
	var file string
	var p int
	short := map[string]string{
		"pmedian": "p-mediana: apre p siti minimizzando la somma delle distanze (formato OR-Library pmed)",
		"pcenter": "p-centro: apre p siti minimizzando la distanza massima (formato OR-Library pmed)",
	}[problem]
	cmd := &cobra.Command{
		Use:   problem + " --orlib FILE [--p N]",
		Short: short,
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			f, err := openInput("orlib", file)
			if err != nil {
				return err
			}
			defer f.Close()
			pr, err := optimize.ReadORLib(f)
			if err != nil {
				return inputError(file, err)
			}
			if cmd.Flags().Changed("p") {
				if p < 1 || p > pr.Dist.Sites {
					return usageError{fmt.Errorf("--p must be between 1 and %d (the vertices), got %d", pr.Dist.Sites, p)}
				}
				pr.P = p
			}
			ctx, cancel := opts.context(cmd.Context())
			defer cancel()
			solve := optimize.PMedian
			if problem == "pcenter" {
				solve = optimize.PCenter
			}
			sol, err := solve(ctx, pr, opts.options())
			if err != nil {
				return err
			}
			out := locationOutput(problem, file, sol, func(j int) string { return strconv.Itoa(j + 1) })
			return printOptimize(io, opts, out, fmt.Sprintf("n=%d p=%d", pr.Dist.Sites, pr.P))
		},
	}
	cmd.Flags().StringVar(&file, "orlib", "", "istanza OR-Library pmed (grafo; per archi ripetuti vale l'ultimo costo)")
	cmd.Flags().IntVar(&p, "p", 0, "siti da aprire (default: quello del file)")
	return cmd
}

func newOptimizeCPMPCmd(io IO, opts *OptimizeOptions) *cobra.Command {
	var file, distances string
	cmd := &cobra.Command{
		Use:   "cpmp --orlib-cap FILE",
		Short: "p-mediana capacitata: ogni cliente a un solo sito, carico entro la capacità (formato OR-Library pmedcap)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			f, err := openInput("orlib-cap", file)
			if err != nil {
				return err
			}
			defer f.Close()
			pr, ids, published, err := optimize.ReadORLibCap(f)
			if err != nil {
				return inputError(file, err)
			}
			switch distances {
			case "exact":
			case "truncated":
				// The published pmedcap1 optima (Osman & Christofides 1994)
				// reproduce with distances truncated to integers.
				for k, d := range pr.Dist.D {
					pr.Dist.D[k] = math.Floor(d)
				}
			default:
				return usageError{fmt.Errorf("--distances must be exact or truncated, got %q", distances)}
			}
			ctx, cancel := opts.context(cmd.Context())
			defer cancel()
			sol, err := optimize.CPMP(ctx, pr, opts.options())
			if err != nil {
				return err
			}
			out := locationOutput("cpmp", file, sol, func(j int) string { return ids[j] })
			if published > 0 {
				out.Published = &published
			}
			return printOptimize(io, opts, out, fmt.Sprintf("n=%d p=%d", pr.Dist.Sites, pr.P))
		},
	}
	cmd.Flags().StringVar(&file, "orlib-cap", "", "istanza OR-Library pmedcap")
	cmd.Flags().StringVar(&distances, "distances", "exact", "distanze euclidee esatte (exact) o troncate all'intero (truncated), come negli ottimi pubblicati")
	return cmd
}

func newOptimizeCoverCmd(io IO, opts *OptimizeOptions, problem string) *cobra.Command {
	var points, candidates, radius string
	var p int
	var share float64
	use := map[string]string{
		"mclp": "mclp --points FILE.csv --p N --radius 800m [--candidates FILE.csv]",
		"lscp": "lscp --points FILE.csv --radius 800m [--share 100] [--candidates FILE.csv]",
	}[problem]
	short := map[string]string{
		"mclp": "copertura massima: p siti che coprono più domanda entro il raggio",
		"lscp": "copertura di insiemi: il minor numero di siti che copre la quota di domanda entro il raggio",
	}[problem]
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `

Il file dei punti ha l'intestazione id,lat,lon,demand (gradi, distanza haversine) oppure
id,x,y,demand (metri, distanza euclidea). Senza --candidates ogni punto è un sito candidato.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			r, err := parseMetres(radius)
			if err != nil {
				return usageError{fmt.Errorf("--radius: %w", err)}
			}
			clients, geographic, err := readPoints("points", points)
			if err != nil {
				return err
			}
			sites := clients
			if candidates != "" {
				var g bool
				if sites, g, err = readPoints("candidates", candidates); err != nil {
					return err
				}
				if g != geographic {
					return usageError{errors.New("--points and --candidates must both use lat,lon or both x,y")}
				}
			}
			cov := optimize.CoverageFromPoints(clients, sites, geographic, r)
			ctx, cancel := opts.context(cmd.Context())
			defer cancel()
			var sol *optimize.Solution
			o := opts.options()
			if io.Terminal {
				// These searches use the whole time limit unless they
				// prove the optimum: say so on one line of stderr, erased
				// before the answer.
				o.Progress = func(p optimize.Progress) { showProgress(io, p, opts.lang) }
			}
			switch problem {
			case "mclp":
				if p < 1 || p > len(sites) {
					return usageError{fmt.Errorf("--p must be between 1 and %d (the candidate sites), got %d", len(sites), p)}
				}
				sol, err = optimize.MCLP(ctx, cov, p, o)
			case "lscp":
				if share <= 0 || share > 100 {
					return usageError{fmt.Errorf("--share must be a percentage in (0, 100], got %v", share)}
				}
				sol, err = optimize.LSCP(ctx, cov, share/100, o)
			}
			if io.Terminal {
				clearProgress(io)
			}
			if err != nil {
				return err
			}
			out := locationOutput(problem, points, sol, func(j int) string { return sites[j].ID })
			l := opts.lang
			size := fmt.Sprintf(l.Pick("%s punti, %s candidati, raggio %s", "%s points, %s candidates, radius %s"),
				question.FormatInt(int64(len(clients)), l), question.FormatInt(int64(len(sites)), l), question.FormatDistance(r, l))
			return printOptimize(io, opts, out, size)
		},
	}
	cmd.Flags().StringVar(&points, "points", "", "punti di domanda (CSV id,lat,lon,demand o id,x,y,demand)")
	cmd.Flags().StringVar(&candidates, "candidates", "", "siti candidati (stesso formato; demand facoltativa)")
	cmd.Flags().StringVar(&radius, "radius", "", "raggio di copertura, per esempio 800m o 1.2km")
	if problem == "mclp" {
		cmd.Flags().IntVar(&p, "p", 0, "siti da aprire")
	} else {
		cmd.Flags().Float64Var(&share, "share", 100, "quota della domanda da coprire, in percentuale")
	}
	return cmd
}

func readPoints(flag, path string) ([]optimize.Point, bool, error) {
	f, err := openInput(flag, path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	pts, geographic, err := optimize.ReadPointsCSV(f)
	if err != nil {
		return nil, false, inputError(path, err)
	}
	return pts, geographic, nil
}

func newOptimizeTSPCmd(io IO, opts *OptimizeOptions) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "tsp --tsplib FILE",
		Short: "commesso viaggiatore: il giro chiuso più breve (formato TSPLIB: EUC_2D, CEIL_2D, ATT, GEO)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			f, err := openInput("tsplib", file)
			if err != nil {
				return err
			}
			defer f.Close()
			inst, err := tsp.ReadTSPLIB(f)
			if err != nil {
				return inputError(file, err)
			}
			ctx, cancel := opts.context(cmd.Context())
			defer cancel()
			tour, err := tsp.Solve(ctx, inst.Dist, 0, tsp.Options{Seed: opts.Seed, Workers: opts.Workers, MaxIter: opts.MaxIter})
			if err != nil {
				return err
			}
			out := optimizeOutput{Problem: "tsp", Instance: file, Objective: tour.Length, Optimal: tour.Optimal, Method: tour.Method, Seconds: tour.Seconds}
			for _, n := range tour.Order {
				out.Tour = append(out.Tour, strconv.Itoa(n+1))
			}
			setBound(&out, tour.Bound, tour.Gap)
			return printOptimize(io, opts, out, fmt.Sprintf("%s, n=%d, %s", inst.Name, inst.N, inst.EdgeWeightType))
		},
	}
	cmd.Flags().StringVar(&file, "tsplib", "", "istanza TSPLIB (.tsp)")
	return cmd
}

func locationOutput(problem, file string, sol *optimize.Solution, id func(int) string) optimizeOutput {
	out := optimizeOutput{Problem: problem, Instance: file, Objective: sol.Objective, Optimal: sol.Optimal, Method: sol.Method, Seconds: sol.Seconds}
	for _, j := range sol.Open {
		out.Open = append(out.Open, id(j))
	}
	setBound(&out, sol.Bound, sol.Gap)
	return out
}

func setBound(out *optimizeOutput, bound, gap float64) {
	if !math.IsNaN(bound) {
		out.Bound, out.Gap = &bound, &gap
	}
}

func printOptimize(io IO, opts *OptimizeOptions, out optimizeOutput, size string) error {
	if opts.JSON {
		enc := json.NewEncoder(io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	l := opts.lang // parsed by check, which every command runs first
	// Integral objectives (weights, TSPLIB lengths) are written whole,
	// others with two decimals; both with the language's separators.
	decimals := 0
	if x := math.Round(out.Objective); math.Abs(x-out.Objective) > 1e-9 {
		decimals = 2
	}
	num := func(x float64) string { return question.FormatFloat(x, decimals, l) }
	pct := func(x float64) string { return question.FormatFloat(100*x, 3, l) + "%" }
	fmt.Fprintf(io.Out, "%s  %s  (%s)\n", out.Problem, out.Instance, size)
	line := l.Pick("obiettivo ", "objective ") + num(out.Objective)
	if out.Bound != nil {
		line += fmt.Sprintf(l.Pick("   limite %s   scarto %s", "   bound %s   gap %s"), num(*out.Bound), pct(*out.Gap))
	}
	if out.Optimal {
		line += l.Pick("   (ottimo dimostrato)", "   (proved optimal)")
	}
	fmt.Fprintln(io.Out, line)
	if out.Published != nil {
		fmt.Fprintf(io.Out, l.Pick("ottimo pubblicato %s   scarto %s\n", "published optimum %s   gap %s\n"),
			num(*out.Published), pct((out.Objective-*out.Published) / *out.Published))
	}
	if out.Tour != nil {
		fmt.Fprintf(io.Out, l.Pick("giro: %s\n", "tour: %s\n"), strings.Join(out.Tour, " "))
	} else {
		fmt.Fprintf(io.Out, l.Pick("siti aperti (%d): %s\n", "open sites (%d): %s\n"), len(out.Open), strings.Join(out.Open, " "))
	}
	fmt.Fprintf(io.Out, l.Pick("metodo: %s   %s s\n", "method: %s   %s s\n"), engine.SolverName(out.Method, l), question.FormatFloat(out.Seconds, 3, l))
	return nil
}

// parseMetres reads a distance such as 800m, 800, 1.2km.
func parseMetres(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return 0, errors.New("a distance is required, for example 800m or 1.2km")
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "km"):
		mult, t = 1000, strings.TrimSuffix(t, "km")
	case strings.HasSuffix(t, "m"):
		t = strings.TrimSuffix(t, "m")
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", "."), 64)
	if err != nil || x <= 0 || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a positive distance: write it like 800m or 1.2km", s)
	}
	return x * mult, nil
}
