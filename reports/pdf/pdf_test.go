package pdf

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	answers "github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/question"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixedNow is the date of every test document.
var fixedNow = time.Date(2025, time.March, 14, 10, 0, 0, 0, time.UTC)

var tmpRoot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wi-pdf-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	closeCatalogs()
	os.RemoveAll(dir)
	os.Exit(code)
}

type opened struct {
	once sync.Once
	cat  *catalog.Catalog
	eng  *engine.Engine
	err  error
	skip string
}

var demo, milano opened

func closeCatalogs() {
	for _, o := range []*opened{&demo, &milano} {
		if o.cat != nil {
			o.cat.Close()
		}
	}
}

// demoEngine returns an engine over the demo city (Milan's scale), built
// once for the package's tests.
func demoEngine(t testing.TB) *engine.Engine {
	t.Helper()
	demo.once.Do(func() {
		ctx := context.Background()
		d, err := catalog.Demo(catalog.DemoOptions{Seed: catalog.DefaultDemoSeed})
		if err != nil {
			demo.err = err
			return
		}
		path := filepath.Join(tmpRoot, "demo.duckdb")
		if demo.err = catalog.Write(ctx, path, d); demo.err != nil {
			return
		}
		if demo.cat, demo.err = catalog.Open(ctx, path); demo.err != nil {
			return
		}
		demo.eng = engine.New(demo.cat, engine.Options{})
	})
	if demo.err != nil {
		t.Fatal(demo.err)
	}
	return demo.eng
}

// milanoEngine returns an engine over the real Milan catalog imported from
// examples/milano, or skips when the shared data is missing (never in CI).
func milanoEngine(t testing.TB) *engine.Engine {
	t.Helper()
	milano.once.Do(func() {
		if _, err := os.Stat("../../../shared/data/milano/PROVENANCE.md"); err != nil {
			milano.skip = "the real Milan data is not at ../../../shared/data/milano (the shared folder beside the project)"
			return
		}
		recipes, err := filepath.Glob("../../examples/milano/*.yaml")
		if err != nil || len(recipes) == 0 {
			milano.err = fmt.Errorf("Milan recipes: %v %v", recipes, err)
			return
		}
		ctx := context.Background()
		d, _, err := catalog.Import(ctx, recipes, nil)
		if err != nil {
			milano.err = err
			return
		}
		path := filepath.Join(tmpRoot, "milano.duckdb")
		catalog.SetSecret(d, disclose.SecretFrom("pdf tests")) // a golden file needs the same noise every run
		if milano.err = catalog.Write(ctx, path, d); milano.err != nil {
			return
		}
		if milano.cat, milano.err = catalog.Open(ctx, path); milano.err != nil {
			return
		}
		milano.eng = engine.New(milano.cat, engine.Options{})
	})
	if milano.skip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(milano.skip + "; CI must provide it")
		}
		t.Skip(milano.skip)
	}
	if milano.err != nil {
		t.Fatal(milano.err)
	}
	return milano.eng
}

// tool returns the path of a poppler or qpdf tool, or skips the test when it
// is missing (never in CI).
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		msg := fmt.Sprintf("%s is not installed (Debian: apt-get install qpdf poppler-utils)", name)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI must install it")
		}
		t.Skip(msg)
	}
	return p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(tool(t, name), args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String() + errOut.String()
}

func writeTemp(t testing.TB, doc *Document) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), doc.FileName)
	if err := os.WriteFile(p, doc.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func compile(t testing.TB, eng *engine.Engine, q string) question.Plan {
	t.Helper()
	v, err := eng.Vocabulary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := dsl.Compile(q, v)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return p
}

func dossier(t testing.TB, eng *engine.Engine, q string, opt Options) *Document {
	t.Helper()
	plan := compile(t, eng, q).(*question.Dossier)
	if opt.Now.IsZero() {
		opt.Now = fixedNow
	}
	doc, err := Dossier(context.Background(), eng, plan, opt)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return doc
}

func factsheet(t testing.TB, eng *engine.Engine, q string, opt Options) *Document {
	t.Helper()
	plan := compile(t, eng, q).(*question.Factsheet)
	if opt.Now.IsZero() {
		opt.Now = fixedNow
	}
	doc, err := Factsheet(context.Background(), eng, plan, opt)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return doc
}

// golden compares got with testdata/NAME, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the layout (go test -run %s -update rewrites it); first difference:\n%s", path, t.Name(), firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, x, y)
		}
	}
	return "(none)"
}

