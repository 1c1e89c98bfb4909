package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/question"
)

// snapshotsKept is how many replaced catalogs `wi catalog` keeps.
const snapshotsKept = 5

// ImportOptions are the flags of `wi catalog import`.
type ImportOptions struct {
	Out    string
	Report string
}

func newCatalogImportCmd(io IO) *cobra.Command {
	opts := &ImportOptions{}
	cmd := &cobra.Command{
		Use:   "import RECIPE... --out PATH",
		Short: "Costruisce un catalogo da ricette di importazione (YAML)",
		Long: `Legge le ricette (una per file sorgente: confini, domanda, strutture), assegna le strutture
alle aree per punto-in-poligono, somma la domanda per area, target e anno, e scrive il catalogo
accanto alla destinazione, sostituendolo solo quando è completo e valido. Il catalogo sostituito
resta come istantanea in PATH.snapshots/. Le righe scartate sono elencate nel rapporto.`,
		Example: `  wi catalog import examples/milano/*.yaml --out milano.duckdb --report import.json`,
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return usageError{fmt.Errorf("--out is required: the path of the catalog to write, e.g. --out milano.duckdb")}
			}
			return runCatalogImport(cmd.Context(), io, opts, args)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "file del catalogo da scrivere")
	cmd.Flags().StringVar(&opts.Report, "report", "", "scrive il rapporto d'importazione in JSON in questo file")
	return cmd
}

func runCatalogImport(ctx context.Context, io IO, opts *ImportOptions, recipes []string) error {
	start := time.Now()
	var progress catalog.Progress
	if io.Terminal {
		progress = func(step string, done, total int) {
			const width = 30
			fill := width * done / max(total, 1)
			fmt.Fprintf(io.Err, "\r[%s%s] %d/%d %-40s", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), done, total, step)
			if done == total {
				fmt.Fprintln(io.Err)
			}
		}
	}
	d, report, err := catalog.Import(ctx, recipes, progress)
	if err != nil {
		return err
	}
	snapshot, err := catalog.Replace(ctx, opts.Out, d, snapshotsKept, time.Now())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(io.Out, "Catalogo %q scritto in %s (%s)\n", d.Meta[1].Value, opts.Out, time.Since(start).Round(time.Millisecond))
	if snapshot != "" {
		fmt.Fprintf(io.Out, "  il catalogo precedente resta in %s\n", snapshot)
	}
	fmt.Fprintln(tw, "ricetta\tdataset\tlette\tusate\tfiltrate\tsaltate\tscartate\tfatte\t")
	for _, r := range report.Recipes {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", filepath.Base(r.Path), r.Dataset, r.Read, r.Kept, r.Filtered, r.Skipped, r.Problems, r.Made)
	}
	tw.Flush()
	if n := len(report.Problems); n > 0 {
		fmt.Fprintf(io.Out, "%s righe non usate:\n", question.FormatInt(int64(n), question.Italian))
		for i, p := range report.Problems {
			if i == 20 && opts.Report != "" {
				fmt.Fprintf(io.Out, "  … e altre %d: vedi %s\n", n-i, opts.Report)
				break
			}
			fmt.Fprintf(io.Out, "  - %s\n", p)
		}
	}
	if opts.Report != "" {
		b, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(opts.Report, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}

func newCatalogListCmd(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "list PATH",
		Short: "Elenca il catalogo e le sue istantanee precedenti",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			snaps, err := catalog.Snapshots(args[0])
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "file\tstato\tmodificato\tdimensione\tnome\tdataset")
			for i, p := range append([]string{args[0]}, snaps...) {
				state := "istantanea"
				if i == 0 {
					state = "corrente"
				}
				st, err := os.Stat(p)
				if err != nil {
					return fmt.Errorf("list: %w", err)
				}
				name, datasets := "?", 0
				if c, err := catalog.Open(cmd.Context(), p); err == nil {
					if info, err := c.Info(cmd.Context()); err == nil {
						name, datasets = info.Name, len(info.Datasets)
					}
					c.Close()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", p, state, st.ModTime().UTC().Format("2006-01-02 15:04:05Z"),
					humanBytes(st.Size()), name, datasets)
			}
			return tw.Flush()
		},
	}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
}

func newCatalogDescribeCmd(io IO) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "describe [--catalog PATH]",
		Short: "Descrive un catalogo: tabelle, dataset, target, servizi",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := openCatalog(cmd.Context(), io, path, question.Italian)
			if err != nil {
				return err
			}
			defer c.Close()
			d, err := c.Describe(cmd.Context())
			if err != nil {
				return err
			}
			synthetic := ""
			if d.Synthetic {
				synthetic = " [DATI SINTETICI]"
			}
			fmt.Fprintf(io.Out, "%s%s — %s (schema %s)\n\nTabelle:\n", d.Name, synthetic, d.Path, d.Schema)
			tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
			for _, t := range d.Tables {
				fmt.Fprintf(tw, "  %s\t%s\n", t.Name, question.FormatInt(t.Rows, question.Italian))
			}
			tw.Flush()
			fmt.Fprintln(io.Out, "\nAree per livello:")
			for _, l := range d.Levels {
				fmt.Fprintf(tw, "  %s\t%s\n", l.Name, question.FormatInt(l.Rows, question.Italian))
			}
			tw.Flush()
			fmt.Fprintln(io.Out, "\nDataset:")
			for _, s := range d.Datasets {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s righe\n", s.ID, s.Publisher, s.Licence, s.ReferenceDate.Format("2006-01-02"), question.FormatInt(s.Rows, question.Italian))
			}
			tw.Flush()
			fmt.Fprintln(io.Out, "\nTarget con domanda (ultimo anno, livello più fine):")
			for _, t := range d.Targets {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.Target, t.Years, question.FormatInt(t.Total, question.Italian))
			}
			tw.Flush()
			fmt.Fprintln(io.Out, "\nServizi con strutture:")
			for _, s := range d.Services {
				fmt.Fprintf(tw, "  %s\t%s strutture\tcapacità %s\n", s.Service, question.FormatInt(s.Facilities, question.Italian), question.FormatFloat(s.Capacity, 0, question.Italian))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&path, "catalog", "", "catalogo (default: $WI_CATALOG, altrimenti la città demo)")
	return cmd
}

func newCatalogExportCmd(io IO) *cobra.Command {
	var path, out, format string
	cmd := &cobra.Command{
		Use:   "export --out DIR [--format csv|parquet] [--catalog PATH]",
		Short: "Esporta aree, domanda, strutture, vocabolari, parametri e dataset",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("--out is required: the directory to write the tables into")}
			}
			if format != catalog.FormatCSV && format != catalog.FormatParquet {
				return usageError{fmt.Errorf("--format %q: use csv or parquet", format)}
			}
			c, err := openCatalog(cmd.Context(), io, path, question.Italian)
			if err != nil {
				return err
			}
			defer c.Close()
			files, err := c.Export(cmd.Context(), out, format)
			if err != nil {
				return err
			}
			for _, f := range files {
				fmt.Fprintln(io.Out, f)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&path, "catalog", "", "catalogo (default: $WI_CATALOG, altrimenti la città demo)")
	cmd.Flags().StringVar(&out, "out", "", "cartella in cui scrivere le tabelle")
	cmd.Flags().StringVar(&format, "format", catalog.FormatCSV, "csv o parquet")
	return cmd
}
