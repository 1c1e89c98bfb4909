package pdf

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkFigures reads the DOCX's pictures back: every figure of the
// document is a word/media PNG that decodes, has an image relationship and
// is drawn inline by it after a caption citing its question; the package
// declares PNG. LibreOffice converts the document to PDF with the
// pictures in it.
func checkFigures(t *testing.T, doc *Document) {
	t.Helper()
	if len(doc.Figures) == 0 {
		t.Fatal("the document has no figures")
	}
	z, err := zip.NewReader(bytes.NewReader(doc.DOCX), int64(len(doc.DOCX)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	if !strings.Contains(string(files["[Content_Types].xml"]), `Extension="png" ContentType="image/png"`) {
		t.Error("[Content_Types].xml does not declare PNG")
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(files["word/_rels/document.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/relationships/image") {
			targets[r.ID] = "word/" + r.Target
		}
	}
	body := string(files["word/document.xml"])
	embeds := regexp.MustCompile(`r:embed="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(embeds) != len(doc.Figures) {
		t.Errorf("document.xml draws %d pictures, the document has %d figures", len(embeds), len(doc.Figures))
	}
	for i, e := range embeds {
		name, ok := targets[e[1]]
		if !ok {
			t.Errorf("picture %s has no image relationship", e[1])
			continue
		}
		img, err := png.Decode(bytes.NewReader(files[name]))
		if err != nil {
			t.Errorf("%s does not decode as PNG: %v", name, err)
			continue
		}
		if img.Bounds().Dx() < 600 {
			t.Errorf("%s is %d pixels wide, too small to print", name, img.Bounds().Dx())
		}
		if i < len(doc.Figures) && !bytes.Equal(files[name], doc.Figures[i]) {
			t.Errorf("%s is not figure %d", name, i+1)
		}
	}
	media := 0
	for name := range files {
		if strings.HasPrefix(name, "word/media/") {
			media++
		}
	}
	if media != len(doc.Figures) {
		t.Errorf("%d files in word/media, %d figures", media, len(doc.Figures))
	}
	caption := regexp.MustCompile(`<w:pStyle w:val="Caption"/></w:pPr><w:r><w:t xml:space="preserve">(Figura|Figure) \d+ — [^<]*\[(D|Q)\d+\]</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Figure"/>`)
	if n := len(caption.FindAllString(body, -1)); n != len(doc.Figures) {
		t.Errorf("%d figures have a caption citing their question, want %d", n, len(doc.Figures))
	}
	soffice(t, doc.DOCX, len(doc.Figures))
}

// soffice converts a DOCX to PDF with LibreOffice headless and checks the
// PDF has the pictures; it skips where LibreOffice is not installed (never
// in CI).
func soffice(t *testing.T, docx []byte, images int) {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		msg := "soffice is not installed (Debian: apt-get install libreoffice-writer-nogui)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI must install it")
		}
		t.Log(msg + ": the LibreOffice conversion is not checked")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "dossier.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdfPath := filepath.Join(dir, "dossier.pdf")
	if st, err := os.Stat(pdfPath); err != nil || st.Size() == 0 {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	out := run(t, "pdfimages", "-list", pdfPath)
	if n := strings.Count(strings.TrimSpace(out), "\n") - 1; n < images {
		t.Errorf("LibreOffice's PDF has %d images, want %d:\n%s", n, images, out)
	}
}

// checkMarkdown writes the Markdown and its figures as the CLI does and
// reads them back: the headings of the PDF are headings, its tables are
// pipe tables, the key messages a block quote, the writer's places marked,
// and every figure a link to a PNG file beside it that decodes, after its
// caption.
func checkMarkdown(t *testing.T, doc *Document) string {
	t.Helper()
	dir := t.TempDir()
	base := "dossier"
	md := string(doc.Markdown(base))
	if err := os.WriteFile(filepath.Join(dir, base+".md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, pic := range doc.Figures {
		if err := os.WriteFile(filepath.Join(dir, FigureName(base, i)), pic, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(md, figToken) {
		t.Error("the Markdown still has the figures' placeholder")
	}
	lines := strings.Split(md, "\n")
	headings := map[string]bool{}
	for _, ln := range lines {
		if m := regexp.MustCompile(`^(#{1,4}) (.*)$`).FindStringSubmatch(ln); m != nil {
			headings[strings.ReplaceAll(m[2], `\`, "")] = true
		}
	}
	ths := 0
	for _, ln := range strings.Split(doc.outline, "\n") {
		_, rest, _ := strings.Cut(ln, " ")
		kind, text, _ := strings.Cut(rest, ": ")
		switch kind {
		case "h1", "h2":
			if !headings[text] {
				t.Errorf("the Markdown lacks the heading %q", text)
			}
		case "th":
			ths++
		}
	}
	tables := 0
	for i := 1; i < len(lines); i++ {
		if regexp.MustCompile(`^\|( -{3,}:? \|)+$`).MatchString(lines[i]) && strings.HasPrefix(lines[i-1], "| ") {
			tables++
		}
	}
	if tables < ths {
		t.Errorf("the Markdown has %d tables, the PDF %d", tables, ths)
	}
	images := regexp.MustCompile(`(?m)^\*\*(Figura|Figure) (\d+) — .*\[(D|Q)\d+\]\*\*\n\n!\[[^\]]+\]\(([^)]+)\)$`).FindAllStringSubmatch(md, -1)
	if len(images) != len(doc.Figures) {
		t.Errorf("%d figures with a caption and a link, want %d", len(images), len(doc.Figures))
	}
	for _, m := range images {
		f, err := os.Open(filepath.Join(dir, m[4]))
		if err != nil {
			t.Errorf("figure %s: %v", m[2], err)
			continue
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("figure %s (%s) does not decode: %v", m[2], m[4], err)
		}
		f.Close()
	}
	return md
}
