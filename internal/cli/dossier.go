package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/internal/ask"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/pdf"
)

// ReportOptions are the flags of `wi dossier` and `wi factsheet`.
type ReportOptions struct {
	Target    string
	Area      string
	Year      int
	Template  string
	Templates string
	Lang      string
	Role      string
	Catalog   string
	Out       string
	Format    string // pdf, docx or md; "" = from the extension of Out (pdf when it has none)
	Timeout   time.Duration
	Now       func() time.Time // the document's date; nil is time.Now
}

// newDossierCmd is `wi dossier`: the needs-analysis dossier of issue 7.
func newDossierCmd(io IO) *cobra.Command {
	opts := &ReportOptions{}
	cmd := &cobra.Command{
		Use:   "dossier --target T --area A [--template cariplo] --out FILE.pdf",
		Short: "Dossier PDF di analisi del contesto e dei bisogni per un bando",
		Long: `Costruisce il dossier PDF di analisi del contesto e dei bisogni che i bandi chiedono
(Fondazione Cariplo, Fondazioni di Comunità, Comune): il territorio, la fotografia
quantitativa del target, la mappa, i servizi esistenti e la loro saturazione, i
bisogni non coperti, la stima dei beneficiari, gli indicatori di base e l'appendice
con fonti, regola di riservatezza e ogni domanda da cui vengono le cifre.

Modelli: generico (default), cariplo, fondazione-comunita; --templates DIR aggiunge
o sostituisce modelli con file DIR/NOME.yaml.

Formati (--format, o dall'estensione di --out): pdf da allegare; docx, un documento
Word modificabile con titoli, tabelle e figure; md, Markdown con le figure in file PNG
accanto (dossier.md, dossier-fig-1.png…). Nel docx e nel md ogni sezione dice quanti
caratteri ha rispetto al limite del modello.`,
		Example: `  wi dossier --target anziani-soli --area municipio-9 --template cariplo --out dossier.pdf
  wi dossier --target minori-stranieri --area nil-54 --lang en --out needs.pdf
  wi dossier --catalog milano.duckdb --target anziani --area municipio-9 --out milano.pdf
  wi dossier --target anziani-soli --area municipio-9 --template cariplo --out dossier.docx
  wi dossier --target anziani-soli --area municipio-9 --format md --out bozza/dossier.md`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), io, opts, false)
		},
	}
	reportFlags(cmd, opts, "grant")
	cmd.Flags().StringVar(&opts.Template, "template", "", "modello del dossier: generico, cariplo, fondazione-comunita o uno di --templates")
	cmd.Flags().StringVar(&opts.Templates, "templates", "", "cartella di modelli YAML che si aggiungono a quelli incorporati o li sostituiscono")
	cmd.Flags().StringVar(&opts.Role, "role", "grant", "profilo: grant o staff (conteggi con un piccolo scarto casuale stabile), press (anche arrotondati alla decina)")
	return cmd
}

// newFactsheetCmd is `wi factsheet`: the one-page press fact sheet.
func newFactsheetCmd(io IO) *cobra.Command {
	opts := &ReportOptions{}
	cmd := &cobra.Command{
		Use:   "factsheet --target T [--area A] --out FILE.pdf",
		Short: "Scheda stampa PDF di una pagina, con cifre arrotondate e fonti",
		Long: `Costruisce la scheda stampa: una pagina A4 con da tre a cinque cifre, un grafico e le
fonti. Le cifre sono quelle del profilo press: conteggi arrotondati alla decina e
protetti dalle regole di riservatezza statistica.`,
		Example: `  wi factsheet --target anziani-soli --area municipio-9 --out scheda.pdf
  wi factsheet --target anziani-soli --area municipio-9 --format md --out scheda.md
  wi factsheet --target prima-infanzia --out scheda-citta.pdf`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), io, opts, true)
		},
	}
	reportFlags(cmd, opts, "press")
	return cmd
}

