package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// newDossierCmd is `wi dossier` (issue 7; placeholder until the PDF reports land).
func newDossierCmd(io IO) *cobra.Command {
	return &cobra.Command{Use: "dossier", Short: "dossier PDF (in preparazione)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("not available yet") }}
}

// newFactsheetCmd is `wi factsheet` (issue 7; placeholder).
func newFactsheetCmd(io IO) *cobra.Command {
	return &cobra.Command{Use: "factsheet", Short: "scheda stampa PDF (in preparazione)", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return errors.New("not available yet") }}
}
