package bots

import (
	"context"
	"fmt"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports/pdf"
)

// testDocuments generates PDFs with the real reports/pdf, as `wi serve` does.
var testDocuments DocumentFunc = func(ctx context.Context, eng *engine.Engine, plan question.Plan, lang question.Lang, role answer.Role) (*Document, error) {
	opt := pdf.Options{Lang: lang, Role: role}
	var (
		d   *pdf.Document
		err error
	)
	switch p := plan.(type) {
	case *question.Dossier:
		d, err = pdf.Dossier(ctx, eng, p, opt)
	case *question.Factsheet:
		d, err = pdf.Factsheet(ctx, eng, p, opt)
	default:
		return nil, fmt.Errorf("no document for %q", plan.Canonical())
	}
	if err != nil {
		return nil, err
	}
	return &Document{PDF: d.PDF, Title: d.Title, FileName: d.FileName, Pages: d.Pages}, nil
}
