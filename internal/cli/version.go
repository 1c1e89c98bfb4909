package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/welfare-intelligence/wi/catalog"
)

// Version is set at build time with -ldflags "-X github.com/welfare-intelligence/wi/internal/cli.Version=v1.2.3".
var Version = ""

func newVersionCmd(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Stampa la versione di wi",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			v := Version
			if v == "" {
				v = "(devel)"
				if bi, ok := debug.ReadBuildInfo(); ok {
					if bi.Main.Version != "" {
						v = bi.Main.Version
					}
					for _, s := range bi.Settings {
						if s.Key == "vcs.revision" && len(s.Value) >= 12 {
							v += " " + s.Value[:12]
						}
					}
				}
			}
			_, err := fmt.Fprintf(io.Out, "wi %s (catalog schema %s)\n", v, catalog.SchemaVersion)
			return err
		},
	}
}