func TestDossierDemoCariplo(t *testing.T) {
	eng := demoEngine(t)
	doc := dossier(t, eng, "dossier target=anziani-soli area=municipio-9 template=cariplo", Options{})
	if doc.FileName != "dossier-anziani-soli-municipio-9.pdf" {
		t.Errorf("file name %q", doc.FileName)
	}
	if doc.Pages < 9 || doc.Pages > 14 {
		t.Errorf("%d pages, want about 12", doc.Pages)
	}
	if len(doc.Questions) < 8 {
		t.Errorf("%d questions: %v", len(doc.Questions), doc.Questions)
	}
	for _, q := range doc.Questions {
		if _, err := dsl.Compile(q, mustVocab(t, eng)); err != nil {
			t.Errorf("question %q does not compile again: %v", q, err)
		}
	}
	golden(t, "dossier-demo-cariplo.golden", doc.outline)
	// The same day, another hour: the same bytes.
	again := dossier(t, eng, "dossier target=anziani-soli area=municipio-9 template=cariplo", Options{Now: fixedNow.Add(3*time.Hour + 17*time.Second)})
	if !bytes.Equal(doc.PDF, again.PDF) {
		t.Error("the same dossier on the same day gave two different PDFs")
	}
	checkPDF(t, doc, []string{
		"1. Il territorio di riferimento", "2. Fotografia quantitativa del target", "3. Dove vive il target",
		"4. I servizi esistenti e la loro saturazione", "5. I bisogni non coperti", "6. Stima dei beneficiari",
		"7. Punti di forza e punti di debolezza", "8. Risorse e attori coinvolti", "9. Indicatori di base per il monitoraggio", "Appendice — Fonti e metodo",
		"città", "più", "pesa meno che nella media cittadina", "DATI SINTETICI", fmt.Sprintf("Pagina 1 di %d", doc.Pages), fmt.Sprintf("Pagina %d di %d", doc.Pages, doc.Pages), "anziani soli",
	})
	checkDrawn(t, doc)
	checkFilled(t, doc)
	if !bytes.Equal(doc.DOCX, again.DOCX) {
		t.Error("the same dossier on the same day gave two different DOCX files")
	}
	checkDOCX(t, doc)
}

// checkDOCX opens the editable document and reads it back: every heading
// of the PDF is a heading of the same level, every paragraph and list item
// of the PDF is a paragraph, every table of the PDF is a table (with the
// names whole), and the writer's boxes are there to fill in.
func checkDOCX(t *testing.T, doc *Document) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(doc.DOCX), int64(len(doc.DOCX)))
	if err != nil {
		t.Fatalf("DOCX: %v", err)
	}
	var body string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r)
			r.Close()
			body = string(b)
		}
	}
	if body == "" {
		t.Fatal("DOCX without word/document.xml")
	}
	type para struct{ style, text string }
	var paras []para
	tables := 0
	dec := xml.NewDecoder(strings.NewReader(body))
	var cur *para
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			switch x.Name.Local {
			case "p":
				cur = &para{}
			case "pStyle":
				cur.style = x.Attr[0].Value
			case "tab":
				cur.text += "\t"
			case "tbl":
				tables++
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(x)
			}
		case xml.EndElement:
			if x.Name.Local == "p" {
				paras = append(paras, *cur)
				cur = nil
			}
		}
	}
	has := func(style, text string) bool {
		for _, p := range paras {
			if (style == "*" || p.style == style) && strings.TrimPrefix(p.text, "•\t") == text {
				return true
			}
		}
		return false
	}
	ths := 0
	for _, ln := range strings.Split(doc.outline, "\n") {
		_, rest, _ := strings.Cut(ln, " ")
		kind, text, _ := strings.Cut(rest, ": ")
		switch kind {
		case "h1", "h2":
			if !has("Heading"+kind[1:], text) {
				t.Errorf("DOCX lacks the heading %q", text)
			}
		case "p", "li", "note", "missing":
			if !has("*", text) {
				t.Errorf("DOCX lacks the %s %q", kind, text)
			}
		case "th":
			ths++
		}
	}
	if tables < ths {
		t.Errorf("DOCX has %d tables, the PDF %d", tables, ths)
	}
	if !has("WriterBox", "DA COMPLETARE — liste d'attesa e utenti in carico") {
		t.Error("DOCX lacks the writer's box on waiting lists")
	}
	checkFigures(t, doc)
	md := checkMarkdown(t, doc)
	for _, want := range []string{"> **Messaggi chiave", "> **DA COMPLETARE — liste d'attesa e utenti in carico**"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
}