func reportFlags(cmd *cobra.Command, opts *ReportOptions, role string) {
	cmd.Flags().StringVar(&opts.Target, "target", "", "target del documento, es. anziani-soli")
	cmd.Flags().StringVar(&opts.Area, "area", "", "territorio: municipio, quartiere (NIL) o città, es. municipio-9")
	cmd.Flags().IntVar(&opts.Year, "year", 0, "anno dei dati (default: l'ultimo del catalogo)")
	cmd.Flags().StringVar(&opts.Lang, "lang", "it", "lingua del documento: it o en")
	cmd.Flags().StringVar(&opts.Catalog, "catalog", "", "catalogo DuckDB (default: $WI_CATALOG, altrimenti la città demo)")
	cmd.Flags().StringVar(&opts.Out, "out", "", "file da scrivere: .pdf, .docx (documento Word modificabile) o .md (Markdown, con le figure PNG accanto); - per l'uscita standard; default: il nome proposto, nella cartella corrente")
	cmd.Flags().StringVar(&opts.Format, "format", "", "formato: pdf, docx o md (default: dall'estensione di --out, altrimenti pdf)")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 2*time.Minute, "tempo massimo per costruire il documento")
}

// reportQuestion is the question a report command asks, in the language:
// the flags go through the same pipeline as any question.
func reportQuestion(opts *ReportOptions, factsheet bool) string {
	var b strings.Builder
	if factsheet {
		b.WriteString("factsheet")
	} else {
		b.WriteString("dossier")
	}
	// Keys in the language of the answer, so that an error about them
	// comes back in that language ("target=" and "area=" read in both).
	year := "year="
	if opts.Lang != "en" {
		year = "anno="
	}
	b.WriteString(" target=" + quoteValue(opts.Target))
	if opts.Area != "" {
		b.WriteString(" area=" + quoteValue(opts.Area))
	}
	if opts.Year != 0 {
		b.WriteString(" " + year + strconv.Itoa(opts.Year))
	}
	return b.String()
}

// quoteValue quotes a value with spaces or quotes (area="Cà Granda").
func quoteValue(s string) string {
	if strings.ContainsAny(s, " \t\"=") {
		return strconv.Quote(s)
	}
	return s
}

func runReport(ctx context.Context, io IO, opts *ReportOptions, factsheet bool) error {
	l, err := langFlag(opts.Lang)
	if err != nil {
		return err
	}
	role := answers.RolePress
	if !factsheet {
		if role, err = answers.ParseRole(opts.Role); err != nil {
			return usageError{err}
		}
	}
	if opts.Target == "" {
		return usageError{errors.New("--target is required, e.g. --target anziani-soli")}
	}
	if !factsheet && opts.Area == "" {
		return usageError{errors.New("--area is required, e.g. --area municipio-9")}
	}
	if opts.Timeout <= 0 {
		return usageError{fmt.Errorf("--timeout must be positive, got %s", opts.Timeout)}
	}
	format, err := reportFormat(opts.Format, opts.Out)
	if err != nil {
		return usageError{err}
	}
	if opts.Templates != "" {
		if st, err := os.Stat(opts.Templates); err != nil || !st.IsDir() {
			return usageError{fmt.Errorf("--templates %s: not a directory", opts.Templates)}
		}
	}
	if opts.Template != "" {
		known, err := pdf.Templates(opts.Templates)
		if err != nil {
			return usageError{err}
		}
		if !slices.Contains(known, opts.Template) {
			return usageError{fmt.Errorf("unknown template %q; templates: %s", opts.Template, strings.Join(known, ", "))}
		}
	}
	cat, err := openCatalog(ctx, io, opts.Catalog, l)
	if err != nil {
		return err
	}
	defer cat.Close()
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		return err
	}
	if factsheet && opts.Area == "" {
		// The fact sheet of the whole city.
		o := *opts
		o.Area = vocab.CityArea
		opts = &o
	}
	question := reportQuestion(opts, factsheet)
	asked, err := ask.Run(ctx, eng, ask.Question{Text: question, Lang: l, Role: role})
	if err != nil {
		return askError(io, asked, err, l)
	}
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}
	popt := pdf.Options{Lang: l, Role: role, Template: opts.Template, TemplateDir: opts.Templates, Now: now}
	return makeDocumentAs(ctx, io, eng, asked.Plan, popt, opts.Out, format, l)
}

// Report formats: the PDF to print or attach, the Word document and the
// Markdown to rework.
const (
	formatPDF  = "pdf"
	formatDOCX = "docx"
	formatMD   = "md"
)

