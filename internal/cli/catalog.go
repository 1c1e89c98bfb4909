package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/question"
)

func newCatalogCmd(io IO) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Costruisce e descrive i cataloghi",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCatalogDemoCmd(io), newCatalogImportCmd(io), newCatalogListCmd(io), newCatalogDescribeCmd(io), newCatalogExportCmd(io))
	return cmd
}

// DemoOptions are the flags of `wi catalog demo`.
type DemoOptions struct {
	Out      string
	Seed     uint64
	Sections int
}

func newCatalogDemoCmd(io IO) *cobra.Command {
	opts := &DemoOptions{}
	cmd := &cobra.Command{
		Use:   "demo --out PATH [--seed N]",
		Short: "Costruisce il catalogo della città demo sintetica",
		Long: `Costruisce il catalogo della città demo: una città sintetica della scala di Milano
(9 municipi, 88 quartieri, circa 6.000 sezioni censuarie, 1,35 milioni di residenti),
deterministica a partire dal seme. Il file è scritto accanto alla destinazione e
sostituito solo quando è completo.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Out == "" {
				return usageError{fmt.Errorf("--out is required: the path of the catalog to write, e.g. --out demo.duckdb")}
			}
			return runCatalogDemo(cmd.Context(), io, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "file del catalogo da scrivere")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", catalog.DefaultDemoSeed, "seme del generatore")
	cmd.Flags().IntVar(&opts.Sections, "sections", 6000, "numero indicativo di sezioni censuarie")
	return cmd
}

func runCatalogDemo(ctx context.Context, io IO, opts *DemoOptions) error {
	start := time.Now()
	d, err := catalog.Demo(catalog.DemoOptions{Seed: opts.Seed, Sections: opts.Sections})
	if err != nil {
		return usageError{err}
	}
	if _, err := catalog.Replace(ctx, opts.Out, d, snapshotsKept, time.Now()); err != nil {
		return err
	}
	var residents int64
	sections := 0
	for _, a := range d.Areas {
		if a.Level == question.LevelSection {
			sections++
		}
	}
	for _, r := range d.Demand {
		if r.Target == "residenti" && r.Year == 2024 {
			residents += r.Count
		}
	}
	fmt.Fprintf(io.Out, "Catalogo demo scritto in %s (%s)\n", opts.Out, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(io.Out, "  seme %d: %s sezioni, %s residenti nel 2024, %d strutture, %d righe di domanda\n",
		opts.Seed, question.FormatInt(int64(sections), question.Italian), question.FormatInt(residents, question.Italian),
		len(d.Facilities), len(d.Demand))
	fmt.Fprintf(io.Out, "  checksum %s\n", d.Datasets[0].Checksum)
	return nil
}

// openCatalog opens the catalog named by the flag, by WI_CATALOG, or else the
// demo city's catalog in the user's cache, building it on first use.
func openCatalog(ctx context.Context, io IO, flag string, l question.Lang) (*catalog.Catalog, error) {
	path := flag
	if path == "" {
		path = io.Getenv("WI_CATALOG")
	}
	if path != "" {
		return catalog.Open(ctx, path)
	}
	path = filepath.Join(cacheDir(io), fmt.Sprintf("demo-seed%d-schema%s.duckdb", catalog.DefaultDemoSeed, catalog.SchemaVersion))
	if _, err := os.Stat(path); err == nil {
		c, err := catalog.Open(ctx, path)
		if err == nil {
			return c, nil
		}
		// A damaged cache is rebuilt, not reported forever.
		fmt.Fprintln(io.Err, l.Pick("wi: il catalogo demo in cache è illeggibile ("+err.Error()+"): lo ricostruisco",
			"wi: the cached demo catalog cannot be read ("+err.Error()+"): rebuilding it"))
	} else {
		fmt.Fprintln(io.Err, l.Pick(
			"wi: nessun catalogo indicato: costruisco una volta la città demo sintetica in "+path+" …",
			"wi: no catalog given: building the synthetic demo city once in "+path+" …"))
	}
	d, err := catalog.Demo(catalog.DemoOptions{Seed: catalog.DefaultDemoSeed})
	if err != nil {
		return nil, err
	}
	if err := catalog.Write(ctx, path, d); err != nil {
		return nil, err
	}
	return catalog.Open(ctx, path)
}

// cacheDir is where the demo catalog is kept: $WI_CACHE_DIR, else the user's
// cache directory, else the system's temporary directory.
func cacheDir(io IO) string {
	if d := io.Getenv("WI_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "wi")
	}
	return filepath.Join(os.TempDir(), "wi-cache")
}
