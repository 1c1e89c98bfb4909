package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/reports"
	"github.com/welfare-intelligence/wi/reports/pdf"
)

// AskOptions are the flags of `wi ask`.
type AskOptions struct {
	JSON      bool
	Catalog   string
	Lang      string
	Role      string
	Timeout   time.Duration
	Out       string // where a dossier or fact sheet is written
	Templates string // a directory of user dossier templates
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
			return runAsk(cmd.Context(), io, opts, joinArgs(args))
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "stampa il risultato in JSON")
	cmd.Flags().StringVar(&opts.Catalog, "catalog", "", "catalogo DuckDB da interrogare (default: $WI_CATALOG, altrimenti la città demo)")
	cmd.Flags().StringVar(&opts.Lang, "lang", "it", "lingua della risposta: it o en")
	cmd.Flags().StringVar(&opts.Role, "role", "staff", "chi chiede: staff, grant o press (conteggi con un piccolo scarto casuale stabile; press anche arrotondati alla decina) o analyst (ufficio statistico: conteggi esatti)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 60*time.Second, "tempo massimo per rispondere")
	cmd.Flags().StringVar(&opts.Templates, "templates", "", "cartella di modelli di dossier aggiuntivi (YAML), che le domande dossier possono nominare")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file PDF per le domande dossier e scheda (default: un nome dalla domanda, nella cartella corrente)")
	return cmd
}

func runAsk(ctx context.Context, io IO, opts *AskOptions, question string) error {
	l, err := langFlag(opts.Lang)
	if err != nil {
		return err
	}
	role, err := engine.ParseRole(opts.Role)
	if err != nil {
		return usageError{err}
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
	eng := engine.New(cat, engine.Options{Templates: templates})
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		return err
	}
	plan, err := dsl.Compile(question, vocab)
	if err != nil {
		return reportQuestionError(io, err, question, l)
	}
	switch p := plan.(type) {
	case *engine.Dossier, *engine.Factsheet:
		return makeDocument(ctx, io, eng, p, pdf.Options{Lang: l, Role: role, TemplateDir: opts.Templates}, opts.Out, l)
	}
	res, err := eng.Exec(ctx, engine.Request{Question: question, Plan: plan, Lang: l, Role: role})
	if errors.Is(err, engine.ErrNotAvailable) {
		return fmt.Errorf("%s", l.Pick(
			fmt.Sprintf("la domanda %q non ha ancora una risposta in questa versione di wi", plan.Canonical()),
			fmt.Sprintf("the question %q has no answer in this version of wi yet", plan.Canonical())))
	}
	if engine.IsAnswerError(err) {
		return errors.New(engine.Message(err, l))
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		return reports.JSON(io.Out, res)
	}
	return reports.Text(io.Out, res)
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