// reportFormat decides the format of a document from --format and the
// extension of --out: they must agree when both are given.
func reportFormat(flag, out string) (string, error) {
	byExt := ""
	switch strings.ToLower(filepath.Ext(out)) {
	case ".pdf":
		byExt = formatPDF
	case ".docx":
		byExt = formatDOCX
	case ".md", ".markdown":
		byExt = formatMD
	}
	f := strings.ToLower(strings.TrimPrefix(flag, "."))
	switch f {
	case "":
		if byExt == "" {
			byExt = formatPDF
		}
		f = byExt
	case formatPDF, formatDOCX, formatMD:
		if byExt != "" && byExt != f {
			return "", fmt.Errorf("--format %s but --out %s is a .%s file", f, out, byExt)
		}
	case "markdown":
		f = formatMD
	default:
		return "", fmt.Errorf("--format %q: want pdf, docx or md", flag)
	}
	if f == formatMD && out == "-" {
		return "", errors.New("Markdown has its figures in files beside it: give --out FILE.md, not -")
	}
	return f, nil
}

// makeDocument builds the document of a dossier or fact-sheet plan in the
// format of out's extension; wi ask shares it.
func makeDocument(ctx context.Context, io IO, eng *engine.Engine, plan question.Plan, popt pdf.Options, out string, l question.Lang) error {
	format, err := reportFormat("", out)
	if err != nil {
		return usageError{err}
	}
	return makeDocumentAs(ctx, io, eng, plan, popt, out, format, l)
}

// makeDocumentAs builds a dossier or fact-sheet plan as a PDF, a Word
// document or Markdown (with its figures as PNG files beside it), writes it
// to out ("-" is standard output; "" the name the document proposes, with
// the format's extension) and says where.
func makeDocumentAs(ctx context.Context, io IO, eng *engine.Engine, plan question.Plan, popt pdf.Options, out, format string, l question.Lang) error {
	doc, err := pdf.Make(ctx, eng, plan, popt)
	if errors.Is(err, pdf.ErrUnknownTemplate) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	data := doc.PDF
	if format == formatDOCX {
		data = doc.DOCX
	}
	if out == "-" {
		_, err := io.Out.Write(data)
		return err
	}
	if out == "" {
		out = strings.TrimSuffix(doc.FileName, ".pdf") + "." + format
	}
	extra := ""
	switch format {
	case formatDOCX:
		if len(doc.DOCX) == 0 {
			return fmt.Errorf("%s: no Word version of this document", out)
		}
	case formatMD:
		// The Markdown and its figures beside it: x.md, x-fig-1.png…
		base := strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
		for i, pic := range doc.Figures {
			if err := writeReportFile(filepath.Join(filepath.Dir(out), pdf.FigureName(base, i)), pic); err != nil {
				return err
			}
		}
		data = doc.Markdown(base)
		if len(doc.Figures) > 0 {
			extra = fmt.Sprintf(l.Pick(" e %d %s PNG accanto (%s-fig-N.png)", " and %d PNG %s beside it (%s-fig-N.png)"), len(doc.Figures),
				l.Pick(question.Plural(len(doc.Figures), "figura", "figure"), question.Plural(len(doc.Figures), "figure", "figures")), base)
		}
	}
	if err := writeReportFile(out, data); err != nil {
		return err
	}
	synthetic := ""
	if info, err := eng.Info(ctx); err == nil && info.Synthetic {
		synthetic = l.Pick(" [dati sintetici]", " [synthetic data]")
	}
	fmt.Fprintf(io.Out, l.Pick("%s scritto in %s%s: %d %s, %s KB, cifre da %d domande%s\n", "%s written to %s%s: %d %s, %s KB, figures from %d questions%s\n"),
		doc.Title, out, extra, doc.Pages, l.Pick(question.Plural(doc.Pages, "pagina", "pagine"), question.Plural(doc.Pages, "page", "pages")), question.FormatInt(int64(len(data)+512)/1024, l), len(doc.Questions), synthetic)
	return nil
}

// writeReportFile writes the file beside its destination and renames it, so
// that a failed write never leaves half a PDF.
func writeReportFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
