package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/question"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitBadInput = 2
)

// IO is what a command reads and writes, and its environment.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string
	// Terminal reports whether Out is a terminal (progress and colour only then).
	Terminal bool
}

// System returns the process's standard streams and environment.
func System() IO {
	return IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv,
		Terminal: term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// usageError is a wrong flag or argument: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// questionError is a question that does not parse or check: exit code 2.
// Its message, with the caret line, has already been written.
type questionError struct{ err error }

func (e questionError) Error() string { return e.err.Error() }
func (e questionError) Unwrap() error { return e.err }

// Run executes the wi command line and returns the process's exit code.
func Run(ctx context.Context, args []string, io IO) int {
	root := NewRoot(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(err, io)
}

// exitCode reports an error once, in the user's terms, and maps it to the
// exit code: the only place where errors become codes.
func exitCode(err error, io IO) int {
	if err == nil {
		return ExitOK
	}
	var qe questionError
	if errors.As(err, &qe) {
		return ExitBadInput
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(io.Err, "wi: %v\n", err)
		fmt.Fprintln(io.Err, "Usa `wi --help` per l'elenco dei comandi e delle opzioni.")
		return ExitBadInput
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(io.Err, "wi: interrotto")
		return ExitFailure
	}
	if errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintln(io.Err, "wi: tempo scaduto (aumenta --timeout)")
		return ExitFailure
	}
	fmt.Fprintf(io.Err, "wi: %v\n", err)
	return ExitFailure
}

// NewRoot builds the command tree.
func NewRoot(io IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "wi",
		Short: "Welfare Intelligence: domande sui bisogni e sui servizi di una città",
		Long: `wi risponde a domande brevi sulla domanda di welfare (persone e famiglie per target,
per sezione censuaria e quartiere) e sull'offerta (strutture con posizione e capacità).

Esempi:
  wi ask "where underserved target=anziani-soli radius=800m"
  wi ask "dove sottoservito target=anziani-soli raggio=800m"
  wi ask "howmuch demand target=prima-infanzia area=municipio-9"
  wi ask --json "quanti domanda target=anziani zona=\"Cà Granda\""
  wi ask "where locate service=centro-diurno-integrato target=anziani-soli count=3 radius=800m"
  wi dossier --target anziani-soli --area municipio-9 --template cariplo --out dossier.pdf
  wi optimize tsp --tsplib a280.tsp
  wi serve --addr :8080 --policy policy.yaml

Senza --catalog (o WI_CATALOG) wi usa la città demo sintetica, costruita una volta
nella cartella cache dell'utente.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetIn(io.In)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newAskCmd(io), newCatalogCmd(io), newDossierCmd(io), newFactsheetCmd(io),
		newOptimizeCmd(io), newServeCmd(io), newVersionCmd(io))
	return root
}

// noArgsExcept wraps cobra's argument checks as usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// langFlag reads --lang.
func langFlag(s string) (question.Lang, error) {
	l, err := question.ParseLang(strings.ToLower(s))
	if err != nil {
		return "", usageError{err}
	}
	return l, nil
}

// reportQuestionError writes a question's error with its caret line.
func reportQuestionError(io IO, err error, question string, l question.Lang) error {
	fmt.Fprintln(io.Err, dsl.Format(err, question, l))
	return questionError{err}
}
