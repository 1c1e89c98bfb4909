package cli

import (
	"bytes"
	"math"
	"slices"

	"context"
	"errors"
	"fmt"
	"github.com/welfare-intelligence/wi/dsl"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
	"github.com/welfare-intelligence/wi/reports/pdf"
)

// AskOptions are the flags of `wi ask`.
type AskOptions struct {
	JSON    bool
	Format  string // text, json, csv or xlsx
	LangSet bool   // --lang given: it overrides the question's language
	Catalog string
	Lang    string
	Role    string
	Timeout time.Duration
	// SearchTime bounds the search of siting and set-covering questions;
	// past it they answer with the best solution found and say so.
	SearchTime time.Duration
	Out        string // where a dossier or fact sheet is written
	Templates  string // a directory of user dossier templates
}

func newAskCmd(io IO) *cobra.Command {
	opts := &AskOptions{}
	cmd := &cobra.Command{
		Use:   "ask [--json] [--catalog PATH] QUESTION...",
		Short: "Risponde a una domanda (es. where underserved target=anziani-soli radius=800m)",
		Example: `  wi ask "where underserved target=anziani-soli radius=800m"
  wi ask dove sottoservito target=anziani-soli raggio=1km top=5
  wi ask --json "howmuch demand target=minori area=municipio-9"
  wi ask --lang en "howmuch demand target=anziani-soli year=2022"`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.LangSet = cmd.Flags().Changed("lang")
			return runAsk(cmd.Context(), io, opts, joinArgs(args))
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "stampa il risultato in JSON (come --format json)")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "formato della risposta: text, json, csv o xlsx (xlsx vuole --out)")
	cmd.Flags().StringVar(&opts.Catalog, "catalog", "", "catalogo DuckDB da interrogare (default: $WI_CATALOG, altrimenti la città demo)")
	cmd.Flags().StringVar(&opts.Lang, "lang", "it", "lingua della risposta: it o en (senza --lang, quella della domanda)")
	cmd.Flags().StringVar(&opts.Role, "role", "staff", "chi chiede: staff, grant o press (conteggi con un piccolo scarto casuale stabile; press anche arrotondati alla decina) o analyst (ufficio statistico: conteggi esatti)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 60*time.Second, "tempo massimo per rispondere")
	cmd.Flags().DurationVar(&opts.SearchTime, "search-time", engine.DefaultSolverBudget, "tempo massimo di ricerca per dove localizza e quanti centri: poi la risposta è la migliore trovata, con il suo limite e scarto")
	cmd.Flags().StringVar(&opts.Templates, "templates", "", "cartella di modelli di dossier aggiuntivi (YAML), che le domande dossier possono nominare")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file da scrivere: il PDF (o .docx) delle domande dossier e scheda, il file di --format csv o xlsx (default: un nome dalla domanda, nella cartella corrente)")
	return cmd
}

func runAsk(ctx context.Context, io IO, opts *AskOptions, question string) error {
	l, err := langFlag(opts.Lang)
	if err != nil {
		return err
	}
	if ql := dsl.Lang(question); !opts.LangSet && ql != "" {
		l = ql // the answer follows the question's language
	}
	format := opts.Format
	if opts.JSON {
		format = "json"
	}
	if !slices.Contains([]string{"text", "json", "csv", "xlsx"}, format) {
		return usageError{fmt.Errorf("--format: unknown format %q; expected text, json, csv or xlsx", format)}
	}
	if format == "xlsx" && (opts.Out == "" || opts.Out == "-") {
		return usageError{fmt.Errorf("--format xlsx writes a file: give --out FILE.xlsx")}
	}
	role, err := answers.ParseRole(opts.Role)
	if err != nil {
		return usageError{err}
	}
	if opts.SearchTime <= 0 {
		return usageError{fmt.Errorf("--search-time must be positive, got %s", opts.SearchTime)}
	}
	if opts.Timeout <= 0 {
		return usageError{fmt.Errorf("--timeout must be positive, got %s", opts.Timeout)}
	}
	// Building the demo city on first use is not part of answering: the
	// timeout starts once the catalog is open.
	cat, err := openCatalog(ctx, io, opts.Catalog, l)
	if err != nil {
		return err
	}
	defer cat.Close()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	templates, err := pdf.Templates(opts.Templates)
	if err != nil {
		return usageError{fmt.Errorf("--templates: %w", err)}
	}
	eng := engine.New(cat, engine.Options{Templates: templates, SolverBudget: opts.SearchTime})
	if io.Terminal {
		// Siting and set covering can search for seconds: say so on one
		// line of stderr, erased when the answer is ready.
		ctx = engine.WithProgress(ctx, func(p engine.Progress) { showProgress(io, p, l) })
	}
	asked, err := ask.Run(ctx, eng, ask.Question{Text: question, Lang: l, Role: role})
	if io.Terminal {
		clearProgress(io)
	}
	if err != nil {
		return askQuestionError(io, asked, err, question, l)
	}
	if asked.Document {
		return makeDocument(ctx, io, eng, asked.Plan, pdf.Options{Lang: l, Role: role, TemplateDir: opts.Templates}, opts.Out, l)
	}
	res := asked.Result
	switch format {
	case "json":
		return reports.JSON(io.Out, res)
	case "csv":
		if opts.Out == "" || opts.Out == "-" {
			return reports.CSV(io.Out, res)
		}
		var b bytes.Buffer
		if err := reports.CSV(&b, res); err != nil {
			return err
		}
		return writeReportFile(opts.Out, b.Bytes())
	case "xlsx":
		var b bytes.Buffer
		if err := reports.XLSX(&b, res); err != nil {
			return err
		}
		if err := writeReportFile(opts.Out, b.Bytes()); err != nil {
			return err
		}
		_, err := fmt.Fprintf(io.Out, l.Pick("%s scritto in %s (%d righe)\n", "%s written to %s (%d rows)\n"), res.Headline, opts.Out, len(res.Rows))
		return err
	}
	return reports.Text(io.Out, res)
}

