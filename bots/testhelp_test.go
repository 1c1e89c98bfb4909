package bots

import (
	"context"
	"github.com/welfare-intelligence/wi/catalog"
	"io"
	"log/slog"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/question"
)

func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func compile(q string, v *question.Vocabulary) (question.Plan, error) { return dsl.Compile(q, v) }

func openCatalogAt(ctx context.Context, path string) (Catalog, error) { return catalog.Open(ctx, path) }
