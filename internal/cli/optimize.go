package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newOptimizeCmd is `wi optimize` (issue 6; placeholder until the solvers land).
func newOptimizeCmd(io IO) *cobra.Command {
	return &cobra.Command{Use: "optimize", Short: "ottimizzazione (in preparazione)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("not available yet") }}
}