// checkFilled checks that no page but the cover and the last is left more
// than 60% empty (a forced break, a heading kept with a map that did not
// fit): the share of each page's body written, measured where the page
// ended.
func checkFilled(t *testing.T, doc *Document) {
	t.Helper()
	if len(doc.fills) != doc.Pages {
		t.Fatalf("%d page fills for %d pages", len(doc.fills), doc.Pages)
	}
	for i := 1; i < doc.Pages-1; i++ {
		if doc.fills[i] < 0.4 {
			t.Errorf("%s: page %d is %.0f%% filled, want at least 40%%", doc.FileName, i+1, 100*doc.fills[i])
		}
	}
}

// checkDrawn checks in the page content that the map and the charts are
// drawn (as vector paths: pdfimages lists no images, by design): the map's
// page fills dozens of areas and draws the facilities as circles (Bézier
// curves); a bar chart's page fills a rectangle per bar.
func checkDrawn(t *testing.T, doc *Document) {
	t.Helper()
	pageOf := func(prefix string) string {
		for _, ln := range strings.Split(doc.outline, "\n") {
			if p, rest, ok := strings.Cut(ln, " "); ok && strings.HasPrefix(rest, prefix) {
				return strings.TrimPrefix(p, "p")
			}
		}
		t.Fatalf("the layout has no %q", prefix)
		return ""
	}
	content := func(page string) string {
		in := writeTemp(t, doc)
		out := filepath.Join(t.TempDir(), "page.pdf")
		run(t, "qpdf", "--qdf", "--object-streams=disable", in, "--pages", ".", page, "--", out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	fills := regexp.MustCompile(`(?m)(^| )(b|B|f)\*?$`)
	curves := regexp.MustCompile(`(?m) c$`)
	bars := regexp.MustCompile(`(?m) re f$`)
	m := content(pageOf("map:"))
	if n, c := len(fills.FindAllString(m, -1)), len(curves.FindAllString(m, -1)); n < 40 || c < 40 {
		t.Errorf("map page: %d filled paths and %d curves, want dozens of each", n, c)
	}
	b := content(pageOf("bar:"))
	if n := len(bars.FindAllString(b, -1)); n < 10 {
		t.Errorf("bar chart page: %d filled rectangles, want one per bar (10)", n)
	}
	if out := run(t, "pdfimages", "-list", writeTemp(t, doc)); strings.Count(out, "\n") > 2 {
		t.Logf("pdfimages lists images:\n%s", out)
	}
}

func mustVocab(t testing.TB, eng *engine.Engine) *question.Vocabulary {
	v, err := eng.Vocabulary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkPDF runs the PDF tools on a document: qpdf --check passes, every
// font is embedded, the text layer holds the wanted strings.
func checkPDF(t *testing.T, doc *Document, want []string) string {
	t.Helper()
	path := writeTemp(t, doc)
	if dir := os.Getenv("WI_PDF_OUT"); dir != "" { // keep the PDFs to look at them
		name := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+"-"+doc.FileName)
		if err := os.WriteFile(name, doc.PDF, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(name, ".pdf")+".docx", doc.DOCX, 0o644); err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(name, ".pdf")
		if err := os.WriteFile(base+".md", doc.Markdown(filepath.Base(base)), 0o644); err != nil {
			t.Fatal(err)
		}
		for i, pic := range doc.Figures {
			if err := os.WriteFile(filepath.Join(dir, FigureName(filepath.Base(base), i)), pic, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out := run(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	fonts := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3 {
		t.Errorf("pdffonts lists no font:\n%s", fonts)
	}
	for _, ln := range lines[2:] {
		// name type encoding emb sub uni object ID
		f := strings.Fields(ln)
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", ln)
		}
	}
	text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the text layer lacks %q", w)
		}
	}
	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`Pages:\s+` + fmt.Sprint(doc.Pages) + `\b`).MatchString(info) {
		t.Errorf("pdfinfo disagrees on the pages (%d):\n%s", doc.Pages, info)
	}
	return text
}

func TestFactsheetDemoIsOnePressPage(t *testing.T) {
	eng := demoEngine(t)
	doc := factsheet(t, eng, "factsheet target=anziani-soli area=municipio-9", Options{Role: answers.RoleStaff})
	if doc.Pages != 1 {
		t.Errorf("%d pages, want 1", doc.Pages)
	}
	golden(t, "factsheet-demo.golden", doc.outline)
	text := checkPDF(t, doc, []string{"SCHEDA STAMPA", "DATI SINTETICI", "Fonti:", "Riservatezza:", "arrotondati alla decina"})
	// Press figures: counts rounded to 10.
	if !strings.Contains(doc.outline, "fig: 9.740 — anziani soli nel 2024") {
		t.Errorf("the fact sheet does not show the rounded count 9.740:\n%s", doc.outline)
	}
	_ = text
}

func TestDossierEnglishAndOtherTemplates(t *testing.T) {
	eng := demoEngine(t)
	for _, c := range []struct{ q, want string }{
		{"dossier target=prima-infanzia area=municipio-9", "h2: Rispetto allo standard: Asilo nido"},
		{"dossier target=minori-stranieri area=nil-54 template=fondazione-comunita", "Risorse e attori coinvolti"},
		{"dossier target=anziani area=demo template=cariplo", "map: 88 areas"},
	} {
		doc := dossier(t, eng, c.q, Options{})
		if !strings.Contains(doc.outline, c.want) {
			t.Errorf("%s: no %q in\n%s", c.q, c.want, doc.outline)
		}
		checkPDF(t, doc, []string{"Appendice — Fonti e metodo"})
		checkFilled(t, doc)
	}
	doc := dossier(t, eng, "dossier target=anziani-soli area=municipio-9 template=cariplo", Options{Lang: question.English})
	for _, w := range []string{"1. The territory of reference", "Appendix — Sources and method", "SYNTHETIC DATA", "Q1"} {
		if !strings.Contains(doc.outline, w) {
			t.Errorf("English dossier lacks %q", w)
		}
	}
}

func TestDossierMilano(t *testing.T) {
	eng := milanoEngine(t)
	doc := dossier(t, eng, "dossier target=anziani area=municipio-9 template=cariplo", Options{})
	golden(t, "dossier-milano-cariplo.golden", doc.outline)
	checkFilled(t, doc)
	text := checkPDF(t, doc, []string{"1. Il territorio di riferimento", "Appendice — Fonti e metodo", "Municipio 9"})
	if strings.Contains(text, "DATI SINTETICI") {
		t.Error("the Milan dossier is stamped as synthetic")
	}
}

// TestDossierMilanoFondazione builds the community-foundation dossier and
// the fact sheet on the real Milan data, where names come as the open data
// write them (capitals, doubled quotes, apostrophes for accents).
func TestDossierMilanoFondazione(t *testing.T) {
	eng := milanoEngine(t)
	doc := dossier(t, eng, "dossier target=anziani area=municipio-3 template=fondazione-comunita", Options{})
	golden(t, "dossier-milano-fondazione.golden", doc.outline)
	checkFilled(t, doc)
	text := checkPDF(t, doc, []string{"3. Risorse e attori coinvolti", "Punti di forza", "Punti di debolezza", "DA COMPLETARE", "Città Studi"})
	for _, bad := range []string{"CITTA'", `""`, "Dati non disponibili per la domanda", "(not verified)"} {
		if strings.Contains(text, bad) {
			t.Errorf("the text layer reads %q", bad)
		}
	}
	fs := factsheet(t, eng, "factsheet target=anziani area=municipio-9", Options{})
	if fs.Pages != 1 {
		t.Errorf("Milan fact sheet: %d pages", fs.Pages)
	}
	golden(t, "factsheet-milano.golden", fs.outline)
	checkPDF(t, fs, []string{"SCHEDA STAMPA", "Fonti:"})
}

func TestTemplateErrorsNameFileAndSection(t *testing.T) {
	eng := demoEngine(t)
	dir := t.TempDir()
	bad := `name: rotto
title: {it: Rotto}
sections:
  - id: primo
    heading: {it: Primo}
    ask:
      - id: x
        q: where concentration target={{.Target}} level=nil area={{.Area}}
  - id: secondo
    heading: {it: Secondo}
    ask:
      - id: y
        q: howmuch demnd target={{.Target}}
`
	if err := os.WriteFile(filepath.Join(dir, "rotto.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := compile(t, eng, "dossier target=anziani-soli area=municipio-9").(*question.Dossier)
	_, err := Dossier(context.Background(), eng, plan, Options{Template: "rotto", TemplateDir: dir, Now: fixedNow})
	var te *TemplateError
	if !errors.As(err, &te) || !strings.Contains(te.File, "rotto.yaml") || !strings.Contains(te.Section, "secondo") {
		t.Fatalf("err = %v, want a TemplateError naming rotto.yaml and section secondo", err)
	}
	_, err = Dossier(context.Background(), eng, plan, Options{Template: "nessuno", TemplateDir: dir, Now: fixedNow})
	if !errors.Is(err, ErrUnknownTemplate) || !strings.Contains(err.Error(), "generico, cariplo, fondazione-comunita, rotto") {
		t.Errorf("unknown template: %v", err)
	}
}

func TestUserTemplateOverridesAndMissingData(t *testing.T) {
	eng := demoEngine(t)
	dir := t.TempDir()
	// A user template that asks about a service the catalog lacks: the
	// section says the data are missing, the dossier is still built.
	tpl := `name: generico
title: {it: Il mio modello}
sections:
  - id: uno
    heading: {it: "Nidi a {{.AreaName}}"}
    ask:
      - id: nidi
        q: howmuch capacity service=ludoteca area={{.Area}}
      - id: domanda
        q: howmuch demand target={{.Target}} area={{.Area}}
    blocks:
      - text: {it: "Posti: {{num (fact \"nidi\" \"capacity\")}}."}
      - text: {it: "Persone: {{num (fact \"domanda\" \"count\")}}."}
`
	if err := os.WriteFile(filepath.Join(dir, "generico.yaml"), []byte(tpl), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := dossier(t, eng, "dossier target=prima-infanzia area=municipio-9", Options{TemplateDir: dir})
	// The figure is the engine's published one for the dossier's role (grant).
	q := "howmuch demand target=prima-infanzia area=municipio-9"
	ref, err := eng.Exec(context.Background(), engine.Request{Question: q, Plan: compile(t, eng, q), Role: answers.RoleGrant})
	if err != nil {
		t.Fatal(err)
	}
	persone := "p: Persone: " + question.FormatInt(ref.Facts["count"].(int64), question.Italian) + ". [D2]"
	for _, w := range []string{"h1: Nidi a Municipio 9", "missing: I dati per misurare i posti di ludoteca non sono disponibili nel catalogo (domanda D1", "servizio sconosciuto", persone} {
		if !strings.Contains(doc.outline, w) {
			t.Errorf("outline lacks %q:\n%s", w, doc.outline)
		}
	}
}

func TestBuiltinTemplatesLoad(t *testing.T) {
	names, err := Templates("")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != strings.Join(question.Templates, ",") {
		t.Errorf("built-in templates %v, question.Templates %v", names, question.Templates)
	}
	for _, n := range append(names, factsheetTemplate) {
		if _, err := LoadTemplate(n, ""); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func BenchmarkDossier(b *testing.B) {
	eng := demoEngine(b)
	plan := compile(b, eng, "dossier target=anziani-soli area=municipio-9 template=cariplo").(*question.Dossier)
	ctx := context.Background()
	if _, err := Dossier(ctx, eng, plan, Options{Now: fixedNow}); err != nil { // warm the engine
		b.Fatal(err)
	}
	var pages int
	for b.Loop() {
		doc, err := Dossier(ctx, eng, plan, Options{Now: fixedNow})
		if err != nil {
			b.Fatal(err)
		}
		pages = doc.Pages
	}
	b.ReportMetric(float64(pages), "pages")
}

// TestDossierNarrativeFollowsTheData builds the cariplo dossier for every
// municipio of the demo city and reads the sentence that motivates the
// territory: it says the target is more present only where its share of
// the residents is higher than the city's, and less present where it is
// lower, as the comparison the dossier cites (D2) has it; no dossier claims
// the target "concentrates" where it does not, nor prints 0 beneficiaries.
func TestDossierNarrativeFollowsTheData(t *testing.T) {
	eng := demoEngine(t)
	v := mustVocab(t, eng)
	more, less, placed := 0, 0, 0
	for _, a := range v.Areas {
		if a.Level != question.LevelMunicipio {
			continue
		}
		q := "compare area=" + a.Slug + "," + v.CityArea + " target=anziani-soli"
		res, err := eng.Exec(context.Background(), engine.Request{Question: q, Plan: compile(t, eng, q), Role: answers.RoleGrant})
		if err != nil {
			t.Fatal(err)
		}
		share := map[string]float64{}
		for _, row := range res.Rows {
			id, _ := row[0].Raw().(string)
			for i, c := range res.Columns {
				if c.Name == "population_share" {
					share[id], _ = row[i].Raw().(float64)
				}
			}
		}
		doc := dossier(t, eng, "dossier target=anziani-soli area="+a.Slug+" template=cariplo", Options{})
		text := doc.outline
		areaPct, cityPct := question.FormatPercent(share[a.Slug], question.Italian), question.FormatPercent(share[v.CityArea], question.Italian)
		switch {
		case areaPct == cityPct:
			if !strings.Contains(text, "la stessa quota della città") {
				t.Errorf("%s (%s, city %s): the dossier does not say the share is the city's", a.Slug, areaPct, cityPct)
			}
		case share[a.Slug] > share[v.CityArea]:
			more++
			if !strings.Contains(text, "vi è più presente che nella media cittadina") || strings.Contains(text, "pesa meno") {
				t.Errorf("%s (%s, city %s): the dossier does not say the target is more present", a.Slug, areaPct, cityPct)
			}
		default:
			less++
			if !strings.Contains(text, "pesa meno che nella media cittadina") || strings.Contains(text, "vi è più presente") {
				t.Errorf("%s (%s, city %s): the dossier does not say the target weighs less", a.Slug, areaPct, cityPct)
			}
		}
		// The key messages up front place the area as the figures do.
		switch {
		case areaPct == cityPct:
		case share[a.Slug] > share[v.CityArea]:
			if !strings.Contains(text, "dei residenti: più che in città ("+cityPct+")") {
				t.Errorf("%s: the key messages do not say the target weighs more than in the city", a.Slug)
			}
		default:
			if !strings.Contains(text, "dei residenti: meno che in città ("+cityPct+")") {
				t.Errorf("%s: the key messages do not say the target weighs less than in the city", a.Slug)
			}
		}
		uq := "where underserved target=anziani-soli radius=800m area=" + a.Slug + " level=nil"
		ures, err := eng.Exec(context.Background(), engine.Request{Question: uq, Plan: compile(t, eng, uq), Role: answers.RoleGrant})
		if err != nil {
			t.Fatal(err)
		}
		u, uok := ures.Facts["unserved_share"].(float64)
		c, cok := ures.Facts["city_unserved_share"].(float64)
		if uok && cok {
			placed++
			up, cp := question.FormatPercent(u, question.Italian), question.FormatPercent(c, question.Italian)
			want := "entro 800 m, quanto in città"
			switch {
			case up == cp:
			case u > c:
				want = "(" + up + ") non hanno un servizio dedicato entro 800 m, più che in città (" + cp + ")"
			default:
				want = "(" + up + ") non hanno un servizio dedicato entro 800 m, meno che in città (" + cp + ")"
			}
			if !strings.Contains(text, want) {
				t.Errorf("%s (unserved %s, city %s): the key messages lack %q", a.Slug, up, cp, want)
			}
		}
		for _, bad := range []string{"vi si concentra", "le 0 persone", "0 — senza un servizio", "(beneficiari diretti)\n0"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: the dossier reads %q", a.Slug, bad)
			}
		}
	}
	if more == 0 || less == 0 {
		t.Errorf("%d municipi with the target more present, %d less: the test needs both", more, less)
	}
	if placed == 0 {
		t.Error("no municipio's unserved share was checked against the key messages")
	}
}