// askError is the command's error for an error of the ask pipeline: a
// question that does not compile is shown with a caret under each mistake
// (exit code 2), a question the engine cannot answer says why in the
// language, a failure of the system is returned as it is.
func askError(io IO, asked *ask.Asked, err error, l question.Lang) error {
	var qe *ask.CompileError
	switch {
	case errors.As(err, &qe):
		return reportQuestionError(io, qe.Err, qe.Question, l)
	case errors.Is(err, answers.ErrNotAvailable) && asked.Plan != nil:
		return errors.New(ask.NotAvailable(asked.Plan.Canonical(), l))
	case answers.IsAnswerError(err):
		return errors.New(answers.Message(err, l))
	}
	return err
}

// askQuestionError is askError for `wi ask`, whose question is text: a
// refusal of the engine the asker can act on (an answer.AnswerError: an
// unknown facility, a service without a standard, no service for the
// target) is a mistake in the question and shown as one, with its caret
// under the key to change, in the question's language (exit code 2).
func askQuestionError(io IO, asked *ask.Asked, err error, text string, l question.Lang) error {
	var ae *answers.AnswerError
	if errors.As(err, &ae) {
		return reportQuestionError(io, dsl.AtKey(text, ae.Key, ae.IT, ae.EN), text, l)
	}
	return askError(io, asked, err, l)
}

// joinArgs rebuilds the question from the shell's words. A word that held
// a quoted value with spaces (area="Cà Granda" arrives as area=Cà Granda)
// gets its quotes back.
func joinArgs(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = a
		key, value, ok := strings.Cut(a, "=")
		if ok && strings.ContainsAny(value, " \t") && !strings.HasPrefix(value, `"`) && !strings.ContainsAny(key, " \t") {
			parts[i] = key + "=" + strconv.Quote(value)
		}
	}
	return strings.Join(parts, " ")
}

// eraseLine returns to the start of the terminal line and clears it.
const eraseLine = "\r\033[K"

// clearProgress erases the progress line before the answer is written.
func clearProgress(io IO) { fmt.Fprint(io.Err, eraseLine) }

// showProgress writes a solver's progress on one terminal line.
func showProgress(io IO, p engine.Progress, l question.Lang) {
	num := func(x float64) string {
		if math.IsNaN(x) {
			return "–"
		}
		return question.FormatFloat(x, 0, l)
	}
	secs := question.FormatFloat(p.Elapsed.Seconds(), 1, l)
	if math.IsNaN(p.Objective) && math.IsNaN(p.Bound) {
		// Nothing to show but the time (figures about people are
		// withheld from the progress line).
		fmt.Fprintf(io.Err, eraseLine+l.Pick("cerco la soluzione migliore… %s s", "searching for the best solution… %s s"), secs)
		return
	}
	fmt.Fprintf(io.Err, eraseLine+l.Pick("cerco la soluzione migliore… %s s, migliore finora %s, limite %s", "searching for the best solution… %s s, best so far %s, bound %s"),
		secs, num(p.Objective), num(p.Bound))
}
