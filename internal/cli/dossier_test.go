package cli

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestDossierWritesAPDF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dossier.pdf")
	r := run(nil, "dossier", "--target", "anziani-soli", "--area", "municipio-9", "--template", "cariplo", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-10:], []byte("%%EOF")) {
		t.Errorf("%s is not a whole PDF", out)
	}
	for _, want := range []string{"Analisi del contesto e dei bisogni: anziani soli, Municipio 9 scritto in " + out, "pagine", "[dati sintetici]"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("stdout lacks %q: %s", want, r.out)
		}
	}
}

// TestDossierWritesADocx: a .docx destination gets the editable Word
// document, whose body holds the dossier's headings.
func TestDossierWritesADocx(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dossier.docx")
	r := run(nil, "dossier", "--target", "anziani-soli", "--area", "municipio-9", "--template", "cariplo", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatalf("%s is not a zip: %v", out, err)
	}
	defer z.Close()
	var body []byte
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	for _, want := range []string{"Il territorio di riferimento", "I bisogni non coperti", "Municipio 9"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("word/document.xml lacks %q", want)
		}
	}
}

func TestFactsheetOfTheCityToStdout(t *testing.T) {
	r := run(nil, "factsheet", "--target", "prima-infanzia", "--lang", "en", "--out", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	if !strings.HasPrefix(r.out, "%PDF-") {
		t.Errorf("stdout is not a PDF: %.40q", r.out)
	}
}

func TestDossierUserTemplates(t *testing.T) {
	dir := t.TempDir()
	tpl := `name: comune-milano
title: {it: Bando del Comune}
sections:
  - id: uno
    heading: {it: "Il target a {{.AreaName}}"}
    ask:
      - id: domanda
        q: howmuch demand target={{.Target}} area={{.Area}}
    blocks:
      - headline: domanda
`
	if err := os.WriteFile(filepath.Join(dir, "comune-milano.yaml"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "c.pdf")
	r := run(nil, "dossier", "--target", "minori", "--area", "nil-54", "--templates", dir, "--template", "comune-milano", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	if !strings.Contains(r.out, "Bando del Comune: minori (0–17), Cà Granda") {
		t.Errorf("stdout: %s", r.out)
	}
	// The same template named inside a question, as in chat.
	q := "dossier target=minori area=nil-54 template=comune-milano"
	r = run(nil, "ask", "--lang", "it", "--templates", dir, "--out", filepath.Join(t.TempDir(), "q.pdf"), q)
	if r.code != 0 || !strings.Contains(r.out, "Bando del Comune: minori (0–17), Cà Granda") {
		t.Errorf("ask --templates: exit %d, stdout %q, stderr %q", r.code, r.out, r.errOut)
	}
	// Without the directory the language does not know it, and says which it
	// knows, in the question's language (template= is English).
	r = run(nil, "ask", "--lang", "it", q)
	if r.code != ExitBadInput || !strings.Contains(r.errOut, `unknown template "comune-milano"; templates: generico, cariplo, fondazione-comunita`) {
		t.Errorf("without --templates: exit %d, stderr %q", r.code, r.errOut)
	}
}

func TestDossierUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.pdf")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"dossier", "--area", "municipio-9", "--out", out}, "--target is required"},
		{[]string{"dossier", "--target", "anziani-soli", "--out", out}, "--area is required"},
		{[]string{"dossier", "--target", "anziani-soli", "--area", "municipio-9", "--template", "fondazione", "--out", out},
			`unknown template "fondazione"; templates: generico, cariplo, fondazione-comunita`},
		{[]string{"dossier", "--target", "anzinai-soli", "--area", "municipio-9", "--out", out}, `forse intendevi "anziani-soli"`},
		{[]string{"dossier", "--target", "anziani-soli", "--area", "municipio-9", "--role", "boss", "--out", out}, "unknown role"},
		{[]string{"factsheet", "--area", "municipio-9"}, "--target is required"},
	} {
		r := run(nil, c.args...)
		if r.code != ExitBadInput || !strings.Contains(r.errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, r.code, r.errOut, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed command wrote the PDF")
	}
}

// TestAskDossierWritesThePDF: a dossier asked as a question is written as a
// PDF, named by the document when --out is not given.
func TestAskDossierWritesThePDF(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "d.pdf")
	r := run(nil, "ask", "--out", out, "dossier target=anziani-soli area=municipio-9")
	if r.code != 0 || !strings.Contains(r.out, "scritto in "+out) {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.out, r.errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("%s: %v, starts %q", out, err, string(data[:min(8, len(data))]))
	}
	r = run(nil, "ask", "--lang", "en", "--out", filepath.Join(dir, "f.pdf"), "factsheet target=anziani-soli area=municipio-9")
	if r.code != 0 || !strings.Contains(r.out, ": 1 page,") {
		t.Errorf("fact sheet: exit %d, stdout %q, stderr %q", r.code, r.out, r.errOut)
	}
}

// TestAskExportsTheTable: --format csv prints the whole table, parsed back;
// --format xlsx writes a spreadsheet; an English question gets an English
// answer unless --lang says otherwise.
func TestAskExportsTheTable(t *testing.T) {
	r := run(nil, "ask", "--format", "csv", "dove sottoservito target=anziani-soli raggio=800m livello=municipio")
	if r.code != 0 {
		t.Fatalf("csv: exit %d: %s", r.code, r.errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.out, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 10 || recs[0][1] != "codice" {
		t.Fatalf("csv: %d records, %v: %q", len(recs), err, r.out)
	}
	out := filepath.Join(t.TempDir(), "t.xlsx")
	r = run(nil, "ask", "--format", "xlsx", "--out", out, "dove sottoservito target=anziani-soli raggio=800m livello=municipio")
	if data, err := os.ReadFile(out); r.code != 0 || err != nil || !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatalf("xlsx: exit %d %s, %v", r.code, r.errOut, err)
	}
	if r = run(nil, "ask", "--format", "xlsx", "where underserved target=anziani-soli radius=800m"); r.code != 2 || !strings.Contains(r.errOut, "--out") {
		t.Errorf("xlsx without --out: exit %d %s", r.code, r.errOut)
	}
	if r = run(nil, "ask", "where underserved target=anziani-soli radius=800m"); !strings.Contains(r.out, "have no service for them") {
		t.Errorf("an English question answered in: %.120s", r.out)
	}
	if r = run(nil, "ask", "--lang", "it", "where underserved target=anziani-soli radius=800m"); !strings.Contains(r.out, "non hanno un servizio") {
		t.Errorf("--lang it answered in: %.120s", r.out)
	}
}

// TestDossierWritesMarkdown: --format md writes the Markdown and its
// figures beside it; the Markdown links each figure, whose file decodes as
// a PNG; the fact sheet does the same from the extension alone.
func TestDossierWritesMarkdown(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "bozza.md")
	r := run(nil, "dossier", "--target", "anziani-soli", "--area", "municipio-9", "--template", "cariplo", "--format", "md", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## 1. Il territorio di riferimento", "> **Messaggi chiave", "> **DA COMPLETARE", "| --- |", "](bozza-fig-1.png)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	links := regexp.MustCompile(`!\[[^\]]*\]\(([^)]+\.png)\)`).FindAllStringSubmatch(string(md), -1)
	if len(links) < 3 {
		t.Fatalf("%d figures linked, want the charts and the map", len(links))
	}
	for _, l := range links {
		f, err := os.Open(filepath.Join(dir, l[1]))
		if err != nil {
			t.Errorf("figure %s: %v", l[1], err)
			continue
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("figure %s: %v", l[1], err)
		}
		f.Close()
	}
	if !strings.Contains(r.out, "bozza-fig-N.png") {
		t.Errorf("stdout does not say where the figures are: %s", r.out)
	}

	sheet := filepath.Join(dir, "scheda.md")
	if r := run(nil, "factsheet", "--target", "anziani-soli", "--area", "municipio-9", "--out", sheet); r.code != 0 {
		t.Fatalf("factsheet: exit %d: %s", r.code, r.errOut)
	}
	if b, err := os.ReadFile(sheet); err != nil || !strings.Contains(string(b), "\n# Anziani soli nel Municipio 9\n") {
		t.Errorf("the fact sheet's Markdown: %v %.60q", err, b)
	}
}

func TestReportFormatFlag(t *testing.T) {
	for _, c := range []struct{ flag, out, want string }{
		{"", "x.pdf", "pdf"}, {"", "x.DOCX", "docx"}, {"", "x.md", "md"}, {"", "", "pdf"}, {"", "-", "pdf"},
		{"md", "", "md"}, {"docx", "-", "docx"}, {"md", "x.md", "md"}, {"markdown", "x", "md"},
		{"md", "x.pdf", ""}, {"odt", "", ""}, {"md", "-", ""},
	} {
		got, err := reportFormat(c.flag, c.out)
		if c.want == "" {
			if err == nil {
				t.Errorf("--format %q --out %q: no error", c.flag, c.out)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("--format %q --out %q = %q, %v; want %q", c.flag, c.out, got, err, c.want)
		}
	}
	r := run(nil, "dossier", "--target", "anziani-soli", "--area", "municipio-9", "--format", "md", "--out", "x.pdf")
	if r.code != 2 || !strings.Contains(r.errOut, "--format md") {
		t.Errorf("a format against the extension: exit %d: %s", r.code, r.errOut)
	}
}
