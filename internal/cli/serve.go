package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newServeCmd is `wi serve` (issue 8; placeholder until the chat server lands).
func newServeCmd(io IO) *cobra.Command {
	return &cobra.Command{Use: "serve", Short: "server Slack e Teams (in preparazione)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("not available yet") }}
}
